package postgres

import (
	"bufio"
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/sqlq"
)

var _ store.Loader = (*DB)(nil)

// Load implements store.Loader: it fills an empty store with the rows Put
// writes for the same batches, but computes them in memory (duplicate
// clusters, event clusters, entity and roll-up upserts) and writes each
// table with one COPY, building the secondary indexes after the load. Put
// needs some twenty statements per event; a million-event fill through it
// takes hours on a small machine, through Load minutes.
//
// Per-Put effects are kept: roll-up sums are added per batch, in the order
// Put adds them, so even the floating-point sums match. Everything runs in
// one transaction; on error the store is left as it was.
func (db *DB) Load(ctx context.Context, runID int64, next func() ([]*doc.Doc, error)) (store.RunCounts, error) {
	var counts store.RunCounts
	if err := db.writable("load"); err != nil {
		return counts, err
	}
	fail := func(format string, a ...any) (store.RunCounts, error) {
		return store.RunCounts{}, store.Errorf(store.CodeInternal, "load", format, a...)
	}
	db.wmu.Lock()
	defer db.wmu.Unlock()
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return fail("%v", err)
	}
	defer conn.Release()
	tx, err := conn.Begin(ctx)
	if err != nil {
		return fail("begin: %v", err)
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))`, int32(writerLock)); err != nil {
		return fail("%v", err)
	}
	var used bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS(SELECT 1 FROM documents) OR EXISTS(SELECT 1 FROM stories) OR EXISTS(SELECT 1 FROM events)
		OR EXISTS(SELECT 1 FROM event_clusters) OR EXISTS(SELECT 1 FROM entities)`).Scan(&used); err != nil {
		return fail("%v", err)
	}
	if used {
		return counts, store.Errorf(store.CodeConflict, "load", "the store is not empty: load fills empty stores only (use ingest to add to one)")
	}
	var evSeq, clSeq string
	var nextEvent, nextCluster int64
	for _, s := range []struct {
		table string
		name  *string
		next  *int64
	}{{"events", &evSeq, &nextEvent}, {"event_clusters", &clSeq, &nextCluster}} {
		if err := tx.QueryRow(ctx, `SELECT pg_get_serial_sequence($1, 'id')`, s.table).Scan(s.name); err != nil {
			return fail("%v", err)
		}
		var last int64
		var called bool
		if err := tx.QueryRow(ctx, `SELECT last_value, is_called FROM `+*s.name).Scan(&last, &called); err != nil {
			return fail("%v", err)
		}
		*s.next = last
		if called {
			*s.next++
		}
	}
	dir, err := os.MkdirTemp("", "newsgraph-load-")
	if err != nil {
		return fail("%v", err)
	}
	defer os.RemoveAll(dir)
	l := &loader{run: runID, dir: dir, nextEvent: nextEvent, nextCluster: nextCluster,
		files: map[string]*copyFile{}, hashFirst: map[string]int64{}, bands: map[uint32][]int64{}, copies: map[int64]int{},
		clusters: map[clKey]*clAgg{}, ents: sqlq.NewEntityFold(), keys: map[string]stored{}}
	l.tot = sqlq.NewRollups()
	defer l.closeFiles()
	for {
		b, err := next()
		if err != nil {
			return fail("%v", err)
		}
		if b == nil {
			break
		}
		if err := ctx.Err(); err != nil {
			return fail("%v", err)
		}
		if err := l.batch(b, &counts); err != nil {
			return fail("%v", err)
		}
	}
	if err := l.finish(); err != nil {
		return fail("%v", err)
	}
	if err := l.write(ctx, tx, evSeq, clSeq); err != nil {
		return fail("%v", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fail("commit: %v", err)
	}
	// Statistics for the planner, and the visibility map that lets the
	// covering indexes answer without reading the table.
	for _, t := range loadTables {
		if _, err := conn.Exec(ctx, `VACUUM (ANALYZE) `+t); err != nil {
			return fail("vacuum %s: %v", t, err)
		}
	}
	return counts, nil
}

// loadTables are the tables Load writes, parents before children.
var loadTables = []string{"documents", "stories", "simhash_bands", "sentences", "mentions", "entities", "entity_names", "aliases",
	"entity_pairs", "timexes", "quantities", "quotes", "places", "event_clusters", "events",
	"agg_day", "agg_cc", "agg_cc_total", "agg_pair", "agg_actor", "agg_pair_total", "entity_days", "entity_codes", "event_facet"}

// Staged tables get their tsvector from the server's to_tsvector, as Put's
// rows do: the COPY goes to a temporary table with the token text, and
// INSERT ... SELECT computes the vector.
var (
	storyCols = []string{"id", "document", "idx", "start", `"end"`, "headline", "kicker", "text", "truncated", "implicit", "language",
		"hash", "simhash", "cluster", "dup_kind", "distance"}
	eventLoadCols = "id, run_id, document, doc_key, story_id, story, ev_idx, ev_id, cluster, outlet, " + sqlq.EventValueCols
)

// copyFile is one table's rows in COPY text format, spooled to disk.
type copyFile struct {
	table, cols string
	f           *os.File
	w           *bufio.Writer
	n           int
}

func (l *loader) file(table, cols string) *copyFile {
	if c := l.files[table]; c != nil {
		return c
	}
	f, err := os.CreateTemp(l.dir, "copy-*")
	if err != nil {
		l.err = err
		f = nil
	}
	c := &copyFile{table: table, cols: cols, f: f}
	if f != nil {
		c.w = bufio.NewWriterSize(f, 1<<20)
	} else {
		c.w = bufio.NewWriter(io.Discard)
	}
	l.files[table] = c
	l.order = append(l.order, table)
	return c
}

func (l *loader) closeFiles() {
	for _, c := range l.files {
		if c.f != nil {
			c.f.Close()
		}
	}
}

var copyEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\r", `\r`, "\t", `\t`)

// row appends one row; values take the types Put binds.
func (c *copyFile) row(vals ...any) {
	var buf [32]byte
	for i, v := range vals {
		if i > 0 {
			c.w.WriteByte('\t')
		}
		switch x := v.(type) {
		case nil:
			c.w.WriteString(`\N`)
		case string:
			copyEscaper.WriteString(c.w, x)
		case *string:
			if x == nil {
				c.w.WriteString(`\N`)
			} else {
				copyEscaper.WriteString(c.w, *x)
			}
		case int:
			c.w.Write(strconv.AppendInt(buf[:0], int64(x), 10))
		case int64:
			c.w.Write(strconv.AppendInt(buf[:0], x, 10))
		case *int:
			if x == nil {
				c.w.WriteString(`\N`)
			} else {
				c.w.Write(strconv.AppendInt(buf[:0], int64(*x), 10))
			}
		case *int64:
			if x == nil {
				c.w.WriteString(`\N`)
			} else {
				c.w.Write(strconv.AppendInt(buf[:0], *x, 10))
			}
		case float64:
			c.w.Write(strconv.AppendFloat(buf[:0], x, 'g', -1, 64))
		case *float64:
			if x == nil {
				c.w.WriteString(`\N`)
			} else {
				c.w.Write(strconv.AppendFloat(buf[:0], *x, 'g', -1, 64))
			}
		case bool:
			if x {
				c.w.WriteByte('t')
			} else {
				c.w.WriteByte('f')
			}
		case []byte:
			c.w.WriteString(`\\x`)
			c.w.WriteString(hex.EncodeToString(x))
		default:
			panic(fmt.Sprintf("copy: no encoding for %T", v))
		}
	}
	c.w.WriteByte('\n')
	c.n++
}

type clKey struct {
	storyCluster         int64
	src, tgt, code, date string
}

// clAgg is an event cluster: Put counts mentions, distinct stories and
// distinct outlets as its events arrive.
type clAgg struct {
	id       int64
	mentions int
	stories  []int64 // 0 for events without a story
	outlets  []string
	key      clKey
}

// stored is what the first copy of a content key wrote.
type stored struct{ layers, events bool }

type loader struct {
	run                    int64
	dir                    string
	err                    error
	files                  map[string]*copyFile
	order                  []string
	nextDoc, nextStory     int64
	nextEvent, nextCluster int64
	keys                   map[string]stored
	// Duplicate clusters: the cluster of the first story with each hash,
	// the SimHash band index, and each story's cluster and SimHash.
	hashFirst    map[string]int64
	bands        map[uint32][]int64
	storyCluster []int64
	storySim     []uint64
	copies       map[int64]int
	clusters     map[clKey]*clAgg
	clOrder      []*clAgg
	ents         *sqlq.EntityFold
	tot          *sqlq.Rollups
	args         []any // events row buffer, reused
}

func (l *loader) batch(docs []*doc.Doc, counts *store.RunCounts) error {
	lw := &layerWriter{run: l.run}
	for _, d := range docs {
		counts.Seen++
		key := store.ContentKey(d)
		if had, ok := l.keys[key]; ok {
			// Put skips a stored key, but adds the layers or events the
			// first copy lacked (layerWriter.existing); Load cannot.
			if store.HasLayers(d) && (!had.layers || !had.events && len(d.Events) > 0) {
				return fmt.Errorf("document %q repeats a stored key with layers the first copy lacked: store it with Put", d.ID)
			}
			counts.Existing++
			continue
		}
		l.keys[key] = stored{
			layers: store.HasLayers(d) && len(d.Sentences)+len(d.Mentions)+len(d.Places) > 0,
			events: store.HasLayers(d) && len(d.Events) > 0,
		}
		rows := store.StoryRows(d)
		enc, body, err := store.EncodeDoc(d)
		if err != nil {
			return fmt.Errorf("document %q: %v", d.ID, err)
		}
		l.nextDoc++
		docID := l.nextDoc
		names := make([]string, len(d.Layers))
		for j, ly := range d.Layers {
			names[j] = ly.Name
		}
		l.file("documents", `id, key, doc_id, url, title, published, fetched, language, source_kind, source_name, text_len, n_stories, layers, run_id, enc, body`).
			row(docID, key, d.ID, d.Meta.URL, d.Meta.Title, d.Meta.Published, d.Meta.Fetched, d.Meta.Language,
				d.Meta.SourceKind, d.Meta.SourceName, len(d.Text), len(rows), strings.Join(names, ","), l.run, enc, body)
		counts.Stored++
		var pr store.PutResult // in memory: neither func fails
		refs, _ := sqlq.PutStories(rows, &l.nextStory, &pr, func(s store.StoryRow) (int64, string, int, bool, error) {
			c, k, d, ok := l.match(s)
			return c, k, d, ok, nil
		}, func(s sqlq.Story) error {
			l.file("stories", strings.Join(storyCols, ", ")+", ts_head, ts_text").
				row(s.ID, docID, s.Index, s.Start, s.End, s.Headline, s.Kicker, s.Text, s.Truncated, s.Implicit, s.Language, s.Hash, s.Sim(),
					s.Cluster, s.Kind, s.Dist, tsText(s.Headline), tsText(s.Text))
			if _, ok := l.hashFirst[s.Hash]; !ok {
				l.hashFirst[s.Hash] = s.Cluster
			}
			l.storyCluster = append(l.storyCluster, s.Cluster)
			l.storySim = append(l.storySim, s.SimHash)
			if s.Banded() {
				bf := l.file("simhash_bands", "band, value, story")
				for b := 0; b < store.Bands; b++ {
					v := store.Band(s.SimHash, b)
					l.bands[uint32(b)<<16|uint32(v)] = append(l.bands[uint32(b)<<16|uint32(v)], s.ID)
					bf.row(b, int(v), s.ID)
				}
			}
			if s.Kind != store.DupFirst {
				l.copies[s.Cluster]++
			}
			return nil
		})
		counts.Add(pr.Counts())
		if store.HasLayers(d) {
			l.docLayers(docID, key, d)
			l.events(lw, docID, key, d, refs)
		}
	}
	if lw.roll != nil {
		l.tot.Merge(lw.roll) // as Put's upserts add each batch
	}
	return l.err
}

// match is Put's match over the in-memory index: an exact copy joins the
// cluster of the first story with its hash; a near copy the cluster of the
// nearest SimHash among the stories sharing a band (ties: lowest id). Put
// reads at most 512 band candidates, in whatever order the server returns
// them; Load reads them all, so past 512 stories on one band value the two
// may pick different (equally valid) nearest copies.
func (l *loader) match(s store.StoryRow) (int64, string, int, bool) {
	if c, ok := l.hashFirst[s.Hash]; ok {
		return c, store.DupExact, 0, true
	}
	if !s.HasSim {
		return 0, "", 0, false
	}
	seen := map[int64]bool{}
	best, bestID, cluster := store.MaxHamming+1, int64(0), int64(0)
	for b := 0; b < store.Bands; b++ {
		for _, id := range l.bands[uint32(b)<<16|uint32(store.Band(s.SimHash, b))] {
			if seen[id] {
				continue
			}
			seen[id] = true
			h := store.Hamming(l.storySim[id-1], s.SimHash)
			if h < best || (h == best && id < bestID) {
				best, bestID, cluster = h, id, l.storyCluster[id-1]
			}
		}
	}
	if best > store.MaxHamming {
		return 0, "", 0, false
	}
	return cluster, store.DupNear, best, true
}

func (l *loader) docLayers(docID int64, key string, d *doc.Doc) {
	sqlq.LayerRows(docID, d, func(t *sqlq.LayerTable, vals ...any) error {
		l.file(t.Name, t.Cols).row(vals...)
		return nil
	})
	l.ents.Doc(d, key)
}

// events is layerWriter.events in memory: every event takes a value of the
// event_clusters sequence (Put's INSERT ... ON CONFLICT DO NOTHING draws
// one even when the cluster exists), and a cluster counts a story or an
// outlet once.
func (l *loader) events(lw *layerWriter, docID int64, key string, d *doc.Doc, stories []sqlq.StoryRef) {
	outlet := store.Outlet(d)
	f := l.file("events", eventLoadCols+", ts")
	for _, r := range store.EventRecs(d) {
		ev := r.Ev
		var storyID *int64
		var sid int64
		storyCluster := -docID
		if r.Story < len(stories) {
			id := stories[r.Story].ID
			storyID, storyCluster, sid = &id, stories[r.Story].Cluster, id
		}
		k := clKey{storyCluster, ev.Source.Code, ev.Target.Code, ev.Code, r.Date}
		seq := l.nextCluster
		l.nextCluster++
		c := l.clusters[k]
		if c == nil {
			c = &clAgg{id: seq, key: k}
			l.clusters[k] = c
			l.clOrder = append(l.clOrder, c)
		}
		c.mentions++
		if !containsInt(c.stories, sid) {
			c.stories = append(c.stories, sid)
		}
		if !containsStr(c.outlets, outlet) {
			c.outlets = append(c.outlets, outlet)
		}
		id := l.nextEvent
		l.nextEvent++
		l.args = append(sqlq.EventVals(append(l.args[:0], id, l.run, docID, key, storyID, r.Story, r.Idx, ev.ID, c.id, outlet), r), tsText(r.Sentence))
		f.row(l.args...)
		lw.rollups().Event(1, r.Date, r.RootCode, ev.QuadClass, r.Country, ev.Goldstein, ev.Source.Code, ev.Target.Code, r.SourceEntity, r.TargetEntity)
	}
}

func containsInt(s []int64, v int64) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func containsStr(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// finish spools the tables known only at the end: entities, aliases,
// names, pairs, event clusters, copies and roll-ups.
func (l *loader) finish() error {
	for _, t := range sqlq.EntityTables {
		t.Rows(l.ents, func(vals ...any) error {
			l.file(t.Name, t.Cols).row(vals...)
			return nil
		})
	}
	if len(l.clOrder) > 0 {
		f := l.file("event_clusters", "id, run_id, story_cluster, source_code, target_code, code, date, mentions, stories, sources")
		for _, c := range l.clOrder {
			f.row(c.id, l.run, c.key.storyCluster, c.key.src, c.key.tgt, c.key.code, c.key.date, c.mentions, len(c.stories), len(c.outlets))
		}
	}
	if len(l.copies) > 0 {
		f := l.file("story_copies", "id, copies")
		for id, n := range l.copies {
			f.row(id, 1+n)
		}
	}
	for _, t := range sqlq.RollupTables {
		t.Rows(l.tot, func(vals ...any) error {
			l.file(t.Name, t.Cols).row(vals...)
			return nil
		})
	}
	for _, c := range l.files {
		if err := c.w.Flush(); err != nil && l.err == nil {
			l.err = err
		}
	}
	return l.err
}

// write drops the secondary indexes of the loaded tables, copies every
// spooled table in, rebuilds the indexes and moves the id sequences on.
func (l *loader) write(ctx context.Context, tx pgx.Tx, evSeq, clSeq string) error {
	exec := func(sql string, args ...any) error {
		_, err := tx.Exec(ctx, sql, args...)
		if err != nil {
			return fmt.Errorf("%.80s: %w", sql, err)
		}
		return nil
	}
	if err := exec(`SET LOCAL maintenance_work_mem = '256MB'`); err != nil {
		return err
	}
	rows, err := tx.Query(ctx, `SELECT quote_ident(n.nspname) || '.' || quote_ident(i.relname), pg_get_indexdef(i.oid)
		FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = current_schema() AND t.relname = ANY($1) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
		ORDER BY i.relname`, loadTables)
	if err != nil {
		return err
	}
	var names, defs []string
	for rows.Next() {
		var n, d string
		if err := rows.Scan(&n, &d); err != nil {
			rows.Close()
			return err
		}
		names, defs = append(names, n), append(defs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, n := range names {
		if err := exec(`DROP INDEX ` + n); err != nil {
			return err
		}
	}
	if err := exec(`CREATE TEMP TABLE stories_load AS SELECT ` + strings.Join(storyCols, ", ") + ` FROM stories WHERE false;
		ALTER TABLE stories_load ADD COLUMN ts_head TEXT, ADD COLUMN ts_text TEXT;
		CREATE TEMP TABLE story_copies (id BIGINT PRIMARY KEY, copies INTEGER NOT NULL);
		CREATE TEMP TABLE events_load AS SELECT ` + eventLoadCols + ` FROM events WHERE false;
		ALTER TABLE events_load ADD COLUMN ts TEXT`); err != nil {
		return err
	}
	target := map[string]string{"stories": "stories_load", "events": "events_load"}
	for _, t := range append(append([]string(nil), loadTables...), "story_copies") {
		c := l.files[t]
		if c == nil {
			continue
		}
		if _, err := c.f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		dst := t
		if s := target[t]; s != "" {
			dst = s
		}
		if _, err := tx.Conn().PgConn().CopyFrom(ctx, bufio.NewReaderSize(c.f, 1<<20), `COPY `+dst+` (`+c.cols+`) FROM STDIN`); err != nil {
			return fmt.Errorf("copy %s: %w", t, err)
		}
	}
	cols := strings.Join(storyCols, ", ")
	if err := exec(`INSERT INTO stories(` + cols + `, copies, tsv) SELECT ` + qualify("s", storyCols) + `, coalesce(c.copies, 1),
		setweight(to_tsvector('simple', s.ts_head), 'A') || setweight(to_tsvector('simple', s.ts_text), 'D')
		FROM stories_load s LEFT JOIN story_copies c ON c.id = s.id ORDER BY s.id`); err != nil {
		return err
	}
	cols = eventLoadCols
	// event_facet (migration 0008) in one statement, not by its per-row trigger.
	if err := exec(`ALTER TABLE events DISABLE TRIGGER events_facet`); err != nil {
		return err
	}
	if err := exec(`INSERT INTO events(` + cols + `, tsv) SELECT ` + cols + `, to_tsvector('simple', ts) FROM events_load ORDER BY id`); err != nil {
		return err
	}
	if err := exec(`INSERT INTO event_facet(id, date, code, root, quad, goldstein, country, source_code, target_code)
		SELECT id, date, code, root, quad, goldstein, country, source_code, target_code FROM events WHERE current ORDER BY id`); err != nil {
		return err
	}
	if err := exec(`ALTER TABLE events ENABLE TRIGGER events_facet`); err != nil {
		return err
	}
	if err := exec(`DROP TABLE stories_load, story_copies, events_load`); err != nil {
		return err
	}
	for _, d := range defs {
		if err := exec(d); err != nil {
			return err
		}
	}
	for _, s := range []struct {
		seq  string
		next int64
	}{{evSeq, l.nextEvent}, {clSeq, l.nextCluster}} {
		// setval(seq, n - 1, true) is the state after drawing n - 1; a
		// sequence never drawn stays as it was.
		var called bool
		if err := tx.QueryRow(ctx, `SELECT is_called FROM `+s.seq).Scan(&called); err != nil {
			return err
		}
		var last int64
		if err := tx.QueryRow(ctx, `SELECT last_value FROM `+s.seq).Scan(&last); err != nil {
			return err
		}
		start := last
		if called {
			start++
		}
		if s.next > start {
			if err := exec(`SELECT setval($1::regclass, $2, true)`, s.seq, s.next-1); err != nil {
				return err
			}
		}
	}
	return nil
}

func qualify(alias string, cols []string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = alias + "." + c
	}
	return strings.Join(out, ", ")
}
