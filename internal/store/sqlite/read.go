package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"unicode"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/sqlq"
)

// Doc implements store.Store.
func (db *DB) Doc(ctx context.Context, idOrKey string) (*doc.Doc, error) {
	return sqlq.Doc(ctx, cached{db}, `SELECT enc, body FROM documents WHERE key = ?1
		UNION ALL SELECT enc, body FROM (SELECT enc, body FROM documents WHERE doc_id = ?1 ORDER BY id LIMIT 1)
		LIMIT 1`, idOrKey)
}

// Search implements store.Store. A query FTS5 cannot parse ("U.S.", a
// stray quote) is retried with every word quoted, so user input never
// surfaces as a syntax error.
func (db *DB) Search(ctx context.Context, q store.SearchQuery) ([]store.Hit, error) {
	text, q, err := sqlq.SearchLimit(q)
	if err != nil {
		return nil, err
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
	return sqlq.Cluster(ctx, db.rd(), storyID)
}

// Stats implements store.Store.
func (db *DB) Stats(ctx context.Context) (store.Stats, error) {
	// One read transaction, so the counts agree with each other while a
	// writer is busy.
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return store.Stats{}, store.Errorf(store.CodeInternal, "stats", "%v", err)
	}
	defer tx.Rollback()
	s, err := sqlq.Stats(ctx, conn{tx})
	if err != nil {
		return s, err
	}
	var pages, size int64
	if err := tx.QueryRowContext(ctx, `SELECT page_count, page_size FROM pragma_page_count(), pragma_page_size()`).Scan(&pages, &size); err == nil {
		s.SizeBytes = pages * size
	}
	return s, nil
}

// Runs implements store.Store.
func (db *DB) Runs(ctx context.Context, limit int) ([]store.Run, error) {
	return sqlq.Runs(ctx, db.rd(), limit)
}
