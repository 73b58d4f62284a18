package ingest

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// openURL fetches a URL: a WARC or JSONL body streams record by record
// (a CC-NEWS file is a gigabyte), a feed becomes its items, anything else
// one document. A failed fetch (refused address, robots, timeout, HTTP
// error) is the source's error, so a dead feed URL fails clearly and at once.
func openURL(ctx context.Context, u string, opt Options) (Source, error) {
	f := opt.fetcher()
	st, err := f.Open(ctx, u, nil)
	if err != nil {
		return nil, err
	}
	if st.Status < 200 || st.Status > 299 {
		st.Body.Close()
		return nil, &FetchError{URL: u, Err: fmt.Errorf("HTTP %d %s", st.Status, http.StatusText(st.Status))}
	}
	br := bufio.NewReaderSize(st.Body, 64<<10)
	head, err := br.Peek(sniffLen)
	// A read error after some bytes comes back on the next read, where the
	// reader of the format reports it.
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) && len(head) == 0 {
		st.Body.Close()
		return nil, &FetchError{URL: u, Err: err}
	}
	body := &readCloser{Reader: br, Closer: st.Body}
	byExt := FormatByExt(urlPath(st.URL))
	switch sn := Sniff(head); {
	case sn == FormatWARC:
		return newWARCSource(u, body, opt)
	case sn == FormatJSONL && (byExt == FormatJSONL || strings.Contains(st.Header.Get("Content-Type"), "json")):
		return newJSONLSource(u, body, opt), nil
	case byExt == FormatJSONL && gzipped(urlPath(st.URL), byExt) && len(head) > 2 && head[0] == 0x1f && head[1] == 0x8b:
		zr, err := gzip.NewReader(br)
		if err != nil {
			st.Body.Close()
			return nil, &FetchError{URL: u, Err: err}
		}
		return newJSONLSource(u, &readCloser{Reader: zr, Closer: st.Body}, opt), nil
	}
	// One document or a feed: held whole, so under a total deadline too.
	total := time.AfterFunc(opt.Timeout, func() {
		if ib, ok := st.Body.(*idleBody); ok {
			ib.expire()
		} else {
			st.Body.Close()
		}
	})
	data, err := readCapped(br, opt.MaxBytes)
	total.Stop()
	st.Body.Close()
	if err != nil {
		return nil, fetchError(u, err)
	}
	resp := &Response{URL: st.URL, Status: st.Status, Header: st.Header, Body: data, Fetched: st.Fetched}
	if resp.Format() == FormatFeed {
		items, err := ParseFeed(resp.Body, resp.URL)
		if err != nil {
			return nil, &FetchError{URL: u, Err: err}
		}
		for _, it := range items {
			if it.Fetched == "" {
				it.Fetched = resp.Fetched
			}
		}
		opt.Fetcher = f
		return newFeedSource(items, opt), nil
	}
	return single(pageDoc(u, resp)), nil
}

func urlPath(u string) string {
	if p, err := url.Parse(u); err == nil {
		return p.Path
	}
	return u
}

// pageDoc makes the RawDoc of a fetched page.
func pageDoc(u string, resp *Response) *RawDoc {
	r := &RawDoc{ID: resp.URL, Kind: KindURL, SourceName: u, URL: resp.URL, Fetched: resp.Fetched}
	r.setMeta("http_content_type", resp.Header.Get("Content-Type"))
	if lm := resp.Header.Get("Last-Modified"); lm != "" {
		r.setMeta("http_last_modified", lm)
	}
	ct := TypeHTML
	switch resp.Format() {
	case FormatText:
		ct = TypeText
	case FormatHTML:
	default:
		if sn := Sniff(resp.Body); sn == FormatBinary || sn == FormatWARC {
			return failed(KindURL, u, r.ID, fmt.Errorf("%w: %s", ErrBinary, "Content-Type "+resp.Header.Get("Content-Type")))
		}
	}
	if err := r.setBody(resp.Body, ct); err != nil {
		return failed(KindURL, u, r.ID, err)
	}
	if ct == TypeHTML {
		r.Title = htmlTitle(r.Body, r.Meta["http_content_type"])
	}
	return r
}

// Validators are a feed's HTTP cache validators, kept between polls.
type Validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// Poller polls feed URLs with conditional GET: it sends the ETag and
// Last-Modified of the last answer as If-None-Match / If-Modified-Since,
// returns nothing on 304 Not Modified, and otherwise only the items it did
// not return for that feed last time. Safe for concurrent use.
type Poller struct {
	f     *Fetcher
	mu    sync.Mutex
	state map[string]*feedState
}

type feedState struct {
	v    Validators
	seen map[string]bool // item ids of the last answer
}

// NewPoller makes a poller over a fetcher.
func NewPoller(f *Fetcher) *Poller {
	return &Poller{f: f, state: map[string]*feedState{}}
}

// Validators returns what the poller remembers for a feed (to persist it).
func (p *Poller) Validators(feedURL string) Validators {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s := p.state[feedURL]; s != nil {
		return s.v
	}
	return Validators{}
}

// SetValidators restores persisted validators for a feed.
func (p *Poller) SetValidators(feedURL string, v Validators) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.state[feedURL]
	if s == nil {
		s = &feedState{}
		p.state[feedURL] = s
	}
	s.v = v
}

// Forget drops what the poller remembers of a feed, so the next Poll
// fetches it unconditionally and returns every item: for a caller whose
// handling of the last items failed.
func (p *Poller) Forget(feedURL string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.state, feedURL)
}

// Poll fetches a feed once. notModified is true on 304. Items are the new
// ones, in feed order; a 4xx/5xx answer or an unparsable feed is an error.
func (p *Poller) Poll(ctx context.Context, feedURL string) (items []*RawDoc, notModified bool, err error) {
	v := p.Validators(feedURL)
	h := http.Header{}
	if v.ETag != "" {
		h.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		h.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := p.f.Get(ctx, feedURL, h)
	if err != nil {
		return nil, false, err
	}
	if resp.Status == http.StatusNotModified {
		return nil, true, nil
	}
	if resp.Status < 200 || resp.Status > 299 {
		return nil, false, &FetchError{URL: feedURL, Err: fmt.Errorf("HTTP %d %s", resp.Status, http.StatusText(resp.Status))}
	}
	all, err := ParseFeed(resp.Body, resp.URL)
	if err != nil {
		return nil, false, &FetchError{URL: feedURL, Err: err}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.state[feedURL]
	if s == nil {
		s = &feedState{}
		p.state[feedURL] = s
	}
	s.v = Validators{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	seen := make(map[string]bool, len(all))
	for _, it := range all {
		seen[it.ID] = true
		if !s.seen[it.ID] {
			it.Fetched = resp.Fetched
			items = append(items, it)
		}
	}
	s.seen = seen
	return items, false, nil
}
