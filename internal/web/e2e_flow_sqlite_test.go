package web_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/api"
	"github.com/newsgraph/newsgraph/internal/api/apitest"
	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/web"
)

// TestBrowserSQLite drives the UI over the real SQLite backend holding
// hand-built documents.
func TestBrowserSQLite(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "ui.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, ok := st.(store.Querier); !ok {
		t.Skip("the SQLite backend does not implement store.Querier yet")
	}
	run, err := st.BeginRun(ctx, store.RunInfo{Started: time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC), Stages: []string{"test"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Put(ctx, run, []*doc.Doc{apitest.CoastDoc()}); err != nil {
		t.Fatal(err)
	}
	if err := st.FinishRun(ctx, run, store.RunFinish{Finished: time.Date(2025, 3, 5, 0, 1, 0, 0, time.UTC), Status: store.RunDone}); err != nil {
		t.Fatal(err)
	}
	ui := web.New(web.Config{Store: st, Build: "e2e"})
	ts := httptest.NewServer(api.New(api.Config{Store: st, Extra: ui.Register}).Handler())
	defer ts.Close()
	bctx := browser(t)
	runUIFlow(t, bctx, ts.URL, "sqlite-", "Manila", "met", "王毅")
}
