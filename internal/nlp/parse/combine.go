package parse

// The combined scorer: the perceptron and the feed-forward network in one
// greedy decoder. The perceptron scores every configuration; when its
// margin between the two best valid transitions is below a gate, the
// network scores the configuration too and the transition is the argmax of
//
//	perceptron score + Trans · network logit.
//
// That is the log-linear combination of the two models' softmaxes (the
// perceptron's at temperature 1/Trans relative to the network's), since
// the log-sum-exp terms do not depend on the transition. Labels are chosen
// the same way, with weight Label, when the perceptron's label margin is
// below LabelGate.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/klauspost/compress/zstd"
	"github.com/newsgraph/newsgraph/internal/hugepage"
	"github.com/newsgraph/newsgraph/internal/nlp/lstm"
	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
	"github.com/newsgraph/newsgraph/internal/nlp/vec"
)

// ScorerCombined is the perceptron and the network in one decoder.
const ScorerCombined = "combined"

// Mix says how the combined scorer weighs the network.
type Mix struct {
	// Trans and Label weigh the network's transition and label logits
	// against the perceptron's scores (0: perceptron only).
	Trans, Label float64
	// Gate and LabelGate: the network is consulted only where the
	// perceptron's margin between its two best choices is below them
	// (+Inf: always; 0: never).
	Gate, LabelGate float64
	// LTrans and LLabel weigh the BiLSTM scorer's logits, when the model
	// has one, consulted where the perceptron's margins are below LGate
	// and LLabelGate (0: the network's gates).
	LTrans, LLabel, LGate, LLabelGate float64
	// LLabelOnly, when 1, takes every relation label from the BiLSTM
	// scorers alone (the argmax of their logits): the perceptron's label
	// model is not consulted, which saves its feature hashing and lookups
	// (LLabel and LLabelGate are then unused). 0: labels are mixed as above.
	LLabelOnly float64
	// LFirst, when positive, swaps the scorers' roles (first.go): the
	// BiLSTM scores every configuration and the perceptron only those
	// where the BiLSTM's margin (mean logits) is below LFirst; labels
	// likewise below LLabelFirst (0: the BiLSTM's labels alone). The
	// gates above and the feed-forward network, if any, are then unused.
	LFirst, LLabelFirst float64
}

func (x Mix) String() string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	s := "trans=" + f(x.Trans) + ",label=" + f(x.Label) + ",gate=" + f(x.Gate) + ",label-gate=" + f(x.LabelGate)
	if x.LTrans != 0 || x.LLabel != 0 || x.LGate != 0 || x.LLabelGate != 0 {
		s += ",lstm-trans=" + f(x.LTrans) + ",lstm-label=" + f(x.LLabel) + ",lstm-gate=" + f(x.LGate) + ",lstm-label-gate=" + f(x.LLabelGate)
	}
	if x.LLabelOnly != 0 {
		s += ",lstm-label-only=" + f(x.LLabelOnly)
	}
	if x.LFirst != 0 || x.LLabelFirst != 0 {
		s += ",lstm-first=" + f(x.LFirst) + ",lstm-label-first=" + f(x.LLabelFirst)
	}
	return s
}

// ParseMix reads "trans=0.5,label=0.3,gate=4,label-gate=inf" over base
// (keys left out keep base's values).
func ParseMix(s string, base Mix) (Mix, error) {
	m := base
	for _, kv := range strings.Split(s, ",") {
		kv = strings.TrimSpace(kv)
		if kv == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return base, fmt.Errorf("parse: mix %q: want key=value", kv)
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(x) || x < 0 {
			return base, fmt.Errorf("parse: mix %q: want a number ≥ 0", kv)
		}
		switch k {
		case "trans":
			m.Trans = x
		case "label":
			m.Label = x
		case "gate":
			m.Gate = x
		case "label-gate":
			m.LabelGate = x
		case "lstm-trans":
			m.LTrans = x
		case "lstm-label":
			m.LLabel = x
		case "lstm-gate":
			m.LGate = x
		case "lstm-label-gate":
			m.LLabelGate = x
		case "lstm-first":
			m.LFirst = x
		case "lstm-label-first":
			m.LLabelFirst = x
		case "lstm-label-only":
			if x != 0 && x != 1 {
				return base, fmt.Errorf("parse: mix %q: want 0 or 1", kv)
			}
			m.LLabelOnly = x
		default:
			return base, fmt.Errorf("parse: mix: unknown key %q (trans, label, gate, label-gate, lstm-trans, lstm-label, lstm-gate, lstm-label-gate, lstm-label-only, lstm-first, lstm-label-first)", k)
		}
	}
	if math.IsInf(m.Trans, 0) || math.IsInf(m.Label, 0) || math.IsInf(m.LTrans, 0) || math.IsInf(m.LLabel, 0) {
		return base, errors.New("parse: mix: weights must be finite")
	}
	return m, nil
}

// Combine makes one parser of a perceptron parser and a network parser
// trained on the same data (the same labels and clusters), and, when
// given, BiLSTM parsers (with the same labels) as a third scorer: one, or
// several whose logits are averaged (an ensemble).
func Combine(perc, nn *Parser, mix Mix, bl ...*Parser) (*Parser, error) {
	if perc == nil || perc.trans == nil || perc.mix != nil {
		return nil, errors.New("parse: combine needs a perceptron parser and a network parser")
	}
	// the network may be left out (nil) when a BiLSTM parser is given
	if nn == nil && len(bl) == 0 || nn != nil && (nn.nn == nil || nn.trans != nil) {
		return nil, errors.New("parse: combine needs a perceptron parser and a network parser")
	}
	if nn != nil {
		if !slices.Equal(perc.label.Classes, nn.nn.labels) {
			return nil, errors.New("parse: combine: the two parsers have different labels")
		}
		if a, b := perc.trans.meta["clusters"], nn.nn.meta["clusters"]; a != b {
			return nil, fmt.Errorf("parse: combine: the parsers use different clusters (%q, %q)", a, b)
		}
	}
	if _, err := ParseMix(mix.String(), Mix{}); err != nil {
		return nil, err
	}
	clusters := perc.clusters
	var nm *mlp
	if nn != nil {
		nm = nn.nn
		if clusters == nil {
			clusters = nn.clusters
		}
	} else {
		mix.Trans, mix.Label = 0, 0
	}
	p := &Parser{trans: perc.trans, label: perc.label, ft: perc.ft, nn: nm, mix: &mix, clusters: clusters}
	for i, b := range bl {
		if b == nil || b.bl == nil || b.trans != nil || b.nn != nil || len(b.blx) != 0 {
			return nil, errors.New("parse: combine: the third part must be BiLSTM parsers")
		}
		if !slices.Equal(perc.label.Classes, b.bl.labels) {
			return nil, errors.New("parse: combine: the BiLSTM parser has other labels")
		}
		if i == 0 {
			p.bl = b.bl
		} else {
			p.blx = append(p.blx, b.bl)
		}
	}
	return p, nil
}

// AddBiLSTM returns the combined parser c (perceptron and network) with
// the BiLSTM parsers bl as its third part (several: their logits
// averaged), weighed by mix. With both of the network's weights zero the
// network is left out.
func AddBiLSTM(c *Parser, mix Mix, bl ...*Parser) (*Parser, error) {
	if c == nil || c.mix == nil {
		return nil, errors.New("parse: add bilstm: the first model must be a combined one")
	}
	var nn *Parser
	if c.nn != nil && (mix.Trans != 0 || mix.Label != 0) {
		nn = &Parser{nn: c.nn, clusters: c.clusters}
	}
	if len(bl) == 0 {
		return nil, errors.New("parse: add bilstm: no BiLSTM parser given")
	}
	return Combine(&Parser{trans: c.trans, label: c.label, ft: c.ft, clusters: c.clusters}, nn, mix, bl...)
}

// BiLSTMParts returns a combined model's BiLSTM scorers, each as a parser
// of its own (none when it has no BiLSTM part).
func (p *Parser) BiLSTMParts() []*Parser {
	if p.mix == nil || p.bl == nil {
		return nil
	}
	out := []*Parser{{bl: p.bl}}
	for _, m := range p.blx {
		out = append(out, &Parser{bl: m})
	}
	return out
}

// Mix returns the combination's weights (the zero Mix when the parser has
// one scorer).
func (p *Parser) Mix() Mix {
	if p.mix == nil {
		return Mix{}
	}
	return *p.mix
}

// WithMix returns the combined parser with other weights (the models are
// shared); it fails for a parser with one scorer.
func (p *Parser) WithMix(mix Mix) (*Parser, error) {
	if p.mix == nil {
		return nil, errors.New("parse: the model has one scorer; there is nothing to mix")
	}
	if p.nn == nil {
		mix.Trans, mix.Label = 0, 0 // no network to weigh
	}
	q := *p
	q.mix = &mix
	return &q, nil
}

// margin returns the best and the second best allowed score's difference
// (+Inf when one class is allowed).
func margin(scores []float32, allowed []bool, best int) float32 {
	second := float32(math.Inf(-1))
	for i, s := range scores {
		if i != best && (allowed == nil || allowed[i]) && s > second {
			second = s
		}
	}
	return scores[best] - second
}

func (p *Parser) parseCombined(in Input, sc *Scratch) {
	m := p.nn
	mx := p.mix
	if p.bl != nil && mx.LFirst > 0 {
		p.parseLSTMFirst(in, sc)
		return
	}
	n := len(in.Forms)
	sc.tk = p.toks(&in, sc.tk)
	gate, lgate := float32(mx.Gate), float32(mx.LabelGate)
	wt, wl := float32(mx.Trans), float32(mx.Label)
	var h []float32
	if m != nil {
		sc.mt = p.mtoks(&in, sc.mt)
		if len(sc.h) < m.H {
			sc.h = make([]float32, m.H)
		}
		h = sc.h[:m.H]
	} else {
		wt, wl = 0, 0 // no network
	}
	nL := len(p.label.Classes)
	if len(sc.lsc) < nL {
		sc.lsc = make([]float32, nL)
	}
	st := &sc.st
	st.reset(n)
	root := p.rootLabel()
	var lt, ll float32
	lg, llg := gate, lgate
	bl := p.bl
	if bl != nil {
		lt, ll = float32(mx.LTrans), float32(mx.LLabel)
		if mx.LGate > 0 {
			lg = float32(mx.LGate)
		}
		if mx.LLabelGate > 0 {
			llg = float32(mx.LLabelGate)
		}
		if sc.bls == nil {
			sc.bls = &blScratch{}
		}
	}
	// With an ensemble the members' logits are averaged: each is weighed
	// by lstm-trans / members (one member: the weight itself, bit for bit).
	nb := float32(1 + len(p.blx))
	lt, ll = lt/nb, ll/nb
	for len(sc.blxs) < len(p.blx) {
		sc.blxs = append(sc.blxs, &blScratch{})
		sc.bhx = append(sc.bhx, nil)
	}
	lonly := bl != nil && mx.LLabelOnly == 1
	// the BiLSTMs run over the sentence the first time a gate opens
	ran := false
	runBL := func() {
		bl.run(&in, sc.bls)
		for k, e := range p.blx {
			e.run(&in, sc.blxs[k])
		}
		ran = true
	}
	hiddenBL := func() []float32 {
		for k, e := range p.blx {
			sc.bhx[k] = e.hidden(st, sc.blxs[k], n+1)
		}
		return bl.hidden(st, sc.bls, n+1)
	}
	for !st.done() {
		for t := 0; t < nTrans; t++ {
			sc.allow[t] = st.valid(t)
		}
		transFeatures(&sc.f, st, sc.tk)
		t := p.ft.predict(sc.f.buf, sc.scores[:], sc.allow[:])
		haveH := false
		var bh []float32 // the BiLSTM scorer's hidden layer, when computed
		if mg := margin(sc.scores[:], sc.allow[:], t); wt > 0 && mg < gate || lt > 0 && mg < lg {
			if wt > 0 && mg < gate {
				m.features(st, sc.mt, &sc.idx)
				m.hidden(&sc.idx, h)
				m.activate(h)
				haveH = true
				for k := 0; k < nTrans; k++ {
					if sc.allow[k] {
						sc.scores[k] += wt * (m.bt[k] + vec.Dot(h, m.Wt[k*m.H:(k+1)*m.H]))
					}
				}
			}
			if lt > 0 && mg < lg {
				if !ran {
					runBL()
				}
				bh = hiddenBL()
				for k := 0; k < nTrans; k++ {
					if sc.allow[k] {
						x := bl.transLogit(bh, k)
						for j, e := range p.blx {
							x += e.transLogit(sc.bhx[j], k)
						}
						sc.scores[k] += lt * x
					}
				}
			}
			t = perceptron.Argmax(sc.scores[:], sc.allow[:])
		}
		lab := 0
		if t != tShift {
			hd, d := st.arc(t)
			if hd == 0 && root >= 0 {
				lab = root
			} else if lonly {
				if bh == nil {
					if !ran {
						runBL()
					}
					bh = hiddenBL()
				}
				lab = perceptron.Argmax(p.labelLogitsSum(bh, t, sc), nil)
			} else {
				labelFeatures(&sc.f, st, sc.tk, hd, d, t)
				lsc := sc.lsc[:nL]
				lab = p.label.Predict(sc.f.buf, lsc, nil)
				if mg := margin(lsc, nil, lab); wl > 0 && mg < lgate || ll > 0 && mg < llg {
					if wl > 0 && mg < lgate {
						if !haveH {
							m.features(st, sc.mt, &sc.idx)
							m.hidden(&sc.idx, h)
							m.activate(h)
						}
						m.addLabelScores(t, h, wl, lsc, sc)
					}
					if ll > 0 && mg < llg {
						if bh == nil {
							if !ran {
								runBL()
							}
							bh = hiddenBL()
						}
						for l, x := range p.labelLogitsSum(bh, t, sc) {
							lsc[l] += ll * x
						}
					}
					lab = perceptron.Argmax(lsc, nil)
				}
			}
		}
		st.apply(t, lab)
	}
}

// labelLogitsSum is the BiLSTM scorers' label logits for arc transition t
// summed over the members, given their hidden layers (bh: p.bl's;
// sc.bhx: the others'); it is p.bl's scratch buffer.
func (p *Parser) labelLogitsSum(bh []float32, t int, sc *Scratch) []float32 {
	lx := p.bl.labelLogits(bh, t, sc.bls)
	for j, e := range p.blx {
		lstm.Add(lx, lx, e.labelLogits(sc.bhx[j], t, sc.blxs[j]))
	}
	return lx
}

// addLabelScores adds w times the network's label logits for transition t
// to lsc, summing over the non-zero hidden units only (about half are zero
// after the ReLU).
func (m *mlp) addLabelScores(t int, h []float32, w float32, lsc []float32, sc *Scratch) {
	if m.cube {
		base := (t - 1) * len(m.labels)
		for l := range lsc {
			lsc[l] += w * (m.bl[base+l] + vec.Dot(h, m.Wl[(base+l)*m.H:(base+l+1)*m.H]))
		}
		return
	}
	sc.nz, sc.hv = sc.nz[:0], sc.hv[:0]
	for j, v := range h {
		if v != 0 {
			sc.nz = append(sc.nz, int32(j))
			sc.hv = append(sc.hv, v)
		}
	}
	nz, hv := sc.nz, sc.hv
	base := (t - 1) * len(m.labels)
	for l := range lsc {
		row := m.Wl[(base+l)*m.H : (base+l+1)*m.H]
		s := m.bl[base+l]
		for k, j := range nz {
			s += hv[k] * row[j]
		}
		lsc[l] += w * s
	}
}

// File: "NGDC" | u32 version (2) | u32 number of mix entries | the entries
// as (u16 length + bytes) key and value | u32 length + the perceptron
// parser's file ("NGDP") compressed with zstd, u32 its length uncompressed
// | u32 length + the network's file ("NGDF") | CRC-32 (IEEE) of everything
// before it. The two inner files keep their own checksums. Compression
// takes the perceptron from 15.4 to about 11 MB (its hashed keys and small
// weights repeat), which keeps all models under issue 3's 60 MB; the
// network's int8 rows do not compress. Version 1 used DEFLATE, whose
// decoding was about a third of the load time (zstd decodes several times
// faster at a like ratio); no version-1 file was released.
const (
	combinedMagic   = "NGDC"
	combinedVersion = 2
	// version 3: a third part, the BiLSTM scorer's NGDL file, after the
	// network's, and the mix keys lstm-trans and lstm-label
	combinedVersionBL = 3
	// version 4: as 3, with an ensemble of BiLSTM scorers: after the
	// network's part, u32 their number (2 to maxBiLSTMs) and each as u32
	// length + NGDL file
	combinedVersionBLs = 4
	maxBiLSTMs         = 8
)

func (p *Parser) encodeCombined() ([]byte, error) {
	perc := &Parser{trans: p.trans, label: p.label}
	pb, err := perc.Encode()
	if err != nil {
		return nil, err
	}
	var nb []byte // empty: no network (version 3 only)
	if p.nn != nil {
		nb = p.nn.encode()
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	kv := map[string]string{"trans": f(p.mix.Trans), "label": f(p.mix.Label), "gate": f(p.mix.Gate), "label-gate": f(p.mix.LabelGate)}
	version := combinedVersion
	if p.bl != nil {
		version = combinedVersionBL
		if len(p.blx) > 0 {
			version = combinedVersionBLs
		}
		kv["lstm-trans"], kv["lstm-label"] = f(p.mix.LTrans), f(p.mix.LLabel)
		kv["lstm-gate"], kv["lstm-label-gate"] = f(p.mix.LGate), f(p.mix.LLabelGate)
		if p.mix.LLabelOnly != 0 {
			kv["lstm-label-only"] = f(p.mix.LLabelOnly)
		}
		if p.mix.LFirst != 0 || p.mix.LLabelFirst != 0 {
			kv["lstm-first"], kv["lstm-label-first"] = f(p.mix.LFirst), f(p.mix.LLabelFirst)
		}
	}
	keys := make([]string, 0, len(kv))
	for k := range kv {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	b.WriteString(combinedMagic)
	u32 := func(x int) { binary.Write(&b, binary.LittleEndian, uint32(x)) }
	str := func(s string) {
		binary.Write(&b, binary.LittleEndian, uint16(len(s)))
		b.WriteString(s)
	}
	u32(version)
	u32(len(keys))
	for _, k := range keys {
		str(k)
		str(kv[k])
	}
	zb, err := compress(pb)
	if err != nil {
		return nil, err
	}
	u32(len(zb))
	b.Write(zb)
	u32(len(pb))
	u32(len(nb))
	b.Write(nb)
	if len(p.blx) > 0 {
		u32(1 + len(p.blx))
	}
	if p.bl != nil {
		for _, m := range append([]*bilstm{p.bl}, p.blx...) {
			lb := m.encode()
			u32(len(lb))
			b.Write(lb)
		}
	}
	binary.Write(&b, binary.LittleEndian, crc32.ChecksumIEEE(b.Bytes()))
	return b.Bytes(), nil
}

// compress is one zstd frame of b; one encoder goroutine and a fixed level
// make the bytes the same on every run.
func compress(b []byte) ([]byte, error) {
	zw, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBestCompression), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return nil, err
	}
	defer zw.Close()
	return zw.EncodeAll(b, make([]byte, 0, len(b)/2)), nil
}

// inflate decompresses a zstd frame that must give exactly size bytes (at
// most 1 GiB); the decoder may not allocate more than that, so a damaged
// length or frame header cannot make it.
func inflate(z []byte, size int) ([]byte, error) {
	if size > 1<<30 {
		return nil, fmt.Errorf("%w: perceptron part of %d bytes", ErrCorrupt, size)
	}
	zr, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(uint64(size)+1<<20))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	out, err := zr.DecodeAll(z, hugepage.Make[byte](size)[:0])
	if err != nil {
		return nil, fmt.Errorf("%w: perceptron part: %v", ErrCorrupt, err)
	}
	if len(out) != size {
		return nil, fmt.Errorf("%w: perceptron part is %d bytes, not %d", ErrCorrupt, len(out), size)
	}
	return out, nil
}

func decodeCombined(b []byte) (*Parser, error) {
	if len(b) < 4+4+4+4+4+4 || string(b[:4]) != combinedMagic {
		return nil, fmt.Errorf("%w: bad magic or too short", ErrCorrupt)
	}
	body := b[:len(b)-4]
	if crc32.ChecksumIEEE(body) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return nil, fmt.Errorf("%w: combined model checksum mismatch", ErrCorrupt)
	}
	r := &reader{b: body[4:], short: fmt.Errorf("%w: combined model truncated", ErrCorrupt)}
	v, err := r.u32()
	if err != nil {
		return nil, err
	}
	if v != combinedVersion && v != combinedVersionBL && v != combinedVersionBLs {
		return nil, fmt.Errorf("parse: combined model version %d, this code reads %d to %d", v, combinedVersion, combinedVersionBLs)
	}
	ne, err := r.u32()
	if err != nil {
		return nil, err
	}
	if ne > 64 {
		return nil, fmt.Errorf("%w: %d mix entries", ErrCorrupt, ne)
	}
	var spec []string
	for i := 0; i < ne; i++ {
		k, err := r.str()
		if err != nil {
			return nil, err
		}
		v, err := r.str()
		if err != nil {
			return nil, err
		}
		spec = append(spec, k+"="+v)
	}
	mix, err := ParseMix(strings.Join(spec, ","), Mix{})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	parts := make([][]byte, 2, 3)
	if v == combinedVersionBL {
		parts = parts[:3]
	}
	for i := 0; i < len(parts); i++ {
		n, err := r.u32()
		if err != nil {
			return nil, err
		}
		if n > len(r.b) {
			return nil, r.short
		}
		parts[i], r.b = r.b[:n], r.b[n:]
		if i == 0 {
			raw, err := r.u32()
			if err != nil {
				return nil, err
			}
			if parts[0], err = inflate(parts[0], raw); err != nil {
				return nil, err
			}
		}
		if i == 1 && v == combinedVersionBLs {
			// the ensemble: its number of BiLSTM parts, then the parts
			k, err := r.u32()
			if err != nil {
				return nil, err
			}
			if k < 2 || k > maxBiLSTMs {
				return nil, fmt.Errorf("%w: %d BiLSTM parts (want 2 to %d)", ErrCorrupt, k, maxBiLSTMs)
			}
			parts = append(parts, make([][]byte, k)...)
		}
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%w: combined model has trailing bytes", ErrCorrupt)
	}
	noNet := len(parts) >= 3 && len(parts[1]) == 0
	if len(parts[0]) < 4 || string(parts[0][:4]) != fileMagic || !noNet && (len(parts[1]) < 4 || string(parts[1][:4]) != mlpMagic) {
		return nil, fmt.Errorf("%w: combined model: inner files of the wrong kind", ErrCorrupt)
	}
	perc, err := Decode(parts[0])
	if err != nil {
		return nil, fmt.Errorf("parse: combined model, perceptron: %w", err)
	}
	var nn *Parser
	if !noNet {
		if nn, err = Decode(parts[1]); err != nil {
			return nil, fmt.Errorf("parse: combined model, network: %w", err)
		}
	}
	var extra []*Parser
	for _, part := range parts[min(2, len(parts)):] {
		if len(part) < 4 || string(part[:4]) != blMagic {
			return nil, fmt.Errorf("%w: combined model: inner files of the wrong kind", ErrCorrupt)
		}
		bl, err := decodeBiLSTM(part)
		if err != nil {
			return nil, fmt.Errorf("parse: combined model, bilstm: %w", err)
		}
		extra = append(extra, &Parser{bl: bl})
	}
	p, err := Combine(perc, nn, mix, extra...)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return p, nil
}

// trainCombined trains the perceptron (Ensemble and MemberData apply) and
// the network on the same sentences, in parallel, and combines them.
func trainCombined(sents []Sentence, opt Options, logf func(string, ...any)) (*Parser, error) {
	var ps [2]*Parser
	var errs [2]error
	done := make(chan int, 2)
	for i, sc := range []string{ScorerPerceptron, ScorerMLP} {
		o := opt
		o.Scorer = sc
		o.Log = func(f string, a ...any) { logf(sc+": "+f, a...) }
		if sc == ScorerPerceptron {
			o.Dev = nil
		}
		go func() {
			ps[i], errs[i] = Train(sents, o)
			done <- i
		}()
	}
	<-done
	<-done
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return Combine(ps[0], ps[1], opt.Mix)
}
