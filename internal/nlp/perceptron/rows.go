package perceptron

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/newsgraph/newsgraph/internal/hugepage"
)

// Rows lists the model's features in ascending order with their dense rows:
// row i is rows[i*NumClasses():(i+1)*NumClasses()], zero where the model
// has no weight. Callers that average models or lay the weights out their
// own way (the parser's one-miss table) read them through this.
func (m *Model) Rows() (keys []uint64, rows []float32) {
	keys = m.Keys()
	nc := len(m.Classes)
	rows = hugepage.Make[float32](len(keys) * nc)
	for i, k := range keys {
		e := m.slots[m.slot(k)]
		for _, x := range m.cw[e.a:e.b] {
			rows[i*nc+int(x.c)] = x.w
		}
	}
	return keys, rows
}

// maxDense bounds DecodeRows' dense rows (float32s, 1 GiB): a damaged
// header must not make it allocate without limit.
const maxDense = 1 << 28

// DecodeRows reads a model file's features, which must be in ascending order
// as WriteTo writes them, and their dense rows without building the lookup
// table Decode builds. It checks the file as Decode does; where a row
// names a class twice, the last weight wins, as in Decode.
func DecodeRows(b []byte) (classes []string, keys []uint64, rows []float32, err error) {
	h, body, p, nf, nw, err := decodeHeader(b)
	if err != nil {
		return nil, nil, nil, err
	}
	nc := len(h.Classes)
	if uint64(nf)*uint64(nc) > maxDense {
		return nil, nil, nil, fmt.Errorf("%w: %d rows of %d classes is too large for dense rows", ErrCorrupt, nf, nc)
	}
	keys = hugepage.Make[uint64](int(nf))
	counts := make([]uint16, nf)
	var used uint64
	for i := range keys {
		keys[i] = binary.LittleEndian.Uint64(body[p:])
		counts[i] = binary.LittleEndian.Uint16(body[p+8:])
		p += 10
		used += uint64(counts[i])
		// Decode refuses zero and repeated keys; in ascending order, as
		// every writer writes them, that is one comparison.
		if keys[i] == 0 || i > 0 && keys[i] <= keys[i-1] {
			return nil, nil, nil, fmt.Errorf("%w: feature keys not ascending", ErrCorrupt)
		}
	}
	if used != uint64(nw) {
		return nil, nil, nil, fmt.Errorf("%w: weight count", ErrCorrupt)
	}
	rows = hugepage.Make[float32](int(nf) * nc)
	for i := range keys {
		for range counts[i] {
			c := int(binary.LittleEndian.Uint16(body[p:]))
			w := math.Float32frombits(binary.LittleEndian.Uint32(body[p+2:]))
			p += 6
			if c >= nc || math.IsNaN(float64(w)) || math.IsInf(float64(w), 0) {
				return nil, nil, nil, fmt.Errorf("%w: weight entry", ErrCorrupt)
			}
			rows[i*nc+c] = w
		}
	}
	return h.Classes, keys, rows, nil
}

// FromRows builds a model from distinct keys and their dense rows (as Rows
// gives them), dropping weights of magnitude at most prune and rows left
// with none.
func FromRows(classes []string, meta map[string]string, keys []uint64, rows []float32, prune float32) (*Model, error) {
	nc := len(classes)
	if nc == 0 || nc > maxClasses || len(rows) != len(keys)*nc {
		return nil, fmt.Errorf("perceptron: %d rows of %d classes for %d keys", len(rows), nc, len(keys))
	}
	m := make(map[uint64][]float32, len(keys))
	for i, k := range keys {
		if k == 0 {
			return nil, fmt.Errorf("perceptron: zero feature key")
		}
		if m[k] != nil {
			return nil, fmt.Errorf("perceptron: duplicate feature key %d", k)
		}
		m[k] = rows[i*nc : i*nc+nc]
	}
	return build(classes, meta, m, prune), nil
}
