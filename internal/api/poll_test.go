package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/store"
)

// feedServer serves an RSS feed whose items the test sets, with an ETag per
// version, answering 304 to a matching If-None-Match.
type feedServer struct {
	*httptest.Server
	mu          sync.Mutex
	items       []string // descriptions; item i has guid item-i
	version     int
	requests    int
	notModified int
}

func newFeedServer(t *testing.T, items ...string) *feedServer {
	f := &feedServer{items: items, version: 1}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
		case "/page":
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<html><body><p>Not a feed.</p></body></html>")
			return
		default:
			http.NotFound(w, r)
			return
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		f.requests++
		etag := fmt.Sprintf(`"v%d"`, f.version)
		if r.Header.Get("If-None-Match") == etag {
			f.notModified++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/rss+xml")
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour wire</title><link>https://wire.example/</link>`)
		for i, it := range f.items {
			fmt.Fprintf(&b, `<item><guid>item-%d</guid><title>Item %d</title><link>https://wire.example/%d</link><pubDate>Mon, 03 Mar 2025 08:00:00 GMT</pubDate><description>%s</description></item>`, i, i, i, it)
		}
		b.WriteString(`</channel></rss>`)
		io.WriteString(w, b.String())
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *feedServer) set(items ...string) {
	f.mu.Lock()
	f.items = items
	f.version++
	f.mu.Unlock()
}

func (f *feedServer) counts() (requests, notModified int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests, f.notModified
}

// waitFor polls cond until it holds or 10 s pass.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestIngestPollFeed(t *testing.T) {
	feed := newFeedServer(t, "Port officials met dock workers in Maravel.", "The harbour board met on Friday.")
	s, f := newTest(t, Config{Token: "tok", Pipeline: fakePipeline, IngestOptions: IngestOptions{
		Fetch: ingest.Options{AllowPrivate: true, PerHostDelay: -1}, MinPollInterval: 20 * time.Millisecond, MaxPolls: 2}})
	defer s.Close()
	h := s.Handler()
	auth := []string{"Authorization", "Bearer tok", "Content-Type", "application/json"}
	poll := func(id string) PollInfo {
		t.Helper()
		r := do(t, h, "GET", "/api/polls/"+id, "")
		var p PollInfo
		if r.status != 200 || json.Unmarshal([]byte(r.body), &p) != nil {
			t.Fatalf("GET poll %s: %d %s", id, r.status, r.body)
		}
		return p
	}

	// Bad registrations register nothing.
	for _, tc := range []struct{ body, param string }{
		{`{"url":"` + feed.URL + `/feed.xml","interval":"5ms"}`, "interval"},
		{`{"url":"` + feed.URL + `/feed.xml","interval":"soon"}`, "interval"},
		{`{"url":"` + feed.URL + `/feed.xml","interval":"200h"}`, "interval"},
		{`{"url":"` + feed.URL + `/page","interval":"1s"}`, "url"},
		{`{"url":"ftp://x/feed","interval":"1s"}`, "url"},
	} {
		if r := do(t, h, "POST", "/api/ingest", tc.body, auth...); r.status != 400 || !strings.Contains(r.body, `"param":"`+tc.param+`"`) {
			t.Errorf("%s: %d %s", tc.body, r.status, r.body)
		}
	}
	if r := do(t, h, "POST", "/api/ingest", `{"url":"`+feed.URL+`/feed.xml","interval":"50ms"}`, "Content-Type", "application/json"); r.status != 401 {
		t.Errorf("no token: %d", r.status)
	}
	if r := do(t, h, "GET", "/api/polls", ""); r.status != 200 || r.body != `{"polls":[]}`+"\n" {
		t.Fatalf("polls after refusals: %d %s", r.status, r.body)
	}

	// The first round runs in the request and stores both items.
	r := do(t, h, "POST", "/api/ingest?date=2025-03-01", `{"url":"`+feed.URL+`/feed.xml","interval":"50ms"}`, auth...)
	var created PollCreated
	if r.status != 201 || json.Unmarshal([]byte(r.body), &created) != nil {
		t.Fatalf("register: %d %s", r.status, r.body)
	}
	p := created.Poll
	if p.ID != "p1" || p.URL != feed.URL+"/feed.xml" || p.Interval != "50ms" || p.Rounds != 1 || p.Items != 2 || p.Stored != 2 ||
		p.LastStatus != "new" || p.Date != "2025-03-01" || created.Result == nil || created.Result.Counts.Stored != 2 || p.LastRun != created.Result.Run {
		t.Fatalf("created %s", r.body)
	}
	// pollRuns lists the runs the polls wrote, newest first.
	pollRuns := func() []store.Run {
		all, _ := f.Runs(context.Background(), 0)
		var out []store.Run
		for _, r := range all {
			if r.Options["via"] == "poll" {
				out = append(out, r)
			}
		}
		return out
	}
	if runs := pollRuns(); len(runs) != 1 || runs[0].Sources[0] != p.URL || runs[0].Counts.Stored != 2 {
		t.Fatalf("runs %+v", runs)
	}

	// Later rounds send the ETag back and get 304s; no run is written.
	waitFor(t, "two 304 rounds", func() bool { p = poll("p1"); return p.NotModified >= 2 })
	if _, nm := feed.counts(); nm < 2 || p.LastStatus != "not_modified" || p.NextPoll == nil || len(pollRuns()) != 1 {
		t.Fatalf("after 304s: feed %d 304s, poll %+v, %d runs", nm, p, len(pollRuns()))
	}

	// A new item is stored in the next round, alone.
	feed.set("Port officials met dock workers in Maravel.", "The harbour board met on Friday.", "Ferry crews met the mayor of Lindgrave.")
	waitFor(t, "the new item", func() bool { p = poll("p1"); return p.Stored == 3 })
	if runs := pollRuns(); p.Items != 3 || len(runs) != 2 || runs[0].Counts.Stored != 1 || runs[0].Counts.Seen != 1 || p.LastRun != runs[0].ID {
		t.Fatalf("after the new item: poll %+v, runs %+v", p, runs)
	}

	// A round whose store fails is retried whole: the next one fetches the
	// feed without validators and stores what the failed one lost.
	f.SetDown(true)
	feed.set("Port officials met dock workers in Maravel.", "The harbour board met on Friday.", "Ferry crews met the mayor of Lindgrave.", "Pilots met the port board.")
	waitFor(t, "a failed round", func() bool { p = poll("p1"); return p.Errors >= 1 })
	if p.LastStatus != "error" || !strings.Contains(p.LastError, "database is closed") {
		t.Fatalf("failed round: %+v", p)
	}
	f.SetDown(false)
	waitFor(t, "the lost item", func() bool { p = poll("p1"); return p.Stored == 4 })
	if runs := pollRuns(); runs[0].Counts.Stored != 1 || runs[0].Counts.Existing != 3 {
		t.Fatalf("retry run: %+v", runs[0])
	}

	// The same feed twice is a conflict; the cap holds.
	if r := do(t, h, "POST", "/api/ingest", `{"url":"`+feed.URL+`/feed.xml","interval":"1s"}`, auth...); r.status != 409 || !strings.Contains(r.body, "already polled as p1") {
		t.Errorf("duplicate: %d %s", r.status, r.body)
	}
	other := newFeedServer(t, "Second wire item.")
	if r := do(t, h, "POST", "/api/ingest", `{"url":"`+other.URL+`/feed.xml","interval":"1h"}`, auth...); r.status != 201 {
		t.Fatalf("second poll: %d %s", r.status, r.body)
	}
	third := newFeedServer(t, "Third wire item.")
	if r := do(t, h, "POST", "/api/ingest", `{"url":"`+third.URL+`/feed.xml","interval":"1h"}`, auth...); r.status != 409 || !strings.Contains(r.body, "polls 2 feeds") {
		t.Errorf("over the cap: %d %s", r.status, r.body)
	}
	var list pollsResp
	if r := do(t, h, "GET", "/api/polls", ""); json.Unmarshal([]byte(r.body), &list) != nil || len(list.Polls) != 2 || list.Polls[0].ID != "p1" || list.Polls[1].ID != "p2" {
		t.Fatalf("list: %s", r.body)
	}

	// Delete stops the rounds.
	if r := do(t, h, "DELETE", "/api/polls/p1", ""); r.status != 401 {
		t.Errorf("delete without token: %d", r.status)
	}
	r = do(t, h, "DELETE", "/api/polls/p1", "", auth...)
	if r.status != 200 || !strings.Contains(r.body, `"last_status":"stopped"`) {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	before, _ := feed.counts()
	time.Sleep(200 * time.Millisecond) // four intervals
	if after, _ := feed.counts(); after != before {
		t.Errorf("feed fetched %d times after the poll was deleted", after-before)
	}
	if r := do(t, h, "GET", "/api/polls/p1", ""); r.status != 404 {
		t.Errorf("deleted poll: %d", r.status)
	}
	if r := do(t, h, "DELETE", "/api/polls/p1", "", auth...); r.status != 404 {
		t.Errorf("delete twice: %d", r.status)
	}
	if r := do(t, h, "GET", "/metrics", ""); !strings.Contains(r.body, `newsgraph_poll_rounds_total{result="not_modified"}`) {
		t.Error("poll rounds not in /metrics")
	}
}

// TestPollsStopOnClose: Close ends every poll's goroutine; registrations
// after it are refused with 503.
func TestPollsStopOnClose(t *testing.T) {
	feed := newFeedServer(t, "Port officials met dock workers in Maravel.")
	s, _ := newTest(t, Config{Token: "tok", Pipeline: fakePipeline, IngestOptions: IngestOptions{
		Fetch: ingest.Options{AllowPrivate: true, PerHostDelay: -1}, MinPollInterval: 10 * time.Millisecond}})
	h := s.Handler()
	auth := []string{"Authorization", "Bearer tok", "Content-Type", "application/json"}
	if r := do(t, h, "POST", "/api/ingest", `{"url":"`+feed.URL+`/feed.xml","interval":"20ms"}`, auth...); r.status != 201 {
		t.Fatalf("register: %d %s", r.status, r.body)
	}
	waitFor(t, "a background round", func() bool { n, _ := feed.counts(); return n >= 3 })
	done := make(chan error)
	go func() { done <- s.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return")
	}
	before, _ := feed.counts()
	time.Sleep(100 * time.Millisecond)
	if after, _ := feed.counts(); after != before {
		t.Errorf("feed fetched %d times after Close", after-before)
	}
	if r := do(t, h, "POST", "/api/ingest", `{"url":"`+feed.URL+`/other.xml","interval":"20ms"}`, auth...); r.status != 503 {
		t.Errorf("register after Close: %d %s", r.status, r.body)
	}
}
