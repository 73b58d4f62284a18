package sqlq

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/facet"
)

// Rollup reports whether f only uses filters the agg_day roll-up keeps.
func Rollup(f store.EventFilter) bool {
	return f.RunID == 0 && f.Actor == "" && f.Source == "" && f.Target == "" && f.Entity == "" &&
		(f.Code == "" || len(f.Code) == 2) && f.BBox == nil && f.GoldsteinMin == nil && f.GoldsteinMax == nil &&
		strings.TrimSpace(f.Text) == "" && f.DocKey == ""
}

// RollupCond is f over the roll-up tables' columns.
func RollupCond(f store.EventFilter) store.Cond {
	var c store.Cond
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

// ScanCond is the filter over the events table for aggregates. An
// either-side filter (Actor, Entity) becomes a union of one index scan
// per side.
func ScanCond(es EventSQL, f store.EventFilter) store.Cond {
	c := es.Base(f)
	bs := es.SideBranches(f)
	if len(bs) < 2 {
		return c
	}
	var subs []string
	var args []any
	for _, b := range bs {
		subs = append(subs, "SELECT e.id FROM events e WHERE "+b.Where())
		args = append(args, b.Args...)
	}
	c.Add("e.id IN ("+strings.Join(subs, " UNION ")+")", args...)
	return c
}

// Aggs answers the aggregates (Timeline, ActorPairs, Countries) of one
// backend from, in turn, its in-memory facets, the roll-up tables,
// event_facet for full-text queries (facet.Supports), or the events.
type Aggs struct {
	Events EventSQL
	// Facet is the FROM (aliasing event_facet as e) and the condition of
	// a full-text aggregate.
	Facet func(ctx context.Context, f store.EventFilter) (from string, c store.Cond, err error)
	// PairsFrom, when set, is the FROM of a pair count over the events
	// (an index hint); else "events e".
	PairsFrom func(f store.EventFilter) string
	// Memory, when set, answers from in-memory facets: it calls agg and
	// returns true, or returns false to run SQL.
	Memory func(ctx context.Context, f store.EventFilter, agg func(ix *facet.Index, keys []int64)) (bool, error)
}

func (a Aggs) memory(ctx context.Context, op string, f store.EventFilter, agg func(ix *facet.Index, keys []int64)) (bool, error) {
	if a.Memory == nil {
		return false, nil
	}
	ok, err := a.Memory(ctx, f, agg)
	return ok || err != nil, internal(op, err)
}

// from is the FROM and condition of an aggregate the roll-ups cannot
// answer: event_facet for a full-text query, else the events.
func (a Aggs) from(ctx context.Context, f store.EventFilter, pairs bool) (string, store.Cond, error) {
	if facet.Supports(f) {
		return a.Facet(ctx, f)
	}
	if pairs && a.PairsFrom != nil {
		return a.PairsFrom(f), ScanCond(a.Events, f), nil
	}
	return "events e", ScanCond(a.Events, f), nil
}

// TimelineSQL is the query behind Timeline, counting by column col
// (quad or root).
func (a Aggs) TimelineSQL(ctx context.Context, f store.EventFilter, col string) (string, []any, error) {
	if g := f; g.Actor != "" && (len(g.Actor) == 3 || len(g.Actor) == 6) && g.Country == "" && func() bool { g.Actor = ""; return Rollup(g) }() {
		// One actor's timeline: the actor roll-up (prefixes of 3 and 6).
		c := RollupCond(f)
		c.Add("actor = ?", f.Actor)
		return fmt.Sprintf(`SELECT day, %s, sum(n), sum(gsum) FROM agg_actor WHERE %s GROUP BY day, %s HAVING sum(n) > 0 ORDER BY day, %s`, col, c.Where(), col, col), c.Args, nil
	}
	if Rollup(f) {
		c := RollupCond(f)
		table := "agg_day"
		if f.Country != "" {
			table = "agg_cc"
		}
		return fmt.Sprintf(`SELECT day, %s, sum(n), sum(gsum) FROM %s WHERE %s GROUP BY day, %s HAVING sum(n) > 0 ORDER BY day, %s`, col, table, c.Where(), col, col), c.Args, nil
	}
	from, c, err := a.from(ctx, f, false)
	if err != nil {
		return "", nil, err
	}
	return fmt.Sprintf(`SELECT e.date, e.%s, count(*), sum(e.goldstein) FROM %s WHERE %s GROUP BY e.date, e.%s ORDER BY e.date, e.%s`, col, from, c.Where(), col, col), c.Args, nil
}

// Timeline is store.Querier.Timeline.
func Timeline(ctx context.Context, c Conn, a Aggs, f store.EventFilter, by string) ([]store.TimelineBucket, error) {
	const op = "timeline"
	if err := ValidateEventFilter(op, f); err != nil {
		return nil, err
	}
	col := ""
	switch by {
	case "", "quad":
		col = "quad"
	case "root":
		col = "root"
	default:
		return nil, store.Errorf(store.CodeInvalid, op, "by %q: want root or quad", by)
	}
	var out []store.TimelineBucket
	if ok, err := a.memory(ctx, op, f, func(ix *facet.Index, keys []int64) { out = ix.Timeline(keys, f, by) }); ok {
		return out, err
	}
	q, args, err := a.TimelineSQL(ctx, f, col)
	if err != nil {
		return nil, internal(op, err)
	}
	rows, err := c.Query(ctx, q, args...)
	var key any // outside the row func: allocated once, not per row
	var sum float64
	out, err = readAll(op, rows, err, func(r Rows, b *store.TimelineBucket) error {
		if err := r.Scan(&b.Day, &key, &b.Count, &sum); err != nil {
			return err
		}
		b.Key = fmt.Sprint(key)
		if b.Count > 0 {
			b.AvgGoldstein = store.Round2(sum / float64(b.Count))
		}
		return nil
	})
	return orEmpty(out), err
}

// PairsSQL is the query behind ActorPairs.
func (a Aggs) PairsSQL(ctx context.Context, f store.EventFilter, limit int) (string, []any, error) {
	if Rollup(f) && f.Country == "" && f.From == "" && f.To == "" && f.Root == "" && f.Code == "" && f.Quad == 0 {
		return `SELECT source_code, target_code, n FROM agg_pair_total WHERE n > 0 AND source_code <> '' AND target_code <> ''
			ORDER BY n DESC, source_code, target_code LIMIT ?`, []any{limit}, nil
	}
	if Rollup(f) && f.Country == "" && f.From == "" && f.To == "" {
		c := RollupCond(f)
		return `SELECT source_code, target_code, sum(n) AS k FROM agg_pair WHERE ` + c.Where() + ` AND n > 0 AND source_code <> '' AND target_code <> ''
			GROUP BY source_code, target_code HAVING sum(n) > 0 ORDER BY k DESC, source_code, target_code LIMIT ?`, append(c.Args, limit), nil
	}
	from, c, err := a.from(ctx, f, true)
	if err != nil {
		return "", nil, err
	}
	return `SELECT e.source_code, e.target_code, count(*) AS k FROM ` + from + ` WHERE ` + c.Where() + ` AND e.source_code <> '' AND e.target_code <> ''
			GROUP BY e.source_code, e.target_code ORDER BY k DESC, e.source_code, e.target_code LIMIT ?`, append(c.Args, limit), nil
}

// ActorPairs is store.Querier.ActorPairs.
func ActorPairs(ctx context.Context, c Conn, a Aggs, f store.EventFilter, limit int) ([]store.PairCount, error) {
	const op = "actor pairs"
	if err := ValidateEventFilter(op, f); err != nil {
		return nil, err
	}
	limit = store.PageSize(limit)
	var out []store.PairCount
	if ok, err := a.memory(ctx, op, f, func(ix *facet.Index, keys []int64) { out = ix.ActorPairs(keys, f, limit) }); ok {
		return out, err
	}
	q, args, err := a.PairsSQL(ctx, f, limit)
	if err != nil {
		return nil, internal(op, err)
	}
	rows, err := c.Query(ctx, q, args...)
	out, err = readAll(op, rows, err, func(r Rows, p *store.PairCount) error { return r.Scan(&p.Source, &p.Target, &p.Count) })
	return orEmpty(out), err
}

// CountriesSQL is the query behind Countries.
func (a Aggs) CountriesSQL(ctx context.Context, f store.EventFilter) (string, []any, error) {
	if Rollup(f) {
		c := RollupCond(f)
		table := "agg_cc"
		if f.From == "" && f.To == "" {
			table = "agg_cc_total" // no days to select: the totals
		}
		return `SELECT country, sum(n) AS k FROM ` + table + ` WHERE ` + c.Where() + ` GROUP BY country HAVING sum(n) > 0 ORDER BY k DESC, country`, c.Args, nil
	}
	from, c, err := a.from(ctx, f, false)
	if err != nil {
		return "", nil, err
	}
	return `SELECT e.country, count(*) AS k FROM ` + from + ` WHERE ` + c.Where() + ` AND e.country <> '' GROUP BY e.country ORDER BY k DESC, e.country`, c.Args, nil
}

// Countries is store.Querier.Countries.
func Countries(ctx context.Context, c Conn, a Aggs, f store.EventFilter) ([]store.CountryCount, error) {
	const op = "countries"
	if err := ValidateEventFilter(op, f); err != nil {
		return nil, err
	}
	var out []store.CountryCount
	if ok, err := a.memory(ctx, op, f, func(ix *facet.Index, keys []int64) { out = ix.Countries(keys, f) }); ok {
		return out, err
	}
	q, args, err := a.CountriesSQL(ctx, f)
	if err != nil {
		return nil, internal(op, err)
	}
	rows, err := c.Query(ctx, q, args...)
	out, err = readAll(op, rows, err, func(r Rows, cc *store.CountryCount) error { return r.Scan(&cc.Country, &cc.Count) })
	return orEmpty(out), err
}

// NetworkEdges are the columns of a network's edges over events e: each
// side's node (entity, else "code:" and the code), label and code, and
// the Goldstein score. ReadNetwork takes them grouped by (s, t) as
// s, sl, sc, t, tl, tc, count(*), sum(g), strongest first.
const NetworkEdges = `SELECT coalesce(e.source_entity, 'code:' || e.source_code) AS s, CASE WHEN e.source_name <> '' THEN e.source_name ELSE e.source_code END AS sl, e.source_code AS sc,
			coalesce(e.target_entity, 'code:' || e.target_code) AS t, CASE WHEN e.target_name <> '' THEN e.target_name ELSE e.target_code END AS tl, e.target_code AS tc,
			e.goldstein AS g`

// ReadNetwork keeps the limit strongest edges of the rows of a query
// over NetworkEdges and the nodes they touch, weighted by their events.
func ReadNetwork(rows Rows, err error, limit int) (store.Network, error) {
	nw := store.Network{Nodes: []store.NetworkNode{}, Edges: []store.NetworkEdge{}}
	if err != nil {
		return nw, internal("network", err)
	}
	defer rows.Close()
	nodes := map[string]*store.NetworkNode{}
	var e struct { // one allocation for all rows
		s, sl, sc, t, tl, tc string
		n                    int
		g                    float64
	}
	for rows.Next() {
		if err := rows.Scan(&e.s, &e.sl, &e.sc, &e.t, &e.tl, &e.tc, &e.n, &e.g); err != nil {
			return nw, internal("network", err)
		}
		s, sl, sc, t, tl, tc, n, g := e.s, e.sl, e.sc, e.t, e.tl, e.tc, e.n, e.g
		if len(nw.Edges) >= limit {
			continue
		}
		nw.Edges = append(nw.Edges, store.NetworkEdge{Source: s, Target: t, Weight: n, AvgGoldstein: store.Round2(g / float64(n))})
		for _, x := range [][3]string{{s, sl, sc}, {t, tl, tc}} {
			if nodes[x[0]] == nil {
				nodes[x[0]] = &store.NetworkNode{ID: x[0], Label: x[1], Code: x[2]}
			}
			nodes[x[0]].Weight += n
		}
	}
	if err := rows.Err(); err != nil {
		return nw, internal("network", err)
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
