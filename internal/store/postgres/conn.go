package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/newsgraph/newsgraph/internal/store/sqlq"
)

// pgq is what a pool and a transaction share.
type pgq interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// conn runs the shared queries (internal/store/sqlq), rebinding their ?
// placeholders to $n.
type conn struct{ q pgq }

func (c conn) Query(ctx context.Context, q string, args ...any) (sqlq.Rows, error) {
	rows, err := c.q.Query(ctx, rebind(q), args...)
	if err != nil {
		return nil, err
	}
	return pgRows{rows}, nil
}

func (c conn) QueryRow(ctx context.Context, q string, args ...any) sqlq.Row {
	return c.q.QueryRow(ctx, rebind(q), args...)
}

func (c conn) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	tag, err := c.q.Exec(ctx, rebind(q), args...)
	return tag.RowsAffected(), err
}

// pgRows gives pgx.Rows the Close of database/sql.
type pgRows struct{ pgx.Rows }

func (r pgRows) Close() error {
	r.Rows.Close()
	return nil
}

// rebind turns the ? placeholders of the shared query builders into $n.
func rebind(q string) string { return sqlq.Postgres.Rebind(q) }
