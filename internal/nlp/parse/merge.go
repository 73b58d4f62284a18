package parse

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash/crc32"
	"math"
	"slices"
	"strconv"

	"github.com/newsgraph/newsgraph/internal/hugepage"
	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
)

// modelRows lists a perceptron model's features (ascending) and their dense
// rows of NumClasses weights, read from the model's file bytes (the file
// lists every key; the package exposes no iterator).
func modelRows(m *perceptron.Model) (keys []uint64, rows []float32, err error) {
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		return nil, nil, err
	}
	return fileRows(buf.Bytes(), m.NumClasses())
}

// fileRows is modelRows on a model file that perceptron.Decode accepted.
func fileRows(b []byte, nc int) (keys []uint64, rows []float32, err error) {
	bad := errors.New("parse: unexpected perceptron file layout")
	if len(b) < 16 || string(b[:4]) != "NGPM" {
		return nil, nil, bad
	}
	p := 12 + int(binary.LittleEndian.Uint32(b[8:]))
	if p+8 > len(b) {
		return nil, nil, bad
	}
	nf := int(binary.LittleEndian.Uint32(b[p:]))
	nw := int(binary.LittleEndian.Uint32(b[p+4:]))
	p += 8
	if nf*10+nw*6+4 != len(b)-p {
		return nil, nil, bad
	}
	keys = hugepage.Make[uint64](nf)
	counts := make([]int, nf)
	for i := range keys {
		keys[i] = binary.LittleEndian.Uint64(b[p:])
		counts[i] = int(binary.LittleEndian.Uint16(b[p+8:]))
		p += 10
	}
	rows = hugepage.Make[float32](nf * nc)
	for i := range keys {
		for j := 0; j < counts[i]; j++ {
			c := int(binary.LittleEndian.Uint16(b[p:]))
			w := math.Float32frombits(binary.LittleEndian.Uint32(b[p+2:]))
			p += 6
			if c >= nc {
				return nil, nil, bad
			}
			rows[i*nc+c] = w
		}
	}
	return keys, rows, nil
}

// buildModel makes a perceptron model from sorted keys and dense rows,
// dropping weights of magnitude at most prune, by writing the package's file
// format and decoding it (the builder is not exported).
func buildModel(classes []string, meta map[string]string, keys []uint64, rows []float32, prune float32) (*perceptron.Model, error) {
	nc := len(classes)
	var feats, ws bytes.Buffer
	nf, nw := 0, 0
	var tmp [8]byte
	for i, k := range keys {
		cnt := 0
		for c, w := range rows[i*nc : i*nc+nc] {
			if w > prune || w < -prune {
				binary.LittleEndian.PutUint16(tmp[:], uint16(c))
				binary.LittleEndian.PutUint32(tmp[2:], math.Float32bits(w))
				ws.Write(tmp[:6])
				cnt++
			}
		}
		if cnt == 0 {
			continue
		}
		binary.LittleEndian.PutUint64(tmp[:], k)
		feats.Write(tmp[:8])
		binary.LittleEndian.PutUint16(tmp[:], uint16(cnt))
		feats.Write(tmp[:2])
		nf++
		nw += cnt
	}
	hdr, err := json.Marshal(struct {
		Classes []string          `json:"classes"`
		Meta    map[string]string `json:"meta,omitempty"`
	}{classes, meta})
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	put := func(v uint32) { binary.LittleEndian.PutUint32(tmp[:], v); out.Write(tmp[:4]) }
	out.WriteString("NGPM")
	put(1)
	put(uint32(len(hdr)))
	out.Write(hdr)
	put(uint32(nf))
	put(uint32(nw))
	out.Write(feats.Bytes())
	out.Write(ws.Bytes())
	put(crc32.ChecksumIEEE(out.Bytes()))
	return perceptron.Decode(out.Bytes())
}

// mergeModels returns one model whose scores are the mean of the models'
// scores: an ensemble of perceptrons trained on different shuffles at the
// lookup cost of one model (only the feature table grows).
func mergeModels(ms []*perceptron.Model, meta map[string]string, prune float32) (*perceptron.Model, error) {
	nc := ms[0].NumClasses()
	sum := map[uint64][]float32{}
	for _, m := range ms {
		keys, rows, err := modelRows(m)
		if err != nil {
			return nil, err
		}
		for i, k := range keys {
			r := sum[k]
			if r == nil {
				r = make([]float32, nc)
				sum[k] = r
			}
			for c := range r {
				r[c] += rows[i*nc+c]
			}
		}
	}
	keys := make([]uint64, 0, len(sum))
	for k := range sum {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	rows := make([]float32, len(keys)*nc)
	inv := 1 / float32(len(ms))
	for i, k := range keys {
		for c, w := range sum[k] {
			rows[i*nc+c] = w * inv
		}
	}
	return buildModel(ms[0].Classes, meta, keys, rows, prune)
}

// Average returns the perceptron parser whose transition and label scores
// are the mean of the parsers' (each weight averaged, none dropped): for
// two perceptron parsers trained on the same data, such as the single
// model and the 3-member ensemble, a model between them.
func Average(ps ...*Parser) (*Parser, error) {
	if len(ps) == 0 {
		return nil, errors.New("parse: average: no parsers")
	}
	var ts, ls []*perceptron.Model
	for _, p := range ps {
		if p == nil || p.trans == nil || p.nn != nil || p.mix != nil {
			return nil, errors.New("parse: average needs perceptron parsers")
		}
		tm, err := p.trans.model()
		if err != nil {
			return nil, err
		}
		if !slices.Equal(p.label.Classes, ps[0].label.Classes) {
			return nil, errors.New("parse: average: the parsers have different labels")
		}
		if p.trans.meta["clusters"] != ps[0].trans.meta["clusters"] {
			return nil, errors.New("parse: average: the parsers use different clusters")
		}
		ts, ls = append(ts, tm), append(ls, p.label)
	}
	meta := func(m map[string]string) map[string]string {
		out := map[string]string{"average-of": strconv.Itoa(len(ps))}
		for k, v := range m {
			out[k] = v
		}
		return out
	}
	tm, err := mergeModels(ts, meta(ts[0].Meta), 0)
	if err != nil {
		return nil, err
	}
	lm, err := mergeModels(ls, meta(ls[0].Meta), 0)
	if err != nil {
		return nil, err
	}
	q := &Parser{trans: loaded(tm), label: lm, clusters: ps[0].clusters}
	if q.ft, err = newFastTrans(tm); err != nil {
		return nil, err
	}
	return q, nil
}
