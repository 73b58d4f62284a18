package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
)

// Doc implements store.Store.
func (db *DB) Doc(ctx context.Context, idOrKey string) (*doc.Doc, error) {
	var enc int
	var body []byte
	err := db.stmtQueryRow(ctx, `SELECT enc, body FROM documents WHERE key = ?1
		UNION ALL SELECT enc, body FROM (SELECT enc, body FROM documents WHERE doc_id = ?1 ORDER BY id LIMIT 1)
		LIMIT 1`, idOrKey).Scan(&enc, &body)
	if err == sql.ErrNoRows {
		return nil, &store.Error{Code: store.CodeNotFound, Op: "doc", Err: fmt.Errorf("no document %q", idOrKey)}
	}
	if err != nil {
		return nil, store.Errorf(store.CodeInternal, "doc", "%v", err)
	}
	d, err := store.DecodeDoc(enc, body)
	if err != nil {
		return nil, store.Errorf(store.CodeInternal, "doc", "%q: %v", idOrKey, err)
	}
	return d, nil
}

const maxLimit = 1000

// Search implements store.Store. A query FTS5 cannot parse ("U.S.", a
// stray quote) is retried with every word quoted, so user input never
// surfaces as a syntax error.
func (db *DB) Search(ctx context.Context, q store.SearchQuery) ([]store.Hit, error) {
	text := strings.TrimSpace(q.Text)
	if text == "" {
		return nil, store.Errorf(store.CodeInvalid, "search", "empty query")
	}
	if q.Limit <= 0 {
		q.Limit = 20
	}
	if q.Limit > maxLimit {
		q.Limit = maxLimit
	}
	text = ftsText(text)
	hits, err := db.search(ctx, text, q)
	if err != nil && isFTSSyntax(err) {
		hits, err = db.search(ctx, quoteWords(text), q)
	}
	if err != nil {
		if isFTSSyntax(err) {
			return nil, store.Errorf(store.CodeInvalid, "search", "query %q: %v", q.Text, err)
		}
		return nil, store.Errorf(store.CodeInternal, "search", "%v", err)
	}
	return hits, nil
}

func isFTSSyntax(err error) bool {
	s := err.Error()
	return strings.Contains(s, "fts5: syntax error") || strings.Contains(s, "no such column") || strings.Contains(s, "unterminated string") || strings.Contains(s, "unknown special query") ||
		strings.Contains(s, "expected integer") // NEAR(a b, x): the distance must be a number
}

// quoteWords turns free text into an AND of quoted strings, one per
// whitespace-separated chunk: "U.S." becomes the phrase u s, "4.5" the
// phrase 4 5, and operators and stray quotes lose their meaning.
func quoteWords(s string) string {
	var parts []string
	for _, f := range strings.Fields(s) {
		if !strings.ContainsFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue
		}
		parts = append(parts, `"`+strings.ReplaceAll(f, `"`, `""`)+`"`)
	}
	if len(parts) == 0 {
		return `""`
	}
	return strings.Join(parts, " ")
}

func (db *DB) search(ctx context.Context, match string, q store.SearchQuery) ([]store.Hit, error) {
	fetch := q.Limit
	if !q.AllCopies {
		fetch = q.Limit * 4 // over-fetch, then keep the best hit per cluster
	}
	rows, err := db.r.QueryContext(ctx, `SELECT s.id, s.cluster, d.doc_id, d.key, s.idx,
			CASE WHEN s.headline <> '' THEN s.headline WHEN d.title <> '' THEN d.title ELSE substr(s.text, 1, 120) END,
			snippet(story_fts, 1, '[', ']', '…', 16), bm25(story_fts, 2.0, 1.0), h.copies, d.url, d.published, d.source_name
		FROM story_fts
		JOIN stories s ON s.id = story_fts.rowid
		JOIN documents d ON d.id = s.document
		JOIN stories h ON h.id = s.cluster
		WHERE story_fts MATCH ?
		ORDER BY bm25(story_fts, 2.0, 1.0), s.id LIMIT ?`, match, fetch)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hits []store.Hit
	seen := map[int64]bool{}
	for rows.Next() {
		var h store.Hit
		if err := rows.Scan(&h.StoryID, &h.Cluster, &h.DocID, &h.DocKey, &h.Story, &h.Title, &h.Snippet, &h.Score, &h.Copies, &h.URL, &h.Published, &h.Source); err != nil {
			return nil, err
		}
		h.Score = -h.Score // bm25 is lower-is-better; report higher-is-better
		h.Title, h.Snippet = plainText(h.Title), plainText(h.Snippet)
		if !q.AllCopies {
			if seen[h.Cluster] {
				continue
			}
			seen[h.Cluster] = true
		}
		if len(hits) < q.Limit {
			hits = append(hits, h)
		}
	}
	return hits, rows.Err()
}

// Cluster implements store.Store.
func (db *DB) Cluster(ctx context.Context, storyID int64) (store.Cluster, error) {
	var c store.Cluster
	if err := db.r.QueryRowContext(ctx, `SELECT cluster FROM stories WHERE id = ?`, storyID).Scan(&c.ID); err != nil {
		if err == sql.ErrNoRows {
			return c, &store.Error{Code: store.CodeNotFound, Op: "cluster", Err: fmt.Errorf("no story %d", storyID)}
		}
		return c, store.Errorf(store.CodeInternal, "cluster", "%v", err)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT s.id, d.doc_id, d.key, s.idx, s.dup_kind, s.distance
		FROM stories s JOIN documents d ON d.id = s.document WHERE s.cluster = ? ORDER BY s.id`, c.ID)
	if err != nil {
		return c, store.Errorf(store.CodeInternal, "cluster", "%v", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m store.ClusterMember
		if err := rows.Scan(&m.StoryID, &m.DocID, &m.DocKey, &m.Story, &m.Kind, &m.Distance); err != nil {
			return c, store.Errorf(store.CodeInternal, "cluster", "%v", err)
		}
		c.Stories = append(c.Stories, m)
	}
	if err := rows.Err(); err != nil {
		return c, store.Errorf(store.CodeInternal, "cluster", "%v", err)
	}
	return c, nil
}

// Stats implements store.Store.
func (db *DB) Stats(ctx context.Context) (store.Stats, error) {
	var s store.Stats
	fail := func(err error) (store.Stats, error) { return s, store.Errorf(store.CodeInternal, "stats", "%v", err) }
	// One read transaction, so the counts agree with each other while a
	// writer is busy.
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(text_len), 0) FROM documents`).Scan(&s.Documents, &s.TextBytes); err != nil {
		return fail(err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM stories`).Scan(&s.Stories); err != nil {
		return fail(err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(copies), 0), coalesce(max(copies), 0) FROM stories WHERE copies > 1`).
		Scan(&s.Clusters, &s.ClusteredStories, &s.LargestCluster); err != nil {
		return fail(err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT dup_kind, count(*) FROM stories WHERE dup_kind <> 'first' GROUP BY dup_kind`)
	if err != nil {
		return fail(err)
	}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			rows.Close()
			return fail(err)
		}
		switch k {
		case store.DupExact:
			s.ExactDups = n
		case store.DupNear:
			s.NearDups = n
		}
	}
	rows.Close()
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM runs`).Scan(&s.Runs); err != nil {
		return fail(err)
	}
	if s.Languages, err = countBy(ctx, tx, `SELECT language, count(*) FROM stories GROUP BY language`); err != nil {
		return fail(err)
	}
	if s.SourceKinds, err = countBy(ctx, tx, `SELECT source_kind, count(*) FROM documents GROUP BY source_kind`); err != nil {
		return fail(err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&s.Schema); err != nil {
		return fail(err)
	}
	var pages, size int64
	if err := tx.QueryRowContext(ctx, `SELECT page_count, page_size FROM pragma_page_count(), pragma_page_size()`).Scan(&pages, &size); err == nil {
		s.SizeBytes = pages * size
	}
	return s, nil
}

func countBy(ctx context.Context, tx *sql.Tx, q string) (map[string]int, error) {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		if k == "" {
			k = "unknown"
		}
		out[k] += n
	}
	return out, rows.Err()
}

// Runs implements store.Store.
func (db *DB) Runs(ctx context.Context, limit int) ([]store.Run, error) {
	q, args := store.RunsSQL(limit)
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, store.Errorf(store.CodeInternal, "runs", "%v", err)
	}
	defer rows.Close()
	return store.ReadRuns(rows)
}
