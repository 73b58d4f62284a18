package perceptron

import (
	"encoding/binary"
	"math"

	"github.com/newsgraph/newsgraph/internal/hugepage"
)

// buildDirect makes the table straight from the decoded sections, without
// the map of dense rows build uses: large parser models load several times
// faster and with a fraction of the garbage. body[p:] holds the key/count
// records followed by the weight records, already size-checked. It gives the
// same model as build(classes, meta, rows, 0) would: zero weights dropped,
// all-zero rows dropped, classes in ascending order with the last duplicate
// winning.
func buildDirect(classes []string, meta map[string]string, body []byte, p int, nf, nw uint32) (*Model, string) {
	nc := len(classes)
	keys := make([]uint64, nf)
	counts := make([]uint16, nf)
	var used uint64
	for i := range keys {
		keys[i] = binary.LittleEndian.Uint64(body[p:])
		counts[i] = binary.LittleEndian.Uint16(body[p+8:])
		p += 10
		if keys[i] == 0 {
			return nil, "zero feature key"
		}
		used += uint64(counts[i])
	}
	if used != uint64(nw) {
		return nil, "weight count"
	}
	size := 1
	for size < 2*int(nf)+1 {
		size <<= 1
	}
	m := &Model{Classes: classes, Meta: meta, keys: hugepage.Make[uint64](size), mask: uint64(size - 1)}
	slotOf := make([]int32, nf)
	for n, f := range keys {
		i := (f * 0x9E3779B97F4A7C15) & m.mask
		for m.keys[i] != 0 {
			if m.keys[i] == f {
				return nil, "duplicate feature key"
			}
			i = (i + 1) & m.mask
		}
		m.keys[i] = f
		slotOf[n] = int32(i)
	}
	// Validate weights and count the non-zero ones per row.
	wstart := p
	nz := make([]uint32, nf)
	ordered := make([]bool, nf)
	q := p
	for n := range keys {
		last, ok := -1, true
		for j := 0; j < int(counts[n]); j++ {
			c := int(binary.LittleEndian.Uint16(body[q:]))
			w := math.Float32frombits(binary.LittleEndian.Uint32(body[q+2:]))
			q += 6
			if c >= nc || math.IsNaN(float64(w)) || math.IsInf(float64(w), 0) {
				return nil, "weight entry"
			}
			if c <= last {
				ok = false
			}
			last = c
			if w != 0 {
				nz[n]++
			}
		}
		ordered[n] = ok
	}
	// Rows whose weights are all zero are dropped, as build does: place the
	// remaining keys again.
	drop := false
	for n := range keys {
		if nz[n] == 0 {
			drop = true
			break
		}
	}
	if drop {
		clear(m.keys)
		for n, f := range keys {
			slotOf[n] = -1
			if nz[n] == 0 {
				continue
			}
			i := (f * 0x9E3779B97F4A7C15) & m.mask
			for m.keys[i] != 0 {
				i = (i + 1) & m.mask
			}
			m.keys[i] = f
			slotOf[n] = int32(i)
		}
	}
	// Rows in slot order.
	bySlot := make([]int32, size)
	for i := range bySlot {
		bySlot[i] = -1
	}
	for n, s := range slotOf {
		if s >= 0 {
			bySlot[s] = int32(n)
		}
	}
	rowAt := make([]int, nf) // offset of each row's weight records
	q = wstart
	for n := range keys {
		rowAt[n] = q
		q += 6 * int(counts[n])
	}
	var total uint64
	for n := range keys {
		total += uint64(nz[n])
	}
	m.start = make([]uint32, size+1)
	m.cls = hugepage.Make[uint16](int(total))[:0]
	m.wt = hugepage.Make[float32](int(total))[:0]
	var dense []float32
	for s := 0; s < size; s++ {
		m.start[s] = uint32(len(m.wt))
		n := bySlot[s]
		if n < 0 {
			continue
		}
		q := rowAt[n]
		if ordered[n] {
			for j := 0; j < int(counts[n]); j++ {
				c := binary.LittleEndian.Uint16(body[q:])
				w := math.Float32frombits(binary.LittleEndian.Uint32(body[q+2:]))
				q += 6
				if w != 0 {
					m.cls = append(m.cls, c)
					m.wt = append(m.wt, w)
				}
			}
			continue
		}
		if dense == nil {
			dense = make([]float32, nc)
		}
		clear(dense)
		for j := 0; j < int(counts[n]); j++ {
			c := binary.LittleEndian.Uint16(body[q:])
			dense[c] = math.Float32frombits(binary.LittleEndian.Uint32(body[q+2:]))
			q += 6
		}
		for c, w := range dense {
			if w != 0 {
				m.cls = append(m.cls, uint16(c))
				m.wt = append(m.wt, w)
			}
		}
	}
	m.start[size] = uint32(len(m.wt))
	return m.pack(), ""
}
