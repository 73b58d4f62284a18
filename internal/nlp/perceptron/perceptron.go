// Package perceptron is the shared learner of the tagger, the parser and the
// NER: a multi-class averaged perceptron over hashed features, with a sparse
// model that stores only the (feature, class) weights that are not zero, and
// a checksummed binary file format.
package perceptron

import (
	"math"
	"sort"
	"unsafe"

	"github.com/newsgraph/newsgraph/internal/hugepage"
)

// Feature is a hashed feature. Build them with Hasher so the same feature
// string always gives the same value across runs and machines.
type Feature = uint64

// Hasher builds features with FNV-1a without allocating.
type Hasher struct{ h uint64 }

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// Start begins a feature from its template id.
func (h *Hasher) Start(template byte) *Hasher {
	h.h = fnvOffset
	h.h ^= uint64(template)
	h.h *= fnvPrime
	return h
}

// Str mixes in a string, followed by a separator so ("ab","c") != ("a","bc").
func (h *Hasher) Str(s string) *Hasher {
	x := h.h
	for i := 0; i < len(s); i++ {
		x ^= uint64(s[i])
		x *= fnvPrime
	}
	x ^= 0xff
	x *= fnvPrime
	h.h = x
	return h
}

// Int mixes in an integer: FNV-1a over its 8 bytes, low first. The byte
// steps are unrolled four at a time: the multiplies are a serial chain
// per feature, and the loop's own counting was a third of the work.
func (h *Hasher) Int(v int) *Hasher {
	x, u := h.h, uint64(v)
	for range 2 {
		x = (x ^ u&0xff) * fnvPrime
		x = (x ^ u>>8&0xff) * fnvPrime
		x = (x ^ u>>16&0xff) * fnvPrime
		x = (x ^ u>>24&0xff) * fnvPrime
		u >>= 32
	}
	h.h = x
	return h
}

// Int16 is Int(int(v)) in three multiplies instead of eight: FNV-1a's step
// on a zero byte is a bare multiply by the prime, so the six high bytes
// are one multiply by its sixth power (arithmetic mod 2^64 is exact).
// Labels, distances and counts are small; use it where a value always is.
func (h *Hasher) Int16(v uint16) *Hasher {
	x, u := h.h, uint64(v)
	x = (x ^ u&0xff) * fnvPrime
	x = (x ^ u>>8) * fnvPrime
	h.h = x * fnvPrime6
	return h
}

// fnvPrime6 is fnvPrime to the sixth power, mod 2^64.
const fnvPrime6 = fnvPrime * fnvPrime * fnvPrime * fnvPrime * fnvPrime * fnvPrime % (1 << 64)

// Sum returns the feature.
func (h *Hasher) Sum() Feature { return h.h }

// Model is a trained, averaged, read-only model. It is safe for concurrent use.
type Model struct {
	Classes []string
	Meta    map[string]string
	// Sparse rows in an open-addressing table, built as four arrays:
	// keys[i] is a feature (0 = empty slot), its weights are
	// cls/wt[start[i]:start[i+1]] of rows ordered by slot. pack then
	// interleaves them into slots and cw, so a lookup touches one cache
	// line for the key and its row bounds and one run for the row: scoring
	// is bound by memory latency, not arithmetic.
	keys  []uint64
	start []uint32
	cls   []uint16
	wt    []float32
	mask  uint64
	slots []slotEntry
	cw    []classWeight
}

type slotEntry struct {
	key  uint64
	a, b uint32 // the row is cw[a:b]
}

type classWeight struct {
	c uint16
	w float32
}

// pack turns the four build arrays into the interleaved runtime layout and
// drops them.
func (m *Model) pack() *Model {
	m.slots = hugepage.Make[slotEntry](len(m.keys))
	for i, k := range m.keys {
		if k != 0 {
			m.slots[i] = slotEntry{key: k, a: m.start[i], b: m.start[i+1]}
		}
	}
	m.cw = hugepage.Make[classWeight](len(m.wt))
	for j := range m.wt {
		m.cw[j] = classWeight{c: m.cls[j], w: m.wt[j]}
	}
	m.keys, m.start, m.cls, m.wt = nil, nil, nil, nil
	return m
}

// NumClasses is the number of classes.
func (m *Model) NumClasses() int { return len(m.Classes) }

// NumWeights is the number of non-zero weights.
func (m *Model) NumWeights() int { return len(m.cw) }

// ClassIndex returns the index of a class name, or -1.
func (m *Model) ClassIndex(name string) int {
	for i, c := range m.Classes {
		if c == name {
			return i
		}
	}
	return -1
}

func (m *Model) slot(f Feature) int {
	if f == 0 {
		f = 1 // 0 marks empty slots; fold it onto 1
	}
	i := (f * 0x9E3779B97F4A7C15) & m.mask
	for {
		k := m.slots[i].key
		if k == f {
			return int(i)
		}
		if k == 0 {
			return -1
		}
		i = (i + 1) & m.mask
	}
}

// Scores adds the weights of feats to scores (len = NumClasses); the caller
// zeroes scores first.
func (m *Model) Scores(feats []Feature, scores []float32) {
	if len(m.slots) == 0 {
		return
	}
	if len(m.slots) >= prefetchSlots && len(feats) >= prefetchFeats {
		m.scoresPrefetched(feats, scores)
		return
	}
	m.scoresPlain(feats, scores)
}

func (m *Model) scoresPlain(feats []Feature, scores []float32) {
	for _, f := range feats {
		s := m.slot(f)
		if s < 0 {
			continue
		}
		e := m.slots[s]
		for _, x := range m.cw[e.a:e.b] {
			scores[x.c] += x.w
		}
	}
}

// Scores prefetches for tables of at least prefetchSlots slots (16 bytes
// each, 2 MB: a table that stays in the caches gains nothing) and at least
// prefetchFeats features (one feature has no misses to overlap; the NER
// reads its whole model a row at a time through Scores).
const (
	prefetchSlots = 1 << 17
	prefetchFeats = 4
)

// scoresPrefetched is Scores for a table that misses the caches: a chunk of
// features at a time, it issues their home slots, then reads the slots and
// issues their rows, then adds the rows in the order Scores adds them, so
// the sums are the same bits while the misses of a chunk overlap.
func (m *Model) scoresPrefetched(feats []Feature, scores []float32) {
	const chunk = 64
	var offs [chunk]uintptr
	var rows [chunk]slotEntry
	for len(feats) > 0 {
		n := min(len(feats), chunk)
		m.homeOffsets(feats[:n], offs[:n])
		prefetch(unsafe.Pointer(unsafe.SliceData(m.slots)), offs[:n])
		k := 0
		for _, f := range feats[:n] {
			if s := m.slot(f); s >= 0 {
				rows[k] = m.slots[s]
				offs[k] = uintptr(rows[k].a) * unsafe.Sizeof(classWeight{})
				k++
			}
		}
		if k > 0 {
			prefetch(unsafe.Pointer(unsafe.SliceData(m.cw)), offs[:k])
		}
		for _, e := range rows[:k] {
			for _, x := range m.cw[e.a:e.b] {
				scores[x.c] += x.w
			}
		}
		feats = feats[n:]
	}
}

// homeOffsets sets offs[i] to the byte offset of feats[i]'s home slot.
func (m *Model) homeOffsets(feats []Feature, offs []uintptr) {
	for i, f := range feats {
		offs[i] = uintptr((max(f, 1)*0x9E3779B97F4A7C15)&m.mask) * unsafe.Sizeof(slotEntry{})
	}
}

// Prefetch issues the home slots of feats, as Scores will look them up, so
// that a caller can overlap their cache misses with other work (the parser
// computes its next features meanwhile). It changes nothing.
func (m *Model) Prefetch(feats []Feature) {
	if len(m.slots) < prefetchSlots {
		return
	}
	var offs [64]uintptr
	for len(feats) > 0 {
		n := min(len(feats), len(offs))
		m.homeOffsets(feats[:n], offs[:n])
		prefetch(unsafe.Pointer(unsafe.SliceData(m.slots)), offs[:n])
		feats = feats[n:]
	}
}

// Predict returns the best class among those allowed (all when allowed is nil).
func (m *Model) Predict(feats []Feature, scores []float32, allowed []bool) int {
	for i := range scores {
		scores[i] = 0
	}
	m.Scores(feats, scores)
	return Argmax(scores, allowed)
}

// Argmax returns the index of the highest score among allowed classes; ties
// go to the lower index so results are deterministic.
func Argmax(scores []float32, allowed []bool) int {
	best, bi := float32(math.Inf(-1)), -1
	for i, s := range scores {
		if allowed != nil && !allowed[i] {
			continue
		}
		if s > best {
			best, bi = s, i
		}
	}
	return bi
}

// build makes the table from a map of rows.
func build(classes []string, meta map[string]string, rows map[uint64][]float32, prune float32) *Model {
	m := &Model{Classes: classes, Meta: meta}
	feats := make([]uint64, 0, len(rows))
	for f, r := range rows {
		keep := false
		for _, w := range r {
			if w > prune || w < -prune {
				keep = true
				break
			}
		}
		if keep {
			feats = append(feats, f)
		}
	}
	sort.Slice(feats, func(i, j int) bool { return feats[i] < feats[j] })
	size := 1
	for size < 2*len(feats)+1 {
		size <<= 1
	}
	m.keys = make([]uint64, size)
	m.mask = uint64(size - 1)
	place := make([]int, len(feats))
	for n, f := range feats {
		i := (f * 0x9E3779B97F4A7C15) & m.mask
		for m.keys[i] != 0 {
			i = (i + 1) & m.mask
		}
		m.keys[i] = f
		place[n] = int(i)
	}
	bySlot := make([]int, size)
	for i := range bySlot {
		bySlot[i] = -1
	}
	for n, s := range place {
		bySlot[s] = n
	}
	m.start = make([]uint32, size+1)
	for s := 0; s < size; s++ {
		m.start[s] = uint32(len(m.wt))
		if n := bySlot[s]; n >= 0 {
			for c, w := range rows[feats[n]] {
				if w > prune || w < -prune {
					m.cls = append(m.cls, uint16(c))
					m.wt = append(m.wt, w)
				}
			}
		}
	}
	m.start[size] = uint32(len(m.wt))
	return m.pack()
}

// Trainer learns an averaged perceptron. Not safe for concurrent use.
type Trainer struct {
	classes []string
	rows    map[uint64]*trow
	tick    int64
}

type trow struct {
	w, total []float32
	stamp    []int64
}

// NewTrainer makes a trainer over the class names.
func NewTrainer(classes []string) *Trainer {
	return &Trainer{classes: append([]string(nil), classes...), rows: map[uint64]*trow{}}
}

// NumClasses is the number of classes.
func (t *Trainer) NumClasses() int { return len(t.classes) }

// Scores adds the current (not averaged) weights of feats to scores.
func (t *Trainer) Scores(feats []Feature, scores []float32) {
	for _, f := range feats {
		if f == 0 {
			f = 1
		}
		if r := t.rows[f]; r != nil {
			for c, w := range r.w {
				scores[c] += w
			}
		}
	}
}

// Predict is Model.Predict on the current weights.
func (t *Trainer) Predict(feats []Feature, scores []float32, allowed []bool) int {
	for i := range scores {
		scores[i] = 0
	}
	t.Scores(feats, scores)
	return Argmax(scores, allowed)
}

// Tick counts one training instance; call it once per prediction made.
func (t *Trainer) Tick() { t.tick++ }

// Update moves weight from guess to truth for feats (no-op when equal).
func (t *Trainer) Update(feats []Feature, truth, guess int, delta float32) {
	if truth == guess {
		return
	}
	n := len(t.classes)
	for _, f := range feats {
		if f == 0 {
			f = 1
		}
		r := t.rows[f]
		if r == nil {
			r = &trow{w: make([]float32, n), total: make([]float32, n), stamp: make([]int64, n)}
			t.rows[f] = r
		}
		t.upd(r, truth, delta)
		if guess >= 0 {
			t.upd(r, guess, -delta)
		}
	}
}

func (t *Trainer) upd(r *trow, c int, d float32) {
	r.total[c] += float32(t.tick-r.stamp[c]) * r.w[c]
	r.stamp[c] = t.tick
	r.w[c] += d
}

// Average returns the averaged model, dropping weights whose magnitude is at
// most prune (0 keeps every non-zero weight). The trainer can go on training.
func (t *Trainer) Average(meta map[string]string, prune float32) *Model {
	rows := make(map[uint64][]float32, len(t.rows))
	tick := float32(t.tick)
	if tick == 0 {
		tick = 1
	}
	for f, r := range t.rows {
		avg := make([]float32, len(r.w))
		for c := range r.w {
			total := r.total[c] + float32(t.tick-r.stamp[c])*r.w[c]
			avg[c] = total / tick
		}
		rows[f] = avg
	}
	return build(t.classes, meta, rows, prune)
}
