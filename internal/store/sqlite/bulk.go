package sqlite

import (
	"context"
	"database/sql/driver"
	"fmt"
	"sort"
	"time"

	"modernc.org/sqlite"

	"github.com/newsgraph/newsgraph/internal/store"
)

// bulkKeep are the secondary indexes the write path itself reads (copy
// detection, re-coding, event clusters); a bulk load keeps them.
var bulkKeep = map[string]bool{"stories_hash": true, "events_doc": true, "events_cluster": true}

func init() {
	// The indexed form of event text (CJK split, cjk.go), for rebuilding
	// the event index in SQL after a bulk load.
	sqlite.MustRegisterDeterministicScalarFunction("newsgraph_fts_text", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return ftsText(v), nil
		case []byte:
			return ftsText(string(v)), nil
		}
		return args[0], nil
	})
}

// bulkFTS are the full-text tables a bulk load leaves to EndBulk to build.
var bulkFTS = []string{"story_fts", "event_text"}

// bulkTables are the derived tables a bulk load leaves to EndBulk, with the
// statements that rebuild them from the events in key order (one append
// per row instead of a random B-tree insert).
var bulkTables = map[string][]string{
	"event_facet": {`DELETE FROM event_facet`, rebuildFacets, `UPDATE facet_version SET v = v + 1`},
}

// rebuildFacets fills event_facet from the current events (also migration 0010).
const rebuildFacets = `INSERT INTO event_facet(k, date, code, root, quad, goldstein, country, source_code, target_code)
	SELECT newsgraph_event_key(date, id), date, code, root, quad, goldstein, country, source_code, target_code
	FROM events WHERE current = 1 ORDER BY 1`

// BeginBulk readies the store for a large load through Put by one process:
// it drops the secondary indexes Put does not read (rebuilt by one sort
// each in EndBulk instead of millions of random B-tree inserts), leaves
// the full-text indexes to be built once at the end, turns off fsync and grows the writer's page
// cache. Put writes the same rows as ever; only the order of the work
// changes. What it set aside is recorded first, so a store reopened after
// a load that died restores it. Queries during a load are slow (no
// indexes); it is for filling a fresh store, not for a live one.
func (db *DB) BeginBulk(ctx context.Context) error {
	if err := db.writable("begin bulk"); err != nil {
		return err
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return store.Errorf(store.CodeInternal, "begin bulk", "%v", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`)
	if err != nil {
		return store.Errorf(store.CodeInternal, "begin bulk", "%v", err)
	}
	var drop [][2]string
	for rows.Next() {
		var name, q string
		if err := rows.Scan(&name, &q); err != nil {
			rows.Close()
			return store.Errorf(store.CodeInternal, "begin bulk", "%v", err)
		}
		if !bulkKeep[name] {
			drop = append(drop, [2]string{name, q})
		}
	}
	rows.Close()
	for _, d := range drop {
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO bulk_pending(name, sql) VALUES(?, ?)`, d[0], d[1]); err != nil {
			return store.Errorf(store.CodeInternal, "begin bulk", "%v", err)
		}
		if _, err := tx.ExecContext(ctx, `DROP INDEX `+quoteIdent(d[0])); err != nil {
			return store.Errorf(store.CodeInternal, "begin bulk", "%v", err)
		}
	}
	for _, t := range bulkFTS {
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO bulk_pending(name, sql) VALUES(?, NULL)`, t); err != nil {
			return store.Errorf(store.CodeInternal, "begin bulk", "%v", err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %s(%s, rank) VALUES('automerge', 0)`, t, t)); err != nil {
			return store.Errorf(store.CodeInternal, "begin bulk", "%s: %v", t, err)
		}
	}
	tables := make([]string, 0, len(bulkTables))
	for t := range bulkTables {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	for _, t := range tables {
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO bulk_pending(name, sql) VALUES(?, NULL)`, t); err != nil {
			return store.Errorf(store.CodeInternal, "begin bulk", "%v", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return store.Errorf(store.CodeInternal, "begin bulk", "%v", err)
	}
	db.bulk = true
	// Pragmas of the single writer connection; EndBulk sets them back.
	for _, p := range []string{"PRAGMA synchronous = OFF", "PRAGMA cache_size = -1000000"} {
		if _, err := db.w.ExecContext(ctx, p); err != nil {
			return store.Errorf(store.CodeInternal, "begin bulk", "%v", err)
		}
	}
	return nil
}

// EndBulk rebuilds what BeginBulk set aside: the dropped indexes, merged
// full-text segments (FTS5 optimize), fresh planner statistics (ANALYZE),
// and the writer's normal pragmas. progress, when set, hears each step.
func (db *DB) EndBulk(ctx context.Context, progress func(step string, took time.Duration)) error {
	if err := db.writable("end bulk"); err != nil {
		return err
	}
	if progress == nil {
		progress = func(string, time.Duration) {}
	}
	rows, err := db.w.QueryContext(ctx, `SELECT name, sql FROM bulk_pending ORDER BY name`)
	if err != nil {
		return store.Errorf(store.CodeInternal, "end bulk", "%v", err)
	}
	type pend struct {
		name string
		sql  *string
	}
	var ps []pend
	for rows.Next() {
		var p pend
		if err := rows.Scan(&p.name, &p.sql); err != nil {
			rows.Close()
			return store.Errorf(store.CodeInternal, "end bulk", "%v", err)
		}
		ps = append(ps, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return store.Errorf(store.CodeInternal, "end bulk", "%v", err)
	}
	db.bulk = false
	if len(ps) == 0 {
		return nil
	}
	// Keep the big cache for the index builds (each sorts the table).
	if _, err := db.w.ExecContext(ctx, "PRAGMA cache_size = -1000000"); err != nil {
		return store.Errorf(store.CodeInternal, "end bulk", "%v", err)
	}
	for _, p := range ps {
		t0 := time.Now()
		var stmts []string
		if p.sql != nil {
			stmts = []string{"DROP INDEX IF EXISTS " + quoteIdent(p.name), *p.sql}
		} else if t, ok := bulkTables[p.name]; ok {
			stmts = t
		} else {
			// Put left the full-text rows out: index the whole table in
			// rowid order, then merge the segments into one.
			stmts = []string{fmt.Sprintf(`INSERT INTO %s(%s, rank) VALUES('automerge', 4)`, p.name, p.name)}
			switch p.name {
			case "story_fts": // stories.text is stored as indexed
				stmts = append(stmts, `INSERT INTO story_fts(story_fts) VALUES('rebuild')`)
			case "event_text": // contentless, keyed by date and id (eventkey.go)
				stmts = append(stmts, `INSERT INTO event_text(event_text) VALUES('delete-all')`,
					`INSERT INTO event_text(rowid, sentence) SELECT newsgraph_event_key(date, id), newsgraph_fts_text(sentence) FROM events ORDER BY 1`)
			}
			stmts = append(stmts, fmt.Sprintf(`INSERT INTO %s(%s) VALUES('optimize')`, p.name, p.name))
		}
		if err := db.execTx(ctx, stmts, p.name); err != nil {
			return store.Errorf(store.CodeInternal, "end bulk", "%s: %v", p.name, err)
		}
		progress(p.name, time.Since(t0))
	}
	t0 := time.Now()
	for _, q := range []string{"ANALYZE", "PRAGMA optimize", "PRAGMA synchronous = NORMAL", "PRAGMA cache_size = -32000", "PRAGMA wal_checkpoint(TRUNCATE)"} {
		if _, err := db.w.ExecContext(ctx, q); err != nil {
			return store.Errorf(store.CodeInternal, "end bulk", "%s: %v", q, err)
		}
	}
	progress("analyze", time.Since(t0))
	return nil
}

// finishBulk completes a bulk load that died before EndBulk.
func (db *DB) finishBulk(ctx context.Context) error {
	var n int
	if err := db.w.QueryRowContext(ctx, `SELECT count(*) FROM bulk_pending`).Scan(&n); err != nil || n == 0 {
		return err
	}
	return db.EndBulk(ctx, nil)
}

// execTx runs stmts and clears the pending entry name in one transaction.
func (db *DB) execTx(ctx context.Context, stmts []string, name string) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM bulk_pending WHERE name = ?`, name); err != nil {
		return err
	}
	return tx.Commit()
}

func quoteIdent(s string) string { return `"` + s + `"` }
