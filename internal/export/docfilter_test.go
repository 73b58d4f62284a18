package export

import (
	"bytes"
	"context"
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
)

// datedDoc is a document without events published on a day ("" for none).
func datedDoc(id, published, body string) *doc.Doc {
	d := doc.New(id, body)
	d.Meta.Published = published
	return d
}

// fillDated stores four documents over two runs and returns the runs.
func fillDated(t *testing.T, st store.Store) (Source, int64, int64) {
	t.Helper()
	ctx := context.Background()
	put := func(started time.Time, docs ...*doc.Doc) int64 {
		run, err := st.BeginRun(ctx, store.RunInfo{Started: started, Build: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Put(ctx, run, docs); err != nil {
			t.Fatal(err)
		}
		if err := st.FinishRun(ctx, run, store.RunFinish{Finished: started, Status: store.RunDone}); err != nil {
			t.Fatal(err)
		}
		return run
	}
	first := put(time.Date(2025, 3, 6, 1, 0, 0, 0, time.UTC),
		datedDoc("quay", "2025-03-01", "The quay in Port Vella reopened after repairs."),
		datedDoc("wheat", "2025-03-05T09:30:00Z", "Wheat planting in the valley was late this spring."),
		datedDoc("undated", "", "A ferry timetable without a date was posted."))
	second := put(time.Date(2025, 4, 3, 1, 0, 0, 0, time.UTC),
		datedDoc("court", "2025-04-02", "The regional court heard the mining appeal."),
		datedDoc("quay", "2025-03-01", "The quay in Port Vella reopened after repairs.")) // already stored by the first
	return st.(Source), first, second
}

// TestExportDocumentFilters: gkg and jsonl select documents by published
// date and first-storing run through Querier.Documents, on both backends;
// the event tables and event filters refuse them.
func TestExportDocumentFiltersSQLite(t *testing.T) { checkDocumentFilters(t, openSQLite(t)) }
func TestExportDocumentFiltersPostgres(t *testing.T) {
	checkDocumentFilters(t, openPostgres(t))
}

func checkDocumentFilters(t *testing.T, st store.Store) {
	src, first, second := fillDated(t, st)
	jsonlIDs := func(q store.DocumentQuery) (string, Counts) {
		t.Helper()
		out, c := export(t, src, "jsonl", StoreOptions{PageSize: 1, Documents: q})
		var ids []string
		for _, l := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
			if l == "" {
				continue
			}
			var d doc.Doc
			if err := json.Unmarshal([]byte(l), &d); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, d.ID)
		}
		sort.Strings(ids)
		return strings.Join(ids, ","), c
	}
	for _, tc := range []struct {
		q    store.DocumentQuery
		want string
	}{
		{store.DocumentQuery{}, "court,quay,undated,wheat"},
		{store.DocumentQuery{From: "2025-03-01"}, "court,quay,wheat"},
		{store.DocumentQuery{From: "2025-03-02", To: "2025-04-02"}, "wheat"},
		{store.DocumentQuery{To: "2025-03-06"}, "quay,wheat"}, // a timestamp falls in its day
		{store.DocumentQuery{RunID: first}, "quay,undated,wheat"},
		{store.DocumentQuery{RunID: second}, "court"},
		{store.DocumentQuery{RunID: second, To: "2025-04-01"}, ""},
		// The exporter pages on its own: a caller's limit and cursor are ignored.
		{store.DocumentQuery{RunID: first, Limit: 1, Cursor: store.EncodeCursor("zzzz")}, "quay,undated,wheat"},
	} {
		got, c := jsonlIDs(tc.q)
		n := int64(0)
		if got != "" {
			n = int64(strings.Count(got, ",") + 1)
		}
		if got != tc.want || c.Documents != n || c.Rows != n || c.Events != 0 {
			t.Errorf("jsonl %+v: %q %+v, want %q", tc.q, got, c, tc.want)
		}
	}
	// gkg: DATE is the start of the run that stored the document.
	out, c := export(t, src, "gkg", StoreOptions{Documents: store.DocumentQuery{From: "2025-03-02"}})
	rows := tsvRows(out)
	var got []string
	for _, r := range rows {
		got = append(got, r[0]+" "+r[1])
	}
	sort.Strings(got)
	if strings.Join(got, "|") != "20250306010000-wheat 20250306010000|20250403010000-court 20250403010000" || c.Documents != 2 {
		t.Errorf("gkg from 2025-03-02: %q %+v", got, c)
	}

	// Refused where they would be ignored.
	for _, tc := range []struct {
		format string
		opt    StoreOptions
		want   string
	}{
		{"gdelt", StoreOptions{Documents: store.DocumentQuery{RunID: first}}, "gdelt writes events"},
		{"parquet", StoreOptions{Documents: store.DocumentQuery{From: "2025-01-01"}}, "parquet writes events"},
		{"jsonl", StoreOptions{Documents: store.DocumentQuery{To: "2025-01-01"}, Filter: store.EventFilter{Actor: "CHN"}}, "do not combine"},
		{"gkg", StoreOptions{Documents: store.DocumentQuery{From: "2025-13-01"}}, "bad date"},
	} {
		var buf bytes.Buffer
		_, err := FromStore(context.Background(), src, tc.format, &buf, tc.opt)
		if err == nil || store.ErrorCode(err) != store.CodeInvalid || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %+v: %v, want invalid %q", tc.format, tc.opt.Documents, err, tc.want)
		}
	}
	// A sort alone is no event filter: the document filter applies.
	if got, _ := export(t, src, "jsonl", StoreOptions{Documents: store.DocumentQuery{RunID: second}, Filter: store.EventFilter{Sort: "date"}}); strings.Count(string(got), "\n") != 1 {
		t.Errorf("jsonl --doc-run with --sort: %q", got)
	}
}
