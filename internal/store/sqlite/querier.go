package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/facet"
)

var _ store.Querier = (*DB)(nil)

// networkScan bounds the events a network is built from: the newest ones
// matching the filter, so an unfiltered network over millions of events
// still answers in interactive time.
const networkScan = 5000

// cond is the shared WHERE-clause builder; events is this dialect's
// event-filter builder (internal/store/sqlevents.go).
type cond = store.Cond

var events = store.EventSQL{
	Current: "e.current = 1",
	Text: func(c *store.Cond, q string) {
		c.Add("e.id IN (SELECT "+eventIDSQL+" FROM event_text WHERE event_text MATCH ?)", quoteWords(ftsText(q)))
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
	var lat, lon sql.NullFloat64
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
	if pname != "" || lat.Valid {
		r.Place = &store.PlaceRef{Name: pname, Country: country, Admin1: admin1, Lat: lat.Float64, Lon: lon.Float64, GeonameID: geo}
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
	var err error
	page.Events = nil
	if key == "e.date" && textByKey && textOnly(f) {
		if page.Events, err = db.textByDate(ctx, f, dir, after, limit); err != nil {
			return page, err
		}
	}
	if page.Events == nil && key == "e.date" && boxOnly(f) {
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
		if after != nil {
			c.Add(fmt.Sprintf("(e.date, e.id) %s (?, ?)", cmp), after...)
		}
		b := f.BBox
		sub := fmt.Sprintf(`SELECT * FROM (SELECT id, k FROM (SELECT e.id AS id, e.date AS k, e.lon AS lon, e.lat AS lat FROM events e WHERE %s ORDER BY %s LIMIT %d)
			WHERE lon BETWEEN ? AND ? AND lat BETWEEN ? AND ? ORDER BY k %s, id %s LIMIT %d)`, c.Where(), order, boxScan, dir, dir, limit+1)
		page.Events, err = db.eventRows(ctx, []string{sub}, append(c.Args, b[0], b[2], b[1], b[3]), dir, limit)
		if err != nil {
			return page, err
		}
		if len(page.Events) <= limit {
			page.Events = nil // too few there: scan the box's grid cells
		}
	}
	if page.Events == nil {
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
		if key == "e.date" && len(f.Code) == 3 {
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
		var subs []string
		var args []any
		for _, c := range bs {
			if after != nil {
				c.Add(fmt.Sprintf("(%s, e.id) %s (?, ?)", key, cmp), after...)
			}
			subs = append(subs, fmt.Sprintf("SELECT * FROM (SELECT e.id AS id, %s AS k FROM events e WHERE %s ORDER BY %s LIMIT %d)", key, c.Where(), order, limit+1))
			args = append(args, c.Args...)
		}
		if page.Events, err = db.eventRows(ctx, subs, args, dir, limit); err != nil {
			return page, err
		}
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
	return db.eventRows(ctx, []string{sub}, c.Args, dir, limit)
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

// eventRows runs the union of keyset scans subs (each yielding id and
// sort key k) and reads the first limit+1 events with their documents
// and clusters.
func (db *DB) eventRows(ctx context.Context, subs []string, args []any, dir string, limit int) ([]store.EventRow, error) {
	q := fmt.Sprintf(`SELECT %s FROM (%s ORDER BY k %s, id %s LIMIT %d) p JOIN events e ON e.id = p.id
		JOIN documents d ON d.id = e.document JOIN event_clusters c ON c.id = e.cluster ORDER BY p.k %s, p.id %s`,
		eventCols, strings.Join(subs, " UNION "), dir, dir, limit+1, dir, dir)
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, store.Errorf(store.CodeInternal, "events", "%v", err)
	}
	defer rows.Close()
	out := []store.EventRow{}
	for rows.Next() {
		var r store.EventRow
		if err := scanEvent(rows, &r); err != nil {
			return nil, store.Errorf(store.CodeInternal, "events", "%v", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, store.Errorf(store.CodeInternal, "events", "%v", err)
	}
	return out, nil
}

// textIDs is the most full-text matches listed by id in an event list's
// query; a commoner query is checked row by row in the list's index order.
var textIDs = 5000

// eventSQL is the event-filter builder for a list (Events, Network), with
// the full-text condition chosen by how many events match: a rare query's
// matches are looked up by id and sorted, a common one is checked against
// each event of the ordered index scan until the page is full, so neither
// reads all the matches of "talks" nor all events for a rare name.
func (db *DB) eventSQL(ctx context.Context, f store.EventFilter) (store.EventSQL, error) {
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
	var det store.EventDetail
	n, err := strconv.ParseInt(id, 10, 64)
	notFound := &store.Error{Code: store.CodeNotFound, Op: "event", Err: fmt.Errorf("no event %q", id)}
	if err != nil {
		return det, notFound
	}
	var storyID sql.NullInt64
	var cluster int64
	var sp [12]sql.NullInt64
	row := db.stmtQueryRow(ctx, `SELECT `+eventCols+`, e.story_id, e.cluster, e.pattern, e.coder, e.dictionary, e.model,
		e.source_start, e.source_end, e.target_start, e.target_end, e.trig_start, e.trig_end,
		e.date_start, e.date_end, e.place_start, e.place_end, e.sent_start, e.sent_end`+eventFrom+` WHERE e.id = ?`, n)
	err = scanEvent(scanFunc(func(dst ...any) error {
		dst = append(dst, &storyID, &cluster, &det.Pattern, &det.Coder, &det.Dictionary, &det.Model)
		for i := range sp {
			dst = append(dst, &sp[i])
		}
		return row.Scan(dst...)
	}), &det.EventRow)
	if err == sql.ErrNoRows {
		return det, notFound
	}
	if err != nil {
		return det, store.Errorf(store.CodeInternal, "event", "%v", err)
	}
	if storyID.Valid {
		var end int
		err = db.stmtQueryRow(ctx, `SELECT text, start, end FROM stories WHERE id = ?`, storyID.Int64).Scan(&det.StoryText, &det.StoryStart, &end)
		// The stored text carries the index's CJK separators; the spans
		// index the document text.
		det.StoryText = plainText(det.StoryText)
		if err == nil && len(det.StoryText) != end-det.StoryStart {
			if d, derr := db.Doc(ctx, det.DocKey); derr == nil && end <= len(d.Text) && det.StoryStart <= end {
				det.StoryText = d.Text[det.StoryStart:end]
			}
		}
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
	rows, err := db.stmtQuery(ctx, `SELECT e.doc_key, d.doc_id, e.story, d.url, d.title FROM events e JOIN documents d ON d.id = e.document
		WHERE e.cluster = ? AND e.id <> ? ORDER BY e.id LIMIT 100`, cluster, n)
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
func highlights(storyText string, storyStart int, sp [12]sql.NullInt64) []store.Highlight {
	roles := []string{"source", "target", "trigger", "date", "place", "sentence"}
	out := []store.Highlight{}
	for i, role := range roles {
		s, e := sp[2*i], sp[2*i+1]
		if !s.Valid || !e.Valid {
			continue
		}
		h := store.Highlight{Start: int(s.Int64) - storyStart, End: int(e.Int64) - storyStart, Role: role}
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
	rows, err := db.r.QueryContext(ctx, `SELECT x.id, x.kind, x.name, x.actor_code, x.mentions, x.documents, x.first_seen, x.last_seen
		FROM entities x WHERE `+c.Where()+` ORDER BY x.mentions DESC, x.id LIMIT ?`, append(c.Args, limit+1)...)
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
	for i := range page.Entities {
		al, err := db.aliasTexts(ctx, page.Entities[i].ID, 5)
		if err != nil {
			return page, store.Errorf(store.CodeInternal, "entities", "%v", err)
		}
		page.Entities[i].Aliases = al
	}
	return page, nil
}

func (db *DB) aliasTexts(ctx context.Context, id string, n int) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT text FROM aliases WHERE entity = ? ORDER BY count DESC, text LIMIT ?`, id, n)
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
	err := db.r.QueryRowContext(ctx, `SELECT id, kind, name, actor_code, mentions, documents, first_seen, last_seen FROM entities WHERE id = ?`, id).
		Scan(&e.ID, &e.Kind, &e.Name, &e.ActorCode, &e.Mentions, &e.Documents, &e.FirstSeen, &e.LastSeen)
	if err == sql.ErrNoRows {
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
	rows, err := db.r.QueryContext(ctx, `SELECT text, script, source, confidence, count, doc_key, start, end FROM aliases WHERE entity = ? ORDER BY count DESC, text LIMIT 200`, id)
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
	rows, err = db.r.QueryContext(ctx, `SELECT code, first, last, n FROM entity_codes WHERE entity = ? AND n > 0 ORDER BY first, code`, id)
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
	rows, err = db.r.QueryContext(ctx, `SELECT day, n FROM entity_days WHERE entity = ? AND n > 0 ORDER BY day`, id)
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
	rows, err = db.r.QueryContext(ctx, `SELECT x.id, x.kind, x.name, x.actor_code, x.mentions, x.documents, x.first_seen, x.last_seen, p.n
		FROM (SELECT b AS o, n FROM entity_pairs WHERE a = ?1 UNION ALL SELECT a, n FROM entity_pairs WHERE b = ?1 ORDER BY n DESC, o LIMIT 20) p
		JOIN entities x ON x.id = p.o ORDER BY p.n DESC, x.id`, id)
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

// wrapErr is err as an internal store error of op (nil stays nil).
func wrapErr(op string, err error) error {
	if err == nil {
		return nil
	}
	return store.Errorf(store.CodeInternal, op, "%v", err)
}

// facetOnly reports whether an aggregate over f can read event_facet
// (migration 0010) instead of the events: a full-text query whose other
// filters are columns event_facet keeps.
func facetOnly(f store.EventFilter) bool {
	return facet.Supports(f)
}

// facetFrom drives the join from the full-text matches, in key order.
const facetFrom = `event_text CROSS JOIN event_facet e ON e.k = event_text.rowid`

// facets is the event filter over event_facet, which holds current events only.
var facets = store.EventSQL{Current: "1 = 1"}

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
	var out []store.TimelineBucket
	if ok, err := db.fromFacets(ctx, f, func(ix *facet.Index, keys []int64) { out = ix.Timeline(keys, f, by) }); ok || err != nil {
		return out, wrapErr("timeline", err)
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
		c, err := db.facetCond(ctx, f)
		if err != nil {
			return nil, store.Errorf(store.CodeInternal, "timeline", "%v", err)
		}
		q = fmt.Sprintf(`SELECT e.date, e.%s, count(*), sum(e.goldstein) FROM %s WHERE %s GROUP BY e.date, e.%s ORDER BY e.date, e.%s`, col, facetFrom, c.Where(), col, col)
		args = c.Args
	} else {
		c := scanCond(f, 0)
		q = fmt.Sprintf(`SELECT e.date, e.%s, count(*), sum(e.goldstein) FROM events e WHERE %s GROUP BY e.date, e.%s ORDER BY e.date, e.%s`, col, c.Where(), col, col)
		args = c.Args
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, store.Errorf(store.CodeInternal, "timeline", "%v", err)
	}
	defer rows.Close()
	out = []store.TimelineBucket{}
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
	var pairs []store.PairCount
	if ok, err := db.fromFacets(ctx, f, func(ix *facet.Index, keys []int64) { pairs = ix.ActorPairs(keys, f, limit) }); ok || err != nil {
		return pairs, wrapErr("actor pairs", err)
	}
	var q string
	var args []any
	if rollup(f) && f.Country == "" && f.From == "" && f.To == "" && f.Root == "" && f.Code == "" && f.Quad == 0 {
		q = `SELECT source_code, target_code, n FROM agg_pair_total WHERE n > 0 AND source_code <> '' AND target_code <> ''
			ORDER BY n DESC, source_code, target_code LIMIT ?`
		args = []any{limit}
	} else if rollup(f) && f.Country == "" && f.From == "" && f.To == "" {
		c := rollupCond(f)
		q = `SELECT source_code, target_code, sum(n) AS k FROM agg_pair WHERE ` + c.Where() + ` AND n > 0 AND source_code <> '' AND target_code <> ''
			GROUP BY source_code, target_code HAVING k > 0 ORDER BY k DESC, source_code, target_code LIMIT ?`
		args = append(c.Args, limit)
	} else if facetOnly(f) {
		c, err := db.facetCond(ctx, f)
		if err != nil {
			return nil, store.Errorf(store.CodeInternal, "actor pairs", "%v", err)
		}
		q = `SELECT e.source_code, e.target_code, count(*) AS k FROM ` + facetFrom + ` WHERE ` + c.Where() + ` AND e.source_code <> '' AND e.target_code <> ''
			GROUP BY e.source_code, e.target_code ORDER BY k DESC, e.source_code, e.target_code LIMIT ?`
		args = append(c.Args, limit)
	} else {
		c := scanCond(f, 0)
		from := "events e"
		if g := f; g.RunID == 0 && (g.From != "" || g.To != "") {
			g.From, g.To, g.Limit, g.Cursor, g.Sort = "", "", 0, "", ""
			if g == (store.EventFilter{}) {
				// A date range alone: the covering scan of the range. With
				// the range's bounds in hand (STAT4) the planner otherwise
				// takes a skip-scan with a row lookup per event for some.
				from = "events e INDEXED BY events_date_pair"
			}
		}
		q = `SELECT e.source_code, e.target_code, count(*) AS k FROM ` + from + ` WHERE ` + c.Where() + ` AND e.source_code <> '' AND e.target_code <> ''
			GROUP BY e.source_code, e.target_code ORDER BY k DESC, e.source_code, e.target_code LIMIT ?`
		args = append(c.Args, limit)
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
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
	var ccs []store.CountryCount
	if ok, err := db.fromFacets(ctx, f, func(ix *facet.Index, keys []int64) { ccs = ix.Countries(keys, f) }); ok || err != nil {
		return ccs, wrapErr("countries", err)
	}
	var q string
	var args []any
	if rollup(f) && f.From == "" && f.To == "" {
		c := rollupCond(f)
		q = `SELECT country, sum(n) AS k FROM agg_cc_total WHERE ` + c.Where() + ` GROUP BY country HAVING k > 0 ORDER BY k DESC, country`
		args = c.Args
	} else if rollup(f) {
		c := rollupCond(f)
		q = `SELECT country, sum(n) AS k FROM agg_cc WHERE ` + c.Where() + ` GROUP BY country HAVING k > 0 ORDER BY k DESC, country`
		args = c.Args
	} else if facetOnly(f) {
		c, err := db.facetCond(ctx, f)
		if err != nil {
			return nil, store.Errorf(store.CodeInternal, "countries", "%v", err)
		}
		q = `SELECT e.country, count(*) AS k FROM ` + facetFrom + ` WHERE ` + c.Where() + ` AND e.country <> '' GROUP BY e.country ORDER BY k DESC, e.country`
		args = c.Args
	} else {
		c := scanCond(f, 0)
		q = `SELECT e.country, count(*) AS k FROM events e WHERE ` + c.Where() + ` AND e.country <> '' GROUP BY e.country ORDER BY k DESC, e.country`
		args = c.Args
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
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
	rows, err := db.r.QueryContext(ctx, `SELECT s, sl, sc, t, tl, tc, count(*), sum(g) FROM (
		SELECT coalesce(e.source_entity, 'code:' || e.source_code) AS s, CASE WHEN e.source_name <> '' THEN e.source_name ELSE e.source_code END AS sl, e.source_code AS sc,
			coalesce(e.target_entity, 'code:' || e.target_code) AS t, CASE WHEN e.target_name <> '' THEN e.target_name ELSE e.target_code END AS tl, e.target_code AS tc,
			e.goldstein AS g
		FROM events e JOIN (`+strings.Join(subs, " UNION ")+`) ids ON ids.id = e.id)
		GROUP BY s, t ORDER BY count(*) DESC, s, t`, args...)
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

// textNetwork selects a full-text network's newest networkScan events
// straight from event_text in key order ((date, id), eventkey.go), rather
// than scanning the events by date and testing each against the index.
// It returns "" when f has more than text and facet filters, or some key
// is out of order.
func (db *DB) textNetwork(ctx context.Context, f store.EventFilter) (string, []any, error) {
	if !facetOnly(f) || f.Actor != "" { // an either-side actor: newest per side (SideBranches)
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
	c := baseCond(g)
	c.Add("event_text MATCH ?", quoteWords(ftsText(f.Text)))
	keyBounds(&c, "event_text.rowid", f)
	c.Add("e.source_code <> '' AND e.target_code <> ''")
	return fmt.Sprintf(`SELECT id FROM (SELECT e.id FROM event_text CROSS JOIN events e ON e.id = %s WHERE %s ORDER BY event_text.rowid DESC LIMIT %d)`,
		eventIDSQL, c.Where(), networkScan), c.Args, nil
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
