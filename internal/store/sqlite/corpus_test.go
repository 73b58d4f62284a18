package sqlite

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/shared"
	"github.com/newsgraph/newsgraph/internal/store"
)

// readCorpus reads a news-corpus JSONL file as Docs (no stages run: each
// document is one implicit story keyed by the store's own dedup keys).
func readCorpus(tb testing.TB, name string) []*doc.Doc {
	tb.Helper()
	path := shared.Require(tb, "data", "news-corpus", name)
	ctx := context.Background()
	src, err := ingest.Open(ctx, path, ingest.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	defer src.Close()
	var docs []*doc.Doc
	for {
		r, err := src.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		if r.Err != nil {
			continue // reported by ingest's own tests
		}
		d, err := r.Doc()
		if err != nil {
			continue
		}
		docs = append(docs, d)
	}
	return docs
}

// TestNewsCorpusDuplicates checks that every group of documents in the news
// corpus whose texts are equal up to whitespace — the corpus README's count
// of duplicate texts: Reuters dev 72, BBC dev 30 — ends up in one duplicate
// cluster, and logs what else the store links.
func TestNewsCorpusDuplicates(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the news corpus")
	}
	for _, tc := range []struct {
		file   string
		readme int
	}{{"reuters21578.jsonl", 72}, {"bbc.jsonl", 30}} {
		t.Run(tc.file, func(t *testing.T) {
			docs := readCorpus(t, tc.file)
			ctx := context.Background()
			db, err := Open(ctx, filepath.Join(t.TempDir(), "c.db"), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			run, _ := db.BeginRun(ctx, store.RunInfo{})
			var total store.PutResult
			for i := 0; i < len(docs); i += store.DefaultBatch {
				r, err := db.Put(ctx, run, docs[i:min(i+store.DefaultBatch, len(docs))])
				if err != nil {
					t.Fatal(err)
				}
				total.Stored += r.Stored
				total.ExactDups += r.ExactDups
				total.NearDups += r.NearDups
			}
			if total.Stored != len(docs) {
				t.Fatalf("stored %d of %d", total.Stored, len(docs))
			}
			// Whitespace-folded groups, as the README counts them.
			groups := map[string][]string{}
			for _, d := range docs {
				k := strings.Join(strings.Fields(d.Text), " ")
				groups[k] = append(groups[k], d.ID)
			}
			extra := 0
			clusterOf := map[string]int64{}
			rows, err := db.r.Query(`SELECT d.doc_id, s.cluster FROM stories s JOIN documents d ON d.id = s.document`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id string
				var c int64
				rows.Scan(&id, &c)
				clusterOf[id] = c
			}
			rows.Close()
			for _, ids := range groups {
				if len(ids) < 2 {
					continue
				}
				extra += len(ids) - 1
				for _, id := range ids[1:] {
					if clusterOf[id] != clusterOf[ids[0]] {
						t.Errorf("documents %s and %s have the same text but are not one cluster", ids[0], id)
					}
				}
			}
			if extra != tc.readme {
				t.Errorf("%d whitespace-equal copies in the corpus, the README says %d", extra, tc.readme)
			}
			if total.ExactDups < extra {
				t.Errorf("store found %d exact copies, fewer than the %d whitespace-equal ones", total.ExactDups, extra)
			}
			t.Logf("%s: %d documents; %d whitespace-equal copies (README %d); store: %d exact copies (case and punctuation folded), %d near copies",
				tc.file, len(docs), extra, tc.readme, total.ExactDups, total.NearDups)
		})
	}
}

// BenchmarkPutNewsCorpus measures the store alone: Put of the whole news
// corpus (both files) in batches, no stages. Reports docs/s and MB/s.
func BenchmarkPutNewsCorpus(b *testing.B) {
	docs := append(readCorpus(b, "reuters21578.jsonl"), readCorpus(b, "bbc.jsonl")...)
	var bytes int
	for _, d := range docs {
		bytes += len(d.Text)
	}
	ctx := context.Background()
	dir := b.TempDir()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := Open(ctx, filepath.Join(dir, fmt.Sprintf("b%d.db", i)), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		run, _ := db.BeginRun(ctx, store.RunInfo{})
		b.StartTimer()
		for j := 0; j < len(docs); j += store.DefaultBatch {
			if _, err := db.Put(ctx, run, docs[j:min(j+store.DefaultBatch, len(docs))]); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	sec := b.Elapsed().Seconds() / float64(b.N)
	// CPU time as well: wall time on a shared machine measures the others.
	cpu := (cpuTime() - cpu0).Seconds() / float64(b.N)
	b.ReportMetric(float64(len(docs))/sec, "docs/s")
	b.ReportMetric(float64(bytes)/1e6/sec, "MB/s")
	b.ReportMetric(float64(len(docs))/cpu, "docs/cpu_s")
	b.ReportMetric(float64(bytes)/1e6/cpu, "MB/cpu_s")
}

// cpuTime is the process's user+system CPU time (it includes the untimed
// open and close, so docs/cpu_s errs low).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
