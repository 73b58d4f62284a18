package ner

import (
	"encoding/binary"

	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
)

// fastModel is a read-only copy of a perceptron model laid out for lookup
// speed: an open-addressing table of (feature, row) pairs, 16 bytes a slot,
// and dense rows of nClasses weights, so a feature costs two cache misses
// instead of the sparse layout's four. Tagging is memory-bound, so this is
// most of the NER's speed.
type fastModel struct {
	slots []fslot
	w     []float32
	mask  uint64
}

type fslot struct {
	key uint64 // 0 = empty
	row uint32
}

// newFastModel rebuilds m from its file bytes (which list every feature key;
// see perceptron's file format), reading each row through the public
// Scores. It returns nil when the bytes do not parse, and callers fall back
// to m itself.
func newFastModel(m *perceptron.Model, file []byte) *fastModel {
	keys := modelKeys(file)
	if keys == nil || m.NumClasses() != nClasses {
		return nil
	}
	size := 1
	for size < 2*len(keys)+1 {
		size <<= 1
	}
	f := &fastModel{slots: make([]fslot, size), w: make([]float32, 0, len(keys)*nClasses), mask: uint64(size - 1)}
	var row [nClasses]float32
	one := make([]perceptron.Feature, 1)
	for n, k := range keys {
		if k == 0 {
			return nil
		}
		one[0] = k
		row = [nClasses]float32{}
		m.Scores(one, row[:])
		f.w = append(f.w, row[:]...)
		i := k & f.mask
		for f.slots[i].key != 0 {
			if f.slots[i].key == k {
				return nil
			}
			i = (i + 1) & f.mask
		}
		f.slots[i] = fslot{k, uint32(n)}
	}
	return f
}

// modelKeys lists the feature keys of a perceptron model file, or nil.
func modelKeys(b []byte) []uint64 {
	if len(b) < 16 || string(b[:4]) != "NGPM" {
		return nil
	}
	hl := int(binary.LittleEndian.Uint32(b[8:]))
	p := 12 + hl
	if hl < 0 || p+8 > len(b) {
		return nil
	}
	nf := int(binary.LittleEndian.Uint32(b[p:]))
	p += 8
	if nf < 0 || nf > (len(b)-p)/10 {
		return nil
	}
	keys := make([]uint64, nf)
	for i := range keys {
		keys[i] = binary.LittleEndian.Uint64(b[p:])
		p += 10
	}
	return keys
}

// Predict is perceptron.Model.Predict on the fast layout.
func (f *fastModel) Predict(feats []perceptron.Feature, scores []float32, allowed []bool) int {
	var acc [nClasses]float32
	for _, k := range feats {
		if k == 0 {
			k = 1
		}
		i := k & f.mask
		for {
			s := &f.slots[i]
			if s.key == k {
				r := f.w[int(s.row)*nClasses : int(s.row)*nClasses+nClasses]
				for c := range acc {
					acc[c] += r[c]
				}
				break
			}
			if s.key == 0 {
				break
			}
			i = (i + 1) & f.mask
		}
	}
	copy(scores, acc[:])
	return perceptron.Argmax(scores, allowed)
}
