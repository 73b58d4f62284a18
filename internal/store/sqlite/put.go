package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/sqlq"
)

// writer holds the statements of the write path, prepared once on the single
// writer connection and bound to each transaction.
type writer struct {
	insDoc, match, insStory, insFTS, insBands, bump *sql.Stmt
}

const (
	sqlInsDoc = `INSERT INTO documents(id, key, doc_id, url, title, published, fetched, language,
		source_kind, source_name, text_len, n_stories, layers, run_id, enc, body)
		VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(key) DO NOTHING`
	// One query finds an earlier exact copy (same hash; flag 1) and the
	// near-copy candidates (sharing any 16-bit SimHash band; flag 0), which
	// are then checked exactly in Go.
	sqlMatch = `SELECT id, cluster, simhash, 1 FROM (SELECT id, cluster, simhash FROM stories WHERE hash = ?1 ORDER BY id LIMIT 1)
		UNION ALL
		SELECT s.id, s.cluster, s.simhash, 0 FROM stories s WHERE ?6 AND s.id IN (
			SELECT story FROM simhash_bands WHERE band = 0 AND value = ?2
			UNION SELECT story FROM simhash_bands WHERE band = 1 AND value = ?3
			UNION SELECT story FROM simhash_bands WHERE band = 2 AND value = ?4
			UNION SELECT story FROM simhash_bands WHERE band = 3 AND value = ?5
			LIMIT 512)`
	sqlInsStory = `INSERT INTO stories(id, document, idx, start, end, headline, kicker, text,
		truncated, implicit, language, hash, simhash, cluster, dup_kind, distance)
		VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`
	sqlInsFTS   = `INSERT INTO story_fts(rowid, headline, text) SELECT id, headline, text FROM stories WHERE id > ? AND id <= ? ORDER BY id`
	sqlInsBands = `INSERT OR IGNORE INTO simhash_bands(band, value, story) VALUES(0,?1,?5),(1,?2,?5),(2,?3,?5),(3,?4,?5)`
	sqlBump     = `UPDATE stories SET copies = copies + 1 WHERE id = ?`
)

func (db *DB) writerStmts(ctx context.Context) (*writer, error) {
	if db.wr != nil {
		return db.wr, nil
	}
	w := &writer{}
	for _, p := range []struct {
		dst **sql.Stmt
		q   string
	}{{&w.insDoc, sqlInsDoc}, {&w.match, sqlMatch}, {&w.insStory, sqlInsStory},
		{&w.insFTS, sqlInsFTS}, {&w.insBands, sqlInsBands}, {&w.bump, sqlBump}} {
		st, err := db.w.PrepareContext(ctx, p.q)
		if err != nil {
			w.close()
			return nil, fmt.Errorf("prepare: %w", err)
		}
		*p.dst = st
	}
	db.wr = w
	return w, nil
}

func (w *writer) close() {
	for _, s := range []*sql.Stmt{w.insDoc, w.match, w.insStory, w.insFTS, w.insBands, w.bump} {
		if s != nil {
			s.Close()
		}
	}
}

// BeginRun implements store.Store.
func (db *DB) BeginRun(ctx context.Context, r store.RunInfo) (int64, error) {
	if err := db.writable("begin run"); err != nil {
		return 0, err
	}
	res, err := db.w.ExecContext(ctx, sqlq.BeginRunSQL, sqlq.BeginRunArgs(r)...)
	if err != nil {
		return 0, store.Errorf(store.CodeInternal, "begin run", "%v", err)
	}
	return res.LastInsertId()
}

// FinishRun implements store.Store.
func (db *DB) FinishRun(ctx context.Context, runID int64, f store.RunFinish) error {
	if err := db.writable("finish run"); err != nil {
		return err
	}
	return sqlq.FinishRun(ctx, conn{db.w}, runID, f)
}

// prepared is a document ready to write: everything that needs CPU but no
// database is done before the transaction opens, in parallel.
type prepared struct {
	d      *doc.Doc
	key    string
	rows   []store.StoryRow
	layers string
	enc    int
	body   []byte
	err    error
}

func prepare(docs []*doc.Doc) []prepared {
	out := make([]prepared, len(docs))
	work := func(i int) {
		d := docs[i]
		p := &out[i]
		p.d = d
		p.key = store.ContentKey(d)
		p.rows = store.StoryRows(d)
		names := make([]string, len(d.Layers))
		for j, l := range d.Layers {
			names[j] = l.Name
		}
		p.layers = strings.Join(names, ",")
		p.enc, p.body, p.err = store.EncodeDoc(d)
	}
	n := runtime.GOMAXPROCS(0)
	if n <= 1 || len(docs) < 8 {
		for i := range docs {
			work(i)
		}
		return out
	}
	var wg sync.WaitGroup
	next := make(chan int, len(docs))
	for i := range docs {
		next <- i
	}
	close(next)
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				work(i)
			}
		}()
	}
	wg.Wait()
	return out
}

// Put implements store.Store: one IMMEDIATE transaction per call, so a
// process killed mid-batch leaves none of the batch behind and a rerun
// stores it whole.
func (db *DB) Put(ctx context.Context, runID int64, docs []*doc.Doc) (store.PutResult, error) {
	var res store.PutResult
	if err := db.writable("put"); err != nil {
		return res, err
	}
	if len(docs) == 0 {
		return res, nil
	}
	preps := prepare(docs)
	for _, p := range preps {
		if p.err != nil {
			return res, store.Errorf(store.CodeInvalid, "put", "document %q: %v", p.d.ID, p.err)
		}
	}
	w, err := db.writerStmts(ctx)
	if err != nil {
		return res, store.Errorf(store.CodeInternal, "put", "%v", err)
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return res, store.Errorf(store.CodeInternal, "put", "begin: %v", err)
	}
	defer tx.Rollback()
	var nextDoc, nextStory int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM documents").Scan(&nextDoc); err != nil {
		return res, store.Errorf(store.CodeInternal, "put", "%v", err)
	}
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM stories").Scan(&nextStory); err != nil {
		return res, store.Errorf(store.CodeInternal, "put", "%v", err)
	}
	firstStory := nextStory
	insDoc, matchStmt := tx.StmtContext(ctx, w.insDoc), tx.StmtContext(ctx, w.match)
	insStory, insFTS, insBands, bump := tx.StmtContext(ctx, w.insStory), tx.StmtContext(ctx, w.insFTS), tx.StmtContext(ctx, w.insBands), tx.StmtContext(ctx, w.bump)

	var lw *layerStmts // prepared on the first document with layers
	defer func() { lw.close() }()
	res.Keys = make([]string, len(preps))
	for i, p := range preps {
		res.Keys[i] = p.key
		d := p.d
		docID := nextDoc + 1
		r, err := insDoc.ExecContext(ctx, docID, p.key, d.ID, d.Meta.URL, d.Meta.Title, d.Meta.Published, d.Meta.Fetched,
			d.Meta.Language, d.Meta.SourceKind, d.Meta.SourceName, len(d.Text), len(p.rows), p.layers, runID, p.enc, p.body)
		if err != nil {
			return res, store.Errorf(store.CodeInternal, "put", "document %q: %v", d.ID, err)
		}
		if n, _ := r.RowsAffected(); n == 0 {
			res.Existing++
			// A stored document put again with layers (re-coded with new
			// dictionaries) gets this run's events.
			if store.HasLayers(d) {
				id, refs, err := sqlq.StoredStories(ctx, conn{tx}, p.key)
				if err == nil {
					err = db.putLayers(ctx, tx, &lw, runID, id, p.key, d, refs)
				}
				if err != nil {
					return res, store.Errorf(store.CodeInternal, "put", "document %q layers: %v", d.ID, err)
				}
			}
			continue
		}
		nextDoc = docID
		res.Stored++
		refs, err := sqlq.PutStories(p.rows, &nextStory, &res, func(s store.StoryRow) (int64, string, int, bool, error) {
			return match(ctx, matchStmt, s)
		}, func(s sqlq.Story) error {
			if _, err := insStory.ExecContext(ctx, s.ID, docID, s.Index, s.Start, s.End, ftsText(s.Headline), s.Kicker, ftsText(s.Text),
				s.Truncated, s.Implicit, s.Language, s.Hash, s.Sim(), s.Cluster, s.Kind, s.Dist); err != nil {
				return err
			}
			if s.Banded() {
				if _, err := insBands.ExecContext(ctx, int64(store.Band(s.SimHash, 0)), int64(store.Band(s.SimHash, 1)),
					int64(store.Band(s.SimHash, 2)), int64(store.Band(s.SimHash, 3)), s.ID); err != nil {
					return fmt.Errorf("bands: %w", err)
				}
			}
			if s.Kind != store.DupFirst {
				_, err := bump.ExecContext(ctx, s.Cluster)
				return err
			}
			return nil
		})
		if err != nil {
			return res, store.Errorf(store.CodeInternal, "put", "document %q: %v", d.ID, err)
		}
		if err := db.putLayers(ctx, tx, &lw, runID, docID, p.key, d, refs); err != nil {
			return res, store.Errorf(store.CodeInternal, "put", "document %q layers: %v", d.ID, err)
		}
	}
	if lw != nil {
		if err := lw.f.flush(ctx, lw); err != nil {
			return res, store.Errorf(store.CodeInternal, "put", "%v", err)
		}
	}
	// Index the batch's stories with one statement: cheaper than one
	// round trip per story, and the lookups above never read the index.
	if nextStory > firstStory && !db.bulk {
		if _, err := insFTS.ExecContext(ctx, firstStory, nextStory); err != nil {
			return res, store.Errorf(store.CodeInternal, "put", "index: %v", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return store.PutResult{}, store.Errorf(store.CodeInternal, "put", "commit: %v", err)
	}
	return res, nil
}

// match returns the cluster a story joins: the earliest exact copy's, else
// the closest near copy's within MaxHamming bits (the lowest id on ties, so
// the result is deterministic). ok is false for a story with no copy.
func match(ctx context.Context, stmt *sql.Stmt, s store.StoryRow) (cluster int64, kind string, dist int, ok bool, err error) {
	v := s.SimHash
	rows, err := stmt.QueryContext(ctx, s.Hash, int64(store.Band(v, 0)), int64(store.Band(v, 1)), int64(store.Band(v, 2)), int64(store.Band(v, 3)), s.HasSim)
	if err != nil {
		return 0, "", 0, false, err
	}
	defer rows.Close()
	return store.PickCopy(rows, v)
}
