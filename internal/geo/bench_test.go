package geo

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/shared"
)

// BenchmarkPlaces measures end-to-end geoparsing throughput on one core
// over the dev texts (b.SetBytes makes `go test -bench` print MB/s).
func BenchmarkPlaces(b *testing.B) {
	docs := devTexts(b)
	gp, err := New()
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, d := range docs {
		n += len(d.Text)
	}
	b.SetBytes(int64(n))
	b.ResetTimer()
	c0 := cpuSeconds()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			gp.Places(doc.New(d.ID, d.Text), nil)
		}
	}
	// On a shared machine wall time undercounts; MB per CPU second is the
	// per-core figure.
	b.ReportMetric(float64(n*b.N)/1e6/(cpuSeconds()-c0), "MB/cpu-s")
}

type devDoc struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// devTexts reads the texts of the geoparse dev split (not its answers).
func devTexts(b *testing.B) []devDoc {
	f, err := os.Open(shared.Require(b, "data", "geoparse", "dev.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var docs []devDoc
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var d devDoc
		if json.Unmarshal(sc.Bytes(), &d) == nil {
			docs = append(docs, d)
		}
	}
	return docs
}
