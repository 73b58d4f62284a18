package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
	_ "github.com/newsgraph/newsgraph/internal/store/sqlite"
)

// plainPipeline stores documents as they come (the stage packages are the
// command's wiring, not the API's).
func plainPipeline() (*Processor, error) {
	return &Processor{Stages: []string{"none"}, Process: func(ctx context.Context, d *doc.Doc, observe func(string, time.Duration)) error {
		return nil
	}}, nil
}

func openSQLite(t *testing.T) store.Store {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "api.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestSQLiteBackend runs the API over the real SQLite store: ingest,
// documents, search, stats and runs; SQL-looking input stays data; many
// ingests and reads at once never show a lock error; a closed database
// answers 503.
func TestSQLiteBackend(t *testing.T) {
	st := openSQLite(t)
	s := New(Config{Store: st, Token: "tok", Pipeline: plainPipeline})
	h := s.Handler()
	auth := []string{"Authorization", "Bearer tok", "Content-Type", "application/x-ndjson"}
	body := `{"id":"harbour","text":"Dock workers in Rotterdam walked out on Tuesday over pay.","published":"2025-04-01"}
{"id":"quote","text":"The minister said '; DROP TABLE documents; -- was not a plan.","published":"2025-04-02"}`
	r := do(t, h, "POST", "/api/ingest", body, auth...)
	if r.status != 200 {
		t.Fatalf("ingest: %d %s", r.status, r.body)
	}
	var res IngestResult
	json.Unmarshal([]byte(r.body), &res)
	if res.Counts.Stored != 2 || len(res.Keys) != 2 {
		t.Fatalf("ingest result %+v", res)
	}
	if r := do(t, h, "GET", "/api/documents/"+url.PathEscape(res.Keys[0]), ""); r.status != 200 || !strings.Contains(r.body, "Rotterdam") {
		t.Fatalf("document by key: %d %s", r.status, r.body)
	}
	if r := do(t, h, "GET", "/api/documents/harbour", ""); r.status != 200 {
		t.Fatalf("document by id: %d", r.status)
	}
	if r := do(t, h, "GET", "/api/search?q=Rotterdam", ""); r.status != 200 || !strings.Contains(r.body, `"doc_id":"harbour"`) {
		t.Fatalf("search: %d %s", r.status, r.body)
	}
	// SQL-looking input is data: no error, no effect.
	for _, p := range []string{
		"/api/documents/" + url.PathEscape("' OR '1'='1"),
		"/api/documents/" + url.PathEscape("x'; DROP TABLE documents; --"),
	} {
		if r := do(t, h, "GET", p, ""); r.status != 404 {
			t.Errorf("%s: %d %s", p, r.status, r.body)
		}
	}
	for _, q := range []string{`'; DROP TABLE documents; --`, `" OR 1=1 --`, `DROP`, `x UNION SELECT * FROM sqlite_master`} {
		r := do(t, h, "GET", "/api/search?"+url.Values{"q": {q}}.Encode(), "")
		if r.status != 200 && r.status != 400 {
			t.Errorf("search %q: %d %s", q, r.status, r.body)
		}
		if strings.Contains(r.body, "sqlite_master\"") || strings.Contains(r.body, "SQL logic") {
			t.Errorf("search %q leaks SQL: %s", q, r.body)
		}
	}
	if r := do(t, h, "GET", "/api/stats", ""); r.status != 200 || !strings.Contains(r.body, `"documents":2`) {
		t.Fatalf("stats after SQL-looking input: %s", r.body)
	}

	// Concurrent ingest and queries.
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var b strings.Builder
			for j := 0; j < 25; j++ {
				fmt.Fprintf(&b, `{"id":"c%d-%d","text":"Report %d from writer %d about talks in Geneva.","published":"2025-05-01"}`+"\n", i, j, j, i)
			}
			if r := do(t, h, "POST", "/api/ingest", b.String(), auth...); r.status != 200 {
				errs <- fmt.Sprintf("ingest %d: %d %s", i, r.status, r.body)
			}
		}(i)
	}
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 30; j++ {
				for _, p := range []string{"/api/search?q=Geneva", "/api/stats", "/api/runs", "/readyz"} {
					if r := do(t, h, "GET", p, ""); r.status != 200 || strings.Contains(r.body, "locked") {
						errs <- fmt.Sprintf("%s: %d %s", p, r.status, r.body)
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if r := do(t, h, "GET", "/api/stats", ""); !strings.Contains(r.body, `"documents":102`) {
		t.Fatalf("after concurrent ingest: %s", r.body)
	}
	if r := do(t, h, "GET", "/api/runs?limit=2", ""); !strings.Contains(r.body, `"status":"done"`) {
		t.Fatalf("runs: %s", r.body)
	}

	// The database goes away: 503, not 500.
	st.Close()
	for _, p := range []string{"/api/stats", "/readyz", "/api/search?q=Geneva", "/api/documents/harbour"} {
		if r := do(t, h, "GET", p, ""); r.status != 503 {
			t.Errorf("%s on a closed store: %d %s", p, r.status, r.body)
		}
	}
}
