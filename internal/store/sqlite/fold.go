package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
)

// fold gathers the upserts of a Put batch whose rows many documents touch
// (entities, aliases, names, entity pairs and the roll-ups) and writes each
// key once when the batch ends: a popular entity or a busy day is then one
// statement per batch instead of one per document or event. Each fold
// applies the same rule the per-row upsert did, so the stored rows are the
// ones row-at-a-time writing gives (roll-up Goldstein sums may differ in the
// last bit, as any change in addition order does).
type fold struct {
	ents    map[string]*entFold
	aliases map[[2]string]*aliasFold
	names   map[[2]string]bool
	pairs   map[[2]string]int
	day     map[aggKey]*nsum // day, root, quad
	cc      map[aggKey]*nsum // country, day, root, quad
	ccTot   map[aggKey]*nsum // country, root, quad
	actor   map[aggKey]*nsum // actor, day, root, quad
	pair    map[aggKey]*nsum // source, target, root, quad
	pairTot map[aggKey]*nsum // source, target
	entDay  map[aggKey]*nsum // entity, day
	entCode map[aggKey]*codeFold
}

type aggKey struct {
	a, b, c string
	q       int
}

type nsum struct {
	n    int
	gsum float64
}

type entFold struct {
	kind, name, code string
	first, last      string
	mentions, docs   int
}

type aliasFold struct {
	script, source, key string
	conf                float64
	count, start, end   int
}

type codeFold struct {
	n           int
	first, last string
}

func newFold() *fold {
	return &fold{ents: map[string]*entFold{}, aliases: map[[2]string]*aliasFold{}, names: map[[2]string]bool{},
		pairs: map[[2]string]int{}, day: map[aggKey]*nsum{}, cc: map[aggKey]*nsum{}, ccTot: map[aggKey]*nsum{}, actor: map[aggKey]*nsum{},
		pair: map[aggKey]*nsum{}, pairTot: map[aggKey]*nsum{}, entDay: map[aggKey]*nsum{}, entCode: map[aggKey]*codeFold{}}
}

// entity folds one document's entity row (the entities upsert's rules:
// first kind and name stay, the last non-empty actor code wins, first_seen
// is the earliest non-empty day, last_seen the latest).
func (f *fold) entity(id, kind, name, code, day string, mentions int) {
	e := f.ents[id]
	if e == nil {
		f.ents[id] = &entFold{kind: kind, name: name, code: code, first: day, last: day, mentions: mentions, docs: 1}
		return
	}
	e.mentions += mentions
	e.docs++
	if code != "" {
		e.code = code
	}
	if e.first == "" || (day != "" && day < e.first) {
		e.first = day
	}
	if day > e.last {
		e.last = day
	}
}

func (f *fold) alias(ent, text, script, source string, conf float64, key string, start, end int) {
	k := [2]string{ent, text}
	a := f.aliases[k]
	if a == nil {
		f.aliases[k] = &aliasFold{script: script, source: source, key: key, conf: conf, count: 1, start: start, end: end}
		return
	}
	a.count++
	a.conf = max(a.conf, conf)
}

func addSum(m map[aggKey]*nsum, k aggKey, n int, g float64) {
	s := m[k]
	if s == nil {
		s = &nsum{}
		m[k] = s
	}
	s.n += n
	s.gsum += g
}

func (f *fold) entCodeAdd(ent, code, date string, n int) {
	k := aggKey{a: ent, b: code}
	c := f.entCode[k]
	if c == nil {
		f.entCode[k] = &codeFold{n: n, first: date, last: date}
		return
	}
	c.n += n
	c.first = min(c.first, date)
	c.last = max(c.last, date)
}

func sortedKeys[V any](m map[aggKey]V) []aggKey {
	ks := make([]aggKey, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		a, b := ks[i], ks[j]
		if a.a != b.a {
			return a.a < b.a
		}
		if a.b != b.b {
			return a.b < b.b
		}
		if a.c != b.c {
			return a.c < b.c
		}
		return a.q < b.q
	})
	return ks
}

func sorted2[V any](m map[[2]string]V) [][2]string {
	ks := make([][2]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		if ks[i][0] != ks[j][0] {
			return ks[i][0] < ks[j][0]
		}
		return ks[i][1] < ks[j][1]
	})
	return ks
}

// flush writes the folded rows with the layer statements and empties the fold.
func (f *fold) flush(ctx context.Context, l *layerStmts) error {
	ids := make([]string, 0, len(f.ents))
	for id := range f.ents {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		e := f.ents[id]
		if _, err := l.ent.ExecContext(ctx, id, e.kind, e.name, e.code, e.first, e.last, e.mentions, e.docs); err != nil {
			return fmt.Errorf("entities: %w", err)
		}
	}
	for _, k := range sorted2(f.aliases) {
		a := f.aliases[k]
		if _, err := l.alias.ExecContext(ctx, k[0], k[1], a.script, a.source, a.conf, a.count, a.key, a.start, a.end); err != nil {
			return fmt.Errorf("aliases: %w", err)
		}
	}
	for _, k := range sorted2(f.names) {
		if _, err := l.name.ExecContext(ctx, k[0], k[1]); err != nil {
			return fmt.Errorf("entity names: %w", err)
		}
	}
	for _, k := range sorted2(f.pairs) {
		if _, err := l.pair.ExecContext(ctx, k[0], k[1], f.pairs[k]); err != nil {
			return fmt.Errorf("entity pairs: %w", err)
		}
	}
	type agg struct {
		m    map[aggKey]*nsum
		stmt *sql.Stmt
		args func(k aggKey, s *nsum) []any
	}
	for _, a := range []agg{
		{f.day, l.aggDay, func(k aggKey, s *nsum) []any { return []any{k.a, k.b, k.q, s.n, s.gsum} }},
		{f.cc, l.aggCC, func(k aggKey, s *nsum) []any { return []any{k.a, k.b, k.c, k.q, s.n, s.gsum} }},
		{f.ccTot, l.aggCCTotal, func(k aggKey, s *nsum) []any { return []any{k.a, k.b, k.q, s.n} }},
		{f.pair, l.aggPair, func(k aggKey, s *nsum) []any { return []any{k.a, k.b, k.c, k.q, s.n} }},
		{f.pairTot, l.aggPairTotal, func(k aggKey, s *nsum) []any { return []any{k.a, k.b, s.n} }},
		{f.actor, l.aggActor, func(k aggKey, s *nsum) []any { return []any{k.a, k.b, k.c, k.q, s.n, s.gsum} }},
		{f.entDay, l.entDay, func(k aggKey, s *nsum) []any { return []any{k.a, k.b, s.n} }},
	} {
		for _, k := range sortedKeys(a.m) {
			if _, err := a.stmt.ExecContext(ctx, a.args(k, a.m[k])...); err != nil {
				return fmt.Errorf("roll-ups: %w", err)
			}
		}
	}
	for _, k := range sortedKeys(f.entCode) {
		c := f.entCode[k]
		if _, err := l.entCode.ExecContext(ctx, k.a, k.b, c.first, c.last, c.n); err != nil {
			return fmt.Errorf("entity codes: %w", err)
		}
	}
	*f = *newFold()
	return nil
}
