package parse

import "github.com/newsgraph/newsgraph/internal/nlp/perceptron"

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

func newFastTrans(m *perceptron.Model) (*fastTrans, error) {
	keys, rows, err := modelRows(m)
	if err != nil {
		return nil, err
	}
	return fastFromRows(keys, rows), nil
}

func fastFromRows(keys []uint64, rows []float32) *fastTrans {
	bits := uint(1)
	for 1<<bits < 2*len(keys)+1 {
		bits++
	}
	f := &fastTrans{slots: make([]fslot, 1<<bits), shift: 64 - bits}
	mask := uint64(1)<<bits - 1
	for n, k := range keys {
		if k == 0 {
			k = 1
		}
		i := (k * 0x9E3779B97F4A7C15) >> f.shift
		for f.slots[i].key != 0 {
			i = (i + 1) & mask
		}
		copy(f.slots[i].w[:], rows[n*nTrans:n*nTrans+nTrans])
		f.slots[i].key = k
	}
	return f
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
