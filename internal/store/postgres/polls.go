package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"

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
	return sqlq.SavePoll(ctx, db.conn(), p, func(err error) bool {
		var pe *pgconn.PgError
		return errors.As(err, &pe) && pe.Code == "23505" && pe.ConstraintName == "polls_url_key" // unique_violation
	})
}

// DeletePoll implements store.PollStore.
func (db *DB) DeletePoll(ctx context.Context, id int64) error {
	if err := db.writable("delete poll"); err != nil {
		return err
	}
	return sqlq.DeletePoll(ctx, db.conn(), id)
}

// Polls implements store.PollStore.
func (db *DB) Polls(ctx context.Context) ([]store.Poll, error) { return sqlq.Polls(ctx, db.conn()) }

// RunEvents implements store.RunEventer over the (run_id, doc_key) index.
func (db *DB) RunEvents(ctx context.Context, runID int64, fn func(store.EventRow) error) error {
	return sqlq.RunEvents(ctx, db.conn(), runID, fn)
}

// Documents implements store.Querier: stored documents in content key order.
func (db *DB) Documents(ctx context.Context, q store.DocumentQuery) (store.DocumentPage, error) {
	return sqlq.Documents(ctx, db.conn(), q)
}
