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
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/newsgraph/newsgraph/internal/store"
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

type migration struct {
	version int
	name    string
	sql     string
}

func mustMigrations() []migration {
	ms, err := migrations()
	if err != nil {
		panic(err)
	}
	return ms
}

func migrations() ([]migration, error) {
	ents, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range ents {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration file %q is not NNNN_name.sql", e.Name())
		}
		b, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: strings.TrimSuffix(e.Name(), ".sql"), sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i := range out {
		if out[i].version != i+1 {
			return nil, fmt.Errorf("migrations must be numbered 1, 2, 3 ...: found %d at position %d", out[i].version, i+1)
		}
	}
	return out, nil
}

// migrationLock is the advisory lock key that serialises migrations of
// concurrent openers.
const migrationLock = 0x6e676d69 // "ngmi"

func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
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
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n); err != nil {
			return store.Errorf(store.CodeInternal, "migrate", "%v", err)
		}
		if n > 0 {
			continue
		}
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations(version, name) VALUES($1, $2)`, m.version, m.name)
			return err
		})
		if err != nil {
			return store.Errorf(store.CodeInternal, "migrate", "migration %s: %v", m.name, err)
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
	stages, _ := json.Marshal(nonNil(r.Stages))
	sources, _ := json.Marshal(nonNil(r.Sources))
	opts := r.Options
	if opts == nil {
		opts = map[string]string{}
	}
	options, _ := json.Marshal(opts)
	var id int64
	err := db.pool.QueryRow(ctx, `INSERT INTO runs(started, status, build, stages, sources, options) VALUES($1,$2,$3,$4,$5,$6) RETURNING id`,
		fmtTime(r.Started), store.RunRunning, r.Build, string(stages), string(sources), string(options)).Scan(&id)
	if err != nil {
		return 0, store.Errorf(store.CodeInternal, "begin run", "%v", err)
	}
	return id, nil
}

// FinishRun implements store.Store.
func (db *DB) FinishRun(ctx context.Context, runID int64, f store.RunFinish) error {
	if err := db.writable("finish run"); err != nil {
		return err
	}
	counts, _ := json.Marshal(f.Counts)
	if f.Status == "" {
		f.Status = store.RunDone
	}
	tag, err := db.pool.Exec(ctx, `UPDATE runs SET finished = $1, status = $2, counts = $3 WHERE id = $4`, fmtTime(f.Finished), f.Status, string(counts), runID)
	if err != nil {
		return store.Errorf(store.CodeInternal, "finish run", "%v", err)
	}
	if tag.RowsAffected() == 0 {
		return &store.Error{Code: store.CodeNotFound, Op: "finish run", Err: fmt.Errorf("no run %d", runID)}
	}
	return nil
}

// Runs implements store.Store.
func (db *DB) Runs(ctx context.Context, limit int) ([]store.Run, error) {
	q, args := store.RunsSQL(limit)
	rows, err := db.pool.Query(ctx, rebind(q), args...)
	if err != nil {
		return nil, store.Errorf(store.CodeInternal, "runs", "%v", err)
	}
	defer rows.Close()
	return store.ReadRuns(rows)
}

// Stats implements store.Store, in one repeatable-read snapshot.
func (db *DB) Stats(ctx context.Context) (store.Stats, error) {
	var s store.Stats
	fail := func(err error) (store.Stats, error) { return s, store.Errorf(store.CodeInternal, "stats", "%v", err) }
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback(ctx)
	if err := tx.QueryRow(ctx, `SELECT count(*), coalesce(sum(text_len), 0) FROM documents`).Scan(&s.Documents, &s.TextBytes); err != nil {
		return fail(err)
	}
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM stories`).Scan(&s.Stories); err != nil {
		return fail(err)
	}
	if err := tx.QueryRow(ctx, `SELECT count(*), coalesce(sum(copies), 0), coalesce(max(copies), 0) FROM stories WHERE copies > 1`).
		Scan(&s.Clusters, &s.ClusteredStories, &s.LargestCluster); err != nil {
		return fail(err)
	}
	if err := tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE dup_kind = 'exact'), count(*) FILTER (WHERE dup_kind = 'near') FROM stories WHERE dup_kind <> 'first'`).
		Scan(&s.ExactDups, &s.NearDups); err != nil {
		return fail(err)
	}
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM runs`).Scan(&s.Runs); err != nil {
		return fail(err)
	}
	if s.Languages, err = countBy(ctx, tx, `SELECT language, count(*) FROM stories GROUP BY language`); err != nil {
		return fail(err)
	}
	if s.SourceKinds, err = countBy(ctx, tx, `SELECT source_kind, count(*) FROM documents GROUP BY source_kind`); err != nil {
		return fail(err)
	}
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&s.Schema); err != nil {
		return fail(err)
	}
	tx.QueryRow(ctx, `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'`).Scan(&s.SizeBytes)
	return s, nil
}

func countBy(ctx context.Context, tx pgx.Tx, q string) (map[string]int, error) {
	rows, err := tx.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		if k == "" {
			k = "unknown"
		}
		out[k] += n
	}
	return out, rows.Err()
}

// Cluster implements store.Store.
func (db *DB) Cluster(ctx context.Context, storyID int64) (store.Cluster, error) {
	var c store.Cluster
	if err := db.pool.QueryRow(ctx, `SELECT cluster FROM stories WHERE id = $1`, storyID).Scan(&c.ID); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return c, &store.Error{Code: store.CodeNotFound, Op: "cluster", Err: fmt.Errorf("no story %d", storyID)}
		}
		return c, store.Errorf(store.CodeInternal, "cluster", "%v", err)
	}
	rows, err := db.pool.Query(ctx, `SELECT s.id, d.doc_id, d.key, s.idx, s.dup_kind, s.distance
		FROM stories s JOIN documents d ON d.id = s.document WHERE s.cluster = $1 ORDER BY s.id`, c.ID)
	if err != nil {
		return c, store.Errorf(store.CodeInternal, "cluster", "%v", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m store.ClusterMember
		if err := rows.Scan(&m.StoryID, &m.DocID, &m.DocKey, &m.Story, &m.Kind, &m.Distance); err != nil {
			return c, store.Errorf(store.CodeInternal, "cluster", "%v", err)
		}
		c.Stories = append(c.Stories, m)
	}
	return c, rows.Err()
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func fmtTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339Nano)
}
