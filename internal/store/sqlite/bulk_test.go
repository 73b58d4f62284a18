package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
	"github.com/newsgraph/newsgraph/internal/store/synth"
)

// TestBulkSameRows fills one store a document per Put (no folding across
// documents, every index live) and another through BeginBulk with large
// batches, re-coding a share of the documents in a second run, and checks
// every table holds the same rows and the full-text indexes find the same
// events and stories.
func TestBulkSameRows(t *testing.T) {
	ctx := context.Background()
	gen := func() []*doc.Doc {
		out := storetest.Synth(t, synth.Config{Seed: 3, Entities: 300, Days: 60}).Take(400)
		// A CJK sentence: the event index holds the split form.
		out[5].Text = strings.Replace(out[5].Text, " ", " 北京 ", 1)
		return out
	}
	one, bulk := openTemp(t), openTemp(t)
	defer one.Close()
	defer bulk.Close()
	fill := func(db *DB, batch int) {
		docs := gen()
		for r := 0; r < 2; r++ {
			run, err := db.BeginRun(ctx, store.RunInfo{Started: time.Unix(0, 0)})
			if err != nil {
				t.Fatal(err)
			}
			part := docs
			if r == 1 {
				part = docs[:120] // re-coded: retires the first run's events
			}
			for i := 0; i < len(part); i += batch {
				if _, err := db.Put(ctx, run, part[i:min(i+batch, len(part))]); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	fill(one, 1)
	if err := bulk.BeginBulk(ctx); err != nil {
		t.Fatal(err)
	}
	fill(bulk, 150)
	if err := bulk.EndBulk(ctx, nil); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"documents", "stories", "simhash_bands", "sentences", "entities", "entity_names", "aliases",
		"mentions", "entity_pairs", "timexes", "places", "event_clusters", "events", "agg_day", "agg_cc", "agg_pair",
		"agg_actor", "agg_pair_total", "agg_cc_total", "entity_days", "entity_codes", "event_facet", "bulk_pending"} {
		a, b := dump(t, one.w, table), dump(t, bulk.w, table)
		if len(a) != len(b) {
			t.Errorf("%s: %d rows one at a time, %d in bulk", table, len(a), len(b))
			continue
		}
		for i := range a {
			if a[i] != b[i] {
				t.Errorf("%s row %d:\n one  %s\n bulk %s", table, i, a[i], b[i])
				break
			}
		}
	}
	var idx int
	if err := bulk.w.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`).Scan(&idx); err != nil {
		t.Fatal(err)
	}
	var want int
	one.w.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`).Scan(&want)
	if idx != want || idx < 20 {
		t.Errorf("indexes after bulk: %d, want %d", idx, want)
	}
	for _, q := range []string{"talks", "北京", "Washington"} {
		a := ftsIDs(t, one.w, `SELECT rowid FROM event_text WHERE event_text MATCH ? ORDER BY rowid`, quoteWords(ftsText(q)))
		b := ftsIDs(t, bulk.w, `SELECT rowid FROM event_text WHERE event_text MATCH ? ORDER BY rowid`, quoteWords(ftsText(q)))
		if a != b || a == "" {
			t.Errorf("event_text %q: one %q bulk %q", q, a, b)
		}
		a = ftsIDs(t, one.w, `SELECT rowid FROM story_fts WHERE story_fts MATCH ? ORDER BY rowid`, quoteWords(ftsText(q)))
		b = ftsIDs(t, bulk.w, `SELECT rowid FROM story_fts WHERE story_fts MATCH ? ORDER BY rowid`, quoteWords(ftsText(q)))
		if a != b || (a == "" && q != "北京") { // the CJK text is in the events only
			t.Errorf("story_fts %q: one %q bulk %q", q, a, b)
		}
	}
}

// dump reads a table as sorted text rows; sums of Goldstein values are
// rounded (folding changes the order of addition).
func dump(t *testing.T, db *sql.DB, table string) []string {
	t.Helper()
	rows, err := db.Query(`SELECT * FROM ` + table)
	if err != nil {
		t.Fatalf("%s: %v", table, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for i, v := range vals {
			if f, ok := v.(float64); ok && cols[i] == "gsum" {
				v = math.Round(f*1e6) / 1e6
			}
			if cols[i] == "applied" || (table == "documents" && cols[i] == "body") {
				continue
			}
			fmt.Fprintf(&b, "%s=%v ", cols[i], v)
		}
		out = append(out, b.String())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func ftsIDs(t *testing.T, db *sql.DB, q string, arg string) string {
	t.Helper()
	rows, err := db.Query(q, arg)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		fmt.Fprintf(&b, "%d,", id)
	}
	return b.String()
}

// TestListPlansAgree checks on a synthetic store that the plans chosen by
// size (box: newest events with a place or grid cells; text: ids or a row
// by row check) give the same pages, cursors included.
func TestListPlansAgree(t *testing.T) {
	ctx := context.Background()
	g := storetest.Synth(t, synth.Config{Seed: 5, Entities: 200, Days: 90})
	db := openTemp(t)
	defer db.Close()
	run, _ := db.BeginRun(ctx, store.RunInfo{Started: time.Unix(0, 0)})
	if _, err := db.Put(ctx, run, g.Take(600)); err != nil {
		t.Fatal(err)
	}
	pages := func(f store.EventFilter) string {
		var b strings.Builder
		for i := 0; i < 3; i++ {
			p, err := db.Events(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range p.Events {
				b.WriteString(e.ID + ",")
			}
			b.WriteString("|")
			if p.Next == "" {
				break
			}
			f.Cursor = p.Next
		}
		return b.String()
	}
	defer func(tx, bx int) { textIDs, boxScan, textByKey = tx, bx, true }(textIDs, boxScan)
	for _, f := range []store.EventFilter{
		{BBox: &[4]float64{-10, 35, 40, 60}, Limit: 7},
		{BBox: &[4]float64{-10, 35, 40, 60}, Limit: 7, Sort: "date"},
		{BBox: &[4]float64{100, 0, 140, 45}, Limit: 5, From: "2023-02-01", To: "2023-03-01"},
		{BBox: &[4]float64{-180, -90, 180, 90}, Limit: 20},
		{Text: "talks", Limit: 6},
		{Text: "talks", Limit: 6, Sort: "date"},
		{Text: "talks", Limit: 6, From: "2023-02-01", To: "2023-03-01"},
		{Text: "talks", Limit: 6, Sort: "-goldstein"},
		{Text: "Moscow", Limit: 4, Actor: "USA"},
		{Text: "nothing-like-this", Limit: 4},
	} {
		textIDs, boxScan, textByKey = 1<<20, 1<<20, true
		a := pages(f)
		for _, o := range []struct {
			ids, box int
			byKey    bool
		}{{0, 0, false}, {1 << 20, 0, false}} {
			textIDs, boxScan, textByKey = o.ids, o.box, o.byKey
			if b := pages(f); a != b || a == "|" && f.Text != "nothing-like-this" {
				t.Errorf("%+v %+v:\n one plan   %s\n other plan %s", f, o, a, b)
			}
		}
	}
}
