package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"runtime/pprof"

	"sort"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/shared"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/synth"
)

func init() {
	registerBench(&subcommand{Name: "query", Summary: "query latency (p50/p95/p99) of event lists, entity pages and aggregates on a synthetic store", Run: runBenchQuery})
}

func runBenchQuery(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("bench query", "--db PATH|postgres://... [flags]\n\nFills the store with synthetic events (--fill N) unless it already holds\nsome, then times the Querier calls the API and UI make: filtered event\nlists, entity pages and aggregates. Targets: p95 <= 50 ms for lists and\nentity pages, <= 200 ms for aggregates.")
	dsn := fs.String("db", "", "store: SQLite path or postgres:// DSN")
	fill := fs.Int("fill", 1000000, "events to generate when the store has none (0: never generate)")
	n := fs.Int("n", 100, "timed runs of each query kind")
	seed := fs.Int64("seed", 1, "generator seed (the same seed must be used to fill and to query)")
	batch := fs.Int("batch", 5000, "documents per Put when filling (large batches fold more roll-up upserts into one)")
	only := fs.String("only", "", "time only the query kinds whose name contains this")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile (fill and queries) to this file")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *dsn == "" {
		return m.errorf(exitUsage, "bench query: --db is required")
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return m.errorf(exitUsage, "bench query: %v", err)
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	gen, err := synth.New(synth.Config{Seed: *seed, CameoDir: shared.Path("data", "cameo")})
	if err != nil {
		return m.errorf(exitFailed, "bench query: %v", err)
	}
	st, err := store.Open(ctx, *dsn, store.Options{})
	if err != nil {
		return m.errorf(exitFailed, "bench query: %v", err)
	}
	defer st.Close()
	q, ok := st.(store.Querier)
	if !ok {
		return m.errorf(exitFailed, "bench query: %T cannot answer queries", st)
	}
	p, err := q.Events(ctx, store.EventFilter{Limit: 1})
	if err != nil {
		return m.errorf(exitFailed, "bench query: %v", err)
	}
	if len(p.Events) == 0 && *fill > 0 {
		if err := benchFill(ctx, m, st, gen, *fill, *batch); err != nil {
			return m.errorf(exitFailed, "bench query: fill: %v", err)
		}
	}
	return benchQueries(ctx, m, q, gen, *n, *only)
}

// bulker is a store that can set its secondary indexes aside for a big
// load (sqlite.DB): the fill is then bounded by writing rows, not by
// random B-tree inserts into a dozen indexes.
type bulker interface {
	BeginBulk(ctx context.Context) error
	EndBulk(ctx context.Context, progress func(step string, took time.Duration)) error
}

func benchFill(ctx context.Context, m *Main, st store.Store, gen *synth.Gen, events, batch int) error {
	if ok, err := benchLoad(ctx, m, st, gen, events, batch); ok || err != nil {
		return err // filled through store.Loader (PostgreSQL)
	}
	if b, ok := st.(bulker); ok {
		if err := b.BeginBulk(ctx); err != nil {
			return err
		}
		t0 := time.Now()
		if err := benchFillRows(ctx, m, st, gen, events, batch); err != nil {
			return err
		}
		err := b.EndBulk(ctx, func(step string, took time.Duration) {
			fmt.Fprintf(m.Stderr, "fill: rebuilt %s in %s\n", step, took.Round(time.Millisecond))
		})
		fmt.Fprintf(m.Stdout, "fill with index rebuild: %s\n", time.Since(t0).Round(time.Second))
		return err
	}
	return benchFillRows(ctx, m, st, gen, events, batch)
}

func benchFillRows(ctx context.Context, m *Main, st store.Store, gen *synth.Gen, events, batch int) error {
	run, err := st.BeginRun(ctx, store.RunInfo{Started: time.Now().UTC(), Build: "bench", Stages: []string{"synth.v1"}, Sources: []string{"synthetic"}})
	if err != nil {
		return err
	}
	ch := make(chan []*doc.Doc, 4)
	go func() {
		defer close(ch)
		n := 0
		for n < events && ctx.Err() == nil {
			b := make([]*doc.Doc, 0, batch)
			for len(b) < batch && n < events {
				d := gen.Next()
				n += len(d.Events)
				b = append(b, d)
			}
			ch <- b
		}
	}()
	t0 := time.Now()
	var docs, evs int
	var counts store.RunCounts
	last := t0
	for b := range ch {
		if err := ctx.Err(); err != nil {
			return err
		}
		// Cancellation is checked between batches: a context that can be
		// cancelled costs the SQLite driver a goroutine per statement.
		r, err := st.Put(context.WithoutCancel(ctx), run, b)
		if err != nil {
			return err
		}
		counts.Add(r.Counts())
		docs += len(b)
		for _, d := range b {
			evs += len(d.Events)
		}
		if time.Since(last) > 30*time.Second {
			last = time.Now()
			el := time.Since(t0).Seconds()
			fmt.Fprintf(m.Stderr, "fill: %d docs, %d events, %.0f events/s\n", docs, evs, float64(evs)/el)
		}
	}
	el := time.Since(t0)
	counts.Seen = docs
	if err := st.FinishRun(ctx, run, store.RunFinish{Finished: time.Now().UTC(), Status: store.RunDone, Counts: counts}); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "generated %d documents, %d events in %s (%.0f events/s, %.0f docs/s); %d exact copies\n",
		docs, evs, el.Round(time.Second), float64(evs)/el.Seconds(), float64(docs)/el.Seconds(), counts.ExactDups)
	return nil
}

type benchCase struct {
	kind, name string
	run        func(ctx context.Context, r *rand.Rand) error
}

func benchQueries(ctx context.Context, m *Main, q store.Querier, gen *synth.Gen, n int, only string) int {
	ents := gen.Entities()
	ccs := gen.CountryCodes()
	cities := gen.Cities()
	codes := gen.Codes()
	r := rand.New(rand.NewSource(7))
	zipfCC := func() string { return ccs[int(r.ExpFloat64()*6)%len(ccs)] }
	entity := func() synth.Entity { return ents[gen.Zipf()] }
	month := func() (string, string) {
		t := time.Date(2023, time.Month(1+r.Intn(24)), 1, 0, 0, 0, 0, time.UTC)
		return t.Format("2006-01-02"), t.AddDate(0, 1, 0).Format("2006-01-02")
	}
	list := func(f store.EventFilter) error {
		_, err := q.Events(ctx, f)
		return err
	}
	word := func() string {
		c := cities[r.Intn(len(cities))]
		return strings.Fields(c)[0]
	}
	cases := []benchCase{
		{"list", "newest", func(ctx context.Context, r *rand.Rand) error { return list(store.EventFilter{}) }},
		{"list", "actor", func(ctx context.Context, r *rand.Rand) error { return list(store.EventFilter{Actor: zipfCC()}) }},
		{"list", "actor+role", func(ctx context.Context, r *rand.Rand) error { return list(store.EventFilter{Actor: entity().Code}) }},
		{"list", "source+target", func(ctx context.Context, r *rand.Rand) error {
			return list(store.EventFilter{Source: zipfCC(), Target: zipfCC()})
		}},
		{"list", "root+country", func(ctx context.Context, r *rand.Rand) error {
			c := codes[r.Intn(len(codes))]
			return list(store.EventFilter{Root: c.Code[:2], Country: gen.ISO(zipfCC())})
		}},
		{"list", "code prefix", func(ctx context.Context, r *rand.Rand) error {
			return list(store.EventFilter{Code: codes[r.Intn(len(codes))].Code})
		}},
		{"list", "quad+month", func(ctx context.Context, r *rand.Rand) error {
			a, b := month()
			return list(store.EventFilter{Quad: 1 + r.Intn(4), From: a, To: b})
		}},
		{"list", "bbox", func(ctx context.Context, r *rand.Rand) error {
			lon, lat := -120+r.Float64()*240, -40+r.Float64()*90
			return list(store.EventFilter{BBox: &[4]float64{lon, lat, lon + 20, lat + 15}})
		}},
		{"list", "goldstein sort", func(ctx context.Context, r *rand.Rand) error {
			return list(store.EventFilter{Sort: "goldstein", Country: gen.ISO(zipfCC())})
		}},
		{"list", "text", func(ctx context.Context, r *rand.Rand) error { return list(store.EventFilter{Text: word()}) }},
		{"list", "entity", func(ctx context.Context, r *rand.Rand) error { return list(store.EventFilter{Entity: entity().ID}) }},
		{"list", "page 3", func(ctx context.Context, r *rand.Rand) error {
			f := store.EventFilter{Actor: zipfCC()}
			for i := 0; i < 2; i++ {
				p, err := q.Events(ctx, f)
				if err != nil || p.Next == "" {
					return err
				}
				f.Cursor = p.Next
			}
			return list(f)
		}},
		{"entity", "entity page", func(ctx context.Context, r *rand.Rand) error {
			_, err := q.Entity(ctx, entity().ID)
			if errors.Is(err, store.ErrNotFound) {
				err = nil // an actor the generator never drew: a 404 page
			}
			return err
		}},
		{"entity", "entity page (top 10)", func(ctx context.Context, r *rand.Rand) error {
			_, err := q.Entity(ctx, ents[r.Intn(10)].ID)
			return err
		}},
		{"entity", "name search", func(ctx context.Context, r *rand.Rand) error {
			e := entity()
			_, err := q.Entities(ctx, store.EntityQuery{Text: e.Name[:3]})
			return err
		}},
		{"entity", "alias search (Cyrillic)", func(ctx context.Context, r *rand.Rand) error {
			e := entity()
			rs := []rune(e.Aliases[0].Text)
			_, err := q.Entities(ctx, store.EntityQuery{Text: string(rs[:min(4, len(rs))])})
			return err
		}},
		{"aggregate", "timeline by quad", func(ctx context.Context, r *rand.Rand) error {
			_, err := q.Timeline(ctx, store.EventFilter{}, "quad")
			return err
		}},
		{"aggregate", "timeline by root, country", func(ctx context.Context, r *rand.Rand) error {
			_, err := q.Timeline(ctx, store.EventFilter{Country: gen.ISO(zipfCC())}, "root")
			return err
		}},
		{"aggregate", "timeline by quad, actor", func(ctx context.Context, r *rand.Rand) error {
			_, err := q.Timeline(ctx, store.EventFilter{Actor: entity().Code}, "quad")
			return err
		}},
		{"aggregate", "actor pairs", func(ctx context.Context, r *rand.Rand) error {
			_, err := q.ActorPairs(ctx, store.EventFilter{}, 50)
			return err
		}},
		{"aggregate", "actor pairs, month", func(ctx context.Context, r *rand.Rand) error {
			a, b := month()
			_, err := q.ActorPairs(ctx, store.EventFilter{From: a, To: b}, 50)
			return err
		}},
		{"aggregate", "countries", func(ctx context.Context, r *rand.Rand) error {
			_, err := q.Countries(ctx, store.EventFilter{})
			return err
		}},
		{"aggregate", "countries, quad+month", func(ctx context.Context, r *rand.Rand) error {
			a, b := month()
			_, err := q.Countries(ctx, store.EventFilter{Quad: 1 + r.Intn(4), From: a, To: b})
			return err
		}},
		// Full-text-filtered aggregates (the UI's charts for a search): a
		// word of an event verb (verbWord), and "talks", the most common
		// (a sixth of all events).
		{"aggregate", "timeline by quad, text", func(ctx context.Context, r *rand.Rand) error {
			_, err := q.Timeline(ctx, store.EventFilter{Text: verbWord(r)}, "quad")
			return err
		}},
		{"aggregate", "timeline by root, talks", func(ctx context.Context, r *rand.Rand) error {
			_, err := q.Timeline(ctx, store.EventFilter{Text: "talks"}, "root")
			return err
		}},
		{"aggregate", "countries, talks", func(ctx context.Context, r *rand.Rand) error {
			_, err := q.Countries(ctx, store.EventFilter{Text: "talks"})
			return err
		}},
		{"aggregate", "actor pairs, talks", func(ctx context.Context, r *rand.Rand) error {
			_, err := q.ActorPairs(ctx, store.EventFilter{Text: "talks"}, 50)
			return err
		}},
		{"aggregate", "timeline by quad, text+actor", func(ctx context.Context, r *rand.Rand) error {
			_, err := q.Timeline(ctx, store.EventFilter{Text: verbWord(r), Actor: zipfCC()}, "quad")
			return err
		}},
		{"aggregate", "network, talks", func(ctx context.Context, r *rand.Rand) error {
			_, err := q.Network(ctx, store.EventFilter{Text: "talks"}, 100)
			return err
		}},
		{"aggregate", "countries, text+month", func(ctx context.Context, r *rand.Rand) error {
			a, b := month()
			_, err := q.Countries(ctx, store.EventFilter{Text: verbWord(r), From: a, To: b})
			return err
		}},
		{"aggregate", "network, actor", func(ctx context.Context, r *rand.Rand) error {
			_, err := q.Network(ctx, store.EventFilter{Actor: zipfCC()}, 100)
			return err
		}},
		{"aggregate", "network, month", func(ctx context.Context, r *rand.Rand) error {
			a, b := month()
			_, err := q.Network(ctx, store.EventFilter{From: a, To: b}, 100)
			return err
		}},
	}
	byKind := map[string][]time.Duration{}
	cpuByKind := map[string][]time.Duration{}
	// The CPU columns are the process's CPU time per query (queries run one
	// at a time): unlike wall time, not inflated by other work on a loaded
	// machine.
	fmt.Fprintf(m.Stdout, "%-36s %9s %9s %9s %9s %9s %9s\n", "query", "p50 ms", "p95 ms", "p99 ms", "max ms", "cpu p50", "cpu p95")
	failed := false
	for _, c := range cases {
		if only != "" && !strings.Contains(c.name, only) {
			continue
		}
		// One untimed run warms the caches the way a live server is warm.
		if err := c.run(ctx, r); err != nil {
			fmt.Fprintf(m.Stderr, "%s: %v\n", c.name, err)
			failed = true
			continue
		}
		var ds, cs []time.Duration
		for i := 0; i < n; i++ {
			c0, t0 := codeCPU(), time.Now()
			if err := c.run(ctx, r); err != nil {
				fmt.Fprintf(m.Stderr, "%s: %v\n", c.name, err)
				failed = true
				break
			}
			ds = append(ds, time.Since(t0))
			cs = append(cs, codeCPU()-c0)
		}
		byKind[c.kind] = append(byKind[c.kind], ds...)
		cpuByKind[c.kind] = append(cpuByKind[c.kind], cs...)
		p, pc := percentiles(ds), percentiles(cs)
		fmt.Fprintf(m.Stdout, "%-36s %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f\n", c.kind+": "+c.name, p[0], p[1], p[2], p[3], pc[0], pc[1])
	}
	fmt.Fprintln(m.Stdout)
	for _, k := range []string{"list", "entity", "aggregate"} {
		p, pc := percentiles(byKind[k]), percentiles(cpuByKind[k])
		target := 50.0
		if k == "aggregate" {
			target = 200
		}
		verdict := "meets"
		if p[1] > target {
			verdict = "MISSES"
		}
		fmt.Fprintf(m.Stdout, "%-36s %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f  (p95 target %.0f ms: %s)\n", "ALL "+k, p[0], p[1], p[2], p[3], pc[0], pc[1], target, verdict)
	}
	if failed {
		return exitFailed
	}
	return exitOK
}

// percentiles returns p50, p95, p99 and max in milliseconds.
func percentiles(ds []time.Duration) [4]float64 {
	if len(ds) == 0 {
		return [4]float64{}
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	at := func(p float64) float64 {
		i := int(p*float64(len(s))+0.5) - 1
		if i < 0 {
			i = 0
		}
		if i >= len(s) {
			i = len(s) - 1
		}
		return float64(s[i].Microseconds()) / 1000
	}
	return [4]float64{at(0.5), at(0.95), at(0.99), float64(s[len(s)-1].Microseconds()) / 1000}
}

// verbWords are words of the synthetic stories' event verbs (synth), from
// the common ("talks") to the rare ("shelled").
var verbWords = []string{"talks", "statement", "support", "aid", "criticised", "warned", "protest", "detained", "attacked", "shelled"}

func verbWord(r *rand.Rand) string { return verbWords[r.Intn(len(verbWords))] }
