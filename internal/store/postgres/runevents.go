package postgres

import (
	"context"

	"github.com/newsgraph/newsgraph/internal/store"
)

var _ store.RunEventer = (*DB)(nil)

// RunEvents implements store.RunEventer over the (run_id, doc_key) index.
func (db *DB) RunEvents(ctx context.Context, runID int64, fn func(store.EventRow) error) error {
	rows, err := db.pool.Query(ctx, `SELECT `+eventCols+eventFrom+` WHERE e.run_id = $1 ORDER BY e.doc_key, e.ev_idx, e.id`, runID)
	if err != nil {
		return store.Errorf(store.CodeInternal, "run events", "%v", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r store.EventRow
		if err := scanEvent(rows, &r); err != nil {
			return store.Errorf(store.CodeInternal, "run events", "%v", err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}
