package sqlq

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
)

// Doc reads the enc and body columns of query (given idOrKey) and decodes
// the document; the query differs by dialect (a key, else the first
// document with that source id).
func Doc(ctx context.Context, c Conn, query, idOrKey string) (*doc.Doc, error) {
	var enc int
	var body []byte
	err := c.QueryRow(ctx, query, idOrKey).Scan(&enc, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &store.Error{Code: store.CodeNotFound, Op: "doc", Err: fmt.Errorf("no document %q", idOrKey)}
	}
	if err != nil {
		return nil, internal("doc", err)
	}
	d, err := store.DecodeDoc(enc, body)
	if err != nil {
		return nil, store.Errorf(store.CodeInternal, "doc", "%q: %v", idOrKey, err)
	}
	return d, nil
}

// SearchLimit checks a search query and applies its limit's default
// (20) and cap (1000); text is the query trimmed.
func SearchLimit(q store.SearchQuery) (text string, _ store.SearchQuery, err error) {
	text = strings.TrimSpace(q.Text)
	if text == "" {
		return "", q, store.Errorf(store.CodeInvalid, "search", "empty query")
	}
	if q.Limit <= 0 {
		q.Limit = 20
	}
	q.Limit = min(q.Limit, 1000)
	return text, q, nil
}

// Cluster is store.Store.Cluster.
func Cluster(ctx context.Context, c Conn, storyID int64) (store.Cluster, error) {
	const op = "cluster"
	var cl store.Cluster
	if err := c.QueryRow(ctx, `SELECT cluster FROM stories WHERE id = ?`, storyID).Scan(&cl.ID); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return cl, &store.Error{Code: store.CodeNotFound, Op: op, Err: fmt.Errorf("no story %d", storyID)}
		}
		return cl, internal(op, err)
	}
	rows, err := c.Query(ctx, `SELECT s.id, d.doc_id, d.key, s.idx, s.dup_kind, s.distance
		FROM stories s JOIN documents d ON d.id = s.document WHERE s.cluster = ? ORDER BY s.id`, cl.ID)
	cl.Stories, err = readAll(op, rows, err, func(r Rows, m *store.ClusterMember) error {
		return r.Scan(&m.StoryID, &m.DocID, &m.DocKey, &m.Story, &m.Kind, &m.Distance)
	})
	return cl, err
}

// Stats is store.Store.Stats but for SizeBytes, which each backend adds;
// c should be one read-only snapshot so the counts agree.
func Stats(ctx context.Context, c Conn) (store.Stats, error) {
	var s store.Stats
	err := func() error {
		if err := c.QueryRow(ctx, `SELECT count(*), coalesce(sum(text_len), 0) FROM documents`).Scan(&s.Documents, &s.TextBytes); err != nil {
			return err
		}
		if err := c.QueryRow(ctx, `SELECT count(*) FROM stories`).Scan(&s.Stories); err != nil {
			return err
		}
		if err := c.QueryRow(ctx, `SELECT count(*), coalesce(sum(copies), 0), coalesce(max(copies), 0) FROM stories WHERE copies > 1`).
			Scan(&s.Clusters, &s.ClusteredStories, &s.LargestCluster); err != nil {
			return err
		}
		dups, err := countBy(ctx, c, `SELECT dup_kind, count(*) FROM stories WHERE dup_kind <> 'first' GROUP BY dup_kind`)
		if err != nil {
			return err
		}
		s.ExactDups, s.NearDups = dups[store.DupExact], dups[store.DupNear]
		if err := c.QueryRow(ctx, `SELECT count(*) FROM runs`).Scan(&s.Runs); err != nil {
			return err
		}
		if s.Languages, err = countBy(ctx, c, `SELECT language, count(*) FROM stories GROUP BY language`); err != nil {
			return err
		}
		if s.SourceKinds, err = countBy(ctx, c, `SELECT source_kind, count(*) FROM documents GROUP BY source_kind`); err != nil {
			return err
		}
		return c.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&s.Schema)
	}()
	return s, internal("stats", err)
}

// countBy reads (key, count) rows into a map, the empty key as "unknown".
func countBy(ctx context.Context, c Conn, q string) (map[string]int, error) {
	rows, err := c.Query(ctx, q)
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

// Documents is store.Querier.Documents: stored documents in content key
// order.
func Documents(ctx context.Context, c Conn, q store.DocumentQuery) (store.DocumentPage, error) {
	query, args, limit, err := store.DocumentSQL(q)
	if err != nil {
		return store.DocumentPage{Documents: []store.DocumentRow{}}, err
	}
	rows, err := c.Query(ctx, query, args...)
	if err != nil {
		return store.DocumentPage{}, internal("documents", err)
	}
	defer rows.Close()
	return store.ReadDocumentPage(rows, limit)
}
