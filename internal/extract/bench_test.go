package extract

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/eval"
	"github.com/newsgraph/newsgraph/internal/shared"
)

// BenchmarkExtractHTML runs the stage over the article-extraction dev pages
// (the project's examples when the shared data is absent) and reports
// pages/s and MB/s of raw HTML.
func BenchmarkExtractHTML(b *testing.B) {
	var pages []string
	if ps, err := eval.LoadExtractData(shared.Path("data", "article-extraction", "dev")); err == nil {
		for _, p := range ps {
			pages = append(pages, p.HTML)
		}
	} else {
		files, _ := filepath.Glob("../../examples/*.html")
		for _, f := range files {
			if bs, err := os.ReadFile(f); err == nil {
				pages = append(pages, string(bs))
			}
		}
	}
	if len(pages) == 0 {
		b.Skip("no pages")
	}
	st := &Stage{HTML: DefaultHTMLOptions}
	var bytes int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pages[i%len(pages)]
		bytes += int64(len(p))
		d := doc.New("b", "")
		d.RawHTML = p
		if err := st.Process(context.Background(), d); err != nil {
			b.Fatal(err)
		}
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(b.N)/sec, "pages/s")
	b.ReportMetric(float64(bytes)/sec/1e6, "MB/s")
}

// BenchmarkStoriesText segments, identifies and hashes plain-text stories.
func BenchmarkStoriesText(b *testing.B) {
	files, _ := filepath.Glob("../../examples/*.txt")
	var texts []string
	for _, f := range files {
		if bs, err := os.ReadFile(f); err == nil {
			texts = append(texts, string(bs))
		}
	}
	if len(texts) == 0 {
		b.Skip("no examples")
	}
	var bytes int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t := texts[i%len(texts)]
		bytes += int64(len(t))
		Stories(t)
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(b.N)/sec, "docs/s")
	b.ReportMetric(float64(bytes)/sec/1e6, "MB/s")
}

// BenchmarkStoriesCorpus runs the plain-text path (segmentation, credits,
// language, dedup keys) over news-corpus documents: the work ingest does
// per document with NLP stages off.
func BenchmarkStoriesCorpus(b *testing.B) {
	f, err := os.Open(shared.Path("data", "news-corpus", "reuters21578.jsonl"))
	if err != nil {
		b.Skip("news corpus not available")
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	var texts []string
	for len(texts) < 2000 {
		var r struct{ Text string }
		if dec.Decode(&r) != nil {
			break
		}
		texts = append(texts, r.Text)
	}
	var bytes int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t := texts[i%len(texts)]
		bytes += int64(len(t))
		Stories(t)
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(b.N)/sec, "docs/s")
	b.ReportMetric(float64(bytes)/sec/1e6, "MB/s")
}
