package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/sqlq"
)

// networkScan bounds the events a network is built from: the newest ones
// matching the filter, so an unfiltered network over millions of events
// still answers in interactive time.
const networkScan = 5000

// events is this dialect's event-filter builder (internal/store/sqlevents.go).
var events = sqlq.EventSQL{
	Current: "e.current",
	Text: func(c *store.Cond, q string) {
		if ts := literal(q); ts != "" {
			c.Add("e.tsv @@ ?::tsquery", ts)
		} else {
			c.Add("false")
		}
	},
}

// facets is the event filter over event_facet, which holds current events
// only; its text index is over newsgraph_event_tsv(id) (migration 0008).
var facets = sqlq.EventSQL{Current: "true", Text: func(c *store.Cond, q string) {
	if ts := literal(q); ts != "" {
		c.Add("newsgraph_event_tsv(e.id) @@ ?::tsquery", ts)
	} else {
		c.Add("false")
	}
}}

// aggs answers the aggregates: a full-text one over event_facet.
var aggs = sqlq.Aggs{
	Events: events,
	Facet: func(_ context.Context, f store.EventFilter) (string, store.Cond, error) {
		return "event_facet e", facets.FacetBase(f), nil
	},
}

// neighbours is the top co-occurring entities: the top 20 of each side,
// merged.
const neighbours = `((SELECT b AS o, n FROM entity_pairs WHERE a = ? ORDER BY n DESC, b LIMIT 20)
			UNION ALL (SELECT a, n FROM entity_pairs WHERE b = ? ORDER BY n DESC, a LIMIT 20) ORDER BY n DESC, o LIMIT 20)`

func (db *DB) conn() conn { return conn{db.pool} }

// Events implements store.Querier with keyset pagination over (sort key, id).
func (db *DB) Events(ctx context.Context, f store.EventFilter) (store.EventPage, error) {
	return sqlq.Events(ctx, db.conn(), events, f)
}

// Event implements store.Querier.
func (db *DB) Event(ctx context.Context, id string) (store.EventDetail, error) {
	return sqlq.Event(ctx, db.conn(), db.storyText, db.Doc, id)
}

func (db *DB) storyText(ctx context.Context, storyID int64, _ string) (text string, start int, err error) {
	err = db.pool.QueryRow(ctx, `SELECT text, start FROM stories WHERE id = $1`, storyID).Scan(&text, &start)
	return text, start, err
}

// Entities implements store.Querier: ranked by mentions, then id.
func (db *DB) Entities(ctx context.Context, q store.EntityQuery) (store.EntityPage, error) {
	return sqlq.Entities(ctx, db.conn(), db.aliasTextsOf, q)
}

// aliasTextsOf reads every listed entity's top aliases in one round
// trip, not one query per entity.
func (db *DB) aliasTextsOf(ctx context.Context, ids []string, n int) (map[string][]string, error) {
	out := map[string][]string{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT entity, text FROM (SELECT entity, text, count,
		row_number() OVER (PARTITION BY entity ORDER BY count DESC, text) AS r FROM aliases WHERE entity = ANY($1)) x
		WHERE r <= $2 ORDER BY entity, r`, ids, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e, t string
		if err := rows.Scan(&e, &t); err != nil {
			return nil, err
		}
		out[e] = append(out[e], t)
	}
	return out, rows.Err()
}

// Entity implements store.Querier.
func (db *DB) Entity(ctx context.Context, id string) (store.EntityDetail, error) {
	return sqlq.Entity(ctx, db.conn(), neighbours, db.Events, id)
}

// Timeline implements store.Querier.
func (db *DB) Timeline(ctx context.Context, f store.EventFilter, by string) ([]store.TimelineBucket, error) {
	return sqlq.Timeline(ctx, db.conn(), aggs, f, by)
}

// ActorPairs implements store.Querier.
func (db *DB) ActorPairs(ctx context.Context, f store.EventFilter, limit int) ([]store.PairCount, error) {
	return sqlq.ActorPairs(ctx, db.conn(), aggs, f, limit)
}

// Countries implements store.Querier.
func (db *DB) Countries(ctx context.Context, f store.EventFilter) ([]store.CountryCount, error) {
	return sqlq.Countries(ctx, db.conn(), aggs, f)
}

// Network implements store.Querier over the newest networkScan matching
// events: nodes are entities (or codes for actors without one), edges the
// events between them, strongest first.
func (db *DB) Network(ctx context.Context, f store.EventFilter, limit int) (store.Network, error) {
	if err := sqlq.ValidateEventFilter("network", f); err != nil {
		return store.Network{}, err
	}
	limit = store.PageSize(limit)
	// The newest events of each index scan, with the columns an edge
	// needs: no scan of the whole table whatever the filter, and for the
	// common scans (an actor's country, a date range) no table reads
	// either, as those indexes carry the columns (migration 0005). UNION
	// keeps an event matched on both sides once (the id is selected).
	var subs []string
	var args []any
	for i, b := range events.SideBranches(f) {
		b.Add("e.source_code <> '' AND e.target_code <> ''")
		subs = append(subs, fmt.Sprintf(`SELECT * FROM (SELECT e.id, e.source_entity, e.source_code, e.source_name, e.target_entity, e.target_code, e.target_name, e.goldstein
			FROM events e WHERE %s ORDER BY e.date DESC, e.id DESC LIMIT %d) n%d`, b.Where(), networkScan, i))
		args = append(args, b.Args...)
	}
	rows, err := db.conn().Query(ctx, `SELECT s, min(sl), min(sc), t, min(tl), min(tc), count(*), sum(g) FROM (
		`+sqlq.NetworkEdges+`
		FROM (`+strings.Join(subs, " UNION ")+`) e) x
		GROUP BY s, t ORDER BY count(*) DESC, s, t LIMIT ?`, append(args, limit)...)
	return sqlq.ReadNetwork(rows, err, limit)
}
