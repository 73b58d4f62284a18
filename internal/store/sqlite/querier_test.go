package sqlite

import (
	"testing"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
)

func TestQuerierConformance(t *testing.T) {
	storetest.RunQuerier(t, func(t *testing.T) store.Store { return openTemp(t) })
}

// TestQuerierConformanceOtherPlans runs the suite again with the bounds
// that pick a query plan set low, so the plans a large store takes (a
// common full-text query checked row by row, a box read from the newest
// events with a place) give the same answers as the others.
func TestQuerierConformanceOtherPlans(t *testing.T) {
	for _, c := range []struct {
		name             string
		text, box, facet int
	}{{"common text, box scan", 0, 1 << 20, facetCacheMax}, {"one text id, short box scan", 1, 2, facetCacheMax},
		{"text aggregates in SQL", textIDs, boxScan, 0}} {
		t.Run(c.name, func(t *testing.T) {
			oldText, oldBox, oldFacet := textIDs, boxScan, facetCacheMax
			textIDs, boxScan, facetCacheMax = c.text, c.box, c.facet
			defer func() { textIDs, boxScan, facetCacheMax = oldText, oldBox, oldFacet }()
			storetest.RunQuerier(t, func(t *testing.T) store.Store { return openTemp(t) })
		})
	}
}
