package storetest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultPostgres is the server the test machines and CI provide.
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// PostgresDSN is the test server: $NEWSGRAPH_TEST_PG (set by CI, where a
// missing server fails the test rather than skipping it), else
// DefaultPostgres if it answers within 2 s, else t skips.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("NEWSGRAPH_TEST_PG")
	if dsn != "" {
		return dsn
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, DefaultPostgres)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("PostgreSQL at %s is required in CI: %v", DefaultPostgres, err)
		}
		t.Skipf("no PostgreSQL at %s and NEWSGRAPH_TEST_PG unset: %v", DefaultPostgres, err)
	}
	c.Close(ctx)
	return DefaultPostgres
}

var schemaSeq atomic.Int64

// FreshSchema creates a schema named prefix_PID_TIME_SEQ on dsn's server,
// drops it when t ends, and returns dsn with that search_path, so tests
// and parallel test binaries never meet.
func FreshSchema(t testing.TB, dsn, prefix string) string {
	t.Helper()
	ctx := context.Background()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("PostgreSQL at %s: %v", dsn, err)
	}
	schema := fmt.Sprintf("%s_%d_%d_%d", prefix, os.Getpid(), time.Now().UnixNano()%1e9, schemaSeq.Add(1))
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close(ctx)
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close(context.Background())
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
