package sqlite

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/facet"
	"github.com/newsgraph/newsgraph/internal/store/sqlq"
)

var _ store.Querier = (*DB)(nil)

// networkScan bounds the events a network is built from: the newest ones
// matching the filter, so an unfiltered network over millions of events
// still answers in interactive time.
const networkScan = 5000

// cond is the shared WHERE-clause builder; events is this dialect's
// event-filter builder (internal/store/sqlevents.go).
type cond = store.Cond

var events = sqlq.EventSQL{
	Current: "e.current = 1",
	Text: func(c *store.Cond, q string) {
		c.Add("e.id IN (SELECT "+eventIDSQL+" FROM event_text WHERE event_text MATCH ?)", quoteWords(ftsText(q)))
	},
}

// rd is the reader pool as a conn for the shared queries.
func (db *DB) rd() conn { return conn{db.r} }

// Events implements store.Querier with keyset pagination over (sort key,
// id): sqlq's plan of one ordered scan per branch, with the plans SQLite
// needs beside it for full-text queries, boxes and code prefixes.
func (db *DB) Events(ctx context.Context, f store.EventFilter) (store.EventPage, error) {
	var page store.EventPage
	if err := sqlq.ValidateEventFilter("events", f); err != nil {
		return page, err
	}
	o, err := sqlq.ParseEventOrder(f)
	if err != nil {
		return page, err
	}
	limit := store.PageSize(f.Limit)
	var rows []store.EventRow
	if o.Key == "e.date" && textByKey && textOnly(f) {
		if rows, err = db.textByDate(ctx, f, o.Dir, o.After, limit); err != nil {
			return page, err
		}
	}
	if rows == nil && o.Key == "e.date" && boxOnly(f) {
		// A box holding many events: its newest are among the newest
		// events with a place, read in date order from one index.
		c := cond{}
		c.Add("e.current = 1 AND e.lat IS NOT NULL")
		if f.From != "" {
			c.Add("e.date >= ?", f.From)
		}
		if f.To != "" {
			c.Add("e.date < ?", f.To)
		}
		o.Past(&c)
		b := f.BBox
		sub := fmt.Sprintf(`SELECT * FROM (SELECT id, k FROM (SELECT e.id AS id, e.date AS k, e.lon AS lon, e.lat AS lat FROM events e WHERE %s ORDER BY %s LIMIT %d)
			WHERE lon BETWEEN ? AND ? AND lat BETWEEN ? AND ? ORDER BY k %s, id %s LIMIT %d)`, c.Where(), o.By(), boxScan, o.Dir, o.Dir, limit+1)
		rows, err = sqlq.ReadEvents(ctx, db.rd(), []string{sub}, append(c.Args, b[0], b[2], b[1], b[3]), o.Dir, limit)
		if err != nil {
			return page, err
		}
		if len(rows) <= limit {
			rows = nil // too few there: scan the box's grid cells
		}
	}
	if rows == nil {
		es, err := db.eventSQL(ctx, f)
		if err != nil {
			return page, err
		}
		bs := es.Branches(f)
		if len(f.Source) >= 3 && len(f.Target) >= 3 {
			// Implied by the two country terms; it names the pair index.
			for i := range bs {
				bs[i].Add("e.source_cc || e.target_cc = ?", store.CC(f.Source)+store.CC(f.Target))
			}
		}
		if o.Key == "e.date" && len(f.Code) == 3 {
			// A code and the codes under it: one date-ordered scan per
			// stored code instead of sorting the whole prefix range.
			codes, err := db.codesUnder(ctx, f.Code, 12)
			if err != nil {
				return page, err
			}
			if len(codes) > 0 && len(bs)*len(codes) <= 48 {
				var split []cond
				for _, b := range bs {
					for _, code := range codes {
						x := b.Clone()
						x.Add("e.code = ?", code)
						split = append(split, x)
					}
				}
				bs = split
			}
		}
		subs, args := o.Scans(bs, limit+1)
		if rows, err = sqlq.ReadEvents(ctx, db.rd(), subs, args, o.Dir, limit); err != nil {
			return page, err
		}
	}
	return o.Page(rows, limit), nil
}

// codesUnder lists the distinct stored codes starting with prefix by
// seeking from one to the next in the code index; nil when there are none
// or more than max.
func (db *DB) codesUnder(ctx context.Context, prefix string, max int) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, `WITH RECURSIVE c(code, n) AS (
			SELECT (SELECT min(code) FROM events WHERE code >= ?1 AND code < ?2), 1
			UNION ALL SELECT (SELECT min(code) FROM events WHERE code > c.code AND code < ?2), n + 1 FROM c WHERE c.code IS NOT NULL AND n <= ?3)
		SELECT code FROM c WHERE code IS NOT NULL`, prefix, store.PrefixEnd(prefix), max)
	if err != nil {
		return nil, store.Errorf(store.CodeInternal, "events", "%v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, store.Errorf(store.CodeInternal, "events", "%v", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, store.Errorf(store.CodeInternal, "events", "%v", err)
	}
	if len(out) > max {
		return nil, nil
	}
	return out, nil
}

// textByKey turns textByDate on (tests turn it off to compare plans).
var textByKey = true

// textOnly reports whether f is a full-text query with at most a date range.
func textOnly(f store.EventFilter) bool {
	if strings.TrimSpace(f.Text) == "" {
		return false
	}
	g := f
	g.Text, g.From, g.To, g.Sort, g.Limit, g.Cursor = "", "", "", "", 0, ""
	return g == store.EventFilter{}
}

// textByDate lists a full-text query's events in date order straight from
// event_text, whose keys sort as (date, id): the page is the first matches
// in key order that are current and in the date range. It returns nil
// (use another plan) when some key is out of order (eventKey) or the
// cursor's date has no ordered key.
func (db *DB) textByDate(ctx context.Context, f store.EventFilter, dir string, after []any, limit int) ([]store.EventRow, error) {
	off, err := db.offKeys(ctx)
	if err != nil {
		return nil, store.Errorf(store.CodeInternal, "events", "%v", err)
	}
	if off {
		return nil, nil
	}
	var c cond
	c.Add("event_text MATCH ?", quoteWords(ftsText(f.Text)))
	// The date range twice: as key bounds and on the events, which decides.
	keyBounds(&c, "event_text.rowid", f)
	if after != nil {
		date, _ := after[0].(string)
		id, _ := after[1].(int64)
		k := eventKey(date, id)
		if k < 0 {
			return nil, nil
		}
		if dir == "DESC" {
			c.Add("event_text.rowid < ?", k)
		} else {
			c.Add("event_text.rowid > ?", k)
		}
	}
	c.Add(events.Current)
	if f.From != "" {
		c.Add("e.date >= ?", f.From)
	}
	if f.To != "" {
		c.Add("e.date < ?", f.To)
	}
	sub := fmt.Sprintf(`SELECT * FROM (SELECT e.id AS id, e.date AS k FROM event_text CROSS JOIN events e ON e.id = %s
		WHERE %s ORDER BY event_text.rowid %s LIMIT %d)`, eventIDSQL, c.Where(), dir, limit+1)
	return sqlq.ReadEvents(ctx, db.rd(), []string{sub}, c.Args, dir, limit)
}

// boxScan bounds the newest events with a place read for a box before
// falling back to its grid cells.
var boxScan = 20000

// boxOnly reports whether f filters by a box and at most a date range.
func boxOnly(f store.EventFilter) bool {
	if f.BBox == nil {
		return false
	}
	g := f
	g.BBox, g.From, g.To, g.Sort, g.Limit, g.Cursor = nil, "", "", "", 0, ""
	return g == store.EventFilter{}
}

// textIDs is the most full-text matches listed by id in an event list's
// query; a commoner query is checked row by row in the list's index order.
var textIDs = 5000

// eventSQL is the event-filter builder for a list (Events, Network), with
// the full-text condition chosen by how many events match: a rare query's
// matches are looked up by id and sorted, a common one is checked against
// each event of the ordered index scan until the page is full, so neither
// reads all the matches of "talks" nor all events for a rare name.
func (db *DB) eventSQL(ctx context.Context, f store.EventFilter) (sqlq.EventSQL, error) {
	if strings.TrimSpace(f.Text) == "" {
		return events, nil
	}
	match := quoteWords(ftsText(f.Text))
	rows, err := db.r.QueryContext(ctx, `SELECT `+eventIDSQL+` FROM event_text WHERE event_text MATCH ? LIMIT ?`, match, textIDs+1)
	if err != nil {
		return events, store.Errorf(store.CodeInternal, "events", "%v", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return events, store.Errorf(store.CodeInternal, "events", "%v", err)
		}
		ids = append(ids, strconv.FormatInt(id, 10))
	}
	if err := rows.Err(); err != nil {
		return events, store.Errorf(store.CodeInternal, "events", "%v", err)
	}
	es := events
	switch {
	case len(ids) == 0:
		es.Text = func(c *store.Cond, _ string) { c.Add("0 = 1") }
	case len(ids) <= textIDs:
		in := "e.id IN (" + strings.Join(ids, ",") + ")" // integers from the index, not user text
		es.Text = func(c *store.Cond, _ string) { c.Add(in) }
	default:
		es.Text = func(c *store.Cond, _ string) {
			c.Add("EXISTS (SELECT 1 FROM event_text WHERE event_text MATCH ? AND event_text.rowid = newsgraph_event_key(e.date, e.id))", match)
		}
	}
	return es, nil
}

// Event implements store.Querier.
func (db *DB) Event(ctx context.Context, id string) (store.EventDetail, error) {
	return sqlq.Event(ctx, cached{db}, db.storyText, db.Doc, id)
}

// StoryText undoes the index's CJK separators in the stored text, whose
// spans index the document text; a story whose text is not its span's
// length is cut from the document.
func (db *DB) storyText(ctx context.Context, storyID int64, docKey string) (string, int, error) {
	var text string
	var start, end int
	err := db.stmtQueryRow(ctx, `SELECT text, start, end FROM stories WHERE id = ?`, storyID).Scan(&text, &start, &end)
	text = plainText(text)
	if err == nil && len(text) != end-start {
		if d, derr := db.Doc(ctx, docKey); derr == nil && end <= len(d.Text) && start <= end {
			text = d.Text[start:end]
		}
	}
	return text, start, err
}

// Entities implements store.Querier: ranked by mentions, then id.
func (db *DB) Entities(ctx context.Context, q store.EntityQuery) (store.EntityPage, error) {
	return sqlq.Entities(ctx, db.rd(), sqlq.AliasesEach(db.rd()), q)
}

// neighbours is the top co-occurring entities (SQLite takes no
// parenthesised members in a compound select).
const neighbours = `(SELECT b AS o, n FROM entity_pairs WHERE a = ? UNION ALL SELECT a, n FROM entity_pairs WHERE b = ? ORDER BY n DESC, o LIMIT 20)`

// Entity implements store.Querier.
func (db *DB) Entity(ctx context.Context, id string) (store.EntityDetail, error) {
	return sqlq.Entity(ctx, db.rd(), neighbours, db.Events, id)
}

// facetFrom drives the join from the full-text matches, in key order.
const facetFrom = `event_text CROSS JOIN event_facet e ON e.k = event_text.rowid`

// facets is the event filter over event_facet, which holds current events only.
var facets = sqlq.EventSQL{Current: "1 = 1"}

// facetCond is f's condition over facetFrom. A date range also bounds the
// keys, so the index skips what is out of range, unless some key is out
// of date order (eventkey.go).
func (db *DB) facetCond(ctx context.Context, f store.EventFilter) (cond, error) {
	g := f
	g.Text = ""
	c := facets.FacetBase(g)
	c.Add("event_text MATCH ?", quoteWords(ftsText(f.Text)))
	if f.From == "" && f.To == "" {
		return c, nil
	}
	if off, err := db.offKeys(ctx); err != nil || off {
		return c, err
	}
	keyBounds(&c, "event_text.rowid", f)
	return c, nil
}

// aggs answers the aggregates from the in-memory facets, else SQL: a
// full-text one over facetFrom, a date range alone with an index hint.
func (db *DB) aggs() sqlq.Aggs {
	return sqlq.Aggs{
		Events: events,
		Facet: func(ctx context.Context, f store.EventFilter) (string, store.Cond, error) {
			c, err := db.facetCond(ctx, f)
			return facetFrom, c, err
		},
		PairsFrom: func(f store.EventFilter) string {
			if g := f; g.RunID == 0 && (g.From != "" || g.To != "") {
				g.From, g.To, g.Limit, g.Cursor, g.Sort = "", "", 0, "", ""
				if g == (store.EventFilter{}) {
					// A date range alone: the covering scan of the range. With
					// the range's bounds in hand (STAT4) the planner otherwise
					// takes a skip-scan with a row lookup per event for some.
					return "events e INDEXED BY events_date_pair"
				}
			}
			return "events e"
		},
		Memory: db.fromFacets,
	}
}

// Timeline implements store.Querier.
func (db *DB) Timeline(ctx context.Context, f store.EventFilter, by string) ([]store.TimelineBucket, error) {
	return sqlq.Timeline(ctx, db.rd(), db.aggs(), f, by)
}

// ActorPairs implements store.Querier.
func (db *DB) ActorPairs(ctx context.Context, f store.EventFilter, limit int) ([]store.PairCount, error) {
	return sqlq.ActorPairs(ctx, db.rd(), db.aggs(), f, limit)
}

// Countries implements store.Querier.
func (db *DB) Countries(ctx context.Context, f store.EventFilter) ([]store.CountryCount, error) {
	return sqlq.Countries(ctx, db.rd(), db.aggs(), f)
}

// Network implements store.Querier over the newest networkScan matching
// events: nodes are entities (or codes for actors without one), edges the
// events between them, strongest first.
func (db *DB) Network(ctx context.Context, f store.EventFilter, limit int) (store.Network, error) {
	var nw store.Network
	if err := sqlq.ValidateEventFilter("network", f); err != nil {
		return nw, err
	}
	limit = store.PageSize(limit)
	// The newest events of each index scan, joined by id: no scan of the
	// whole table whatever the filter.
	var subs []string
	var args []any
	es, err := db.eventSQL(ctx, f)
	if err != nil {
		return nw, err
	}
	sub, subArgs, err := db.textNetwork(ctx, f)
	if err != nil {
		return nw, err
	}
	branches := es.SideBranches(f)
	if sub != "" {
		subs, args, branches = []string{sub}, subArgs, nil
	}
	for i, b := range branches {
		b.Add("e.source_code <> '' AND e.target_code <> ''")
		subs = append(subs, fmt.Sprintf("SELECT id FROM (SELECT e.id FROM events e WHERE %s ORDER BY e.date DESC, e.id DESC LIMIT %d) n%d", b.Where(), networkScan, i))
		args = append(args, b.Args...)
	}
	rows, err := db.rd().Query(ctx, `SELECT s, sl, sc, t, tl, tc, count(*), sum(g) FROM (
		`+sqlq.NetworkEdges+`
		FROM events e JOIN (`+strings.Join(subs, " UNION ")+`) ids ON ids.id = e.id)
		GROUP BY s, t ORDER BY count(*) DESC, s, t`, args...)
	return sqlq.ReadNetwork(rows, err, limit)
}

// textNetwork selects a full-text network's newest networkScan events
// straight from event_text in key order ((date, id), eventkey.go), rather
// than scanning the events by date and testing each against the index.
// It returns "" when f has more than text and facet filters, or some key
// is out of order.
func (db *DB) textNetwork(ctx context.Context, f store.EventFilter) (string, []any, error) {
	if !facet.Supports(f) || f.Actor != "" { // an either-side actor: newest per side (SideBranches)
		return "", nil, nil
	}
	off, err := db.offKeys(ctx)
	if err != nil {
		return "", nil, store.Errorf(store.CodeInternal, "network", "%v", err)
	}
	if off {
		return "", nil, nil
	}
	g := f
	g.Text = ""
	c := events.Base(g)
	c.Add("event_text MATCH ?", quoteWords(ftsText(f.Text)))
	keyBounds(&c, "event_text.rowid", f)
	c.Add("e.source_code <> '' AND e.target_code <> ''")
	return fmt.Sprintf(`SELECT id FROM (SELECT e.id FROM event_text CROSS JOIN events e ON e.id = %s WHERE %s ORDER BY event_text.rowid DESC LIMIT %d)`,
		eventIDSQL, c.Where(), networkScan), c.Args, nil
}
