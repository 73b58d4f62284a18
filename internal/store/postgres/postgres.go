// Package postgres is the PostgreSQL Store and Querier (github.com/jackc/pgx/v5):
// the same behaviour as the embedded SQLite store, checked by the same
// storetest suites. Versioned migrations are embedded and applied under an
// advisory lock; full-text search uses tsvector columns over tokens the Go
// side makes (case-folded words, each CJK character a token) so both
// backends split text alike. MVCC means readers never wait on the writer.
//
// The DSN is a postgres:// URL; a search_path parameter selects a schema
// (the tests use a fresh schema per run).
package postgres

import (
	"context"
	"embed"
	"errors"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/sqlq"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is the PostgreSQL store.
type DB struct {
	pool *pgxpool.Pool
	opts store.Options
	wmu  sync.Mutex // one writer at a time, as the Store contract says
}

var (
	_ store.Store   = (*DB)(nil)
	_ store.Querier = (*DB)(nil)
)

func init() {
	store.Register("postgres", func(ctx context.Context, dsn string, opts store.Options) (store.Store, error) {
		return Open(ctx, dsn, opts)
	})
}

// Open connects and applies pending migrations (unless read-only).
func Open(ctx context.Context, dsn string, opts store.Options) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, store.Errorf(store.CodeInvalid, "open", "%v", err)
	}
	if cfg.MaxConns < 8 {
		cfg.MaxConns = 8
	}
	if opts.ReadOnly {
		cfg.ConnConfig.RuntimeParams["default_transaction_read_only"] = "on"
	}
	// The queries are short and their best plans depend on the values
	// (a busy actor or a rare one, a month or all time): plan each
	// execution for its values rather than reuse a generic plan, and skip
	// JIT, whose compile time (100 ms and more) dwarfs these queries.
	// Aggregates group up to ~100,000 actor pairs: 32 MB of work_mem (the
	// server default is 4) keeps that a hash in memory, not an external
	// sort on disk (three times slower). A DSN parameter of the same name wins.
	for k, v := range map[string]string{"jit": "off", "plan_cache_mode": "force_custom_plan", "work_mem": "32MB"} {
		if _, ok := cfg.ConnConfig.RuntimeParams[k]; !ok {
			cfg.ConnConfig.RuntimeParams[k] = v
		}
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, store.Errorf(store.CodeInternal, "open", "%v", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, store.Errorf(store.CodeInternal, "open", "%s: %v", cfg.ConnConfig.Host, err)
	}
	db := &DB{pool: pool, opts: opts}
	if opts.ReadOnly {
		v, err := db.schemaVersion(ctx)
		if err != nil {
			pool.Close()
			return nil, err
		}
		if want := len(mustMigrations()); v < want {
			pool.Close()
			return nil, store.Errorf(store.CodeConflict, "open", "schema version %d, this build needs %d: open it once for writing (ingest) to migrate", v, want)
		}
		return db, nil
	}
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// Close closes the pool.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

func mustMigrations() []sqlq.Migration {
	ms, err := sqlq.Migrations(migrationFS, "migrations")
	if err != nil {
		panic(err)
	}
	return ms
}

// migrationLock is the advisory lock key that serialises migrations of
// concurrent openers.
const migrationLock = 0x6e676d69 // "ngmi"

func (db *DB) migrate(ctx context.Context) error {
	ms, err := sqlq.Migrations(migrationFS, "migrations")
	if err != nil {
		return store.Errorf(store.CodeInternal, "migrate", "%v", err)
	}
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return store.Errorf(store.CodeInternal, "migrate", "%v", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1, hashtext(current_schema()))`, int32(migrationLock)); err != nil {
		return store.Errorf(store.CodeInternal, "migrate", "%v", err)
	}
	defer conn.Exec(context.Background(), `SELECT pg_advisory_unlock($1, hashtext(current_schema()))`, int32(migrationLock))
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TIMESTAMPTZ NOT NULL DEFAULT now())`); err != nil {
		return store.Errorf(store.CodeInternal, "migrate", "%v", err)
	}
	for _, m := range ms {
		var n int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, m.Version).Scan(&n); err != nil {
			return store.Errorf(store.CodeInternal, "migrate", "%v", err)
		}
		if n > 0 {
			continue
		}
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations(version, name) VALUES($1, $2)`, m.Version, m.Name)
			return err
		})
		if err != nil {
			return store.Errorf(store.CodeInternal, "migrate", "migration %s: %v", m.Name, err)
		}
	}
	return nil
}

func (db *DB) schemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "42P01" { // undefined_table
		return 0, nil
	}
	if err != nil {
		return 0, store.Errorf(store.CodeInternal, "open", "%v", err)
	}
	return v, nil
}

func (db *DB) writable(op string) error {
	if db.opts.ReadOnly {
		return store.Errorf(store.CodeInvalid, op, "store opened read-only")
	}
	return nil
}

// BeginRun implements store.Store.
func (db *DB) BeginRun(ctx context.Context, r store.RunInfo) (int64, error) {
	if err := db.writable("begin run"); err != nil {
		return 0, err
	}
	var id int64
	if err := db.conn().QueryRow(ctx, sqlq.BeginRunSQL+` RETURNING id`, sqlq.BeginRunArgs(r)...).Scan(&id); err != nil {
		return 0, store.Errorf(store.CodeInternal, "begin run", "%v", err)
	}
	return id, nil
}

// FinishRun implements store.Store.
func (db *DB) FinishRun(ctx context.Context, runID int64, f store.RunFinish) error {
	if err := db.writable("finish run"); err != nil {
		return err
	}
	return sqlq.FinishRun(ctx, db.conn(), runID, f)
}

// Runs implements store.Store.
func (db *DB) Runs(ctx context.Context, limit int) ([]store.Run, error) {
	return sqlq.Runs(ctx, db.conn(), limit)
}

// Stats implements store.Store, in one repeatable-read snapshot.
func (db *DB) Stats(ctx context.Context) (store.Stats, error) {
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return store.Stats{}, store.Errorf(store.CodeInternal, "stats", "%v", err)
	}
	defer tx.Rollback(ctx)
	s, err := sqlq.Stats(ctx, conn{tx})
	if err != nil {
		return s, err
	}
	tx.QueryRow(ctx, `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'`).Scan(&s.SizeBytes)
	return s, nil
}

// Cluster implements store.Store.
func (db *DB) Cluster(ctx context.Context, storyID int64) (store.Cluster, error) {
	return sqlq.Cluster(ctx, db.conn(), storyID)
}
