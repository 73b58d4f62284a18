package lstm

import "github.com/newsgraph/newsgraph/internal/nlp/vec"

// gemvT adds Σ_k x[k]·wt[k*len(y):(k+1)*len(y)] to y: a matrix-vector
// product with the matrix stored transposed (column k of W is row k of
// wt), so that the inner loop is an axpy over contiguous outputs. It
// uses the AVX2/FMA kernel where it can (inference only: its sums round
// differently) unless pure is set.
func gemvT(wt, x, y []float32, pure bool) {
	if !pure && gemvTAsm(wt, x, y) {
		return
	}
	gemvTGo(wt, x, y)
}

func gemvTGo(wt, x, y []float32) {
	R := len(y)
	for k, v := range x {
		if v != 0 {
			vec.Axpy(v, wt[k*R:(k+1)*R], y)
		}
	}
}

// cellFast is cell with the vector kernels (inference only).
func cellFast(a, cp, c, tc, h []float32, H int, pure bool) {
	if pure || !actAsm(a[:2*H], true) {
		cell(a, cp, c, tc, h, H)
		return
	}
	actAsm(a[2*H:3*H], false)
	actAsm(a[3*H:4*H], true)
	ai, af, ag, ao := a[:H], a[H:2*H], a[2*H:3*H], a[3*H:4*H]
	c, tc, h = c[:H], tc[:H], h[:H]
	// c = ai·ag + af·cp as the scalar loop rounds it (two products, then
	// their sum: Go does not fuse them on amd64), eight lanes at a time
	Mul(c, ai, ag)
	if cp != nil {
		Mul(tc, af, cp[:H])
		Add(c, c, tc)
	}
	copy(tc, c)
	actAsm(tc, false)
	Mul(h, ao, tc)
}

// GemvT adds Σ_k x[k]·wt[k*len(y):(k+1)*len(y)] to y, with the AVX2/FMA
// kernel where the CPU has it and len(y) is a multiple of 8: for the
// inference of a caller's own layers (its sums differ from a pure-Go
// loop's in the last bits).
func GemvT(wt, x, y []float32) { gemvT(wt, x, y, false) }

// TanhVec applies Tanh to x in place, eight at a time with the AVX2/FMA
// kernel where it can (inference only: its results may differ from
// Tanh's in the last bit).
func TanhVec(x []float32) {
	n := len(x) / 8 * 8
	if n == 0 || !actAsm(x[:n], false) {
		n = 0
	}
	for i := n; i < len(x); i++ {
		x[i] = Tanh(x[i])
	}
}

// Add sets dst[i] = a[i] + b[i] (a and b at least len(dst) long; any may
// be the same slice), eight at a time where the CPU has AVX2. Element-wise
// addition rounds the same either way, so the results are bit-identical.
func Add(dst, a, b []float32) {
	n := addAsm(dst, a, b)
	a, b = a[:len(dst)], b[:len(dst)]
	for i := n; i < len(dst); i++ {
		dst[i] = a[i] + b[i]
	}
}

// GemmT is GemvT for n tokens: for each t < n it adds
// Σ_k x[t*ldx+k]·wt[k*rows:(k+1)*rows] (k < cols) to y[t*ldy:t*ldy+rows].
// Six tokens at a time share each load of a weight row segment, which
// gemv is bound by; every output is summed in GemvT's order, so the
// results are GemvT's bit for bit.
func GemmT(wt []float32, rows, cols int, x []float32, ldx int, y []float32, ldy, n int) {
	t := 0
	for ; t+6 <= n; t += 6 {
		if !gemm6Asm(wt, x[t*ldx:], ldx, y[t*ldy:], ldy, rows, cols) {
			break
		}
	}
	for ; t < n; t++ {
		gemvT(wt[:rows*cols], x[t*ldx:t*ldx+cols], y[t*ldy:t*ldy+rows], false)
	}
}

// Mul sets dst[i] = a[i] * b[i], as Add does sums (bit-identical to the
// scalar loop).
func Mul(dst, a, b []float32) {
	n := mulAsm(dst, a, b)
	a, b = a[:len(dst)], b[:len(dst)]
	for i := n; i < len(dst); i++ {
		dst[i] = a[i] * b[i]
	}
}
