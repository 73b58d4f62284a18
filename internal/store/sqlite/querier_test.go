package sqlite

import (
	"testing"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
)

func TestQuerierConformance(t *testing.T) {
	storetest.RunQuerier(t, func(t *testing.T) store.Store { return openTemp(t) })
}
