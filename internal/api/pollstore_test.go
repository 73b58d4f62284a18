package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/api/apitest"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
)

// logBuf is a log sink that polls write to while the test reads it.
type logBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuf) Write(p []byte) (int, error) { l.mu.Lock(); defer l.mu.Unlock(); return l.b.Write(p) }
func (l *logBuf) String() string              { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

func TestPollsSurviveRestartSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "polls.db")
	checkPollRestart(t, func(readOnly bool) store.Store {
		st, err := store.Open(context.Background(), path, store.Options{ReadOnly: readOnly})
		if err != nil {
			t.Fatal(err)
		}
		return st
	})
}

func TestPollsSurviveRestartPostgres(t *testing.T) {
	dsn := storetest.FreshSchema(t, storetest.PostgresDSN(t), "ngpolls")
	checkPollRestart(t, func(readOnly bool) store.Store {
		st, err := store.Open(context.Background(), dsn, store.Options{ReadOnly: readOnly})
		if err != nil {
			t.Fatal(err)
		}
		return st
	})
}

// checkPollRestart registers a poll, stops the server and starts another
// on the same database: the poll comes back with its settings and counts,
// its next round sends the saved ETag (a 304), ids continue, DELETE
// removes it from the store, and a read-only server lists the saved polls
// as paused without polling them.
func checkPollRestart(t *testing.T, open func(readOnly bool) store.Store) {
	feed := newFeedServer(t, "Port officials met dock workers in Maravel.", "The harbour board met on Friday.")
	other := newFeedServer(t, "Ferry crews met the mayor of Lindgrave.")
	base := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	opts := IngestOptions{Fetch: ingest.Options{AllowPrivate: true, PerHostDelay: -1}, MinPollInterval: 20 * time.Millisecond}
	auth := []string{"Authorization", "Bearer tok", "Content-Type", "application/json"}

	// First server: register with an hour's interval, so the only round
	// is the one in the request.
	st := open(false)
	s := New(Config{Store: st, Token: "tok", Pipeline: plainPipeline, IngestOptions: opts, Now: func() time.Time { return base }})
	if n, err := s.ResumePolls(context.Background()); n != 0 || err != nil {
		t.Fatalf("resume on an empty store: %d %v", n, err)
	}
	r := do(t, s.Handler(), "POST", "/api/ingest?date=2025-03-01", `{"url":"`+feed.URL+`/feed.xml","interval":"1h"}`, auth...)
	var created PollCreated
	if r.status != 201 || json.Unmarshal([]byte(r.body), &created) != nil || created.Poll.ID != "p1" || created.Poll.Stored != 2 {
		t.Fatalf("register: %d %s", r.status, r.body)
	}
	saved, err := st.(store.PollStore).Polls(context.Background())
	want := store.Poll{ID: 1, URL: feed.URL + "/feed.xml", Interval: time.Hour, Date: "2025-03-01", Created: base, LastPoll: base,
		LastStatus: "new", LastRun: created.Result.Run, Rounds: 1, Items: 2, Stored: 2, ETag: `"v1"`}
	if err != nil || len(saved) != 1 || saved[0] != want {
		t.Fatalf("saved polls %v:\n got %+v\nwant %+v", err, saved, want)
	}
	s.Close()
	st.Close()

	// Second server, two hours later: the poll is back and its overdue
	// round runs at once, conditional on the saved ETag.
	logs := &logBuf{}
	st = open(false)
	s = New(Config{Store: st, Token: "tok", Pipeline: plainPipeline, IngestOptions: opts,
		Now: func() time.Time { return base.Add(2 * time.Hour) }, Log: slog.New(slog.NewTextHandler(logs, nil))})
	h := s.Handler()
	if r := do(t, h, "GET", "/api/polls", ""); r.body != `{"polls":[]}`+"\n" {
		t.Fatalf("before ResumePolls: %s", r.body)
	}
	if n, err := s.ResumePolls(context.Background()); n != 1 || err != nil {
		t.Fatalf("resume: %d %v", n, err)
	}
	var p PollInfo
	waitFor(t, "the resumed round", func() bool {
		r := do(t, h, "GET", "/api/polls/p1", "")
		return json.Unmarshal([]byte(r.body), &p) == nil && p.Rounds == 2
	})
	next := base.Add(3 * time.Hour)
	if reqs, nm := feed.counts(); reqs != 2 || nm != 1 || p.LastStatus != "not_modified" || p.NotModified != 1 || p.Stored != 2 || p.Items != 2 ||
		p.URL != want.URL || p.Interval != "1h0m0s" || p.Date != "2025-03-01" || !p.Created.Equal(base) || p.LastRun != created.Result.Run ||
		p.NextPoll == nil || !p.NextPoll.Equal(next) || p.Paused {
		t.Fatalf("resumed poll after %d requests (%d 304s): %+v", reqs, nm, p)
	}
	if !strings.Contains(logs.String(), "poll resumed") || !strings.Contains(logs.String(), "id=p1") {
		t.Errorf("log: %s", logs.String())
	}
	waitFor(t, "the round saved", func() bool {
		saved, _ = st.(store.PollStore).Polls(context.Background())
		return len(saved) == 1 && saved[0].Rounds == 2
	})
	if saved[0].LastStatus != "not_modified" || saved[0].ETag != `"v1"` || !saved[0].LastPoll.Equal(base.Add(2*time.Hour)) {
		t.Errorf("saved after the resumed round: %+v", saved[0])
	}
	// The same URL is still one poll; new ids continue after the saved ones.
	if r := do(t, h, "POST", "/api/ingest", `{"url":"`+feed.URL+`/feed.xml","interval":"1h"}`, auth...); r.status != 409 {
		t.Errorf("duplicate after restart: %d %s", r.status, r.body)
	}
	if r := do(t, h, "POST", "/api/ingest", `{"url":"`+other.URL+`/feed.xml","interval":"2h"}`, auth...); r.status != 201 || !strings.Contains(r.body, `"id":"p2"`) {
		t.Fatalf("second poll: %d %s", r.status, r.body)
	}
	// DELETE takes the poll out of the store.
	if r := do(t, h, "DELETE", "/api/polls/p1", "", auth...); r.status != 200 {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	saved, _ = st.(store.PollStore).Polls(context.Background())
	if len(saved) != 1 || saved[0].ID != 2 || saved[0].URL != other.URL+"/feed.xml" || saved[0].Interval != 2*time.Hour {
		t.Fatalf("saved after delete: %+v", saved)
	}
	s.Close()
	st.Close()

	// A read-only server lists the saved poll, paused, and polls nothing.
	logs = &logBuf{}
	st = open(true)
	defer st.Close()
	s = New(Config{Store: st, ReadOnly: true, Pipeline: plainPipeline, IngestOptions: opts,
		Now: func() time.Time { return base.Add(5 * time.Hour) }, Log: slog.New(slog.NewTextHandler(logs, nil))})
	defer s.Close()
	h = s.Handler()
	before, _ := other.counts()
	if n, err := s.ResumePolls(context.Background()); n != 1 || err != nil {
		t.Fatalf("read-only resume: %d %v", n, err)
	}
	r = do(t, h, "GET", "/api/polls", "")
	var list pollsResp
	if json.Unmarshal([]byte(r.body), &list) != nil || len(list.Polls) != 1 || list.Polls[0].ID != "p2" || !list.Polls[0].Paused ||
		list.Polls[0].NextPoll != nil || list.Polls[0].Rounds != 1 {
		t.Fatalf("read-only list: %s", r.body)
	}
	if !strings.Contains(logs.String(), "read-only") || !strings.Contains(logs.String(), "ids=p2") {
		t.Errorf("read-only log: %s", logs.String())
	}
	if r := do(t, h, "DELETE", "/api/polls/p2", "", auth...); r.status != 403 {
		t.Errorf("read-only delete: %d %s", r.status, r.body)
	}
	time.Sleep(50 * time.Millisecond)
	if after, _ := other.counts(); after != before {
		t.Errorf("a read-only server fetched the feed %d times", after-before)
	}
}

// pollStoreFake is the Fake with a poll store whose writes fail on demand.
type pollStoreFake struct {
	*apitest.Fake
	mu        sync.Mutex
	polls     map[int64]store.Poll
	saveErr   error
	deleteErr error
}

func (f *pollStoreFake) SavePoll(ctx context.Context, p store.Poll) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.saveErr != nil {
		return f.saveErr
	}
	f.polls[p.ID] = p
	return nil
}

func (f *pollStoreFake) DeletePoll(ctx context.Context, id int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.deleteErr != nil {
		return f.deleteErr
	}
	if _, ok := f.polls[id]; !ok {
		return store.ErrNotFound
	}
	delete(f.polls, id)
	return nil
}

func (f *pollStoreFake) Polls(ctx context.Context) ([]store.Poll, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := []store.Poll{}
	for _, p := range f.polls {
		out = append(out, p)
	}
	return out, nil
}

// TestPollStoreFailures: a poll that cannot be saved is not registered
// (503, or 409 when another server saved the URL); a poll that cannot be
// deleted from the store keeps running.
func TestPollStoreFailures(t *testing.T) {
	feed := newFeedServer(t, "Port officials met dock workers in Maravel.")
	f := &pollStoreFake{Fake: apitest.Sample(), polls: map[int64]store.Poll{}}
	s := New(Config{Store: f, Token: "tok", Pipeline: fakePipeline, IngestOptions: IngestOptions{
		Fetch: ingest.Options{AllowPrivate: true, PerHostDelay: -1}, MinPollInterval: 20 * time.Millisecond}})
	defer s.Close()
	h := s.Handler()
	auth := []string{"Authorization", "Bearer tok", "Content-Type", "application/json"}
	body := `{"url":"` + feed.URL + `/feed.xml","interval":"1h"}`

	f.saveErr = errors.New("sql: database is closed")
	if r := do(t, h, "POST", "/api/ingest", body, auth...); r.status != 503 {
		t.Errorf("save fails: %d %s", r.status, r.body)
	}
	f.saveErr = &store.Error{Code: store.CodeConflict, Op: "save poll", Err: errors.New("taken")}
	if r := do(t, h, "POST", "/api/ingest", body, auth...); r.status != 409 || !strings.Contains(r.body, "another server") {
		t.Errorf("saved elsewhere: %d %s", r.status, r.body)
	}
	if r := do(t, h, "GET", "/api/polls", ""); r.body != `{"polls":[]}`+"\n" {
		t.Fatalf("after failed saves: %s", r.body)
	}

	f.saveErr = nil
	r := do(t, h, "POST", "/api/ingest", body, auth...)
	if r.status != 201 || !strings.Contains(r.body, `"id":"p3"`) { // ids are not reused
		t.Fatalf("register: %d %s", r.status, r.body)
	}
	f.deleteErr = errors.New("connection refused")
	if r := do(t, h, "DELETE", "/api/polls/p3", "", auth...); r.status != 503 {
		t.Errorf("delete fails: %d %s", r.status, r.body)
	}
	if r := do(t, h, "GET", "/api/polls/p3", ""); r.status != 200 || len(f.polls) != 1 {
		t.Errorf("after a failed delete: %d %s, %d saved", r.status, r.body, len(f.polls))
	}
	f.deleteErr = nil
	if r := do(t, h, "DELETE", "/api/polls/p3", "", auth...); r.status != 200 || len(f.polls) != 0 {
		t.Errorf("delete: %d %s, %d saved", r.status, r.body, len(f.polls))
	}
}
