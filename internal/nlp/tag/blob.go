package tag

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math"
	"strconv"
)

// blob reads the sections the tagger's optional networks (the window
// network and the BiLSTM) write into the model header: a magic string,
// little-endian fields, and a CRC-32 of everything before it. Every read
// checks the bytes left, so a corrupt section is an error, never a panic.
type blob struct {
	p    []byte
	what string // names the section in errors
}

// openBlob checks b's magic and checksum and returns a reader of its body.
func openBlob(b []byte, magic, what string) (*blob, error) {
	if len(b) < len(magic)+4 || string(b[:len(magic)]) != magic {
		return nil, fmt.Errorf("tag: %s: bad magic", what)
	}
	body := b[:len(b)-4]
	if crc32.ChecksumIEEE(body) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return nil, fmt.Errorf("tag: %s: checksum mismatch (corrupt or truncated)", what)
	}
	return &blob{p: body[len(magic):], what: what}, nil
}

func (r *blob) errorf(format string, a ...any) error {
	return fmt.Errorf("tag: "+r.what+": "+format, a...)
}

func (r *blob) short() error { return r.errorf("truncated") }

// u32 reads a size field (at most 2^28).
func (r *blob) u32() (int, error) {
	if len(r.p) < 4 {
		return 0, r.short()
	}
	x := binary.LittleEndian.Uint32(r.p)
	r.p = r.p[4:]
	if x > 1<<28 {
		return 0, r.errorf("implausible size %d", x)
	}
	return int(x), nil
}

// sizes reads len(d) size fields into d.
func (r *blob) sizes(d []int) error {
	for i := range d {
		var err error
		if d[i], err = r.u32(); err != nil {
			return err
		}
	}
	return nil
}

// words reads n length-prefixed words, each once, and their indexes.
func (r *blob) words(n int) ([]string, map[string]int32, error) {
	if n > len(r.p)/4 {
		return nil, nil, r.short()
	}
	words, vocab := make([]string, n), make(map[string]int32, n)
	for i := range n {
		l, err := r.u32()
		if err != nil {
			return nil, nil, err
		}
		if l > len(r.p) {
			return nil, nil, r.short()
		}
		words[i] = string(r.p[:l])
		r.p = r.p[l:]
		if _, dup := vocab[words[i]]; dup {
			return nil, nil, r.errorf("word %q twice", words[i])
		}
		vocab[words[i]] = int32(i)
	}
	return words, vocab, nil
}

// int8s reads n signed bytes.
func (r *blob) int8s(n int) ([]int8, error) {
	if n > len(r.p) {
		return nil, r.short()
	}
	a := make([]int8, n)
	for i := range a {
		a[i] = int8(r.p[i])
	}
	r.p = r.p[n:]
	return a, nil
}

// floats reads one float32 array per size, each weight finite and of
// magnitude at most 1e30 (so that sums of a few of them stay finite).
func (r *blob) floats(sizes ...int) ([][]float32, error) {
	total := 0
	for _, s := range sizes {
		total += s
	}
	if total > len(r.p)/4 {
		return nil, r.short()
	}
	arrs := make([][]float32, len(sizes))
	for i, s := range sizes {
		a := make([]float32, s)
		for j := range a {
			a[j] = math.Float32frombits(binary.LittleEndian.Uint32(r.p[4*j:]))
			if math.IsNaN(float64(a[j])) || math.Abs(float64(a[j])) > 1e30 {
				return nil, r.errorf("weight not finite")
			}
		}
		r.p = r.p[4*s:]
		arrs[i] = a
	}
	return arrs, nil
}

// mixParams reads a network's mixing weight (0–1), temperature (> 0) and
// gate (≥ 0) from the header keys prefix+"weight", "temp" and "gate".
func mixParams(meta map[string]string, prefix, what string) ([3]float32, error) {
	var ps [3]float32
	for i, k := range []string{prefix + "weight", prefix + "temp", prefix + "gate"} {
		v, err := strconv.ParseFloat(meta[k], 32)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || (i == 0 && v > 1) || (i == 1 && v == 0) {
			return ps, fmt.Errorf("tag: %s %s %q", what, k, meta[k])
		}
		ps[i] = float32(v)
	}
	return ps, nil
}
