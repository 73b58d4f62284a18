package main

import (
	"context"
	"fmt"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
	// PostgreSQL for --db postgres://... (ingest, serve, search, stats, bench query).
	_ "github.com/newsgraph/newsgraph/internal/store/postgres"
	"github.com/newsgraph/newsgraph/internal/store/synth"
)

// benchLoad fills an empty store through store.Loader (PostgreSQL's COPY
// path: the rows Put writes, indexes built after) when st has one; ok is
// false when it has none and the caller fills through Put.
func benchLoad(ctx context.Context, m *Main, st store.Store, gen *synth.Gen, events, batch int) (ok bool, err error) {
	ld, ok := st.(store.Loader)
	if !ok {
		return false, nil
	}
	run, err := st.BeginRun(ctx, store.RunInfo{Started: time.Now().UTC(), Build: "bench", Stages: []string{"synth.v1"}, Sources: []string{"synthetic"}})
	if err != nil {
		return true, err
	}
	t0 := time.Now()
	var docs, evs int
	last := t0
	counts, err := ld.Load(ctx, run, func() ([]*doc.Doc, error) {
		if evs >= events {
			return nil, ctx.Err()
		}
		b := make([]*doc.Doc, 0, batch)
		for len(b) < batch && evs < events {
			d := gen.Next()
			evs += len(d.Events)
			b = append(b, d)
		}
		docs += len(b)
		if time.Since(last) > 30*time.Second {
			last = time.Now()
			fmt.Fprintf(m.Stderr, "fill: %d docs, %d events generated\n", docs, evs)
		}
		return b, ctx.Err()
	})
	if err != nil {
		return true, err
	}
	el := time.Since(t0)
	if err := st.FinishRun(ctx, run, store.RunFinish{Finished: time.Now().UTC(), Status: store.RunDone, Counts: counts}); err != nil {
		return true, err
	}
	fmt.Fprintf(m.Stdout, "loaded %d documents, %d events in %s (%.0f events/s, %.0f docs/s); %d exact copies\n",
		docs, evs, el.Round(time.Second), float64(evs)/el.Seconds(), float64(docs)/el.Seconds(), counts.ExactDups)
	return true, nil
}
