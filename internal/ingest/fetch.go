package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/temoto/robotstxt"
)

// DefaultUserAgent is sent when Options.UserAgent is empty.
const DefaultUserAgent = "newsgraph/0.1 (+https://github.com/newsgraph/newsgraph)"

// robotsAgent is the product token matched against robots.txt groups.
const robotsAgent = "newsgraph"

// maxCrawlDelay bounds a robots.txt Crawl-delay we honour.
const maxCrawlDelay = 30 * time.Second

// Errors of the fetcher; test with errors.Is.
var (
	ErrPrivateAddress = errors.New("refusing to connect to a non-public address (allow with --allow-private)")
	ErrRobots         = errors.New("disallowed by robots.txt")
	ErrRedirects      = errors.New("too many redirects")
)

// Fetcher gets URLs politely and safely: a timeout per request, a cap on the
// body, a redirect limit, robots.txt (cached per host), a least delay between
// requests to one host, and a dialer that refuses non-public addresses at
// connect time, so neither DNS rebinding nor a redirect can reach them.
// It is safe for concurrent use.
type Fetcher struct {
	opt    Options
	client *http.Client

	mu     sync.Mutex
	robots map[string]*robotsEntry // by scheme://host
	next   map[string]time.Time    // by host: earliest next request
}

type robotsEntry struct {
	mu    sync.Mutex // held while robots.txt is fetched: one fetch per host
	done  bool
	rules robotsRules
}

// robotsRules are a host's robots.txt rules; the zero value allows all.
type robotsRules struct {
	data  *robotstxt.RobotsData
	delay time.Duration
	why   string // why everything is disallowed, when it is
}

// Response is a fetched body.
type Response struct {
	URL     string // after redirects
	Status  int
	Header  http.Header
	Body    []byte
	Fetched string // RFC 3339
}

// Format says what the body holds, from its Content-Type and content.
func (r *Response) Format() Format {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	sn := Sniff(r.Body)
	switch {
	case sn == FormatFeed:
		return FormatFeed
	case strings.Contains(mt, "rss") || strings.Contains(mt, "atom") || mt == "application/feed+json":
		return FormatFeed
	case mt == "text/plain" && sn != FormatBinary:
		return FormatText
	case mt == "text/html" || mt == "application/xhtml+xml":
		return FormatHTML
	}
	return sn
}

// NewFetcher makes a fetcher from the options (defaults filled in).
func NewFetcher(opt Options) *Fetcher {
	opt = opt.withDefaults()
	f := &Fetcher{opt: opt, robots: map[string]*robotsEntry{}, next: map[string]time.Time{}}
	if opt.HTTPClient != nil {
		f.client = opt.HTTPClient
		return f
	}
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if !opt.AllowPrivate {
		d.Control = guardControl
	}
	tr := &http.Transport{
		Proxy:                 nil, // a proxy would make the guard check the proxy, not the target
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          32,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       60 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: opt.Timeout,
		ExpectContinueTimeout: time.Second,
	}
	f.client = &http.Client{
		Transport: tr,
		Timeout:   opt.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if opt.MaxRedirects < 0 || len(via) > opt.MaxRedirects {
				return fmt.Errorf("%w (limit %d)", ErrRedirects, max(opt.MaxRedirects, 0))
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to unsupported scheme %q", req.URL.Scheme)
			}
			return nil
		},
	}
	return f
}

// guardControl runs after DNS resolution, on the address actually dialled.
func guardControl(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("%w: unparsable address %q", ErrPrivateAddress, host)
	}
	if !PublicAddr(ip) {
		return fmt.Errorf("%w: %s", ErrPrivateAddress, ip)
	}
	return nil
}

var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, broadcast
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
}

var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// PublicAddr reports whether ip is a public unicast address: not loopback,
// private, link-local, unspecified, multicast or reserved. IPv4 inside IPv6
// (mapped or NAT64) is judged as IPv4.
func PublicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	if nat64.Contains(ip) {
		b := ip.As16()
		ip = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() || ip.IsMulticast() ||
		ip.IsUnspecified() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// Get fetches a URL after checking robots.txt and waiting its turn for the
// host. header adds request headers (conditional GET). A non-2xx status is
// not an error: the caller reads Status. Bodies over MaxBytes are.
func (f *Fetcher) Get(ctx context.Context, rawURL string, header http.Header) (*Response, error) {
	u, err := f.prepare(ctx, rawURL)
	if err != nil {
		return nil, err
	}
	return f.do(ctx, u.String(), header)
}

// prepare checks a URL and robots.txt and waits the host's turn.
func (f *Fetcher) prepare(ctx context.Context, rawURL string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("bad URL %q: %v", rawURL, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("unsupported URL scheme %q", u.Scheme)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("URL %q has no host", rawURL)
	}
	rb := f.robotsFor(ctx, u)
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if rb.data != nil && !rb.data.TestAgent(path+queryPart(u), robotsAgent) {
		if rb.why != "" {
			return nil, &FetchError{URL: rawURL, Err: fmt.Errorf("%w: %s", ErrRobots, rb.why)}
		}
		return nil, &FetchError{URL: rawURL, Err: ErrRobots}
	}
	if err := f.wait(ctx, u.Host, rb.delay); err != nil {
		return nil, err
	}
	return u, nil
}

// Stream is a response whose body is read as it arrives.
type Stream struct {
	URL     string // after redirects
	Status  int
	Header  http.Header
	Fetched string
	// Body fails when no byte arrives for the fetcher's Timeout; the
	// caller closes it.
	Body io.ReadCloser
}

// Open is Get for bodies too large to hold, such as a CC-NEWS WARC of a
// gigabyte: it returns once the headers are in and the body streams, under
// an idle timeout instead of a total one.
func (f *Fetcher) Open(ctx context.Context, rawURL string, header http.Header) (*Stream, error) {
	u, err := f.prepare(ctx, rawURL)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	body := &idleBody{d: f.opt.Timeout, cancel: cancel}
	body.t = time.AfterFunc(f.opt.Timeout, body.expire)
	req, err := f.request(ctx, u.String(), header)
	if err != nil {
		body.Close()
		return nil, err
	}
	c := *f.client
	c.Timeout = 0 // the idle timer stands in
	resp, err := c.Do(req)
	if err != nil {
		body.Close()
		if body.expired.Load() {
			return nil, &FetchError{URL: rawURL, Err: fmt.Errorf("timed out: no answer in %v", f.opt.Timeout)}
		}
		return nil, fetchError(rawURL, err)
	}
	body.rc = resp.Body
	body.t.Reset(f.opt.Timeout)
	return &Stream{URL: resp.Request.URL.String(), Status: resp.StatusCode, Header: resp.Header, Body: body,
		Fetched: f.opt.Now().UTC().Format(time.RFC3339)}, nil
}

// idleBody cancels its request when no byte has come for d.
type idleBody struct {
	rc      io.ReadCloser
	t       *time.Timer
	d       time.Duration
	cancel  context.CancelFunc
	expired atomic.Bool
}

func (b *idleBody) expire() { b.expired.Store(true); b.cancel() }

func (b *idleBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 {
		b.t.Reset(b.d)
	}
	if err != nil && err != io.EOF && b.expired.Load() {
		err = fmt.Errorf("timed out: no data for %v: %w", b.d, err)
	}
	return n, err
}

func (b *idleBody) Close() error {
	b.t.Stop()
	b.cancel()
	if b.rc != nil {
		return b.rc.Close()
	}
	return nil
}

func queryPart(u *url.URL) string {
	if u.RawQuery == "" {
		return ""
	}
	return "?" + u.RawQuery
}

func (f *Fetcher) request(ctx context.Context, rawURL string, header http.Header) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("User-Agent", f.opt.UserAgent)
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/plain;q=0.8, */*;q=0.1")
	}
	return req, nil
}

func (f *Fetcher) do(ctx context.Context, rawURL string, header http.Header) (*Response, error) {
	req, err := f.request(ctx, rawURL, header)
	if err != nil {
		return nil, err
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, fetchError(rawURL, err)
	}
	defer resp.Body.Close()
	if resp.ContentLength > f.opt.MaxBytes {
		return nil, &FetchError{URL: rawURL, Err: fmt.Errorf("%w: Content-Length %d > %d", ErrTooLarge, resp.ContentLength, f.opt.MaxBytes)}
	}
	body, err := readCapped(resp.Body, f.opt.MaxBytes)
	if err != nil {
		return nil, fetchError(rawURL, err)
	}
	return &Response{
		URL:     resp.Request.URL.String(),
		Status:  resp.StatusCode,
		Header:  resp.Header,
		Body:    body,
		Fetched: f.opt.Now().UTC().Format(time.RFC3339),
	}, nil
}

// FetchError is a failed request: the URL and why.
type FetchError struct {
	URL string
	Err error
}

func (e *FetchError) Error() string { return e.URL + ": " + e.Err.Error() }
func (e *FetchError) Unwrap() error { return e.Err }

// fetchError says plainly what went wrong with a request.
func fetchError(rawURL string, err error) error {
	var fe *FetchError
	if errors.As(err, &fe) {
		return err
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		// "Get "URL": dial tcp …" → "URL: dial tcp …"; a redirect's URL stays.
		if ue.URL != rawURL {
			err = fmt.Errorf("redirected to %s: %w", ue.URL, ue.Err)
		} else {
			err = ue.Err
		}
	}
	var ne net.Error
	switch {
	case errors.Is(err, ErrPrivateAddress), errors.Is(err, ErrRedirects), errors.Is(err, ErrTooLarge):
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return &FetchError{URL: rawURL, Err: fmt.Errorf("timed out: %w", err)}
	}
	return &FetchError{URL: rawURL, Err: err}
}

// robotsFor fetches and caches robots.txt for the URL's scheme and host.
// Per RFC 9309 a 4xx means no restrictions and a 5xx that the whole site is
// off limits; when robots.txt cannot be reached at all the page request is
// tried and fails with the real reason.
func (f *Fetcher) robotsFor(ctx context.Context, u *url.URL) robotsRules {
	key := u.Scheme + "://" + u.Host
	f.mu.Lock()
	e := f.robots[key]
	if e == nil {
		e = &robotsEntry{}
		f.robots[key] = e
	}
	f.mu.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.done {
		return e.rules
	}
	if err := f.wait(ctx, u.Host, 0); err != nil {
		return robotsRules{} // cancelled: ask again next time
	}
	resp, err := f.do(ctx, key+"/robots.txt", nil)
	if err != nil {
		if ctx.Err() == nil {
			// Unreachable: the page request fails too and says why.
			e.done = true
		}
		return e.rules
	}
	e.done = true
	data, err := robotstxt.FromStatusAndBytes(resp.Status, resp.Body)
	if err != nil { // unparsable rules: none
		return e.rules
	}
	if resp.Status >= 500 {
		e.rules.why = fmt.Sprintf("robots.txt answered HTTP %d, so the site is off limits", resp.Status)
	}
	e.rules.data = data
	if g := data.FindGroup(robotsAgent); g != nil {
		e.rules.delay = min(g.CrawlDelay, maxCrawlDelay)
	}
	return e.rules
}

// wait blocks until the host may be asked again, and books the next slot.
func (f *Fetcher) wait(ctx context.Context, host string, crawlDelay time.Duration) error {
	delay := max(f.opt.PerHostDelay, crawlDelay)
	if delay <= 0 {
		return nil
	}
	f.mu.Lock()
	now := time.Now() // real time, whatever clock stamps documents
	at := f.next[host]
	if at.Before(now) {
		at = now
	}
	f.next[host] = at.Add(delay)
	f.mu.Unlock()
	d := at.Sub(now)
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
