package ingest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// Fuzz targets for every parser of untrusted input. Seeds are the fixtures
// plus edge cases; scripts/fuzz-all runs each for a few seconds.

func FuzzJSONLine(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","text":"The ferry sailed."}`,
		`{"id":1,"html":"<p>x</p>","published":"2025-01-01","url":"https://e.example/"}`,
		`{"text":null}`, `{"text":"\ud800"}`, `{"id":{"x":1},"text":"y"}`, `[`, `{"a":`, `null`, `{}`,
		`{"text":"x","date":"Mon, 02 Jan 2006 15:04:05 -0700","extra":[1,{"b":null}]}`,
	} {
		f.Add([]byte(s))
	}
	if b, err := os.ReadFile(filepath.Join("testdata", "corpus", "03-wire.jsonl")); err == nil {
		for _, l := range bytes.Split(b, []byte("\n")) {
			f.Add(l)
		}
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		r := ParseJSONLine(line, "f.jsonl", 3)
		if r == nil || r.SourceName != "f.jsonl:3" {
			t.Fatalf("bad result %+v", r)
		}
		if r.Err == nil {
			if r.ID == "" || r.ContentHash != Hash(r.Body) {
				t.Fatalf("good line without id or hash: %+v", r)
			}
			if _, err := r.Doc(); err != nil {
				t.Fatal(err)
			}
		}
		// The stream reader agrees with the line parser.
		s := newJSONLSource("f.jsonl", io.NopCloser(bytes.NewReader(line)), Options{MaxBytes: 1 << 20}.withDefaults())
		for {
			if _, err := s.Next(context.Background()); err != nil {
				break
			}
		}
	})
}

func FuzzParseFeed(f *testing.F) {
	for _, n := range []string{"river.rss", "city.atom", "local.json"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "corpus", "feeds", n)); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		`<rss version="2.0"><channel><item><title>t</title><description>&lt;p&gt;x</description></item></channel></rss>`,
		`<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml"><div>x</div></content></entry></feed>`,
		`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item><title>x</title></item></rdf:RDF>`,
		`{"version":"https://jsonfeed.org/version/1","items":[{"id":"1","content_html":"<b>x</b>"}]}`,
		`<rss><channel><item>`, `{"version":"https://jsonfeed.org/version/1","items":[null]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := ParseFeed(data, "https://feed.example/rss")
		if err != nil {
			return
		}
		for _, it := range items {
			if it.ID == "" || it.SourceName == "" {
				t.Fatalf("item without id or source: %+v", it)
			}
			if it.Err == nil {
				if _, err := it.Doc(); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
}

func FuzzWARC(f *testing.F) {
	f.Add(newsWARC(true))
	f.Add(newsWARC(false))
	w := newsWARC(true)
	f.Add(w[:len(w)/2])
	f.Add([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nHTTP/"))
	f.Add([]byte("WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: 60\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n<p>x</p>\r\n\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := newWARCSource("f.warc", io.NopCloser(bytes.NewReader(data)), Options{MaxBytes: 1 << 20}.withDefaults())
		if err != nil {
			return
		}
		defer s.Close()
		for i := 0; ; i++ {
			r, err := s.Next(context.Background())
			if err != nil {
				if err != io.EOF {
					t.Fatalf("source error: %v", err)
				}
				return
			}
			if i > len(data) {
				t.Fatal("more items than bytes: not making progress")
			}
			if r.Err == nil {
				if _, err := r.Doc(); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
}

func FuzzSniffDoc(f *testing.F) {
	for _, s := range []string{
		"The council met.", "<!doctype html><p>x</p>", "\xEF\xBB\xBFBOM text", "\xFF\xFEa\x00", "caf\xe9",
		`<meta charset="shift_jis"><p>x</p>`, "<html><head><title>a</title>", "{\"id\":1}\n", "\x1f\x8b\x08",
		pageMuseum,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		format := Sniff(data)
		for _, ct := range []string{TypeText, TypeHTML} {
			r := &RawDoc{ID: "x", Kind: KindText, SourceName: "f"}
			if err := r.setBody(data, ct); err != nil {
				continue
			}
			if format == FormatEmpty {
				t.Fatalf("Sniff says empty but setBody accepted %q", data)
			}
			_ = htmlTitle(data, "")
			d, err := r.Doc()
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.ValidString(d.Text) || !utf8.ValidString(d.RawHTML) {
				t.Fatalf("invalid UTF-8 in the Doc from %q", data)
			}
		}
		// stdin-style dispatch must not fail on any bytes.
		s, err := openStream(context.Background(), "-", io.NopCloser(bytes.NewReader(data)), FormatUnknown, -1, Options{MaxBytes: 1 << 20}.withDefaults())
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 1000; i++ {
			if _, err := s.Next(context.Background()); err != nil {
				break
			}
		}
		s.Close()
	})
}

// FuzzHTTPBody feeds archived HTTP bodies through the chunked and
// Content-Encoding decoders the WARC reader uses.
func FuzzHTTPBody(f *testing.F) {
	f.Add([]byte("5\r\nhello\r\n0\r\n\r\n"), true, "")
	f.Add([]byte("5\r\nhel"), true, "gzip")
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"), false, "gzip")
	f.Add([]byte("x\x9c\x01\x00\x00\xff\xff"), false, "deflate")
	f.Add([]byte("plain body"), false, "br")
	f.Add([]byte("(\xb5/\xfd"), false, "zstd")
	f.Add([]byte("body"), false, "gzip, identity")
	f.Fuzz(func(t *testing.T, body []byte, chunked bool, enc string) {
		h := http.Header{}
		if chunked {
			h.Set("Transfer-Encoding", "chunked")
		}
		if enc != "" {
			h.Set("Content-Encoding", enc)
		}
		r, err := decodeHTTPBody(bytes.NewReader(body), h)
		if err != nil {
			return
		}
		_, _ = readCapped(r, 1<<20)
	})
}
