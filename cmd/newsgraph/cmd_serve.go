package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/internal/api"
	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/pipeline"
	"github.com/newsgraph/newsgraph/internal/web"
)

func init() {
	register(&command{Name: "serve", Summary: "serve the store: JSON API, web UI, /metrics", Run: runServe})
}

func runServe(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("serve", "[--addr 127.0.0.1:8080] [--db PATH|postgres://...] [--read-only] [--token-file F] [--cors ORIGIN]")
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	dbFlag := fs.String("db", "", "store: a SQLite file or postgres:// URL (default $NEWSGRAPH_DB, else ./newsgraph.db)")
	readOnly := fs.Bool("read-only", false, "open the store read-only and refuse write endpoints")
	tokenFile := fs.String("token-file", "", "file holding the bearer token for write endpoints (default $NEWSGRAPH_TOKEN; none: writes refused)")
	cors := fs.String("cors", "", "origin allowed cross-origin requests (\"*\" for any; default none)")
	layersFlag := fs.String("layers", "", "layers POST /api/ingest produces (default every layer a stage provides)")
	date := fs.String("date", "", "default reference date for ingested documents without one (YYYY-MM-DD)")
	workers := fs.Int("workers", 0, "documents processed at once by an ingest (default GOMAXPROCS)")
	allowPrivate := fs.Bool("allow-private", false, "let {\"url\"} ingests fetch loopback and private addresses")
	maxBody := fs.Int64("max-body", api.DefaultMaxBody, "largest request body in bytes")
	cacheTTL := fs.Duration("cache-ttl", api.DefaultCacheTTL, "how long event-list responses are cached")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return m.errorf(exitUsage, "serve: unexpected argument %q", fs.Arg(0))
	}
	if *date != "" && !dateRE.MatchString(*date) {
		return m.errorf(exitUsage, "serve: --date %q is not YYYY-MM-DD", *date)
	}
	token := m.env("NEWSGRAPH_TOKEN")
	if *tokenFile != "" {
		b, err := os.ReadFile(*tokenFile)
		if err != nil {
			return m.errorf(exitUsage, "serve: --token-file: %v", err)
		}
		token = strings.TrimSpace(string(b))
		if token == "" {
			return m.errorf(exitUsage, "serve: --token-file %s is empty", *tokenFile)
		}
	}
	log := slog.New(slog.NewTextHandler(m.Stderr, nil))
	dsn := m.dbFlag(dbFlag)
	st, err := m.openStore(ctx, dsn, *readOnly)
	if err != nil {
		return m.errorf(exitFailed, "serve: %v", err)
	}
	// A store with in-memory state for its queries (SQLite's event facets)
	// loads it while the server starts answering.
	if w, ok := st.(interface{ Warm(context.Context) }); ok {
		go w.Warm(ctx)
	}
	layers := splitList(*layersFlag)
	if len(layers) == 0 {
		layers = defaultLayers()
	}
	env := pipeline.Env{DefaultDate: *date, Build: buildStamp(), Now: time.Now}
	ui := web.New(web.Config{Store: st, Build: buildStamp()})
	srv := api.New(api.Config{
		Store: st, ReadOnly: *readOnly, Token: token, CORSOrigin: *cors,
		Pipeline:      func() (*api.Processor, error) { return timedPipeline(env, layers, *workers) },
		IngestOptions: api.IngestOptions{Fetch: ingest.Options{AllowPrivate: *allowPrivate}},
		MaxBody:       *maxBody, CacheTTL: *cacheTTL, Log: log, Build: buildStamp(),
		Extra: ui.Register,
	})
	defer srv.Close() // stops the feed polls (POST /api/ingest with an interval) before the store closes
	// Feed polls saved by an earlier run resume (a read-only server lists
	// them as paused); the server logs each one.
	if _, err := srv.ResumePolls(ctx); err != nil {
		log.Error("the feed polls saved in the store were not resumed", "error", err.Error())
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return m.errorf(exitFailed, "serve: %v", err)
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // ingest bodies
		WriteTimeout:      5 * time.Minute, // an ingest answers when its run is stored
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	writes := "writes need the bearer token"
	switch {
	case *readOnly:
		writes = "read-only"
	case token == "":
		writes = "writes disabled (no token)"
	}
	fmt.Fprintf(m.Stderr, "newsgraph: serving %s on http://%s/ (%s)\n", dsn, ln.Addr(), writes)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return m.errorf(exitFailed, "serve: %v", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return m.errorf(exitFailed, "serve: shutdown: %v", err)
	}
	return exitOK
}

// timedPipeline provisions the stages for layers one by one, so the
// server can time each stage per document (/metrics) without the
// pipeline package knowing about metrics.
func timedPipeline(env pipeline.Env, layers []string, workers int) (*api.Processor, error) {
	need := append([]string(nil), layers...)
	if _, ok := pipeline.Provider(doc.LayerStories); ok {
		need = append(need, doc.LayerStories)
	}
	sort.SliceStable(need, func(i, j int) bool { return layerRank(need[i]) < layerRank(need[j]) })
	ids, err := pipeline.Resolve(need)
	if err != nil {
		return nil, err
	}
	var have []string
	stages := make([]*pipeline.Pipeline, len(ids))
	for i, id := range ids {
		if stages[i], err = pipeline.Build(env, []string{id}, have...); err != nil {
			return nil, err
		}
		info, _ := pipeline.Lookup(id)
		have = append(have, info.Assigns...)
	}
	return &api.Processor{Stages: ids, Workers: workers,
		Process: func(ctx context.Context, d *doc.Doc, observe func(string, time.Duration)) error {
			for i, p := range stages {
				t := time.Now()
				if err := p.Process(ctx, d); err != nil {
					return err
				}
				observe(ids[i], time.Since(t))
			}
			return nil
		}}, nil
}
