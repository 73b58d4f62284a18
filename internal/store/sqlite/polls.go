package sqlite

import (
	"context"
	"fmt"
	"strings"

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
	if _, err := db.w.ExecContext(ctx, store.SavePollSQL, args...); err != nil {
		if strings.Contains(err.Error(), "UNIQUE constraint failed: polls.url") {
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
	res, err := db.w.ExecContext(ctx, store.DeletePollSQL, id)
	if err != nil {
		return store.Errorf(store.CodeInternal, "delete poll", "%v", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return &store.Error{Code: store.CodeNotFound, Op: "delete poll", Err: fmt.Errorf("no poll %d", id)}
	}
	return nil
}

// Polls implements store.PollStore.
func (db *DB) Polls(ctx context.Context) ([]store.Poll, error) {
	rows, err := db.r.QueryContext(ctx, store.PollsSQL)
	if err != nil {
		return nil, store.Errorf(store.CodeInternal, "polls", "%v", err)
	}
	defer rows.Close()
	return store.ReadPolls(rows)
}
