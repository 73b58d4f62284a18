package sqlite

import (
	"context"

	"github.com/newsgraph/newsgraph/internal/store"
)

// Documents implements store.Querier: stored documents in content key order.
func (db *DB) Documents(ctx context.Context, q store.DocumentQuery) (store.DocumentPage, error) {
	query, args, limit, err := store.DocumentSQL(q)
	if err != nil {
		return store.DocumentPage{Documents: []store.DocumentRow{}}, err
	}
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return store.DocumentPage{}, store.Errorf(store.CodeInternal, "documents", "%v", err)
	}
	defer rows.Close()
	var out []store.DocumentRow
	for rows.Next() {
		d, err := store.ScanDocument(rows)
		if err != nil {
			return store.DocumentPage{}, store.Errorf(store.CodeInternal, "documents", "%v", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return store.DocumentPage{}, store.Errorf(store.CodeInternal, "documents", "%v", err)
	}
	return store.DocumentPageOf(out, limit), nil
}
