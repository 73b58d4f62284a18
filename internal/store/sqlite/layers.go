package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/sqlq"
)

// layerStmts are the statements of the layer tables, prepared on the Put
// transaction the first time a batch holds a document with layers.
type layerStmts struct {
	tx                                                *sql.Tx
	hasDocLayers, hasRunEvents, supersede, oldAggs    *sql.Stmt
	cluster, clusterStory, clusterOutlet, clusterBump *sql.Stmt
	ev, evFTS, evFacet, retireFacets, bumpFacets      *sql.Stmt
	// rows inserts into the per-document layer tables (sqlq.LayerRows).
	rows map[*sqlq.LayerTable]*sql.Stmt
	// upsert folds rows into the sqlq.RollupTables and sqlq.EntityTables,
	// by table name.
	upsert map[string]*sql.Stmt
	bulk   bool // a bulk load: the full-text rows wait for EndBulk
	// f gathers the many-document upserts until the batch ends (fold.go).
	f    *fold
	args []any // eventArgs' buffer
}

var layerSQL = []struct {
	f func(*layerStmts) **sql.Stmt
	q string
}{
	{func(l *layerStmts) **sql.Stmt { return &l.hasDocLayers }, `SELECT EXISTS(SELECT 1 FROM sentences WHERE document = ?1) OR EXISTS(SELECT 1 FROM mentions WHERE document = ?1) OR EXISTS(SELECT 1 FROM places WHERE document = ?1)`},
	{func(l *layerStmts) **sql.Stmt { return &l.hasRunEvents }, `SELECT EXISTS(SELECT 1 FROM events WHERE document = ? AND run_id = ?)`},
	{func(l *layerStmts) **sql.Stmt { return &l.oldAggs }, `SELECT ` + sqlq.OldEventsCols + ` FROM events WHERE document = ? AND current = 1`},
	{func(l *layerStmts) **sql.Stmt { return &l.supersede }, `UPDATE events SET current = 0 WHERE document = ? AND current = 1`},
	{func(l *layerStmts) **sql.Stmt { return &l.retireFacets }, `DELETE FROM event_facet WHERE k IN (SELECT newsgraph_event_key(date, id) FROM events WHERE document = ? AND current = 1)`},
	{func(l *layerStmts) **sql.Stmt { return &l.cluster }, `INSERT INTO event_clusters(run_id, story_cluster, source_code, target_code, code, date) VALUES(?,?,?,?,?,?)
		ON CONFLICT DO UPDATE SET mentions = mentions RETURNING id`},
	{func(l *layerStmts) **sql.Stmt { return &l.clusterStory }, `SELECT EXISTS(SELECT 1 FROM events WHERE cluster = ? AND story_id IS ?)`},
	{func(l *layerStmts) **sql.Stmt { return &l.clusterOutlet }, `SELECT EXISTS(SELECT 1 FROM events WHERE cluster = ? AND outlet = ?)`},
	{func(l *layerStmts) **sql.Stmt { return &l.clusterBump }, `UPDATE event_clusters SET mentions = mentions + ?, stories = stories + ?, sources = sources + ? WHERE id = ?`},
	{func(l *layerStmts) **sql.Stmt { return &l.ev }, `INSERT INTO events(run_id, document, doc_key, story_id, story, ev_idx, ev_id, cluster, outlet, ` + sqlq.EventValueCols + `)
		` + sqlq.SQLite.Values("run_id, document, doc_key, story_id, story, ev_idx, ev_id, cluster, outlet, "+sqlq.EventValueCols)},
	{func(l *layerStmts) **sql.Stmt { return &l.evFTS }, `INSERT INTO event_text(rowid, sentence) VALUES(?,?)`},
	{func(l *layerStmts) **sql.Stmt { return &l.bumpFacets }, `UPDATE facet_version SET v = v + 1`},
	{func(l *layerStmts) **sql.Stmt { return &l.evFacet }, `INSERT INTO event_facet(k, date, code, root, quad, goldstein, country, source_code, target_code) VALUES(?,?,?,?,?,?,?,?,?)`},
}

func newLayerStmts(ctx context.Context, tx *sql.Tx) (*layerStmts, error) {
	l := &layerStmts{tx: tx, f: newFold(), rows: map[*sqlq.LayerTable]*sql.Stmt{}, upsert: map[string]*sql.Stmt{}}
	prep := func(q string) (*sql.Stmt, error) {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			l.close()
			return nil, fmt.Errorf("prepare layers: %w: %s", err, q)
		}
		return st, nil
	}
	var err error
	for _, t := range sqlq.LayerTables {
		if l.rows[t], err = prep(sqlq.SQLite.InsertIgnore(t.Name, t.Cols)); err != nil {
			return nil, err
		}
	}
	for _, t := range sqlq.RollupTables {
		if l.upsert[t.Name], err = prep(sqlq.SQLite.Upsert(t, sqlq.SQLite.Values(t.Cols))); err != nil {
			return nil, err
		}
	}
	for _, t := range sqlq.EntityTables {
		if l.upsert[t.Name], err = prep(t.Upsert(sqlq.SQLite.Values(t.Cols))); err != nil {
			return nil, err
		}
	}
	for _, p := range layerSQL {
		if *p.f(l), err = prep(p.q); err != nil {
			return nil, err
		}
	}
	return l, nil
}

func (l *layerStmts) close() {
	if l == nil {
		return
	}
	for _, p := range layerSQL {
		if s := *p.f(l); s != nil {
			s.Close()
		}
	}
	for _, s := range l.rows {
		s.Close()
	}
	for _, s := range l.upsert {
		s.Close()
	}
}

// putLayers writes d's layers for document docID. Document layers are written
// once (by the first Put carrying them); events once per run, superseding
// the document's events from earlier runs.
func (db *DB) putLayers(ctx context.Context, tx *sql.Tx, lp **layerStmts, runID, docID int64, key string, d *doc.Doc, stories []sqlq.StoryRef) error {
	if !store.HasLayers(d) {
		return nil
	}
	if *lp == nil {
		l, err := newLayerStmts(ctx, tx)
		if err != nil {
			return err
		}
		l.bulk = db.bulk
		*lp = l
	}
	l := *lp
	var has bool
	if err := l.hasDocLayers.QueryRowContext(ctx, docID).Scan(&has); err != nil {
		return err
	}
	if !has {
		if err := l.docLayers(ctx, docID, key, d); err != nil {
			return err
		}
	}
	if len(d.Events) == 0 {
		return nil
	}
	if err := l.hasRunEvents.QueryRowContext(ctx, docID, runID).Scan(&has); err != nil || has {
		return err
	}
	if err := l.retire(ctx, docID); err != nil {
		return err
	}
	return l.events(ctx, runID, docID, key, d, stories)
}

func (l *layerStmts) docLayers(ctx context.Context, docID int64, key string, d *doc.Doc) error {
	if err := sqlq.LayerRows(docID, d, func(t *sqlq.LayerTable, vals ...any) error {
		if _, err := l.rows[t].ExecContext(ctx, vals...); err != nil {
			return fmt.Errorf("%s: %w", t.Name, err)
		}
		return nil
	}); err != nil {
		return err
	}
	l.f.ents.Doc(d, key)
	return nil
}

// retire takes the document's current events out of the roll-ups and marks
// them superseded.
func (l *layerStmts) retire(ctx context.Context, docID int64) error {
	rows, err := l.oldAggs.QueryContext(ctx, docID)
	if err != nil {
		return err
	}
	if n, err := sqlq.FoldOld(rows, l.f.roll); err != nil || n == 0 {
		return err
	}
	if _, err := l.retireFacets.ExecContext(ctx, docID); err != nil {
		return err
	}
	if _, err := l.bumpFacets.ExecContext(ctx); err != nil {
		return err
	}
	_, err = l.supersede.ExecContext(ctx, docID)
	return err
}

func (l *layerStmts) events(ctx context.Context, runID, docID int64, key string, d *doc.Doc, stories []sqlq.StoryRef) error {
	outlet := store.Outlet(d)
	own := map[int64]bool{}
	recs := store.EventRecs(d)
	if len(recs) > 0 && !l.bulk {
		if _, err := l.bumpFacets.ExecContext(ctx); err != nil {
			return fmt.Errorf("event facets: %w", err)
		}
	}
	for _, r := range recs {
		ev := r.Ev
		var storyID any
		storyCluster := -docID // documents without stories cluster alone
		if r.Story < len(stories) {
			storyID, storyCluster = stories[r.Story].ID, stories[r.Story].Cluster
		}
		var cl int64
		if err := l.cluster.QueryRowContext(ctx, runID, storyCluster, ev.Source.Code, ev.Target.Code, ev.Code, r.Date).Scan(&cl); err != nil {
			return fmt.Errorf("event cluster: %w", err)
		}
		var sameStory, sameOutlet bool
		if r.Story < len(stories) && stories[r.Story].First {
			// The first story of its cluster: only this document's own
			// events can be in the event cluster yet.
			sameStory, sameOutlet = own[cl], own[cl]
			own[cl] = true
		} else {
			if err := l.clusterStory.QueryRowContext(ctx, cl, storyID).Scan(&sameStory); err != nil {
				return err
			}
			if err := l.clusterOutlet.QueryRowContext(ctx, cl, outlet).Scan(&sameOutlet); err != nil {
				return err
			}
		}
		if _, err := l.clusterBump.ExecContext(ctx, 1, b2i(!sameStory), b2i(!sameOutlet), cl); err != nil {
			return err
		}
		res, err := l.ev.ExecContext(ctx, l.eventArgs(r, runID, docID, key, storyID, r.Story, r.Idx, ev.ID, cl, outlet)...)
		if err != nil {
			return fmt.Errorf("events: %w", err)
		}
		id, _ := res.LastInsertId()
		if !l.bulk {
			k := eventKey(r.Date, id)
			if _, err := l.evFTS.ExecContext(ctx, k, ftsText(r.Sentence)); err != nil {
				return fmt.Errorf("event index: %w", err)
			}
			if _, err := l.evFacet.ExecContext(ctx, k, r.Date, ev.Code, r.RootCode, ev.QuadClass, ev.Goldstein, r.Country, ev.Source.Code, ev.Target.Code); err != nil {
				return fmt.Errorf("event facets: %w", err)
			}
		}
		l.f.roll.Event(1, r.Date, r.RootCode, ev.QuadClass, r.Country, ev.Goldstein, ev.Source.Code, ev.Target.Code, r.SourceEntity, r.TargetEntity)
	}
	return nil
}

// eventArgs is head and the event's values in a buffer reused across
// events (the statement copies its arguments).
func (l *layerStmts) eventArgs(r store.EventRec, head ...any) []any {
	l.args = sqlq.EventVals(append(l.args[:0], head...), r)
	return l.args
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
