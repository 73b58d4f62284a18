package sqlq

import (
	"strings"

	"github.com/newsgraph/newsgraph/internal/store"
)

// prefix adds "col starts with p" as an index range.
func prefix(c *store.Cond, col, p string) {
	c.Add(col+" >= ? AND "+col+" < ?", p, store.PrefixEnd(p))
}

// actorSide adds an actor-code prefix condition on one side.
func actorSide(c *store.Cond, side, p string) {
	if len(p) >= 3 {
		c.Add("e."+side+"_cc = ?", store.CC(p))
		if len(p) > 3 {
			prefix(c, "e."+side+"_code", p)
		}
		return
	}
	prefix(c, "e."+side+"_code", p)
}

// EventSQL builds event-filter clauses over the events table both SQL
// backends share; only the dialect words differ.
type EventSQL struct {
	// Current selects the current run's events ("e.current = 1").
	Current string
	// Text adds the full-text condition for a non-empty query.
	Text func(c *store.Cond, q string)
}

// ValidateEventFilter checks the parts of a filter the backends cannot
// check by querying.
func ValidateEventFilter(op string, f store.EventFilter) error {
	switch f.Sort {
	case "", "-date", "date", "-goldstein", "goldstein":
	default:
		return store.Errorf(store.CodeInvalid, op, "sort %q: want -date, date, -goldstein or goldstein", f.Sort)
	}
	if f.Quad < 0 || f.Quad > 4 {
		return store.Errorf(store.CodeInvalid, op, "quad class %d: want 1-4", f.Quad)
	}
	if f.BBox != nil && (f.BBox[0] > f.BBox[2] || f.BBox[1] > f.BBox[3]) {
		return store.Errorf(store.CodeInvalid, op, "bbox: min above max")
	}
	return nil
}

// Base is every filter except the either-side ones (Actor, Entity),
// which Events serves with one index scan per side.
func (q EventSQL) Base(f store.EventFilter) store.Cond {
	var c store.Cond
	if f.RunID > 0 {
		c.Add("e.run_id = ?", f.RunID)
	} else {
		c.Add(q.Current)
	}
	if f.Source != "" {
		actorSide(&c, "source", f.Source)
	}
	if f.Target != "" {
		actorSide(&c, "target", f.Target)
	}
	if f.Code != "" {
		if len(f.Code) >= 2 {
			c.Add("e.root = ?", f.Code[:2])
		}
		switch len(f.Code) {
		case 2:
		case 4: // leaf codes have no longer codes under them
			c.Add("e.code = ?", f.Code)
		default:
			prefix(&c, "e.code", f.Code)
		}
	}
	if f.Root != "" {
		c.Add("e.root = ?", f.Root)
	}
	if f.Quad != 0 {
		c.Add("e.quad = ?", f.Quad)
	}
	if f.Country != "" {
		c.Add("e.country = ?", strings.ToUpper(f.Country))
	}
	if b := f.BBox; b != nil {
		c.Add("e.lon BETWEEN ? AND ? AND e.lat BETWEEN ? AND ?", b[0], b[2], b[1], b[3])
	}
	if f.From != "" {
		c.Add("e.date >= ?", f.From)
	}
	if f.To != "" {
		c.Add("e.date < ?", f.To)
	}
	if f.GoldsteinMin != nil {
		c.Add("e.goldstein >= ?", *f.GoldsteinMin)
	}
	if f.GoldsteinMax != nil {
		c.Add("e.goldstein <= ?", *f.GoldsteinMax)
	}
	if strings.TrimSpace(f.Text) != "" {
		q.Text(&c, f.Text)
	}
	if f.DocKey != "" {
		c.Add("e.doc_key = ?", f.DocKey)
	}
	return c
}

// FacetBase is Base over event_facet, which keeps the events' actor codes
// but not their country parts: the actor filters become code prefixes,
// which is what ActorSide selects (a code's country part is its first
// three letters).
func (q EventSQL) FacetBase(f store.EventFilter) store.Cond {
	g := f
	g.Actor, g.Source, g.Target = "", "", ""
	c := q.Base(g)
	if f.Source != "" {
		prefix(&c, "e.source_code", f.Source)
	}
	if f.Target != "" {
		prefix(&c, "e.target_code", f.Target)
	}
	if f.Actor != "" {
		end := store.PrefixEnd(f.Actor)
		c.Add("((e.source_code >= ? AND e.source_code < ?) OR (e.target_code >= ? AND e.target_code < ?))", f.Actor, end, f.Actor, end)
	}
	return c
}

// maxCells bounds the grid cells a box query scans one by one.
const maxCells = 40

// Branches splits the either-side filters, and a box into its grid cells,
// into one condition per ordered index scan.
func (q EventSQL) Branches(f store.EventFilter) []store.Cond {
	out := q.SideBranches(f)
	if f.BBox == nil {
		return out
	}
	cells := store.CellsFor(*f.BBox, maxCells)
	if cells == nil {
		return out
	}
	var split []store.Cond
	for _, c := range out {
		for _, cell := range cells {
			x := c.Clone()
			x.Add("e.cell = ?", cell)
			split = append(split, x)
		}
	}
	return split
}

// SideBranches splits the either-side filters (Actor, Entity) into one
// condition per side, so each side is one index scan.
func (q EventSQL) SideBranches(f store.EventFilter) []store.Cond {
	base := q.Base(f)
	if f.Entity != "" && f.Actor == "" {
		a, b := base.Clone(), base.Clone()
		a.Add("e.source_entity = ?", f.Entity)
		b.Add("e.target_entity = ?", f.Entity)
		return []store.Cond{a, b}
	}
	if f.Entity != "" {
		base.Add("(e.source_entity = ? OR e.target_entity = ?)", f.Entity, f.Entity)
	}
	if f.Actor != "" {
		if len(f.Actor) >= 6 {
			// A full code (country+role and longer): the code indexes, the
			// code itself in date order and its longer codes beside it.
			var out []store.Cond
			for _, side := range []string{"source", "target"} {
				x, y := base.Clone(), base.Clone()
				x.Add("e."+side+"_code = ?", f.Actor)
				y.Add("e."+side+"_code > ? AND e."+side+"_code < ?", f.Actor, store.PrefixEnd(f.Actor))
				out = append(out, x, y)
			}
			return out
		}
		a, b := base.Clone(), base.Clone()
		actorSide(&a, "source", f.Actor)
		actorSide(&b, "target", f.Actor)
		return []store.Cond{a, b}
	}
	return []store.Cond{base}
}

// EventCols are the columns ScanEvent-style readers take, in order.
const EventCols = `e.id, e.doc_key, d.doc_id, e.story, e.date, e.date_precision,
	e.source_code, e.source_name, coalesce(e.source_entity, ''), e.source_text,
	e.target_code, e.target_name, coalesce(e.target_entity, ''), e.target_text,
	e.code, e.root, e.quad, e.goldstein, e.plover_type, e.plover_mode,
	e.place_name, e.country, e.admin1, e.lat, e.lon, e.geonameid,
	e.sentence, e.negated, e.modality, e.confidence, c.mentions, c.stories, c.sources,
	d.title, d.url, e.run_id`

// EventFrom joins an event to its document and cluster.
const EventFrom = ` FROM events e JOIN documents d ON d.id = e.document JOIN event_clusters c ON c.id = e.cluster`
