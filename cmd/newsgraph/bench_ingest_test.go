package main

import (
	"context"
	"runtime"
	"testing"

	"github.com/newsgraph/newsgraph/internal/shared"
	"github.com/newsgraph/newsgraph/internal/store"
)

// BenchmarkIngestNewsCorpus ingests ../shared/data/news-corpus (both files,
// ~10,900 documents) with NLP stages off into a fresh SQLite database per
// iteration, with one worker at -cpu 1 and GOMAXPROCS workers otherwise.
// It reports documents and MB of input per second, by wall clock and per
// CPU-second (the fair figure on a shared machine). The same measurement
// is `newsgraph bench ingest`.
func BenchmarkIngestNewsCorpus(b *testing.B) {
	sources := []string{
		shared.Require(b, "data", "news-corpus", "reuters21578.jsonl"),
		shared.Require(b, "data", "news-corpus", "bbc.jsonl"),
	}
	workers := 0
	if runtime.GOMAXPROCS(0) == 1 {
		workers = 1
	}
	dir := b.TempDir()
	var docs, bytes int
	var wall, cpu float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := benchIngestOnce(context.Background(), dir, sources, []string{"stories"}, workers, store.DefaultBatch)
		if err != nil {
			b.Fatal(err)
		}
		docs += r.Summary.Counts.Seen
		bytes += r.Summary.Counts.InputBytes
		wall += r.Wall.Seconds()
		cpu += r.CPU.Seconds()
	}
	b.ReportMetric(float64(docs)/wall, "docs/s")
	b.ReportMetric(float64(bytes)/1e6/wall, "MB/s")
	b.ReportMetric(float64(docs)/cpu, "docs/cpu_s")
	b.ReportMetric(float64(bytes)/1e6/cpu, "MB/cpu_s")
}
