package ingest

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/shared"
)

// TestNewsCorpus reads the shared news corpus JSONL: every line becomes a
// document (no failures), ids are the corpus ids, Reuters dates become
// Published, and the exact duplicates the README announces show up as equal
// content hashes.
func TestNewsCorpus(t *testing.T) {
	dir := shared.Require(t, "data", "news-corpus")
	cases := []struct {
		file              string
		docs, raw, folded int
		dated             int
	}{
		// One Reuters story has an unreadable date in the source (null).
		{"reuters21578.jsonl", 9818, 66, 72, 9817},
		{"bbc.jsonl", 1065, 29, 30, 0},
	}
	for _, c := range cases {
		s, err := Open(context.Background(), filepath.Join(dir, c.file), Options{})
		if err != nil {
			t.Fatal(err)
		}
		seen, seenFolded := map[string]bool{}, map[string]bool{}
		n, raw, folded, dated := 0, 0, 0, 0
		for {
			r, err := s.Next(context.Background())
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Err != nil {
				t.Errorf("%v", r.Err)
				continue
			}
			n++
			if r.Published != "" {
				dated++
			}
			// ContentHash finds byte-identical copies; the README counts
			// copies up to whitespace (what extract's dedup key folds).
			if seen[r.ContentHash] {
				raw++
			}
			seen[r.ContentHash] = true
			f := Hash([]byte(strings.Join(strings.Fields(string(r.Body)), " ")))
			if seenFolded[f] {
				folded++
			}
			seenFolded[f] = true
		}
		s.Close()
		if n != c.docs {
			t.Errorf("%s: %d docs, want %d", c.file, n, c.docs)
		}
		if raw != c.raw || folded != c.folded {
			t.Errorf("%s: %d byte-identical and %d whitespace-folded duplicates, want %d and %d", c.file, raw, folded, c.raw, c.folded)
		}
		if dated != c.dated {
			t.Errorf("%s: %d of %d dated", c.file, dated, n)
		}
	}
}

// BenchmarkNewsCorpusJSONL reads both news corpus files and makes each
// document's Doc: the ingest share of `newsgraph ingest` with NLP off.
// Reported as docs/s and MB/s (b.SetBytes), and per CPU-second.
func BenchmarkNewsCorpusJSONL(b *testing.B) {
	dir := shared.Require(b, "data", "news-corpus")
	files := []string{filepath.Join(dir, "reuters21578.jsonl"), filepath.Join(dir, "bbc.jsonl")}
	var size int64
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			b.Fatal(err)
		}
		size += st.Size()
	}
	b.SetBytes(size)
	b.ReportAllocs()
	docs := 0
	var elapsed, cpu time.Duration
	for b.Loop() {
		start, cpu0 := time.Now(), cpuTime()
		s := OpenAll(context.Background(), files, Options{})
		for {
			r, err := s.Next(context.Background())
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			if r.Err != nil {
				b.Fatal(r.Err)
			}
			if _, err := r.Doc(); err != nil {
				b.Fatal(err)
			}
			docs++
		}
		s.Close()
		elapsed += time.Since(start)
		cpu += cpuTime() - cpu0
	}
	b.ReportMetric(float64(docs)/elapsed.Seconds(), "docs/s")
	if cpu > 0 {
		// Per CPU-second: what one core does when it is not shared.
		b.ReportMetric(float64(docs)/cpu.Seconds(), "docs/cpu-s")
		b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
	}
}

// BenchmarkWARCExcerpt reads the Common Crawl excerpt (gzip per record,
// HTTP headers stripped, charset left to Doc) and makes each Doc.
func BenchmarkWARCExcerpt(b *testing.B) {
	p := filepath.Join(shared.Require(b, "data", "warc-sample"), "cc-main-2020-34-excerpt.warc.gz")
	st, err := os.Stat(p)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	docs := 0
	cpu0 := cpuTime()
	for b.Loop() {
		s, err := Open(context.Background(), p, Options{})
		if err != nil {
			b.Fatal(err)
		}
		for {
			r, err := s.Next(context.Background())
			if err == io.EOF {
				break
			}
			if err != nil || r.Err != nil {
				b.Fatal(err, r.Err)
			}
			if _, err := r.Doc(); err != nil {
				b.Fatal(err)
			}
			docs++
		}
		s.Close()
	}
	b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(docs)/cpu.Seconds(), "docs/cpu-s")
	}
}
