// Package facet holds the columns the event aggregates read, for every
// current event, in memory and sorted by the event's key, so that an
// aggregate over a full-text query's matches (whose keys the full-text
// index hands out in order) is a merge of two sorted lists instead of one
// table lookup per match. "talks" matches a sixth of a million-event
// store: 176,000 lookups cost SQLite about 100 ms of CPU before any
// counting; the merge costs a few.
//
// An Index is immutable once built; a store builds a new one when its
// events change (see sqlite.facetCache).
package facet

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/internal/store"
)

// Row is one current event's facets; Key orders rows (the store's event key).
type Row struct {
	Key                     int64
	Date, Code, Root        string
	Quad                    int
	Goldstein               float64
	Country, Source, Target string
}

// dict interns strings as small ids.
type dict struct {
	ids  map[string]uint32
	strs []string
}

func (d *dict) id(s string) uint32 {
	if id, ok := d.ids[s]; ok {
		return id
	}
	if d.ids == nil {
		d.ids = map[string]uint32{}
	}
	id := uint32(len(d.strs))
	d.ids[s] = id
	d.strs = append(d.strs, s)
	return id
}

// Index is the facet columns of a set of events, by ascending key.
type Index struct {
	keys                  []int64
	date, code, root      []uint32
	country, source, tgt  []uint32
	quad                  []uint8
	gold                  []float64
	dates, codes, roots   dict
	countries, actorCodes dict
	// pair is each event's (source, target) id in pairs, -1 when a side is
	// missing: counting pairs is then one array increment per match.
	pair    []int32
	pairIDs map[uint64]int32
	pairs   [][2]uint32
}

// Builder collects rows in ascending key order.
type Builder struct {
	ix   *Index
	last int64
	err  bool
}

// NewBuilder starts an index; n is a size hint.
func NewBuilder(n int) *Builder {
	ix := &Index{
		keys: make([]int64, 0, n), date: make([]uint32, 0, n), code: make([]uint32, 0, n), root: make([]uint32, 0, n),
		country: make([]uint32, 0, n), source: make([]uint32, 0, n), tgt: make([]uint32, 0, n),
		quad: make([]uint8, 0, n), gold: make([]float64, 0, n), pair: make([]int32, 0, n), pairIDs: map[uint64]int32{},
	}
	return &Builder{ix: ix, last: math.MinInt64}
}

// Add appends a row; keys must ascend strictly (Add reports false and the
// builder is spoiled otherwise).
func (b *Builder) Add(r Row) bool {
	ix := b.ix
	if b.err || (len(ix.keys) > 0 && r.Key <= b.last) || r.Quad < 0 || r.Quad > 255 {
		b.err = true
		return false
	}
	b.last = r.Key
	ix.keys = append(ix.keys, r.Key)
	ix.date = append(ix.date, ix.dates.id(r.Date))
	ix.code = append(ix.code, ix.codes.id(r.Code))
	ix.root = append(ix.root, ix.roots.id(r.Root))
	ix.quad = append(ix.quad, uint8(r.Quad))
	ix.gold = append(ix.gold, r.Goldstein)
	ix.country = append(ix.country, ix.countries.id(r.Country))
	src, tgt := ix.actorCodes.id(r.Source), ix.actorCodes.id(r.Target)
	ix.source = append(ix.source, src)
	ix.tgt = append(ix.tgt, tgt)
	pair := int32(-1)
	if r.Source != "" && r.Target != "" {
		k := uint64(src)<<32 | uint64(tgt)
		id, ok := ix.pairIDs[k]
		if !ok {
			id = int32(len(ix.pairs))
			ix.pairIDs[k] = id
			ix.pairs = append(ix.pairs, [2]uint32{src, tgt})
		}
		pair = id
	}
	ix.pair = append(ix.pair, pair)
	return true
}

// Index returns the built index, or nil when a row came out of order.
func (b *Builder) Index() *Index {
	if b.err {
		return nil
	}
	return b.ix
}

// Len is the number of events.
func (ix *Index) Len() int { return len(ix.keys) }

// Supports reports whether the index can answer an aggregate over f: a
// full-text query (the caller supplies its matches) with filters among the
// facet columns, current events only.
func Supports(f store.EventFilter) bool {
	return strings.TrimSpace(f.Text) != "" && f.RunID == 0 && f.Entity == "" && f.BBox == nil && f.DocKey == ""
}

// filter is f compiled against the index's dictionaries.
type filter struct {
	date, code, root, country []bool // nil: any
	source, target, actor     []bool // over actorCodes
	quad                      uint8
	gmin, gmax                float64
}

func mask(d dict, ok func(string) bool) []bool {
	m := make([]bool, len(d.strs))
	for i, s := range d.strs {
		m[i] = ok(s)
	}
	return m
}

// compile mirrors sqlq.EventSQL.Base for the columns the index keeps.
func (ix *Index) compile(f store.EventFilter) filter {
	c := filter{quad: uint8(f.Quad), gmin: math.Inf(-1), gmax: math.Inf(1)}
	if f.Code != "" {
		code := f.Code
		root := ""
		if len(code) >= 2 {
			root = code[:2]
		}
		c.code = mask(ix.codes, func(s string) bool {
			switch len(code) {
			case 2:
				return true
			case 4:
				return s == code
			}
			return strings.HasPrefix(s, code)
		})
		if root != "" {
			c.root = mask(ix.roots, func(s string) bool { return s == root })
		}
	}
	if f.Root != "" {
		m := mask(ix.roots, func(s string) bool { return s == f.Root })
		if c.root != nil {
			for i := range m {
				m[i] = m[i] && c.root[i]
			}
		}
		c.root = m
	}
	if f.Country != "" {
		cc := strings.ToUpper(f.Country)
		c.country = mask(ix.countries, func(s string) bool { return s == cc })
	}
	if f.From != "" || f.To != "" {
		c.date = mask(ix.dates, func(s string) bool { return (f.From == "" || s >= f.From) && (f.To == "" || s < f.To) })
	}
	// An actor filter is a code prefix (sqlq.EventSQL.FacetBase).
	prefix := func(p string) []bool {
		return mask(ix.actorCodes, func(s string) bool { return strings.HasPrefix(s, p) })
	}
	if f.Source != "" {
		c.source = prefix(f.Source)
	}
	if f.Target != "" {
		c.target = prefix(f.Target)
	}
	if f.Actor != "" {
		c.actor = prefix(f.Actor)
	}
	if f.GoldsteinMin != nil {
		c.gmin = *f.GoldsteinMin
	}
	if f.GoldsteinMax != nil {
		c.gmax = *f.GoldsteinMax
	}
	return c
}

func (c *filter) ok(ix *Index, i int) bool {
	return (c.quad == 0 || ix.quad[i] == c.quad) &&
		(c.date == nil || c.date[ix.date[i]]) && (c.code == nil || c.code[ix.code[i]]) &&
		(c.root == nil || c.root[ix.root[i]]) && (c.country == nil || c.country[ix.country[i]]) &&
		ix.gold[i] >= c.gmin && ix.gold[i] <= c.gmax &&
		(c.source == nil || c.source[ix.source[i]]) && (c.target == nil || c.target[ix.tgt[i]]) &&
		(c.actor == nil || c.actor[ix.source[i]] || c.actor[ix.tgt[i]])
}

// each calls fn with the position of every matched key that passes f.
// keys ascend; keys the index does not hold (events no longer current)
// are skipped. The search gallops, so a few matches cost a few probes and
// many cost one pass.
func (ix *Index) each(keys []int64, f store.EventFilter, fn func(i int)) {
	c := ix.compile(f)
	pos := 0
	n := len(ix.keys)
	for _, k := range keys {
		if pos >= n {
			return
		}
		if ix.keys[pos] < k {
			// Gallop: double the step until past k, then binary search.
			step := 1
			lo := pos
			for pos+step < n && ix.keys[pos+step] < k {
				lo = pos + step
				step *= 2
			}
			hi := min(pos+step, n)
			pos = lo + sort.Search(hi-lo, func(j int) bool { return ix.keys[lo+j] >= k })
			if pos >= n {
				return
			}
		}
		if ix.keys[pos] == k && c.ok(ix, pos) {
			fn(pos)
		}
	}
}

// Timeline counts the matched events per day and quad class or root code,
// as store.Querier.Timeline answers (days and keys ascending, average
// Goldstein rounded to two places).
func (ix *Index) Timeline(keys []int64, f store.EventFilter, by string) []store.TimelineBucket {
	type acc struct {
		n        int
		sum, err float64 // Kahan-Babuska-Neumaier, as SQLite's sum()
	}
	buckets := map[uint64]*acc{}
	ix.each(keys, f, func(i int) {
		k := uint64(ix.date[i]) << 32
		if by == "root" {
			k |= uint64(ix.root[i])
		} else {
			k |= uint64(ix.quad[i])
		}
		a := buckets[k]
		if a == nil {
			a = &acc{}
			buckets[k] = a
		}
		a.n++
		x := ix.gold[i]
		t := a.sum + x
		if math.Abs(a.sum) > math.Abs(x) {
			a.err += (a.sum - t) + x
		} else {
			a.err += (x - t) + a.sum
		}
		a.sum = t
	})
	out := make([]store.TimelineBucket, 0, len(buckets))
	for k, a := range buckets {
		b := store.TimelineBucket{Day: ix.dates.strs[k>>32], Count: a.n, AvgGoldstein: store.Round2((a.sum + a.err) / float64(a.n))}
		if by == "root" {
			b.Key = ix.roots.strs[uint32(k)]
		} else {
			b.Key = strconv.Itoa(int(k & 0xff))
		}
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Day != out[j].Day {
			return out[i].Day < out[j].Day
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// Countries counts the matched events per country of the event place,
// most first, as store.Querier.Countries answers.
func (ix *Index) Countries(keys []int64, f store.EventFilter) []store.CountryCount {
	counts := make([]int, len(ix.countries.strs))
	ix.each(keys, f, func(i int) { counts[ix.country[i]]++ })
	out := []store.CountryCount{}
	for id, n := range counts {
		if n > 0 && ix.countries.strs[id] != "" {
			out = append(out, store.CountryCount{Country: ix.countries.strs[id], Count: n})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Count > out[j].Count || out[i].Count == out[j].Count && out[i].Country < out[j].Country
	})
	return out
}

// ActorPairs counts the matched events per (source, target) actor code,
// both present, most first, at most limit pairs.
func (ix *Index) ActorPairs(keys []int64, f store.EventFilter, limit int) []store.PairCount {
	counts := make([]int32, len(ix.pairs))
	ix.each(keys, f, func(i int) {
		if p := ix.pair[i]; p >= 0 {
			counts[p]++
		}
	})
	// The limit-th largest count bounds what can make the list.
	var ns []int32
	for _, n := range counts {
		if n > 0 {
			ns = append(ns, n)
		}
	}
	floor := int32(1)
	if len(ns) > limit && limit > 0 {
		sort.Slice(ns, func(i, j int) bool { return ns[i] > ns[j] })
		floor = ns[limit-1]
	}
	out := []store.PairCount{}
	for id, n := range counts {
		if n >= floor && n > 0 {
			p := ix.pairs[id]
			out = append(out, store.PairCount{Source: ix.actorCodes.strs[p[0]], Target: ix.actorCodes.strs[p[1]], Count: int(n)})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		return a.Target < b.Target
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}
