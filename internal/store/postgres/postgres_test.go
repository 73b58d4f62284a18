package postgres

import (
	"context"
	"testing"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
)

func testDSN(t *testing.T) string { return storetest.PostgresDSN(t) }

// openFresh opens a store in a schema of its own, dropped after the test,
// so parallel test runs never meet.
func openFresh(t *testing.T, dsn string) *DB {
	t.Helper()
	db, err := Open(context.Background(), storetest.FreshSchema(t, dsn, "ngtest"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() }) // before the schema is dropped
	return db
}

func TestConformance(t *testing.T) {
	dsn := testDSN(t)
	storetest.Run(t, func(t *testing.T) store.Store { return openFresh(t, dsn) })
}

func TestQuerierConformance(t *testing.T) {
	dsn := testDSN(t)
	storetest.RunQuerier(t, func(t *testing.T) store.Store { return openFresh(t, dsn) })
}

func TestRegistry(t *testing.T) {
	dsn := testDSN(t)
	db := openFresh(t, dsn)
	db.Close()
	if store.Scheme(dsn) != "postgres" {
		t.Fatalf("scheme of %s", dsn)
	}
	// Re-opening an up-to-date schema applies nothing and works read-only.
	var v int
	if err := openFresh(t, dsn).pool.QueryRow(context.Background(), "SELECT max(version) FROM schema_migrations").Scan(&v); err != nil || v != len(mustMigrations()) {
		t.Fatalf("schema version %d, %v", v, err)
	}
}

func TestParseQuery(t *testing.T) {
	for in, want := range map[string]string{
		"ferry terminal":       "'ferry' & 'terminal'",
		`"wheat planting"`:     "('wheat' <-> 'planting')",
		"wheat OR earthquake":  "('wheat' | 'earthquake')",
		"well*":                "'well':*",
		"wheat NOT earthquake": "'wheat' & !'earthquake'",
		"wheat -earthquake":    "'wheat' & !'earthquake'",
		"U.S.":                 "('u' <-> 's')",
		"港口工人":                 "('港' <-> '口' <-> '工' <-> '人')",
		"(":                    "",
		"AND":                  "",
		"'; DROP TABLE x; --":  "'drop' & 'table' & 'x'",
		`"unbalanced`:          "'unbalanced'",
		"rate: 4.5":            "'rate' & ('4' <-> '5')",
	} {
		if got := parseQuery(in).ts; got != want {
			t.Errorf("parseQuery(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"a b", `"x y" OR z*`, "NOT (", "港口", "-", `"`, "U.S. 4.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := parseQuery(s)
		// Lexemes are letters and digits only: nothing can break out of
		// the quotes.
		for _, r := range q.ts {
			if r == '\\' {
				t.Fatalf("backslash in %q", q.ts)
			}
		}
		snippet(s, q)
	})
}
