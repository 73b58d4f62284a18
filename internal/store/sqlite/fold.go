package sqlite

import (
	"context"
	"fmt"
	"sort"

	"github.com/newsgraph/newsgraph/internal/store/sqlq"
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
	roll    *sqlq.Rollups
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

func newFold() *fold {
	return &fold{ents: map[string]*entFold{}, aliases: map[[2]string]*aliasFold{}, names: map[[2]string]bool{},
		pairs: map[[2]string]int{}, roll: sqlq.NewRollups()}
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
	for _, t := range sqlq.RollupTables {
		st := l.rollup[t.Name]
		if err := t.Rows(f.roll, func(vals ...any) error {
			_, err := st.ExecContext(ctx, vals...)
			return err
		}); err != nil {
			return fmt.Errorf("%s: %w", t.Name, err)
		}
	}
	*f = *newFold()
	return nil
}
