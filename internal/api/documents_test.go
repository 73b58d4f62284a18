package api

import (
	"encoding/json"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/store"
)

// TestDocumentList checks GET /api/documents over the real SQLite store:
// every stored document in content key order, the published date range
// and run filters, keyset pages, the page-size cap, and 400s naming the
// parameter.
func TestDocumentList(t *testing.T) {
	st := openSQLite(t)
	s := New(Config{Store: st, Token: "tok", Pipeline: plainPipeline})
	h := s.Handler()
	auth := []string{"Authorization", "Bearer tok", "Content-Type", "application/x-ndjson"}
	ingest := func(body string) IngestResult {
		t.Helper()
		r := do(t, h, "POST", "/api/ingest", body, auth...)
		var res IngestResult
		if r.status != 200 || json.Unmarshal([]byte(r.body), &res) != nil {
			t.Fatalf("ingest: %d %s", r.status, r.body)
		}
		return res
	}
	first := ingest(`{"id":"quay","text":"The quay in Port Vella reopened after repairs.","published":"2025-03-01"}
{"id":"wheat","text":"Wheat planting in the valley was late this spring.","published":"2025-03-05T09:30:00Z"}
{"id":"undated","text":"A ferry timetable without a date was posted."}`)
	second := ingest(`{"id":"court","text":"The regional court heard the mining appeal.","published":"2025-04-02"}
{"id":"quay","text":"The quay in Port Vella reopened after repairs.","published":"2025-03-01"}`)
	if first.Counts.Stored != 3 || second.Counts.Stored != 1 || second.Counts.Existing != 1 {
		t.Fatalf("ingests: %+v, %+v", first.Counts, second.Counts)
	}
	// Content keys are hashes: the expected order is theirs.
	idOf := map[string]string{first.Keys[0]: "quay", first.Keys[1]: "wheat", first.Keys[2]: "undated", second.Keys[0]: "court"}
	keys := []string{first.Keys[0], first.Keys[1], first.Keys[2], second.Keys[0]}
	sort.Strings(keys)
	inKeyOrder := func(ids ...string) string {
		want := map[string]bool{}
		for _, id := range ids {
			want[id] = true
		}
		var out []string
		for _, k := range keys {
			if want[idOf[k]] {
				out = append(out, idOf[k])
			}
		}
		return strings.Join(out, ",")
	}
	list := func(q string) (string, store.DocumentPage) {
		t.Helper()
		r := do(t, h, "GET", "/api/documents?"+q, "")
		var p store.DocumentPage
		if r.status != 200 || json.Unmarshal([]byte(r.body), &p) != nil {
			t.Fatalf("%s: %d %s", q, r.status, r.body)
		}
		var ids []string
		for _, d := range p.Documents {
			if idOf[d.Key] != d.ID {
				t.Fatalf("%s: key %s has id %s", q, d.Key, d.ID)
			}
			ids = append(ids, d.ID)
		}
		return strings.Join(ids, ","), p
	}
	for _, tc := range []struct{ q, want string }{
		{"", inKeyOrder("quay", "wheat", "undated", "court")},
		{"from=2025-03-01", inKeyOrder("quay", "wheat", "court")},
		{"from=2025-03-02&to=2025-04-02", inKeyOrder("wheat")},
		{"to=2025-03-06", inKeyOrder("quay", "wheat")}, // a timestamp falls in its day
		{"from=2025-03-05&to=2025-03-05", ""},
		{"run=" + itoa(first.Run), inKeyOrder("quay", "wheat", "undated")},
		{"run=" + itoa(second.Run), "court"}, // quay was first stored by the first run
		{"run=" + itoa(second.Run) + "&to=2025-04-01", ""},
		{"run=999", ""},
		{"limit=99999999999999999999", inKeyOrder("quay", "wheat", "undated", "court")}, // capped, not refused
	} {
		if got, p := list(tc.q); got != tc.want || p.Next != "" {
			t.Errorf("%q: %q next %q, want %q", tc.q, got, p.Next, tc.want)
		}
	}
	_, p := list("run=" + itoa(second.Run))
	if d := p.Documents[0]; d.Published != "2025-04-02" || d.RunID != second.Run || d.Language != "" && d.Language != "en" {
		t.Errorf("row %+v", d)
	}

	// Pages of one, then of three with a filter, join up to the whole list.
	for _, tc := range []struct{ q, want string }{
		{"limit=1", inKeyOrder("quay", "wheat", "undated", "court")},
		{"limit=2&from=2025-01-01", inKeyOrder("quay", "wheat", "court")},
	} {
		var all []string
		cursor, pages := "", 0
		for {
			q := tc.q
			if cursor != "" {
				q += "&cursor=" + url.QueryEscape(cursor)
			}
			got, p := list(q)
			pages++
			if got != "" {
				all = append(all, got)
			}
			if p.Next == "" {
				break
			}
			if pages > 10 {
				t.Fatalf("%s: no end", tc.q)
			}
			cursor = p.Next
		}
		if strings.Join(all, ",") != tc.want {
			t.Errorf("%s: pages give %v, want %s", tc.q, all, tc.want)
		}
	}

	for _, tc := range []struct{ q, param string }{
		{"from=2025-13-01", "from"},
		{"from=yesterday", "from"},
		{"to=2025-02-30", "to"},
		{"from=2025-03-02&to=2025-03-01", "to"},
		{"run=0", "run"},
		{"run=abc", "run"},
		{"run=-3", "run"},
		{"limit=0", "limit"},
		{"limit=ten", "limit"},
		{"cursor=a", "cursor"}, // not base64: no cursor this server made
		{"cursor=" + url.QueryEscape("a b"), "cursor"},
		{"from=2025-03-01&from=2025-03-02", "from"},
		{"actor=CHN", "actor"}, // an event filter, not a document one
		{"q=" + url.QueryEscape("'; DROP TABLE documents; --"), "q"},
	} {
		r := do(t, h, "GET", "/api/documents?"+tc.q, "")
		if r.status != 400 || !strings.Contains(r.body, `"param":"`+tc.param+`"`) {
			t.Errorf("%s: %d %s, want 400 naming %s", tc.q, r.status, r.body, tc.param)
		}
	}
	// The table is still whole after the SQL-looking parameter.
	if got, _ := list(""); got != inKeyOrder("quay", "wheat", "undated", "court") {
		t.Errorf("after bad input: %s", got)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
