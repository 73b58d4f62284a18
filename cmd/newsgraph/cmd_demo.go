package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/store"
)

func init() {
	register(&command{Name: "demo", Summary: "the main job on the shipped examples: ingest examples/, print stats, events and a search", Run: runDemo})
}

// findExamples looks for examples/ in the working directory and its parents
// (so the demo works from anywhere inside a checkout).
func findExamples() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		p := filepath.Join(d, "examples")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no examples/ directory in %s or its parents: run the demo inside a newsgraph checkout or give --examples", wd)
		}
	}
}

func runDemo(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("demo", "[flags]\n\nIngests the examples that ship with newsgraph (every layer the build provides),\nthen prints the store's stats, a sample of coded events and a search.")
	dbf := fs.String("db", "", "database: a SQLite file path (default $NEWSGRAPH_DB, else ./"+defaultDB+")")
	temp := fs.Bool("temp", false, "use a temporary database, removed afterwards")
	dir := fs.String("examples", "", "directory to ingest (default examples/ of this checkout)")
	layersFlag := fs.String("layers", "", "layers to produce (default every layer a stage provides)")
	query := fs.String("query", "strike OR protest", "what to search for at the end")
	workers := fs.Int("workers", 0, "documents processed at once (default GOMAXPROCS)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return m.errorf(exitUsage, "demo: unexpected argument %q", fs.Arg(0))
	}
	src := *dir
	if src == "" {
		var err error
		if src, err = findExamples(); err != nil {
			return m.errorf(exitUsage, "demo: %v", err)
		}
	}
	dsn := m.dbFlag(dbf)
	if *temp {
		tmp, err := os.MkdirTemp("", "newsgraph-demo-")
		if err != nil {
			return m.errorf(exitFailed, "demo: %v", err)
		}
		m.onClose(func() error { return os.RemoveAll(tmp) })
		dsn = filepath.Join(tmp, "demo.db")
	}
	layers := splitList(*layersFlag)
	if len(layers) == 0 {
		layers = defaultLayers()
	}
	st, err := m.openStore(ctx, dsn, false)
	if err != nil {
		return m.errorf(exitUsage, "demo: %v", err)
	}

	var mu sync.Mutex
	tally := map[string]int{}
	var events []demoEvent
	job := ingestJob{
		Sources: []string{src}, Layers: layers, Workers: *workers, Batch: store.DefaultBatch,
		Opts: ingest.Options{Now: time.Now}, Progress: "off", Now: time.Now,
		Log: slog.New(slog.NewTextHandler(m.Stderr, nil)),
		OnDoc: func(d *doc.Doc) {
			mu.Lock()
			defer mu.Unlock()
			tallyLayers(tally, d)
			for _, e := range d.Events {
				events = append(events, demoEvent{doc: d.ID, ev: e, sentence: spanText(d, e.Sentence.Start, e.Sentence.End)})
			}
		},
	}
	fmt.Fprintf(m.Stdout, "== ingest %s into %s (layers: %s)\n", src, dsn, strings.Join(layers, ","))
	sum, err := ingestInto(ctx, st, job)
	if pe := (pipelineError{}); errors.As(err, &pe) && *layersFlag == "" {
		// A stage that cannot provision (a model missing from this build)
		// should not hide the rest of the demo.
		fmt.Fprintf(m.Stdout, "   the full pipeline is not available (%v); storing stories only\n", err)
		job.Layers = []string{doc.LayerStories}
		sum, err = ingestInto(ctx, st, job)
	}
	if err != nil && sum.Run == 0 {
		return m.errorf(exitFailed, "demo: %v", err)
	}
	printSummary(m.Stdout, sum, 20)
	if err != nil {
		return m.errorf(exitFailed, "demo: %v", err)
	}
	if len(tally) > 0 {
		fmt.Fprintf(m.Stdout, "  annotations: %s\n", counts(tally))
	}

	s, err := st.Stats(ctx)
	if err != nil {
		return m.errorf(exitFailed, "demo: %v", err)
	}
	runs, err := st.Runs(ctx, 3)
	if err != nil {
		return m.errorf(exitFailed, "demo: %v", err)
	}
	fmt.Fprintln(m.Stdout, "\n== stats")
	printStats(m.Stdout, dsn, s, runs)

	if len(events) > 0 {
		fmt.Fprintf(m.Stdout, "\n== events (%d; the first %d)\n", len(events), min(len(events), 8))
		for _, e := range events[:min(len(events), 8)] {
			date := ""
			if e.ev.Date != "" {
				date = "  on " + e.ev.Date
			}
			fmt.Fprintf(m.Stdout, "  %s  %s -[%s q%d g%+.1f]-> %s%s\n      %q\n", e.doc, actor(e.ev.Source), e.ev.Code, e.ev.QuadClass, e.ev.Goldstein,
				actor(e.ev.Target), date, oneLine(e.sentence, 140))
		}
	}

	fmt.Fprintf(m.Stdout, "\n== search %q\n", *query)
	hits, err := st.Search(ctx, store.SearchQuery{Text: *query, Limit: 5})
	if err != nil {
		return m.errorf(exitFailed, "demo: search: %v", err)
	}
	printHits(m, hits)
	if len(hits) == 0 {
		fmt.Fprintln(m.Stdout, "  (no hits)")
	}
	if !*temp {
		fmt.Fprintf(m.Stdout, "\nNext: newsgraph search --db %s WORDS, newsgraph stats --db %s\n", dsn, dsn)
	}
	if sum.Counts.Failed > 0 {
		return exitFailed
	}
	return exitOK
}

type demoEvent struct {
	doc      string
	ev       doc.Event
	sentence string
}

func actor(a doc.Actor) string {
	switch {
	case a.Code != "" && a.Text != "":
		return a.Code + " (" + oneLine(a.Text, 30) + ")"
	case a.Code != "":
		return a.Code
	case a.Text != "":
		return oneLine(a.Text, 30)
	}
	return "-"
}

func spanText(d *doc.Doc, start, end int) string {
	if start < 0 || end > len(d.Text) || start >= end {
		return ""
	}
	return d.Text[start:end]
}

// tallyLayers counts the annotations of each layer in d.
func tallyLayers(t map[string]int, d *doc.Doc) {
	add := func(name string, n int) {
		if n > 0 {
			t[name] += n
		}
	}
	add(doc.LayerStories, len(d.Stories))
	add(doc.LayerSentences, len(d.Sentences))
	add(doc.LayerTokens, len(d.Tokens))
	add(doc.LayerMentions, len(d.Mentions))
	add(doc.LayerEntities, len(d.Entities))
	add(doc.LayerTimexes, len(d.Timexes))
	add(doc.LayerQuantities, len(d.Quantities))
	add(doc.LayerQuotes, len(d.Quotes))
	add(doc.LayerPlaces, len(d.Places))
	add(doc.LayerEvents, len(d.Events))
}
