package api

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/pipeline"
	"github.com/newsgraph/newsgraph/internal/store"
)

// Processor runs the pipeline over one document. observe receives each
// stage's time (the /metrics stage histogram).
type Processor struct {
	Stages  []string
	Process func(ctx context.Context, d *doc.Doc, observe func(stage string, d time.Duration)) error
	Workers int // documents processed at once (GOMAXPROCS when 0)
}

// IngestOptions configure fetches for {"url": ...} ingests and feed polls.
type IngestOptions struct {
	Fetch ingest.Options
	// MinPollInterval is the shortest interval a poll may ask for
	// (DefaultMinPollInterval when zero).
	MinPollInterval time.Duration
	// MaxPolls caps the feeds polled at once (DefaultMaxPolls when zero).
	MaxPolls int
}

// IngestResult is the answer of POST /api/ingest.
type IngestResult struct {
	Run      int64           `json:"run"`
	Stages   []string        `json:"stages"`
	Counts   store.RunCounts `json:"counts"`
	Keys     []string        `json:"keys"` // content keys of the stored (or already stored) documents, in input order
	Failures []ItemFailure   `json:"failures"`
}

// ItemFailure is one input that did not make it into the store.
type ItemFailure struct {
	Where string `json:"where"`
	Error string `json:"error"`
}

func (s *Server) processor() (*Processor, error) {
	s.procOnce.Do(func() {
		if s.cfg.Pipeline == nil {
			s.procErr = Errorf(CodeUnavailable, "this server has no pipeline to ingest with")
			return
		}
		s.proc, s.procErr = s.cfg.Pipeline()
	})
	return s.proc, s.procErr
}

// ingest takes JSONL (application/x-ndjson, application/jsonl,
// text/plain: one {"id","text"|"html",...} per line) or a JSON object
// {"url": "https://..."} naming a page or feed to fetch once, or
// {"url": "https://...", "interval": "15m"} naming a feed to poll.
func (s *Server) ingest(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorize(r); err != nil {
		return err
	}
	v := r.URL.Query()
	if err := checkParams(v, "date"); err != nil {
		return err
	}
	date := v.Get("date")
	if date != "" {
		if _, err := parseDate("date", date); err != nil {
			return err
		}
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return Errorf(CodeTooLarge, "request body over %d bytes", s.cfg.MaxBody)
		}
		return Errorf(CodeInvalid, "reading the body: %v", err)
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var src ingest.Source
	var sources []string
	switch ct {
	case "application/json":
		var req struct {
			URL      string  `json:"url"`
			Interval *string `json:"interval"`
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			return paramError("body", "want {\"url\": \"https://...\", \"interval\"?: \"15m\"}: %v", err)
		}
		u, err := url.Parse(req.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return paramError("url", "%q is not an http(s) URL", req.URL)
		}
		var every time.Duration
		if req.Interval != nil {
			if every, err = s.parseInterval(*req.Interval); err != nil {
				return err
			}
		}
		p, err := s.processor()
		if err != nil {
			return err
		}
		if req.Interval != nil {
			return s.registerPoll(w, r, p, u.String(), every, date)
		}
		// Only http(s) reaches ingest.Open, so a request cannot name a
		// local file; the fetcher refuses private addresses unless the
		// server was configured otherwise.
		src, err = ingest.Open(r.Context(), u.String(), s.cfg.IngestOptions.Fetch)
		if err != nil {
			return paramError("url", "%v", err)
		}
		sources = []string{u.String()}
		return s.runIngest(w, r, p, src, sources, date)
	case "", "application/x-ndjson", "application/jsonl", "application/x-jsonlines", "text/plain":
		if len(bytes.TrimSpace(body)) == 0 {
			return paramError("body", "empty; send JSONL, one document per line")
		}
		p, err := s.processor()
		if err != nil {
			return err
		}
		src = &linesSource{sc: bufio.NewScanner(bytes.NewReader(body)), max: len(body)}
		sources = []string{"api:jsonl"}
		return s.runIngest(w, r, p, src, sources, date)
	}
	return paramError("Content-Type", "%q: send application/x-ndjson (JSONL) or application/json {\"url\"}", ct)
}

// linesSource reads the JSONL body.
type linesSource struct {
	sc   *bufio.Scanner
	max  int
	line int
	init bool
}

func (l *linesSource) Next(ctx context.Context) (*ingest.RawDoc, error) {
	if !l.init {
		l.sc.Buffer(make([]byte, 0, 64<<10), l.max+1)
		l.init = true
	}
	for l.sc.Scan() {
		l.line++
		b := bytes.TrimSpace(l.sc.Bytes())
		if len(b) == 0 {
			continue
		}
		return ingest.ParseJSONLine(b, "body", l.line), nil
	}
	if err := l.sc.Err(); err != nil {
		return nil, err
	}
	return nil, io.EOF
}

func (l *linesSource) Close() error { return nil }

func (s *Server) runIngest(w http.ResponseWriter, r *http.Request, p *Processor, src ingest.Source, sources []string, date string) error {
	res, err := s.ingestSource(r.Context(), p, src, sources, date, "api")
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

// ingestSource runs the pipeline over src and stores the result as one
// run; via ("api", "poll") is recorded in the run's options.
func (s *Server) ingestSource(ctx context.Context, p *Processor, src ingest.Source, sources []string, date, via string) (IngestResult, error) {
	defer src.Close()
	// One writer at a time; readers go on meanwhile.
	s.ingestMu.Lock()
	defer s.ingestMu.Unlock()
	defer s.InvalidateCache()
	// Once started, the run's bookkeeping finishes even if the client goes.
	wctx := context.WithoutCancel(ctx)
	run, err := s.cfg.Store.BeginRun(wctx, store.RunInfo{Started: s.cfg.Now(), Build: s.cfg.Build, Stages: p.Stages,
		Sources: sources, Options: map[string]string{"date": date, "via": via}})
	if err != nil {
		return IngestResult{}, err
	}
	res := IngestResult{Run: run, Stages: p.Stages, Keys: []string{}, Failures: []ItemFailure{}}
	fail := func(where string, err error) {
		res.Counts.Failed++
		res.Failures = append(res.Failures, ItemFailure{Where: where, Error: err.Error()})
	}
	in := make(chan *doc.Doc)
	readErr := make(chan error, 1)
	var readFails []ItemFailure
	var seen, inBytes int
	go func() {
		defer close(in)
		for {
			rd, err := src.Next(ctx)
			if err == io.EOF {
				readErr <- nil
				return
			}
			if err != nil {
				readErr <- err
				return
			}
			seen++
			if rd.Err != nil {
				readFails = append(readFails, ItemFailure{rd.SourceName, rd.Err.Error()})
				continue
			}
			d, err := rd.Doc()
			if err != nil {
				readFails = append(readFails, ItemFailure{rd.SourceName, err.Error()})
				continue
			}
			if d.Meta.Published == "" && date != "" {
				d.Meta.Published, d.Meta.PublishedSource = date, "default"
			}
			inBytes += len(rd.Body)
			select {
			case in <- d:
			case <-ctx.Done():
				readErr <- ctx.Err()
				return
			}
		}
	}()
	wr := store.NewWriter(wctx, s.cfg.Store, run, 0)
	wr.OnPut = func(pr store.PutResult) {
		res.Keys = append(res.Keys, pr.Keys...)
	}
	var writeErr error
	process := func(ctx context.Context, d *doc.Doc) error { return p.Process(ctx, d, s.metrics.ObserveStage) }
	for out := range pipeline.RunFunc(ctx, in, p.Workers, process) {
		if writeErr != nil {
			continue
		}
		if out.Err != nil {
			where := out.Doc.Meta.SourceName
			if where == "" {
				where = out.Doc.ID
			}
			fail(where, out.Err)
			continue
		}
		writeErr = wr.Add(wctx, out.Doc)
	}
	counts, err := wr.Close(wctx)
	if writeErr == nil {
		writeErr = err
	}
	rerr := <-readErr
	for _, f := range readFails {
		res.Counts.Failed++
		res.Failures = append(res.Failures, f)
	}
	counts.Seen, counts.Failed, counts.InputBytes = seen, res.Counts.Failed, inBytes
	res.Counts = counts
	status := store.RunDone
	switch {
	case writeErr != nil || rerr != nil:
		status = store.RunFailed
	case ctx.Err() != nil:
		status = store.RunInterrupted
	case counts.Failed > 0:
		status = store.RunFailed
	}
	if err := s.cfg.Store.FinishRun(wctx, run, store.RunFinish{Finished: s.cfg.Now(), Status: status, Counts: counts}); err != nil && writeErr == nil {
		writeErr = err
	}
	s.metrics.ingestDocs.WithLabelValues("stored").Add(float64(counts.Stored))
	s.metrics.ingestDocs.WithLabelValues("existing").Add(float64(counts.Existing))
	s.metrics.ingestDocs.WithLabelValues("failed").Add(float64(counts.Failed))
	if writeErr != nil {
		return res, writeErr
	}
	if rerr != nil && ctx.Err() == nil {
		return res, Errorf(CodeInvalid, "reading the input: %v", strings.TrimPrefix(rerr.Error(), "bufio.Scanner: "))
	}
	return res, nil
}
