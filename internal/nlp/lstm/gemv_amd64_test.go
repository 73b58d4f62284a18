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
