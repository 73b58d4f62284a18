package parse

import (
	"unsafe"

	"github.com/newsgraph/newsgraph/internal/hugepage"
	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
)

// fastTrans is the transition model laid out for lookup speed: an
// open-addressing table of 64-byte buckets, each one cache line holding
// three keys and their three weights, probed bucket by bucket. A feature
// costs one cache miss, where slots of one key each cost one and a third
// (a slot could straddle two lines, and a probe could run into the next
// line), and the table is two thirds of their size. Parsing is bound by
// memory latency. Scores are added in the same order as
// perceptron.Model.Scores, so parses are identical.
type fastTrans struct {
	b     []fbucket
	shift uint
}

// fbucket holds up to three features, filled from the first: a bucket with
// a free key slot ends every probe that reaches it.
type fbucket struct {
	key [bucketKeys]uint64 // 0 = empty
	w   [bucketKeys][nTrans]float32
	_   uint32
}

const bucketKeys = 3

func newFastTrans(m *perceptron.Model) *fastTrans {
	keys, rows := m.Rows()
	return fastFromRows(keys, rows)
}

// fastFromRows lays out keys (distinct; 0 is stored as 1, as lookups fold
// it) with their dense rows, at most two keys for three key slots.
func fastFromRows(keys []uint64, rows []float32) *fastTrans {
	bits := uint(1)
	for bucketKeys<<bits < 2*len(keys)+1 {
		bits++
	}
	f := &fastTrans{b: hugepage.Make[fbucket](1 << bits), shift: 64 - bits}
	// Inserting keys in file order made each insertion a cache miss in a
	// table of tens of MB. Inserting them in home order walks the table
	// once: with sorted homes, the first bucket with room at or after a
	// key's home is the home or the bucket the last key went to, whichever
	// is later (or the next one when that is full), and the result is the
	// layout that inserting one by one with probing gives, so lookups do
	// not change.
	order := homeOrder(keys, f.shift)
	cur, fill := -1, 0
	for _, o := range order {
		n := int(uint32(o))
		k := max(keys[n], 1)
		if h := int(o >> 32); h > cur {
			cur, fill = h, 0
		}
		i, j := cur, fill
		if i >= len(f.b) { // ran off the end: wrap as probing does
			i = 0
			for f.b[i].key[bucketKeys-1] != 0 {
				i = (i + 1) & (len(f.b) - 1)
			}
			for j = 0; f.b[i].key[j] != 0; j++ {
			}
		} else if fill++; fill == bucketKeys {
			cur, fill = cur+1, 0
		}
		copy(f.b[i].w[j][:], rows[n*nTrans:n*nTrans+nTrans])
		f.b[i].key[j] = k
	}
	return f
}

// homeOrder returns home<<32 | index for every key, sorted by home bucket
// (the top 64-shift bits of the multiplicative hash) with a stable LSD
// radix sort of 11-bit digits, whose 2,048 buckets stay in cache.
func homeOrder(keys []uint64, shift uint) []uint64 {
	a := make([]uint64, len(keys))
	for n, k := range keys {
		a[n] = (max(k, 1)*0x9E3779B97F4A7C15)>>shift<<32 | uint64(n)
	}
	b := make([]uint64, len(a))
	const digit = 11
	for lo := uint(32); lo < 32+64-shift; lo += digit {
		var count [1 << digit]int
		for _, v := range a {
			count[v>>lo&(1<<digit-1)]++
		}
		sum := 0
		for d, c := range count {
			count[d] = sum
			sum += c
		}
		for _, v := range a {
			d := v >> lo & (1<<digit - 1)
			b[count[d]] = v
			count[d]++
		}
		a, b = b, a
	}
	return a
}

// predict scores feats; a parse has prefetched their home buckets while
// computing them (fx).
func (f *fastTrans) predict(feats []perceptron.Feature, scores []float32, allowed []bool) int {
	var acc [nTrans]float32
	mask := len(f.b) - 1
	for _, k := range feats {
		k = max(k, 1)
		i := int((k * 0x9E3779B97F4A7C15) >> f.shift)
		for {
			b := &f.b[i]
			j := -1
			for n, bk := range b.key {
				if bk == k {
					j = n
				}
			}
			if j >= 0 {
				for c := range acc {
					acc[c] += b.w[j][c]
				}
				break
			}
			if b.key[bucketKeys-1] == 0 {
				break
			}
			i = (i + 1) & mask
		}
	}
	copy(scores, acc[:])
	return perceptron.Argmax(scores, allowed)
}

// prefetch issues the home buckets of feats so that their cache misses
// overlap instead of following one another.
func (f *fastTrans) prefetch(feats []perceptron.Feature) {
	var offs [128]uintptr
	for len(feats) > 0 {
		n := min(len(feats), len(offs))
		for i, k := range feats[:n] {
			offs[i] = uintptr((max(k, 1)*0x9E3779B97F4A7C15)>>f.shift) * unsafe.Sizeof(fbucket{})
		}
		perceptron.PrefetchAt(unsafe.Pointer(unsafe.SliceData(f.b)), offs[:n])
		feats = feats[n:]
	}
}
