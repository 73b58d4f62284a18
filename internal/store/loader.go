package store

import (
	"context"

	"github.com/newsgraph/newsgraph/internal/doc"
)

// Loader is an optional fast path for filling an empty store (benchmark
// stores, a first import of an archive): the same rows as Put of the same
// batches, written in bulk. A store that is not empty is refused with
// CodeConflict.
type Loader interface {
	// Load stores the batches next returns, until it returns nil, under
	// runID, and returns the run's counts.
	Load(ctx context.Context, runID int64, next func() ([]*doc.Doc, error)) (RunCounts, error)
}
