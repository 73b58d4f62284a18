package perceptron

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"slices"
	"testing"
)

// checkRows compares keys and dense rows with the model's own weights:
// every listed key scores its row, and the rows cover every weight.
func checkRows(t *testing.T, m *Model, classes []string, keys []uint64, rows []float32) {
	t.Helper()
	nc := m.NumClasses()
	if !slices.Equal(classes, m.Classes) || len(rows) != len(keys)*nc {
		t.Fatalf("classes %v / %v, %d rows for %d keys", classes, m.Classes, len(rows), len(keys))
	}
	nz := 0
	s := make([]float32, nc)
	for i, k := range keys {
		clear(s)
		m.Scores([]Feature{k}, s)
		if !slices.Equal(s, rows[i*nc:i*nc+nc]) {
			t.Fatalf("key %d: model %v, rows %v", k, s, rows[i*nc:i*nc+nc])
		}
		for _, w := range s {
			if w != 0 {
				nz++
			}
		}
	}
	if nz != m.NumWeights() {
		t.Fatalf("rows hold %d weights, the model %d", nz, m.NumWeights())
	}
}

// Rows, DecodeRows and FromRows agree with the model, and FromRows of a
// model's rows writes the same file.
func TestRows(t *testing.T) {
	m := train(t)
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	keys, rows := m.Rows()
	if !slices.Equal(keys, m.Keys()) || len(keys) == 0 {
		t.Fatalf("Rows gives %d keys, Keys %d", len(keys), len(m.Keys()))
	}
	checkRows(t, m, m.Classes, keys, rows)
	classes, fkeys, frows, err := DecodeRows(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(fkeys, keys) || !slices.Equal(frows, rows) {
		t.Fatal("DecodeRows differs from Rows")
	}
	checkRows(t, m, classes, fkeys, frows)

	back, err := FromRows(m.Classes, m.Meta, keys, rows, 0)
	if err != nil {
		t.Fatal(err)
	}
	var buf2 bytes.Buffer
	back.WriteTo(&buf2)
	if !bytes.Equal(buf.Bytes(), buf2.Bytes()) {
		t.Fatal("FromRows(Rows) writes another file")
	}
	// Pruning drops small weights, as Pruned does.
	pr, err := FromRows(m.Classes, m.Meta, keys, rows, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	pr.WriteTo(&a)
	m.Pruned(0.5).WriteTo(&b)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("FromRows with prune differs from Pruned")
	}
}

func TestRowsErrors(t *testing.T) {
	m := train(t)
	var buf bytes.Buffer
	m.WriteTo(&buf)
	b := buf.Bytes()
	if _, _, _, err := DecodeRows(b[:len(b)-3]); !errors.Is(err, ErrCorrupt) {
		t.Errorf("truncated: %v", err)
	}
	keys, rows := m.Rows()
	nc := m.NumClasses()
	for _, c := range []struct {
		name string
		keys []uint64
		rows []float32
	}{
		{"short rows", keys, rows[:len(rows)-1]},
		{"zero key", []uint64{0}, make([]float32, nc)},
		{"repeated key", []uint64{7, 7}, make([]float32, 2*nc)},
	} {
		if _, err := FromRows(m.Classes, nil, c.keys, c.rows, 0); err == nil {
			t.Errorf("%s: accepted", c.name)
		}
	}
	// Keys out of order: swap the first two key records and fix the CRC.
	swapped := unorderedFile(t, m)
	if _, err := Decode(swapped); err != nil {
		t.Fatalf("Decode refuses the swapped file: %v", err)
	}
	if _, _, _, err := DecodeRows(swapped); !errors.Is(err, ErrCorrupt) {
		t.Errorf("unordered keys: %v", err)
	}
}

// unorderedFile writes m with its first two features swapped (records and
// weights), a file Decode accepts and DecodeRows must refuse.
func unorderedFile(t *testing.T, m *Model) []byte {
	t.Helper()
	var buf bytes.Buffer
	m.WriteTo(&buf)
	_, body, p, nf, _, err := decodeHeader(buf.Bytes())
	if err != nil || nf < 2 {
		t.Fatalf("%v, %d features", err, nf)
	}
	out := slices.Clone(body)
	r0, r1 := out[p:p+10], out[p+10:p+20]
	c0, c1 := 6*int(binary.LittleEndian.Uint16(r0[8:])), 6*int(binary.LittleEndian.Uint16(r1[8:]))
	recs := slices.Concat(r1, r0)
	copy(out[p:], recs)
	w := p + 10*int(nf)
	ws := slices.Concat(body[w+c0:w+c0+c1], body[w:w+c0])
	copy(out[w:], ws)
	return binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(out))
}
