package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"syscall"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/shared"
	"github.com/newsgraph/newsgraph/internal/store"
)

func init() {
	registerBench(&subcommand{Name: "ingest", Summary: "ingest throughput into SQLite (default: the news corpus, one core and all cores)", Run: runBenchIngest})
}

// cpuTime is the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type benchResult struct {
	Workers, Procs int
	Summary        ingestSummary
	Wall, CPU      time.Duration
	DBBytes        int64
}

// benchIngestOnce ingests sources into a fresh database under dir.
func benchIngestOnce(ctx context.Context, dir string, sources []string, layers []string, workers, batch int) (benchResult, error) {
	r := benchResult{Workers: workers}
	procs := runtime.GOMAXPROCS(0)
	if workers == 1 {
		// One core means one core for everything: reader, workers, the
		// store's encoder pool and SQLite.
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
		procs = 1
	}
	r.Procs = procs
	path := filepath.Join(dir, fmt.Sprintf("bench-w%d.db", workers))
	for _, suf := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suf)
	}
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		return r, err
	}
	runtime.GC()
	wall0, cpu0 := time.Now(), cpuTime()
	sum, err := ingestInto(ctx, st, ingestJob{Sources: sources, Layers: layers, Workers: workers, Batch: batch,
		Opts: ingest.Options{}, Progress: "off"})
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	r.Wall, r.CPU = time.Since(wall0), cpuTime()-cpu0
	r.Summary = sum
	if fi, e := os.Stat(path); e == nil {
		r.DBBytes = fi.Size()
	}
	return r, err
}

func runBenchIngest(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("bench ingest", "[flags] [SOURCE...]\n\nDefault sources: ../shared/data/news-corpus/{reuters21578,bbc}.jsonl.\nReports documents/s and MB/s of input text, by wall clock and per CPU-second\n(the fair figure on a shared machine).")
	workersList := fs.String("workers", "1,0", "comma-separated worker counts to run; 1 also sets GOMAXPROCS=1, 0 means all cores")
	layersFlag := fs.String("layers", doc.LayerStories, "layers to produce (NLP stages off unless asked)")
	batch := fs.Int("batch", store.DefaultBatch, "documents per transaction")
	dir := fs.String("dir", "", "where the benchmark databases go (default a temporary directory, removed after)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the runs to this file")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	sources := fs.Args()
	if len(sources) == 0 {
		for _, f := range []string{"reuters21578.jsonl", "bbc.jsonl"} {
			p := shared.Path("data", "news-corpus", f)
			if _, err := os.Stat(p); err != nil {
				return m.errorf(exitUsage, "bench ingest: %s not found (give SOURCE arguments): %v", p, err)
			}
			sources = append(sources, p)
		}
	}
	var workers []int
	for _, w := range splitList(*workersList) {
		n, err := strconv.Atoi(w)
		if err != nil || n < 0 {
			return m.errorf(exitUsage, "bench ingest: --workers %q: want numbers", *workersList)
		}
		workers = append(workers, n)
	}
	d := *dir
	if d == "" {
		tmp, err := os.MkdirTemp("", "newsgraph-bench-")
		if err != nil {
			return m.errorf(exitFailed, "bench ingest: %v", err)
		}
		defer os.RemoveAll(tmp)
		d = tmp
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return m.errorf(exitUsage, "bench ingest: %v", err)
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	fmt.Fprintf(m.Stdout, "ingest benchmark: %d sources, layers %q, batch %d, %d CPUs\n", len(sources), *layersFlag, *batch, runtime.NumCPU())
	fmt.Fprintf(m.Stdout, "%-8s %-6s %8s %8s %8s %8s %10s %10s %9s %9s %9s\n",
		"workers", "procs", "docs", "stored", "MB", "wall_s", "docs/s", "docs/cpu_s", "MB/s", "MB/cpu_s", "db_MB")
	for _, w := range workers {
		r, err := benchIngestOnce(ctx, d, sources, splitList(*layersFlag), w, *batch)
		if err != nil {
			return m.errorf(exitFailed, "bench ingest: workers %d: %v", w, err)
		}
		c := r.Summary.Counts
		mb := float64(c.InputBytes) / 1e6
		ws, cs := r.Wall.Seconds(), r.CPU.Seconds()
		fmt.Fprintf(m.Stdout, "%-8d %-6d %8d %8d %8.2f %8.2f %10.0f %10.0f %9.2f %9.2f %9.1f\n",
			w, r.Procs, c.Seen, c.Stored, mb, ws, float64(c.Seen)/ws, float64(c.Seen)/cs, mb/ws, mb/cs, float64(r.DBBytes)/1e6)
		if len(r.Summary.Failures) > 0 {
			fmt.Fprintf(m.Stdout, "  (%d items failed; first: %s: %v)\n", len(r.Summary.Failures), r.Summary.Failures[0].Where, r.Summary.Failures[0].Err)
		}
		fmt.Fprintf(m.Stdout, "  stories %d, exact copies %d, near copies %d\n", c.Stories, c.ExactDups, c.NearDups)
	}
	return exitOK
}
