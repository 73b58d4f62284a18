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
		name      string
		text, box int
	}{{"common text, box scan", 0, 1 << 20}, {"one text id, short box scan", 1, 2}} {
		t.Run(c.name, func(t *testing.T) {
			oldText, oldBox := textIDs, boxScan
			textIDs, boxScan = c.text, c.box
			defer func() { textIDs, boxScan = oldText, oldBox }()
			storetest.RunQuerier(t, func(t *testing.T) store.Store { return openTemp(t) })
		})
	}
}
