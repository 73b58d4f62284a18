package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/pipeline"
	"github.com/newsgraph/newsgraph/internal/store"
	_ "github.com/newsgraph/newsgraph/internal/store/sqlite" // the embedded default backend
)

func init() {
	register(&command{Name: "ingest", Summary: "ingest files, directories, feeds, WARCs, URLs or stdin into the store", Run: runIngest})
}

const defaultDB = "newsgraph.db"

// dbFlag adds --db, defaulting to $NEWSGRAPH_DB, then ./newsgraph.db.
func (m *Main) dbFlag(fsDB *string) string {
	if *fsDB != "" {
		return *fsDB
	}
	if v := m.env("NEWSGRAPH_DB"); v != "" {
		return v
	}
	return defaultDB
}

// openStore opens the DSN and closes it with Main.
func (m *Main) openStore(ctx context.Context, dsn string, readOnly bool) (store.Store, error) {
	st, err := store.Open(ctx, dsn, store.Options{ReadOnly: readOnly})
	if err != nil {
		return nil, err
	}
	m.onClose(st.Close)
	return st, nil
}

// ingestJob is one ingest: the sources and how to process them.
type ingestJob struct {
	Sources []string
	Layers  []string
	Workers int
	Batch   int
	Date    string // default reference date
	Opts    ingest.Options
	// Progress: "bar" (a terminal), "log" (slog lines), "off".
	Progress string
	Log      *slog.Logger
	Out      io.Writer // where the bar draws
	Now      func() time.Time
	// OnDoc, when set, sees each processed document before it is stored
	// (on the collecting goroutine; it must not keep or change the Doc).
	OnDoc func(*doc.Doc)
}

// pipelineError marks a pipeline that could not be resolved or provisioned.
type pipelineError struct{ error }

func (e pipelineError) Unwrap() error { return e.error }

// ingestFailure is one item that did not make it into the store.
type ingestFailure struct {
	Where string
	Err   error
}

type ingestSummary struct {
	Run         int64
	Stages      []string
	Counts      store.RunCounts
	Failures    []ingestFailure
	Elapsed     time.Duration
	Interrupted bool
}

// ingestInto reads the sources, runs the pipeline and writes batches to st.
// Per-item failures are collected; the error return is for the store or
// the pipeline setup failing.
func ingestInto(ctx context.Context, st store.Store, job ingestJob) (ingestSummary, error) {
	var sum ingestSummary
	if job.Now == nil {
		job.Now = time.Now
	}
	if job.Log == nil {
		job.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	env := pipeline.Env{DefaultDate: job.Date, Build: buildStamp(), Now: job.Now}
	p, err := buildPipeline(env, job.Layers)
	if err != nil {
		return sum, pipelineError{err}
	}
	sum.Stages = p.IDs()
	start := job.Now()
	// Writes finish even when ctx is cancelled (Ctrl-C): what was processed
	// is committed and the run is closed as interrupted.
	wctx := context.WithoutCancel(ctx)
	run, err := st.BeginRun(wctx, store.RunInfo{Started: start, Build: buildStamp(), Stages: sum.Stages, Sources: job.Sources,
		Options: map[string]string{"layers": strings.Join(job.Layers, ","), "date": job.Date}})
	if err != nil {
		return sum, err
	}
	sum.Run = run

	var (
		mu       sync.Mutex
		failures []ingestFailure
		seen     atomic.Int64
		inBytes  atomic.Int64
		failedN  atomic.Int64
	)
	fail := func(where string, err error) {
		failedN.Add(1)
		mu.Lock()
		failures = append(failures, ingestFailure{Where: where, Err: err})
		mu.Unlock()
		if job.Progress != "bar" {
			job.Log.Warn("item failed", "source", where, "error", err.Error())
		}
	}
	prog := newProgress(job)
	w := store.NewWriter(wctx, st, run, job.Batch)

	// pctx stops the reader and the workers early when the store fails.
	pctx, stop := context.WithCancel(ctx)
	defer stop()
	src := ingest.OpenAll(pctx, job.Sources, job.Opts)
	in := make(chan *doc.Doc, 64)
	readErr := make(chan error, 1)
	go func() {
		defer close(in)
		for {
			r, err := src.Next(pctx)
			if err == io.EOF {
				readErr <- nil
				return
			}
			if err != nil {
				readErr <- err
				return
			}
			seen.Add(1)
			prog.read(int64(len(r.Body)))
			if r.Err != nil {
				fail(r.SourceName, stripWhere(r.Err, r.SourceName))
				continue
			}
			d, err := r.Doc()
			if err != nil {
				fail(r.SourceName, stripWhere(err, r.SourceName))
				continue
			}
			if d.Meta.Published == "" && job.Date != "" {
				d.Meta.Published, d.Meta.PublishedSource = job.Date, "default"
			}
			inBytes.Add(int64(len(r.Body)))
			select {
			case in <- d:
			case <-pctx.Done():
				readErr <- pctx.Err()
				return
			}
		}
	}()
	var writeErr error
	for r := range p.Run(pctx, in, job.Workers) {
		if writeErr != nil {
			continue // draining after a store failure
		}
		if r.Err != nil {
			where := r.Doc.Meta.SourceName
			if where == "" {
				where = r.Doc.ID
			}
			fail(where, r.Err)
			continue
		}
		if job.OnDoc != nil {
			job.OnDoc(r.Doc)
		}
		if err := w.Add(wctx, r.Doc); err != nil {
			writeErr = err
			stop()
			continue
		}
		prog.doc(seen.Load(), failedN.Load())
	}
	counts, err := w.Close(wctx)
	if writeErr == nil {
		writeErr = err
	}
	src.Close()
	rerr := <-readErr
	sum.Elapsed = job.Now().Sub(start)
	prog.finish()

	mu.Lock()
	sum.Failures = failures
	mu.Unlock()
	counts.Seen = int(seen.Load())
	counts.Failed = int(failedN.Load())
	counts.InputBytes = int(inBytes.Load())
	sum.Counts = counts
	status := store.RunDone
	switch {
	case writeErr != nil:
		status = store.RunFailed
	case ctx.Err() != nil:
		status, sum.Interrupted = store.RunInterrupted, true
	case counts.Failed > 0:
		status = store.RunFailed
	}
	if err := st.FinishRun(wctx, run, store.RunFinish{Finished: job.Now(), Status: status, Counts: counts}); err != nil && writeErr == nil {
		writeErr = err
	}
	if writeErr != nil {
		return sum, writeErr
	}
	if rerr != nil && ctx.Err() == nil {
		return sum, rerr
	}
	return sum, nil
}

// stripWhere drops a leading "SOURCE: " the error already carries, since
// the summary prints the source itself.
func stripWhere(err error, where string) error {
	var ie *ingest.ItemError
	if errors.As(err, &ie) && (ie.Source == where || where == "") {
		return ie.Err
	}
	return err
}

// estimate counts what the sources hold so the bar can show an ETA: items
// when every source can be counted cheaply (text and HTML files are one
// item, JSONL files one per non-blank line), else total bytes of local
// files; both -1 when a source is a stream or a URL.
func estimate(sources []string) (items, size int64) {
	countable := true
	const maxScan = 1 << 30 // counting lines of larger inputs costs more than the ETA is worth
	count := func(path string, fi fs.FileInfo) {
		size += fi.Size()
		if !countable {
			return
		}
		switch ingest.FormatByExt(path) {
		case ingest.FormatText, ingest.FormatHTML:
			if !strings.HasSuffix(strings.ToLower(path), ".gz") {
				items++
				return
			}
		case ingest.FormatJSONL:
			if !strings.HasSuffix(strings.ToLower(path), ".gz") && size < maxScan {
				if n, err := countLines(path); err == nil {
					items += n
					return
				}
			}
		case ingest.FormatUnknown:
			return // directories skip files of unknown kinds
		}
		countable = false
	}
	for _, s := range sources {
		if s == "-" || strings.Contains(s, "://") {
			return -1, -1
		}
		st, err := os.Stat(s)
		if err != nil {
			continue
		}
		if !st.IsDir() {
			if ingest.FormatByExt(s) == ingest.FormatUnknown {
				countable = false
			}
			count(s, st)
			continue
		}
		filepath.WalkDir(s, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				if fi, err := d.Info(); err == nil {
					count(p, fi)
				}
			}
			return nil
		})
	}
	if !countable {
		items = -1
	}
	return items, size
}

func countLines(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var n int64
	buf := make([]byte, 256<<10)
	blank := true
	for {
		k, err := f.Read(buf)
		for _, c := range buf[:k] {
			switch c {
			case '\n':
				if !blank {
					n++
				}
				blank = true
			case ' ', '\t', '\r':
			default:
				blank = false
			}
		}
		if err == io.EOF {
			if !blank {
				n++
			}
			return n, nil
		}
		if err != nil {
			return 0, err
		}
	}
}

// progress shows a bar on a terminal and slog lines elsewhere.
type progress struct {
	mode    string
	bar     *progressbar.ProgressBar
	log     *slog.Logger
	now     func() time.Time
	start   time.Time
	last    time.Time
	docs    int64
	lastDoc int64
	failed  int64
	items   bool // the bar counts items, not bytes
}

func newProgress(job ingestJob) *progress {
	p := &progress{mode: job.Progress, log: job.Log, now: job.Now}
	p.start = p.now()
	p.last = p.start
	if p.mode == "bar" {
		items, size := estimate(job.Sources)
		opts := []progressbar.Option{
			progressbar.OptionSetWriter(job.Out),
			progressbar.OptionSetDescription("ingest"),
			progressbar.OptionThrottle(100 * time.Millisecond),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionClearOnFinish(),
		}
		total := items
		switch {
		case items > 0:
			p.items = true
			opts = append(opts, progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("docs"))
		case size > 0:
			// Input bytes give a rough ETA; the description carries the
			// document count and rate.
			total = size
			opts = append(opts, progressbar.OptionShowBytes(true))
		default:
			total = -1
			opts = append(opts, progressbar.OptionSpinnerType(14), progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("docs"))
			p.items = true
		}
		p.bar = progressbar.NewOptions64(total, opts...)
	}
	return p
}

// read is called for each item read from the sources (failed ones too).
func (p *progress) read(bodyBytes int64) {
	if p.bar == nil {
		return
	}
	if p.items {
		p.bar.Add64(1)
		return
	}
	// Input text is smaller than the files (JSON, markup): never let the
	// bar claim to be done early.
	if p.bar.State().CurrentNum+bodyBytes < p.bar.GetMax64() {
		p.bar.Add64(bodyBytes)
	}
}

// doc is called for each document handed to the writer.
func (p *progress) doc(seen, failed int64) {
	p.docs++
	if p.docs-p.lastDoc < 50 {
		return
	}
	now := p.now()
	switch p.mode {
	case "bar":
		if p.items || now.Sub(p.last) < 200*time.Millisecond {
			if failed > 0 && failed != p.failed {
				p.failed = failed
				p.bar.Describe(fmt.Sprintf("ingest (%d failed)", failed))
			}
			return
		}
		rate := float64(p.docs) / now.Sub(p.start).Seconds()
		desc := fmt.Sprintf("%d docs, %.0f docs/s", p.docs, rate)
		if failed > 0 {
			desc += fmt.Sprintf(", %d failed", failed)
		}
		p.bar.Describe(desc)
	case "log":
		if now.Sub(p.last) < 5*time.Second {
			return
		}
		p.log.Info("ingest progress", "docs", p.docs, "seen", seen, "failed", failed,
			"docs_per_s", int(float64(p.docs)/now.Sub(p.start).Seconds()))
	default:
		return
	}
	p.last, p.lastDoc = now, p.docs
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// printSummary writes the end-of-ingest report: totals, then each failure.
func printSummary(w io.Writer, s ingestSummary, maxFailures int) {
	c := s.Counts
	secs := s.Elapsed.Seconds()
	if secs <= 0 {
		secs = 1e-9
	}
	state := "done"
	if s.Interrupted {
		state = "interrupted"
	}
	fmt.Fprintf(w, "ingest run %d %s: %d documents read, %d stored, %d already stored, %d failed\n",
		s.Run, state, c.Seen, c.Stored, c.Existing, c.Failed)
	fmt.Fprintf(w, "  %d stories (%d exact copies, %d near copies linked to earlier stories)\n", c.Stories, c.ExactDups, c.NearDups)
	fmt.Fprintf(w, "  %.2fs, %.0f docs/s, %.2f MB/s of input; stages: %s\n", secs, float64(c.Seen)/secs,
		float64(c.InputBytes)/1e6/secs, strings.Join(s.Stages, ", "))
	if len(s.Failures) == 0 {
		return
	}
	fmt.Fprintf(w, "failed (%d):\n", len(s.Failures))
	// Group by reason so a thousand bad lines of one kind read as one line.
	type group struct {
		reason string
		wheres []string
	}
	byReason := map[string]*group{}
	var order []string
	for _, f := range s.Failures {
		r := f.Err.Error()
		g, ok := byReason[r]
		if !ok {
			g = &group{reason: r}
			byReason[r] = g
			order = append(order, r)
		}
		g.wheres = append(g.wheres, f.Where)
	}
	sort.SliceStable(order, func(i, j int) bool { return len(byReason[order[i]].wheres) > len(byReason[order[j]].wheres) })
	shown := 0
	for _, r := range order {
		g := byReason[r]
		if shown >= maxFailures {
			fmt.Fprintf(w, "  ... and %d more reasons\n", len(order)-shown)
			break
		}
		shown++
		if len(g.wheres) == 1 {
			fmt.Fprintf(w, "  %s: %s\n", g.wheres[0], g.reason)
			continue
		}
		ex := g.wheres
		if len(ex) > 3 {
			ex = ex[:3]
		}
		fmt.Fprintf(w, "  %d items: %s (%s", len(g.wheres), g.reason, strings.Join(ex, ", "))
		if len(g.wheres) > 3 {
			fmt.Fprint(w, ", ...")
		}
		fmt.Fprintln(w, ")")
	}
}

func runIngest(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("ingest", "[flags] SOURCE...\n\nSOURCE is a file (text, HTML, JSONL, feed, WARC), a directory, an http(s) URL or - for stdin.")
	dbf := fs.String("db", "", "database: a SQLite file path (default $NEWSGRAPH_DB, else ./"+defaultDB+")")
	layersFlag := fs.String("layers", doc.LayerStories, "comma-separated layers to produce and store (NLP layers are off unless asked)")
	workers := fs.Int("workers", 0, "documents processed at once (default GOMAXPROCS)")
	batch := fs.Int("batch", store.DefaultBatch, "documents per database transaction")
	date := fs.String("date", "", "reference date for documents without a publication date (YYYY-MM-DD)")
	maxBytes := fs.Int64("max-bytes", ingest.DefaultMaxBytes, "skip single documents larger than this")
	allowPrivate := fs.Bool("allow-private", false, "let URL sources fetch loopback, private and link-local addresses")
	fetchItems := fs.Bool("fetch-items", false, "for feeds, fetch each item's page instead of the feed's own content")
	progressFlag := fs.String("progress", "auto", "auto (a bar on a terminal, log lines otherwise), bar, log or off")
	sources, code, ok := parseInterleaved(fs, args)
	if !ok {
		return code
	}
	if len(sources) == 0 {
		fs.Usage()
		return exitUsage
	}
	if *date != "" {
		if _, err := time.Parse("2006-01-02", *date); err != nil {
			return m.errorf(exitUsage, "ingest: --date %q is not YYYY-MM-DD", *date)
		}
	}
	mode := *progressFlag
	switch mode {
	case "auto":
		mode = "log"
		if isTerminal(m.Stderr) {
			mode = "bar"
		}
	case "bar", "log", "off":
	default:
		return m.errorf(exitUsage, "ingest: --progress %q: want auto, bar, log or off", mode)
	}
	dsn := m.dbFlag(dbf)
	st, err := m.openStore(ctx, dsn, false)
	if err != nil {
		return m.errorf(exitUsage, "ingest: %v", err)
	}
	job := ingestJob{
		Sources: sources, Layers: splitList(*layersFlag), Workers: *workers, Batch: *batch, Date: *date,
		Opts:     ingest.Options{MaxBytes: *maxBytes, AllowPrivate: *allowPrivate, FetchItems: *fetchItems, Now: time.Now},
		Progress: mode, Out: m.Stderr, Now: time.Now,
		Log: slog.New(slog.NewTextHandler(m.Stderr, nil)),
	}
	sum, err := ingestInto(ctx, st, job)
	if err != nil && sum.Run == 0 {
		return m.errorf(exitUsage, "ingest: %v", err)
	}
	printSummary(m.Stderr, sum, 50)
	if err != nil {
		return m.errorf(exitFailed, "ingest: %s: %v", dsn, err)
	}
	if sum.Interrupted {
		return m.errorf(exitFailed, "ingest: interrupted; run it again to store the rest (stored documents are skipped)")
	}
	if sum.Counts.Failed > 0 {
		return exitFailed
	}
	return exitOK
}
