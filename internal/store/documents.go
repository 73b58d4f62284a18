package store

import "time"

// DocumentSQL is the documents listing both SQL backends run: the query
// ("?" placeholders), its arguments and the page size. It asks for one row
// more than the page to know whether another page follows. Keyset on the
// content key, which the UNIQUE index on documents(key) serves, and which
// sorts the same in every backend (byte order of hex digits).
func DocumentSQL(q DocumentQuery) (string, []any, int, error) {
	const op = "documents"
	limit := PageSize(q.Limit)
	var c Cond
	for _, d := range []string{q.From, q.To} {
		if d == "" {
			continue
		}
		if _, err := time.Parse("2006-01-02", d); err != nil {
			return "", nil, 0, Errorf(CodeInvalid, op, "bad date %q (want YYYY-MM-DD)", d)
		}
	}
	if q.From != "" {
		c.Add("published >= ?", q.From)
	}
	if q.To != "" {
		// Text order: "2025-03-04T10:00Z" < "2025-03-05", so a timestamp
		// falls in its day. An empty published date sorts first: leave it out.
		c.Add("published < ? AND published <> ''", q.To)
	}
	if q.RunID != 0 {
		c.Add("run_id = ?", q.RunID)
	}
	if q.Cursor != "" {
		parts, err := DecodeCursor(op, q.Cursor, 1)
		if err != nil {
			return "", nil, 0, err
		}
		c.Add("key > ?", parts[0])
	}
	sql := `SELECT key, doc_id, url, title, published, language, run_id FROM documents WHERE ` +
		c.Where() + ` ORDER BY key LIMIT ?`
	return sql, append(c.Args, limit+1), limit, nil
}

// Rows is the part of database/sql's and pgx's row sets that the shared
// readers (ReadDocumentPage, PickCopy) need; the caller closes them.
type Rows interface {
	Next() bool
	Scan(dst ...any) error
	Err() error
}

// ReadDocumentPage reads the rows of DocumentSQL (up to limit+1) and cuts
// them into a page with the cursor of the next one.
func ReadDocumentPage(rows Rows, limit int) (DocumentPage, error) {
	var p DocumentPage
	for rows.Next() {
		var d DocumentRow
		if err := rows.Scan(&d.Key, &d.ID, &d.URL, &d.Title, &d.Published, &d.Language, &d.RunID); err != nil {
			return DocumentPage{}, Errorf(CodeInternal, "documents", "%v", err)
		}
		p.Documents = append(p.Documents, d)
	}
	if err := rows.Err(); err != nil {
		return DocumentPage{}, Errorf(CodeInternal, "documents", "%v", err)
	}
	return DocumentPageOf(p.Documents, limit), nil
}

// DocumentPageOf cuts the rows read (up to limit+1) into a page with the
// cursor of the next one.
func DocumentPageOf(rows []DocumentRow, limit int) DocumentPage {
	p := DocumentPage{Documents: rows}
	if p.Documents == nil {
		p.Documents = []DocumentRow{}
	}
	if len(p.Documents) > limit {
		p.Documents = p.Documents[:limit]
		p.Next = EncodeCursor(p.Documents[limit-1].Key)
	}
	return p
}
