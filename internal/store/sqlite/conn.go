package sqlite

import (
	"context"
	"database/sql"

	"github.com/newsgraph/newsgraph/internal/store/sqlq"
)

// dbq is what a pool and a transaction share.
type dbq interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// conn runs the shared queries (internal/store/sqlq).
type conn struct{ q dbq }

func (c conn) Query(ctx context.Context, q string, args ...any) (sqlq.Rows, error) {
	rows, err := c.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

func (c conn) QueryRow(ctx context.Context, q string, args ...any) sqlq.Row {
	return c.q.QueryRowContext(ctx, q, args...)
}

func (c conn) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	res, err := c.q.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// cached is the reader conn through the statement cache (stmts.go), for
// the hot constant queries.
type cached struct{ db *DB }

func (c cached) Query(ctx context.Context, q string, args ...any) (sqlq.Rows, error) {
	rows, err := c.db.stmtQuery(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

func (c cached) QueryRow(ctx context.Context, q string, args ...any) sqlq.Row {
	return c.db.stmtQueryRow(ctx, q, args...)
}

func (c cached) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	return conn{c.db.r}.Exec(ctx, q, args...)
}
