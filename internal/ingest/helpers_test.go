package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"strconv"
	"testing"
)

// drain reads a source to the end.
func drain(t testing.TB, s Source) []*RawDoc {
	t.Helper()
	defer s.Close()
	var out []*RawDoc
	for {
		r, err := s.Next(context.Background())
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("source error after %d items: %v", len(out), err)
		}
		out = append(out, r)
	}
}

func openDrain(t testing.TB, spec string, opt Options) []*RawDoc {
	t.Helper()
	s, err := Open(context.Background(), spec, opt)
	if err != nil {
		t.Fatalf("Open(%q): %v", spec, err)
	}
	return drain(t, s)
}

// warcRec is one record for buildWARC.
type warcRec struct {
	Type        string // response, request, resource, warcinfo, metadata
	URI         string
	Date        string
	ID          string
	ContentType string // of the block
	Block       []byte
}

// buildWARC writes records the way crawlers do: one gzip member per record
// when gz is set.
func buildWARC(recs []warcRec, gz bool) []byte {
	var out bytes.Buffer
	for i, r := range recs {
		var b bytes.Buffer
		fmt.Fprintf(&b, "WARC/1.1\r\nWARC-Type: %s\r\n", r.Type)
		if r.URI != "" {
			fmt.Fprintf(&b, "WARC-Target-URI: %s\r\n", r.URI)
		}
		date := r.Date
		if date == "" {
			date = "2025-10-20T06:00:0" + strconv.Itoa(i%10) + "Z"
		}
		id := r.ID
		if id == "" {
			id = fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", i+1)
		}
		fmt.Fprintf(&b, "WARC-Date: %s\r\nWARC-Record-ID: <%s>\r\n", date, id)
		if r.ContentType != "" {
			fmt.Fprintf(&b, "Content-Type: %s\r\n", r.ContentType)
		}
		fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(r.Block))
		b.Write(r.Block)
		b.WriteString("\r\n\r\n")
		if gz {
			zw := gzip.NewWriter(&out)
			zw.Write(b.Bytes())
			zw.Close()
		} else {
			out.Write(b.Bytes())
		}
	}
	return out.Bytes()
}

// httpResponse makes an HTTP response block; chunked and gzip encode the
// body as a server would have sent it.
func httpResponse(status int, ctype string, body []byte, chunked, gz bool) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d X\r\n", status)
	if ctype != "" {
		fmt.Fprintf(&b, "Content-Type: %s\r\n", ctype)
	}
	if gz {
		var z bytes.Buffer
		zw := gzip.NewWriter(&z)
		zw.Write(body)
		zw.Close()
		body = z.Bytes()
		b.WriteString("Content-Encoding: gzip\r\n")
	}
	if chunked {
		b.WriteString("Transfer-Encoding: chunked\r\n\r\n")
		for len(body) > 0 {
			n := min(len(body), 40)
			fmt.Fprintf(&b, "%x\r\n", n)
			b.Write(body[:n])
			b.WriteString("\r\n")
			body = body[n:]
		}
		b.WriteString("0\r\n\r\n")
		return b.Bytes()
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(body))
	b.Write(body)
	return b.Bytes()
}

const pageFerry = `<html><head><title>Ferry service resumes</title></head><body><p>Ferries between Kestrel Bay and Holm Island resumed on Monday after a three-day suspension caused by high winds.</p></body></html>`

const pageMuseum = `<html><head><meta charset="windows-1252"><title>Museum reopens</title></head><body><p>The maritime museum reopened its east wing, the caf` + "\xe9" + ` included, after two years of renovation.</p></body></html>`

// newsWARC is a small WARC of the kinds of records a news crawl holds.
func newsWARC(gz bool) []byte {
	return buildWARC([]warcRec{
		{Type: "warcinfo", ContentType: "application/warc-fields", Block: []byte("software: test\r\n")},
		{Type: "request", URI: "https://ferry.example.org/news/1", ContentType: "application/http; msgtype=request",
			Block: []byte("GET /news/1 HTTP/1.1\r\nHost: ferry.example.org\r\n\r\n")},
		{Type: "response", URI: "https://ferry.example.org/news/1", Date: "2025-10-20T06:01:02Z", ID: "urn:uuid:11111111-1111-4111-8111-111111111111",
			ContentType: "application/http; msgtype=response",
			Block:       httpResponse(200, "text/html; charset=utf-8", []byte(pageFerry), true, true)},
		{Type: "response", URI: "https://ferry.example.org/old", ContentType: "application/http; msgtype=response",
			Block: httpResponse(301, "text/html", []byte("moved"), false, false)},
		{Type: "response", URI: "https://ferry.example.org/logo.png", ContentType: "application/http; msgtype=response",
			Block: httpResponse(200, "image/png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), false, false)},
		{Type: "response", URI: "https://museum.example.org/east-wing", Date: "2025-10-21T09:30:00Z", ID: "urn:uuid:22222222-2222-4222-8222-222222222222",
			ContentType: "application/http; msgtype=response",
			Block:       httpResponse(200, "text/html", []byte(pageMuseum), false, false)},
		{Type: "metadata", URI: "https://museum.example.org/east-wing", ContentType: "application/warc-fields", Block: []byte("fetchTimeMs: 120\r\n")},
	}, gz)
}
