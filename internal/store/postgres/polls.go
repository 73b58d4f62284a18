package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/newsgraph/newsgraph/internal/store"
)

var _ store.PollStore = (*DB)(nil)

// SavePoll implements store.PollStore.
func (db *DB) SavePoll(ctx context.Context, p store.Poll) error {
	if err := db.writable("save poll"); err != nil {
		return err
	}
	args, err := store.SavePollArgs(p)
	if err != nil {
		return err
	}
	if _, err := db.pool.Exec(ctx, rebind(store.SavePollSQL), args...); err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "23505" && pe.ConstraintName == "polls_url_key" { // unique_violation
			return &store.Error{Code: store.CodeConflict, Op: "save poll", Err: fmt.Errorf("%s is already polled", p.URL)}
		}
		return store.Errorf(store.CodeInternal, "save poll", "%v", err)
	}
	return nil
}

// DeletePoll implements store.PollStore.
func (db *DB) DeletePoll(ctx context.Context, id int64) error {
	if err := db.writable("delete poll"); err != nil {
		return err
	}
	tag, err := db.pool.Exec(ctx, rebind(store.DeletePollSQL), id)
	if err != nil {
		return store.Errorf(store.CodeInternal, "delete poll", "%v", err)
	}
	if tag.RowsAffected() == 0 {
		return &store.Error{Code: store.CodeNotFound, Op: "delete poll", Err: fmt.Errorf("no poll %d", id)}
	}
	return nil
}

// Polls implements store.PollStore.
func (db *DB) Polls(ctx context.Context) ([]store.Poll, error) {
	rows, err := db.pool.Query(ctx, store.PollsSQL)
	if err != nil {
		return nil, store.Errorf(store.CodeInternal, "polls", "%v", err)
	}
	defer rows.Close()
	return store.ReadPolls(rows)
}
