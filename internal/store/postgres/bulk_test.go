package postgres

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
	"github.com/newsgraph/newsgraph/internal/store/synth"
)

// loadCorpus is generated documents with exact copies (the generator's)
// and near copies (one letter changed in a long story), in batches.
// NEWSGRAPH_LOAD_DOCS=N (batches of N/10) checks a bigger corpus by hand.
func loadCorpus(t *testing.T) [][]*doc.Doc {
	docs, per := 600, 70
	if n, err := strconv.Atoi(os.Getenv("NEWSGRAPH_LOAD_DOCS")); err == nil && n > 0 {
		docs, per = n, max(1, n/10)
	}
	gen := storetest.Synth(t, synth.Config{Seed: 5, Entities: 400, Days: 60})
	var batches [][]*doc.Doc
	var b []*doc.Doc
	for i := 0; i < docs; i++ {
		d := gen.Next()
		b = append(b, d)
		if i%7 == 3 && len(strings.Fields(d.Text)) >= 40 {
			n := *d
			n.ID = fmt.Sprintf("near-%d", i)
			txt := []byte(d.Text)
			j := strings.LastIndex(d.Text, " on ") + 1 // "on" -> "an": same length, spans stay valid
			txt[j] = 'a'
			n.Text = string(txt)
			n.Stories = append([]doc.Story(nil), d.Stories...)
			n.Stories[0].Text = n.Text
			b = append(b, &n)
		}
		if i == docs/2 {
			b = append(b, batches[0][0]) // put again: stored once
		}
		if len(b) >= per {
			batches = append(batches, b)
			b = nil
		}
	}
	return append(batches, b)
}

func TestLoadWritesPutsRows(t *testing.T) {
	dsn := testDSN(t)
	ctx := context.Background()
	batches := loadCorpus(t)
	info := store.RunInfo{Started: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Build: "test", Stages: []string{"synth.v1"}}

	put := openFresh(t, dsn)
	run, err := put.BeginRun(ctx, info)
	if err != nil {
		t.Fatal(err)
	}
	var want store.RunCounts
	for _, b := range batches {
		r, err := put.Put(ctx, run, b)
		if err != nil {
			t.Fatal(err)
		}
		want.Add(r.Counts())
		want.Seen += len(b)
	}

	load := openFresh(t, dsn)
	run2, err := load.BeginRun(ctx, info)
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	got, err := load.Load(ctx, run2, func() ([]*doc.Doc, error) {
		if i == len(batches) {
			return nil, nil
		}
		i++
		return batches[i-1], nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("counts: Load %+v, Put %+v", got, want)
	}
	if want.ExactDups == 0 || want.NearDups == 0 || want.Existing != 1 {
		t.Fatalf("corpus lacks exact copies, near copies or a repeated document: %+v", want)
	}
	for _, table := range append(loadTables, "runs") {
		q := `SELECT count(*), coalesce(md5(string_agg(x::text, E'\n' ORDER BY x::text)), '') FROM ` + table + ` x`
		var n1, n2 int
		var h1, h2 string
		if err := put.pool.QueryRow(ctx, q).Scan(&n1, &h1); err != nil {
			t.Fatal(err)
		}
		if err := load.pool.QueryRow(ctx, q).Scan(&n2, &h2); err != nil {
			t.Fatal(err)
		}
		if n1 != n2 || h1 != h2 {
			t.Errorf("%s: Put wrote %d rows (%s), Load %d (%s)", table, n1, h1, n2, h2)
		}
	}
	for _, seq := range []string{"events", "event_clusters"} {
		q := `SELECT last_value, is_called FROM ` + seq + `_id_seq`
		var v1, v2 int64
		var c1, c2 bool
		put.pool.QueryRow(ctx, q).Scan(&v1, &c1)
		load.pool.QueryRow(ctx, q).Scan(&v2, &c2)
		if v1 != v2 || c1 != c2 {
			t.Errorf("%s sequence: Put left %d/%v, Load %d/%v", seq, v1, c1, v2, c2)
		}
	}
	// The same indexes after the load as the migrations made.
	iq := `SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = current_schema()`
	var ix1, ix2 string
	put.pool.QueryRow(ctx, iq).Scan(&ix1)
	load.pool.QueryRow(ctx, iq).Scan(&ix2)
	if ix1 != ix2 {
		t.Errorf("indexes: Put store %s, loaded store %s", ix1, ix2)
	}
	// A store that holds anything is refused.
	_, err = load.Load(ctx, run2, func() ([]*doc.Doc, error) { return nil, nil })
	if store.ErrorCode(err) != store.CodeConflict {
		t.Errorf("Load into a filled store: %v, want a conflict", err)
	}
	t.Logf("%d batches: %+v", len(batches), want)
}
