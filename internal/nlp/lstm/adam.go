package lstm

import "math"

// Adam is the Adam optimiser (Kingma & Ba 2015) over one parameter
// vector. Zero B1, B2, Eps take 0.9, 0.999 and 1e-8; Clip, when positive,
// first scales the gradient down to that L2 norm.
type Adam struct {
	LR, B1, B2, Eps, Clip float64
	m, v                  []float32
	t                     int
}

// Step updates p by g and zeroes g.
func (a *Adam) Step(p, g []float32) {
	if a.m == nil {
		a.m, a.v = make([]float32, len(p)), make([]float32, len(p))
	}
	b1, b2, eps := a.B1, a.B2, a.Eps
	if b1 == 0 {
		b1 = 0.9
	}
	if b2 == 0 {
		b2 = 0.999
	}
	if eps == 0 {
		eps = 1e-8
	}
	a.t++
	scale := float32(1)
	if a.Clip > 0 {
		var n2 float64
		for _, x := range g {
			n2 += float64(x) * float64(x)
		}
		if n := math.Sqrt(n2); n > a.Clip {
			scale = float32(a.Clip / n)
		}
	}
	// bias-corrected step size
	lr := float32(a.LR * math.Sqrt(1-math.Pow(b2, float64(a.t))) / (1 - math.Pow(b1, float64(a.t))))
	fb1, fb2, feps := float32(b1), float32(b2), float32(eps)
	m, v := a.m[:len(p)], a.v[:len(p)]
	g = g[:len(p)]
	for i := range p {
		x := g[i] * scale
		m[i] = float32(fb1*m[i]) + float32((1-fb1)*x)
		v[i] = float32(fb2*v[i]) + float32((1-fb2)*float32(x*x))
		p[i] -= float32(lr*m[i]) / (sqrt32(v[i]) + feps)
		g[i] = 0
	}
}
