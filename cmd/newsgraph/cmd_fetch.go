package main

import (
	"context"
	"encoding/json"
	"io"
	"time"

	"github.com/newsgraph/newsgraph/internal/ingest"
)

// fetchItem is one line of `newsgraph fetch`: what ingest read from a
// source, without the body unless --body is given.
type fetchItem struct {
	ID              string            `json:"id"`
	Kind            string            `json:"kind"`
	Source          string            `json:"source"`
	URL             string            `json:"url,omitempty"`
	Title           string            `json:"title,omitempty"`
	Published       string            `json:"published,omitempty"`
	PublishedSource string            `json:"published_source,omitempty"`
	Fetched         string            `json:"fetched,omitempty"`
	ContentType     string            `json:"content_type,omitempty"`
	Bytes           int               `json:"bytes"`
	ContentHash     string            `json:"content_hash,omitempty"`
	Meta            map[string]string `json:"meta,omitempty"`
	Body            string            `json:"body,omitempty"`
	Error           string            `json:"error,omitempty"`
}

func init() {
	register(&command{Name: "fetch", Summary: "list what ingest reads from sources, one JSON line per item (debugging)", Run: runFetch})
}

func runFetch(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("fetch", "[flags] SOURCE... (files, directories, -, http(s) URLs)")
	allowPrivate := fs.Bool("allow-private", false, "let URLs reach loopback, private and link-local addresses")
	fetchItems := fs.Bool("fetch-items", false, "fetch each feed item's link instead of using the feed's text")
	maxBytes := fs.Int64("max-bytes", ingest.DefaultMaxBytes, "skip single documents larger than this")
	timeout := fs.Duration("timeout", 30*time.Second, "per HTTP request")
	delay := fs.Duration("delay", time.Second, "least time between requests to one host")
	body := fs.Bool("body", false, "include each body")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return exitUsage
	}
	if *delay == 0 {
		*delay = -1 // Options: negative is none, zero the default
	}
	src := ingest.OpenAll(ctx, fs.Args(), ingest.Options{
		MaxBytes: *maxBytes, AllowPrivate: *allowPrivate, FetchItems: *fetchItems,
		Timeout: *timeout, PerHostDelay: *delay, Stdin: m.Stdin,
	})
	defer src.Close()
	enc := json.NewEncoder(m.Stdout)
	enc.SetEscapeHTML(false)
	code := exitOK
	for {
		r, err := src.Next(ctx)
		if err == io.EOF {
			return code
		}
		if err != nil {
			return m.errorf(exitFailed, "fetch: %v", err)
		}
		it := fetchItem{ID: r.ID, Kind: r.Kind, Source: r.SourceName, URL: r.URL, Title: r.Title,
			Published: r.Published, PublishedSource: r.PublishedSource, Fetched: r.Fetched,
			ContentType: r.ContentType, Bytes: len(r.Body), ContentHash: r.ContentHash, Meta: r.Meta}
		if *body {
			it.Body = string(r.Body)
		}
		if r.Err != nil {
			it.Error = r.Err.Error()
			m.errorf(0, "%v", r.Err)
			code = exitFailed
		}
		if err := enc.Encode(it); err != nil {
			return m.errorf(exitFailed, "fetch: %v", err)
		}
	}
}
