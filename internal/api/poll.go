package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/store"
)

// Feed polls: POST /api/ingest {"url", "interval"} registers a feed that the
// server polls every interval with conditional GET (ingest.Poller: ETag and
// Last-Modified, only items not seen in the last answer), storing new items
// through the pipeline as one run per round. When the store implements
// store.PollStore each poll is saved there at registration and after every
// round (with the feed's validators), removed by DELETE, and ResumePolls
// restarts them at the next start; otherwise polls live in memory only.
// Close stops the rounds and leaves the saved polls in the store.

// Poll limits for IngestOptions' zero values.
const (
	DefaultMinPollInterval = time.Minute
	MaxPollInterval        = 7 * 24 * time.Hour
	DefaultMaxPolls        = 100
)

// PollInfo is a registered poll as the API shows it.
type PollInfo struct {
	ID              string     `json:"id"`
	URL             string     `json:"url"`
	Interval        string     `json:"interval"` // Go duration: "15m0s"
	IntervalSeconds float64    `json:"interval_seconds"`
	Date            string     `json:"date,omitempty"` // reference date for items without one
	Created         time.Time  `json:"created"`
	LastPoll        *time.Time `json:"last_poll,omitempty"`
	NextPoll        *time.Time `json:"next_poll,omitempty"`
	// LastStatus: "new" (new items stored), "unchanged" (the feed answered
	// but had no new items), "not_modified" (HTTP 304), "error", or
	// "stopped" once deleted; "" for a poll restored before its first round.
	LastStatus  string `json:"last_status"`
	LastError   string `json:"last_error,omitempty"`
	LastRun     int64  `json:"last_run,omitempty"` // ingest run of the last round with new items
	Rounds      int    `json:"rounds"`
	NotModified int    `json:"not_modified"` // rounds answered 304
	Errors      int    `json:"errors"`
	Items       int    `json:"items"`  // new items read
	Stored      int    `json:"stored"` // documents stored from them
	// Paused: registered in the store but not polled, because this server
	// is read-only.
	Paused bool `json:"paused,omitempty"`
}

// PollCreated answers a poll registration: the poll and its first round.
type PollCreated struct {
	Poll   PollInfo      `json:"poll"`
	Result *IngestResult `json:"result"` // nil when the first round found nothing new
}

type pollsResp struct {
	Polls []PollInfo `json:"polls"`
}

type poll struct {
	info     PollInfo // guarded by pollSet.mu
	id, url  string   // copies of info's, read without the lock
	seq      int64    // the number in id: the store's key
	date     string
	interval time.Duration
	cancel   context.CancelFunc
	done     chan struct{}

	// saveMu orders saves and the delete in the store, so that a round
	// ending as the poll is deleted cannot save it back.
	saveMu  sync.Mutex
	deleted bool // guarded by saveMu
}

// pollSet holds the registered polls; its context ends them all at Close.
type pollSet struct {
	mu     sync.Mutex
	byID   map[string]*poll
	seq    int
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	closed bool

	once    sync.Once
	fetcher *ingest.Fetcher
	poller  *ingest.Poller

	st store.PollStore // nil: polls live in memory only
}

func newPollSet(st store.Store) *pollSet {
	ctx, cancel := context.WithCancel(context.Background())
	ps := &pollSet{byID: map[string]*poll{}, ctx: ctx, cancel: cancel}
	ps.st, _ = st.(store.PollStore)
	return ps
}

// client returns the fetcher and poller shared by every poll (one robots
// cache and per-host politeness for all of them).
func (s *Server) pollClient() (*ingest.Fetcher, *ingest.Poller) {
	ps := s.polls
	ps.once.Do(func() {
		ps.fetcher = ingest.NewFetcher(s.cfg.IngestOptions.Fetch)
		ps.poller = ingest.NewPoller(ps.fetcher)
	})
	return ps.fetcher, ps.poller
}

// Close stops every poll and waits for rounds in flight to finish their
// bookkeeping (an interrupted round's run is closed as interrupted). The
// server answers requests after Close, but registers no new polls.
func (s *Server) Close() error {
	ps := s.polls
	ps.mu.Lock()
	ps.closed = true
	ps.mu.Unlock()
	ps.cancel()
	ps.wg.Wait()
	return nil
}

func (s *Server) parseInterval(v string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil {
		return 0, paramError("interval", "%q is not a duration (e.g. 15m, 1h)", v)
	}
	lo := s.cfg.IngestOptions.MinPollInterval
	if lo <= 0 {
		lo = DefaultMinPollInterval
	}
	if d < lo || d > MaxPollInterval {
		return 0, paramError("interval", "%v is outside [%v, %v]", d, lo, MaxPollInterval)
	}
	return d, nil
}

// itemsSource yields a round's new feed items, fetching each item's page
// first when the server fetches items.
type itemsSource struct {
	items []*ingest.RawDoc
	f     *ingest.Fetcher
	fetch bool
}

func (it *itemsSource) Next(ctx context.Context) (*ingest.RawDoc, error) {
	if len(it.items) == 0 {
		return nil, io.EOF
	}
	r := it.items[0]
	it.items[0] = nil
	it.items = it.items[1:]
	if it.fetch && r.Err == nil {
		r = it.f.FetchItem(ctx, r)
	}
	return r, nil
}

func (it *itemsSource) Close() error { it.items = nil; return nil }

// round polls the feed once and stores what is new. It returns the ingest
// result (nil when nothing was new) and the fetch or ingest error.
func (s *Server) round(ctx context.Context, p *Processor, feedURL, date string) (status string, items int, res *IngestResult, err error) {
	f, poller := s.pollClient()
	got, notModified, err := poller.Poll(ctx, feedURL)
	switch {
	case err != nil:
		s.metrics.pollRounds.WithLabelValues("error").Inc()
		return "error", 0, nil, err
	case notModified:
		s.metrics.pollRounds.WithLabelValues("not_modified").Inc()
		return "not_modified", 0, nil, nil
	case len(got) == 0:
		s.metrics.pollRounds.WithLabelValues("unchanged").Inc()
		return "unchanged", 0, nil, nil
	}
	s.metrics.pollRounds.WithLabelValues("new").Inc()
	src := &itemsSource{items: got, f: f, fetch: s.cfg.IngestOptions.Fetch.FetchItems}
	r, err := s.ingestSource(ctx, p, src, []string{feedURL}, date, "poll")
	if err != nil || ctx.Err() != nil {
		// The items were not all stored: the next round fetches the feed
		// whole again (what was stored comes back as existing).
		poller.Forget(feedURL)
	}
	if err != nil {
		return "error", len(got), nil, err
	}
	return "new", len(got), &r, nil
}

// record updates a poll's counters after a round.
func (pl *poll) record(now time.Time, status string, items int, res *IngestResult, err error) {
	pl.info.LastPoll = &now
	next := now.Add(pl.interval)
	pl.info.NextPoll = &next
	pl.info.Rounds++
	pl.info.LastStatus = status
	pl.info.LastError = ""
	pl.info.Items += items
	switch status {
	case "not_modified":
		pl.info.NotModified++
	case "error":
		pl.info.Errors++
		pl.info.LastError = err.Error()
	}
	if res != nil {
		pl.info.Stored += res.Counts.Stored
		pl.info.LastRun = res.Run
	}
}

// saveTimeout bounds one save of a poll's state: a round's bookkeeping
// must not hang on a store that went away.
const saveTimeout = 10 * time.Second

// savePoll writes the poll's state and the feed's validators to the store
// (nothing without one, or once the poll is deleted).
func (s *Server) savePoll(ctx context.Context, pl *poll) error {
	ps := s.polls
	if ps.st == nil {
		return nil
	}
	pl.saveMu.Lock()
	defer pl.saveMu.Unlock()
	if pl.deleted {
		return nil
	}
	ps.mu.Lock()
	info := pl.info
	ps.mu.Unlock()
	_, poller := s.pollClient()
	v := poller.Validators(pl.url)
	sp := store.Poll{ID: pl.seq, URL: pl.url, Interval: pl.interval, Date: pl.date, Created: info.Created,
		LastStatus: info.LastStatus, LastError: info.LastError, LastRun: info.LastRun, Rounds: info.Rounds,
		NotModified: info.NotModified, Errors: info.Errors, Items: info.Items, Stored: info.Stored,
		ETag: v.ETag, LastModified: v.LastModified}
	if info.LastPoll != nil {
		sp.LastPoll = *info.LastPoll
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), saveTimeout)
	defer cancel()
	return ps.st.SavePoll(ctx, sp)
}

// ResumePolls restarts the polls saved in the store (a server restart),
// each one's next round an interval after its last one, or at once when
// that time has passed. A read-only server lists them (paused) and polls
// none. It returns how many it restored; without a poll store, none.
func (s *Server) ResumePolls(ctx context.Context) (int, error) {
	ps := s.polls
	if ps.st == nil {
		return 0, nil
	}
	saved, err := ps.st.Polls(ctx)
	if err != nil {
		return 0, err
	}
	_, poller := s.pollClient()
	now := s.cfg.Now()
	var ids []string
	for _, sp := range saved {
		id := "p" + strconv.FormatInt(sp.ID, 10)
		pl := &poll{id: id, url: sp.URL, seq: sp.ID, date: sp.Date, interval: sp.Interval, done: make(chan struct{}),
			info: PollInfo{ID: id, URL: sp.URL, Interval: sp.Interval.String(), IntervalSeconds: sp.Interval.Seconds(),
				Date: sp.Date, Created: sp.Created, LastStatus: sp.LastStatus, LastError: sp.LastError, LastRun: sp.LastRun,
				Rounds: sp.Rounds, NotModified: sp.NotModified, Errors: sp.Errors, Items: sp.Items, Stored: sp.Stored}}
		var wait time.Duration
		if !sp.LastPoll.IsZero() {
			last := sp.LastPoll
			pl.info.LastPoll = &last
			wait = max(0, last.Add(sp.Interval).Sub(now))
		}
		if sp.ETag != "" || sp.LastModified != "" {
			poller.SetValidators(sp.URL, ingest.Validators{ETag: sp.ETag, LastModified: sp.LastModified})
		}
		ps.mu.Lock()
		if ps.closed {
			ps.mu.Unlock()
			return len(ids), Errorf(CodeUnavailable, "the server is shutting down")
		}
		if _, dup := ps.byID[id]; dup { // resumed already
			ps.mu.Unlock()
			continue
		}
		ps.seq = max(ps.seq, int(sp.ID))
		ps.byID[id] = pl
		if s.cfg.ReadOnly {
			pl.info.Paused = true
			pl.cancel = func() {}
			close(pl.done) // no rounds to wait for
			ps.mu.Unlock()
			ids = append(ids, id)
			continue
		}
		next := now.Add(wait)
		pl.info.NextPoll = &next
		var pctx context.Context
		pctx, pl.cancel = context.WithCancel(ps.ctx)
		ps.wg.Add(1)
		ps.mu.Unlock()
		go s.runPoll(pctx, pl, nil, wait)
		ids = append(ids, id)
		s.cfg.Log.Info("poll resumed", "id", id, "url", sp.URL, "interval", sp.Interval.String(), "next_poll", next.UTC().Format(time.RFC3339))
	}
	if s.cfg.ReadOnly && len(ids) > 0 {
		s.cfg.Log.Info("feed polls not resumed: the server is read-only; they are listed as paused and polled again by a server that can write",
			"polls", len(ids), "ids", strings.Join(ids, ","))
	}
	return len(ids), nil
}

// registerPoll serves POST /api/ingest {"url", "interval"}: the first round
// runs in the request (a URL that is not a feed, or cannot be fetched, is a
// 400 and nothing is registered), later ones in the background. With a
// poll store the poll is saved before the answer; a poll that cannot be
// saved is not registered.
func (s *Server) registerPoll(w http.ResponseWriter, r *http.Request, p *Processor, feedURL string, every time.Duration, date string) error {
	ps := s.polls
	maxPolls := s.cfg.IngestOptions.MaxPolls
	if maxPolls <= 0 {
		maxPolls = DefaultMaxPolls
	}
	check := func() error {
		if ps.closed {
			return Errorf(CodeUnavailable, "the server is shutting down")
		}
		for _, pl := range ps.byID {
			if pl.info.URL == feedURL {
				return Errorf(CodeConflict, "%s is already polled as %s", feedURL, pl.info.ID)
			}
		}
		if len(ps.byID) >= maxPolls {
			return Errorf(CodeConflict, "the server already polls %d feeds, the most it will; delete one first", len(ps.byID))
		}
		return nil
	}
	ps.mu.Lock()
	err := check()
	ps.mu.Unlock()
	if err != nil {
		return err
	}
	status, items, res, err := s.round(r.Context(), p, feedURL, date)
	if err != nil {
		if res == nil && items == 0 {
			return paramError("url", "%v", err)
		}
		return err
	}
	now := s.cfg.Now()
	ps.mu.Lock()
	if err := check(); err != nil { // registered meanwhile by another request
		ps.mu.Unlock()
		return err
	}
	ps.seq++
	ctx, cancel := context.WithCancel(ps.ctx)
	id := "p" + strconv.Itoa(ps.seq)
	pl := &poll{id: id, url: feedURL, seq: int64(ps.seq), date: date, interval: every, cancel: cancel, done: make(chan struct{}),
		info: PollInfo{ID: id, URL: feedURL, Interval: every.String(), IntervalSeconds: every.Seconds(),
			Date: date, Created: now}}
	pl.record(now, status, items, res, nil)
	ps.byID[pl.info.ID] = pl
	info := pl.info
	ps.wg.Add(1)
	ps.mu.Unlock()
	if err := s.savePoll(r.Context(), pl); err != nil {
		ps.mu.Lock()
		delete(ps.byID, id)
		ps.mu.Unlock()
		cancel()
		ps.wg.Done()
		s.cfg.Log.Warn("poll not registered: saving it failed", "url", feedURL, "error", err.Error())
		if store.ErrorCode(err) == store.CodeConflict {
			return Errorf(CodeConflict, "%s is already polled by another server on this database", feedURL)
		}
		return err
	}
	go s.runPoll(ctx, pl, p, every)
	s.cfg.Log.Info("poll registered", "id", info.ID, "url", feedURL, "interval", every.String())
	return writeJSON(w, http.StatusCreated, PollCreated{Poll: info, Result: res})
}

// runPoll polls after first, then every interval, until its context
// ends, saving the poll after each round. p nil (a resumed poll) builds
// the pipeline at the first round.
func (s *Server) runPoll(ctx context.Context, pl *poll, p *Processor, first time.Duration) {
	defer s.polls.wg.Done()
	defer close(pl.done)
	t := time.NewTimer(first)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		var status string
		var items int
		var res *IngestResult
		var err error
		if p == nil {
			p, err = s.processor()
			if err != nil {
				p, status = nil, "error"
			}
		}
		if p != nil {
			status, items, res, err = s.round(ctx, p, pl.url, pl.date)
		}
		if ctx.Err() != nil && status == "error" {
			return // stopped mid-round: not the feed's fault
		}
		if err != nil {
			s.cfg.Log.Warn("poll failed", "id", pl.id, "url", pl.url, "error", err.Error())
		}
		s.polls.mu.Lock()
		pl.record(s.cfg.Now(), status, items, res, err)
		s.polls.mu.Unlock()
		if err := s.savePoll(ctx, pl); err != nil {
			s.cfg.Log.Warn("poll state not saved", "id", pl.id, "url", pl.url, "error", err.Error())
		}
		t.Reset(pl.interval)
	}
}

func (s *Server) pollList(w http.ResponseWriter, r *http.Request) error {
	if err := checkParams(r.URL.Query()); err != nil {
		return err
	}
	ps := s.polls
	ps.mu.Lock()
	out := make([]PollInfo, 0, len(ps.byID))
	for _, pl := range ps.byID {
		out = append(out, pl.info)
	}
	ps.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return pollSeq(out[i].ID) < pollSeq(out[j].ID) })
	return writeJSON(w, http.StatusOK, pollsResp{Polls: out})
}

func pollSeq(id string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(id, "p"))
	return n
}

func (s *Server) pollGet(w http.ResponseWriter, r *http.Request) error {
	if err := checkParams(r.URL.Query()); err != nil {
		return err
	}
	ps := s.polls
	ps.mu.Lock()
	pl, ok := ps.byID[r.PathValue("id")]
	var info PollInfo
	if ok {
		info = pl.info
	}
	ps.mu.Unlock()
	if !ok {
		return Errorf(CodeNotFound, "no poll %q", r.PathValue("id"))
	}
	return writeJSON(w, http.StatusOK, info)
}

// pollDelete stops a poll: no round starts after the answer, and one in
// flight is cancelled and waited for.
func (s *Server) pollDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorize(r); err != nil {
		return err
	}
	if err := checkParams(r.URL.Query()); err != nil {
		return err
	}
	ps := s.polls
	id := r.PathValue("id")
	ps.mu.Lock()
	pl, ok := ps.byID[id]
	ps.mu.Unlock()
	if !ok {
		return Errorf(CodeNotFound, "no poll %q", id)
	}
	// Out of the store first: if that fails the poll goes on, as it
	// would after a restart.
	if ps.st != nil {
		pl.saveMu.Lock()
		err := ps.st.DeletePoll(r.Context(), pl.seq)
		if errors.Is(err, store.ErrNotFound) {
			err = nil // never saved, or deleted by a request at the same time
		}
		if err == nil {
			pl.deleted = true
		}
		pl.saveMu.Unlock()
		if err != nil {
			return err
		}
	}
	ps.mu.Lock()
	_, ok = ps.byID[id]
	delete(ps.byID, id)
	ps.mu.Unlock()
	if !ok { // deleted by a request at the same time
		return Errorf(CodeNotFound, "no poll %q", id)
	}
	pl.cancel()
	select {
	case <-pl.done:
	case <-r.Context().Done():
		return Errorf(CodeUnavailable, "poll %s is stopping; its round in flight did not end in time", id)
	}
	ps.mu.Lock()
	info := pl.info
	ps.mu.Unlock()
	info.LastStatus, info.NextPoll = "stopped", nil
	s.cfg.Log.Info("poll deleted", "id", id, "url", info.URL)
	return writeJSON(w, http.StatusOK, info)
}
