package sqlq

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
)

// ScanEvent reads the columns of EventCols.
func ScanEvent(sc Row, r *store.EventRow) error {
	// sql.Null* rather than pointers: database/sql fills pointers by
	// reflection, an allocation each, and pgx takes both.
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
		r.Place = &store.PlaceRef{Name: pname, Country: country, Admin1: admin1, GeonameID: geo}
		if lat.Valid && lon.Valid {
			r.Place.Lat, r.Place.Lon = lat.Float64, lon.Float64
		}
	}
	return nil
}

func scanEvent(rows Rows, r *store.EventRow) error { return ScanEvent(rows, r) }

// EventOrder is an event list's keyset order (Events sorts by date or
// Goldstein score, then id) and the position of its cursor.
type EventOrder struct {
	Key   string // e.date or e.goldstein
	Dir   string // ASC or DESC
	Cmp   string // > or <: what lies past the cursor
	After []any  // the cursor's (key, id); nil on the first page
}

// ParseEventOrder reads f's sort and cursor.
func ParseEventOrder(f store.EventFilter) (EventOrder, error) {
	o := EventOrder{Key: "e.date", Dir: "DESC", Cmp: "<"}
	switch f.Sort {
	case "date":
		o.Dir, o.Cmp = "ASC", ">"
	case "goldstein":
		o.Key, o.Dir, o.Cmp = "e.goldstein", "ASC", ">"
	case "-goldstein":
		o.Key = "e.goldstein"
	}
	if f.Cursor == "" {
		return o, nil
	}
	parts, err := store.DecodeCursor("events", f.Cursor, 2)
	if err != nil {
		return o, err
	}
	bad := store.Errorf(store.CodeInvalid, "events", "bad cursor")
	id, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return o, bad
	}
	var k any = parts[0]
	if o.Key == "e.goldstein" {
		g, err := strconv.ParseFloat(parts[0], 64)
		if err != nil {
			return o, bad
		}
		k = g
	}
	o.After = []any{k, id}
	return o, nil
}

// By is the ORDER BY of one keyset scan.
func (o EventOrder) By() string { return fmt.Sprintf("%s %s, e.id %s", o.Key, o.Dir, o.Dir) }

// Past adds "after the cursor" to c (nothing on the first page).
func (o EventOrder) Past(c *store.Cond) {
	if o.After != nil {
		c.Add(fmt.Sprintf("(%s, e.id) %s (?, ?)", o.Key, o.Cmp), o.After...)
	}
}

// Scans makes each branch one ordered index scan past the cursor that
// yields at most n rows of (id, sort key k), for ReadEvents to merge.
func (o EventOrder) Scans(bs []store.Cond, n int) ([]string, []any) {
	var subs []string
	var args []any
	for _, c := range bs {
		o.Past(&c)
		subs = append(subs, fmt.Sprintf("SELECT * FROM (SELECT e.id AS id, %s AS k FROM events e WHERE %s ORDER BY %s LIMIT %d) b%d",
			o.Key, c.Where(), o.By(), n, len(subs)))
		args = append(args, c.Args...)
	}
	return subs, args
}

// Page cuts the events read (up to limit+1) into a page with the cursor
// of the next one.
func (o EventOrder) Page(rows []store.EventRow, limit int) store.EventPage {
	p := store.EventPage{Events: orEmpty(rows)}
	if len(p.Events) > limit {
		p.Events = p.Events[:limit]
		last := p.Events[limit-1]
		k := last.Date
		if o.Key == "e.goldstein" {
			k = strconv.FormatFloat(last.Goldstein, 'g', -1, 64)
		}
		p.Next = store.EncodeCursor(k, last.ID)
	}
	return p
}

// EventsSQL merges the keyset scans subs (each yielding id and sort key
// k) and joins the first limit+1 events to their documents and clusters.
func EventsSQL(subs []string, dir string, limit int) string {
	return fmt.Sprintf(`SELECT %s FROM (%s ORDER BY k %s, id %s LIMIT %d) p JOIN events e ON e.id = p.id
		JOIN documents d ON d.id = e.document JOIN event_clusters c ON c.id = e.cluster ORDER BY p.k %s, p.id %s`,
		EventCols, strings.Join(subs, " UNION "), dir, dir, limit+1, dir, dir)
}

// ReadEvents runs EventsSQL.
func ReadEvents(ctx context.Context, c Conn, subs []string, args []any, dir string, limit int) ([]store.EventRow, error) {
	rows, err := c.Query(ctx, EventsSQL(subs, dir, limit), args...)
	out, err := readAll("events", rows, err, scanEvent)
	return orEmpty(out), err
}

// Events is store.Querier.Events with one ordered index scan per branch
// of es (the plan both backends share; SQLite has more).
func Events(ctx context.Context, c Conn, es EventSQL, f store.EventFilter) (store.EventPage, error) {
	if err := ValidateEventFilter("events", f); err != nil {
		return store.EventPage{}, err
	}
	o, err := ParseEventOrder(f)
	if err != nil {
		return store.EventPage{}, err
	}
	limit := store.PageSize(f.Limit)
	subs, args := o.Scans(es.Branches(f), limit+1)
	rows, err := ReadEvents(ctx, c, subs, args, o.Dir, limit)
	if err != nil {
		return store.EventPage{}, err
	}
	return o.Page(rows, limit), nil
}

// eventDetailSQL is an event with its evidence spans.
const eventDetailSQL = `SELECT ` + EventCols + `, e.story_id, e.cluster, e.pattern, e.coder, e.dictionary, e.model,
		e.source_start, e.source_end, e.target_start, e.target_end, e.trig_start, e.trig_end,
		e.date_start, e.date_end, e.place_start, e.place_end, e.sent_start, e.sent_end` + EventFrom + ` WHERE e.id = ?`

// StoryText reads a stored story's text and its offset in the document
// (docKey's), which the evidence spans index.
type StoryText func(ctx context.Context, storyID int64, docKey string) (string, int, error)

// Event is store.Querier.Event: the event, its story text with the
// evidence highlighted (docOf gives the text of an event without a
// story), and the other stories that carry it.
func Event(ctx context.Context, c Conn, story StoryText, docOf func(context.Context, string) (*doc.Doc, error), id string) (store.EventDetail, error) {
	var det store.EventDetail
	n, err := strconv.ParseInt(id, 10, 64)
	notFound := &store.Error{Code: store.CodeNotFound, Op: "event", Err: fmt.Errorf("no event %q", id)}
	if err != nil {
		return det, notFound
	}
	var storyID sql.NullInt64
	var cluster int64
	var sp [12]sql.NullInt64
	row := c.QueryRow(ctx, eventDetailSQL, n)
	err = ScanEvent(scanFunc(func(dst ...any) error {
		dst = append(dst, &storyID, &cluster, &det.Pattern, &det.Coder, &det.Dictionary, &det.Model)
		for i := range sp {
			dst = append(dst, &sp[i])
		}
		return row.Scan(dst...)
	}), &det.EventRow)
	if errors.Is(err, sql.ErrNoRows) {
		return det, notFound
	}
	if err != nil {
		return det, internal("event", err)
	}
	if storyID.Valid {
		det.StoryText, det.StoryStart, err = story(ctx, storyID.Int64, det.DocKey)
	} else {
		d, derr := docOf(ctx, det.DocKey)
		err = derr
		if d != nil {
			det.StoryText = d.Text
		}
	}
	if err != nil {
		return det, store.Errorf(store.CodeInternal, "event", "story: %v", err)
	}
	det.Highlights = Highlights(det.StoryText, det.StoryStart, sp)
	rows, err := c.Query(ctx, `SELECT e.doc_key, d.doc_id, e.story, d.url, d.title FROM events e JOIN documents d ON d.id = e.document
		WHERE e.cluster = ? AND e.id <> ? ORDER BY e.id LIMIT 100`, cluster, n)
	det.Copies, err = readAll("event", rows, err, func(r Rows, c *store.EventCopy) error {
		return r.Scan(&c.DocKey, &c.DocID, &c.Story, &c.URL, &c.Title)
	})
	return det, err
}

type scanFunc func(...any) error

func (f scanFunc) Scan(dst ...any) error { return f(dst...) }

// Highlights turns the stored spans (source, target, trigger, date, place,
// sentence; document offsets, NULL when unknown) into spans of the story
// text, in text order.
func Highlights(storyText string, storyStart int, sp [12]sql.NullInt64) []store.Highlight {
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

// RunEvents is store.RunEventer.RunEvents over the (run_id, doc_key) index.
func RunEvents(ctx context.Context, c Conn, runID int64, fn func(store.EventRow) error) error {
	rows, err := c.Query(ctx, `SELECT `+EventCols+EventFrom+` WHERE e.run_id = ? ORDER BY e.doc_key, e.ev_idx, e.id`, runID)
	if err != nil {
		return internal("run events", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r store.EventRow
		if err := ScanEvent(rows, &r); err != nil {
			return internal("run events", err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}
