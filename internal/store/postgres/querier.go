package postgres

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/facet"
)

// networkScan bounds the events a network is built from: the newest ones
// matching the filter, so an unfiltered network over millions of events
// still answers in interactive time.
const networkScan = 5000

// cond is the shared WHERE-clause builder; events is this dialect's
// event-filter builder (internal/store/sqlevents.go).
type cond = store.Cond

var events = store.EventSQL{
	Current: "e.current",
	Text: func(c *store.Cond, q string) {
		if ts := literal(q); ts != "" {
			c.Add("e.tsv @@ ?::tsquery", ts)
		} else {
			c.Add("false")
		}
	},
}

func validateFilter(op string, f store.EventFilter) error { return store.ValidateEventFilter(op, f) }
func baseCond(f store.EventFilter) cond                   { return events.Base(f) }
func branches(f store.EventFilter) []cond                 { return events.Branches(f) }
func sideBranches(f store.EventFilter) []cond             { return events.SideBranches(f) }

const (
	eventCols = store.EventCols
	eventFrom = store.EventFrom
)

func scanEvent(sc interface{ Scan(...any) error }, r *store.EventRow) error {
	var id int64
	var lat, lon *float64
	var pname, country, admin1 string
	var geo int64
	if err := sc.Scan(&id, &r.DocKey, &r.DocID, &r.Story, &r.Date, &r.DatePrecision,
		&r.Source.Code, &r.Source.Name, &r.Source.EntityID, &r.Source.Text,
		&r.Target.Code, &r.Target.Name, &r.Target.EntityID, &r.Target.Text,
		&r.Code, &r.Root, &r.QuadClass, &r.Goldstein, &r.PloverType, &r.PloverMode,
		&pname, &country, &admin1, &lat, &lon, &geo,
		&r.Sentence, &r.Negated, &r.Modality, &r.Confidence, &r.Mentions, &r.Stories, &r.Sources,
		&r.Title, &r.URL, &r.RunID); err != nil {
		return err
	}
	r.ID = strconv.FormatInt(id, 10)
	if pname != "" || lat != nil {
		r.Place = &store.PlaceRef{Name: pname, Country: country, Admin1: admin1, GeonameID: geo}
		if lat != nil && lon != nil {
			r.Place.Lat, r.Place.Lon = *lat, *lon
		}
	}
	return nil
}

// Events implements store.Querier with keyset pagination over (sort key, id).
func (db *DB) Events(ctx context.Context, f store.EventFilter) (store.EventPage, error) {
	var page store.EventPage
	if err := validateFilter("events", f); err != nil {
		return page, err
	}
	limit := store.PageSize(f.Limit)
	key, desc := "e.date", true
	switch f.Sort {
	case "date":
		desc = false
	case "goldstein":
		key, desc = "e.goldstein", false
	case "-goldstein":
		key = "e.goldstein"
	}
	var after []any
	if f.Cursor != "" {
		parts, err := store.DecodeCursor("events", f.Cursor, 2)
		if err != nil {
			return page, err
		}
		id, err := strconv.ParseInt(parts[1], 10, 64)
		if err != nil {
			return page, store.Errorf(store.CodeInvalid, "events", "bad cursor")
		}
		var k any = parts[0]
		if key == "e.goldstein" {
			g, err := strconv.ParseFloat(parts[0], 64)
			if err != nil {
				return page, store.Errorf(store.CodeInvalid, "events", "bad cursor")
			}
			k = g
		}
		after = []any{k, id}
	}
	dir, cmp := "ASC", ">"
	if desc {
		dir, cmp = "DESC", "<"
	}
	order := fmt.Sprintf("%s %s, e.id %s", key, dir, dir)
	var subs []string
	var args []any
	for _, c := range branches(f) {
		if after != nil {
			c.Add(fmt.Sprintf("(%s, e.id) %s (?, ?)", key, cmp), after...)
		}
		subs = append(subs, fmt.Sprintf("SELECT * FROM (SELECT e.id AS id, %s AS k FROM events e WHERE %s ORDER BY %s LIMIT %d) b%d", key, c.Where(), order, limit+1, len(subs)))
		args = append(args, c.Args...)
	}
	q := fmt.Sprintf(`SELECT %s FROM (%s ORDER BY k %s, id %s LIMIT %d) p JOIN events e ON e.id = p.id
		JOIN documents d ON d.id = e.document JOIN event_clusters c ON c.id = e.cluster ORDER BY p.k %s, p.id %s`,
		eventCols, strings.Join(subs, " UNION "), dir, dir, limit+1, dir, dir)
	rows, err := db.pool.Query(ctx, rebind(q), args...)
	if err != nil {
		return page, store.Errorf(store.CodeInternal, "events", "%v", err)
	}
	defer rows.Close()
	page.Events = []store.EventRow{}
	for rows.Next() {
		var r store.EventRow
		if err := scanEvent(rows, &r); err != nil {
			return page, store.Errorf(store.CodeInternal, "events", "%v", err)
		}
		page.Events = append(page.Events, r)
	}
	if err := rows.Err(); err != nil {
		return page, store.Errorf(store.CodeInternal, "events", "%v", err)
	}
	if len(page.Events) > limit {
		page.Events = page.Events[:limit]
		last := page.Events[limit-1]
		k := last.Date
		if key == "e.goldstein" {
			k = strconv.FormatFloat(last.Goldstein, 'g', -1, 64)
		}
		page.Next = store.EncodeCursor(k, last.ID)
	}
	return page, nil
}

// Event implements store.Querier.
func (db *DB) Event(ctx context.Context, id string) (store.EventDetail, error) {
	var det store.EventDetail
	n, err := strconv.ParseInt(id, 10, 64)
	notFound := &store.Error{Code: store.CodeNotFound, Op: "event", Err: fmt.Errorf("no event %q", id)}
	if err != nil {
		return det, notFound
	}
	var storyID *int64
	var cluster int64
	var sp [12]*int64
	row := db.pool.QueryRow(ctx, rebind(`SELECT `+eventCols+`, e.story_id, e.cluster, e.pattern, e.coder, e.dictionary, e.model,
		e.source_start, e.source_end, e.target_start, e.target_end, e.trig_start, e.trig_end,
		e.date_start, e.date_end, e.place_start, e.place_end, e.sent_start, e.sent_end`+eventFrom+` WHERE e.id = ?`), n)
	err = scanEvent(scanFunc(func(dst ...any) error {
		dst = append(dst, &storyID, &cluster, &det.Pattern, &det.Coder, &det.Dictionary, &det.Model)
		for i := range sp {
			dst = append(dst, &sp[i])
		}
		return row.Scan(dst...)
	}), &det.EventRow)
	if errors.Is(err, pgx.ErrNoRows) {
		return det, notFound
	}
	if err != nil {
		return det, store.Errorf(store.CodeInternal, "event", "%v", err)
	}
	if storyID != nil {
		err = db.pool.QueryRow(ctx, rebind(`SELECT text, start FROM stories WHERE id = ?`), *storyID).Scan(&det.StoryText, &det.StoryStart)
	} else {
		doc, derr := db.Doc(ctx, det.DocKey)
		err = derr
		if doc != nil {
			det.StoryText = doc.Text
		}
	}
	if err != nil {
		return det, store.Errorf(store.CodeInternal, "event", "story: %v", err)
	}
	det.Highlights = highlights(det.StoryText, det.StoryStart, sp)
	rows, err := db.pool.Query(ctx, rebind(`SELECT e.doc_key, d.doc_id, e.story, d.url, d.title FROM events e JOIN documents d ON d.id = e.document
		WHERE e.cluster = ? AND e.id <> ? ORDER BY e.id LIMIT 100`), cluster, n)
	if err != nil {
		return det, store.Errorf(store.CodeInternal, "event", "%v", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c store.EventCopy
		if err := rows.Scan(&c.DocKey, &c.DocID, &c.Story, &c.URL, &c.Title); err != nil {
			return det, store.Errorf(store.CodeInternal, "event", "%v", err)
		}
		det.Copies = append(det.Copies, c)
	}
	return det, rows.Err()
}

type scanFunc func(...any) error

func (f scanFunc) Scan(dst ...any) error { return f(dst...) }

// highlights turns the stored spans (source, target, trigger, date, place,
// sentence; document offsets) into spans of the story text.
func highlights(storyText string, storyStart int, sp [12]*int64) []store.Highlight {
	roles := []string{"source", "target", "trigger", "date", "place", "sentence"}
	out := []store.Highlight{}
	for i, role := range roles {
		s, e := sp[2*i], sp[2*i+1]
		if s == nil || e == nil {
			continue
		}
		h := store.Highlight{Start: int(*s) - storyStart, End: int(*e) - storyStart, Role: role}
		if h.Start < 0 || h.End > len(storyText) || h.Start > h.End {
			continue
		}
		out = append(out, h)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// Entities implements store.Querier: ranked by mentions, then id.
func (db *DB) Entities(ctx context.Context, q store.EntityQuery) (store.EntityPage, error) {
	page := store.EntityPage{Entities: []store.EntityRow{}}
	limit := store.PageSize(q.Limit)
	var c cond
	if t := store.NormName(q.Text); t != "" {
		c.Add("x.id IN (SELECT entity FROM entity_names WHERE norm >= ? AND norm < ?)", t, store.PrefixEnd(t))
	}
	if q.Kind != "" {
		c.Add("x.kind = ?", q.Kind)
	}
	if q.Cursor != "" {
		parts, err := store.DecodeCursor("entities", q.Cursor, 2)
		if err != nil {
			return page, err
		}
		m, err := strconv.Atoi(parts[0])
		if err != nil {
			return page, store.Errorf(store.CodeInvalid, "entities", "bad cursor")
		}
		c.Add("(x.mentions < ? OR (x.mentions = ? AND x.id > ?))", m, m, parts[1])
	}
	rows, err := db.pool.Query(ctx, rebind(`SELECT x.id, x.kind, x.name, x.actor_code, x.mentions, x.documents, x.first_seen, x.last_seen
		FROM entities x WHERE `+c.Where()+` ORDER BY x.mentions DESC, x.id LIMIT ?`), append(c.Args, limit+1)...)
	if err != nil {
		return page, store.Errorf(store.CodeInternal, "entities", "%v", err)
	}
	for rows.Next() {
		var e store.EntityRow
		if err := rows.Scan(&e.ID, &e.Kind, &e.Name, &e.ActorCode, &e.Mentions, &e.Documents, &e.FirstSeen, &e.LastSeen); err != nil {
			rows.Close()
			return page, store.Errorf(store.CodeInternal, "entities", "%v", err)
		}
		page.Entities = append(page.Entities, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return page, store.Errorf(store.CodeInternal, "entities", "%v", err)
	}
	if len(page.Entities) > limit {
		page.Entities = page.Entities[:limit]
		last := page.Entities[limit-1]
		page.Next = store.EncodeCursor(strconv.Itoa(last.Mentions), last.ID)
	}
	// Every row's top aliases in one round trip, not one query per row.
	ids := make([]string, len(page.Entities))
	for i, e := range page.Entities {
		ids[i] = e.ID
	}
	als, err := db.aliasTextsOf(ctx, ids, 5)
	if err != nil {
		return page, store.Errorf(store.CodeInternal, "entities", "%v", err)
	}
	for i := range page.Entities {
		page.Entities[i].Aliases = als[page.Entities[i].ID]
	}
	return page, nil
}

// aliasTextsOf is aliasTexts for several entities at once.
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

func (db *DB) aliasTexts(ctx context.Context, id string, n int) ([]string, error) {
	rows, err := db.pool.Query(ctx, rebind(`SELECT text FROM aliases WHERE entity = ? ORDER BY count DESC, text LIMIT ?`), id, n)
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

// Entity implements store.Querier.
func (db *DB) Entity(ctx context.Context, id string) (store.EntityDetail, error) {
	var det store.EntityDetail
	e := &det.EntityRow
	err := db.pool.QueryRow(ctx, rebind(`SELECT id, kind, name, actor_code, mentions, documents, first_seen, last_seen FROM entities WHERE id = ?`), id).
		Scan(&e.ID, &e.Kind, &e.Name, &e.ActorCode, &e.Mentions, &e.Documents, &e.FirstSeen, &e.LastSeen)
	if errors.Is(err, pgx.ErrNoRows) {
		return det, &store.Error{Code: store.CodeNotFound, Op: "entity", Err: fmt.Errorf("no entity %q", id)}
	}
	if err != nil {
		return det, store.Errorf(store.CodeInternal, "entity", "%v", err)
	}
	fail := func(err error) (store.EntityDetail, error) {
		return det, store.Errorf(store.CodeInternal, "entity", "%v", err)
	}
	if e.Aliases, err = db.aliasTexts(ctx, id, 5); err != nil {
		return fail(err)
	}
	det.AliasDetails = []store.AliasRow{}
	rows, err := db.pool.Query(ctx, rebind(`SELECT text, script, source, confidence, count, doc_key, start, "end" FROM aliases WHERE entity = ? ORDER BY count DESC, text LIMIT 200`), id)
	if err != nil {
		return fail(err)
	}
	for rows.Next() {
		var a store.AliasRow
		if err := rows.Scan(&a.Text, &a.Script, &a.Source, &a.Confidence, &a.Count, &a.DocKey, &a.Start, &a.End); err != nil {
			rows.Close()
			return fail(err)
		}
		det.AliasDetails = append(det.AliasDetails, a)
	}
	rows.Close()
	det.Codes = []store.CodeSpan{}
	rows, err = db.pool.Query(ctx, rebind(`SELECT code, first, last, n FROM entity_codes WHERE entity = ? AND n > 0 ORDER BY first, code`), id)
	if err != nil {
		return fail(err)
	}
	for rows.Next() {
		var c store.CodeSpan
		if err := rows.Scan(&c.Code, &c.From, &c.To, &c.Count); err != nil {
			rows.Close()
			return fail(err)
		}
		det.Codes = append(det.Codes, c)
	}
	rows.Close()
	det.Timeline = []store.DayCount{}
	rows, err = db.pool.Query(ctx, rebind(`SELECT day, n FROM entity_days WHERE entity = ? AND n > 0 ORDER BY day`), id)
	if err != nil {
		return fail(err)
	}
	for rows.Next() {
		var d store.DayCount
		if err := rows.Scan(&d.Day, &d.Count); err != nil {
			rows.Close()
			return fail(err)
		}
		det.Timeline = append(det.Timeline, d)
	}
	rows.Close()
	det.Neighbours = []store.Neighbour{}
	rows, err = db.pool.Query(ctx, rebind(`SELECT x.id, x.kind, x.name, x.actor_code, x.mentions, x.documents, x.first_seen, x.last_seen, p.n
		FROM ((SELECT b AS o, n FROM entity_pairs WHERE a = ? ORDER BY n DESC, b LIMIT 20)
			UNION ALL (SELECT a, n FROM entity_pairs WHERE b = ? ORDER BY n DESC, a LIMIT 20) ORDER BY n DESC, o LIMIT 20) p
		JOIN entities x ON x.id = p.o ORDER BY p.n DESC, x.id`), id, id)
	if err != nil {
		return fail(err)
	}
	for rows.Next() {
		var n store.Neighbour
		if err := rows.Scan(&n.ID, &n.Kind, &n.Name, &n.ActorCode, &n.EntityRow.Mentions, &n.Documents, &n.FirstSeen, &n.LastSeen, &n.Count); err != nil {
			rows.Close()
			return fail(err)
		}
		det.Neighbours = append(det.Neighbours, n)
	}
	rows.Close()
	page, err := db.Events(ctx, store.EventFilter{Entity: id, Limit: 20})
	if err != nil {
		return det, err
	}
	det.Events = page.Events
	return det, nil
}

// rollup reports whether f only uses filters the agg_day roll-up keeps.
func rollup(f store.EventFilter) bool {
	return f.RunID == 0 && f.Actor == "" && f.Source == "" && f.Target == "" && f.Entity == "" &&
		(f.Code == "" || len(f.Code) == 2) && f.BBox == nil && f.GoldsteinMin == nil && f.GoldsteinMax == nil &&
		strings.TrimSpace(f.Text) == "" && f.DocKey == ""
}

func rollupCond(f store.EventFilter) cond {
	var c cond
	if f.Code != "" {
		c.Add("root = ?", f.Code)
	}
	if f.Root != "" {
		c.Add("root = ?", f.Root)
	}
	if f.Quad != 0 {
		c.Add("quad = ?", f.Quad)
	}
	if f.Country != "" {
		c.Add("country = ?", strings.ToUpper(f.Country))
	}
	if f.From != "" {
		c.Add("day >= ?", f.From)
	}
	if f.To != "" {
		c.Add("day < ?", f.To)
	}
	return c
}

// scanCond is the filter over the events table for aggregates. An
// either-side filter (Actor, Entity) becomes a union of one index scan per
// side; with newest > 0 each side keeps only its newest events.
func scanCond(f store.EventFilter, newest int) cond {
	c := baseCond(f)
	bs := sideBranches(f)
	if len(bs) < 2 && newest == 0 {
		return c
	}
	var subs []string
	var args []any
	for i, b := range bs {
		if newest > 0 {
			subs = append(subs, fmt.Sprintf("SELECT id FROM (SELECT e.id FROM events e WHERE %s ORDER BY e.date DESC, e.id DESC LIMIT %d) n%d", b.Where(), newest, i))
		} else {
			subs = append(subs, "SELECT e.id FROM events e WHERE "+b.Where())
		}
		args = append(args, b.Args...)
	}
	c.Add("e.id IN ("+strings.Join(subs, " UNION ")+")", args...)
	return c
}

// facetOnly reports whether an aggregate over f can read event_facet
// (migration 0008) instead of the events: a full-text query whose other
// filters are columns event_facet keeps.
func facetOnly(f store.EventFilter) bool {
	return facet.Supports(f)
}

// facets is the event filter over event_facet, which holds current events
// only; its text index is over newsgraph_event_tsv(id) (migration 0008).
var facets = store.EventSQL{Current: "true", Text: func(c *store.Cond, q string) {
	if ts := literal(q); ts != "" {
		c.Add("newsgraph_event_tsv(e.id) @@ ?::tsquery", ts)
	} else {
		c.Add("false")
	}
}}

func facetCond(f store.EventFilter) cond { return facets.FacetBase(f) }

// Timeline implements store.Querier.
func (db *DB) Timeline(ctx context.Context, f store.EventFilter, by string) ([]store.TimelineBucket, error) {
	if err := validateFilter("timeline", f); err != nil {
		return nil, err
	}
	col := ""
	switch by {
	case "", "quad":
		col = "quad"
	case "root":
		col = "root"
	default:
		return nil, store.Errorf(store.CodeInvalid, "timeline", "by %q: want root or quad", by)
	}
	var q string
	var args []any
	if g := f; g.Actor != "" && (len(g.Actor) == 3 || len(g.Actor) == 6) && g.Country == "" && func() bool { g.Actor = ""; return rollup(g) }() {
		// One actor's timeline: the actor roll-up (prefixes of 3 and 6).
		c := rollupCond(f)
		c.Add("actor = ?", f.Actor)
		q = fmt.Sprintf(`SELECT day, %s, sum(n), sum(gsum) FROM agg_actor WHERE %s GROUP BY day, %s HAVING sum(n) > 0 ORDER BY day, %s`, col, c.Where(), col, col)
		args = c.Args
	} else if rollup(f) {
		c := rollupCond(f)
		table := "agg_day"
		if f.Country != "" {
			table = "agg_cc"
		}
		q = fmt.Sprintf(`SELECT day, %s, sum(n), sum(gsum) FROM %s WHERE %s GROUP BY day, %s HAVING sum(n) > 0 ORDER BY day, %s`, col, table, c.Where(), col, col)
		args = c.Args
	} else if facetOnly(f) {
		c := facetCond(f)
		q = fmt.Sprintf(`SELECT e.date, e.%s, count(*), sum(e.goldstein) FROM event_facet e WHERE %s GROUP BY e.date, e.%s ORDER BY e.date, e.%s`, col, c.Where(), col, col)
		args = c.Args
	} else {
		c := scanCond(f, 0)
		q = fmt.Sprintf(`SELECT e.date, e.%s, count(*), sum(e.goldstein) FROM events e WHERE %s GROUP BY e.date, e.%s ORDER BY e.date, e.%s`, col, c.Where(), col, col)
		args = c.Args
	}
	rows, err := db.pool.Query(ctx, rebind(q), args...)
	if err != nil {
		return nil, store.Errorf(store.CodeInternal, "timeline", "%v", err)
	}
	defer rows.Close()
	out := []store.TimelineBucket{}
	for rows.Next() {
		var b store.TimelineBucket
		var key any
		var sum float64
		if err := rows.Scan(&b.Day, &key, &b.Count, &sum); err != nil {
			return nil, store.Errorf(store.CodeInternal, "timeline", "%v", err)
		}
		b.Key = fmt.Sprint(key)
		if b.Count > 0 {
			b.AvgGoldstein = store.Round2(sum / float64(b.Count))
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// ActorPairs implements store.Querier.
func (db *DB) ActorPairs(ctx context.Context, f store.EventFilter, limit int) ([]store.PairCount, error) {
	if err := validateFilter("actor pairs", f); err != nil {
		return nil, err
	}
	limit = store.PageSize(limit)
	var q string
	var args []any
	if rollup(f) && f.Country == "" && f.From == "" && f.To == "" && f.Root == "" && f.Code == "" && f.Quad == 0 {
		q = `SELECT source_code, target_code, n FROM agg_pair_total WHERE n > 0 AND source_code <> '' AND target_code <> ''
			ORDER BY n DESC, source_code, target_code LIMIT ?`
		args = []any{limit}
	} else if rollup(f) && f.Country == "" && f.From == "" && f.To == "" {
		c := rollupCond(f)
		q = `SELECT source_code, target_code, sum(n) AS k FROM agg_pair WHERE ` + c.Where() + ` AND n > 0 AND source_code <> '' AND target_code <> ''
			GROUP BY source_code, target_code HAVING sum(n) > 0 ORDER BY k DESC, source_code, target_code LIMIT ?`
		args = append(c.Args, limit)
	} else if facetOnly(f) {
		c := facetCond(f)
		q = `SELECT e.source_code, e.target_code, count(*) AS k FROM event_facet e WHERE ` + c.Where() + ` AND e.source_code <> '' AND e.target_code <> ''
			GROUP BY e.source_code, e.target_code ORDER BY k DESC, e.source_code, e.target_code LIMIT ?`
		args = append(c.Args, limit)
	} else {
		c := scanCond(f, 0)
		q = `SELECT e.source_code, e.target_code, count(*) AS k FROM events e WHERE ` + c.Where() + ` AND e.source_code <> '' AND e.target_code <> ''
			GROUP BY e.source_code, e.target_code ORDER BY k DESC, e.source_code, e.target_code LIMIT ?`
		args = append(c.Args, limit)
	}
	rows, err := db.pool.Query(ctx, rebind(q), args...)
	if err != nil {
		return nil, store.Errorf(store.CodeInternal, "actor pairs", "%v", err)
	}
	defer rows.Close()
	out := []store.PairCount{}
	for rows.Next() {
		var p store.PairCount
		if err := rows.Scan(&p.Source, &p.Target, &p.Count); err != nil {
			return nil, store.Errorf(store.CodeInternal, "actor pairs", "%v", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Countries implements store.Querier.
func (db *DB) Countries(ctx context.Context, f store.EventFilter) ([]store.CountryCount, error) {
	if err := validateFilter("countries", f); err != nil {
		return nil, err
	}
	var q string
	var args []any
	if rollup(f) {
		c := rollupCond(f)
		table := "agg_cc"
		if f.From == "" && f.To == "" {
			table = "agg_cc_total" // no days to select: the totals
		}
		q = `SELECT country, sum(n) AS k FROM ` + table + ` WHERE ` + c.Where() + ` GROUP BY country HAVING sum(n) > 0 ORDER BY k DESC, country`
		args = c.Args
	} else if facetOnly(f) {
		c := facetCond(f)
		q = `SELECT e.country, count(*) AS k FROM event_facet e WHERE ` + c.Where() + ` AND e.country <> '' GROUP BY e.country ORDER BY k DESC, e.country`
		args = c.Args
	} else {
		c := scanCond(f, 0)
		q = `SELECT e.country, count(*) AS k FROM events e WHERE ` + c.Where() + ` AND e.country <> '' GROUP BY e.country ORDER BY k DESC, e.country`
		args = c.Args
	}
	rows, err := db.pool.Query(ctx, rebind(q), args...)
	if err != nil {
		return nil, store.Errorf(store.CodeInternal, "countries", "%v", err)
	}
	defer rows.Close()
	out := []store.CountryCount{}
	for rows.Next() {
		var c store.CountryCount
		if err := rows.Scan(&c.Country, &c.Count); err != nil {
			return nil, store.Errorf(store.CodeInternal, "countries", "%v", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Network implements store.Querier over the newest networkScan matching
// events: nodes are entities (or codes for actors without one), edges the
// events between them, strongest first.
func (db *DB) Network(ctx context.Context, f store.EventFilter, limit int) (store.Network, error) {
	var nw store.Network
	if err := validateFilter("network", f); err != nil {
		return nw, err
	}
	limit = store.PageSize(limit)
	// The newest events of each index scan, with the columns an edge
	// needs: no scan of the whole table whatever the filter, and for the
	// common scans (an actor's country, a date range) no table reads
	// either, as those indexes carry the columns (migration 0005). UNION
	// keeps an event matched on both sides once (the id is selected).
	var subs []string
	var args []any
	for i, b := range sideBranches(f) {
		b.Add("e.source_code <> '' AND e.target_code <> ''")
		subs = append(subs, fmt.Sprintf(`SELECT * FROM (SELECT e.id, e.source_entity, e.source_code, e.source_name, e.target_entity, e.target_code, e.target_name, e.goldstein
			FROM events e WHERE %s ORDER BY e.date DESC, e.id DESC LIMIT %d) n%d`, b.Where(), networkScan, i))
		args = append(args, b.Args...)
	}
	rows, err := db.pool.Query(ctx, rebind(`SELECT s, min(sl), min(sc), t, min(tl), min(tc), count(*), sum(g) FROM (
		SELECT coalesce(e.source_entity, 'code:' || e.source_code) AS s, CASE WHEN e.source_name <> '' THEN e.source_name ELSE e.source_code END AS sl, e.source_code AS sc,
			coalesce(e.target_entity, 'code:' || e.target_code) AS t, CASE WHEN e.target_name <> '' THEN e.target_name ELSE e.target_code END AS tl, e.target_code AS tc,
			e.goldstein AS g
		FROM (`+strings.Join(subs, " UNION ")+`) e) x
		GROUP BY s, t ORDER BY count(*) DESC, s, t LIMIT ?`), append(args, limit)...)
	if err != nil {
		return nw, store.Errorf(store.CodeInternal, "network", "%v", err)
	}
	defer rows.Close()
	return buildNetwork(func() (bool, edgeRow, error) {
		if !rows.Next() {
			return false, edgeRow{}, rows.Err()
		}
		var r edgeRow
		err := rows.Scan(&r.s, &r.sl, &r.sc, &r.t, &r.tl, &r.tc, &r.n, &r.g)
		return err == nil, r, err
	}, limit)
}

type edgeRow struct {
	s, sl, sc, t, tl, tc string
	n                    int
	g                    float64
}

// buildNetwork keeps the limit strongest edges (already ordered) and the
// nodes they touch, weighted by their events.
func buildNetwork(next func() (bool, edgeRow, error), limit int) (store.Network, error) {
	nw := store.Network{Nodes: []store.NetworkNode{}, Edges: []store.NetworkEdge{}}
	nodes := map[string]*store.NetworkNode{}
	for {
		ok, r, err := next()
		if err != nil {
			return nw, store.Errorf(store.CodeInternal, "network", "%v", err)
		}
		if !ok {
			break
		}
		if len(nw.Edges) >= limit {
			continue
		}
		nw.Edges = append(nw.Edges, store.NetworkEdge{Source: r.s, Target: r.t, Weight: r.n, AvgGoldstein: store.Round2(r.g / float64(r.n))})
		for _, n := range [][3]string{{r.s, r.sl, r.sc}, {r.t, r.tl, r.tc}} {
			if nodes[n[0]] == nil {
				nodes[n[0]] = &store.NetworkNode{ID: n[0], Label: n[1], Code: n[2]}
			}
			nodes[n[0]].Weight += r.n
		}
	}
	for _, n := range nodes {
		nw.Nodes = append(nw.Nodes, *n)
	}
	sort.Slice(nw.Nodes, func(i, j int) bool {
		if nw.Nodes[i].Weight != nw.Nodes[j].Weight {
			return nw.Nodes[i].Weight > nw.Nodes[j].Weight
		}
		return nw.Nodes[i].ID < nw.Nodes[j].ID
	})
	return nw, nil
}

// rebind turns the ? placeholders of the shared query builders into $n.
func rebind(q string) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}
