package lstm

import "math"

// Tanh is a rational approximation of tanh accurate to a few float32 ulps
// (the [13/6] minimax fit Eigen uses), about five times faster than
// math.Tanh. Training and inference both use it, so they agree. The
// float32 conversions keep each product rounded: no fused multiply-add
// on any architecture, hence the same bits everywhere.
func Tanh(x float32) float32 {
	const clamp = 7.90531110763549805
	if x > clamp {
		x = clamp
	} else if x < -clamp {
		x = -clamp
	}
	x2 := float32(x * x)
	p := float32(-2.76076847742355e-16)
	p = float32(p*x2) + 2.00018790482477e-13
	p = float32(p*x2) - 8.60467152213735e-11
	p = float32(p*x2) + 5.12229709037114e-08
	p = float32(p*x2) + 1.48572235717979e-05
	p = float32(p*x2) + 6.37261928875436e-04
	p = float32(p*x2) + 4.89352455891786e-03
	p = float32(p * x)
	q := float32(1.19825839466702e-06)
	q = float32(q*x2) + 1.18534705686654e-04
	q = float32(q*x2) + 2.26843463243900e-03
	q = float32(q*x2) + 4.89352518554385e-03
	return p / q
}

// Sigmoid is 1/(1+e^-x) through Tanh: σ(x) = (1 + tanh(x/2)) / 2.
func Sigmoid(x float32) float32 { return float32(0.5*Tanh(float32(0.5*x))) + 0.5 }

func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }
