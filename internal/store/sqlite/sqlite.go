// Package sqlite is the embedded Store on modernc.org/sqlite (pure Go): WAL
// mode so readers never block on the writer, one writer connection taking
// IMMEDIATE transactions so writers queue on busy_timeout instead of failing,
// versioned migrations embedded in the binary, FTS5 over story text.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/sqlq"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is the SQLite store.
type DB struct {
	path string
	w    *sql.DB // one connection: the single writer
	r    *sql.DB // reader pool
	opts store.Options
	wr   *writer
	// stmts: reader statements prepared once (stmts.go).
	stmts stmtCache
	// bulk: a bulk load is on (BeginBulk); Put leaves the full-text rows
	// to EndBulk.
	bulk bool
	// facets: the current events' facets in memory (facetcache.go).
	facets facetCache
}

var _ store.Store = (*DB)(nil)

func init() {
	open := func(ctx context.Context, dsn string, opts store.Options) (store.Store, error) {
		return Open(ctx, dsn, opts)
	}
	store.Register("", open)
	store.Register("sqlite", open)
}

// Open opens (creating when needed) the database at path, which may also be
// a sqlite:// or file: DSN, and applies pending migrations.
func Open(ctx context.Context, path string, opts store.Options) (*DB, error) {
	path = strings.TrimPrefix(path, "sqlite://")
	path = strings.TrimPrefix(path, "sqlite:")
	path = strings.TrimPrefix(path, "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i] // our own pragmas are the ones that count
	}
	if path == "" || path == ":memory:" {
		return nil, store.Errorf(store.CodeInvalid, "open", "sqlite store needs a file path (readers and the writer share it)")
	}
	if opts.BusyTimeout <= 0 {
		opts.BusyTimeout = 30 * time.Second
	}
	if opts.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, store.Errorf(store.CodeNotFound, "open", "%s: no such database", path)
		}
	} else if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, store.Errorf(store.CodeInternal, "open", "%v", err)
		}
	}
	base := "file:" + (&url.URL{Path: path}).EscapedPath()
	busy := strconv.FormatInt(opts.BusyTimeout.Milliseconds(), 10)
	common := "_busy_timeout=" + busy + "&_pragma=cache_size(-32000)&_pragma=temp_store(memory)"
	db := &DB{path: path, opts: opts}
	var err error
	if !opts.ReadOnly {
		// synchronous=NORMAL in WAL mode: a commit is durable against a
		// process kill (SIGKILL) and loses at most the last commits on power
		// failure, never consistency.
		db.w, err = sql.Open("sqlite", base+"?"+common+"&_journal_mode=WAL&_synchronous=NORMAL&_txlock=immediate&_pragma=wal_autocheckpoint(4000)")
		if err != nil {
			return nil, store.Errorf(store.CodeInternal, "open", "%v", err)
		}
		db.w.SetMaxOpenConns(1)
		db.w.SetMaxIdleConns(1)
		db.w.SetConnMaxLifetime(0)
		if err := db.w.PingContext(ctx); err != nil {
			db.w.Close()
			return nil, store.Errorf(store.CodeInternal, "open", "%s: %v", path, err)
		}
		if err := db.migrate(ctx); err != nil {
			db.w.Close()
			return nil, err
		}
		if err := db.finishBulk(ctx); err != nil {
			db.w.Close()
			return nil, store.Errorf(store.CodeInternal, "open", "%s: finishing a bulk load: %v", path, err)
		}
	}
	// Readers map the file (up to 2 GiB) instead of copying pages through
	// read(2): a list joining thousands of events spread over a large file
	// spent a third of its time in system calls.
	db.r, err = sql.Open("sqlite", base+"?"+common+"&_query_only=1&_pragma=mmap_size(2147418112)")
	if err != nil {
		db.Close()
		return nil, store.Errorf(store.CodeInternal, "open", "%v", err)
	}
	n := runtime.GOMAXPROCS(0) + 2
	db.r.SetMaxOpenConns(n)
	db.r.SetMaxIdleConns(n)
	if opts.ReadOnly {
		v, err := db.schemaVersion(ctx, db.r)
		if err != nil {
			db.Close()
			return nil, err
		}
		if want := latestMigration(); v < want {
			db.Close()
			return nil, store.Errorf(store.CodeConflict, "open", "%s has schema version %d, this build needs %d: open it once for writing (ingest) to migrate", path, v, want)
		}
	}
	return db, nil
}

// Path is the database file.
func (db *DB) Path() string { return db.path }

// Close closes both pools; it checkpoints the WAL on the way out.
func (db *DB) Close() error {
	var first error
	if db.r != nil {
		db.stmts.close()
		if err := db.r.Close(); err != nil {
			first = err
		}
	}
	if db.w != nil {
		if db.wr != nil {
			db.wr.close()
		}
		db.w.ExecContext(context.Background(), "PRAGMA optimize")
		if err := db.w.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func latestMigration() int {
	ms, _ := sqlq.Migrations(migrationFS, "migrations")
	return len(ms)
}

func (db *DB) schemaVersion(ctx context.Context, q *sql.DB) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&v)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return 0, nil
		}
		return 0, store.Errorf(store.CodeInternal, "schema", "%v", err)
	}
	return v, nil
}

// migrate applies pending migrations, each in its own IMMEDIATE transaction
// so two processes opening a fresh database at once apply each exactly once.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := sqlq.Migrations(migrationFS, "migrations")
	if err != nil {
		return store.Errorf(store.CodeInternal, "migrate", "%v", err)
	}
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL,
		applied TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))`); err != nil {
		return store.Errorf(store.CodeInternal, "migrate", "%s: %v", db.path, err)
	}
	for _, m := range ms {
		if err := db.apply(ctx, m); err != nil {
			return store.Errorf(store.CodeInternal, "migrate", "%s: migration %s: %v", db.path, m.Name, err)
		}
	}
	return nil
}

func (db *DB) apply(ctx context.Context, m sqlq.Migration) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE version = ?", m.Version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations(version, name) VALUES(?, ?)", m.Version, m.Name); err != nil {
		return err
	}
	return tx.Commit()
}

func (db *DB) writable(op string) error {
	if db.w == nil {
		return store.Errorf(store.CodeInvalid, op, "store opened read-only")
	}
	return nil
}
