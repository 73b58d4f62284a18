package sqlq

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/text"
)

// oneLine folds the white space of a query, so the expected strings
// below need not copy its indentation.
func oneLine(q string) string { return strings.Join(strings.Fields(q), " ") }

func TestRebind(t *testing.T) {
	for _, tc := range []struct {
		d       Dialect
		in, out string
	}{
		{Postgres, "SELECT 1", "SELECT 1"},
		{Postgres, "a = ? AND b IN (?, ?)", "a = $1 AND b IN ($2, $3)"},
		{Postgres, "x = ?", "x = $1"},
		{Postgres, strings.Repeat("?", 11), "$1$2$3$4$5$6$7$8$9$10$11"},
		{SQLite, "a = ? AND b = ?", "a = ? AND b = ?"},
		{SQLite, "a = ?1", "a = ?1"},
	} {
		if got := tc.d.Rebind(tc.in); got != tc.out {
			t.Errorf("Rebind(%q) = %q, want %q", tc.in, got, tc.out)
		}
	}
}

func TestInsertIgnore(t *testing.T) {
	for _, tc := range []struct {
		d           Dialect
		table, cols string
		want        string
	}{
		{SQLite, "sentences", `document, idx, start, "end", story, cut`,
			`INSERT OR IGNORE INTO sentences(document, idx, start, "end", story, cut) VALUES(?,?,?,?,?,?)`},
		{Postgres, "sentences", `document, idx, start, "end", story, cut`,
			`INSERT INTO sentences(document, idx, start, "end", story, cut) VALUES($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING`},
		{SQLite, "entity_names", "norm, entity", `INSERT OR IGNORE INTO entity_names(norm, entity) VALUES(?,?)`},
		{Postgres, "t", "a", `INSERT INTO t(a) VALUES($1) ON CONFLICT DO NOTHING`},
	} {
		if got := tc.d.InsertIgnore(tc.table, tc.cols); got != tc.want {
			t.Errorf("InsertIgnore(%q)\n got %s\nwant %s", tc.table, got, tc.want)
		}
	}
}

func TestParseEventOrder(t *testing.T) {
	for _, tc := range []struct {
		f    store.EventFilter
		want EventOrder
		by   string
		err  string
	}{
		{f: store.EventFilter{}, want: EventOrder{Key: "e.date", Dir: "DESC", Cmp: "<"}, by: "e.date DESC, e.id DESC"},
		{f: store.EventFilter{Sort: "date"}, want: EventOrder{Key: "e.date", Dir: "ASC", Cmp: ">"}, by: "e.date ASC, e.id ASC"},
		{f: store.EventFilter{Sort: "goldstein"}, want: EventOrder{Key: "e.goldstein", Dir: "ASC", Cmp: ">"}, by: "e.goldstein ASC, e.id ASC"},
		{f: store.EventFilter{Sort: "-goldstein", Cursor: store.EncodeCursor("-2.5", "17")},
			want: EventOrder{Key: "e.goldstein", Dir: "DESC", Cmp: "<", After: []any{-2.5, int64(17)}}, by: "e.goldstein DESC, e.id DESC"},
		{f: store.EventFilter{Cursor: store.EncodeCursor("2024-05-01", "3")},
			want: EventOrder{Key: "e.date", Dir: "DESC", Cmp: "<", After: []any{"2024-05-01", int64(3)}}, by: "e.date DESC, e.id DESC"},
		{f: store.EventFilter{Cursor: store.EncodeCursor("2024-05-01", "x")}, err: "bad cursor"},
		{f: store.EventFilter{Sort: "goldstein", Cursor: store.EncodeCursor("high", "3")}, err: "bad cursor"},
		{f: store.EventFilter{Cursor: "!!"}, err: "bad cursor"},
	} {
		o, err := ParseEventOrder(tc.f)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || store.ErrorCode(err) != store.CodeInvalid {
				t.Errorf("%+v: err %v, want invalid %q", tc.f, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(o, tc.want) || o.By() != tc.by {
			t.Errorf("%+v: %+v (%q), %v; want %+v (%q)", tc.f, o, o.By(), err, tc.want, tc.by)
		}
	}
}

func TestScansAndEventsSQL(t *testing.T) {
	var a, b store.Cond
	a.Add("e.source_cc = ?", "FRA")
	b.Add("e.target_cc = ?", "FRA")
	o := EventOrder{Key: "e.date", Dir: "DESC", Cmp: "<", After: []any{"2024-05-01", int64(9)}}
	subs, args := o.Scans([]store.Cond{a, b}, 3)
	want := []string{
		"SELECT * FROM (SELECT e.id AS id, e.date AS k FROM events e WHERE e.source_cc = ? AND (e.date, e.id) < (?, ?) ORDER BY e.date DESC, e.id DESC LIMIT 3) b0",
		"SELECT * FROM (SELECT e.id AS id, e.date AS k FROM events e WHERE e.target_cc = ? AND (e.date, e.id) < (?, ?) ORDER BY e.date DESC, e.id DESC LIMIT 3) b1",
	}
	if !reflect.DeepEqual(subs, want) {
		t.Errorf("subs\n got %q\nwant %q", subs, want)
	}
	if wantArgs := []any{"FRA", "2024-05-01", int64(9), "FRA", "2024-05-01", int64(9)}; !reflect.DeepEqual(args, wantArgs) {
		t.Errorf("args %v, want %v", args, wantArgs)
	}
	if len(a.Parts) != 1 {
		t.Errorf("Scans changed the caller's condition: %q", a.Parts)
	}
	got := oneLine(EventsSQL([]string{"S1", "S2"}, "ASC", 2))
	wantSQL := oneLine(`SELECT ` + EventCols + ` FROM (S1 UNION S2 ORDER BY k ASC, id ASC LIMIT 3) p JOIN events e ON e.id = p.id
		JOIN documents d ON d.id = e.document JOIN event_clusters c ON c.id = e.cluster ORDER BY p.k ASC, p.id ASC`)
	if got != wantSQL {
		t.Errorf("EventsSQL\n got %s\nwant %s", got, wantSQL)
	}
}

func TestPage(t *testing.T) {
	rows := []store.EventRow{{ID: "5", Date: "2024-05-03", Goldstein: 1.5}, {ID: "4", Date: "2024-05-02", Goldstein: -7}, {ID: "3", Date: "2024-05-01"}}
	for _, tc := range []struct {
		o     EventOrder
		limit int
		n     int
		next  string
	}{
		{EventOrder{Key: "e.date"}, 2, 2, store.EncodeCursor("2024-05-02", "4")},
		{EventOrder{Key: "e.goldstein"}, 2, 2, store.EncodeCursor("-7", "4")},
		{EventOrder{Key: "e.date"}, 3, 3, ""},
		{EventOrder{Key: "e.date"}, 5, 3, ""},
	} {
		p := tc.o.Page(append([]store.EventRow(nil), rows...), tc.limit)
		if len(p.Events) != tc.n || p.Next != tc.next {
			t.Errorf("%s limit %d: %d events, next %q; want %d, %q", tc.o.Key, tc.limit, len(p.Events), p.Next, tc.n, tc.next)
		}
	}
	if p := (EventOrder{}).Page(nil, 5); p.Events == nil || len(p.Events) != 0 {
		t.Errorf("empty page: %#v, want [] events", p.Events)
	}
}

func TestRollupAndScanCond(t *testing.T) {
	g := 1.0
	for _, tc := range []struct {
		f      store.EventFilter
		rollup bool
	}{
		{store.EventFilter{}, true},
		{store.EventFilter{Code: "04", Quad: 1, Country: "fr", From: "2024-01-01", To: "2024-02-01"}, true},
		{store.EventFilter{Code: "042"}, false},
		{store.EventFilter{Actor: "FRA"}, false},
		{store.EventFilter{GoldsteinMin: &g}, false},
		{store.EventFilter{Text: "  "}, true},
		{store.EventFilter{Text: "talks"}, false},
		{store.EventFilter{RunID: 2}, false},
	} {
		if got := Rollup(tc.f); got != tc.rollup {
			t.Errorf("Rollup(%+v) = %v", tc.f, got)
		}
	}
	c := RollupCond(store.EventFilter{Code: "04", Root: "04", Quad: 1, Country: "fr", From: "2024-01-01", To: "2024-02-01"})
	if got, want := c.Where(), "root = ? AND root = ? AND quad = ? AND country = ? AND day >= ? AND day < ?"; got != want {
		t.Errorf("RollupCond %q, want %q", got, want)
	}
	if want := []any{"04", "04", 1, "FR", "2024-01-01", "2024-02-01"}; !reflect.DeepEqual(c.Args, want) {
		t.Errorf("RollupCond args %v, want %v", c.Args, want)
	}
	es := EventSQL{Current: "e.current"}
	one := ScanCond(es, store.EventFilter{Root: "04"})
	if got, want := one.Where(), "e.current AND e.root = ?"; got != want {
		t.Errorf("ScanCond one side: %q, want %q", got, want)
	}
	c = ScanCond(es, store.EventFilter{Entity: "Q90"})
	want := "e.current AND e.id IN (SELECT e.id FROM events e WHERE e.current AND e.source_entity = ? UNION SELECT e.id FROM events e WHERE e.current AND e.target_entity = ?)"
	if c.Where() != want || !reflect.DeepEqual(c.Args, []any{"Q90", "Q90"}) {
		t.Errorf("ScanCond either side: %q %v, want %q", c.Where(), c.Args, want)
	}
}

func TestAggsSQL(t *testing.T) {
	a := Aggs{
		Events: EventSQL{Current: "e.current", Text: func(c *store.Cond, q string) { c.Add("e.tsv @@ ?", q) }},
		Facet: func(_ context.Context, f store.EventFilter) (string, store.Cond, error) {
			var c store.Cond
			c.Add("F(?)", f.Text)
			return "event_facet e", c, nil
		},
	}
	hinted := a
	hinted.PairsFrom = func(store.EventFilter) string { return "events e INDEXED BY x" }
	ctx := context.Background()
	type q struct {
		sql  string
		args []any
	}
	for _, tc := range []struct {
		name string
		run  func() (string, []any, error)
		want q
	}{
		{"timeline actor", func() (string, []any, error) { return a.TimelineSQL(ctx, store.EventFilter{Actor: "FRA"}, "quad") },
			q{"SELECT day, quad, sum(n), sum(gsum) FROM agg_actor WHERE actor = ? GROUP BY day, quad HAVING sum(n) > 0 ORDER BY day, quad", []any{"FRA"}}},
		{"timeline day", func() (string, []any, error) { return a.TimelineSQL(ctx, store.EventFilter{Quad: 2}, "root") },
			q{"SELECT day, root, sum(n), sum(gsum) FROM agg_day WHERE quad = ? GROUP BY day, root HAVING sum(n) > 0 ORDER BY day, root", []any{2}}},
		{"timeline country", func() (string, []any, error) { return a.TimelineSQL(ctx, store.EventFilter{Country: "de"}, "quad") },
			q{"SELECT day, quad, sum(n), sum(gsum) FROM agg_cc WHERE country = ? GROUP BY day, quad HAVING sum(n) > 0 ORDER BY day, quad", []any{"DE"}}},
		{"timeline text", func() (string, []any, error) { return a.TimelineSQL(ctx, store.EventFilter{Text: "talks"}, "quad") },
			q{"SELECT e.date, e.quad, count(*), sum(e.goldstein) FROM event_facet e WHERE F(?) GROUP BY e.date, e.quad ORDER BY e.date, e.quad", []any{"talks"}}},
		{"timeline scan", func() (string, []any, error) { return a.TimelineSQL(ctx, store.EventFilter{Code: "042"}, "quad") },
			q{"SELECT e.date, e.quad, count(*), sum(e.goldstein) FROM events e WHERE e.current AND e.root = ? AND e.code >= ? AND e.code < ? GROUP BY e.date, e.quad ORDER BY e.date, e.quad",
				[]any{"04", "042", store.PrefixEnd("042")}}},
		{"pairs total", func() (string, []any, error) { return a.PairsSQL(ctx, store.EventFilter{}, 7) },
			q{"SELECT source_code, target_code, n FROM agg_pair_total WHERE n > 0 AND source_code <> '' AND target_code <> '' ORDER BY n DESC, source_code, target_code LIMIT ?", []any{7}}},
		{"pairs rollup", func() (string, []any, error) { return a.PairsSQL(ctx, store.EventFilter{Quad: 4}, 7) },
			q{"SELECT source_code, target_code, sum(n) AS k FROM agg_pair WHERE quad = ? AND n > 0 AND source_code <> '' AND target_code <> '' GROUP BY source_code, target_code HAVING sum(n) > 0 ORDER BY k DESC, source_code, target_code LIMIT ?", []any{4, 7}}},
		{"pairs text", func() (string, []any, error) { return a.PairsSQL(ctx, store.EventFilter{Text: "talks"}, 7) },
			q{"SELECT e.source_code, e.target_code, count(*) AS k FROM event_facet e WHERE F(?) AND e.source_code <> '' AND e.target_code <> '' GROUP BY e.source_code, e.target_code ORDER BY k DESC, e.source_code, e.target_code LIMIT ?", []any{"talks", 7}}},
		{"pairs scan hinted", func() (string, []any, error) { return hinted.PairsSQL(ctx, store.EventFilter{From: "2024-01-01"}, 7) },
			q{"SELECT e.source_code, e.target_code, count(*) AS k FROM events e INDEXED BY x WHERE e.current AND e.date >= ? AND e.source_code <> '' AND e.target_code <> '' GROUP BY e.source_code, e.target_code ORDER BY k DESC, e.source_code, e.target_code LIMIT ?", []any{"2024-01-01", 7}}},
		{"countries total", func() (string, []any, error) { return a.CountriesSQL(ctx, store.EventFilter{Root: "14"}) },
			q{"SELECT country, sum(n) AS k FROM agg_cc_total WHERE root = ? GROUP BY country HAVING sum(n) > 0 ORDER BY k DESC, country", []any{"14"}}},
		{"countries days", func() (string, []any, error) { return a.CountriesSQL(ctx, store.EventFilter{To: "2024-03-01"}) },
			q{"SELECT country, sum(n) AS k FROM agg_cc WHERE day < ? GROUP BY country HAVING sum(n) > 0 ORDER BY k DESC, country", []any{"2024-03-01"}}},
		{"countries scan", func() (string, []any, error) { return a.CountriesSQL(ctx, store.EventFilter{DocKey: "k1"}) },
			q{"SELECT e.country, count(*) AS k FROM events e WHERE e.current AND e.doc_key = ? AND e.country <> '' GROUP BY e.country ORDER BY k DESC, e.country", []any{"k1"}}},
	} {
		sql, args, err := tc.run()
		if err != nil || oneLine(sql) != tc.want.sql || !reflect.DeepEqual(args, tc.want.args) {
			t.Errorf("%s:\n got %s %v %v\nwant %s %v", tc.name, oneLine(sql), args, err, tc.want.sql, tc.want.args)
		}
	}
}

// fakeRows serves fixed rows; Scan copies each value into its destination
// the way a driver would for these simple types.
type fakeRows struct {
	rows   [][]any
	i      int
	err    error
	closed bool
}

func (r *fakeRows) Next() bool { r.i++; return r.i <= len(r.rows) }
func (r *fakeRows) Err() error { return r.err }
func (r *fakeRows) Close() error {
	r.closed = true
	return nil
}

func (r *fakeRows) Scan(dst ...any) error {
	row := r.rows[r.i-1]
	if len(dst) != len(row) {
		return fmt.Errorf("scan: %d destinations for %d columns", len(dst), len(row))
	}
	for i, v := range row {
		reflect.ValueOf(dst[i]).Elem().Set(reflect.ValueOf(v))
	}
	return nil
}

func TestReadNetwork(t *testing.T) {
	rows := &fakeRows{rows: [][]any{
		{"Q1", "France", "FRA", "Q2", "Germany", "DEU", 3, 6.0},
		{"code:USA", "USA", "USA", "Q1", "France", "FRA", 2, -1.0},
		{"Q2", "Germany", "DEU", "code:CHN", "CHN", "CHN", 1, 3.333}, // past the limit: dropped
	}}
	nw, err := ReadNetwork(rows, nil, 2)
	if err != nil || !rows.closed {
		t.Fatalf("err %v, closed %v", err, rows.closed)
	}
	want := store.Network{
		Nodes: []store.NetworkNode{{ID: "Q1", Label: "France", Code: "FRA", Weight: 5}, {ID: "Q2", Label: "Germany", Code: "DEU", Weight: 3}, {ID: "code:USA", Label: "USA", Code: "USA", Weight: 2}},
		Edges: []store.NetworkEdge{{Source: "Q1", Target: "Q2", Weight: 3, AvgGoldstein: 2}, {Source: "code:USA", Target: "Q1", Weight: 2, AvgGoldstein: -0.5}},
	}
	if !reflect.DeepEqual(nw, want) {
		t.Errorf("got %+v\nwant %+v", nw, want)
	}
	_, err = ReadNetwork(&fakeRows{err: errors.New("disk")}, nil, 2)
	if store.ErrorCode(err) != store.CodeInternal {
		t.Errorf("rows error: %v, want an internal error", err)
	}
	nw, err = ReadNetwork(nil, errors.New("syntax"), 2)
	if store.ErrorCode(err) != store.CodeInternal || nw.Nodes == nil || nw.Edges == nil {
		t.Errorf("query error: %+v %v", nw, err)
	}
}

func TestHighlights(t *testing.T) {
	p := func(v int64) sql.NullInt64 { return sql.NullInt64{Int64: v, Valid: true} }
	// Story at document offset 100, 40 bytes long.
	text := strings.Repeat("x", 40)
	var sp [12]sql.NullInt64
	sp[0], sp[1] = p(110), p(116)          // source
	sp[2], sp[3] = p(100), p(105)          // target, before the source
	sp[4], sp[5] = p(120), sql.NullInt64{} // trigger without an end: left out
	sp[6], sp[7] = p(90), p(95)            // date before the story: left out
	sp[8], sp[9] = p(130), p(150)          // place past the story's end: left out
	sp[10], sp[11] = p(100), p(140)
	got := Highlights(text, 100, sp)
	want := []store.Highlight{{Start: 0, End: 5, Role: "target"}, {Start: 0, End: 40, Role: "sentence"}, {Start: 10, End: 16, Role: "source"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if got := Highlights("", 0, [12]sql.NullInt64{}); got == nil || len(got) != 0 {
		t.Errorf("no spans: %#v, want []", got)
	}
}

func TestReadAll(t *testing.T) {
	scan := func(r Rows, s *string) error { return r.Scan(s) }
	rows := &fakeRows{rows: [][]any{{"a"}, {"b"}}}
	got, err := readAll("op", rows, nil, scan)
	if err != nil || !reflect.DeepEqual(got, []string{"a", "b"}) || !rows.closed {
		t.Errorf("got %q %v closed %v", got, err, rows.closed)
	}
	if got, err := readAll("op", &fakeRows{}, nil, scan); got != nil || err != nil {
		t.Errorf("no rows: %#v %v, want nil", got, err)
	}
	if _, err := readAll("op", nil, errors.New("boom"), scan); err == nil || err.Error() != "store: op: boom" {
		t.Errorf("query error: %v", err)
	}
	if _, err := readAll("op", &fakeRows{rows: [][]any{{"a"}}, err: errors.New("late")}, nil, scan); err == nil || err.Error() != "store: op: late" {
		t.Errorf("rows error: %v", err)
	}
}

func TestMigrations(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	ms, err := Migrations(fstest.MapFS{
		"m/0002_more.sql": file("CREATE TABLE b(x);"),
		"m/0001_init.sql": file("CREATE TABLE a(x);"),
	}, "m")
	want := []Migration{{1, "0001_init", "CREATE TABLE a(x);"}, {2, "0002_more", "CREATE TABLE b(x);"}}
	if err != nil || !reflect.DeepEqual(ms, want) {
		t.Errorf("got %+v %v, want %+v", ms, err, want)
	}
	for name, fsys := range map[string]fstest.MapFS{
		"gap":      {"m/0001_a.sql": file(""), "m/0003_c.sql": file("")},
		"twice":    {"m/0001_a.sql": file(""), "m/1_b.sql": file("")},
		"no name":  {"m/0001.sql": file("")},
		"not sql":  {"m/0001_a.txt": file("")},
		"not num":  {"m/first_a.sql": file("")},
		"no dir":   {"x/0001_a.sql": file("")},
		"from two": {"m/0002_b.sql": file("")},
	} {
		if ms, err := Migrations(fsys, "m"); err == nil {
			t.Errorf("%s: got %+v, want an error", name, ms)
		}
	}
}

func TestLayerRows(t *testing.T) {
	sp := func(s, e int) text.Span { return text.Span{Start: s, End: e} }
	d := &doc.Doc{
		Sentences: []doc.Sentence{{Span: sp(0, 30), Story: 0}, {Span: sp(31, 60), Story: 0, Cut: true}},
		Mentions: []doc.Mention{
			{Span: sp(0, 6), Text: "Lyonne", Kind: "LOC", Score: 0.9, Entity: 0},
			{Span: sp(10, 14), Text: "Marc", Kind: "PER", Entity: -1},
		},
		Entities:   []doc.Entity{{ID: "Q1", Kind: "LOC", Name: "Lyonne"}},
		Timexes:    []doc.Timex{{Span: sp(20, 27), Text: "mardi", Type: "DATE", Value: "2024-05-07", Granularity: "day"}},
		Quantities: []doc.Quantity{{Span: sp(40, 46), Text: "12 km", Kind: "dimension", Value: "12", Unit: "km", Of: &doc.Ref{Text: "route"}}},
		Quotes: []doc.Quote{
			{Span: sp(50, 70), Content: sp(51, 69), Speaker: &doc.Ref{Span: sp(72, 76), Text: "Marc"}, Entity: -1, Verb: &doc.Ref{Text: "dit"}, Reason: "colon"},
			{Span: sp(80, 90), Content: sp(81, 89), Partial: true, Entity: 0},
		},
		Places: []doc.Place{
			{Span: sp(0, 6), Text: "Lyonne", Resolved: true, GeonameID: 7, Name: "Lyonne", Lat: 45.5, Lon: 4.8, Country: "FR", Admin1: "84", Precision: "city", Confidence: 0.8},
			{Span: sp(90, 95), Text: "Nulle", Actor: true},
		},
	}
	var got []string
	err := LayerRows(9, d, func(t *LayerTable, vals ...any) error {
		if n := strings.Count(t.Cols, ",") + 1; n != len(vals) {
			return fmt.Errorf("%s: %d values for %d columns", t.Name, len(vals), n)
		}
		got = append(got, fmt.Sprintf("%s %v", t.Name, vals))
		return nil
	})
	want := []string{
		"sentences [9 0 0 30 0 false]",
		"sentences [9 1 31 60 0 true]",
		"mentions [9 0 0 6 LOC Lyonne Q1 0.9]",
		"mentions [9 1 10 14 PER Marc <nil> 0]",
		"timexes [9 0 20 27 mardi DATE 2024-05-07    day]",
		"quantities [9 0 40 46 12 km dimension 12  km false  route]",
		"quotes [9 0 50 70 51 69 false Marc 72 76 <nil> dit colon]",
		"quotes [9 1 80 90 81 89 true  <nil> <nil> Q1  ]",
		"places [9 0 0 6 Lyonne true 7 Lyonne 45.5 4.8 FR 84 city 0.8 false]",
		"places [9 1 90 95 Nulle false 0  <nil> <nil>    0 true]",
	}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("err %v\n got %q\nwant %q", err, got, want)
	}
	stop := errors.New("stop")
	n := 0
	if err := LayerRows(9, d, func(*LayerTable, ...any) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("error from row: %v after %d rows, want stop after 1", err, n)
	}
}

func TestUpsert(t *testing.T) {
	day, codes := RollupTables[0], RollupTables[len(RollupTables)-1]
	for _, tc := range []struct {
		got, want string
	}{
		{SQLite.Values("a, b, c"), "VALUES(?,?,?)"},
		{Postgres.Values("a"), "VALUES($1)"},
		{SQLite.Upsert(day, SQLite.Values(day.Cols)),
			"INSERT INTO agg_day(day, root, quad, n, gsum) VALUES(?,?,?,?,?) ON CONFLICT(day, root, quad) DO UPDATE SET n = agg_day.n + excluded.n, gsum = agg_day.gsum + excluded.gsum"},
		{SQLite.Upsert(codes, SQLite.Values(codes.Cols)),
			"INSERT INTO entity_codes(entity, code, first, last, n) VALUES(?,?,?,?,?) ON CONFLICT(entity, code) DO UPDATE SET first = min(entity_codes.first, excluded.first), last = max(entity_codes.last, excluded.last), n = entity_codes.n + excluded.n"},
		{Postgres.Upsert(codes, "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])"),
			"INSERT INTO entity_codes(entity, code, first, last, n) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) ON CONFLICT(entity, code) DO UPDATE SET first = least(entity_codes.first, excluded.first), last = greatest(entity_codes.last, excluded.last), n = entity_codes.n + excluded.n"},
	} {
		if tc.got != tc.want {
			t.Errorf("\n got %s\nwant %s", tc.got, tc.want)
		}
	}
	for _, rt := range RollupTables {
		if !strings.HasPrefix(rt.Cols, rt.Key+", ") {
			t.Errorf("%s: key %q does not lead the columns %q", rt.Name, rt.Key, rt.Cols)
		}
	}
}

func TestRollups(t *testing.T) {
	q1, q2 := "Q1", "Q2"
	r := NewRollups()
	if !r.Empty() {
		t.Fatal("new rollups not empty")
	}
	r.Event(1, "2024-05-02", "04", 1, "FR", 3, "FRAGOV", "DEUGOV", &q1, &q2)
	r.Event(1, "2024-05-01", "04", 1, "FR", 1.5, "FRAGOV", "DEU", &q1, nil)
	r.Event(-1, "2024-05-02", "04", 1, "", 3, "FRAGOV", "", nil, nil) // superseded, no country
	other := NewRollups()
	other.Event(1, "2024-04-30", "19", 4, "FR", -10, "FRAGOV", "DEUGOV", &q1, &q2)
	r.Merge(other)
	got := map[string][]string{}
	for _, rt := range RollupTables {
		rt.Rows(r, func(vals ...any) error {
			got[rt.Name] = append(got[rt.Name], strings.Trim(fmt.Sprint(vals), "[]"))
			return nil
		})
	}
	want := map[string][]string{
		"agg_day":        {"2024-04-30 19 4 1 -10", "2024-05-01 04 1 1 1.5", "2024-05-02 04 1 0 0"},
		"agg_cc":         {"FR 2024-04-30 19 4 1 -10", "FR 2024-05-01 04 1 1 1.5", "FR 2024-05-02 04 1 1 3"},
		"agg_cc_total":   {"FR 04 1 2", "FR 19 4 1"},
		"agg_pair":       {"FRAGOV  04 1 -1", "FRAGOV DEU 04 1 1", "FRAGOV DEUGOV 04 1 1", "FRAGOV DEUGOV 19 4 1"},
		"agg_pair_total": {"FRAGOV  -1", "FRAGOV DEU 1", "FRAGOV DEUGOV 2"},
		"entity_days":    {"Q1 2024-04-30 1", "Q1 2024-05-01 1", "Q1 2024-05-02 1", "Q2 2024-04-30 1", "Q2 2024-05-02 1"},
		"entity_codes":   {"Q1 FRAGOV 2024-04-30 2024-05-02 3", "Q2 DEUGOV 2024-04-30 2024-05-02 2"},
		"agg_actor": {
			"DEU 2024-04-30 19 4 1 -10", "DEU 2024-05-01 04 1 1 1.5", "DEU 2024-05-02 04 1 1 3",
			"DEUGOV 2024-04-30 19 4 1 -10", "DEUGOV 2024-05-02 04 1 1 3",
			"FRA 2024-04-30 19 4 1 -10", "FRA 2024-05-01 04 1 1 1.5", "FRA 2024-05-02 04 1 0 0",
			"FRAGOV 2024-04-30 19 4 1 -10", "FRAGOV 2024-05-01 04 1 1 1.5", "FRAGOV 2024-05-02 04 1 0 0",
		},
	}
	if !reflect.DeepEqual(got, want) {
		for k := range want {
			if !reflect.DeepEqual(got[k], want[k]) {
				t.Errorf("%s:\n got %q\nwant %q", k, got[k], want[k])
			}
		}
	}
	stop := errors.New("stop")
	if err := RollupTables[0].Rows(r, func(...any) error { return stop }); err != stop {
		t.Errorf("Rows error: %v", err)
	}
}

func TestEntityFold(t *testing.T) {
	al := func(text string, conf float64, start int) doc.Alias {
		return doc.Alias{Text: text, Script: "Latn", Source: "text", Confidence: conf, Evidence: text2(start, start+len(text))}
	}
	d1 := &doc.Doc{
		Meta: doc.Meta{Published: "2024-05-02"},
		Entities: []doc.Entity{
			{ID: "Q1", Kind: "LOC", Name: "Lyonne", Mentions: []int{0, 1}, Aliases: []doc.Alias{al("Lyonne-la-Belle", 0.5, 3)}},
			{ID: "Q2", Kind: "PER", Name: "Marc Blanc", ActorCode: "FRAGOV", Mentions: []int{2}},
			{ID: "Q1", Kind: "LOC", Name: "Lyonne", Mentions: []int{3}}, // the same entity again: counted once
		},
	}
	d2 := &doc.Doc{
		Meta: doc.Meta{Published: "2024-04-30"},
		Entities: []doc.Entity{
			{ID: "Q1", Kind: "GPE", Name: "Lyon", Mentions: []int{0}, Aliases: []doc.Alias{al("Lyonne-la-Belle", 0.9, 40)}},
			{ID: "Q2", Kind: "PER", Name: "Marc Blanc", Mentions: []int{1}},
		},
	}
	f := NewEntityFold()
	f.Doc(d1, "k1")
	f.Doc(d2, "k2")
	got := map[string][]string{}
	for _, et := range EntityTables {
		et.Rows(f, func(vals ...any) error {
			got[et.Name] = append(got[et.Name], strings.Trim(fmt.Sprint(vals), "[]"))
			return nil
		})
	}
	want := map[string][]string{
		"entities":     {"Q1 LOC Lyonne  2024-04-30 2024-05-02 3 2", "Q2 PER Marc Blanc FRAGOV 2024-04-30 2024-05-02 2 2"},
		"aliases":      {"Q1 Lyonne-la-Belle Latn text 0.9 2 k1 3 18"},
		"entity_names": {"lyon Q1", "lyonne Q1", "lyonne-la-belle Q1", "marc blanc Q2"},
		"entity_pairs": {"Q1 Q2 2"},
	}
	if !reflect.DeepEqual(got, want) {
		for k := range want {
			if !reflect.DeepEqual(got[k], want[k]) {
				t.Errorf("%s:\n got %q\nwant %q", k, got[k], want[k])
			}
		}
	}
}

func text2(s, e int) text.Span { return text.Span{Start: s, End: e} }

func TestPutStories(t *testing.T) {
	rows := []store.StoryRow{
		{Index: 0, Hash: "a", HasSim: true, SimHash: 1},
		{Index: 1, Hash: "b", HasSim: true, SimHash: 2}, // exact copy of story 4
		{Index: 2, Hash: "c", HasSim: true, SimHash: 3}, // near copy of story 2
		{Index: 3, Hash: "d"},                           // no SimHash
	}
	copies := map[string][3]any{"b": {int64(4), store.DupExact, 0}, "c": {int64(2), store.DupNear, 3}}
	match := func(s store.StoryRow) (int64, string, int, bool, error) {
		c, ok := copies[s.Hash]
		if !ok {
			return 0, "", 0, false, nil
		}
		return c[0].(int64), c[1].(string), c[2].(int), true, nil
	}
	var put []string
	next := int64(10)
	var res store.PutResult
	refs, err := PutStories(rows, &next, &res, match, func(s Story) error {
		put = append(put, fmt.Sprintf("%d %d %s %d sim=%v banded=%v", s.ID, s.Cluster, s.Kind, s.Dist, s.Sim(), s.Banded()))
		return nil
	})
	wantPut := []string{
		"11 11 first 0 sim=1 banded=true",
		"12 4 exact 0 sim=2 banded=false",
		"13 2 near 3 sim=3 banded=true",
		"14 14 first 0 sim=<nil> banded=false",
	}
	wantRefs := []StoryRef{{11, 11, true}, {12, 4, false}, {13, 2, false}, {14, 14, true}}
	if err != nil || !reflect.DeepEqual(put, wantPut) || !reflect.DeepEqual(refs, wantRefs) || next != 14 {
		t.Errorf("err %v next %d\n put %q\nwant %q\nrefs %v\nwant %v", err, next, put, wantPut, refs, wantRefs)
	}
	if want := (store.PutResult{Stories: 4, ExactDups: 1, NearDups: 1}); !reflect.DeepEqual(res, want) {
		t.Errorf("counts %+v, want %+v", res, want)
	}
	_, err = PutStories(rows, &next, &res, match, func(s Story) error { return errors.New("disk full") })
	if err == nil || err.Error() != "story 0: disk full" {
		t.Errorf("put error: %v", err)
	}
	_, err = PutStories(rows, &next, &res, func(store.StoryRow) (int64, string, int, bool, error) {
		return 0, "", 0, false, errors.New("timeout")
	}, func(Story) error { return nil })
	if err == nil || err.Error() != "copies: timeout" {
		t.Errorf("match error: %v", err)
	}
}

func TestEntityUpsert(t *testing.T) {
	byName := map[string]EntityTable{}
	for _, et := range EntityTables {
		byName[et.Name] = et
		if !strings.HasPrefix(et.Cols, et.Key) {
			t.Errorf("%s: key %q does not lead the columns %q", et.Name, et.Key, et.Cols)
		}
	}
	for _, tc := range []struct{ got, want string }{
		{byName["entity_names"].Upsert(SQLite.Values("norm, entity")),
			"INSERT INTO entity_names(norm, entity) VALUES(?,?) ON CONFLICT(norm, entity) DO NOTHING"},
		{byName["entity_pairs"].Upsert("SELECT * FROM unnest($1::text[], $2::text[], $3::int[])"),
			"INSERT INTO entity_pairs(a, b, n) SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) ON CONFLICT(a, b) DO UPDATE SET n = entity_pairs.n + excluded.n"},
		{oneLine(byName["aliases"].Upsert(SQLite.Values(byName["aliases"].Cols))),
			`INSERT INTO aliases(entity, text, script, source, confidence, count, doc_key, start, "end") VALUES(?,?,?,?,?,?,?,?,?) ON CONFLICT(entity, text) DO UPDATE SET count = aliases.count + excluded.count, confidence = CASE WHEN excluded.confidence > aliases.confidence THEN excluded.confidence ELSE aliases.confidence END`},
	} {
		if tc.got != tc.want {
			t.Errorf("\n got %s\nwant %s", tc.got, tc.want)
		}
	}
}

func TestEventVals(t *testing.T) {
	lat, lon := 45.75, 4.85
	ent := "Q1"
	ev := &doc.Event{Source: doc.Actor{Code: "FRAGOV", Text: "Paris"}, Target: doc.Actor{Code: "DEU"}, Code: "036", QuadClass: 1,
		Goldstein: 4, DatePrecision: "day", Sentence: text2(10, 50), Trigger: text2(20, 25), Coder: "petrarch", Confidence: 0.75}
	r := store.EventRec{Ev: ev, Date: "2024-05-07", SourceEntity: &ent, Lat: &lat, Lon: &lon, Country: "FR", RootCode: "03", Sentence: "Paris meets Berlin."}
	vals := EventVals([]any{"head"}, r)
	cols := strings.Split(oneLine(EventValueCols), ", ")
	if len(vals) != 1+len(cols) || vals[0] != "head" {
		t.Fatalf("%d values (%v first) for %d columns", len(vals), vals[0], len(cols))
	}
	vals = vals[1:]
	got := map[string]any{}
	for i, c := range cols {
		got[c] = vals[i]
	}
	for c, want := range map[string]any{
		"date": "2024-05-07", "date_precision": "day", "source_code": "FRAGOV", "source_entity": &ent, "source_text": "Paris",
		"target_code": "DEU", "target_entity": (*string)(nil), "code": "036", "root": "03", "quad": 1, "goldstein": 4.0,
		"lat": &lat, "cell": store.Cell(lat, lon), "country": "FR", "sent_start": 10, "sent_end": 50, "sentence": "Paris meets Berlin.",
		"trig_start": 20, "trig_end": 25, "coder": "petrarch", "confidence": 0.75,
	} {
		if !reflect.DeepEqual(got[c], want) {
			t.Errorf("%s = %#v, want %#v", c, got[c], want)
		}
	}
	r.Lat, r.Lon = nil, nil
	if got := EventVals(nil, r)[29]; cols[29] != "cell" || got != nil {
		t.Errorf("unplaced event: %s = %v, want nil", cols[29], got)
	}
}

func TestFoldOld(t *testing.T) {
	q := "Q9"
	roll := NewRollups()
	rows := &fakeRows{rows: [][]any{
		{"2024-05-01", "04", 1, "FR", 2.0, "FRA", "DEU", sql.NullString{String: q, Valid: true}, sql.NullString{}},
		{"2024-05-01", "04", 1, "", 1.0, "FRA", "", sql.NullString{}, sql.NullString{}},
	}}
	n, err := FoldOld(rows, roll)
	if err != nil || n != 2 || !rows.closed {
		t.Fatalf("n %d err %v closed %v", n, err, rows.closed)
	}
	if s := roll.Day[AggKey{A: "2024-05-01", B: "04", Q: 1}]; s == nil || s.N != -2 || s.G != -3 {
		t.Errorf("day sum %+v, want -2 events, -3", s)
	}
	if s := roll.EntDay[AggKey{A: "Q9", B: "2024-05-01"}]; s == nil || s.N != -1 {
		t.Errorf("entity day %+v, want -1", s)
	}
	if _, err := FoldOld(&fakeRows{err: errors.New("gone")}, roll); err == nil {
		t.Error("rows error not returned")
	}
}

func TestSearchLimit(t *testing.T) {
	for _, tc := range []struct {
		q     store.SearchQuery
		text  string
		limit int
		bad   bool
	}{
		{store.SearchQuery{Text: "  talks  "}, "talks", 20, false},
		{store.SearchQuery{Text: "talks", Limit: 5}, "talks", 5, false},
		{store.SearchQuery{Text: "talks", Limit: 5000}, "talks", 1000, false},
		{store.SearchQuery{Text: "talks", Limit: -1}, "talks", 20, false},
		{store.SearchQuery{Text: " \t"}, "", 0, true},
	} {
		text, q, err := SearchLimit(tc.q)
		if tc.bad {
			if store.ErrorCode(err) != store.CodeInvalid {
				t.Errorf("%+v: err %v, want invalid", tc.q, err)
			}
			continue
		}
		if err != nil || text != tc.text || q.Limit != tc.limit {
			t.Errorf("%+v: %q limit %d err %v, want %q %d", tc.q, text, q.Limit, err, tc.text, tc.limit)
		}
	}
}

func TestEventSQL(t *testing.T) {
	es := EventSQL{Current: "e.current", Text: func(c *store.Cond, q string) { c.Add("T(?)", q) }}
	lo, hi := -5.0, 5.0
	end := store.PrefixEnd
	type cond struct {
		where string
		args  []any
	}
	for _, tc := range []struct {
		name string
		got  []store.Cond
		want []cond
	}{
		{"base", []store.Cond{es.Base(store.EventFilter{RunID: 3, Source: "FRAGOV", Target: "DE", Code: "0421", Quad: 2, Country: "fr",
			From: "2024-01-01", To: "2024-02-01", GoldsteinMin: &lo, GoldsteinMax: &hi, Text: "talks", DocKey: "k"})},
			[]cond{{"e.run_id = ? AND e.source_cc = ? AND e.source_code >= ? AND e.source_code < ? AND e.target_code >= ? AND e.target_code < ? AND e.root = ? AND e.code = ? AND e.quad = ? AND e.country = ? AND e.date >= ? AND e.date < ? AND e.goldstein >= ? AND e.goldstein <= ? AND T(?) AND e.doc_key = ?",
				[]any{int64(3), "FRA", "FRAGOV", end("FRAGOV"), "DE", end("DE"), "04", "0421", 2, "FR", "2024-01-01", "2024-02-01", -5.0, 5.0, "talks", "k"}}}},
		{"code prefix", []store.Cond{es.Base(store.EventFilter{Code: "042", Root: "04"})},
			[]cond{{"e.current AND e.root = ? AND e.code >= ? AND e.code < ? AND e.root = ?", []any{"04", "042", end("042"), "04"}}}},
		{"entity sides", es.SideBranches(store.EventFilter{Entity: "Q1"}),
			[]cond{{"e.current AND e.source_entity = ?", []any{"Q1"}}, {"e.current AND e.target_entity = ?", []any{"Q1"}}}},
		{"country sides", es.SideBranches(store.EventFilter{Actor: "FRA"}),
			[]cond{{"e.current AND e.source_cc = ?", []any{"FRA"}}, {"e.current AND e.target_cc = ?", []any{"FRA"}}}},
		{"full code sides", es.SideBranches(store.EventFilter{Actor: "FRAGOV", Entity: "Q1"}),
			[]cond{
				{"e.current AND (e.source_entity = ? OR e.target_entity = ?) AND e.source_code = ?", []any{"Q1", "Q1", "FRAGOV"}},
				{"e.current AND (e.source_entity = ? OR e.target_entity = ?) AND e.source_code > ? AND e.source_code < ?", []any{"Q1", "Q1", "FRAGOV", end("FRAGOV")}},
				{"e.current AND (e.source_entity = ? OR e.target_entity = ?) AND e.target_code = ?", []any{"Q1", "Q1", "FRAGOV"}},
				{"e.current AND (e.source_entity = ? OR e.target_entity = ?) AND e.target_code > ? AND e.target_code < ?", []any{"Q1", "Q1", "FRAGOV", end("FRAGOV")}},
			}},
		{"facet", []store.Cond{es.FacetBase(store.EventFilter{Actor: "FR", Source: "FRA", Quad: 1})},
			[]cond{{"e.current AND e.quad = ? AND e.source_code >= ? AND e.source_code < ? AND ((e.source_code >= ? AND e.source_code < ?) OR (e.target_code >= ? AND e.target_code < ?))",
				[]any{1, "FRA", end("FRA"), "FR", end("FR"), "FR", end("FR")}}}},
	} {
		var got []cond
		for _, c := range tc.got {
			got = append(got, cond{c.Where(), c.Args})
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %v\nwant %v", tc.name, got, tc.want)
		}
	}
	box := store.EventFilter{BBox: &[4]float64{2, 45, 3, 46}}
	bs := es.Branches(box)
	if cells := store.CellsFor(*box.BBox, maxCells); len(bs) != len(cells) || len(cells) == 0 {
		t.Fatalf("%d branches for %d cells", len(bs), len(cells))
	}
	if got := bs[0].Where(); got != "e.current AND e.lon BETWEEN ? AND ? AND e.lat BETWEEN ? AND ? AND e.cell = ?" {
		t.Errorf("box branch %q", got)
	}
	for _, tc := range []struct {
		f   store.EventFilter
		bad bool
	}{
		{store.EventFilter{Sort: "-goldstein", Quad: 4}, false},
		{store.EventFilter{Sort: "size"}, true},
		{store.EventFilter{Quad: 5}, true},
		{store.EventFilter{BBox: &[4]float64{3, 45, 2, 46}}, true},
	} {
		if err := ValidateEventFilter("events", tc.f); (err != nil) != tc.bad || (err != nil && store.ErrorCode(err) != store.CodeInvalid) {
			t.Errorf("%+v: %v", tc.f, err)
		}
	}
}
