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

	"github.com/newsgraph/newsgraph/internal/api/apitest"
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

// TestSQLiteEvents queries events, entities and aggregates of a
// hand-built document through the API over SQLite, with SQL-looking values
// in every free-text parameter.
func TestSQLiteEvents(t *testing.T) {
	checkEvents(t, openSQLite(t))
}

// checkEvents is the API's events suite over a real backend.
func checkEvents(t *testing.T, st store.Store) {
	if _, ok := st.(store.Querier); !ok {
		t.Fatal("the SQLite backend does not implement store.Querier")
	}
	ctx := context.Background()
	run, _ := st.BeginRun(ctx, store.RunInfo{Started: time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC)})
	if _, err := st.Put(ctx, run, []*doc.Doc{apitest.CoastDoc()}); err != nil {
		t.Fatal(err)
	}
	st.FinishRun(ctx, run, store.RunFinish{Finished: time.Date(2025, 3, 5, 0, 1, 0, 0, time.UTC), Status: store.RunDone})
	h := New(Config{Store: st}).Handler()
	codes := func(q string) string {
		t.Helper()
		r := do(t, h, "GET", "/api/events?"+q, "")
		if r.status != 200 {
			t.Fatalf("%s: %d %s", q, r.status, r.body)
		}
		var p store.EventPage
		json.Unmarshal([]byte(r.body), &p)
		var out []string
		for _, e := range p.Events {
			out = append(out, e.Code)
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct{ q, want string }{
		{"", "191,040"},
		{"sort=date", "040,191"},
		{"quad=4", "191"},
		{"root=4", "040"},
		{"actor=PHL", "191,040"},
		{"source=CHNMIL", "191"},
		{"entity=wang-yi", "040"},
		{"country=PH", "040"},
		{"bbox=110,5,118,12", "191"},
		{"from=2025-03-04", "191"},
		{"to=2025-03-04", "040"},
		{"goldstein_max=-5", "191"},
		{"q=coast", "191"},
		{"limit=1", "191"},
		// SQL-looking values are plain values.
		{"q=" + url.QueryEscape(`' OR 1=1 --`), ""},
		{"q=" + url.QueryEscape(`"; DROP TABLE events; --`), ""},
		{"entity=" + url.QueryEscape(`x' OR '1'='1`), ""},
		{"doc=" + url.QueryEscape(`') UNION SELECT * FROM documents --`), ""},
	} {
		if got := codes(tc.q); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.q, got, tc.want)
		}
	}
	// A forged cursor is refused, not interpreted.
	if r := do(t, h, "GET", "/api/events?cursor="+url.QueryEscape(`'OR'1'='1`), ""); r.status != 400 {
		t.Errorf("forged cursor: %d %s", r.status, r.body)
	}
	// Paging with the returned cursor.
	r := do(t, h, "GET", "/api/events?limit=1", "")
	var p1 store.EventPage
	json.Unmarshal([]byte(r.body), &p1)
	if p1.Next == "" || codes("limit=1&cursor="+url.QueryEscape(p1.Next)) != "040" {
		t.Errorf("second page via cursor %q", p1.Next)
	}
	if r := do(t, h, "GET", "/api/events/999999", ""); r.status != 404 {
		t.Errorf("unknown event: %d", r.status)
	}
	if r := do(t, h, "GET", "/api/events/"+url.PathEscape("1 OR 1=1"), ""); r.status != 404 {
		t.Errorf("SQL-looking event id: %d %s", r.status, r.body)
	}
	// Entities in any script.
	if r := do(t, h, "GET", "/api/entities?q="+url.QueryEscape("王"), ""); !strings.Contains(r.body, `"id":"wang-yi"`) {
		t.Errorf("entity by CJK alias: %s", r.body)
	}
	if r := do(t, h, "GET", "/api/entities/wang-yi", ""); r.status != 200 || !strings.Contains(r.body, "王毅") || !strings.Contains(r.body, `"CHNGOV"`) {
		t.Errorf("entity page: %d %s", r.status, r.body)
	}
	if r := do(t, h, "GET", "/api/entities/"+url.PathEscape("' OR ''='"), ""); r.status != 404 {
		t.Errorf("SQL-looking entity id: %d", r.status)
	}
	for _, tc := range []struct{ path, want string }{
		{"/api/aggregates/timeline?by=quad", `"key":"4"`},
		{"/api/aggregates/timeline?by=root", `"key":"19"`},
		{"/api/aggregates/pairs", `{"source":"CHNGOV","target":"PHLGOV","count":1}`},
		{"/api/aggregates/countries", `{"country":"PH","count":1}`},
		{"/api/network", `"edges":[`},
	} {
		if r := do(t, h, "GET", tc.path, ""); r.status != 200 || !strings.Contains(r.body, tc.want) {
			t.Errorf("%s: %d %s", tc.path, r.status, r.body)
		}
	}
}

// checkEvidence checks that an event's highlights cover, in the story
// text the API returns, exactly the text the record quotes.
func checkEvidence(t *testing.T, st store.Store) {
	ctx := context.Background()
	run, _ := st.BeginRun(ctx, store.RunInfo{Started: time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC)})
	if _, err := st.Put(ctx, run, []*doc.Doc{apitest.CoastDoc()}); err != nil {
		t.Fatal(err)
	}
	h := New(Config{Store: st}).Handler()
	r := do(t, h, "GET", "/api/events?quad=4", "")
	var p1 store.EventPage
	json.Unmarshal([]byte(r.body), &p1)
	if len(p1.Events) != 1 {
		t.Fatalf("events: %s", r.body)
	}
	// One event with its evidence: each quoted role covers its text.
	ev := p1.Events[0]
	r = do(t, h, "GET", "/api/events/"+url.PathEscape(ev.ID), "")
	var d store.EventDetail
	if err := json.Unmarshal([]byte(r.body), &d); err != nil || r.status != 200 {
		t.Fatalf("event: %d %s", r.status, r.body)
	}
	got := map[string]string{}
	for _, hl := range d.Highlights {
		if hl.Start >= 0 && hl.End <= len(d.StoryText) && hl.Start <= hl.End {
			got[hl.Role] = d.StoryText[hl.Start:hl.End]
		}
	}
	want := map[string]string{"source": "Chinese ships", "target": "Philippine coast guard vessels", "trigger": "blocked",
		"place": "Spratly Islands", "date": "on Tuesday", "sentence": d.Sentence}
	for role, w := range want {
		if got[role] != w {
			t.Errorf("highlight %s: %q, want %q", role, got[role], w)
		}
	}
}
