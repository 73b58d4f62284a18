package lstm

// Encoder is a Net laid out for inference: each weight matrix stored
// transposed, so that a product is a run of axpys over the 4H gate rows,
// which the AVX2/FMA kernel does eight outputs per instruction. The
// first layer's input product is linear in the input, so a caller can
// precompute it per input part (a word vector per word type, a tag
// embedding per tag) with ProjectPart and run the recurrence alone.
// It is read-only and safe for concurrent use with one Scratch each.
type Encoder struct {
	Config
	wxT, whT, b [][]float32 // per block (layer l, direction d at 2l+d)
	// Pure makes the encoder use the pure-Go kernels only.
	Pure bool
}

// Scratch holds an Encoder's per-goroutine buffers.
type Scratch struct {
	px, y, a []float32
	c, tc    []float32
	xp       []float32 // the previous layer's outputs, padded to whole GemmT blocks
}

// Encoder returns n's inference form (a copy: later changes to n do not
// show).
func (n *Net) Encoder() *Encoder {
	e := &Encoder{Config: n.Config}
	H := n.Hidden
	for _, b := range n.blocks {
		wx, wh := n.wx(b), n.wh(b)
		wxT := make([]float32, len(wx))
		for r := 0; r < 4*H; r++ {
			for k := 0; k < b.in; k++ {
				wxT[k*4*H+r] = wx[r*b.in+k]
			}
		}
		whT := make([]float32, len(wh))
		for r := 0; r < 4*H; r++ {
			for k := 0; k < H; k++ {
				whT[k*4*H+r] = wh[r*H+k]
			}
		}
		e.wxT = append(e.wxT, wxT)
		e.whT = append(e.whT, whT)
		e.b = append(e.b, append([]float32(nil), n.bias(b)...))
	}
	return e
}

// ProjWidth is the width of a token's first-layer projection: 4H for each
// direction.
func (e *Encoder) ProjWidth() int { return 8 * e.Hidden }

// ProjectPart adds the first layer's input weights' columns off ..
// off+len(x) times x to dst (ProjWidth wide: forward direction first).
// Biases are not included.
func (e *Encoder) ProjectPart(x []float32, off int, dst []float32) {
	G := 4 * e.Hidden
	for d := 0; d < 2; d++ {
		gemvT(e.wxT[d][off*G:(off+len(x))*G], x, dst[d*G:(d+1)*G], e.Pure)
	}
}

// Encode encodes T tokens with inputs xs (T × In) into out (T × 2H).
func (e *Encoder) Encode(xs []float32, T int, out []float32, s *Scratch) {
	W := e.ProjWidth()
	s.px = grow(s.px, T*W)
	for t := 0; t < T; t++ {
		e.ProjectPart(xs[t*e.In:(t+1)*e.In], 0, s.px[t*W:(t+1)*W])
	}
	e.Run(s.px, T, out, s)
}

// Run encodes T tokens given their first-layer projections px (T ×
// ProjWidth, from ProjectPart, without biases) into out (T × 2H).
func (e *Encoder) Run(px []float32, T int, out []float32, s *Scratch) {
	H := e.Hidden
	G := 4 * H
	W := 2 * G
	for l := 0; l < e.Layers; l++ {
		y := out[:T*2*H]
		if l < e.Layers-1 {
			s.y = grow(s.y, T*2*H)
			y = s.y
		}
		if l > 0 {
			// project the previous layer's outputs (in out)
			if e.Pure {
				s.px = grow(s.px, T*W)
				for t := 0; t < T; t++ {
					for d := 0; d < 2; d++ {
						gemvT(e.wxT[2*l+d], out[t*2*H:(t+1)*2*H], s.px[t*W+d*G:t*W+(d+1)*G], true)
					}
				}
			} else {
				// all tokens at once: the same sums, a fraction of the
				// loads; padded to whole blocks of six (zero rows, whose
				// products land in px's padding), so no token takes the
				// slower one-token path
				Tp := (T + 5) / 6 * 6
				s.xp = grow(s.xp, Tp*2*H)
				copy(s.xp, out[:T*2*H])
				s.px = grow(s.px, Tp*W)
				for d := 0; d < 2; d++ {
					GemmT(e.wxT[2*l+d], G, 2*H, s.xp, 2*H, s.px[d*G:], W, Tp)
				}
			}
			px = s.px
		}
		s.a = grow(s.a, G)
		s.c, s.tc = grow(s.c, 2*H), grow(s.tc, H)
		for d := 0; d < 2; d++ {
			whT, b := e.whT[2*l+d], e.b[2*l+d]
			c, cp := s.c[:H], s.c[H:]
			prev := -1
			for i := 0; i < T; i++ {
				t := i
				if d == 1 {
					t = T - 1 - i
				}
				a := s.a
				p := px[t*W+d*G : t*W+(d+1)*G]
				if e.Pure {
					for r := range a {
						a[r] = b[r] + p[r]
					}
				} else {
					Add(a, b, p)
				}
				var cpv []float32
				if prev >= 0 {
					gemvT(whT, y[prev*2*H+d*H:prev*2*H+(d+1)*H], a, e.Pure)
					copy(cp, c)
					cpv = cp
				}
				cellFast(a, cpv, c, s.tc, y[t*2*H+d*H:t*2*H+(d+1)*H], H, e.Pure)
				prev = t
			}
		}
		if l < e.Layers-1 {
			copy(out[:T*2*H], y)
		}
	}
}
