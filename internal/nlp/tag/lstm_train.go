package tag

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/newsgraph/newsgraph/internal/nlp/lstm"
	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
	"github.com/newsgraph/newsgraph/internal/nlp/vec"
)

// trainLSTM trains the BiLSTM on sents (loss at every non-dictionary word)
// with r the (jack-knifed) first-pass classes; t must have its tables set.
// One thread, pure-Go arithmetic, fixed seed: the same bytes every run.
func (t *Tagger) trainLSTM(sents []Sentence, gold, r [][]int, o LSTMOptions, logf func(string, ...any)) (*lstmModel, error) {
	o.defaults()
	if len(o.Vectors) == 0 {
		return nil, errors.New("tag: BiLSTM needs word vectors")
	}
	if len(r) != len(sents) {
		return nil, errors.New("tag: BiLSTM: first-pass classes do not match the sentences")
	}
	if o.MaxSents > 0 && o.MaxSents < len(sents) {
		sents, gold, r = sents[:o.MaxSents], gold[:o.MaxSents], r[:o.MaxSents]
	}
	C := len(t.tags)
	n := &netModel{classes: C, dim: o.Dim, buckets: 1 << o.Buckets, vdim: 100}
	for w, v := range o.Vectors {
		if len(v) != n.vdim {
			return nil, fmt.Errorf("tag: vector of %q has %d values, want %d", w, len(v), n.vdim)
		}
	}
	n.quantizeVecs(o.Vectors)
	m := &lstmModel{in: n, classes: C, tdim: o.TagDim}
	S, In := n.static(), m.width()
	net, err := lstm.New(lstm.Config{In: In, Hidden: o.Hidden, Layers: o.Layers}, o.Seed)
	if err != nil {
		return nil, err
	}
	m.net = net
	H2 := 2 * o.Hidden
	// The tagger's own parameters in one slice, so one Adam steps them.
	nEmb, nTag, nW2 := n.buckets*n.dim, C*m.tdim, C*H2
	aux := make([]float32, nEmb+nTag+nW2+C)
	n.emb, m.tagEmb, m.w2, m.b2 = aux[:nEmb], aux[nEmb:][:nTag], aux[nEmb+nTag:][:nW2], aux[nEmb+nTag+nW2:]
	rng := rand.New(rand.NewPCG(o.Seed, 0x7467736d))
	for i := range n.emb {
		n.emb[i] = float32(rng.NormFloat64() * 0.1)
	}
	for i := range m.tagEmb {
		m.tagEmb[i] = float32(rng.NormFloat64() * 0.1)
	}
	sd := math.Sqrt(1 / float64(H2))
	for i := range m.w2 {
		m.w2[i] = float32(rng.NormFloat64() * sd)
	}
	gaux := make([]float32, len(aux))
	gEmb, gTag, gW2, gB2 := gaux[:nEmb], gaux[nEmb:][:nTag], gaux[nEmb+nTag:][:nW2], gaux[nEmb+nTag+nW2:]

	// The words' hashed slots and static inputs' layout, once.
	var h perceptron.Hasher
	nws := make([][]netWord, len(sents))
	loss := make([][]bool, len(sents))
	words := 0
	for si, s := range sents {
		nws[si] = make([]netWord, len(s.Words))
		loss[si] = make([]bool, len(s.Words))
		for i, w := range s.Words {
			nws[si][i] = n.word(t, &h, w)
			if _, ok := t.dict[netKey(w)]; !ok {
				loss[si][i] = true
				words++
			}
		}
	}
	logf("tag: BiLSTM: %d sentences, %d scored words, %d word vectors, %d inputs, %d hidden, %d layers", len(sents), words, len(n.words), In, o.Hidden, o.Layers)

	g := net.NewGrad()
	optL := lstm.Adam{LR: float64(o.LR), Clip: 5}
	optA := lstm.Adam{LR: float64(o.LR)}
	var tr *lstm.Trace
	var xs, dOut []float32
	dIn := make([]float32, 0, 64*In) // not nil: Backward computes the input gradient only then
	z := make([]float32, C)
	mask := make([]float32, H2)
	hd := make([]float32, H2)
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	keep := 1 - o.Dropout
	for ep := 0; ep < o.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		var lsum float64
		right := 0
		for bi, si := range order {
			ws := nws[si]
			T := len(ws)
			if T == 0 {
				continue
			}
			if cap(xs) < T*In {
				xs = make([]float32, T*In)
				dOut = make([]float32, T*H2)
			}
			xs, dOut = xs[:T*In], dOut[:T*H2]
			for k := range ws {
				x := xs[k*In:][:In]
				n.input(&ws[k], x[:S])
				copy(x[S:], m.tagEmb[r[si][k]*m.tdim:][:m.tdim])
			}
			tr = net.Forward(xs, T, tr)
			clear(dOut)
			for k := range ws {
				if !loss[si][k] {
					continue
				}
				// Dropout on a copy: the trace's outputs feed Backward.
				hk := hd
				for j, v := range tr.Out[k*H2:][:H2] {
					mask[j] = 1
					if o.Dropout > 0 {
						mask[j] = 0
						if rng.Float32() < keep {
							mask[j] = 1 / keep
						}
					}
					hk[j] = v * mask[j]
				}
				best, bz := 0, float32(math.Inf(-1))
				for c := range C {
					z[c] = m.b2[c] + vec.Dot(m.w2[c*H2:][:H2], hk)
					if z[c] > bz {
						best, bz = c, z[c]
					}
				}
				gc := gold[si][k]
				if best == gc {
					right++
				}
				softmaxInto(z, 1)
				lsum -= math.Log(float64(max(z[gc], 1e-30)))
				z[gc]--
				dh := dOut[k*H2:][:H2]
				for c, d := range z {
					vec.Axpy(d, hk, gW2[c*H2:][:H2])
					gB2[c] += d
					vec.Axpy(d, m.w2[c*H2:][:H2], dh)
				}
				for j := range dh {
					dh[j] *= mask[j]
				}
			}
			dIn = net.Backward(tr, dOut, g, dIn)
			for k := range ws {
				d := dIn[k*In:][:In]
				for kind, b := range ws[k].slots {
					if b >= 0 {
						vec.Axpy(1, d[n.vdim+kind*n.dim:][:n.dim], gEmb[int(b)*n.dim:][:n.dim])
					}
				}
				vec.Axpy(1, d[S:], gTag[r[si][k]*m.tdim:][:m.tdim])
			}
			if (bi+1)%o.Batch == 0 || bi == len(order)-1 {
				optL.Step(net.P, g.G)
				optA.Step(aux, gaux)
			}
		}
		logf("tag: BiLSTM epoch %d: loss %.4f, train accuracy %.2f%%", ep+1, lsum/float64(words), 100*float64(right)/float64(words))
		if o.Epoch != nil {
			c := m.rounded()
			t2 := *t
			t2.lstm, t2.lstmWeight, t2.lstmTemp, t2.lstmGate, t2.lstmLog, t2.lstmUPOS = c, o.Weight, o.Temp, o.Gate, o.LogMix, o.UPOS
			o.Epoch(ep, &t2)
		}
	}
	return m.rounded(), nil
}

// rounded is a copy of m with the hashed embeddings in their int8 form
// and the inference form built, so that it tags as its decoded file will.
func (m *lstmModel) rounded() *lstmModel {
	c := *m
	in := *m.in
	q, qs := quantizeRows(in.emb, in.dim)
	in.emb = make([]float32, len(q))
	for i, v := range q {
		in.emb[i] = float32(v) * qs[i/in.dim]
	}
	c.in = &in
	c.tagEmb = append([]float32(nil), m.tagEmb...)
	c.w2 = append([]float32(nil), m.w2...)
	c.b2 = append([]float32(nil), m.b2...)
	c.net = &lstm.Net{}
	if err := c.copyNet(m.net); err != nil {
		panic(err)
	}
	c.prepare()
	return &c
}

// copyNet sets c.net to a copy of n (through its file form, which
// rebuilds the layout).
func (c *lstmModel) copyNet(n *lstm.Net) error {
	d, err := lstm.Decode(n.Encode())
	if err != nil {
		return err
	}
	c.net = d
	return nil
}
