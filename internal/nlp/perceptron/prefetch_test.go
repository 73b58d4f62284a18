package perceptron

import (
	"math/rand/v2"
	"testing"
	"unsafe"
)

// A model big enough for Scores to prefetch gives the plain loop's sums bit
// for bit, for chunks of every length, repeated and absent features, and
// feature 0 (looked up as 1).
func TestScoresPrefetched(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const nc, nf = 7, 70000
	keys := make([]uint64, nf)
	rows := make([]float32, nf*nc)
	for i := range keys {
		keys[i] = uint64(i)*0x9E3779B97F4A7C15 + 1
		for c := range nc {
			if rng.IntN(3) == 0 {
				rows[i*nc+c] = float32(rng.NormFloat64())
			}
		}
	}
	m, err := FromRows([]string{"a", "b", "c", "d", "e", "f", "g"}, nil, keys, rows, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.slots) < prefetchSlots {
		t.Fatalf("%d slots: too few for the prefetching path", len(m.slots))
	}
	for _, n := range []int{0, 1, 63, 64, 65, 130, 300} {
		feats := make([]Feature, n)
		for i := range feats {
			switch rng.IntN(4) {
			case 0:
				feats[i] = rng.Uint64() // almost surely absent
			case 1:
				feats[i] = 0
			default:
				feats[i] = keys[rng.IntN(nf)]
			}
		}
		got, want := make([]float32, nc), make([]float32, nc)
		m.Scores(feats, got)
		m.scoresPlain(feats, want)
		for c := range got {
			if got[c] != want[c] {
				t.Fatalf("%d features: scores %v, want %v", n, got, want)
			}
		}
		m.Prefetch(feats) // a hint only: nothing to check but that it is safe
	}
}

// PrefetchAt touches nothing: offsets anywhere in the allocation are fine.
func TestPrefetchAt(t *testing.T) {
	b := make([]byte, 1<<20)
	offs := []uintptr{0, 1, 63, 64, 4095, 1<<20 - 1}
	PrefetchAt(unsafe.Pointer(&b[0]), offs)
	PrefetchAt(unsafe.Pointer(&b[0]), nil)
	for _, x := range b {
		if x != 0 {
			t.Fatal("prefetch wrote memory")
		}
	}
}
