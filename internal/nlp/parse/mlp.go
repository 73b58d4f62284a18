package parse

// The feed-forward scorer (Chen & Manning 2014 style): the words, tags,
// word clusters and arc labels at 18 stack/buffer/child positions, plus
// distance and valency, feed one ReLU hidden layer; a 3-way softmax picks
// the transition and, when it makes an arc, a softmax over the relations
// of that direction picks the label from the same hidden layer.
//
// Chen & Manning multiply each input embedding by its block of the first
// weight matrix and, to be fast, precompute that product for frequent
// words. Here the product is the parameter: every (position, value) owns a
// row of the hidden layer's width, so a transition costs 71 row additions
// and training touches only those rows (sparse AdaGrad). That makes
// training affordable on a shared CPU; the price is that positions share
// nothing, which the pre-trained vectors (projected into each position's
// rows at initialisation) and the GloVe clusters (a backoff row at every
// position) make up for on rare words.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/internal/hugepage"
	"github.com/newsgraph/newsgraph/internal/nlp/vec"
)

const (
	mlpCore  = 8  // s0..s3, b0..b3
	mlpPos   = 18 // plus ten children
	mlpLabs  = mlpPos - mlpCore
	mlpExtra = 7
	mlpPairs = 8 // hashed conjunctions
	mlpBase  = 3*mlpPos + mlpLabs + mlpExtra
	mlpFeats = mlpBase + mlpPairs
	// rows of the hashed conjunctions' shared table
	mlpHashBits = 15
	mlpClus     = 1024 + 3
	mlpMagic    = "NGDF"
	// ids 0, 1, 2 of words, tags and clusters: no word, the root, unknown.
	idNone, idRoot, idUnk = 0, 1, 2
)

// mtok is one word's input ids; index 0 is the root, index n+1 no word.
type mtok struct{ w, wc, t, c int32 }

type mlp struct {
	H             int
	words         map[string]int32
	wordList      []string // by id-3, most frequent first
	nWord, nChild int32    // word ids at core and at child positions
	tags          map[string]int32
	tagList       []string
	labels        []string
	root          int  // the "root" label, -1 none
	cube          bool // activation x³ instead of ReLU (Chen & Manning)
	off           [mlpFeats]int32
	rows          int
	E             []float32 // rows × H (training; nil in a decoded model)
	Eq            []int8    // rows × H, a decoded model's rows as stored
	Es            []float32 // rows: each stored row's scale (E = Eq·Es)
	b1            []float32 // H
	Wt, bt        []float32 // nTrans × H, nTrans
	Wl, bl        []float32 // 2 × nL × H, 2 × nL (LEFT, RIGHT)
	meta          map[string]string
}

func (m *mlp) sizes() [mlpFeats]int32 {
	var sz [mlpFeats]int32
	for p := 0; p < mlpPos; p++ {
		sz[p] = m.nWord
		if p >= mlpCore {
			sz[p] = m.nChild
		}
		sz[mlpPos+p] = int32(len(m.tagList)) + 3
		sz[2*mlpPos+p] = mlpClus
	}
	for i := 0; i < mlpLabs; i++ {
		sz[3*mlpPos+i] = int32(len(m.labels)) + 1
	}
	x := 3*mlpPos + mlpLabs
	sz[x], sz[x+1] = maxDist+2, maxDist+2 // distances s0–b0, s1–s0 (+ none)
	sz[x+2], sz[x+3], sz[x+4], sz[x+5] = 6, 6, 6, 6
	sz[x+6] = 10
	sz[mlpBase] = 1 << mlpHashBits // the pairs share one table
	return sz
}

// layout sets the row offsets of every input slot.
func (m *mlp) layout() {
	sz := m.sizes()
	var o int32
	for f, s := range sz {
		m.off[f] = o
		o += s
	}
	m.rows = int(o)
	m.root = -1
	for i, l := range m.labels {
		if l == "root" {
			m.root = i
		}
	}
}

func wordKey(form string) string { return strings.ToLower(norm(form)) }

func (p *Parser) mtoks(in *Input, dst []mtok) []mtok {
	m := p.nn
	dst = append(dst[:0], mtok{idRoot, idRoot, idRoot, idRoot})
	var key strings.Builder
	for i := range in.Forms {
		t := mtok{w: idUnk, wc: idUnk, t: idUnk, c: idUnk}
		if id, ok := m.words[wordKey(in.Forms[i])]; ok {
			t.w = id
			if id < m.nChild {
				t.wc = id
			}
		}
		key.Reset()
		key.WriteString(in.UPOS[i])
		key.WriteByte(' ')
		key.WriteString(in.XPOS[i])
		if id, ok := m.tags[key.String()]; ok {
			t.t = id
		}
		if p.clusters != nil {
			if _, _, c := p.clusters(in.Forms[i]); c >= 0 && c < mlpClus-3 {
				t.c = int32(c) + 3
			}
		}
		dst = append(dst, t)
	}
	return append(dst, mtok{})
}

func child(i int, a []int) int {
	if i < 0 {
		return -1
	}
	return a[i]
}

func bucket(x, hi int) int32 {
	if x > hi {
		return int32(hi)
	}
	return int32(x)
}

// features writes the rows of the configuration's inputs.
func (m *mlp) features(st *state, tk []mtok, idx *[mlpFeats]int32) {
	none := len(tk) - 1
	var pos [mlpPos]int
	for i := 0; i < 4; i++ {
		pos[i], pos[4+i] = st.s(i), st.buf(i)
	}
	s0, s1, b0 := pos[0], pos[1], pos[4]
	pos[8], pos[9], pos[10], pos[11] = child(s0, st.lc1), child(s0, st.lc2), child(s0, st.rc1), child(s0, st.rc2)
	pos[12], pos[13] = child(s1, st.lc1), child(s1, st.rc1)
	pos[14], pos[15] = child(b0, st.lc1), child(b0, st.lc2)
	pos[16], pos[17] = child(pos[8], st.lc1), child(pos[10], st.rc1)
	for p := 0; p < mlpPos; p++ {
		i := pos[p]
		if i < 0 {
			i = none
		}
		t := &tk[i]
		w := t.w
		if p >= mlpCore {
			w = t.wc
		}
		idx[p] = m.off[p] + w
		idx[mlpPos+p] = m.off[mlpPos+p] + t.t
		idx[2*mlpPos+p] = m.off[2*mlpPos+p] + t.c
	}
	for p := mlpCore; p < mlpPos; p++ {
		l := int32(0)
		if pos[p] >= 0 {
			l = int32(st.label[pos[p]]) + 1
		}
		f := 3*mlpPos + p - mlpCore
		idx[f] = m.off[f] + l
	}
	f := 3*mlpPos + mlpLabs
	d := int32(maxDist + 1)
	if s0 >= 0 && b0 >= 0 {
		d = bucket(b0-s0, maxDist)
	}
	idx[f] = m.off[f] + d
	d = maxDist + 1
	if s1 >= 0 && s0 >= 0 {
		d = bucket(s0-s1, maxDist)
	}
	idx[f+1] = m.off[f+1] + d
	v := func(i int, a []int) int32 {
		if i < 0 {
			return 5
		}
		return bucket(a[i], 4)
	}
	idx[f+2] = m.off[f+2] + v(s0, st.nl)
	idx[f+3] = m.off[f+3] + v(s0, st.nr)
	idx[f+4] = m.off[f+4] + v(b0, st.nl)
	idx[f+5] = m.off[f+5] + v(s1, st.nr)
	e := int32(0)
	if b0 < 0 {
		e = 1
	}
	idx[f+6] = m.off[f+6] + bucket(len(st.stack), 4)*2 + e
	// Word pairs and tag triples: a sum of rows cannot express that two
	// words go together, which the perceptron's best templates say.
	tok := func(p int) *mtok {
		if pos[p] < 0 {
			return &tk[none]
		}
		return &tk[pos[p]]
	}
	S0, S1, S2, B0, B1 := tok(0), tok(1), tok(2), tok(4), tok(5)
	hb := m.off[mlpBase]
	pair := func(k int, a, b, c int32) {
		x := uint64(k)*0x9e3779b97f4a7c15 ^ uint64(uint32(a))<<32 ^ uint64(uint32(b))<<11 ^ uint64(uint32(c))
		x ^= x >> 31
		x *= 0xbf58476d1ce4e5b9
		x ^= x >> 29
		idx[mlpBase+k] = hb + int32(x>>(64-mlpHashBits))
	}
	pair(0, S0.w, B0.w, 0)
	pair(1, S0.w, B0.t, 0)
	pair(2, S0.t, B0.w, 0)
	pair(3, S1.w, S0.w, 0)
	pair(4, S1.t, S0.w, 0)
	pair(5, S1.w, S0.t, 0)
	pair(6, S0.t, B0.t, B1.t)
	pair(7, S2.t, S1.t, S0.t)
}

// hidden computes h = relu(b1 + Σ E[idx]) and returns z, the sum before the
// ReLU, in the same slice as h when z is nil.
func (m *mlp) hidden(idx *[mlpFeats]int32, h []float32) {
	if m.Eq != nil {
		m.hiddenQ(idx, h)
		return
	}
	H := m.H
	h = h[:H]
	copy(h, m.b1)
	// four rows per pass: a quarter of the loads and stores of h
	k := 0
	for ; k+4 <= len(idx); k += 4 {
		o0, o1, o2, o3 := int(idx[k])*H, int(idx[k+1])*H, int(idx[k+2])*H, int(idx[k+3])*H
		r0, r1, r2, r3 := m.E[o0:o0+H:o0+H], m.E[o1:o1+H:o1+H], m.E[o2:o2+H:o2+H], m.E[o3:o3+H:o3+H]
		r0, r1, r2, r3 = r0[:len(h)], r1[:len(h)], r2[:len(h)], r3[:len(h)]
		for j := range h {
			h[j] += (r0[j] + r1[j]) + (r2[j] + r3[j])
		}
	}
	for ; k < len(idx); k++ {
		o := int(idx[k]) * H
		row := m.E[o : o+H : o+H]
		row = row[:len(h)]
		for j, v := range row {
			h[j] += v
		}
	}
}

// hiddenQ is hidden over the int8 rows: a quarter of the memory traffic,
// and the same sums, since each product q·scale is rounded to float32 as
// the decoded float32 row would be.
func (m *mlp) hiddenQ(idx *[mlpFeats]int32, h []float32) {
	H := m.H
	h = h[:H]
	copy(h, m.b1)
	k := 0
	for ; k+4 <= len(idx); k += 4 {
		i0, i1, i2, i3 := int(idx[k]), int(idx[k+1]), int(idx[k+2]), int(idx[k+3])
		s0, s1, s2, s3 := m.Es[i0], m.Es[i1], m.Es[i2], m.Es[i3]
		o0, o1, o2, o3 := i0*H, i1*H, i2*H, i3*H
		r0, r1, r2, r3 := m.Eq[o0:o0+H:o0+H], m.Eq[o1:o1+H:o1+H], m.Eq[o2:o2+H:o2+H], m.Eq[o3:o3+H:o3+H]
		r0, r1, r2, r3 = r0[:len(h)], r1[:len(h)], r2[:len(h)], r3[:len(h)]
		for j := range h {
			// the conversions keep each product rounded (no fused multiply-add)
			a, b := float32(float32(r0[j])*s0), float32(float32(r1[j])*s1)
			c, d := float32(float32(r2[j])*s2), float32(float32(r3[j])*s3)
			h[j] += (a + b) + (c + d)
		}
	}
	for ; k < len(idx); k++ {
		i := int(idx[k])
		sc := m.Es[i]
		row := m.Eq[i*H : i*H+H : i*H+H]
		row = row[:len(h)]
		for j, v := range row {
			h[j] += float32(float32(v) * sc)
		}
	}
}

func (m *mlp) activate(h []float32) {
	if m.cube {
		for j, v := range h {
			h[j] = v * v * v
		}
		return
	}
	for j, v := range h {
		if v < 0 {
			h[j] = 0
		}
	}
}

func (p *Parser) parseMLP(in Input, sc *Scratch) {
	m := p.nn
	n := len(in.Forms)
	sc.mt = p.mtoks(&in, sc.mt)
	if len(sc.h) < m.H {
		sc.h = make([]float32, m.H)
	}
	nL := len(m.labels)
	if len(sc.lsc) < nL {
		sc.lsc = make([]float32, nL)
	}
	h := sc.h[:m.H]
	st := &sc.st
	st.reset(n)
	for !st.done() {
		m.features(st, sc.mt, &sc.idx)
		m.hidden(&sc.idx, h)
		m.activate(h)
		t := -1
		var best float32
		for k := 0; k < nTrans; k++ {
			if !st.valid(k) {
				continue
			}
			s := m.bt[k] + vec.Dot(h, m.Wt[k*m.H:(k+1)*m.H])
			if t < 0 || s > best {
				t, best = k, s
			}
		}
		lab := 0
		if t != tShift {
			hd, _ := st.arc(t)
			if hd == 0 && m.root >= 0 {
				lab = m.root
			} else if m.cube {
				lab = m.bestLabel(t, h)
			} else {
				lab = m.bestLabelSparse(t, h, sc)
			}
		}
		st.apply(t, lab)
	}
}

// bestLabelSparse is bestLabel over the non-zero units only: after the
// ReLU about half are zero, and the label layer is the largest product
// per word.
func (m *mlp) bestLabelSparse(t int, h []float32, sc *Scratch) int {
	sc.nz, sc.hv = sc.nz[:0], sc.hv[:0]
	for j, v := range h {
		if v != 0 {
			sc.nz = append(sc.nz, int32(j))
			sc.hv = append(sc.hv, v)
		}
	}
	nL := len(m.labels)
	base := (t - 1) * nL
	best, bs := 0, float32(0)
	nz, hv := sc.nz, sc.hv
	for l := 0; l < nL; l++ {
		w := m.Wl[(base+l)*m.H : (base+l+1)*m.H]
		s := m.bl[base+l]
		for k, j := range nz {
			s += hv[k] * w[j]
		}
		if l == 0 || s > bs {
			best, bs = l, s
		}
	}
	return best
}

func (m *mlp) bestLabel(t int, h []float32) int {
	nL := len(m.labels)
	base := (t - 1) * nL
	best, bs := 0, float32(0)
	for l := 0; l < nL; l++ {
		s := m.bl[base+l] + vec.Dot(h, m.Wl[(base+l)*m.H:(base+l+1)*m.H])
		if l == 0 || s > bs {
			best, bs = l, s
		}
	}
	return best
}

// trainMLP trains the feed-forward scorer: per-example AdaGrad on the
// cross-entropy of the zero-cost transitions' total probability (the
// dynamic oracle's set, Goldberg & Nivre 2013), exploration as in the
// perceptron, dropout on the hidden layer, and the gold label's
// cross-entropy when the followed arc is a gold arc.
func trainMLP(sents []Sentence, gs []gsent, labels []string, opt Options, logf func(string, ...any)) (*Parser, error) {
	H := opt.Hidden
	if H <= 0 {
		H = 128
	}
	lr := float32(opt.LR)
	if lr <= 0 {
		lr = 0.02
	}
	drop := opt.Dropout
	wdrop := opt.WordDropout
	avgFrom := opt.AverageFrom
	if avgFrom < 0 {
		avgFrom = opt.Epochs
	}
	m := &mlp{H: H, labels: labels, cube: opt.Activation == "cube"}
	// vocabulary: words seen twice, most frequent first; singletons train
	// the unknown-word row
	count := map[string]int{}
	m.wordList, m.tagList = vocabulary(sents, 2, count)
	m.index()
	m.nChild = min(m.nWord, 3000+3)
	m.layout()
	act := "relu"
	if m.cube {
		act = "cube"
	}
	m.meta = map[string]string{"kind": "parser-mlp", "features": mlpVersion, "epochs": strconv.Itoa(opt.Epochs), "seed": strconv.FormatUint(opt.Seed, 10),
		"explore": strconv.FormatFloat(opt.Explore, 'g', -1, 64), "clusters": opt.ClusterID, "vectors": opt.VectorsID,
		"lr": strconv.FormatFloat(float64(lr), 'g', -1, 32), "activation": act, "average-from": strconv.Itoa(avgFrom), "word-dropout": strconv.FormatFloat(wdrop, 'g', -1, 64), "dropout": strconv.FormatFloat(drop, 'g', -1, 64)}
	logf("parse: mlp: %d words (%d at child positions), %d tags, %d labels, %d rows × %d", m.nWord-3, m.nChild-3, len(m.tagList), len(labels), m.rows, H)

	rng := rand.New(rand.NewPCG(opt.Seed, 0x6d6c70))
	norm := func(sd float64) float32 { return float32(rng.NormFloat64() * sd) }
	const sd = 0.1
	m.E = make([]float32, m.rows*H)
	hashStart := int(m.off[mlpBase]) * H
	for i := range m.E[:hashStart] {
		m.E[i] = norm(sd)
	}
	// the conjunction rows start at zero: most are noise until trained
	for i := range m.E[hashStart+(1<<mlpHashBits)*H:] {
		m.E[hashStart+(1<<mlpHashBits)*H+i] = norm(sd)
	}
	// Word rows of words with a pre-trained vector start at a random
	// projection of it (each position its own), so that similar words
	// start alike.
	if len(opt.Vectors) > 0 {
		var dims int
		for _, v := range opt.Vectors {
			dims = len(v)
			break
		}
		R := make([]float32, H*dims)
		u := make([]float32, dims)
		with := 0
		for p := 0; p < mlpPos; p++ {
			for i := range R {
				R[i] = norm(sd)
			}
			lim := m.nWord
			if p >= mlpCore {
				lim = m.nChild
			}
			for id := int32(3); id < lim; id++ {
				v, ok := opt.Vectors[m.wordList[id-3]]
				if !ok || len(v) != dims {
					continue
				}
				if p == 0 {
					with++
				}
				var n2 float64
				for _, x := range v {
					n2 += float64(x) * float64(x)
				}
				if n2 == 0 {
					continue
				}
				inv := float32(1 / math.Sqrt(n2))
				for k, x := range v {
					u[k] = x * inv
				}
				row := m.E[int(m.off[p]+id)*H : int(m.off[p]+id+1)*H]
				for j := range row {
					row[j] = vec.Dot(u, R[j*dims:(j+1)*dims])
				}
			}
		}
		logf("parse: mlp: %d of %d words start from their vectors", with, m.nWord-3)
	}
	m.b1 = make([]float32, H)
	for j := range m.b1 {
		m.b1[j] = 0.05
	}
	nL := len(labels)
	m.Wt, m.bt = make([]float32, nTrans*H), make([]float32, nTrans)
	m.Wl, m.bl = make([]float32, 2*nL*H), make([]float32, 2*nL)
	for i := range m.Wt {
		m.Wt[i] = norm(0.05)
	}
	for i := range m.Wl {
		m.Wl[i] = norm(0.05)
	}
	// AdaGrad accumulators
	gE := make([]float32, len(m.E))
	gb1 := make([]float32, H)
	gWt, gbt := make([]float32, len(m.Wt)), make([]float32, len(m.bt))
	gWl, gbl := make([]float32, len(m.Wl)), make([]float32, len(m.bl))
	const eps = 1e-6
	for _, g := range [][]float32{gE, gb1, gWt, gbt, gWl, gbl} {
		for i := range g {
			g[i] = eps
		}
	}
	// Averaged SGD: u sums each update times the step it was made at, so
	// that the average of the weights over all steps is w - u/c.
	uE := make([]float64, len(m.E))
	ub1 := make([]float64, H)
	uWt, ubt := make([]float64, len(m.Wt)), make([]float64, len(m.bt))
	uWl, ubl := make([]float64, len(m.Wl)), make([]float64, len(m.bl))
	// Averaging starts at AverageFrom (the first epochs' weights are far
	// from the end point); c stays 0, and the updates add nothing to u,
	// until then.
	c := 0.0
	ada := func(w, g []float32, u []float64, i int, d float32) {
		g[i] += d * d
		step := lr * d / float32(math.Sqrt(float64(g[i])))
		w[i] -= step
		u[i] -= c * float64(step)
	}

	p := &Parser{nn: m, clusters: opt.Clusters}
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	sc := &Scratch{}
	z := make([]float32, H)   // pre-activation
	h := make([]float32, H)   // after ReLU and dropout
	dh := make([]float32, H)  // gradient at h
	keep := make([]bool, H)   // dropout mask
	gl := make([]float32, nL) // label gradient
	var scores, prob, gt [nTrans]float32
	var costs [nTrans]int
	keepP := 1 - drop
	scale := float32(1 / keepP)
	dropRng := rand.New(rand.NewPCG(opt.Seed, 0x64726f70))
	for ep := 0; ep < opt.Epochs; ep++ {
		if ep == avgFrom {
			c = 1
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		var right, total, lright, ltotal int
		var loss float64
		for k, si := range order {
			if opt.Ctx != nil && k%256 == 0 && opt.Ctx.Err() != nil {
				return nil, opt.Ctx.Err()
			}
			s, g := &sents[si], &gs[si]
			n := len(s.Forms)
			sc.mt = p.mtoks(&s.Input, sc.mt)
			if wdrop > 0 {
				// word dropout (Kiperwasser & Goldberg 2016): a word seen c
				// times is read as unknown with probability α/(α+c), so the
				// unknown-word row learns from more than the singletons
				for i := 1; i+1 < len(sc.mt); i++ {
					if id := sc.mt[i].w; id > idUnk {
						c := float64(count[m.wordList[id-3]])
						if rng.Float64() < wdrop/(wdrop+c) {
							sc.mt[i].w, sc.mt[i].wc = idUnk, idUnk
						}
					}
				}
			}
			st := &sc.st
			st.reset(n)
			for !st.done() {
				m.features(st, sc.mt, &sc.idx)
				m.hidden(&sc.idx, z)
				for j := range h {
					keep[j] = (m.cube || z[j] > 0) && (drop <= 0 || dropRng.Float64() < keepP)
					h[j] = 0
					if keep[j] {
						h[j] = z[j]
						if m.cube {
							h[j] = z[j] * z[j] * z[j]
						}
						if drop > 0 {
							h[j] *= scale
						}
					}
				}
				minCost, pred := 1<<30, -1
				var mx float32
				for t := 0; t < nTrans; t++ {
					costs[t] = 1 << 30
					if !st.valid(t) {
						continue
					}
					costs[t] = st.cost(t, g.gold, g.deps)
					minCost = min(minCost, costs[t])
					scores[t] = m.bt[t] + vec.Dot(h, m.Wt[t*H:(t+1)*H])
					if pred < 0 || scores[t] > mx {
						pred, mx = t, scores[t]
					}
				}
				zsum, best, l := oracleSoftmax(&scores, &prob, &costs, minCost, mx)
				loss += l
				var gmax float32
				for t := 0; t < nTrans; t++ {
					gt[t] = prob[t]
					if costs[t] == minCost {
						gt[t] -= prob[t] / zsum
					}
					gmax = max(gmax, gt[t], -gt[t])
				}
				if costs[pred] == minCost {
					right++
				}
				total++
				next := best
				if costs[pred] == minCost || (ep > 0 && rng.Float64() < opt.Explore) {
					next = pred
				}
				lab, labStep := 0, false
				if next != tShift {
					hd, d := st.arc(next)
					base := (next - 1) * nL
					if g.gold[d] == hd {
						// softmax over the direction's labels
						var lmx float32
						for l := 0; l < nL; l++ {
							gl[l] = m.bl[base+l] + vec.Dot(h, m.Wl[(base+l)*H:(base+l+1)*H])
							if l == 0 || gl[l] > lmx {
								lmx, lab = gl[l], l
							}
						}
						if lab == g.rel[d] {
							lright++
						}
						ltotal++
						var ls float32
						for l := range gl {
							gl[l] = float32(math.Exp(float64(gl[l] - lmx)))
							ls += gl[l]
						}
						for l := range gl {
							gl[l] /= ls
						}
						gl[g.rel[d]] -= 1
						lab, labStep = g.rel[d], true
					} else {
						lab = m.bestLabel(next, h)
					}
				}
				if gmax > 1e-4 || labStep {
					// backward: dh first (old weights), then the updates
					clear(dh)
					for t := 0; t < nTrans; t++ {
						if gt[t] == 0 {
							continue
						}
						w := m.Wt[t*H : (t+1)*H]
						for j := range dh {
							dh[j] += gt[t] * w[j]
						}
					}
					if labStep {
						base := (next - 1) * nL
						for l := 0; l < nL; l++ {
							w := m.Wl[(base+l)*H : (base+l+1)*H]
							gw := gWl[(base+l)*H : (base+l+1)*H]
							d := gl[l]
							uw := uWl[(base+l)*H : (base+l+1)*H]
							for j := range dh {
								if !keep[j] {
									continue
								}
								dh[j] += d * w[j]
								gg := d * h[j]
								gw[j] += gg * gg
								step := lr * gg / float32(math.Sqrt(float64(gw[j])))
								w[j] -= step
								uw[j] -= c * float64(step)
							}
							ada(m.bl, gbl, ubl, base+l, d)
						}
					}
					for t := 0; t < nTrans; t++ {
						if gt[t] == 0 {
							continue
						}
						w := m.Wt[t*H : (t+1)*H]
						gw := gWt[t*H : (t+1)*H]
						uw := uWt[t*H : (t+1)*H]
						for j := range w {
							if keep[j] {
								gg := gt[t] * h[j]
								gw[j] += gg * gg
								step := lr * gg / float32(math.Sqrt(float64(gw[j])))
								w[j] -= step
								uw[j] -= c * float64(step)
							}
						}
						ada(m.bt, gbt, ubt, t, gt[t])
					}
					for j := range dh {
						if keep[j] {
							if drop > 0 {
								dh[j] *= scale
							}
							if m.cube {
								dh[j] *= 3 * z[j] * z[j]
							}
						} else {
							dh[j] = 0
						}
					}
					for j := range dh {
						if dh[j] != 0 {
							ada(m.b1, gb1, ub1, j, dh[j])
						}
					}
					for _, r := range sc.idx {
						o := int(r) * H
						w := m.E[o : o+H : o+H]
						gw := gE[o : o+H : o+H]
						uw := uE[o : o+H : o+H]
						for j, d := range dh[:H] {
							if d != 0 {
								gw[j] += d * d
								step := lr * d / float32(math.Sqrt(float64(gw[j])))
								w[j] -= step
								uw[j] -= c * float64(step)
							}
						}
					}
				}
				if c > 0 {
					c++
				}
				st.apply(next, lab)
			}
		}
		logf("parse: mlp epoch %d loss %.4f transitions %.2f%% labels %.2f%%", ep+1, loss/float64(max(total, 1)), 100*float64(right)/float64(max(total, 1)), 100*float64(lright)/float64(max(ltotal, 1)))
		if len(opt.Dev) > 0 {
			// score the weights as they would be shipped now (averaged)
			cp := *m
			cp.E, cp.b1, cp.Wt, cp.bt, cp.Wl, cp.bl = averaged(m.E, uE, c), averaged(m.b1, ub1, c), averaged(m.Wt, uWt, c), averaged(m.bt, ubt, c), averaged(m.Wl, uWl, c), averaged(m.bl, ubl, c)
			u, l := (&Parser{nn: &cp, clusters: opt.Clusters}).score(opt.Dev)
			logf("parse: mlp epoch %d dev UAS %.2f LAS %.2f", ep+1, u, l)
		}
	}
	for _, a := range []struct {
		w []float32
		u []float64
	}{{m.E, uE}, {m.b1, ub1}, {m.Wt, uWt}, {m.bt, ubt}, {m.Wl, uWl}, {m.bl, ubl}} {
		for i, u := range a.u {
			if c > 0 {
				a.w[i] -= float32(u / c)
			}
		}
	}
	// Ship what the file holds: decoding the encoded model gives the
	// quantised rows the parser runs with.
	q, err := decodeMLP(m.encode())
	if err != nil {
		return nil, err
	}
	return &Parser{nn: q, clusters: opt.Clusters}, nil
}

func (m *mlp) index() {
	m.words = make(map[string]int32, len(m.wordList))
	for i, w := range m.wordList {
		m.words[w] = int32(i) + 3
	}
	m.nWord = int32(len(m.wordList)) + 3
	m.tags = make(map[string]int32, len(m.tagList))
	for i, t := range m.tagList {
		m.tags[t] = int32(i) + 3
	}
}

// mlpVersion changes whenever the inputs change.
const mlpVersion = "mlp2"

// File: "NGDF" | u32 H, nWord, nChild, tags, labels, meta entries | the
// strings (u16 length + bytes) of the meta (key, value), words, tags and
// labels | float32 b1, Wt, bt, Wl, bl | E row by row as a float32 scale and
// H int8 | CRC-32 (IEEE) of everything before it.
func (m *mlp) encode() []byte {
	var b bytes.Buffer
	b.WriteString(mlpMagic)
	u32 := func(x int) { binary.Write(&b, binary.LittleEndian, uint32(x)) }
	str := func(s string) {
		binary.Write(&b, binary.LittleEndian, uint16(len(s)))
		b.WriteString(s)
	}
	keys := make([]string, 0, len(m.meta))
	for k := range m.meta {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	u32(m.H)
	u32(int(m.nWord))
	u32(int(m.nChild))
	u32(len(m.tagList))
	u32(len(m.labels))
	u32(len(keys))
	for _, k := range keys {
		str(k)
		str(m.meta[k])
	}
	for _, l := range [][]string{m.wordList, m.tagList, m.labels} {
		for _, s := range l {
			str(s)
		}
	}
	f32 := func(xs []float32) {
		for _, x := range xs {
			binary.Write(&b, binary.LittleEndian, math.Float32bits(x))
		}
	}
	f32(m.b1)
	f32(m.Wt)
	f32(m.bt)
	f32(m.Wl)
	f32(m.bl)
	q := make([]byte, m.H)
	for r := 0; r < m.rows; r++ {
		if m.E == nil {
			// a decoded model: write the rows as they were read
			f32(m.Es[r : r+1])
			for j, x := range m.Eq[r*m.H : (r+1)*m.H] {
				q[j] = byte(x)
			}
			b.Write(q)
			continue
		}
		row := m.E[r*m.H : (r+1)*m.H]
		var mx float32
		for _, x := range row {
			mx = max(mx, x, -x)
		}
		sc := mx / 127
		f32([]float32{sc})
		for j, x := range row {
			v := 0.0
			if sc > 0 {
				v = math.Round(float64(x / sc))
			}
			q[j] = byte(int8(max(-127, min(127, v))))
		}
		b.Write(q)
	}
	binary.Write(&b, binary.LittleEndian, crc32.ChecksumIEEE(b.Bytes()))
	return b.Bytes()
}

func decodeMLP(b []byte) (*mlp, error) {
	if len(b) < 4+6*4+4 || string(b[:4]) != mlpMagic {
		return nil, fmt.Errorf("%w: bad magic or too short", ErrCorrupt)
	}
	body := b[:len(b)-4]
	if crc32.ChecksumIEEE(body) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrCorrupt)
	}
	rd := &reader{b: body[4:], short: errors.New("truncated")}
	var hdr [6]int
	for i := range hdr {
		x, err := rd.u32()
		if err == nil && x > 1<<24 {
			err = errors.New("count out of range")
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		hdr[i] = x
	}
	m := &mlp{H: hdr[0], nWord: int32(hdr[1]), nChild: int32(hdr[2]), meta: map[string]string{}}
	if m.H < 1 || m.H > 4096 || hdr[1] < 3 || hdr[2] < 3 || hdr[2] > hdr[1] || hdr[4] < 1 || hdr[4] > 64 {
		return nil, fmt.Errorf("%w: bad sizes", ErrCorrupt)
	}
	for i := 0; i < hdr[5]; i++ {
		k, err := rd.str()
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		v, err := rd.str()
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		m.meta[k] = v
	}
	list := func(n int) ([]string, error) {
		out := make([]string, 0, min(n, len(rd.b)/2))
		for i := 0; i < n; i++ {
			s, err := rd.str()
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	}
	var err error
	if m.wordList, err = list(hdr[1] - 3); err == nil {
		if m.tagList, err = list(hdr[3]); err == nil {
			m.labels, err = list(hdr[4])
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	r := rd.b
	if m.meta["kind"] != "parser-mlp" {
		return nil, fmt.Errorf("%w: not a parser model", ErrCorrupt)
	}
	if v := m.meta["features"]; v != mlpVersion {
		return nil, fmt.Errorf("parse: model has feature set %q, this code computes %q: retrain it", v, mlpVersion)
	}
	m.index()
	m.layout()
	switch m.meta["activation"] {
	case "relu":
	case "cube":
		m.cube = true
	default:
		return nil, fmt.Errorf("%w: unknown activation %q", ErrCorrupt, m.meta["activation"])
	}
	nL := len(m.labels)
	H := m.H
	dense := H + nTrans*H + nTrans + 2*nL*H + 2*nL
	if uint64(len(r)) != uint64(dense)*4+uint64(m.rows)*uint64(4+H) {
		return nil, fmt.Errorf("%w: weights have the wrong size", ErrCorrupt)
	}
	f32 := func(n int) []float32 {
		out := make([]float32, n)
		for i := range out {
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(r[4*i:]))
		}
		r = r[4*n:]
		return out
	}
	m.b1 = f32(H)
	m.Wt = f32(nTrans * H)
	m.bt = f32(nTrans)
	m.Wl = f32(2 * nL * H)
	m.bl = f32(2 * nL)
	m.Eq, m.Es = hugepage.Make[int8](m.rows*H), make([]float32, m.rows)
	for i := 0; i < m.rows; i++ {
		m.Es[i] = math.Float32frombits(binary.LittleEndian.Uint32(r))
		q := r[4 : 4+H]
		row := m.Eq[i*H : (i+1)*H]
		for j, x := range q {
			row[j] = int8(x)
		}
		r = r[4+H:]
	}
	return m, nil
}

func averaged(w []float32, u []float64, c float64) []float32 {
	out := append([]float32(nil), w...)
	if c > 0 {
		for i, x := range u {
			out[i] -= float32(x / c)
		}
	}
	return out
}

// score parses sentences and returns UAS and LAS (universal relations),
// punctuation included.
func (p *Parser) score(sents []Sentence) (uas, las float64) {
	var sc Scratch
	u, l, n := 0, 0, 0
	for _, s := range sents {
		heads, rels := p.Parse(s.Input, &sc)
		for i := range heads {
			if heads[i] == s.Heads[i] {
				u++
				if univ(rels[i]) == univ(s.Rels[i]) {
					l++
				}
			}
			n++
		}
	}
	return 100 * float64(u) / float64(max(n, 1)), 100 * float64(l) / float64(max(n, 1))
}

// PruneWords returns the parser with network word rows for only its words
// most frequent training words (at most child of them at the ten child
// positions); the others read as unknown words, whose rows were trained by
// word dropout. The word rows are most of the network's file (about 13 of
// its 20.5 MB at 8,854 words), and most of them belong to words seen a few
// times, where the clusters' rows and, in the combined model, the
// perceptron carry the decision. A network still being trained is first
// rounded to its file's int8 rows, so the result is the same whether the
// parser was trained or decoded. Limits at or above the current ones change
// nothing.
func (p *Parser) PruneWords(words, child int) (*Parser, error) {
	if p.nn == nil {
		return nil, errors.New("parse: prune words: the model has no network")
	}
	if words < 0 || child < 0 {
		return nil, errors.New("parse: prune words: negative limit")
	}
	m := p.nn
	nWord := int32(min(words, len(m.wordList))) + 3
	nChild := min(int32(min(child, len(m.wordList)))+3, m.nChild, nWord)
	if nWord == m.nWord && nChild == m.nChild {
		return p, nil
	}
	if m.E != nil {
		var err error
		if m, err = decodeMLP(m.encode()); err != nil {
			return nil, err
		}
	}
	q := &mlp{H: m.H, wordList: m.wordList[:nWord-3], tagList: m.tagList, labels: m.labels, cube: m.cube,
		b1: m.b1, Wt: m.Wt, bt: m.bt, Wl: m.Wl, bl: m.bl, meta: map[string]string{}}
	for k, v := range m.meta {
		q.meta[k] = v
	}
	q.meta["pruned-words"] = strconv.Itoa(int(nWord)-3) + "," + strconv.Itoa(int(nChild)-3)
	q.index()
	q.nChild = nChild
	q.layout()
	H := m.H
	q.Eq, q.Es = make([]int8, q.rows*H), make([]float32, q.rows)
	osz, nsz := m.sizes(), q.sizes()
	for f := range nsz {
		// ids are in frequency order, so a word slot keeps its first
		// rows; the other slots keep all of theirs
		o, n, k := int(m.off[f]), int(q.off[f]), int(min(osz[f], nsz[f]))
		copy(q.Es[n:n+k], m.Es[o:o+k])
		copy(q.Eq[n*H:(n+k)*H], m.Eq[o*H:(o+k)*H])
	}
	r := *p
	r.nn = q
	return &r, nil
}

// oracleSoftmax is the dynamic-oracle loss of one configuration, which
// the two network scorers train on: the softmax of the valid transitions'
// scores (mx their maximum; invalid ones cost 1<<30) into prob, the
// probability mass zsum of the zero-cost ones (cost minCost), the
// best-scoring of them, and -log zsum.
func oracleSoftmax(scores, prob *[nTrans]float32, costs *[nTrans]int, minCost int, mx float32) (zsum float32, best int, loss float64) {
	var sum float32
	best = -1
	for t := 0; t < nTrans; t++ {
		prob[t] = 0
		if costs[t] == 1<<30 {
			continue
		}
		prob[t] = float32(math.Exp(float64(scores[t] - mx)))
		sum += prob[t]
	}
	for t := 0; t < nTrans; t++ {
		prob[t] /= sum
		if costs[t] == minCost {
			zsum += prob[t]
			if best < 0 || scores[t] > scores[best] {
				best = t
			}
		}
	}
	return zsum, best, -math.Log(float64(max(zsum, 1e-30)))
}

// vocabulary counts the training words (by wordKey) into count and
// returns those seen at least minCount times, most frequent first (ties
// in byte order), and the UPOS+XPOS pairs seen, sorted: the two network
// scorers' word and tag rows.
func vocabulary(sents []Sentence, minCount int, count map[string]int) (words, tags []string) {
	tagSet := map[string]bool{}
	for _, s := range sents {
		for i, f := range s.Forms {
			count[wordKey(f)]++
			tagSet[s.UPOS[i]+" "+s.XPOS[i]] = true
		}
	}
	for w, c := range count {
		if c >= minCount {
			words = append(words, w)
		}
	}
	sort.Slice(words, func(i, j int) bool {
		a, b := words[i], words[j]
		if count[a] != count[b] {
			return count[a] > count[b]
		}
		return a < b
	})
	for t := range tagSet {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	return words, tags
}
