package sqlq

import (
	"sort"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
)

// EntityFold gathers the rows many documents share (entities, aliases,
// their normalised names and co-occurring pairs) so that a batch writes
// each once, under the rules of the per-document upserts: an entity keeps
// its first kind and name, takes the last non-empty actor code, the
// earliest non-empty day and the latest; an alias keeps its first
// evidence and the highest confidence; counts add up.
type EntityFold struct {
	ents    map[string]*entFold
	aliases map[[2]string]*aliasFold
	names   map[[2]string]bool
	pairs   map[[2]string]int
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

// NewEntityFold is an empty fold.
func NewEntityFold() *EntityFold {
	return &EntityFold{ents: map[string]*entFold{}, aliases: map[[2]string]*aliasFold{}, names: map[[2]string]bool{}, pairs: map[[2]string]int{}}
}

// Doc folds in the entities of document d (content key key); an entity
// counts once per document, its first occurrence there.
func (f *EntityFold) Doc(d *doc.Doc, key string) {
	day := store.DocDate(d)
	seen := map[string]bool{}
	for i, e := range d.Entities {
		id := store.EntityID(d, i)
		if seen[id] {
			continue
		}
		seen[id] = true
		if x := f.ents[id]; x == nil {
			f.ents[id] = &entFold{kind: e.Kind, name: e.Name, code: e.ActorCode, first: day, last: day, mentions: len(e.Mentions), docs: 1}
		} else {
			x.mentions += len(e.Mentions)
			x.docs++
			if e.ActorCode != "" {
				x.code = e.ActorCode
			}
			if x.first == "" || (day != "" && day < x.first) {
				x.first = day
			}
			x.last = max(x.last, day)
		}
		f.name(e.Name, id)
		for _, a := range e.Aliases {
			k := [2]string{id, a.Text}
			if x := f.aliases[k]; x == nil {
				f.aliases[k] = &aliasFold{script: a.Script, source: a.Source, key: key, conf: a.Confidence, count: 1, start: a.Evidence.Start, end: a.Evidence.End}
			} else {
				x.count++
				x.conf = max(x.conf, a.Confidence)
			}
			f.name(a.Text, id)
		}
	}
	for _, p := range store.EntityPairs(d) {
		f.pairs[p]++
	}
}

func (f *EntityFold) name(s, id string) {
	if n := store.NormName(s); n != "" {
		f.names[[2]string{n, id}] = true
	}
}

// EntityTable is a table an EntityFold fills.
type EntityTable struct {
	Name, Cols string
	Key        string // the primary key's columns
	// Set folds a row into the stored one with its key (the same in both
	// dialects); empty: the stored row stays.
	Set  string
	rows func(f *EntityFold, fn func(vals ...any) error) error
}

// Upsert adds the rows of src (VALUES or a SELECT of t.Cols) to t.
func (t EntityTable) Upsert(src string) string {
	q := "INSERT INTO " + t.Name + "(" + t.Cols + ") " + src + " ON CONFLICT(" + t.Key + ") DO "
	if t.Set == "" {
		return q + "NOTHING"
	}
	return q + "UPDATE SET " + t.Set
}

// Rows calls fn with the values of each of t's rows in f, in key order.
func (t EntityTable) Rows(f *EntityFold, fn func(vals ...any) error) error { return t.rows(f, fn) }

// EntityTables are the tables of an EntityFold, in the order backends
// write them.
var EntityTables = []EntityTable{
	{"entities", "id, kind, name, actor_code, first_seen, last_seen, mentions, documents", "id",
		`mentions = entities.mentions + excluded.mentions, documents = entities.documents + excluded.documents,
		actor_code = CASE WHEN excluded.actor_code <> '' THEN excluded.actor_code ELSE entities.actor_code END,
		first_seen = CASE WHEN entities.first_seen = '' OR (excluded.first_seen <> '' AND excluded.first_seen < entities.first_seen) THEN excluded.first_seen ELSE entities.first_seen END,
		last_seen = CASE WHEN excluded.last_seen > entities.last_seen THEN excluded.last_seen ELSE entities.last_seen END`, func(f *EntityFold, fn func(...any) error) error {
			ids := make([]string, 0, len(f.ents))
			for id := range f.ents {
				ids = append(ids, id)
			}
			sort.Strings(ids)
			for _, id := range ids {
				e := f.ents[id]
				if err := fn(id, e.kind, e.name, e.code, e.first, e.last, e.mentions, e.docs); err != nil {
					return err
				}
			}
			return nil
		}},
	{"aliases", `entity, text, script, source, confidence, count, doc_key, start, "end"`, "entity, text",
		`count = aliases.count + excluded.count,
		confidence = CASE WHEN excluded.confidence > aliases.confidence THEN excluded.confidence ELSE aliases.confidence END`, func(f *EntityFold, fn func(...any) error) error {
			for _, k := range sorted2(f.aliases) {
				a := f.aliases[k]
				if err := fn(k[0], k[1], a.script, a.source, a.conf, a.count, a.key, a.start, a.end); err != nil {
					return err
				}
			}
			return nil
		}},
	{"entity_names", "norm, entity", "norm, entity", "", func(f *EntityFold, fn func(...any) error) error {
		for _, k := range sorted2(f.names) {
			if err := fn(k[0], k[1]); err != nil {
				return err
			}
		}
		return nil
	}},
	{"entity_pairs", "a, b, n", "a, b", "n = entity_pairs.n + excluded.n", func(f *EntityFold, fn func(...any) error) error {
		for _, k := range sorted2(f.pairs) {
			if err := fn(k[0], k[1], f.pairs[k]); err != nil {
				return err
			}
		}
		return nil
	}},
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
