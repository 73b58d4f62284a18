package main

import (
	"context"
	"encoding/json"
	"io"
	"strings"
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
	poll := fs.Duration("poll", 0, "poll the feed URLs every DURATION with conditional GET (ETag, Last-Modified), printing only new items; 0 reads once")
	rounds := fs.Int("rounds", 0, "with --poll, stop after N rounds (0: until interrupted)")
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
	opt := ingest.Options{
		MaxBytes: *maxBytes, AllowPrivate: *allowPrivate, FetchItems: *fetchItems,
		Timeout: *timeout, PerHostDelay: *delay, Stdin: m.Stdin,
	}
	enc := json.NewEncoder(m.Stdout)
	enc.SetEscapeHTML(false)
	code := exitOK
	emit := func(r *ingest.RawDoc) error {
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
		return enc.Encode(it)
	}
	if *poll > 0 {
		return pollFeeds(ctx, m, fs.Args(), opt, *poll, *rounds, emit, &code)
	}
	src := ingest.OpenAll(ctx, fs.Args(), opt)
	defer src.Close()
	for {
		r, err := src.Next(ctx)
		if err == io.EOF {
			return code
		}
		if err != nil {
			return m.errorf(exitFailed, "fetch: %v", err)
		}
		if err := emit(r); err != nil {
			return m.errorf(exitFailed, "fetch: %v", err)
		}
	}
}

// pollFeeds polls feed URLs round after round with a Poller: a 304 or an
// unchanged feed prints nothing, new items print as they appear.
func pollFeeds(ctx context.Context, m *Main, urls []string, opt ingest.Options, every time.Duration, rounds int,
	emit func(*ingest.RawDoc) error, code *int) int {
	for _, u := range urls {
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return m.errorf(exitUsage, "fetch --poll: %s is not an http(s) feed URL", u)
		}
	}
	f := ingest.NewFetcher(opt)
	p := ingest.NewPoller(f)
	for round := 1; ; round++ {
		for _, u := range urls {
			items, notModified, err := p.Poll(ctx, u)
			switch {
			case ctx.Err() != nil:
				return *code
			case err != nil:
				m.errorf(0, "%v", err)
				*code = exitFailed
			case notModified:
				m.errorf(0, "%s: not modified", u)
			}
			for _, it := range items {
				if opt.FetchItems && it.Err == nil {
					it = f.FetchItem(ctx, it)
				}
				if err := emit(it); err != nil {
					return m.errorf(exitFailed, "fetch: %v", err)
				}
			}
		}
		if rounds > 0 && round >= rounds {
			return *code
		}
		select {
		case <-ctx.Done():
			return *code
		case <-time.After(every):
		}
	}
}
