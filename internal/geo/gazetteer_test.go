package geo

import (
	"runtime"
	"testing"
	"time"
)

func TestLoadDefault(t *testing.T) {
	t0 := time.Now()
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d entries, %d names, loaded in %v", g.Len(), g.names.len(), time.Since(t0))
	cases := []struct {
		name string
		id   int64
		cc   string
	}{
		{"Xian", 1790630, "CN"},
		{"西安", 1790630, "CN"},
		{"Taipei", 1668341, "TW"},
		{"臺北市", 1668341, "TW"},
		{"United States", 6252001, "US"},
		{"U.S.", 6252001, "US"},
		{"Shaanxi", 1796480, "CN"},
	}
	for _, c := range cases {
		found := false
		for _, e := range g.Lookup(c.name) {
			if e.ID == c.id && e.Country == c.cc {
				found = true
			}
		}
		if !found {
			t.Errorf("Lookup(%q): no entry %d", c.name, c.id)
		}
	}
	if len(g.Lookup("Spratly Islands")) == 0 || len(g.Lookup("南沙群島")) == 0 || len(g.Lookup("South China Sea")) == 0 {
		t.Error("curated features missing")
	}
}

func BenchmarkLoad(b *testing.B) {
	c0 := cpuSeconds()
	for i := 0; i < b.N; i++ {
		if _, err := Load(bytesReader()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuSeconds()-c0)*1000/float64(b.N), "cpu-ms/load")
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heapMB")
}
