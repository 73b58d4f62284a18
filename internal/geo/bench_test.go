package geo

import (
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/eval"
	"github.com/newsgraph/newsgraph/internal/shared"
)

// BenchmarkPlaces measures end-to-end geoparsing throughput on one core
// over the dev texts (b.SetBytes makes `go test -bench` print MB/s).
func BenchmarkPlaces(b *testing.B) {
	docs, err := eval.LoadGeo(shared.Require(b, "data", "geoparse", "dev.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
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
