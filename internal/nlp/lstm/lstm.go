// Package lstm is a bidirectional LSTM encoder (Hochreiter & Schmidhuber
// 1997; used as in Kiperwasser & Goldberg 2016): it reads a sentence's
// input vectors left to right and right to left and gives each token the
// concatenation of the two directions' hidden states, so that a scorer
// sees the whole sentence through one vector per token.
//
// Training (Forward, Backward, Adam) is pure Go over internal/nlp/vec's
// kernels, so that retraining gives the same bytes on any machine.
// Inference (Encoder) may use the AVX2/FMA kernel, whose sums differ from
// training's in the last bits only.
package lstm

import (
	"errors"
	"math/rand/v2"

	"github.com/newsgraph/newsgraph/internal/nlp/vec"
)

// Config is the network's shape.
type Config struct {
	In     int // input vector width
	Hidden int // hidden units per direction
	Layers int // stacked BiLSTM layers (layer l>0 reads layer l-1's 2·Hidden outputs)
}

func (c Config) check() error {
	if c.In <= 0 || c.Hidden <= 0 || c.Layers <= 0 || c.In > 1<<16 || c.Hidden > 1<<12 || c.Layers > 8 {
		return errors.New("lstm: bad config")
	}
	return nil
}

// Out is the width of an output vector.
func (c Config) Out() int { return 2 * c.Hidden }

// block is one layer-direction's parameters' offsets into Net.P: the
// input weights Wx (4H × in, row-major), recurrent weights Wh (4H × H) and
// bias b (4H). Gate rows are ordered input, forget, cell, output.
type block struct{ wx, wh, b, in int }

// Net is a BiLSTM's parameters in one flat slice, so that an optimiser
// and the file format treat them as one vector.
type Net struct {
	Config
	P      []float32
	blocks []block // layer l, direction d at 2l+d
}

func (c Config) layout() ([]block, int) {
	H := c.Hidden
	var bs []block
	o := 0
	for l := 0; l < c.Layers; l++ {
		in := c.In
		if l > 0 {
			in = 2 * H
		}
		for d := 0; d < 2; d++ {
			b := block{wx: o, in: in}
			o += 4 * H * in
			b.wh = o
			o += 4 * H * H
			b.b = o
			o += 4 * H
			bs = append(bs, b)
		}
	}
	return bs, o
}

// New returns a network initialised from seed: weights uniform in
// ±1/√(in+H), biases 0 except the forget gate's, 1 (Jozefowicz et al.
// 2015), so that early training does not forget everything.
func New(c Config, seed uint64) (*Net, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	bs, size := c.layout()
	n := &Net{Config: c, P: make([]float32, size), blocks: bs}
	rng := rand.New(rand.NewPCG(seed, 0x6c73746d))
	H := c.Hidden
	for _, b := range bs {
		r := 1 / sqrt32(float32(b.in+H))
		for i := b.wx; i < b.b; i++ {
			n.P[i] = float32(rng.Float64()*2-1) * r
		}
		for j := H; j < 2*H; j++ {
			n.P[b.b+j] = 1
		}
	}
	return n, nil
}

func (n *Net) wx(b block) []float32 { return n.P[b.wx:b.wh] }
func (n *Net) wh(b block) []float32 { return n.P[b.wh:b.b] }
func (n *Net) bias(b block) []float32 {
	return n.P[b.b : b.b+4*n.Hidden]
}

// Trace is what Backward needs of one Forward: each layer's input and,
// per direction and token, the activated gates, the cell and its tanh.
type Trace struct {
	T      int
	layers []ltrace
	// Out holds the last layer's outputs, T × 2H, token t's at
	// Out[t*2H:(t+1)*2H] (forward direction first).
	Out []float32
}

type ltrace struct {
	x     []float32    // T × in
	gates [2][]float32 // T × 4H: i, f, g, o after their nonlinearity
	c, tc [2][]float32 // T × H: cell, tanh(cell)
	y     []float32    // T × 2H: outputs
}

func grow(b []float32, n int) []float32 {
	if cap(b) < n {
		return make([]float32, n)
	}
	b = b[:n]
	clear(b)
	return b
}

// Forward encodes T tokens whose inputs are xs (T × In, row-major) and
// returns the trace (reusing tr's buffers when tr is not nil).
func (n *Net) Forward(xs []float32, T int, tr *Trace) *Trace {
	if tr == nil {
		tr = &Trace{}
	}
	tr.T = T
	for len(tr.layers) < n.Layers {
		tr.layers = append(tr.layers, ltrace{})
	}
	H := n.Hidden
	in := xs[:T*n.In]
	for l := 0; l < n.Layers; l++ {
		lt := &tr.layers[l]
		lt.x = append(lt.x[:0], in...)
		lt.y = grow(lt.y, T*2*H)
		for d := 0; d < 2; d++ {
			b := n.blocks[2*l+d]
			lt.gates[d] = grow(lt.gates[d], T*4*H)
			lt.c[d] = grow(lt.c[d], T*H)
			lt.tc[d] = grow(lt.tc[d], T*H)
			n.forwardDir(b, d, lt, T)
		}
		in = lt.y
	}
	tr.Out = tr.layers[n.Layers-1].y
	return tr
}

func (n *Net) forwardDir(b block, d int, lt *ltrace, T int) {
	H, in := n.Hidden, b.in
	wx, wh, bias := n.wx(b), n.wh(b), n.bias(b)
	prev := -1
	for s := 0; s < T; s++ {
		t := s
		if d == 1 {
			t = T - 1 - s
		}
		x := lt.x[t*in : (t+1)*in]
		a := lt.gates[d][t*4*H : (t+1)*4*H]
		for r := range a {
			a[r] = bias[r] + vec.Dot(wx[r*in:(r+1)*in], x)
		}
		if prev >= 0 {
			hp := lt.y[prev*2*H+d*H : prev*2*H+d*H+H]
			for r := range a {
				a[r] += vec.Dot(wh[r*H:(r+1)*H], hp)
			}
		}
		c, tc := lt.c[d][t*H:(t+1)*H], lt.tc[d][t*H:(t+1)*H]
		h := lt.y[t*2*H+d*H : t*2*H+d*H+H]
		var cp []float32
		if prev >= 0 {
			cp = lt.c[d][prev*H : (prev+1)*H]
		}
		cell(a, cp, c, tc, h, H)
		prev = t
	}
}

// cell applies the gate nonlinearities to a (in place) and computes the
// cell c, tanh(c) and the output h; cp is the previous cell (nil: zeros).
func cell(a, cp, c, tc, h []float32, H int) {
	ai, af, ag, ao := a[:H], a[H:2*H], a[2*H:3*H], a[3*H:4*H]
	for j := 0; j < H; j++ {
		ai[j] = Sigmoid(ai[j])
		af[j] = Sigmoid(af[j])
		ag[j] = Tanh(ag[j])
		ao[j] = Sigmoid(ao[j])
		v := ai[j] * ag[j]
		if cp != nil {
			v += af[j] * cp[j]
		}
		c[j] = v
		tc[j] = Tanh(v)
		h[j] = ao[j] * tc[j]
	}
}

// Grad is a gradient buffer the size of a Net's parameters.
type Grad struct {
	G []float32
	// scratch
	da, dh, dc []float32
	dy         []float32
}

// NewGrad returns a zero gradient for n.
func (n *Net) NewGrad() *Grad { return &Grad{G: make([]float32, len(n.P))} }

// Backward adds the gradient of the loss with respect to the parameters
// to g, given dOut (T × 2H, the loss's gradient at tr.Out), and returns
// the gradient at the inputs (T × In) in dIn (grown as needed; nil: not
// computed for the first layer).
func (n *Net) Backward(tr *Trace, dOut []float32, g *Grad, dIn []float32) []float32 {
	T, H := tr.T, n.Hidden
	g.dy = append(g.dy[:0], dOut[:T*2*H]...)
	for l := n.Layers - 1; l >= 0; l-- {
		lt := &tr.layers[l]
		in := n.blocks[2*l].in
		var dx []float32
		if l > 0 || dIn != nil {
			if l == 0 {
				dx = grow(dIn, T*in)
				dIn = dx
			} else {
				dx = make([]float32, T*in)
			}
		}
		for d := 0; d < 2; d++ {
			n.backwardDir(n.blocks[2*l+d], d, lt, T, g, dx)
		}
		if l > 0 {
			g.dy = append(g.dy[:0], dx...)
		}
	}
	return dIn
}

func (n *Net) backwardDir(b block, d int, lt *ltrace, T int, g *Grad, dx []float32) {
	H, in := n.Hidden, b.in
	wx, wh := n.wx(b), n.wh(b)
	gwx, gwh, gb := g.G[b.wx:b.wh], g.G[b.wh:b.b], g.G[b.b:b.b+4*H]
	g.da = grow(g.da, 4*H)
	g.dh = grow(g.dh, H) // from the next step (in reading order)
	g.dc = grow(g.dc, H)
	da, dhn, dcn := g.da, g.dh, g.dc
	for s := T - 1; s >= 0; s-- {
		t := s
		prev := s - 1
		if d == 1 {
			t = T - 1 - s
			prev = t + 1
			if prev >= T {
				prev = -1
			}
		}
		a := lt.gates[d][t*4*H : (t+1)*4*H]
		ai, af, ag, ao := a[:H], a[H:2*H], a[2*H:3*H], a[3*H:4*H]
		tc := lt.tc[d][t*H : (t+1)*H]
		dy := g.dy[t*2*H+d*H : t*2*H+d*H+H]
		for j := 0; j < H; j++ {
			dh := dy[j] + dhn[j]
			dc := dcn[j] + dh*ao[j]*(1-tc[j]*tc[j])
			cp := float32(0)
			if prev >= 0 {
				cp = lt.c[d][prev*H+j]
			}
			da[j] = dc * ag[j] * ai[j] * (1 - ai[j])
			da[H+j] = dc * cp * af[j] * (1 - af[j])
			da[2*H+j] = dc * ai[j] * (1 - ag[j]*ag[j])
			da[3*H+j] = dh * tc[j] * ao[j] * (1 - ao[j])
			dcn[j] = dc * af[j]
		}
		x := lt.x[t*in : (t+1)*in]
		clear(dhn)
		var hp []float32
		if prev >= 0 {
			hp = lt.y[prev*2*H+d*H : prev*2*H+d*H+H]
		}
		for r, v := range da {
			if v == 0 {
				continue
			}
			gb[r] += v
			vec.Axpy(v, x, gwx[r*in:(r+1)*in])
			if dx != nil {
				vec.Axpy(v, wx[r*in:(r+1)*in], dx[t*in:(t+1)*in])
			}
			if hp != nil {
				vec.Axpy(v, hp, gwh[r*H:(r+1)*H])
				vec.Axpy(v, wh[r*H:(r+1)*H], dhn)
			}
		}
	}
}
