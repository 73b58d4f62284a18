package parse

import (
	"github.com/newsgraph/newsgraph/internal/hugepage"
	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
)

// fastTrans is the transition model laid out for lookup speed: an
// open-addressing table whose 24-byte slots hold the key and its three
// weights, so a feature costs one cache miss instead of the sparse layout's
// two. Parsing is bound by memory latency. Scores are added in the same
// order as perceptron.Model.Scores, so parses are identical.
type fastTrans struct {
	slots []fslot
	shift uint
}

type fslot struct {
	key uint64 // 0 = empty
	w   [nTrans]float32
}

func newFastTrans(m *perceptron.Model) *fastTrans {
	keys, rows := m.Rows()
	return fastFromRows(keys, rows)
}

func fastFromRows(keys []uint64, rows []float32) *fastTrans {
	bits := uint(1)
	for 1<<bits < 2*len(keys)+1 {
		bits++
	}
	f := &fastTrans{slots: hugepage.Make[fslot](1 << bits), shift: 64 - bits}
	mask := uint64(1)<<bits - 1
	// Inserting keys in file order made each insertion a cache miss in a
	// table of tens of MB (130 ms of the shipped parser's load). Inserting
	// them in home-slot order walks the table once: with sorted homes, the
	// first free slot at or after a key's home is max(home, last+1), and the
	// result is a valid linear-probing layout, so lookups do not change.
	order := homeOrder(keys, f.shift)
	last := -1
	for _, o := range order {
		n := int(uint32(o))
		k := max(keys[n], 1)
		i := int(o >> 32)
		if i <= last {
			i = last + 1
		}
		if i >= len(f.slots) { // ran off the end: wrap as linear probing does
			j := uint64(0)
			for f.slots[j].key != 0 {
				j = (j + 1) & mask
			}
			i = int(j)
		} else {
			last = i
		}
		copy(f.slots[i].w[:], rows[n*nTrans:n*nTrans+nTrans])
		f.slots[i].key = k
	}
	return f
}

// homeOrder returns home<<32 | index for every key, sorted by home slot (the
// top 64-shift bits of the multiplicative hash) with a stable LSD radix sort
// of 11-bit digits, whose 2,048 buckets stay in cache.
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

func (f *fastTrans) predict(feats []perceptron.Feature, scores []float32, allowed []bool) int {
	var acc [nTrans]float32
	mask := uint64(len(f.slots) - 1)
	for _, k := range feats {
		if k == 0 {
			k = 1
		}
		i := (k * 0x9E3779B97F4A7C15) >> f.shift
		for {
			s := &f.slots[i]
			if s.key == k {
				for c := range acc {
					acc[c] += s.w[c]
				}
				break
			}
			if s.key == 0 {
				break
			}
			i = (i + 1) & mask
		}
	}
	copy(scores, acc[:])
	return perceptron.Argmax(scores, allowed)
}
