package parse

// The BiLSTM scorer (Kiperwasser & Goldberg 2016): each word's input is
// its frozen GloVe vector, a trained embedding of the word (frequent
// training words) and one of its predicted tags; a bidirectional LSTM
// reads the sentence, and a configuration is scored from the BiLSTM
// vectors of s0, s1, s2 and b0 through one tanh hidden layer, giving the
// transition logits and, per arc direction, the label logits. The
// BiLSTM sees the whole sentence, which the perceptron's and the
// feed-forward network's windows do not.
//
// The hidden layer's first matrix is linear in each position's vector, so
// its product with a token's vector is computed once per token and
// position (lazily, when a configuration first needs it), not per
// configuration.

import (
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/newsgraph/newsgraph/internal/nlp/lstm"
	"github.com/newsgraph/newsgraph/internal/nlp/vec"
)

// ScorerBiLSTM is the BiLSTM scorer alone.
const ScorerBiLSTM = "bilstm"

const (
	blPos  = 4 // s0, s1, s2, b0
	blVDim = 100
	// ids 0 and 1 of the trained words and tags: the root, unknown
	blRoot, blUnk = 0, 1
)

// LSTMOptions shape the BiLSTM scorer.
type LSTMOptions struct {
	Hidden    int     // LSTM units per direction (0: 64)
	Layers    int     // (0: 1)
	MLP       int     // hidden layer width (0: 128)
	WordDim   int     // trained word embedding width (0: 32)
	TagDim    int     // tag embedding width (0: 24)
	MinCount  int     // words seen this often get a trained embedding (0: 2)
	LR        float64 // Adam's learning rate (0: 0.001)
	Batch     int     // sentences per update (0: 8)
	InDropout float64 // dropout of the LSTM's inputs
	// EMA, when positive, keeps an exponential moving average of the
	// weights with this decay per update (e.g. 0.999); the dev scores,
	// checkpoints and the result use it.
	EMA float64
	// Checkpoint, when set, gets the model after every epoch.
	Checkpoint func(epoch int, p *Parser) error
	Vectors    map[string][]float32
	VectorsID  string
	NoGloVe    bool
}

func (o *LSTMOptions) defaults() {
	if o.Hidden <= 0 {
		o.Hidden = 64
	}
	if o.Layers <= 0 {
		o.Layers = 1
	}
	if o.MLP <= 0 {
		o.MLP = 128
	}
	if o.WordDim <= 0 {
		o.WordDim = 32
	}
	if o.TagDim <= 0 {
		o.TagDim = 24
	}
	if o.MinCount <= 0 {
		o.MinCount = 2
	}
	if o.LR <= 0 {
		o.LR = 0.001
	}
	if o.Batch <= 0 {
		o.Batch = 8
	}
}

type bilstm struct {
	Dw, Dt, Hm int
	words      map[string]int32
	wordList   []string // by id-2
	tags       map[string]int32
	tagList    []string
	labels     []string
	root       int
	// frozen word vectors (lower-cased words), int8 with a scale per word
	vwords []string
	vid    map[string]int32
	vq     []int8
	vscale []float32
	net    *lstm.Net
	enc    *lstm.Encoder
	// the parameters other than the LSTM's, views into one slice
	W1      []float32 // blPos × Hm × 2H
	b1      []float32 // Hm
	Wt, bt  []float32 // nTrans × Hm
	Wl, bl  []float32 // 2·nL × Hm
	pad     []float32 // 2H: the vector of a missing position
	Ew, Et  []float32 // word and tag embeddings
	meta    map[string]string
	tagProj []float32 // per tag: its embedding's first-layer projection (inference)
	// wordProj: per word id below nProj, the first-layer projection of its
	// trained embedding and (ids ≥ 2) its vector, so that a frequent word
	// costs a copy instead of a 132 × 512 product
	wordProj []float32
	nProj    int32
	W1T      []float32 // per position, W1_p transposed (2H × Hm)
	WlT      []float32 // per direction, Wl transposed (Hm × nLp)
	nLp      int       // labels padded to a multiple of 8
}

// blProjWords is how many of the most frequent words get their input
// projection precomputed at load (4,000 × 2 KiB; about 90 % of running
// text's tokens).
const blProjWords = 4000

func (m *bilstm) in() int { return blVDim + m.Dw + m.Dt }

// blScratch is the BiLSTM scorer's per-goroutine state.
type blScratch struct {
	ls   lstm.Scratch
	px   []float32 // T × ProjWidth
	out  []float32 // (T+1) × 2H, the last row the pad vector
	z    []float32 // blPos × (T+1) × Hm, memoised W1_p·v_i
	have []bool
	h    []float32
	v    []float32
	ll   []float32
}

// run runs the BiLSTM over the sentence (inference path).
func (m *bilstm) run(in *Input, s *blScratch) {
	e := m.enc
	T := len(in.Forms) + 1
	W := e.ProjWidth()
	H2 := e.Out()
	s.px = growF(s.px, T*W)
	clear(s.px)
	for t := 0; t < T; t++ {
		px := s.px[t*W : (t+1)*W]
		wid, tid := int32(blRoot), int32(blRoot)
		var key string
		if t > 0 {
			key = wordKey(in.Forms[t-1])
			wid, tid = blUnk, blUnk
			if id, ok := m.words[key]; ok {
				wid = id
			}
			if id, ok := m.tags[in.UPOS[t-1]+" "+in.XPOS[t-1]]; ok {
				tid = id
			}
		}
		tp := m.tagProj[int(tid)*W : int(tid+1)*W]
		if wid < m.nProj {
			lstm.Add(px, m.wordProj[int(wid)*W:int(wid+1)*W], tp)
			if wid != blUnk {
				continue
			}
		} else {
			e.ProjectPart(m.Ew[int(wid)*m.Dw:int(wid+1)*m.Dw], blVDim, px)
			lstm.Add(px, px, tp)
		}
		if id, ok := m.vid[key]; ok && t > 0 {
			s.v = growF(s.v, blVDim)
			m.vector(id, s.v)
			e.ProjectPart(s.v, 0, px)
		}
	}
	s.out = growF(s.out, (T+1)*H2)
	e.Run(s.px, T, s.out, &s.ls)
	copy(s.out[T*H2:], m.pad)
	s.z = growF(s.z, blPos*(T+1)*m.Hm)
	if cap(s.have) < blPos*(T+1) {
		s.have = make([]bool, blPos*(T+1))
	}
	s.have = s.have[:blPos*(T+1)]
	clear(s.have)
}

func growF(b []float32, n int) []float32 {
	if cap(b) < n {
		return make([]float32, n)
	}
	return b[:n]
}

// positions returns the token indices of s0, s1, s2, b0 (none: T).
func blPositions(st *state, none int, pos *[blPos]int) {
	pos[0], pos[1], pos[2], pos[3] = st.s(0), st.s(1), st.s(2), st.buf(0)
	for p, i := range pos {
		if i < 0 {
			pos[p] = none
		}
	}
}

// hidden computes the tanh hidden layer of the configuration (inference).
func (m *bilstm) hidden(st *state, s *blScratch, T int) []float32 {
	var pos [blPos]int
	blPositions(st, T, &pos)
	Hm := m.Hm
	H2 := m.enc.Out()
	s.h = growF(s.h, Hm)
	h := s.h
	copy(h, m.b1)
	for p, i := range pos {
		k := p*(T+1) + i
		z := s.z[k*Hm : (k+1)*Hm]
		if !s.have[k] {
			clear(z)
			lstm.GemvT(m.W1T[p*Hm*H2:(p+1)*Hm*H2], s.out[i*H2:(i+1)*H2], z)
			s.have[k] = true
		}
		lstm.Add(h, h, z)
	}
	lstm.TanhVec(h)
	return h
}

func (m *bilstm) transLogit(h []float32, t int) float32 {
	return m.bt[t] + vec.Dot(h, m.Wt[t*m.Hm:(t+1)*m.Hm])
}

func (m *bilstm) labelLogit(h []float32, t, l int) float32 {
	k := (t-1)*len(m.labels) + l
	return m.bl[k] + vec.Dot(h, m.Wl[k*m.Hm:(k+1)*m.Hm])
}

// labelLogits writes the label logits of transition t (an arc) to out
// (len(m.labels)), through the transposed layer (inference).
func (m *bilstm) labelLogits(h []float32, t int, s *blScratch) []float32 {
	nL := len(m.labels)
	s.ll = growF(s.ll, m.nLp)
	clear(s.ll)
	d := t - 1
	lstm.GemvT(m.WlT[d*m.Hm*m.nLp:(d+1)*m.Hm*m.nLp], h, s.ll)
	out := s.ll[:nL]
	for l := range out {
		out[l] += m.bl[d*nL+l]
	}
	return out
}

func (p *Parser) parseBiLSTM(in Input, sc *Scratch) {
	m := p.bl
	if sc.bls == nil {
		sc.bls = &blScratch{}
	}
	s := sc.bls
	n := len(in.Forms)
	m.run(&in, s)
	st := &sc.st
	st.reset(n)
	for !st.done() {
		h := m.hidden(st, s, n+1)
		t := -1
		var best float32
		for k := 0; k < nTrans; k++ {
			if !st.valid(k) {
				continue
			}
			if x := m.transLogit(h, k); t < 0 || x > best {
				t, best = k, x
			}
		}
		lab := 0
		if t != tShift {
			hd, _ := st.arc(t)
			if hd == 0 && m.root >= 0 {
				lab = m.root
			} else {
				var bs float32
				for l, x := range m.labelLogits(h, t, s) {
					if l == 0 || x > bs {
						lab, bs = l, x
					}
				}
			}
		}
		st.apply(t, lab)
	}
}

// prepare builds the inference caches (after training or decoding).
func (m *bilstm) prepare() {
	m.enc = m.net.Encoder()
	W := m.enc.ProjWidth()
	nt := len(m.tagList) + 2
	m.tagProj = make([]float32, nt*W)
	for t := 0; t < nt; t++ {
		m.enc.ProjectPart(m.Et[t*m.Dt:(t+1)*m.Dt], blVDim+m.Dw, m.tagProj[t*W:(t+1)*W])
	}
	m.nProj = int32(min(len(m.wordList), blProjWords) + 2)
	m.wordProj = make([]float32, int(m.nProj)*W)
	v := make([]float32, blVDim)
	for id := int32(0); id < m.nProj; id++ {
		px := m.wordProj[int(id)*W : int(id+1)*W]
		m.enc.ProjectPart(m.Ew[int(id)*m.Dw:int(id+1)*m.Dw], blVDim, px)
		if id >= 2 {
			if vi, ok := m.vid[m.wordList[id-2]]; ok {
				m.vector(vi, v)
				m.enc.ProjectPart(v, 0, px)
			}
		}
	}
	H2, Hm, nL := m.enc.Out(), m.Hm, len(m.labels)
	m.W1T = make([]float32, len(m.W1))
	for p := 0; p < blPos; p++ {
		for j := 0; j < Hm; j++ {
			for k := 0; k < H2; k++ {
				m.W1T[p*Hm*H2+k*Hm+j] = m.W1[p*Hm*H2+j*H2+k]
			}
		}
	}
	m.nLp = (nL + 7) / 8 * 8
	m.WlT = make([]float32, 2*Hm*m.nLp)
	for d := 0; d < 2; d++ {
		for l := 0; l < nL; l++ {
			for j := 0; j < Hm; j++ {
				m.WlT[d*Hm*m.nLp+j*m.nLp+l] = m.Wl[(d*nL+l)*Hm+j]
			}
		}
	}
}

// trainBiLSTM trains the BiLSTM scorer: per-sentence backpropagation
// through the network and the LSTM, Adam every Batch sentences, on the
// same loss and exploration as the feed-forward scorer.
func trainBiLSTM(sents []Sentence, gs []gsent, labels []string, opt Options, logf func(string, ...any)) (*Parser, error) {
	o := opt.LSTM
	o.defaults()
	m := &bilstm{Dw: o.WordDim, Dt: o.TagDim, Hm: o.MLP, labels: labels, root: -1}
	for i, l := range labels {
		if l == "root" {
			m.root = i
		}
	}
	count := map[string]int{}
	m.wordList, m.tagList = vocabulary(sents, o.MinCount, count)
	m.index()
	if !o.NoGloVe {
		m.vwords, m.vq, m.vscale = quantizeVectors(o.Vectors)
	}
	m.vid = make(map[string]int32, len(m.vwords))
	for i, w := range m.vwords {
		m.vid[w] = int32(i)
	}
	net, err := lstm.New(lstm.Config{In: m.in(), Hidden: o.Hidden, Layers: o.Layers}, opt.Seed)
	if err != nil {
		return nil, err
	}
	H2, Hm, nL := net.Out(), m.Hm, len(labels)
	nw, nt := len(m.wordList)+2, len(m.tagList)+2
	sizes := []int{len(net.P), blPos * Hm * H2, Hm, nTrans * Hm, nTrans, 2 * nL * Hm, 2 * nL, H2, nw * m.Dw, nt * m.Dt}
	total := 0
	for _, s := range sizes {
		total += s
	}
	all := make([]float32, total)
	views := make([][]float32, len(sizes))
	o2 := 0
	for i, s := range sizes {
		views[i] = all[o2 : o2+s : o2+s]
		o2 += s
	}
	copy(views[0], net.P)
	net.P = views[0]
	m.net = net
	m.W1, m.b1, m.Wt, m.bt, m.Wl, m.bl, m.pad, m.Ew, m.Et = views[1], views[2], views[3], views[4], views[5], views[6], views[7], views[8], views[9]
	rng := rand.New(rand.NewPCG(opt.Seed, 0x626c73746d))
	uni := func(w []float32, r float64) {
		for i := range w {
			w[i] = float32((rng.Float64()*2 - 1) * r)
		}
	}
	uni(m.W1, math.Sqrt(6/float64(blPos*H2+Hm)))
	uni(m.Wt, math.Sqrt(6/float64(Hm+nTrans)))
	uni(m.Wl, math.Sqrt(6/float64(Hm+nL)))
	uni(m.pad, 0.1)
	uni(m.Ew, 0.1)
	uni(m.Et, 0.1)
	m.meta = map[string]string{"kind": "parser-bilstm", "seed": strconv.FormatUint(opt.Seed, 10), "epochs": strconv.Itoa(opt.Epochs),
		"explore": strconv.FormatFloat(opt.Explore, 'g', -1, 64), "vectors": o.VectorsID, "lr": strconv.FormatFloat(o.LR, 'g', -1, 64),
		"word-dropout": strconv.FormatFloat(opt.WordDropout, 'g', -1, 64), "in-dropout": strconv.FormatFloat(o.InDropout, 'g', -1, 64)}
	logf("parse: bilstm: %d words, %d tags, %d labels, LSTM %d→%d×2 (%d layers), MLP %d, %d parameters, %d vectors",
		nw-2, nt-2, nL, m.in(), o.Hidden, o.Layers, Hm, total, len(m.vwords))

	gall := make([]float32, total)
	gviews := make([][]float32, len(sizes))
	o2 = 0
	for i, s := range sizes {
		gviews[i] = gall[o2 : o2+s : o2+s]
		o2 += s
	}
	g := net.NewGrad()
	g.G = gviews[0]
	gW1, gb1, gWt, gbt, gWl, gbl, gpad, gEw, gEt := gviews[1], gviews[2], gviews[3], gviews[4], gviews[5], gviews[6], gviews[7], gviews[8], gviews[9]
	adam := &lstm.Adam{LR: o.LR, B1: 0.9, B2: 0.9, Clip: 5}
	var ema, saved []float32
	if o.EMA > 0 {
		ema, saved = append([]float32(nil), all...), make([]float32, len(all))
		m.meta["ema"] = strconv.FormatFloat(o.EMA, 'g', -1, 64)
	}

	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	In := m.in()
	var (
		xs, dOut, dIn, V, Z, G []float32
		wids, tids             []int32
		h, dh, dpre, gl        = make([]float32, Hm), make([]float32, Hm), make([]float32, Hm), make([]float32, nL)
		scores, prob, gt       [nTrans]float32
		costs                  [nTrans]int
		tr                     *lstm.Trace
		pos                    [blPos]int
	)
	keepP := 1 - o.InDropout
	var sc Scratch
	for ep := 0; ep < opt.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		var right, total, lright, ltotal int
		var loss float64
		inBatch := 0
		for k, si := range order {
			if opt.Ctx != nil && k%256 == 0 && opt.Ctx.Err() != nil {
				return nil, opt.Ctx.Err()
			}
			s, gd := &sents[si], &gs[si]
			n := len(s.Forms)
			T := n + 1
			// inputs
			xs = growF(xs, T*In)
			clear(xs)
			wids, tids = wids[:0], tids[:0]
			for t := 0; t < T; t++ {
				x := xs[t*In : (t+1)*In]
				wid, tid := int32(blRoot), int32(blRoot)
				if t > 0 {
					key := wordKey(s.Forms[t-1])
					wid, tid = blUnk, blUnk
					if id, ok := m.words[key]; ok {
						c := float64(count[key])
						if opt.WordDropout <= 0 || rng.Float64() >= opt.WordDropout/(opt.WordDropout+c) {
							wid = id
						}
					}
					if id, ok := m.tags[s.UPOS[t-1]+" "+s.XPOS[t-1]]; ok {
						tid = id
					}
					if id, ok := m.vid[key]; ok {
						m.vector(id, x[:blVDim])
					}
				}
				copy(x[blVDim:blVDim+m.Dw], m.Ew[int(wid)*m.Dw:int(wid+1)*m.Dw])
				copy(x[blVDim+m.Dw:], m.Et[int(tid)*m.Dt:int(tid+1)*m.Dt])
				if o.InDropout > 0 {
					for j := range x {
						if rng.Float64() < o.InDropout {
							x[j] = 0
						} else {
							x[j] /= float32(keepP)
						}
					}
				}
				wids, tids = append(wids, wid), append(tids, tid)
			}
			tr = net.Forward(xs, T, tr)
			V = growF(V, (T+1)*H2)
			copy(V, tr.Out)
			copy(V[T*H2:], m.pad)
			// Z[p][i] = W1_p · V_i
			Z = growF(Z, blPos*(T+1)*Hm)
			G = growF(G, blPos*(T+1)*Hm)
			clear(G)
			for p := 0; p < blPos; p++ {
				w := m.W1[p*Hm*H2 : (p+1)*Hm*H2]
				for i := 0; i <= T; i++ {
					z := Z[(p*(T+1)+i)*Hm : (p*(T+1)+i+1)*Hm]
					v := V[i*H2 : (i+1)*H2]
					for j := range z {
						z[j] = vec.Dot(w[j*H2:(j+1)*H2], v)
					}
				}
			}
			st := &sc.st
			st.reset(n)
			for !st.done() {
				blPositions(st, T, &pos)
				copy(h, m.b1)
				for p, i := range pos {
					z := Z[(p*(T+1)+i)*Hm : (p*(T+1)+i+1)*Hm]
					for j, x := range z {
						h[j] += x
					}
				}
				for j, x := range h {
					h[j] = lstm.Tanh(x)
				}
				minCost, pred := 1<<30, -1
				var mx float32
				for t := 0; t < nTrans; t++ {
					costs[t] = 1 << 30
					if !st.valid(t) {
						continue
					}
					costs[t] = st.cost(t, gd.gold, gd.deps)
					minCost = min(minCost, costs[t])
					scores[t] = m.transLogit(h, t)
					if pred < 0 || scores[t] > mx {
						pred, mx = t, scores[t]
					}
				}
				zsum, best, l := oracleSoftmax(&scores, &prob, &costs, minCost, mx)
				loss += l
				for t := 0; t < nTrans; t++ {
					gt[t] = prob[t]
					if costs[t] == minCost {
						gt[t] -= prob[t] / zsum
					}
				}
				if costs[pred] == minCost {
					right++
				}
				total++
				next := best
				if costs[pred] == minCost || (ep > 0 && rng.Float64() < opt.Explore) {
					next = pred
				}
				clear(dh)
				for t := 0; t < nTrans; t++ {
					if gt[t] == 0 {
						continue
					}
					vec.Axpy(gt[t], m.Wt[t*Hm:(t+1)*Hm], dh)
					vec.Axpy(gt[t], h, gWt[t*Hm:(t+1)*Hm])
					gbt[t] += gt[t]
				}
				lab := 0
				if next != tShift {
					hd, d := st.arc(next)
					base := (next - 1) * nL
					if gd.gold[d] == hd {
						var lmx float32
						for l := 0; l < nL; l++ {
							gl[l] = m.labelLogit(h, next, l)
							if l == 0 || gl[l] > lmx {
								lmx, lab = gl[l], l
							}
						}
						if lab == gd.rel[d] {
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
						loss -= math.Log(float64(max(gl[gd.rel[d]], 1e-30)))
						gl[gd.rel[d]] -= 1
						for l := 0; l < nL; l++ {
							vec.Axpy(gl[l], m.Wl[(base+l)*Hm:(base+l+1)*Hm], dh)
							vec.Axpy(gl[l], h, gWl[(base+l)*Hm:(base+l+1)*Hm])
							gbl[base+l] += gl[l]
						}
						lab = gd.rel[d]
					} else {
						var bs float32
						for l := 0; l < nL; l++ {
							if x := m.labelLogit(h, next, l); l == 0 || x > bs {
								lab, bs = l, x
							}
						}
					}
					if hd == 0 && m.root >= 0 {
						lab = m.root
					}
				}
				for j := range dpre {
					dpre[j] = dh[j] * (1 - h[j]*h[j])
					gb1[j] += dpre[j]
				}
				for p, i := range pos {
					vec.Axpy(1, dpre, G[(p*(T+1)+i)*Hm:(p*(T+1)+i+1)*Hm])
				}
				st.apply(next, lab)
			}
			// back through the first layer: dV_i = Σ_p W1_pᵀ G_pi
			dOut = growF(dOut, (T+1)*H2)
			clear(dOut)
			for p := 0; p < blPos; p++ {
				w := m.W1[p*Hm*H2 : (p+1)*Hm*H2]
				gw := gW1[p*Hm*H2 : (p+1)*Hm*H2]
				for i := 0; i <= T; i++ {
					gz := G[(p*(T+1)+i)*Hm : (p*(T+1)+i+1)*Hm]
					v := V[i*H2 : (i+1)*H2]
					dv := dOut[i*H2 : (i+1)*H2]
					for j, d := range gz {
						if d != 0 {
							vec.Axpy(d, v, gw[j*H2:(j+1)*H2])
							vec.Axpy(d, w[j*H2:(j+1)*H2], dv)
						}
					}
				}
			}
			vec.Axpy(1, dOut[T*H2:(T+1)*H2], gpad)
			dIn = net.Backward(tr, dOut[:T*H2], g, growF(dIn, T*In))
			for t := 0; t < T; t++ {
				dx := dIn[t*In : (t+1)*In]
				x := xs[t*In : (t+1)*In]
				if o.InDropout > 0 {
					for j := range dx {
						if x[j] == 0 {
							dx[j] = 0
						} else {
							dx[j] /= float32(keepP)
						}
					}
				}
				vec.Axpy(1, dx[blVDim:blVDim+m.Dw], gEw[int(wids[t])*m.Dw:int(wids[t]+1)*m.Dw])
				vec.Axpy(1, dx[blVDim+m.Dw:], gEt[int(tids[t])*m.Dt:int(tids[t]+1)*m.Dt])
			}
			inBatch++
			if inBatch == o.Batch || k == len(order)-1 {
				adam.Step(all, gall)
				inBatch = 0
				if ema != nil {
					d := float32(1 - o.EMA)
					for i, x := range all {
						ema[i] += d * (x - ema[i])
					}
				}
			}
		}
		logf("parse: bilstm epoch %d loss %.4f transitions %.2f%% labels %.2f%%", ep+1, loss/float64(max(total, 1)), 100*float64(right)/float64(max(total, 1)), 100*float64(lright)/float64(max(ltotal, 1)))
		if len(opt.Dev) > 0 || o.Checkpoint != nil {
			if ema != nil {
				copy(saved, all)
				copy(all, ema)
			}
			if len(opt.Dev) > 0 {
				m.prepare()
				u, l := (&Parser{bl: m}).score(opt.Dev)
				logf("parse: bilstm epoch %d dev UAS %.2f LAS %.2f", ep+1, u, l)
			}
			if o.Checkpoint != nil {
				// the file --epochs ep+1 would write
				m.meta["epochs"] = strconv.Itoa(ep + 1)
				b := m.encode()
				m.meta["epochs"] = strconv.Itoa(opt.Epochs)
				q, err := decodeBiLSTM(b)
				if err != nil {
					return nil, err
				}
				if err := o.Checkpoint(ep+1, &Parser{bl: q}); err != nil {
					return nil, err
				}
			}
			if ema != nil {
				copy(all, saved)
			}
		}
	}
	if ema != nil {
		copy(all, ema)
	}
	// ship what the file holds
	q, err := decodeBiLSTM(m.encode())
	if err != nil {
		return nil, err
	}
	return &Parser{bl: q}, nil
}

func (m *bilstm) index() {
	m.words = make(map[string]int32, len(m.wordList))
	for i, w := range m.wordList {
		m.words[w] = int32(i) + 2
	}
	m.tags = make(map[string]int32, len(m.tagList))
	for i, t := range m.tagList {
		m.tags[t] = int32(i) + 2
	}
}
