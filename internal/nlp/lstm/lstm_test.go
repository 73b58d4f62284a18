package lstm

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"
)

func TestTanhSigmoid(t *testing.T) {
	for _, c := range []struct{ x, tanh, sig float64 }{
		{0, 0, 0.5},
		{0.5, 0.46211715726000974, 0.6224593312018546},
		{-1, -0.7615941559557649, 0.2689414213699951},
		{3, 0.9950547536867305, 0.9525741268224334},
		{-20, -1, 2.0611536224385579e-09},
		{20, 1, 1},
	} {
		if got := Tanh(float32(c.x)); math.Abs(float64(got)-c.tanh) > 2e-7 {
			t.Errorf("Tanh(%v) = %v, want %v", c.x, got, c.tanh)
		}
		if got := Sigmoid(float32(c.x)); math.Abs(float64(got)-c.sig) > 2e-7 {
			t.Errorf("Sigmoid(%v) = %v, want %v", c.x, got, c.sig)
		}
	}
	// the whole range, against math.Tanh
	for x := float32(-10); x < 10; x += 0.001 {
		if d := math.Abs(float64(Tanh(x)) - math.Tanh(float64(x))); d > 5e-7 {
			t.Fatalf("Tanh(%v) off by %g", x, d)
		}
	}
}

func randVec(r *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(r.Float64()*2 - 1)
	}
	return v
}

// loss is Σ out·w, a linear function of the outputs whose gradient is w.
func loss(n *Net, xs []float32, T int, w []float32) float64 {
	tr := n.Forward(xs, T, nil)
	var s float64
	for i, v := range tr.Out {
		s += float64(v) * float64(w[i])
	}
	return s
}

func TestGradientCheck(t *testing.T) {
	for _, c := range []Config{{In: 3, Hidden: 2, Layers: 1}, {In: 2, Hidden: 3, Layers: 2}} {
		n, err := New(c, 7)
		if err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewPCG(1, 2))
		for i := range n.P {
			n.P[i] = float32(r.Float64()*2-1) * 0.8
		}
		const T = 4
		xs := randVec(r, T*c.In)
		w := randVec(r, T*c.Out())
		tr := n.Forward(xs, T, nil)
		g := n.NewGrad()
		dIn := n.Backward(tr, w, g, []float32{})
		// finite differences in float64 around float32 parameters: the
		// step must be large enough for float32 rounding
		const h = 1e-2
		check := func(what string, p []float32, i int, analytic float32) {
			old := p[i]
			p[i] = old + h
			up := loss(n, xs, T, w)
			p[i] = old - h
			down := loss(n, xs, T, w)
			p[i] = old
			num := (up - down) / (2 * h)
			if math.Abs(num-float64(analytic)) > 2e-3*math.Max(1, math.Abs(num)) {
				t.Errorf("%v %s[%d]: analytic %g, numeric %g", c, what, i, analytic, num)
			}
		}
		for i := range n.P {
			check("P", n.P, i, g.G[i])
		}
		for i := range xs {
			check("x", xs, i, dIn[i])
		}
	}
}

func TestGemvAsmMatchesGo(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, sz := range [][2]int{{8, 1}, {64, 5}, {256, 64}, {72, 100}, {136, 3}, {7, 3}, {16, 2}, {144, 7}, {400, 9}} {
		R, C := sz[0], sz[1]
		wt, x := randVec(r, R*C), randVec(r, C)
		y0, y1 := randVec(r, R), make([]float32, R)
		copy(y1, y0)
		gemvTGo(wt, x, y0)
		gemvT(wt, x, y1, false)
		for i := range y0 {
			if d := math.Abs(float64(y0[i] - y1[i])); d > 1e-5 {
				t.Fatalf("%v: y[%d] %v vs %v", sz, i, y0[i], y1[i])
			}
		}
	}
}

func TestEncoderMatchesForward(t *testing.T) {
	for _, c := range []Config{{In: 5, Hidden: 8, Layers: 1}, {In: 100, Hidden: 64, Layers: 1}, {In: 12, Hidden: 16, Layers: 2}, {In: 3, Hidden: 3, Layers: 2}} {
		n, _ := New(c, 9)
		r := rand.New(rand.NewPCG(5, 6))
		const T = 7
		xs := randVec(r, T*c.In)
		want := append([]float32(nil), n.Forward(xs, T, nil).Out...)
		for _, pure := range []bool{true, false} {
			e := n.Encoder()
			e.Pure = pure
			out := make([]float32, T*c.Out())
			e.Encode(xs, T, out, &Scratch{})
			for i := range out {
				// the pure path sums in another order than Forward's dots
				tol := 1e-6
				if !pure {
					tol = 1e-5
				}
				if d := math.Abs(float64(out[i] - want[i])); d > tol {
					t.Fatalf("%v pure=%v: out[%d] %v, Forward %v", c, pure, i, out[i], want[i])
				}
			}
		}
	}
}

// TestForwardValues pins the outputs of a fixed tiny net: a change to
// the arithmetic shows here before it changes a trained model.
func TestForwardValues(t *testing.T) {
	n, _ := New(Config{In: 2, Hidden: 2, Layers: 1}, 1)
	tr := n.Forward([]float32{1, -1, 0.5, 2}, 2, nil)
	want := []float32{-0.004634752, -0.0044375625, -0.14067805, 0.04987996, 0.2188141, 0.059562333, 0.062353797, -0.14367414}
	for i, v := range tr.Out {
		if v != want[i] {
			t.Fatalf("Out = %v, want %v", tr.Out, want)
		}
	}
}

func TestAdamLearns(t *testing.T) {
	// fit Out to a target: the loss must fall
	c := Config{In: 3, Hidden: 4, Layers: 1}
	n, _ := New(c, 2)
	r := rand.New(rand.NewPCG(7, 8))
	const T = 5
	xs, target := randVec(r, T*3), randVec(r, T*8)
	for i := range target {
		target[i] *= 0.5
	}
	g := n.NewGrad()
	opt := &Adam{LR: 0.05}
	sq := func() float64 {
		tr := n.Forward(xs, T, nil)
		var s float64
		for i, v := range tr.Out {
			s += float64(v-target[i]) * float64(v-target[i])
		}
		return s
	}
	first := sq()
	d := make([]float32, T*8)
	for it := 0; it < 200; it++ {
		tr := n.Forward(xs, T, nil)
		for i, v := range tr.Out {
			d[i] = 2 * (v - target[i])
		}
		n.Backward(tr, d, g, nil)
		opt.Step(n.P, g.G)
	}
	if last := sq(); last > first/20 {
		t.Fatalf("loss %g -> %g", first, last)
	}
}

func TestEncodeDecode(t *testing.T) {
	n, _ := New(Config{In: 4, Hidden: 3, Layers: 2}, 3)
	b := n.Encode()
	m, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(m.Encode(), b) || m.Config != n.Config {
		t.Fatal("round trip changed the file")
	}
	for _, c := range []struct {
		name string
		edit func([]byte) []byte
	}{
		{"truncated", func(b []byte) []byte { return b[:len(b)-5] }},
		{"empty", func(b []byte) []byte { return nil }},
		{"magic", func(b []byte) []byte { b[0] = 'X'; return b }},
		{"bit flip", func(b []byte) []byte { b[30] ^= 1; return b }},
	} {
		if _, err := Decode(c.edit(append([]byte(nil), b...))); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

func FuzzDecode(f *testing.F) {
	n, _ := New(Config{In: 2, Hidden: 2, Layers: 1}, 1)
	f.Add(n.Encode())
	f.Add([]byte("NGLS"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(b)
		if err != nil {
			return
		}
		e := m.Encoder()
		out := make([]float32, 2*m.Out())
		e.Encode(make([]float32, 2*m.In), 2, out, &Scratch{})
	})
}

func BenchmarkEncoderRun(b *testing.B) {
	for _, pure := range []bool{false, true} {
		name := "avx"
		if pure {
			name = "go"
		}
		b.Run(name, func(b *testing.B) {
			n, _ := New(Config{In: 100, Hidden: 64, Layers: 1}, 1)
			e := n.Encoder()
			e.Pure = pure
			const T = 20
			px := make([]float32, T*e.ProjWidth())
			out := make([]float32, T*e.Out())
			s := &Scratch{}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				e.Run(px, T, out, s)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*T), "ns/token")
		})
	}
}

func TestTanhVec(t *testing.T) {
	x := []float32{-9, -2, -1, -0.5, 0, 0.25, 0.5, 1, 2, 3, 9}
	y := append([]float32(nil), x...)
	TanhVec(y)
	for i, v := range x {
		if d := math.Abs(float64(y[i] - Tanh(v))); d > 5e-7 {
			t.Fatalf("TanhVec(%v) = %v, Tanh %v", v, y[i], Tanh(v))
		}
	}
}

func TestActAsmMatchesGo(t *testing.T) {
	var x []float32
	for v := float32(-12); v < 12; v += 0.01 {
		x = append(x, v)
	}
	x = x[:len(x)/8*8]
	for _, sig := range []bool{false, true} {
		y := append([]float32(nil), x...)
		if !actAsm(y, sig) {
			t.Skip("no AVX2/FMA")
		}
		for i, v := range x {
			want := Tanh(v)
			if sig {
				want = Sigmoid(v)
			}
			if d := math.Abs(float64(y[i] - want)); d > 5e-7 {
				t.Fatalf("sigmoid=%v x=%v: %v vs %v", sig, v, y[i], want)
			}
		}
	}
}
