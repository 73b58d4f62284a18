package cluster

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
)

func TestReadLookup(t *testing.T) {
	tab, err := Read(strings.NewReader("#header\nparis\t3\t17\t900\nthe\t0\t0\t0\nzürich\t3\t18\t901\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		w          string
		a, b, want int32
	}{
		{"Paris", 3, 17, 900}, {"PARIS", 3, 17, 900}, {"paris", 3, 17, 900},
		{"Zürich", 3, 18, 901}, {"the", 0, 0, 0}, {"Nowhere", -1, -1, -1}, {"", -1, -1, -1},
		{strings.Repeat("A", 100), -1, -1, -1},
	} {
		a, b, d := tab.Lookup(c.w)
		if a != c.a || b != c.b || d != c.want {
			t.Errorf("Lookup(%q) = %d %d %d, want %d %d %d", c.w, a, b, d, c.a, c.b, c.want)
		}
	}
	if b := tab.RankBucket("the"); b != 2 { // rank 2 in this table
		t.Errorf("RankBucket(the) = %d", b)
	}
	if b := tab.RankBucket("nowhere"); b != 0 {
		t.Errorf("RankBucket(unknown) = %d", b)
	}
	if p, b := tab.PackedRank("PARIS"); p != 3|17<<8|900<<16 || b != 1 {
		t.Errorf("PackedRank(PARIS) = %x %d", p, b)
	}
	var nilTab *Table
	if a, _, _ := nilTab.Lookup("x"); a != -1 {
		t.Error("nil table")
	}
}

func TestDefault(t *testing.T) {
	tab, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() < 100000 {
		t.Fatalf("table has %d words", tab.Len())
	}
	// Words used alike share a fine cluster more often than not; at least the
	// coarse clusters must agree for close pairs and differ for far ones.
	_, m1, _ := tab.Lookup("Monday")
	_, m2, _ := tab.Lookup("tuesday")
	_, m3, _ := tab.Lookup("banana")
	if m1 < 0 || m1 != m2 || m1 == m3 {
		t.Errorf("monday %d tuesday %d banana %d", m1, m2, m3)
	}
}

func TestDecodeBad(t *testing.T) {
	for _, in := range []string{"", "word\t1\n", "w\t1\t2\tx\n", "w\t999\t1\t1\n", "w\t1\t1\t1024\n"} {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(in))
		zw.Close()
		if _, err := Decode(b.Bytes()); err == nil {
			t.Errorf("Decode(%q): no error", in)
		}
	}
	if _, err := Decode([]byte("not gzip")); err == nil {
		t.Error("not gzip: no error")
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte("a\t1\t2\t3\n"))
	f.Add([]byte("#x\n\nb\t0\t0\t1023\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(in)
		zw.Close()
		tab, err := Decode(b.Bytes())
		if err == nil {
			tab.Lookup("a")
		}
		Decode(in)
	})
}

func BenchmarkLookup(b *testing.B) {
	tab, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	words := []string{"The", "government", "said", "on", "Tuesday", "that", "Xinhua", "reported", "ZÜRICH", "unknownwordxyz"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		tab.Lookup(words[i%len(words)])
	}
}

// BenchmarkDecodeDefault measures loading the embedded table.
func BenchmarkDecodeDefault(b *testing.B) {
	for b.Loop() {
		if _, err := Decode(clustersTable()); err != nil {
			b.Fatal(err)
		}
	}
}
