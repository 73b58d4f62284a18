// Package sqlq is the query code the SQLite and PostgreSQL backends share:
// the statements both run word for word, written with '?' placeholders
// (the PostgreSQL Conn rebinds them to $n), and the readers that turn
// their rows into store types. What really differs stays in the backends:
// full-text search, upserts and bulk loads, and the query plans only one
// of them has.
package sqlq

import (
	"context"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/internal/store"
)

// Rows is a result set: *sql.Rows as it is, pgx.Rows through the
// PostgreSQL Conn (whose Close returns nothing).
type Rows interface {
	store.Rows
	Close() error
}

// Row is a single-row result.
type Row interface {
	Scan(dst ...any) error
}

// Conn runs queries written with '?' placeholders on one backend: a pool,
// a transaction or a statement cache. A query that finds no row makes
// Row.Scan return an error matching sql.ErrNoRows (pgx's ErrNoRows does).
type Conn interface {
	Query(ctx context.Context, q string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, q string, args ...any) Row
	// Exec runs a statement and returns the rows it changed.
	Exec(ctx context.Context, q string, args ...any) (int64, error)
}

// Dialect is what the shared builders need to know of a backend's SQL.
type Dialect struct {
	// Numbered placeholders: $1, $2 ... instead of ?.
	Numbered bool
	// IgnoreVerb is the insert that skips rows whose key is taken, with
	// IgnoreTail after the values.
	IgnoreVerb, IgnoreTail string
	// Least and Greatest are the smaller and larger of two values.
	Least, Greatest string
}

// The two dialects.
var (
	SQLite   = Dialect{IgnoreVerb: "INSERT OR IGNORE INTO ", Least: "min", Greatest: "max"}
	Postgres = Dialect{Numbered: true, IgnoreVerb: "INSERT INTO ", IgnoreTail: " ON CONFLICT DO NOTHING", Least: "least", Greatest: "greatest"}
)

// Rebind turns the ? placeholders of a shared query into the dialect's.
// The shared queries hold no ? in literals.
func (d Dialect) Rebind(q string) string {
	if !d.Numbered || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// Values is the VALUES clause of one row of cols (a comma-separated list).
func (d Dialect) Values(cols string) string {
	ph := make([]string, strings.Count(cols, ",")+1)
	for i := range ph {
		ph[i] = "?"
		if d.Numbered {
			ph[i] = "$" + strconv.Itoa(i+1)
		}
	}
	return "VALUES(" + strings.Join(ph, ",") + ")"
}

// InsertIgnore is an insert of one row into table's columns (a
// comma-separated list) that skips a row whose key is already stored.
func (d Dialect) InsertIgnore(table, cols string) string {
	return d.IgnoreVerb + table + "(" + cols + ") " + d.Values(cols) + d.IgnoreTail
}

// Upsert adds the rows of src (VALUES or a SELECT of t.Cols) to roll-up
// table t: counts and sums add up, first and last days widen.
func (d Dialect) Upsert(t RollupTable, src string) string {
	var set []string
	for _, c := range strings.Split(t.Cols, ", ") {
		switch c {
		case "n", "gsum":
			set = append(set, c+" = "+t.Name+"."+c+" + excluded."+c)
		case "first":
			set = append(set, c+" = "+d.Least+"("+t.Name+"."+c+", excluded."+c+")")
		case "last":
			set = append(set, c+" = "+d.Greatest+"("+t.Name+"."+c+", excluded."+c+")")
		}
	}
	return "INSERT INTO " + t.Name + "(" + t.Cols + ") " + src + " ON CONFLICT(" + t.Key + ") DO UPDATE SET " + strings.Join(set, ", ")
}

// internal wraps err as an internal store error of op (nil stays nil).
func internal(op string, err error) error {
	if err == nil {
		return nil
	}
	return store.Errorf(store.CodeInternal, op, "%v", err)
}

// readAll reads every row with scan and closes rows, taking the error of
// the Query that made them; errors are internal errors of op. No rows
// give nil (orEmpty makes that [] where a list must encode as one).
func readAll[T any](op string, rows Rows, err error, scan func(Rows, *T) error) ([]T, error) {
	if err != nil {
		return nil, internal(op, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		// Scan in place: a pointer to a local would escape, one
		// allocation a row.
		var zero T
		out = append(out, zero)
		if err := scan(rows, &out[len(out)-1]); err != nil {
			return nil, internal(op, err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, internal(op, err)
	}
	return out, nil
}

// orEmpty is s, or an empty slice for nil.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
