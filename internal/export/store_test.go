package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"

	"github.com/newsgraph/newsgraph/internal/api/apitest"
	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
	_ "github.com/newsgraph/newsgraph/internal/store/postgres"
	_ "github.com/newsgraph/newsgraph/internal/store/sqlite"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
)

var runStart = time.Date(2025, 3, 5, 6, 7, 8, 0, time.UTC)

// bareDoc is stored without any event: only a listing of documents
// reaches it.
func bareDoc() *doc.Doc {
	return doc.New("bare-note", "A short note from the desk, with nothing in it to code.")
}

// fill stores the two hand-built documents and one without events in one run.
func fill(t *testing.T, st store.Store) Source {
	t.Helper()
	ctx := context.Background()
	run, err := st.BeginRun(ctx, store.RunInfo{Started: runStart, Build: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Put(ctx, run, []*doc.Doc{apitest.CoastDoc(), sample(), bareDoc()}); err != nil {
		t.Fatal(err)
	}
	if err := st.FinishRun(ctx, run, store.RunFinish{Finished: runStart, Status: store.RunDone}); err != nil {
		t.Fatal(err)
	}
	src, ok := st.(Source)
	if !ok {
		t.Fatalf("%T is not an export.Source", st)
	}
	return src
}

func openSQLite(t *testing.T) store.Store {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "export.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// openPostgres opens a fresh schema on $NEWSGRAPH_TEST_PG (set in CI, where
// a missing server fails the test), else on the local default if it
// answers; without either the test says so and skips.
func openPostgres(t *testing.T) store.Store {
	ctx := context.Background()
	dsn := storetest.FreshSchema(t, storetest.PostgresDSN(t), "ngexport")
	st, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestExportStoreSQLite(t *testing.T)   { checkStoreExport(t, fill(t, openSQLite(t))) }
func TestExportStorePostgres(t *testing.T) { checkStoreExport(t, fill(t, openPostgres(t))) }

func export(t *testing.T, src Source, format string, opt StoreOptions) ([]byte, Counts) {
	t.Helper()
	var buf bytes.Buffer
	c, err := FromStore(context.Background(), src, format, &buf, opt)
	if err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return buf.Bytes(), c
}

func tsvRows(b []byte) [][]string {
	var out [][]string
	for _, l := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		if l != "" {
			out = append(out, strings.Split(l, "\t"))
		}
	}
	return out
}

// byCol indexes rows by the value of column k.
func byCol(rows [][]string, k int) map[string][]string {
	m := map[string][]string{}
	for _, r := range rows {
		m[r[k]] = r
	}
	return m
}

func checkStoreExport(t *testing.T, src Source) {
	coast := apitest.CoastDoc()
	tx := coast.Text
	chars := func(s string) string { return fmt.Sprint(utf8.RuneCountInString(tx[:strings.Index(tx, s)])) }

	// GDELT events: 61 columns, three events newest first, and the same
	// cells as the Doc path except the store's own id, counts and stamp.
	out, c := export(t, src, "gdelt", StoreOptions{PageSize: 2})
	rows := tsvRows(out)
	if len(rows) != 3 || c.Events != 3 || c.Rows != 3 {
		t.Fatalf("gdelt: %d rows, counts %+v:\n%s", len(rows), c, out)
	}
	for _, r := range rows {
		if len(r) != 61 {
			t.Fatalf("gdelt row has %d columns: %q", len(r), r)
		}
	}
	if rows[0][26] != "191" || rows[1][26] != "040" || rows[2][26] != "0233" {
		t.Errorf("order (newest first): %s %s %s", rows[0][26], rows[1][26], rows[2][26])
	}
	fromDoc := byCol(tsvRows(write(t, "gdelt", Options{Added: runStart}, coast)), 26)
	for _, r := range rows {
		d, ok := fromDoc[r[26]]
		if !ok {
			continue // the other document
		}
		for i := range r {
			if i == 0 {
				continue // GlobalEventID: the store's id, a hash of the document key from JSONL
			}
			if r[i] != d[i] {
				t.Errorf("gdelt %s column %s: store %q, doc %q", r[26], gdeltHeader[i], r[i], d[i])
			}
		}
	}
	g := byCol(rows, 26)["191"]
	want := map[int]string{1: "20250304", 5: "CHNMIL", 6: "CHINESE SHIPS", 7: "CHN", 12: "MIL", 15: "PHLMIL", 16: "PHILIPPINE COAST GUARD",
		25: "1", 28: "19", 29: "4", 30: "-9.5", 31: "1", 51: "4", 52: "Spratly Islands", 56: "10.0000", 57: "114.0000", 58: "1880002",
		59: "20250305060708", 60: "https://news.example/coast"}
	for i, v := range want {
		if g[i] != v {
			t.Errorf("gdelt 191 %s = %q, want %q", gdeltHeader[i], g[i], v)
		}
	}
	lima := byCol(rows, 26)["0233"]
	if lima[52] != "Lima, Peru" || lima[53] != "PE" || lima[54] != "PE15" || lima[5] != "CHLGOV" || lima[6] != "ANA RUIZ" {
		t.Errorf("gdelt 0233 place/actor: %q", lima)
	}

	// Filters have the events API's meaning.
	out, _ = export(t, src, "gdelt", StoreOptions{Filter: store.EventFilter{Quad: 4}})
	if r := tsvRows(out); len(r) != 1 || r[0][26] != "191" {
		t.Errorf("quad 4: %q", r)
	}
	out, _ = export(t, src, "gdelt", StoreOptions{Filter: store.EventFilter{Country: "PE"}})
	if r := tsvRows(out); len(r) != 1 || r[0][26] != "0233" {
		t.Errorf("country PE: %q", r)
	}
	out, _ = export(t, src, "gdelt", StoreOptions{Filter: store.EventFilter{Actor: "CHN", From: "2025-03-03", To: "2025-03-04"}})
	if r := tsvRows(out); len(r) != 1 || r[0][26] != "040" {
		t.Errorf("actor CHN, 3 March: %q", r)
	}
	min := -10.0
	out, _ = export(t, src, "gdelt", StoreOptions{Filter: store.EventFilter{GoldsteinMin: &min, BBox: &[4]float64{100, 0, 130, 20}, Sort: "goldstein"}})
	if r := tsvRows(out); len(r) != 2 || r[0][26] != "191" || r[1][26] != "040" {
		t.Errorf("bbox, goldstein order: %q", r)
	}
	if _, err := FromStore(context.Background(), src, "gdelt", &bytes.Buffer{}, StoreOptions{Filter: store.EventFilter{Quad: 9}}); err == nil {
		t.Error("quad 9 accepted")
	}

	// Mentions: character offsets count the CJK name before the actors.
	out, _ = export(t, src, "mentions", StoreOptions{Options: Options{Header: true}})
	rows = tsvRows(out)
	if len(rows) != 4 || len(rows[0]) != 16 || rows[0][0] != "GlobalEventID" {
		t.Fatalf("mentions: %q", rows)
	}
	m := rows[1]
	wantM := []string{g[0], "20250304000000", "20250305060708", "1", "news.example", "https://news.example/coast", "2",
		chars("Chinese ships"), chars("Philippine coast guard vessels"), chars("blocked"), "1", "80",
		fmt.Sprint(utf8.RuneCountInString(tx)), "0", "", ""}
	if strings.Join(m, "|") != strings.Join(wantM, "|") {
		t.Errorf("mentions row\n got %q\nwant %q", m, wantM)
	}

	// CSV: every field with its evidence.
	out, _ = export(t, src, "csv", StoreOptions{Filter: store.EventFilter{Code: "19"}})
	recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 2 || len(recs[0]) != len(csvHeader) || len(recs[1]) != len(csvHeader) {
		t.Fatalf("csv: %v %q", err, recs)
	}
	col := map[string]string{}
	for i, h := range recs[0] {
		col[h] = recs[1][i]
	}
	trig := strings.Index(tx, "blocked")
	sent := strings.Index(tx, "Philippine coast guard vessels were")
	wantC := map[string]string{"event_id": g[0], "doc_id": "coast-guard-2025", "date": "2025-03-04", "date_precision": "day",
		"source_code": "CHNMIL", "source_name": "", "source_text": "Chinese ships", "target_name": "Philippine coast guard",
		"cameo": "191", "root": "19", "quad_class": "4", "goldstein": "-9.5", "plover_type": "ASSAULT",
		"place": "Spratly Islands", "lat": "10.00000", "lon": "114.00000", "geonameid": "1880002",
		"confidence": "0.800", "coder": "event.cameo.v1", "trigger_start": fmt.Sprint(trig), "trigger_end": fmt.Sprint(trig + len("blocked")),
		"sentence_start": fmt.Sprint(sent), "sentence_end": fmt.Sprint(len(tx)), "sentence": tx[sent:],
		"num_mentions": "1", "num_articles": "1", "num_sources": "1", "run_id": "1"}
	for k, v := range wantC {
		if col[k] != v {
			t.Errorf("csv %s = %q, want %q", k, col[k], v)
		}
	}

	// Parquet events and entities read back with the same library.
	out, _ = export(t, src, "parquet", StoreOptions{})
	evs, err := parquet.Read[EventRow](bytes.NewReader(out), int64(len(out)))
	if err != nil || len(evs) != 3 {
		t.Fatalf("parquet events: %v, %d rows", err, len(evs))
	}
	e := evs[0]
	if e.Cameo != "191" || e.QuadClass != 4 || e.Goldstein != -9.5 || e.Day == nil || time.Unix(int64(*e.Day)*86400, 0).UTC().Format("2006-01-02") != "2025-03-04" ||
		e.Lat == nil || *e.Lat != 10 || e.GeonameID == nil || *e.GeonameID != 1880002 || e.TriggerStart == nil || *e.TriggerStart != int64(trig) ||
		e.TargetEntity != "philippine-coast-guard" || e.RunID == nil || *e.RunID != 1 || e.Sentence != tx[sent:] {
		t.Errorf("parquet event %+v", e)
	}
	out, c = export(t, src, "parquet", StoreOptions{Options: Options{Table: "entities"}})
	ents, err := parquet.Read[EntityRow](bytes.NewReader(out), int64(len(out)))
	if err != nil || len(ents) != 5 || c.Rows != 5 {
		t.Fatalf("parquet entities: %v, %d rows, %+v", err, len(ents), c)
	}
	byID := map[string]EntityRow{}
	for _, e := range ents {
		byID[e.EntityID] = e
	}
	if w := byID["wang-yi"]; w.Name != "Wang Yi" || w.ActorCode != "CHNGOV" || w.Kind != "PER" || w.Mentions != 2 || w.Documents != 1 ||
		strings.Join(w.Aliases, ",") != "王毅" || w.DocKey != nil {
		t.Errorf("wang-yi: %+v", w)
	}
	out, _ = export(t, src, "parquet", StoreOptions{Options: Options{Table: "entities"}, Entities: store.EntityQuery{Text: "王"}})
	if ents, err := parquet.Read[EntityRow](bytes.NewReader(out), int64(len(out))); err != nil || len(ents) != 1 || ents[0].EntityID != "wang-yi" {
		t.Errorf("entities matching 王: %v %+v", err, ents)
	}

	// Document tables: with no event filter every stored document, events
	// or not, with all its layers; with one, each document holding a
	// matching event once.
	out, c = export(t, src, "jsonl", StoreOptions{PageSize: 1})
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) != 3 || c.Documents != 3 || c.Rows != 3 || c.Events != 0 {
		t.Fatalf("jsonl: %d lines, %+v", len(lines), c)
	}
	for i, l := range lines {
		var d doc.Doc
		if err := json.Unmarshal([]byte(l), &d); err != nil {
			t.Fatal(err)
		}
		if d.ID == "bare-note" {
			if d.Text != bareDoc().Text || len(d.Events) != 0 {
				t.Fatalf("bare document: %q", l)
			}
			lines = append(lines[:i], lines[i+1:]...)
			break
		}
	}
	if len(lines) != 2 {
		t.Fatalf("jsonl lacks the document without events: %d lines", len(lines)+1)
	}
	if out, c = export(t, src, "jsonl", StoreOptions{PageSize: 1, Filter: store.EventFilter{Sort: "date", Country: "NO"}}); len(out) != 0 || c.Documents != 0 {
		t.Fatalf("jsonl of no event's documents: %+v", c)
	}
	out, c = export(t, src, "jsonl", StoreOptions{PageSize: 1, Filter: store.EventFilter{Sort: "date", GoldsteinMin: new(-100.0)}})
	if n := strings.Count(string(out), "\n"); n != 2 || c.Documents != 2 || c.Events != 3 {
		t.Fatalf("jsonl of every event's documents: %d lines, %+v", n, c)
	}
	out, _ = export(t, src, "gkg", StoreOptions{})
	if r := tsvRows(out); len(r) != 3 || r[0][1] != "20250305060708" || r[1][1] != "20250305060708" || r[2][1] != "20250305060708" {
		t.Errorf("gkg of every document: %q", r)
	} else if b := byCol(r, 0)["20250305060708-bare-note"]; len(b) != 27 || b[4] != "" || b[11] != "" || b[15] != "0,0,0,0,0,0,0" {
		t.Errorf("gkg row of the bare document: %q", r)
	}
	ids := []string{}
	for _, l := range lines {
		var d doc.Doc
		if err := json.Unmarshal([]byte(l), &d); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
		if d.ID == coast.ID && (len(d.Events) != 2 || len(d.Entities) != 3 || len(d.Places) != 2 || len(d.Sentences) != 2 || d.Text != tx) {
			t.Errorf("stored coast doc lost layers: %d events, %d entities", len(d.Events), len(d.Entities))
		}
	}
	sort.Strings(ids)
	if strings.Join(ids, ",") != "coast-guard-2025,t1" {
		t.Errorf("jsonl documents %v", ids)
	}
	out, _ = export(t, src, "gkg", StoreOptions{Filter: store.EventFilter{Entity: "wang-yi"}})
	if r := tsvRows(out); len(r) != 1 || len(r[0]) != 27 || r[0][4] != "https://news.example/coast" || r[0][1] != "20250305060708" ||
		!strings.Contains(r[0][11], "Wang Yi") || !strings.Contains(r[0][11], "Ferdinand Marcos") {
		t.Errorf("gkg for wang-yi: %q", r)
	}
}

func TestKeySet(t *testing.T) {
	s := newKeySet()
	for i := range 5000 {
		if !s.add(fmt.Sprint("key", i)) {
			t.Fatalf("key%d not new", i)
		}
	}
	for i := range 5000 {
		if s.add(fmt.Sprint("key", i)) {
			t.Fatalf("key%d new twice", i)
		}
	}
	if s.n != 5000 || len(s.slots) > 16384 {
		t.Errorf("%d keys in %d slots", s.n, len(s.slots))
	}
}
