package parse

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math"
	"sort"

	"github.com/newsgraph/newsgraph/internal/nlp/lstm"
)

// File format "NGDL" (version 1): magic, version, Dw, Dt, Hm, the
// numbers of words, tags, labels, vectors and meta entries (u32 each),
// the meta pairs, the word, tag and label strings, the vectors (each its
// word, a float32 scale and 100 int8 values), the LSTM's NGLS file (u32
// length first), the other parameters as float32 (W1, b1, Wt, bt, Wl,
// bl, pad, Ew, Et), and a CRC-32 of everything before it.
const (
	blMagic   = "NGDL"
	blVersion = 1
)

// quantizeVectors rounds each vector to int8 steps of max|v|/127: the
// file keeps them so (a quarter of float32's size), and training reads
// the rounded values, so that the trained model sees what it ships with.
func quantizeVectors(vs map[string][]float32) (words []string, q []int8, scale []float32) {
	for w, v := range vs {
		if len(v) == blVDim {
			words = append(words, w)
		}
	}
	sort.Strings(words)
	q = make([]int8, len(words)*blVDim)
	scale = make([]float32, len(words))
	for i, w := range words {
		var mx float32
		for _, x := range vs[w] {
			mx = max(mx, x, -x)
		}
		sc := mx / 127
		scale[i] = sc
		for j, x := range vs[w] {
			v := 0.0
			if sc > 0 {
				v = math.Round(float64(x / sc))
			}
			q[i*blVDim+j] = int8(max(-127, min(127, v)))
		}
	}
	return
}

// vector writes word id i's dequantised vector to dst.
func (m *bilstm) vector(i int32, dst []float32) {
	sc := m.vscale[i]
	for j, x := range m.vq[int(i)*blVDim : int(i+1)*blVDim] {
		dst[j] = float32(x) * sc
	}
}

func (m *bilstm) encode() []byte {
	var b bytes.Buffer
	b.WriteString(blMagic)
	u32 := func(x int) { binary.Write(&b, binary.LittleEndian, uint32(x)) }
	str := func(s string) {
		binary.Write(&b, binary.LittleEndian, uint16(len(s)))
		b.WriteString(s)
	}
	f32 := func(xs []float32) {
		for _, x := range xs {
			binary.Write(&b, binary.LittleEndian, math.Float32bits(x))
		}
	}
	keys := make([]string, 0, len(m.meta))
	for k := range m.meta {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, x := range []int{blVersion, m.Dw, m.Dt, m.Hm, len(m.wordList), len(m.tagList), len(m.labels), len(m.vwords), len(keys)} {
		u32(x)
	}
	for _, k := range keys {
		str(k)
		str(m.meta[k])
	}
	for _, l := range [][]string{m.wordList, m.tagList, m.labels} {
		for _, s := range l {
			str(s)
		}
	}
	for i, w := range m.vwords {
		str(w)
		f32(m.vscale[i : i+1])
		for _, x := range m.vq[i*blVDim : (i+1)*blVDim] {
			b.WriteByte(byte(x))
		}
	}
	nb := m.net.Encode()
	u32(len(nb))
	b.Write(nb)
	for _, p := range [][]float32{m.W1, m.b1, m.Wt, m.bt, m.Wl, m.bl, m.pad, m.Ew, m.Et} {
		f32(p)
	}
	binary.Write(&b, binary.LittleEndian, crc32.ChecksumIEEE(b.Bytes()))
	return b.Bytes()
}

func decodeBiLSTM(b []byte) (*bilstm, error) {
	if len(b) < 4+9*4+4 || string(b[:4]) != blMagic {
		return nil, fmt.Errorf("%w: bilstm: bad magic or too short", ErrCorrupt)
	}
	body := b[:len(b)-4]
	if crc32.ChecksumIEEE(body) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return nil, fmt.Errorf("%w: bilstm checksum mismatch", ErrCorrupt)
	}
	r := &reader{b: body[4:], short: fmt.Errorf("%w: bilstm model truncated", ErrCorrupt)}
	var h [9]int
	for i := range h {
		v, err := r.u32()
		if err != nil {
			return nil, err
		}
		h[i] = v
	}
	if h[0] != blVersion {
		return nil, fmt.Errorf("parse: bilstm model version %d, this code reads %d", h[0], blVersion)
	}
	m := &bilstm{Dw: h[1], Dt: h[2], Hm: h[3], root: -1, meta: map[string]string{}}
	nw, nt, nl, nv, nm := h[4], h[5], h[6], h[7], h[8]
	if m.Dw <= 0 || m.Dt <= 0 || m.Hm <= 0 || m.Dw > 1024 || m.Dt > 1024 || m.Hm > 4096 || nl <= 0 || nw > len(r.b) || nt > len(r.b) || nl > len(r.b) || nv > len(r.b) || nm > 64 {
		return nil, fmt.Errorf("%w: bilstm: bad sizes", ErrCorrupt)
	}
	for i := 0; i < nm; i++ {
		k, err := r.str()
		if err != nil {
			return nil, err
		}
		v, err := r.str()
		if err != nil {
			return nil, err
		}
		m.meta[k] = v
	}
	for _, x := range []struct {
		n   int
		dst *[]string
	}{{nw, &m.wordList}, {nt, &m.tagList}, {nl, &m.labels}} {
		for i := 0; i < x.n; i++ {
			s, err := r.str()
			if err != nil {
				return nil, err
			}
			*x.dst = append(*x.dst, s)
		}
	}
	m.vwords = make([]string, 0, nv)
	m.vq = make([]int8, 0, nv*blVDim)
	m.vscale = make([]float32, 0, nv)
	m.vid = make(map[string]int32, nv)
	for i := 0; i < nv; i++ {
		s, err := r.str()
		if err != nil {
			return nil, err
		}
		if len(r.b) < 4+blVDim {
			return nil, r.short
		}
		sc := math.Float32frombits(binary.LittleEndian.Uint32(r.b))
		if !(sc >= 0 && sc < 1e30) {
			return nil, fmt.Errorf("%w: bilstm: bad vector scale", ErrCorrupt)
		}
		m.vscale = append(m.vscale, sc)
		for _, x := range r.b[4 : 4+blVDim] {
			m.vq = append(m.vq, int8(x))
		}
		r.b = r.b[4+blVDim:]
		m.vid[s] = int32(i)
		m.vwords = append(m.vwords, s)
	}
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	if n > len(r.b) {
		return nil, r.short
	}
	net, err := lstm.Decode(r.b[:n])
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	r.b = r.b[n:]
	if net.In != m.in() {
		return nil, fmt.Errorf("%w: bilstm: LSTM input width %d, want %d", ErrCorrupt, net.In, m.in())
	}
	m.net = net
	H2 := net.Out()
	sizes := []int{blPos * m.Hm * H2, m.Hm, nTrans * m.Hm, nTrans, 2 * nl * m.Hm, 2 * nl, H2, (nw + 2) * m.Dw, (nt + 2) * m.Dt}
	total := 0
	for _, s := range sizes {
		total += s
	}
	if len(r.b) != 4*total {
		return nil, fmt.Errorf("%w: bilstm: %d parameter bytes, want %d", ErrCorrupt, len(r.b), 4*total)
	}
	all := make([]float32, total)
	for i := range all {
		x := math.Float32frombits(binary.LittleEndian.Uint32(r.b[4*i:]))
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return nil, fmt.Errorf("%w: bilstm: parameter not finite", ErrCorrupt)
		}
		all[i] = x
	}
	views := make([][]float32, len(sizes))
	o := 0
	for i, s := range sizes {
		views[i] = all[o : o+s : o+s]
		o += s
	}
	m.W1, m.b1, m.Wt, m.bt, m.Wl, m.bl, m.pad, m.Ew, m.Et = views[0], views[1], views[2], views[3], views[4], views[5], views[6], views[7], views[8]
	m.index()
	for i, l := range m.labels {
		if l == "root" {
			m.root = i
		}
	}
	m.prepare()
	return m, nil
}
