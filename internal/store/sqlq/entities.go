package sqlq

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/newsgraph/newsgraph/internal/store"
)

// entityCols are the columns scanEntity reads, from entities x.
const entityCols = `x.id, x.kind, x.name, x.actor_code, x.mentions, x.documents, x.first_seen, x.last_seen`

func scanEntity(sc Row, e *store.EntityRow, more ...any) error {
	dst := make([]any, 0, 8+len(more))
	dst = append(dst, &e.ID, &e.Kind, &e.Name, &e.ActorCode, &e.Mentions, &e.Documents, &e.FirstSeen, &e.LastSeen)
	return sc.Scan(append(dst, more...)...)
}

// AliasesOf reads the n most frequent alias texts of each entity of ids.
type AliasesOf func(ctx context.Context, ids []string, n int) (map[string][]string, error)

// AliasesEach is an AliasesOf with one indexed query per entity.
func AliasesEach(c Conn) AliasesOf {
	return func(ctx context.Context, ids []string, n int) (map[string][]string, error) {
		out := map[string][]string{}
		for _, id := range ids {
			al, err := AliasTexts(ctx, c, id, n)
			if err != nil {
				return nil, err
			}
			if al != nil {
				out[id] = al
			}
		}
		return out, nil
	}
}

// AliasTexts reads the n most frequent alias texts of entity id.
func AliasTexts(ctx context.Context, c Conn, id string, n int) ([]string, error) {
	rows, err := c.Query(ctx, `SELECT text FROM aliases WHERE entity = ? ORDER BY count DESC, text LIMIT ?`, id, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Entities is store.Querier.Entities: ranked by mentions, then id.
func Entities(ctx context.Context, c Conn, aliases AliasesOf, q store.EntityQuery) (store.EntityPage, error) {
	const op = "entities"
	page := store.EntityPage{Entities: []store.EntityRow{}}
	limit := store.PageSize(q.Limit)
	var w store.Cond
	if t := store.NormName(q.Text); t != "" {
		w.Add("x.id IN (SELECT entity FROM entity_names WHERE norm >= ? AND norm < ?)", t, store.PrefixEnd(t))
	}
	if q.Kind != "" {
		w.Add("x.kind = ?", q.Kind)
	}
	if q.Cursor != "" {
		parts, err := store.DecodeCursor(op, q.Cursor, 2)
		if err != nil {
			return page, err
		}
		m, err := strconv.Atoi(parts[0])
		if err != nil {
			return page, store.Errorf(store.CodeInvalid, op, "bad cursor")
		}
		w.Add("(x.mentions < ? OR (x.mentions = ? AND x.id > ?))", m, m, parts[1])
	}
	rows, err := c.Query(ctx, `SELECT `+entityCols+`
		FROM entities x WHERE `+w.Where()+` ORDER BY x.mentions DESC, x.id LIMIT ?`, append(w.Args, limit+1)...)
	es, err := readAll(op, rows, err, func(r Rows, e *store.EntityRow) error { return scanEntity(r, e) })
	if err != nil {
		return page, err
	}
	page.Entities = orEmpty(es)
	if len(page.Entities) > limit {
		page.Entities = page.Entities[:limit]
		last := page.Entities[limit-1]
		page.Next = store.EncodeCursor(strconv.Itoa(last.Mentions), last.ID)
	}
	ids := make([]string, len(page.Entities))
	for i, e := range page.Entities {
		ids[i] = e.ID
	}
	als, err := aliases(ctx, ids, 5)
	if err != nil {
		return page, internal(op, err)
	}
	for i := range page.Entities {
		page.Entities[i].Aliases = als[page.Entities[i].ID]
	}
	return page, nil
}

// Entity is store.Querier.Entity. neighbours selects the entities that
// co-occur most with the entity (o, n), 20 at most, given its id twice;
// events lists its latest events.
func Entity(ctx context.Context, c Conn, neighbours string, events func(context.Context, store.EventFilter) (store.EventPage, error), id string) (store.EntityDetail, error) {
	const op = "entity"
	var det store.EntityDetail
	err := scanEntity(c.QueryRow(ctx, `SELECT `+entityCols+` FROM entities x WHERE x.id = ?`, id), &det.EntityRow)
	if errors.Is(err, sql.ErrNoRows) {
		return det, &store.Error{Code: store.CodeNotFound, Op: op, Err: fmt.Errorf("no entity %q", id)}
	}
	if err != nil {
		return det, internal(op, err)
	}
	if det.Aliases, err = AliasTexts(ctx, c, id, 5); err != nil {
		return det, internal(op, err)
	}
	rows, err := c.Query(ctx, `SELECT text, script, source, confidence, count, doc_key, start, "end" FROM aliases WHERE entity = ? ORDER BY count DESC, text LIMIT 200`, id)
	if det.AliasDetails, err = readAll(op, rows, err, func(r Rows, a *store.AliasRow) error {
		return r.Scan(&a.Text, &a.Script, &a.Source, &a.Confidence, &a.Count, &a.DocKey, &a.Start, &a.End)
	}); err != nil {
		return det, err
	}
	rows, err = c.Query(ctx, `SELECT code, first, last, n FROM entity_codes WHERE entity = ? AND n > 0 ORDER BY first, code`, id)
	if det.Codes, err = readAll(op, rows, err, func(r Rows, s *store.CodeSpan) error {
		return r.Scan(&s.Code, &s.From, &s.To, &s.Count)
	}); err != nil {
		return det, err
	}
	rows, err = c.Query(ctx, `SELECT day, n FROM entity_days WHERE entity = ? AND n > 0 ORDER BY day`, id)
	if det.Timeline, err = readAll(op, rows, err, func(r Rows, d *store.DayCount) error {
		return r.Scan(&d.Day, &d.Count)
	}); err != nil {
		return det, err
	}
	rows, err = c.Query(ctx, `SELECT `+entityCols+`, p.n FROM `+neighbours+` p JOIN entities x ON x.id = p.o ORDER BY p.n DESC, x.id`, id, id)
	if det.Neighbours, err = readAll(op, rows, err, func(r Rows, n *store.Neighbour) error {
		return scanEntity(r, &n.EntityRow, &n.Count)
	}); err != nil {
		return det, err
	}
	det.AliasDetails, det.Codes, det.Timeline, det.Neighbours = orEmpty(det.AliasDetails), orEmpty(det.Codes), orEmpty(det.Timeline), orEmpty(det.Neighbours)
	page, err := events(ctx, store.EventFilter{Entity: id, Limit: 20})
	if err != nil {
		return det, err
	}
	det.Events = page.Events
	return det, nil
}
