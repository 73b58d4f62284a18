package sqlite

import (
	"context"
	"strings"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/sqlq"
)

var (
	_ store.PollStore  = (*DB)(nil)
	_ store.RunEventer = (*DB)(nil)
)

// SavePoll implements store.PollStore.
func (db *DB) SavePoll(ctx context.Context, p store.Poll) error {
	if err := db.writable("save poll"); err != nil {
		return err
	}
	return sqlq.SavePoll(ctx, conn{db.w}, p, func(err error) bool {
		return strings.Contains(err.Error(), "UNIQUE constraint failed: polls.url")
	})
}

// DeletePoll implements store.PollStore.
func (db *DB) DeletePoll(ctx context.Context, id int64) error {
	if err := db.writable("delete poll"); err != nil {
		return err
	}
	return sqlq.DeletePoll(ctx, conn{db.w}, id)
}

// Polls implements store.PollStore.
func (db *DB) Polls(ctx context.Context) ([]store.Poll, error) { return sqlq.Polls(ctx, db.rd()) }

// RunEvents implements store.RunEventer over the (run_id, doc_key) index.
func (db *DB) RunEvents(ctx context.Context, runID int64, fn func(store.EventRow) error) error {
	return sqlq.RunEvents(ctx, db.rd(), runID, fn)
}

// Documents implements store.Querier: stored documents in content key order.
func (db *DB) Documents(ctx context.Context, q store.DocumentQuery) (store.DocumentPage, error) {
	return sqlq.Documents(ctx, db.rd(), q)
}
