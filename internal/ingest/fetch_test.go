package ingest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// testOpts are fetcher options for httptest servers on 127.0.0.1.
func testOpts() Options {
	return Options{AllowPrivate: true, PerHostDelay: -1, Timeout: 2 * time.Second}
}

const feedTmpl = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Times</title><link>%[1]s/</link>
<item><title>Pier closes for repairs</title><link>%[1]s/news/pier</link><guid>ht-1</guid>
<pubDate>Mon, 03 Mar 2025 08:00:00 +0000</pubDate><description>Short teaser about the pier.</description></item>
<item><title>New lighthouse keeper</title><link>/news/keeper</link><guid>ht-2</guid>
<pubDate>Tue, 04 Mar 2025 10:30:00 +0000</pubDate><description>Short teaser about the keeper.</description></item>
<item><title>Gone</title><link>%[1]s/news/gone</link><guid>ht-3</guid><description>This page was removed.</description></item>
<item><title>Private</title><link>%[1]s/private/memo</link><guid>ht-4</guid><description>Not for robots.</description></item>
</channel></rss>`

// newsServer serves a feed, its pages, robots.txt and some failure modes.
func newsServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	mux := http.NewServeMux()
	var srv *httptest.Server
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	})
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		const etag = `"v1"`
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", "Mon, 03 Mar 2025 09:00:00 GMT")
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, feedTmpl, srv.URL)
	})
	mux.HandleFunc("/news/pier", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><head><title>Pier closes</title></head><body><p>The north pier of Kestrel Bay closed on Monday for six weeks of repairs.</p></body></html>`)
	})
	mux.HandleFunc("/news/keeper", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><head><title>Keeper</title></head><body><p>Marit Holm became the keeper of the Skerry lighthouse on Tuesday.</p></body></html>`)
	})
	mux.HandleFunc("/news/gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusNotFound) })
	mux.HandleFunc("/private/memo", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "secret") })
	mux.HandleFunc("/404.xml", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/500.xml", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", 500) })
	mux.HandleFunc("/slow.xml", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/big.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<p>"+strings.Repeat("word ", 2000)+"</p>")
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news/keeper", http.StatusMovedPermanently)
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &hits
}

// TestFeedServerEndToEnd: feed URL → items → each item's page fetched.
func TestFeedServerEndToEnd(t *testing.T) {
	srv, _ := newsServer(t)
	opt := testOpts()
	opt.FetchItems = true
	got := openDrain(t, srv.URL+"/feed.xml", opt)
	if len(got) != 4 {
		t.Fatalf("got %d items", len(got))
	}
	pier, keeper, gone, private := got[0], got[1], got[2], got[3]
	if pier.Err != nil || pier.ID != "ht-1" || pier.URL != srv.URL+"/news/pier" || pier.Title != "Pier closes for repairs" ||
		pier.ContentType != TypeHTML || !strings.Contains(string(pier.Body), "six weeks of repairs") ||
		pier.Published != "2025-03-03T08:00:00Z" || pier.PublishedSource != PublishedFeed || pier.Fetched == "" || pier.Kind != KindFeed {
		t.Errorf("pier: %+v", pier)
	}
	if keeper.Err != nil || keeper.URL != srv.URL+"/news/keeper" || !strings.Contains(string(keeper.Body), "Marit Holm") {
		t.Errorf("keeper (relative link): %+v", keeper)
	}
	if gone.Err == nil || !strings.Contains(gone.Err.Error(), "HTTP 404") || gone.ID != "ht-3" {
		t.Errorf("gone: %v", gone.Err)
	}
	if !errors.Is(private.Err, ErrRobots) {
		t.Errorf("private: %v", private.Err)
	}
	d, err := pier.Doc()
	if err != nil || d.RawHTML == "" || d.Meta.Published != "2025-03-03T08:00:00Z" || d.Meta.Extra["feed_title"] != "Harbour Times" {
		t.Errorf("pier doc: %v %+v", err, d.Meta)
	}

	// Without FetchItems the feed's own text is the document.
	got = openDrain(t, srv.URL+"/feed.xml", testOpts())
	if len(got) != 4 || got[0].Err != nil || string(got[0].Body) != "Short teaser about the pier." || got[0].ContentType != TypeText {
		t.Errorf("feed items without fetching: %+v", got[0])
	}
}

func TestFeedURLFailures(t *testing.T) {
	srv, _ := newsServer(t)
	opt := testOpts()
	opt.Timeout = time.Second
	for path, want := range map[string]string{
		"/404.xml":  "HTTP 404",
		"/500.xml":  "HTTP 500",
		"/slow.xml": "timed out",
		"/loop":     "too many redirects",
	} {
		start := time.Now()
		_, err := Open(context.Background(), srv.URL+path, opt)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), srv.URL+path) {
			t.Errorf("%s: error %v, want %q", path, err, want)
		}
		if el := time.Since(start); el > 4*time.Second {
			t.Errorf("%s: took %v", path, el)
		}
	}
}

func TestFetcherLimits(t *testing.T) {
	srv, _ := newsServer(t)
	opt := testOpts()
	opt.MaxBytes = 1000
	f := NewFetcher(opt)
	if _, err := f.Get(context.Background(), srv.URL+"/big.html", nil); !errors.Is(err, ErrTooLarge) {
		t.Errorf("big body: %v", err)
	}
	resp, err := f.Get(context.Background(), srv.URL+"/moved", nil)
	if err != nil || resp.URL != srv.URL+"/news/keeper" || resp.Status != 200 {
		t.Errorf("redirect: %v %+v", err, resp)
	}
	opt.MaxRedirects = -1
	f = NewFetcher(opt)
	if _, err := f.Get(context.Background(), srv.URL+"/moved", nil); !errors.Is(err, ErrRedirects) {
		t.Errorf("no redirects allowed: %v", err)
	}
	if _, err := f.Get(context.Background(), "ftp://example.org/x", nil); err == nil {
		t.Error("ftp URL accepted")
	}
}

// TestGuardRefusesLoopback: without AllowPrivate the dialer refuses the
// test server's 127.0.0.1, for the page and for a redirect to it.
func TestGuardRefusesLoopback(t *testing.T) {
	srv, hits := newsServer(t)
	opt := Options{PerHostDelay: -1, Timeout: 2 * time.Second}
	_, err := Open(context.Background(), srv.URL+"/feed.xml", opt)
	if !errors.Is(err, ErrPrivateAddress) || !strings.Contains(err.Error(), "127.0.0.1") {
		t.Errorf("loopback feed: %v", err)
	}
	if hits.Load() != 0 {
		t.Errorf("the server was reached %d times", hits.Load())
	}
	// A name resolving to loopback is refused at connect time too.
	host := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	if _, err := NewFetcher(opt).Get(context.Background(), host+"/feed.xml", nil); !errors.Is(err, ErrPrivateAddress) {
		t.Errorf("localhost: %v", err)
	}
}

func TestPublicAddr(t *testing.T) {
	for s, want := range map[string]bool{
		"8.8.8.8": true, "93.184.216.34": true, "2606:4700::1111": true,
		"127.0.0.1": false, "10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false, "169.254.169.254": false,
		"0.0.0.0": false, "224.0.0.1": false, "100.64.0.1": false, "255.255.255.255": false,
		"::1": false, "::": false, "fe80::1": false, "fc00::1": false, "ff02::1": false,
		"::ffff:127.0.0.1": false, "::ffff:8.8.8.8": true, "64:ff9b::a00:1": false,
	} {
		if got := PublicAddr(netip.MustParseAddr(s)); got != want {
			t.Errorf("PublicAddr(%s) = %v, want %v", s, got, want)
		}
	}
}

func TestPoliteness(t *testing.T) {
	srv, _ := newsServer(t)
	opt := testOpts()
	opt.PerHostDelay = 150 * time.Millisecond
	f := NewFetcher(opt)
	start := time.Now()
	for i := 0; i < 3; i++ { // robots.txt + 3 pages: 3 waits
		if _, err := f.Get(context.Background(), srv.URL+"/news/pier", nil); err != nil {
			t.Fatal(err)
		}
	}
	if el := time.Since(start); el < 3*150*time.Millisecond {
		t.Errorf("4 requests to one host in %v, want ≥ 450ms", el)
	}
	// A cancelled context stops the wait.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.Get(ctx, srv.URL+"/news/pier", nil); err == nil {
		t.Error("no error with a cancelled context")
	}
}

func TestRobotsServerError(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", 503) })
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<p>hello</p>") })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	_, err := NewFetcher(testOpts()).Get(context.Background(), srv.URL+"/a", nil)
	if !errors.Is(err, ErrRobots) || !strings.Contains(err.Error(), "503") {
		t.Errorf("robots 503: %v", err)
	}
}

func TestPoller(t *testing.T) {
	srv, hits := newsServer(t)
	p := NewPoller(NewFetcher(testOpts()))
	u := srv.URL + "/feed.xml"
	items, nm, err := p.Poll(context.Background(), u)
	if err != nil || nm || len(items) != 4 {
		t.Fatalf("first poll: %d items, notModified %v, %v", len(items), nm, err)
	}
	if v := p.Validators(u); v.ETag != `"v1"` || v.LastModified == "" {
		t.Errorf("validators %+v", v)
	}
	items, nm, err = p.Poll(context.Background(), u)
	if err != nil || !nm || len(items) != 0 {
		t.Errorf("second poll: %d items, notModified %v, %v", len(items), nm, err)
	}
	// A fresh poller with restored validators also gets 304.
	q := NewPoller(NewFetcher(testOpts()))
	q.SetValidators(u, Validators{ETag: `"v1"`})
	if _, nm, _ := q.Poll(context.Background(), u); !nm {
		t.Error("restored validators: no 304")
	}
	// Without validators the feed comes again, but its items are not new.
	p.SetValidators(u, Validators{})
	items, nm, err = p.Poll(context.Background(), u)
	if err != nil || nm || len(items) != 0 {
		t.Errorf("unchanged feed: %d new items, %v %v", len(items), nm, err)
	}
	// Forget: the next poll fetches unconditionally and returns every item.
	p.Forget(u)
	items, nm, err = p.Poll(context.Background(), u)
	if err != nil || nm || len(items) != 4 {
		t.Errorf("after Forget: %d items, notModified %v, %v", len(items), nm, err)
	}
	if hits.Load() != 5 {
		t.Errorf("feed fetched %d times, want 5", hits.Load())
	}
	if _, _, err := p.Poll(context.Background(), srv.URL+"/500.xml"); err == nil || !strings.Contains(err.Error(), "HTTP 500") {
		t.Errorf("500: %v", err)
	}
}

func TestURLPage(t *testing.T) {
	srv, _ := newsServer(t)
	got := openDrain(t, srv.URL+"/news/keeper", testOpts())
	if len(got) != 1 || got[0].Err != nil || got[0].Kind != KindURL || got[0].Title != "Keeper" || got[0].ID != srv.URL+"/news/keeper" ||
		got[0].Fetched == "" || got[0].Meta["http_content_type"] != "text/html" {
		t.Errorf("page: %+v", got[0])
	}
}

// TestURLStreams: a WARC or JSONL URL streams record by record; a stream
// that stalls fails on its idle timeout instead of hanging.
func TestURLStreams(t *testing.T) {
	warc := newsWARC(true)
	mux := http.NewServeMux()
	mux.HandleFunc("/crawl.warc.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/warc")
		w.Write(warc)
	})
	mux.HandleFunc("/stall.warc.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Write(warc[:len(warc)*3/4])
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	mux.HandleFunc("/wire.jsonl", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-ndjson")
		fmt.Fprint(w, `{"id":"u1","text":"Tugboats freed the grounded tanker."}`+"\n"+`{"id":"u2","text":"The port reopened."}`+"\n")
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	opt := testOpts()
	opt.Timeout = time.Second

	got := openDrain(t, srv.URL+"/crawl.warc.gz", opt)
	if len(got) != 2 || got[0].Err != nil || got[0].URL != "https://ferry.example.org/news/1" ||
		!strings.HasPrefix(got[0].SourceName, srv.URL+"/crawl.warc.gz@") {
		t.Errorf("WARC over HTTP: %+v", got)
	}
	got = openDrain(t, srv.URL+"/wire.jsonl", opt)
	if len(got) != 2 || got[1].ID != "u2" || got[1].SourceName != srv.URL+"/wire.jsonl:2" {
		t.Errorf("JSONL over HTTP: %+v", got)
	}
	start := time.Now()
	got = openDrain(t, srv.URL+"/stall.warc.gz", opt)
	last := got[len(got)-1]
	if last.Err == nil || !strings.Contains(last.Err.Error(), "timed out") {
		t.Errorf("stalled WARC: last item %v", last.Err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("stalled stream took %v", el)
	}
}

// TestGuardControl checks the dial-time hook on the resolved address, which
// is what redirects and DNS rebinding end up at.
func TestGuardControl(t *testing.T) {
	for addr, ok := range map[string]bool{
		"8.8.8.8:443": true, "[2606:4700::1111]:80": true,
		"127.0.0.1:80": false, "10.0.0.7:8080": false, "[::1]:443": false, "169.254.169.254:80": false,
		"[::ffff:192.168.0.1]:80": false, "not-an-ip:80": false,
	} {
		err := guardControl("tcp", addr, nil)
		if (err == nil) != ok || (err != nil && !errors.Is(err, ErrPrivateAddress)) {
			t.Errorf("guardControl(%s) = %v, want ok=%v", addr, err, ok)
		}
	}
}
