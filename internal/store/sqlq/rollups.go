package sqlq

import (
	"sort"

	"github.com/newsgraph/newsgraph/internal/store"
)

// AggKey is a roll-up row's key: up to three text columns and a quad class.
type AggKey struct {
	A, B, C string
	Q       int
}

// Sum is a roll-up row's event count and Goldstein sum.
type Sum struct {
	N int
	G float64
}

// CodeSpan is an entity_codes row: events and the first and last day.
type CodeSpan struct {
	N           int
	First, Last string
}

// Rollups collects the deltas a batch of events makes to the roll-up
// tables, one entry per row, so each row is written once per batch.
// Every backend and write path (Put, bulk load) folds events the same
// way; only how the rows reach the tables differs.
type Rollups struct {
	Day       map[AggKey]*Sum // day, root, quad
	CC        map[AggKey]*Sum // country, day, root, quad
	CCTotal   map[AggKey]*Sum // country, root, quad
	Actor     map[AggKey]*Sum // actor prefix, day, root, quad
	Pair      map[AggKey]*Sum // source code, target code, root, quad
	PairTotal map[AggKey]*Sum // source code, target code
	EntDay    map[AggKey]*Sum // entity, day
	EntCode   map[AggKey]*CodeSpan
}

// NewRollups is an empty collection.
func NewRollups() *Rollups {
	return &Rollups{Day: map[AggKey]*Sum{}, CC: map[AggKey]*Sum{}, CCTotal: map[AggKey]*Sum{}, Actor: map[AggKey]*Sum{},
		Pair: map[AggKey]*Sum{}, PairTotal: map[AggKey]*Sum{}, EntDay: map[AggKey]*Sum{}, EntCode: map[AggKey]*CodeSpan{}}
}

// Empty reports whether no event was added.
func (r *Rollups) Empty() bool { return len(r.Day) == 0 }

func add(m map[AggKey]*Sum, k AggKey, n int, g float64) {
	s := m[k]
	if s == nil {
		s = &Sum{}
		m[k] = s
	}
	s.N += n
	s.G += g
}

func (r *Rollups) addCode(k AggKey, c CodeSpan) {
	o := r.EntCode[k]
	if o == nil {
		r.EntCode[k] = &c
		return
	}
	o.N += c.N
	o.First = min(o.First, c.First)
	o.Last = max(o.Last, c.Last)
}

// Event folds one event in with weight delta: +1 for a new event, -1 for
// one a new run supersedes.
func (r *Rollups) Event(delta int, date, root string, quad int, country string, gold float64, src, tgt string, srcEnt, tgtEnt *string) {
	g := gold * float64(delta)
	add(r.Day, AggKey{A: date, B: root, Q: quad}, delta, g)
	if country != "" {
		add(r.CC, AggKey{A: country, B: date, C: root, Q: quad}, delta, g)
		add(r.CCTotal, AggKey{A: country, B: root, Q: quad}, delta, 0)
	}
	add(r.Pair, AggKey{A: src, B: tgt, C: root, Q: quad}, delta, 0)
	add(r.PairTotal, AggKey{A: src, B: tgt}, delta, 0)
	for _, k := range store.ActorKeys(src, tgt) {
		add(r.Actor, AggKey{A: k, B: date, C: root, Q: quad}, delta, g)
	}
	for _, side := range []struct {
		ent  *string
		code string
	}{{srcEnt, src}, {tgtEnt, tgt}} {
		if side.ent == nil {
			continue
		}
		add(r.EntDay, AggKey{A: *side.ent, B: date}, delta, 0)
		if side.code != "" {
			r.addCode(AggKey{A: *side.ent, B: side.code}, CodeSpan{N: delta, First: date, Last: date})
		}
	}
}

// Merge adds o's deltas, as the tables' upserts would.
func (r *Rollups) Merge(o *Rollups) {
	for _, m := range [][2]map[AggKey]*Sum{{r.Day, o.Day}, {r.CC, o.CC}, {r.CCTotal, o.CCTotal}, {r.Actor, o.Actor},
		{r.Pair, o.Pair}, {r.PairTotal, o.PairTotal}, {r.EntDay, o.EntDay}} {
		for k, s := range m[1] {
			add(m[0], k, s.N, s.G)
		}
	}
	for k, c := range o.EntCode {
		r.addCode(k, *c)
	}
}

// RollupTable is a roll-up table and how a Rollups fills it.
type RollupTable struct {
	Name, Cols string
	Key        string // the primary key's columns
	rows       func(r *Rollups, fn func(vals ...any) error) error
}

// Rows calls fn with the values of each of t's rows in r, in key order.
func (t RollupTable) Rows(r *Rollups, fn func(vals ...any) error) error { return t.rows(r, fn) }

// sums lists a Sum map's rows in key order as vals(k, s).
func sums(m func(*Rollups) map[AggKey]*Sum, vals func(k AggKey, s *Sum) []any) func(*Rollups, func(...any) error) error {
	return func(r *Rollups, fn func(...any) error) error {
		mm := m(r)
		for _, k := range sortedKeys(mm) {
			if err := fn(vals(k, mm[k])...); err != nil {
				return err
			}
		}
		return nil
	}
}

// RollupTables are the roll-up tables, in the order backends write them.
var RollupTables = []RollupTable{
	{"agg_day", "day, root, quad, n, gsum", "day, root, quad", sums(func(r *Rollups) map[AggKey]*Sum { return r.Day },
		func(k AggKey, s *Sum) []any { return []any{k.A, k.B, k.Q, s.N, s.G} })},
	{"agg_cc", "country, day, root, quad, n, gsum", "country, day, root, quad", sums(func(r *Rollups) map[AggKey]*Sum { return r.CC },
		func(k AggKey, s *Sum) []any { return []any{k.A, k.B, k.C, k.Q, s.N, s.G} })},
	{"agg_cc_total", "country, root, quad, n", "country, root, quad", sums(func(r *Rollups) map[AggKey]*Sum { return r.CCTotal },
		func(k AggKey, s *Sum) []any { return []any{k.A, k.B, k.Q, s.N} })},
	{"agg_pair", "source_code, target_code, root, quad, n", "source_code, target_code, root, quad", sums(func(r *Rollups) map[AggKey]*Sum { return r.Pair },
		func(k AggKey, s *Sum) []any { return []any{k.A, k.B, k.C, k.Q, s.N} })},
	{"agg_pair_total", "source_code, target_code, n", "source_code, target_code", sums(func(r *Rollups) map[AggKey]*Sum { return r.PairTotal },
		func(k AggKey, s *Sum) []any { return []any{k.A, k.B, s.N} })},
	{"agg_actor", "actor, day, root, quad, n, gsum", "actor, day, root, quad", sums(func(r *Rollups) map[AggKey]*Sum { return r.Actor },
		func(k AggKey, s *Sum) []any { return []any{k.A, k.B, k.C, k.Q, s.N, s.G} })},
	{"entity_days", "entity, day, n", "entity, day", sums(func(r *Rollups) map[AggKey]*Sum { return r.EntDay },
		func(k AggKey, s *Sum) []any { return []any{k.A, k.B, s.N} })},
	{"entity_codes", "entity, code, first, last, n", "entity, code", func(r *Rollups, fn func(...any) error) error {
		for _, k := range sortedKeys(r.EntCode) {
			c := r.EntCode[k]
			if err := fn(k.A, k.B, c.First, c.Last, c.N); err != nil {
				return err
			}
		}
		return nil
	}},
}

func sortedKeys[V any](m map[AggKey]V) []AggKey {
	ks := make([]AggKey, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		a, b := ks[i], ks[j]
		if a.A != b.A {
			return a.A < b.A
		}
		if a.B != b.B {
			return a.B < b.B
		}
		if a.C != b.C {
			return a.C < b.C
		}
		return a.Q < b.Q
	})
	return ks
}
