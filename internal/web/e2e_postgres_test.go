package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsgraph/newsgraph/internal/api"
	"github.com/newsgraph/newsgraph/internal/api/apitest"
	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
	_ "github.com/newsgraph/newsgraph/internal/store/postgres"
	"github.com/newsgraph/newsgraph/internal/web"
)

// pgStore opens PostgreSQL ($NEWSGRAPH_TEST_PG in CI, else the local
// default when it answers) in a schema of its own, dropped afterwards.
func pgStore(t *testing.T) store.Store {
	ctx := context.Background()
	dsn := os.Getenv("NEWSGRAPH_TEST_PG")
	if dsn == "" {
		dsn = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
		c, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Skipf("no PostgreSQL at %s and NEWSGRAPH_TEST_PG unset: %v", dsn, err)
		}
		c.Close(ctx)
	}
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("PostgreSQL at %s: %v", dsn, err)
	}
	schema := fmt.Sprintf("ngweb_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close(context.Background())
	})
	u, _ := url.Parse(dsn)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	st, err := store.Open(ctx, u.String(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestBrowserPostgres drives the UI over PostgreSQL holding a hand-built
// document with events, entities (a CJK alias) and places.
func TestBrowserPostgres(t *testing.T) {
	bctx := browser(t)
	st := pgStore(t)
	ctx := context.Background()
	run, err := st.BeginRun(ctx, store.RunInfo{Started: time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC), Stages: []string{"test"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Put(ctx, run, []*doc.Doc{apitest.CoastDoc()}); err != nil {
		t.Fatal(err)
	}
	ui := web.New(web.Config{Store: st, Build: "e2e"})
	ts := httptest.NewServer(api.New(api.Config{Store: st, Extra: ui.Register}).Handler())
	defer ts.Close()
	runUIFlow(t, bctx, ts.URL, "postgres-", "Manila", "met", "王毅")
}
