package web_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/api"
	"github.com/newsgraph/newsgraph/internal/api/apitest"
	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
	_ "github.com/newsgraph/newsgraph/internal/store/postgres"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
	"github.com/newsgraph/newsgraph/internal/web"
)

// pgStore opens PostgreSQL ($NEWSGRAPH_TEST_PG in CI, else the local
// default when it answers) in a schema of its own, dropped afterwards.
func pgStore(t *testing.T) store.Store {
	ctx := context.Background()
	dsn := storetest.FreshSchema(t, storetest.PostgresDSN(t), "ngweb")
	st, err := store.Open(ctx, dsn, store.Options{})
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
