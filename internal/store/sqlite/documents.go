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
	return store.ReadDocumentPage(rows, limit)
}
