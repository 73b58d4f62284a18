package lstm

import "golang.org/x/sys/cpu"

var (
	haveAVX    = cpu.X86.HasAVX2 && cpu.X86.HasFMA
	haveAVX512 = haveAVX && cpu.X86.HasAVX512F
)

//go:noescape
func gemvTAVX(wt, x, y *float32, rows, cols int)

//go:noescape
func gemvTAVX512(wt, x, y *float32, rows, cols int)

func gemvTAsm(wt, x, y []float32) bool {
	rows, cols := len(y), len(x)
	if !haveAVX || rows%8 != 0 || cols == 0 || rows == 0 {
		return false
	}
	_ = wt[rows*cols-1]
	if haveAVX512 && rows%16 == 0 {
		gemvTAVX512(&wt[0], &x[0], &y[0], rows, cols)
		return true
	}
	gemvTAVX(&wt[0], &x[0], &y[0], rows, cols)
	return true
}

//go:noescape
func actAVX(x *float32, n int, c *[14]float32, sigmoid bool)

var actC = [14]float32{7.90531110763549805, -7.90531110763549805,
	-2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11, 5.12229709037114e-08,
	1.48572235717979e-05, 6.37261928875436e-04, 4.89352455891786e-03,
	1.19825839466702e-06, 1.18534705686654e-04, 2.26843463243900e-03, 4.89352518554385e-03, 0.5}

// actAsm applies Tanh or Sigmoid to x in place with the AVX2 kernel.
func actAsm(x []float32, sigmoid bool) bool {
	if !haveAVX || len(x)%8 != 0 || len(x) == 0 {
		return false
	}
	actAVX(&x[0], len(x), &actC, sigmoid)
	return true
}

//go:noescape
func addAVX(dst, a, b *float32, n int)

// addAsm sets dst[:n] = a[:n] + b[:n] for the largest n ≤ len(dst) that is
// a multiple of 8 and returns n (0 without AVX2).
func addAsm(dst, a, b []float32) int {
	n := len(dst) / 8 * 8
	if !haveAVX || n == 0 {
		return 0
	}
	_, _ = a[n-1], b[n-1]
	addAVX(&dst[0], &a[0], &b[0], n)
	return n
}

//go:noescape
func gemm6AVX(wt, x, y *float32, rows, cols, ldx, ldy int)

// gemm6Asm runs gemm6AVX on the six tokens from x[0] and y[0] where the
// kernel applies (AVX2/FMA, rows a multiple of 16).
func gemm6Asm(wt, x []float32, ldx int, y []float32, ldy, rows, cols int) bool {
	if !haveAVX || rows%16 != 0 || rows == 0 || cols == 0 {
		return false
	}
	_, _, _ = wt[rows*cols-1], x[5*ldx+cols-1], y[5*ldy+rows-1]
	gemm6AVX(&wt[0], &x[0], &y[0], rows, cols, ldx, ldy)
	return true
}

//go:noescape
func mulAVX(dst, a, b *float32, n int)

// mulAsm is addAsm for products.
func mulAsm(dst, a, b []float32) int {
	n := len(dst) / 8 * 8
	if !haveAVX || n == 0 {
		return 0
	}
	_, _ = a[n-1], b[n-1]
	mulAVX(&dst[0], &a[0], &b[0], n)
	return n
}
