package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/shared"
)

// TestDirectory ingests testdata/corpus: every format, in sorted order,
// with the bad files failing alone.
func TestDirectory(t *testing.T) {
	root := filepath.Join("testdata", "corpus")
	got := openDrain(t, root, Options{})
	type want struct {
		source, id, kind, ctype, title, published, pubSource, url string
		err                                                       error  // errors.Is target
		errText                                                   string // substring of the error
	}
	p := func(s string) string { return filepath.Join(root, s) }
	wants := []want{
		{source: p("01-harbour.txt"), id: StableID(p("01-harbour.txt"), ""), kind: KindText, ctype: TypeText},
		{source: p("02-council.html"), id: StableID(p("02-council.html"), ""), kind: KindHTML, ctype: TypeHTML, title: "Council approves new tram line"},
		{source: p("03-wire.jsonl") + ":1", id: "wire-001", kind: KindJSONL, ctype: TypeText, title: "Early harvest in Orla valley",
			published: "2025-09-12", pubSource: PublishedInput, url: "https://news.example.org/orla-harvest"},
		{source: p("03-wire.jsonl") + ":2", kind: KindJSONL, errText: "malformed JSON"},
		{source: p("03-wire.jsonl") + ":3", id: StableID(p("03-wire.jsonl"), "line:3"), kind: KindJSONL, ctype: TypeHTML, title: "Bridge reopens",
			published: "2025-10-05T08:30:00Z", pubSource: PublishedInput},
		{source: p("04-latin1.txt"), id: StableID(p("04-latin1.txt"), ""), kind: KindText, ctype: TypeText},
		{source: p("05-binary.txt"), kind: KindText, err: ErrBinary},
		{source: p("06-empty.txt"), kind: KindText, err: ErrEmpty},
		{source: p("feeds/city.atom") + "#1", id: "urn:example:cityhall:budget-2025", kind: KindFeed, ctype: TypeHTML, title: "Budget hearing moved to Thursday",
			published: "2025-11-01T16:45:00Z", pubSource: PublishedFeed, url: "https://cityhall.example.net/bulletin/budget-hearing"},
		{source: p("feeds/local.json") + "#1", id: "vr-2025-118", kind: KindFeed, ctype: TypeText, title: "Snow closes mountain pass",
			published: "2025-12-06T07:05:00+01:00", pubSource: PublishedFeed, url: "https://valleyradio.example.com/news/118"},
		{source: p("feeds/river.rss") + "#1", id: "gazette-4411", kind: KindFeed, ctype: TypeHTML, title: "Library extends opening hours",
			published: "2025-10-14T09:15:00+02:00", pubSource: PublishedFeed, url: "https://gazette.example.org/2025/library-hours"},
		{source: p("feeds/river.rss") + "#2", id: "https://gazette.example.org/2025/bus-strike", kind: KindFeed, ctype: TypeText, title: "Bus drivers call off strike",
			published: "2025-10-15T17:40:00+02:00", pubSource: PublishedFeed, url: "https://gazette.example.org/2025/bus-strike"},
		{source: p("feeds/river.rss") + "#3", kind: KindFeed, err: ErrEmpty},
		{source: p("nested/notes.md"), id: StableID(p("nested/notes.md"), ""), kind: KindText, ctype: TypeText},
	}
	if len(got) != len(wants) {
		for _, r := range got {
			t.Logf("got %s %s err=%v", r.SourceName, r.ID, r.Err)
		}
		t.Fatalf("got %d items, want %d", len(got), len(wants))
	}
	for i, w := range wants {
		r := got[i]
		if r.SourceName != w.source || r.Kind != w.kind {
			t.Errorf("%d: source %q kind %q, want %q %q", i, r.SourceName, r.Kind, w.source, w.kind)
		}
		if w.err != nil || w.errText != "" {
			if r.Err == nil {
				t.Errorf("%s: no error, want %v %q", w.source, w.err, w.errText)
				continue
			}
			if w.err != nil && !errors.Is(r.Err, w.err) {
				t.Errorf("%s: error %v, want %v", w.source, r.Err, w.err)
			}
			if !strings.Contains(r.Err.Error(), w.errText) || !strings.HasPrefix(r.Err.Error(), w.source+": ") {
				t.Errorf("%s: error %q, want it to name the source and contain %q", w.source, r.Err, w.errText)
			}
			if _, err := r.Doc(); err == nil {
				t.Errorf("%s: Doc() of a failed item gave no error", w.source)
			}
			continue
		}
		if r.Err != nil {
			t.Errorf("%s: unexpected error %v", w.source, r.Err)
			continue
		}
		if r.ID != w.id || r.ContentType != w.ctype || r.Title != w.title || r.Published != w.published ||
			r.PublishedSource != w.pubSource || r.URL != w.url {
			t.Errorf("%s: got id=%q ct=%q title=%q pub=%q/%q url=%q\nwant id=%q ct=%q title=%q pub=%q/%q url=%q", w.source,
				r.ID, r.ContentType, r.Title, r.Published, r.PublishedSource, r.URL,
				w.id, w.ctype, w.title, w.published, w.pubSource, w.url)
		}
		if r.ContentHash != Hash(r.Body) || len(r.ContentHash) != 64 {
			t.Errorf("%s: content hash %q", w.source, r.ContentHash)
		}
		d, err := r.Doc()
		if err != nil {
			t.Fatalf("%s: Doc: %v", w.source, err)
		}
		if d.ID != r.ID || d.Meta.SourceKind != r.Kind || d.Meta.SourceName != r.SourceName || d.Meta.ContentHash != r.ContentHash {
			t.Errorf("%s: doc meta %+v", w.source, d.Meta)
		}
		if r.ContentType == TypeHTML && (d.Text != "" || d.RawHTML == "") {
			t.Errorf("%s: HTML doc has text %q / raw %d bytes", w.source, d.Text, len(d.RawHTML))
		}
		if r.ContentType == TypeText && d.Text == "" {
			t.Errorf("%s: text doc has no text", w.source)
		}
	}
	// The JSONL line's unknown field and the feed's author are metadata.
	if got[4].Meta["desk"] != "metro" {
		t.Errorf("jsonl extra field: meta %v", got[4].Meta)
	}
	d, _ := got[10].Doc()
	if d.Meta.Author != "desk@gazette.example.org (Tomas Reyes)" && d.Meta.Author != "Tomas Reyes" {
		t.Errorf("feed author %q", d.Meta.Author)
	}
	if d.Meta.Extra["feed_title"] != "Riverside Gazette" || d.Meta.Extra["categories"] != "Culture" {
		t.Errorf("feed meta %v", d.Meta.Extra)
	}
	// The Latin-1 byte is replaced and reported with its position.
	d, _ = got[5].Doc()
	if !strings.HasPrefix(d.Text, "Caf\uFFFD owners") || len(d.Diagnostics) != 1 || d.Diagnostics[0].Code != "invalid_utf8" ||
		d.Diagnostics[0].Span == nil || d.Diagnostics[0].Span.Start != 3 || d.Diagnostics[0].Span.End != 6 {
		t.Errorf("latin-1 doc: %q %+v", d.Text[:12], d.Diagnostics)
	}
}

func TestDirectoryDeterministic(t *testing.T) {
	a := openDrain(t, filepath.Join("testdata", "corpus"), Options{})
	b := openDrain(t, "testdata/corpus/", Options{})
	if len(a) != len(b) {
		t.Fatalf("%d vs %d items", len(a), len(b))
	}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].SourceName != b[i].SourceName || a[i].ContentHash != b[i].ContentHash {
			t.Errorf("%d: %s/%s vs %s/%s", i, a[i].SourceName, a[i].ID, b[i].SourceName, b[i].ID)
		}
	}
}

func TestSizeLimit(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	os.WriteFile(big, bytes.Repeat([]byte("The tide rose. "), 100), 0o644)
	os.WriteFile(filepath.Join(dir, "small.txt"), []byte("The tide fell."), 0o644)
	os.WriteFile(filepath.Join(dir, "lines.jsonl"), []byte(`{"text":"`+strings.Repeat("a", 500)+`"}`+"\n"+`{"text":"short one"}`+"\n"), 0o644)
	got := openDrain(t, dir, Options{MaxBytes: 200})
	if len(got) != 4 {
		t.Fatalf("got %d items", len(got))
	}
	if !errors.Is(got[0].Err, ErrTooLarge) || !strings.Contains(got[0].Err.Error(), "big.txt") {
		t.Errorf("big file: %v", got[0].Err)
	}
	if !errors.Is(got[1].Err, ErrTooLarge) || !strings.HasSuffix(got[1].SourceName, "lines.jsonl:1") {
		t.Errorf("long line: %s %v", got[1].SourceName, got[1].Err)
	}
	if got[2].Err != nil || string(got[2].Body) != "short one" || !strings.HasSuffix(got[2].SourceName, "lines.jsonl:2") {
		t.Errorf("line after the long one: %s %q %v", got[2].SourceName, got[2].Body, got[2].Err)
	}
	if got[3].Err != nil || string(got[3].Body) != "The tide fell." {
		t.Errorf("small file: %v", got[3].Err)
	}
}

func TestStdin(t *testing.T) {
	cases := []struct {
		name, in string
		n        int
		ctype    string
		kind     string
	}{
		{"jsonl", `{"id":"a","text":"One."}` + "\n" + `{"id":"b","text":"Two."}` + "\n", 2, TypeText, KindJSONL},
		{"text", "The mayor of Tarn resigned on Friday.\n", 1, TypeText, KindText},
		{"html", "<!doctype html><p>The mayor of Tarn resigned.</p>", 1, TypeHTML, KindHTML},
		{"brace text", "{not json} but prose about a vote\nand more\n", 1, TypeText, KindText},
		{"warc", string(newsWARC(true)), 2, TypeHTML, KindWARC},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := openDrain(t, "-", Options{Stdin: strings.NewReader(c.in)})
			if len(got) != c.n {
				t.Fatalf("got %d docs", len(got))
			}
			for _, r := range got {
				if r.Err != nil || r.ContentType != c.ctype || r.Kind != c.kind {
					t.Errorf("%s: ct %q kind %q err %v", r.SourceName, r.ContentType, r.Kind, r.Err)
				}
			}
		})
	}
	got := openDrain(t, "-", Options{Stdin: strings.NewReader("")})
	if len(got) != 1 || !errors.Is(got[0].Err, ErrEmpty) {
		t.Errorf("empty stdin: %+v", got)
	}
}

func TestJSONLine(t *testing.T) {
	cases := []struct {
		line    string
		id      string
		body    string
		ctype   string
		pub     string
		errText string
	}{
		{`{"id":"x1","text":"A dam burst."}`, "x1", "A dam burst.", TypeText, "", ""},
		{`{"id":42,"text":"Numeric id."}`, "42", "Numeric id.", TypeText, "", ""},
		{`{"text":"No id."}`, StableID("f.jsonl", "line:7"), "No id.", TypeText, "", ""},
		{`{"id":"d","text":"Dated.","date":"1987-02-26T15:01:01"}`, "d", "Dated.", TypeText, "1987-02-26T15:01:01", ""},
		{`{"id":"p","text":"RFC.","published":"Mon, 02 Jan 2006 15:04:05 -0700"}`, "p", "RFC.", TypeText, "2006-01-02T15:04:05-07:00", ""},
		{`{"id":"h","html":"<p>Hi</p>"}`, "h", "<p>Hi</p>", TypeHTML, "", ""},
		{`{"id":"n","text":null,"date":null}`, "n", "", "", "", "empty document"},
		{`{"id":"e","text":"   "}`, "e", "", "", "", "empty document"},
		{`{"id":"m"}`, "m", "", "", "", `no "text" or "html"`},
		{`{"id":"b","text":"a\u0000b"}`, "b", "", "", "", "binary"},
		{`{"id":["a"],"text":"x"}`, "", "", "", "", `field "id": want a string, got an array`},
		{`{"id":"t","text":"x"`, "", "", "", "", "malformed JSON"},
		{`[1,2]`, "", "", "", "", "not a JSON object"},
		{`null`, "", "", "", "", "not a JSON object"},
		{`"text"`, "", "", "", "", "not a JSON object"},
	}
	for _, c := range cases {
		r := ParseJSONLine([]byte(c.line), "f.jsonl", 7)
		if r.SourceName != "f.jsonl:7" {
			t.Errorf("%s: source %q", c.line, r.SourceName)
		}
		if c.errText != "" {
			if r.Err == nil || !strings.Contains(r.Err.Error(), c.errText) || !strings.HasPrefix(r.Err.Error(), "f.jsonl:7: ") {
				t.Errorf("%s: error %v, want %q", c.line, r.Err, c.errText)
			}
			if c.id != "" && r.ID != c.id {
				t.Errorf("%s: failed item id %q, want %q", c.line, r.ID, c.id)
			}
			continue
		}
		if r.Err != nil || r.ID != c.id || string(r.Body) != c.body || r.ContentType != c.ctype || r.Published != c.pub {
			t.Errorf("%s: got id=%q body=%q ct=%q pub=%q err=%v", c.line, r.ID, r.Body, r.ContentType, r.Published, r.Err)
		}
	}
}

func TestSniff(t *testing.T) {
	cases := []struct {
		in   string
		want Format
	}{
		{"", FormatEmpty},
		{" \n\t", FormatEmpty},
		{"The council met.", FormatText},
		{"\xEF\xBB\xBFThe council met.", FormatText},
		{"\xFF\xFEa\x00b\x00", FormatText},
		{"<!DOCTYPE html><html>", FormatHTML},
		{"  <div class=x>hi</div>", FormatHTML},
		{"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", FormatFeed},
		{"<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">", FormatFeed},
		{"<rdf:RDF xmlns:rdf=\"x\">", FormatFeed},
		{`{"version":"https://jsonfeed.org/version/1","items":[]}`, FormatFeed},
		{`{"id":"a","text":"b"}` + "\n", FormatJSONL},
		{`{"id":"a","text":"b"}`, FormatJSONL},
		{"{braces} in prose\n", FormatText},
		{"WARC/1.0\r\n", FormatWARC},
		{string(newsWARC(true)[:100]), FormatWARC},
		{"\x1f\x8b\x08\x00\x00\x00\x00\x00", FormatBinary},
		{"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", FormatBinary},
		{"BMW sales rose 4 percent in May.", FormatText},
		{"GIF89a is a file format, the lecturer said.", FormatText},
		{"abc\x00def", FormatBinary},
		{"\x01\x02\x03\x04\x05\x06 x", FormatBinary},
	}
	for _, c := range cases {
		if got := Sniff([]byte(c.in)); got != c.want {
			t.Errorf("Sniff(%.30q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFormatByExt(t *testing.T) {
	for name, want := range map[string]Format{
		"a.txt": FormatText, "a.TEXT": FormatText, "a.md": FormatText, "a.html": FormatHTML, "a.HTM": FormatHTML,
		"a.jsonl": FormatJSONL, "a.ndjson": FormatJSONL, "a.xml": FormatFeed, "a.rss": FormatFeed, "a.atom": FormatFeed,
		"a.json": FormatFeed, "CC-NEWS-20250101-00001.warc.gz": FormatWARC, "a.warc": FormatWARC, "a.gz": FormatUnknown,
		"a.csv": FormatUnknown, "README": FormatUnknown, "a.jsonl.gz": FormatJSONL, "a.html.gz": FormatHTML, "a.csv.gz": FormatUnknown,
	} {
		if got := FormatByExt(name); got != want {
			t.Errorf("FormatByExt(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestDocFromRaw(t *testing.T) {
	r := &RawDoc{ID: "k1", Kind: KindText, SourceName: "x.txt", URL: "https://a.example/1", Title: "T",
		Published: "2025-01-02", PublishedSource: PublishedInput, Fetched: "2025-01-03T00:00:00Z",
		Meta: map[string]string{"desk": "metro"}}
	if err := r.setBody([]byte("A\xffB\xfe\xfdC"), TypeText); err != nil {
		t.Fatal(err)
	}
	d, err := r.Doc()
	if err != nil {
		t.Fatal(err)
	}
	if d.Text != "A\uFFFDB\uFFFD\uFFFDC" {
		t.Errorf("text %q", d.Text)
	}
	if len(d.Diagnostics) != 1 || d.Diagnostics[0].Span.Start != 1 || d.Diagnostics[0].Span.End != 4 ||
		!strings.HasPrefix(d.Diagnostics[0].Message, "3 invalid") || d.Diagnostics[0].Stage != StageID {
		t.Errorf("diagnostics %+v", d.Diagnostics)
	}
	want := doc.Meta{URL: "https://a.example/1", Title: "T", Published: "2025-01-02", PublishedSource: PublishedInput,
		Fetched: "2025-01-03T00:00:00Z", SourceKind: KindText, SourceName: "x.txt", ContentHash: Hash([]byte("A\xffB\xfe\xfdC")),
		Extra: map[string]string{"desk": "metro"}}
	if d.Meta.URL != want.URL || d.Meta.Title != want.Title || d.Meta.Published != want.Published ||
		d.Meta.PublishedSource != want.PublishedSource || d.Meta.Fetched != want.Fetched || d.Meta.SourceKind != want.SourceKind ||
		d.Meta.SourceName != want.SourceName || d.Meta.ContentHash != want.ContentHash || d.Meta.Extra["desk"] != "metro" {
		t.Errorf("meta %+v", d.Meta)
	}
	// The Doc's Extra is a copy: editing it leaves the RawDoc alone.
	d.Meta.Extra["desk"] = "x"
	if r.Meta["desk"] != "metro" {
		t.Error("Meta shared with the Doc")
	}

	h := &RawDoc{ID: "h1", Kind: KindHTML, SourceName: "m.html"}
	h.setBody([]byte(pageMuseum), TypeHTML)
	d, err = h.Doc()
	if err != nil {
		t.Fatal(err)
	}
	if d.Text != "" || !strings.Contains(d.RawHTML, "the café included") {
		t.Errorf("windows-1252 HTML not decoded: %q", d.RawHTML)
	}
	if len(d.Diagnostics) != 1 || d.Diagnostics[0].Code != "charset" {
		t.Errorf("charset diagnostic: %+v", d.Diagnostics)
	}
}

func TestNormDate(t *testing.T) {
	for in, want := range map[string]string{
		"2025-03-04":                      "2025-03-04",
		" 2025-03-04T05:06:07Z ":          "2025-03-04T05:06:07Z",
		"2025-03-04T05:06:07+02:00":       "2025-03-04T05:06:07+02:00",
		"1987-02-26T15:01:01":             "1987-02-26T15:01:01",
		"1987-02-26 15:01:01":             "1987-02-26T15:01:01",
		"Tue, 14 Oct 2025 09:15:00 +0200": "2025-10-14T09:15:00+02:00",
		"sometime in May":                 "sometime in May",
		"":                                "",
	} {
		if got := NormDate(in); got != want {
			t.Errorf("NormDate(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWARCBuilt reads a WARC written here with every kind of record a news
// crawl holds, gzip per record and plain.
func TestWARCBuilt(t *testing.T) {
	for _, gz := range []bool{true, false} {
		dir := t.TempDir()
		name := filepath.Join(dir, "crawl.warc")
		if gz {
			name += ".gz"
		}
		os.WriteFile(name, newsWARC(gz), 0o644)
		got := openDrain(t, name, Options{})
		if len(got) != 2 {
			for _, r := range got {
				t.Logf("%s %v", r.SourceName, r.Err)
			}
			t.Fatalf("gz=%v: got %d docs, want 2 (only the 2xx HTML responses)", gz, len(got))
		}
		a, b := got[0], got[1]
		if a.Err != nil || a.ID != "urn:uuid:11111111-1111-4111-8111-111111111111" || a.URL != "https://ferry.example.org/news/1" ||
			a.Fetched != "2025-10-20T06:01:02Z" || a.Published != "" || string(a.Body) != pageFerry || a.Title != "Ferry service resumes" ||
			a.Kind != KindWARC || a.ContentType != TypeHTML {
			t.Errorf("gz=%v chunked+gzip record: %+v", gz, a)
		}
		if !strings.HasPrefix(a.SourceName, name+"@") || a.Meta["http_status"] != "200" {
			t.Errorf("source %q meta %v", a.SourceName, a.Meta)
		}
		if b.Err != nil || b.Fetched != "2025-10-21T09:30:00Z" || b.Title != "Museum reopens" {
			t.Errorf("gz=%v second record: %+v", gz, b)
		}
		d, _ := b.Doc()
		if !strings.Contains(d.RawHTML, "café") || d.Meta.Fetched != "2025-10-21T09:30:00Z" || d.Meta.Published != "" {
			t.Errorf("museum doc: %+v", d.Meta)
		}
	}
}

// TestWARCTruncatedBuilt cuts a WARC.gz inside its last record: the records
// before it come out, then one failed item, then the end.
func TestWARCTruncatedBuilt(t *testing.T) {
	full := newsWARC(true)
	extra := buildWARC([]warcRec{{Type: "response", URI: "https://x.example/cut", ContentType: "application/http; msgtype=response",
		Block: httpResponse(200, "text/html", bytes.Repeat([]byte("<p>The storm passed the cape.</p>"), 200), false, false)}}, true)
	data := append(append([]byte{}, full...), extra[:len(extra)/2]...)
	s, err := newWARCSource("cut.warc.gz", io.NopCloser(bytes.NewReader(data)), Options{}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	got := drain(t, s)
	if len(got) != 3 || got[0].Err != nil || got[1].Err != nil || got[2].Err == nil {
		t.Fatalf("got %d items: %+v", len(got), got)
	}
	if !strings.Contains(got[2].Err.Error(), "truncated") || !strings.HasPrefix(got[2].SourceName, "cut.warc.gz@") {
		t.Errorf("truncation error: %s %v", got[2].SourceName, got[2].Err)
	}
}

// TestWARCSamples reads the Common Crawl samples in the shared folder.
func TestWARCSamples(t *testing.T) {
	dir := shared.Require(t, "data", "warc-sample")
	got := openDrain(t, filepath.Join(dir, "cc-main-2020-34-excerpt.warc.gz"), Options{})
	if len(got) < 10 {
		t.Fatalf("excerpt: %d docs", len(got))
	}
	for _, r := range got {
		if r.Err != nil {
			t.Errorf("%s: %v", r.SourceName, r.Err)
			continue
		}
		if r.Fetched == "" || r.Published != "" || r.URL == "" || !strings.HasPrefix(r.ID, "urn:uuid:") || r.ContentType != TypeHTML {
			t.Errorf("%s: fetched %q published %q url %q id %q", r.SourceName, r.Fetched, r.Published, r.URL, r.ID)
		}
		if _, err := r.Doc(); err != nil {
			t.Errorf("%s: %v", r.SourceName, err)
		}
	}
	t.Logf("excerpt: %d HTML responses", len(got))

	clipped := filepath.Join(dir, "clipped.warc.gz")
	got = openDrain(t, clipped, Options{})
	if len(got) == 0 {
		t.Fatal("clipped: nothing, want a failed item")
	}
	last := got[len(got)-1]
	for _, r := range got[:len(got)-1] {
		if r.Err != nil {
			t.Errorf("clipped: good record failed: %v", r.Err)
		}
	}
	if last.Err == nil || !strings.Contains(last.Err.Error(), "truncated") || !strings.HasPrefix(last.Err.Error(), clipped+"@") {
		t.Errorf("clipped: last item %v", last.Err)
	}
}

func TestOpenMissing(t *testing.T) {
	if _, err := Open(context.Background(), "testdata/no-such-file.txt", Options{}); err == nil {
		t.Error("no error for a missing file")
	}
	// OpenAll turns it into a failed item and goes on.
	s := OpenAll(context.Background(), []string{"testdata/no-such-file.txt", "testdata/corpus/01-harbour.txt"}, Options{})
	got := drain(t, s)
	if len(got) != 2 || got[0].Err == nil || !strings.Contains(got[0].Err.Error(), "no-such-file") || got[1].Err != nil {
		t.Errorf("OpenAll: %+v", got)
	}
}

func TestNotAFeed(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.xml"), []byte("<config><x>1</x></config>"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.rss"), []byte("<rss version=\"2.0\"><channel><item><title>x</title"), 0o644)
	os.WriteFile(filepath.Join(dir, "c.json"), []byte(`{"id":"j","text":"Lines, not a feed."}`+"\n"), 0o644)
	got := openDrain(t, dir, Options{})
	if len(got) != 3 {
		t.Fatalf("got %d", len(got))
	}
	if got[0].Err == nil || !strings.Contains(got[0].Err.Error(), "not an RSS") {
		t.Errorf("a.xml: %v", got[0].Err)
	}
	if got[1].Err == nil || !strings.Contains(got[1].Err.Error(), "feed") {
		t.Errorf("b.rss: %v", got[1].Err)
	}
	if got[2].Err != nil || got[2].ID != "j" {
		t.Errorf("c.json as JSONL: %+v", got[2])
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

// TestOpenAllBrokenStream: a source that breaks mid-stream is reported once
// and the next source is read.
func TestOpenAllBrokenStream(t *testing.T) {
	var lines strings.Builder
	for i := 0; lines.Len() < 3*sniffLen; i++ {
		lines.WriteString(`{"text":"The river rose again overnight."}` + "\n")
	}
	in := io.MultiReader(strings.NewReader(lines.String()), errReader{})
	got := drain(t, OpenAll(context.Background(), []string{"-", "testdata/corpus/01-harbour.txt"}, Options{Stdin: in}))
	n := len(got)
	if n < 3 || got[n-2].Err == nil || !strings.Contains(got[n-2].Err.Error(), "disk on fire") || got[n-1].Err != nil ||
		got[n-1].SourceName != "testdata/corpus/01-harbour.txt" {
		t.Fatalf("got %d items, last two %+v %+v", n, got[n-2], got[n-1])
	}
	for _, r := range got[:n-2] {
		if r.Err != nil {
			t.Fatalf("line before the break failed: %v", r.Err)
		}
	}
}

// TestWARCNewsPages writes the article-extraction dev pages (real news HTML,
// read from the shared folder at test time) into a WARC.gz as a crawler
// would, half with gzip Content-Encoding and chunked transfer as sent, and
// reads them back: every page comes out byte-identical, with its URL.
func TestWARCNewsPages(t *testing.T) {
	dir := shared.Require(t, "data", "article-extraction", "dev")
	gt, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var truth map[string]struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal(gt, &truth); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, len(truth))
	for id := range truth {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var recs []warcRec
	pages := map[string][]byte{}
	for i, id := range ids {
		zb, err := os.ReadFile(filepath.Join(dir, "html", id+".html.gz"))
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(zb))
		if err != nil {
			t.Fatal(err)
		}
		page, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		pages[truth[id].URL] = page
		recs = append(recs, warcRec{Type: "response", URI: truth[id].URL, ContentType: "application/http; msgtype=response",
			Block: httpResponse(200, "text/html; charset=utf-8", page, i%2 == 0, i%2 == 0)})
	}
	name := filepath.Join(t.TempDir(), "news.warc.gz")
	os.WriteFile(name, buildWARC(recs, true), 0o644)
	got := openDrain(t, name, Options{})
	if len(got) != len(ids) {
		t.Fatalf("%d docs from %d pages", len(got), len(ids))
	}
	titled := 0
	for _, r := range got {
		if r.Err != nil {
			t.Errorf("%s: %v", r.SourceName, r.Err)
			continue
		}
		if want, ok := pages[r.URL]; !ok || !bytes.Equal(r.Body, want) {
			t.Errorf("%s: body differs from the page (%d vs %d bytes)", r.URL, len(r.Body), len(want))
		}
		if r.Title != "" {
			titled++
		}
	}
	if titled < len(got)*9/10 {
		t.Errorf("only %d of %d pages have a <title>", titled, len(got))
	}
}

// TestGzipFiles reads .jsonl.gz and .html.gz through gzip; a bad .gz fails
// alone.
func TestGzipFiles(t *testing.T) {
	dir := t.TempDir()
	gz := func(name, content string) {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(content))
		zw.Close()
		os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644)
	}
	gz("a.jsonl.gz", `{"id":"g1","text":"Gulls nested on the roof."}`+"\n"+`{"id":"g2","text":"The roof held."}`+"\n")
	gz("b.html.gz", pageFerry)
	os.WriteFile(filepath.Join(dir, "c.txt.gz"), []byte("not gzip at all"), 0o644)
	got := openDrain(t, dir, Options{})
	if len(got) != 4 || got[0].ID != "g1" || got[1].ID != "g2" || string(got[2].Body) != pageFerry || got[2].Title != "Ferry service resumes" ||
		got[3].Err == nil || !strings.Contains(got[3].Err.Error(), "not gzip") {
		for _, r := range got {
			t.Logf("%s %s %v", r.SourceName, r.ID, r.Err)
		}
		t.Fatal("gzip files not read as expected")
	}
}

// TestWARCResourceAndConversion: resource records (wget-style) and WET
// conversion records of HTML or text are documents too; others are not.
func TestWARCResourceAndConversion(t *testing.T) {
	data := buildWARC([]warcRec{
		{Type: "resource", URI: "https://a.example/story", ContentType: "text/html", Block: []byte(pageFerry)},
		{Type: "conversion", URI: "https://a.example/story", ContentType: "text/plain", Block: []byte("Ferries resumed on Monday.")},
		{Type: "resource", URI: "https://a.example/logo.gif", ContentType: "image/gif", Block: []byte("GIF89a\x01\x00")},
		{Type: "revisit", URI: "https://a.example/story", ContentType: "application/http; msgtype=response", Block: []byte("HTTP/1.1 200 OK\r\n\r\n")},
	}, false)
	s, err := newWARCSource("x.warc", io.NopCloser(bytes.NewReader(data)), Options{}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	got := drain(t, s)
	if len(got) != 2 || got[0].ContentType != TypeHTML || string(got[0].Body) != pageFerry ||
		got[1].ContentType != TypeText || string(got[1].Body) != "Ferries resumed on Monday." || got[1].Meta["warc_type"] != "conversion" {
		t.Errorf("got %+v", got)
	}
}

// TestWARCGarbage: junk between records is skipped to the next record;
// junk at the end is one failed item.
func TestWARCGarbage(t *testing.T) {
	rec := func(uri string) []byte {
		return buildWARC([]warcRec{{Type: "response", URI: uri, ContentType: "application/http; msgtype=response",
			Block: httpResponse(200, "text/html", []byte(pageFerry), false, false)}}, false)
	}
	data := bytes.Join([][]byte{rec("https://a.example/1"), []byte("stray bytes\r\n"), rec("https://a.example/2"), []byte("trailing junk")}, nil)
	s, err := newWARCSource("g.warc", io.NopCloser(bytes.NewReader(data)), Options{}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	got := drain(t, s)
	if len(got) != 3 || got[0].Err != nil || got[1].Err != nil || got[1].URL != "https://a.example/2" || got[2].Err == nil ||
		!strings.Contains(got[2].Err.Error(), "no WARC record") {
		for _, r := range got {
			t.Logf("%s %s %v", r.SourceName, r.URL, r.Err)
		}
		t.Fatal("garbage not handled as expected")
	}
}
