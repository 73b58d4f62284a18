package extract

import (
	"context"
	"html"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/eval"
	"github.com/newsgraph/newsgraph/internal/shared"
	"github.com/newsgraph/newsgraph/internal/text"
)

// wordSpans returns the spans of the whitespace-separated words of s.
func wordSpans(s string) []text.Span {
	var out []text.Span
	start := -1
	for i, r := range s + " " {
		sp := unicode.IsSpace(r) || i == len(s)
		if !sp && start < 0 {
			start = i
		} else if sp && start >= 0 {
			out = append(out, text.Span{Start: start, End: i})
			start = -1
		}
	}
	return out
}

var reTag = regexp.MustCompile(`<[^>]*>`)

// checkMap checks that the words of the extracted text map back into raw,
// in order, and counts those that land on the same word (after dropping tags
// inside the span and decoding character references).
func checkMap(t *testing.T, name, raw string, p *Page) (exact, words int) {
	t.Helper()
	ws := wordSpans(p.Text)
	prev := -1
	for _, w := range ws {
		src := p.Map.SpanToSource(w)
		if !src.Valid(len(raw)) || src.Start < prev {
			t.Fatalf("%s: word %q %v maps to %v, outside raw or backwards (prev %d)", name, p.Text[w.Start:w.End], w, src, prev)
		}
		prev = src.Start
		if html.UnescapeString(reTag.ReplaceAllString(raw[src.Start:src.End], "")) == p.Text[w.Start:w.End] {
			exact++
		}
	}
	return exact, len(ws)
}

func TestExtractHTMLExample(t *testing.T) {
	raw, err := os.ReadFile("../../examples/04-flood-relief.html")
	if err != nil {
		t.Fatal(err)
	}
	p, err := ExtractHTML(string(raw), DefaultHTMLOptions)
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Flood relief reaches cut-off villages in Sylhet" || p.Author != "Rafiq Hossain" || p.Site != "The Daily Ledger" ||
		p.Published.Format("2006-01-02") != "2024-06-21" {
		t.Errorf("metadata title=%q author=%q site=%q published=%v", p.Title, p.Author, p.Site, p.Published)
	}
	for _, junk := range []string{"Most read", "All rights reserved", "Privacy"} {
		if strings.Contains(p.Text, junk) {
			t.Errorf("boilerplate %q in main text", junk)
		}
	}
	// The quotation's &ldquo; references decode to curly quotes.
	i := strings.Index(p.Text, "“The water")
	if i < 0 {
		t.Fatalf("quotation missing from %q", p.Text)
	}
	src := p.Map.SpanToSource(text.Span{Start: i, End: i + len("“The water")})
	if got := string(raw[src.Start:src.End]); got != "&ldquo;The water" {
		t.Errorf("quote maps to %q", got)
	}
	// Every word maps back to itself.
	if e, n := checkMap(t, "example", string(raw), p); e != n || n < 100 {
		t.Errorf("%d of %d words map back exactly", e, n)
	}
	// A word in the middle maps byte for byte.
	j := strings.Index(p.Text, "Surma")
	if s := p.Map.SpanToSource(text.Span{Start: j, End: j + 5}); string(raw[s.Start:s.End]) != "Surma" {
		t.Errorf("Surma maps to %q", raw[s.Start:s.End])
	}
}

// TestStageHTML: the stage sets Text once, its map, the page metadata, and
// keeps an input publication date.
func TestStageHTML(t *testing.T) {
	raw, err := os.ReadFile("../../examples/08-wildfire.html")
	if err != nil {
		t.Fatal(err)
	}
	d := doc.New("w", "")
	d.RawHTML = string(raw)
	st := &Stage{HTML: DefaultHTMLOptions}
	if err := st.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if d.Text == "" || d.TextMap == nil || len(d.Stories) != 1 || d.Meta.Published != "2025-07-29" || d.Meta.PublishedSource != "page" || d.Meta.Language != "en" {
		t.Fatalf("doc %+v meta %+v stories %d", d.TextMap == nil, d.Meta, len(d.Stories))
	}
	s := d.Stories[0]
	if strings.Contains(s.Text, "Advertisement") || len(s.Credits) != 1 || s.Credits[0].Kind != CreditBoilerplate {
		t.Errorf("boilerplate line: credits %+v", s.Credits)
	}
	if strings.HasPrefix(s.Text, "Wildfire forces") || s.Headline == nil {
		t.Errorf("title line should be the headline, not story text: %q", s.Text[:40])
	}
	if !d.Has(doc.LayerStories) {
		t.Error("stories layer not marked")
	}
	d2 := doc.New("w", "")
	d2.RawHTML = string(raw)
	d2.Meta.Published, d2.Meta.PublishedSource = "2025-08-01", "input"
	st.Process(context.Background(), d2)
	if d2.Meta.Published != "2025-08-01" || d2.Meta.PublishedSource != "input" {
		t.Errorf("input date overwritten: %+v", d2.Meta)
	}
	// A page with no main text is a diagnostic, not an error.
	d3 := doc.New("e", "")
	d3.RawHTML = "<html><body></body></html>"
	if err := st.Process(context.Background(), d3); err != nil || len(d3.Diagnostics) != 1 || len(d3.Stories) != 0 {
		t.Errorf("empty page: err %v diags %+v", err, d3.Diagnostics)
	}
}

// TestOffsetMapDev checks the map on real pages: nearly every extracted word
// maps back onto the same word in the raw HTML.
func TestOffsetMapDev(t *testing.T) {
	pages, err := eval.LoadExtractData(shared.Require(t, "data", "article-extraction", "dev"))
	if err != nil {
		t.Fatal(err)
	}
	exact, words := 0, 0
	for i, pg := range pages {
		if i%4 != 0 { // a sample keeps the test quick
			continue
		}
		p, err := ExtractHTML(pg.HTML, DefaultHTMLOptions)
		if err != nil {
			continue
		}
		e, n := checkMap(t, pg.ID[:12], pg.HTML, p)
		exact, words = exact+e, words+n
	}
	// Text trafilatura takes from scripts (JSON-LD, page data) is not in
	// the indexed markup and maps near, not onto, its source.
	t.Logf("%d of %d words map back onto the same word", exact, words)
	if float64(exact) < 0.95*float64(words) {
		t.Errorf("only %d of %d words map back exactly", exact, words)
	}
}
