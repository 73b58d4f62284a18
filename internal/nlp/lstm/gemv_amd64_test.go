package lstm

import (
	"math/rand/v2"
	"testing"
)

// TestGemvAVX2AndAVX512 runs both x86 kernels on the same products: the
// 16-lane one where the CPU has it, and the 8-lane one with it switched
// off, each against the pure-Go sums.
func TestGemvAVX2AndAVX512(t *testing.T) {
	if !haveAVX {
		t.Skip("no AVX2/FMA")
	}
	saved := haveAVX512
	defer func() { haveAVX512 = saved }()
	r := rand.New(rand.NewPCG(5, 6))
	for _, wide := range []bool{false, saved} {
		haveAVX512 = wide
		for _, sz := range [][2]int{{16, 1}, {128, 64}, {256, 64}, {144, 7}, {400, 9}, {48, 100}} {
			R, C := sz[0], sz[1]
			wt, x := randVec(r, R*C), randVec(r, C)
			y0, y1 := randVec(r, R), make([]float32, R)
			copy(y1, y0)
			gemvTGo(wt, x, y0)
			if !gemvTAsm(wt, x, y1) {
				t.Fatalf("%v: kernel declined", sz)
			}
			for i := range y0 {
				if d := y0[i] - y1[i]; d > 1e-4 || d < -1e-4 {
					t.Fatalf("avx512=%v %v: y[%d] %v vs %v", wide, sz, i, y0[i], y1[i])
				}
			}
		}
	}
}

func BenchmarkGemvT(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	wt, x, y := randVec(r, 256*64), randVec(r, 64), make([]float32, 256)
	for _, k := range []struct {
		name string
		wide bool
	}{{"avx2", false}, {"avx512", haveAVX512}} {
		b.Run(k.name, func(b *testing.B) {
			saved := haveAVX512
			haveAVX512 = k.wide
			defer func() { haveAVX512 = saved }()
			for b.Loop() {
				gemvTAsm(wt, x, y)
			}
		})
	}
}

// Add's vector kernel gives the scalar sums bit for bit, for every length
// (kernel part and tail) and with dst aliasing an operand.
func TestAddExact(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for n := 0; n <= 77; n++ {
		a, b := randVec(r, n), randVec(r, n)
		want := make([]float32, n)
		for i := range want {
			want[i] = a[i] + b[i]
		}
		got := make([]float32, n)
		Add(got, a, b)
		Add(a, a, b) // in place
		for i := range want {
			if got[i] != want[i] || a[i] != want[i] {
				t.Fatalf("n=%d: [%d] %v, in place %v, want %v", n, i, got[i], a[i], want[i])
			}
		}
	}
	if haveAVX {
		if n := addAsm(make([]float32, 20), make([]float32, 20), make([]float32, 20)); n != 16 {
			t.Errorf("kernel covered %d of 20, want 16", n)
		}
	}
}

// GemmT's six-token kernel gives GemvT's sums bit for bit, for token
// counts with and without a remainder and rows that are and are not a
// multiple of 16 (which fall back to GemvT).
func TestGemmTExact(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, sz := range [][3]int{{16, 1, 4}, {128, 64, 10}, {128, 128, 9}, {256, 128, 13}, {512, 64, 8}, {24, 33, 5}, {64, 7, 3}} {
		rows, cols, n := sz[0], sz[1], sz[2]
		ldx, ldy := cols+3, rows+8
		wt, x := randVec(r, rows*cols), randVec(r, n*ldx)
		y0 := randVec(r, n*ldy)
		y1 := append([]float32(nil), y0...)
		for tk := 0; tk < n; tk++ {
			GemvT(wt, x[tk*ldx:tk*ldx+cols], y0[tk*ldy:tk*ldy+rows])
		}
		GemmT(wt, rows, cols, x, ldx, y1, ldy, n)
		for i := range y0 {
			if y0[i] != y1[i] {
				t.Fatalf("%v: y[%d] %v, GemvT %v", sz, i, y1[i], y0[i])
			}
		}
	}
	if haveAVX && !gemm6Asm(make([]float32, 32*2), make([]float32, 12), 2, make([]float32, 192), 32, 32, 2) {
		t.Error("kernel declined a 32-row product")
	}
}

// BenchmarkGemmT compares n tokens through GemvT one at a time ("gemv")
// with GemmT ("gemm") for the parser's first hidden layer (128 → 128).
func BenchmarkGemmT(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	const rows, cols, n = 128, 128, 32
	wt, x, y := randVec(r, rows*cols), randVec(r, n*cols), make([]float32, n*rows)
	b.Run("gemv", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for t := 0; t < n; t++ {
				GemvT(wt, x[t*cols:(t+1)*cols], y[t*rows:(t+1)*rows])
			}
		}
	})
	b.Run("gemm", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			GemmT(wt, rows, cols, x, cols, y, rows, n)
		}
	})
}

// Mul's kernel gives the scalar products bit for bit.
func TestMulExact(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for n := 0; n <= 41; n++ {
		a, b := randVec(r, n), randVec(r, n)
		got := make([]float32, n)
		Mul(got, a, b)
		for i := range got {
			if want := a[i] * b[i]; got[i] != want {
				t.Fatalf("n=%d: [%d] %v, want %v", n, i, got[i], want)
			}
		}
	}
}
