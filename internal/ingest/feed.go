package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// ParseFeed reads an RSS 2.0 / RSS 1.0 / Atom / JSON Feed document and makes
// one RawDoc per item: content:encoded, Atom content or the description as
// HTML or text, the link as URL (resolved against sourceName when that is a
// URL), the item's date as Published with PublishedSource "feed". An item
// without any content comes back failed (ErrEmpty); a document that is not
// a feed is an error.
func ParseFeed(data []byte, sourceName string) (items []*RawDoc, err error) {
	defer func() {
		// A parser of untrusted input must not take the process down.
		if p := recover(); p != nil {
			items, err = nil, fmt.Errorf("feed parser failed: %v", p)
		}
	}()
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, errors.New("not an RSS, Atom, RDF or JSON feed")
		}
		return nil, fmt.Errorf("malformed feed: %w", err)
	}
	// Relative links resolve against the feed's URL, else its home link.
	var base *url.URL
	for _, b := range []string{sourceName, strings.TrimSpace(f.Link)} {
		if u, err := url.Parse(b); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			base = u
			break
		}
	}
	items = make([]*RawDoc, 0, len(f.Items))
	for i, it := range f.Items {
		if it == nil {
			continue
		}
		items = append(items, feedItem(f, it, i, sourceName, base))
	}
	return items, nil
}

func feedItem(f *gofeed.Feed, it *gofeed.Item, i int, sourceName string, base *url.URL) *RawDoc {
	where := sourceName + "#" + strconv.Itoa(i+1)
	r := &RawDoc{Kind: KindFeed, SourceName: where}
	r.ID = strings.TrimSpace(it.GUID)
	r.URL = strings.TrimSpace(it.Link)
	if r.URL == "" && len(it.Links) > 0 {
		r.URL = strings.TrimSpace(it.Links[0])
	}
	if base != nil && r.URL != "" {
		if u, err := base.Parse(r.URL); err == nil {
			r.URL = u.String()
		}
	}
	if r.ID == "" {
		r.ID = r.URL
	}
	if r.ID == "" {
		r.ID = StableID(sourceName, "item:"+strconv.Itoa(i+1))
	}
	r.Title = strings.Join(strings.Fields(it.Title), " ")
	r.Published = feedDate(it.Published, it.PublishedParsed)
	if r.Published == "" {
		r.Published = feedDate(it.Updated, it.UpdatedParsed)
	}
	if r.Published != "" {
		r.PublishedSource = PublishedFeed
	}
	var authors []string
	for _, a := range it.Authors {
		if a != nil && strings.TrimSpace(a.Name) != "" {
			authors = append(authors, strings.TrimSpace(a.Name))
		}
	}
	r.setMeta("author", strings.Join(authors, "; "))
	r.setMeta("feed_title", strings.TrimSpace(f.Title))
	r.setMeta("feed_link", strings.TrimSpace(f.Link))
	r.setMeta("feed_type", f.FeedType)
	r.setMeta("categories", strings.Join(it.Categories, "; "))
	r.setMeta("guid", strings.TrimSpace(it.GUID))
	if f.Language != "" {
		r.setMeta("feed_language", f.Language)
	}
	body := it.Content
	if strings.TrimSpace(body) == "" {
		body = it.Description
	}
	if strings.TrimSpace(body) == "" {
		r.Err = &ItemError{Source: where, Err: fmt.Errorf("%w: the item has no content (its link can be fetched with FetchItems)", ErrEmpty)}
		return r
	}
	ct := TypeText
	if looksMarkup(body) {
		ct = TypeHTML
	}
	if err := r.setBody([]byte(body), ct); err != nil {
		r.Err = &ItemError{Source: where, Err: err}
	}
	return r
}

// feedSource yields a parsed feed's items; with FetchItems it fetches each
// item's link when the item is reached, so pages are fetched one at a time.
type feedSource struct {
	items   []*RawDoc
	opt     Options
	fetcher *Fetcher
}

func newFeedSource(items []*RawDoc, opt Options) *feedSource {
	s := &feedSource{items: items, opt: opt}
	if opt.FetchItems {
		s.fetcher = opt.fetcher()
	}
	return s
}

func (s *feedSource) Next(ctx context.Context) (*RawDoc, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(s.items) == 0 {
		return nil, io.EOF
	}
	r := s.items[0]
	s.items[0] = nil
	s.items = s.items[1:]
	if s.fetcher != nil && r.URL != "" {
		return s.fetcher.FetchItem(ctx, r), nil
	}
	return r, nil
}

// FetchItem returns a feed item with its body replaced by the page its link
// points to; the feed's id, title, date and metadata stay. A failed fetch
// is a failed item. Items without a link come back as they are.
func (f *Fetcher) FetchItem(ctx context.Context, r *RawDoc) *RawDoc {
	if r.URL == "" {
		return r
	}
	resp, err := f.Get(ctx, r.URL, nil)
	if err != nil {
		return r.fail(err)
	}
	if resp.Status < 200 || resp.Status > 299 {
		return r.fail(&FetchError{URL: r.URL, Err: fmt.Errorf("HTTP %d %s", resp.Status, http.StatusText(resp.Status))})
	}
	out := *r
	out.Err = nil
	out.Meta = make(map[string]string, len(r.Meta)+2)
	for k, v := range r.Meta {
		out.Meta[k] = v
	}
	out.URL = resp.URL
	out.Fetched = resp.Fetched
	out.setMeta("http_content_type", resp.Header.Get("Content-Type"))
	if resp.URL != r.URL {
		out.setMeta("link", r.URL)
	}
	ct := TypeHTML
	if resp.Format() == FormatText {
		ct = TypeText
	}
	if err := out.setBody(resp.Body, ct); err != nil {
		return out.fail(&FetchError{URL: out.URL, Err: err})
	}
	return &out
}

func (s *feedSource) Close() error { s.items = nil; return nil }

// feedDate keeps the feed's own zone offset where the raw date reads as a
// standard layout; gofeed's parsed time (UTC) covers the odd formats.
func feedDate(raw string, parsed *time.Time) string {
	if n := NormDate(raw); len(n) >= 10 && n[4] == '-' && n[7] == '-' {
		return n
	}
	if parsed != nil {
		return parsed.UTC().Format(time.RFC3339)
	}
	return strings.TrimSpace(raw)
}
