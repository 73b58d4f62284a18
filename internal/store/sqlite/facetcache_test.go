package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
	"github.com/newsgraph/newsgraph/internal/store/synth"
)

// TestFacetCacheAgreesWithSQL compares the text aggregates answered from
// the in-memory facets with the same ones read from event_facet in SQL,
// on a synthetic store, before and after more documents arrive.
func TestFacetCacheAgreesWithSQL(t *testing.T) {
	ctx := context.Background()
	g := storetest.Synth(t, synth.Config{Seed: 11, Entities: 150, Days: 60})
	db := openTemp(t)
	defer db.Close()
	put := func(n int) {
		run, _ := db.BeginRun(ctx, store.RunInfo{Started: time.Unix(0, 0)})
		if _, err := db.Put(ctx, run, g.Take(n)); err != nil {
			t.Fatal(err)
		}
	}
	g5 := 5.0
	filters := []store.EventFilter{{Text: "talks"}, {Text: "with", Quad: 2}, {Text: "aid", Root: "07"}, {Text: "talks", From: "2023-02-01", To: "2023-03-01"},
		{Text: "with", GoldsteinMin: &g5}, {Text: "the", Actor: g.CountryCodes()[0]}, {Text: "talks", Source: g.CountryCodes()[1]}}
	answers := func() string {
		var s string
		for _, f := range filters {
			tl, err := db.Timeline(ctx, f, "root")
			if err != nil {
				t.Fatal(err)
			}
			cs, err := db.Countries(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			ps, err := db.ActorPairs(ctx, f, 20)
			if err != nil {
				t.Fatal(err)
			}
			s += fmt.Sprint(f.Text, len(tl), tl, cs, ps, "\n")
		}
		return s
	}
	// idle waits for a background build to finish.
	idle := func() {
		for i := 0; ; i++ {
			db.facets.mu.Lock()
			b := db.facets.building
			db.facets.mu.Unlock()
			if !b {
				return
			}
			if i > 1000 {
				t.Fatal("facets still building after 10 s")
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	// SQL answers with the cache off, facet answers with it warm.
	compare := func(when string) {
		t.Helper()
		idle()
		defer func(m int) { facetCacheMax = m }(facetCacheMax)
		facetCacheMax = 0
		db.facets = facetCache{}
		sql := answers()
		idle()
		if db.facetIndex(ctx) != nil {
			t.Fatal("facets kept above facetCacheMax")
		}
		facetCacheMax = 1 << 30
		db.facets = facetCache{}
		db.Warm(ctx)
		idle()
		if db.facetIndex(ctx) == nil {
			t.Fatalf("%s: no facets after Warm", when)
		}
		if mem := answers(); mem != sql {
			t.Fatalf("%s: facets and SQL disagree:\n%s\nvs\n%s", when, mem, sql)
		}
		if len(sql) < 500 {
			t.Fatalf("%s: too little matched to compare: %q", when, sql)
		}
	}
	put(300)
	compare("first load")
	put(200)
	// The write makes the next answer come from SQL (the facets are
	// stale) while they reload in the background.
	if db.facetIndex(ctx) != nil {
		t.Fatal("stale facets answered after a write")
	}
	compare("after more documents")
}
