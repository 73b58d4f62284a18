package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache holds reader statements prepared once and reused: a
// database/sql Stmt prepares itself once on each pooled connection it
// runs on, and the driver keeps the SQLite statement handle, so the hot
// lookups (Querier.Event and Doc, called per row by the exporters and per
// request by the API) skip SQLite's parser and planner after the first
// call on a connection. Re-parsing the same text was ~40% of
// Querier.Event's CPU.
type stmtCache struct {
	mu sync.RWMutex
	m  map[string]*sql.Stmt
}

// rstmt returns the prepared reader statement for query (a constant: the
// cache never evicts, so dynamic SQL must not come here).
func (db *DB) rstmt(ctx context.Context, query string) (*sql.Stmt, error) {
	c := &db.stmts
	c.mu.RLock()
	s, ok := c.m[query]
	c.mu.RUnlock()
	if ok {
		return s, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.m[query]; ok {
		return s, nil
	}
	s, err := db.r.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[query] = s
	return s, nil
}

// stmtQueryRow is db.r.QueryRowContext through the statement cache.
func (db *DB) stmtQueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	s, err := db.rstmt(ctx, query)
	if err != nil {
		// A Row carrying the error: the same failure QueryRowContext gives.
		return db.r.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

// stmtQuery is db.r.QueryContext through the statement cache.
func (db *DB) stmtQuery(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := db.rstmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.m {
		s.Close()
	}
	c.m = nil
}
