package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/sqlq"
)

func isCJK(r rune) bool {
	return r >= 0x3040 && r <= 0x30ff || r >= 0x3400 && r <= 0x4dbf || r >= 0x4e00 && r <= 0x9fff ||
		r >= 0xf900 && r <= 0xfaff || r >= 0x20000 && r <= 0x3134f
}

// tokens splits text the way the index and the queries both see it:
// case-folded runs of letters and digits, each CJK character on its own.
func tokens(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range s {
		switch {
		case isCJK(r):
			flush()
			out = append(out, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			b.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

// tsText is the text handed to to_tsvector('simple', ...).
func tsText(s string) string { return strings.Join(tokens(s), " ") }

const sqlMatch = `SELECT id, cluster, simhash, true FROM (SELECT id, cluster, simhash FROM stories WHERE hash = $1 ORDER BY id LIMIT 1) x
	UNION ALL
	SELECT s.id, s.cluster, s.simhash, false FROM stories s WHERE $6 AND s.id IN (
		SELECT story FROM simhash_bands WHERE (band = 0 AND value = $2) OR (band = 1 AND value = $3) OR (band = 2 AND value = $4) OR (band = 3 AND value = $5)
		LIMIT 512)`

// writerLock serialises writers across processes for the length of a Put.
const writerLock = 0x6e677772 // "ngwr"

// Put implements store.Store: one transaction per call, all or nothing.
func (db *DB) Put(ctx context.Context, runID int64, docs []*doc.Doc) (store.PutResult, error) {
	var res store.PutResult
	if err := db.writable("put"); err != nil {
		return res, err
	}
	if len(docs) == 0 {
		return res, nil
	}
	type prep struct {
		key  string
		rows []store.StoryRow
		enc  int
		body []byte
	}
	preps := make([]prep, len(docs))
	for i, d := range docs {
		p := &preps[i]
		p.key = store.ContentKey(d)
		p.rows = store.StoryRows(d)
		var err error
		if p.enc, p.body, err = store.EncodeDoc(d); err != nil {
			return res, store.Errorf(store.CodeInvalid, "put", "document %q: %v", d.ID, err)
		}
	}
	db.wmu.Lock()
	defer db.wmu.Unlock()
	fail := func(format string, a ...any) (store.PutResult, error) {
		return store.PutResult{}, store.Errorf(store.CodeInternal, "put", format, a...)
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fail("begin: %v", err)
	}
	defer tx.Rollback(context.Background())
	// Advisory locks are database-wide: the schema's hash keeps stores in
	// different schemas of one database from queueing behind each other.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))`, int32(writerLock)); err != nil {
		return fail("%v", err)
	}
	var nextDoc, nextStory int64
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM documents`).Scan(&nextDoc); err != nil {
		return fail("%v", err)
	}
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM stories`).Scan(&nextStory); err != nil {
		return fail("%v", err)
	}
	lw := &layerWriter{tx: tx, run: runID}
	res.Keys = make([]string, len(preps))
	layers := func(d *doc.Doc) string {
		names := make([]string, len(d.Layers))
		for j, l := range d.Layers {
			names[j] = l.Name
		}
		return strings.Join(names, ",")
	}
	for i, p := range preps {
		d := docs[i]
		res.Keys[i] = p.key
		docID := nextDoc + 1
		tag, err := tx.Exec(ctx, `INSERT INTO documents(id, key, doc_id, url, title, published, fetched, language,
			source_kind, source_name, text_len, n_stories, layers, run_id, enc, body)
			VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16) ON CONFLICT(key) DO NOTHING`,
			docID, p.key, d.ID, d.Meta.URL, d.Meta.Title, d.Meta.Published, d.Meta.Fetched, d.Meta.Language,
			d.Meta.SourceKind, d.Meta.SourceName, len(d.Text), len(p.rows), layers(d), runID, p.enc, p.body)
		if err != nil {
			return fail("document %q: %v", d.ID, err)
		}
		if tag.RowsAffected() == 0 {
			res.Existing++
			if store.HasLayers(d) {
				if err := lw.existing(ctx, p.key, d); err != nil {
					return fail("document %q layers: %v", d.ID, err)
				}
			}
			continue
		}
		nextDoc = docID
		res.Stored++
		refs, err := sqlq.PutStories(p.rows, &nextStory, &res, func(s store.StoryRow) (int64, string, int, bool, error) {
			return match(ctx, tx, s)
		}, func(s sqlq.Story) error {
			if _, err := tx.Exec(ctx, `INSERT INTO stories(id, document, idx, start, "end", headline, kicker, text,
				truncated, implicit, language, hash, simhash, cluster, dup_kind, distance, tsv)
				VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,
				setweight(to_tsvector('simple', $17), 'A') || setweight(to_tsvector('simple', $18), 'D'))`,
				s.ID, docID, s.Index, s.Start, s.End, s.Headline, s.Kicker, s.Text, s.Truncated, s.Implicit, s.Language, s.Hash, s.Sim(),
				s.Cluster, s.Kind, s.Dist, tsText(s.Headline), tsText(s.Text)); err != nil {
				return err
			}
			if s.Banded() {
				if _, err := tx.Exec(ctx, `INSERT INTO simhash_bands(band, value, story) VALUES(0,$1,$5),(1,$2,$5),(2,$3,$5),(3,$4,$5) ON CONFLICT DO NOTHING`,
					int(store.Band(s.SimHash, 0)), int(store.Band(s.SimHash, 1)), int(store.Band(s.SimHash, 2)), int(store.Band(s.SimHash, 3)), s.ID); err != nil {
					return fmt.Errorf("bands: %w", err)
				}
			}
			if s.Kind != store.DupFirst {
				_, err := tx.Exec(ctx, `UPDATE stories SET copies = copies + 1 WHERE id = $1`, s.Cluster)
				return err
			}
			return nil
		})
		if err != nil {
			return fail("document %q: %v", d.ID, err)
		}
		if store.HasLayers(d) {
			lw.docLayers(docID, p.key, d)
			lw.events(docID, p.key, d, refs)
		}
	}
	lw.queueRollups()
	if err := lw.flush(ctx); err != nil {
		return fail("layers: %v", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fail("commit: %v", err)
	}
	return res, nil
}

func match(ctx context.Context, tx pgx.Tx, s store.StoryRow) (cluster int64, kind string, dist int, ok bool, err error) {
	v := s.SimHash
	rows, err := tx.Query(ctx, sqlMatch, s.Hash, int(store.Band(v, 0)), int(store.Band(v, 1)), int(store.Band(v, 2)), int(store.Band(v, 3)), s.HasSim)
	if err != nil {
		return 0, "", 0, false, err
	}
	defer rows.Close()
	return store.PickCopy(rows, v)
}

// layerWriter queues the layer rows of a Put into one pipelined batch:
// documents new in this Put need no reads, so their layers cost one round
// trip for the whole Put.
type layerWriter struct {
	tx   pgx.Tx
	run  int64
	b    pgx.Batch
	roll *sqlq.Rollups    // nil until the first event
	ents *sqlq.EntityFold // nil until the first document with layers
}

func (l *layerWriter) q(sql string, args ...any) { l.b.Queue(sql, args...) }

func (l *layerWriter) flush(ctx context.Context) error {
	if l.b.Len() == 0 {
		return nil
	}
	err := l.tx.SendBatch(ctx, &l.b).Close()
	l.b = pgx.Batch{}
	return err
}

// existing handles a stored document put again with layers: its document
// layers when it had none, and this run's events when the run has none.
func (l *layerWriter) existing(ctx context.Context, key string, d *doc.Doc) error {
	if err := l.flush(ctx); err != nil {
		return err
	}
	docID, refs, err := sqlq.StoredStories(ctx, conn{l.tx}, key)
	if err != nil {
		return err
	}
	var hasDoc, hasRun bool
	if err := l.tx.QueryRow(ctx, `SELECT EXISTS(SELECT 1 FROM sentences WHERE document = $1) OR EXISTS(SELECT 1 FROM mentions WHERE document = $1)
		OR EXISTS(SELECT 1 FROM places WHERE document = $1), EXISTS(SELECT 1 FROM events WHERE document = $1 AND run_id = $2)`, docID, l.run).Scan(&hasDoc, &hasRun); err != nil {
		return err
	}
	if !hasDoc {
		l.docLayers(docID, key, d)
	}
	if hasRun || len(d.Events) == 0 {
		return l.flush(ctx)
	}
	old, err := l.tx.Query(ctx, `UPDATE events SET current = false WHERE document = $1 AND current RETURNING `+sqlq.OldEventsCols, docID)
	if err != nil {
		return err
	}
	if _, err := sqlq.FoldOld(pgRows{old}, l.rollups()); err != nil {
		return err
	}
	l.events(docID, key, d, refs)
	return l.flush(ctx)
}

func (l *layerWriter) docLayers(docID int64, key string, d *doc.Doc) {
	sqlq.LayerRows(docID, d, func(t *sqlq.LayerTable, vals ...any) error {
		l.q(sqlq.Postgres.InsertIgnore(t.Name, t.Cols), vals...)
		return nil
	})
	if l.ents == nil {
		l.ents = sqlq.NewEntityFold()
	}
	l.ents.Doc(d, key)
}

// queueRollups queues the entity rows and roll-up deltas folded over the
// Put, one unnest upsert per table.
func (l *layerWriter) queueRollups() {
	if l.ents != nil {
		for _, t := range sqlq.EntityTables {
			if src, cols := unnest(func(fn func(...any) error) error { return t.Rows(l.ents, fn) }); cols != nil {
				l.q(t.Upsert(src), cols...)
			}
		}
		l.ents = nil
	}
	if l.roll != nil {
		for _, t := range sqlq.RollupTables {
			if src, cols := unnest(func(fn func(...any) error) error { return t.Rows(l.roll, fn) }); cols != nil {
				l.q(sqlq.Postgres.Upsert(t, src), cols...)
			}
		}
		l.roll = nil
	}
}

// unnest turns rows into one array argument per column and the SELECT
// that unnests them; no rows give nil.
func unnest(rows func(fn func(vals ...any) error) error) (string, []any) {
	var cols []any // []string, []int or []float64
	rows(func(vals ...any) error {
		if cols == nil {
			cols = make([]any, len(vals))
		}
		for i, v := range vals {
			switch v := v.(type) {
			case string:
				c, _ := cols[i].([]string)
				cols[i] = append(c, v)
			case int:
				c, _ := cols[i].([]int)
				cols[i] = append(c, v)
			case float64:
				c, _ := cols[i].([]float64)
				cols[i] = append(c, v)
			default:
				panic(fmt.Sprintf("unnest: %T column", v))
			}
		}
		return nil
	})
	casts := make([]string, len(cols))
	for i, c := range cols {
		casts[i] = "$" + strconv.Itoa(i+1) + "::float8[]"
		switch c.(type) {
		case []string:
			casts[i] = "$" + strconv.Itoa(i+1) + "::text[]"
		case []int:
			casts[i] = "$" + strconv.Itoa(i+1) + "::int[]"
		}
	}
	return "SELECT * FROM unnest(" + strings.Join(casts, ", ") + ")", cols
}

// rollups is the Put's roll-up deltas, made on first use.
func (l *layerWriter) rollups() *sqlq.Rollups {
	if l.roll == nil {
		l.roll = sqlq.NewRollups()
	}
	return l.roll
}

const clusterKey = `run_id = $1 AND story_cluster = $2 AND source_code = $3 AND target_code = $4 AND code = $5 AND date = $6`

// insEvent inserts an event: its columns, then its cluster's key (all
// but the run) and its sentence's tokens.
var insEvent = func() string {
	cols := "run_id, document, doc_key, story_id, story, ev_idx, ev_id, outlet, " + sqlq.EventValueCols
	n := strings.Count(cols, ",") + 1
	return "INSERT INTO events(" + cols + ", cluster, tsv) " + strings.TrimSuffix(sqlq.Postgres.Values(cols), ")") +
		fmt.Sprintf(", (SELECT id FROM event_clusters WHERE run_id = $1 AND story_cluster = $%d AND source_code = $%d AND target_code = $%d AND code = $%d AND date = $%d), to_tsvector('simple', $%d))",
			n+1, n+2, n+3, n+4, n+5, n+6)
}()

func (l *layerWriter) events(docID int64, key string, d *doc.Doc, stories []sqlq.StoryRef) {
	outlet := store.Outlet(d)
	for _, r := range store.EventRecs(d) {
		ev := r.Ev
		var storyID *int64
		storyCluster := -docID
		if r.Story < len(stories) {
			id := stories[r.Story].ID
			storyID, storyCluster = &id, stories[r.Story].Cluster
		}
		ck := []any{l.run, storyCluster, ev.Source.Code, ev.Target.Code, ev.Code, r.Date}
		l.q(`INSERT INTO event_clusters(run_id, story_cluster, source_code, target_code, code, date) VALUES($1,$2,$3,$4,$5,$6)
			ON CONFLICT(run_id, story_cluster, source_code, target_code, code, date) DO NOTHING`, ck...)
		l.q(`UPDATE event_clusters c SET mentions = mentions + 1,
			stories = stories + CASE WHEN EXISTS(SELECT 1 FROM events e WHERE e.cluster = c.id AND e.story_id IS NOT DISTINCT FROM $7) THEN 0 ELSE 1 END,
			sources = sources + CASE WHEN EXISTS(SELECT 1 FROM events e WHERE e.cluster = c.id AND e.outlet = $8) THEN 0 ELSE 1 END
			WHERE `+clusterKey, append(ck, storyID, outlet)...)
		// The batch keeps its arguments: a slice of their own per event.
		vals := sqlq.EventVals(append(make([]any, 0, 64), l.run, docID, key, storyID, r.Story, r.Idx, ev.ID, outlet), r)
		l.q(insEvent, append(append(vals, ck[1:]...), tsText(r.Sentence))...)
		l.rollups().Event(1, r.Date, r.RootCode, ev.QuadClass, r.Country, ev.Goldstein, ev.Source.Code, ev.Target.Code, r.SourceEntity, r.TargetEntity)
	}
}

// Doc implements store.Store.
func (db *DB) Doc(ctx context.Context, idOrKey string) (*doc.Doc, error) {
	return sqlq.Doc(ctx, db.conn(), `SELECT enc, body FROM (
		(SELECT enc, body, 0 AS o FROM documents WHERE key = $1)
		UNION ALL (SELECT enc, body, 1 FROM documents WHERE doc_id = $1 ORDER BY id LIMIT 1)) x ORDER BY o LIMIT 1`, idOrKey)
}
