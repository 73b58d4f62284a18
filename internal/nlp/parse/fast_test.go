package parse

import (
	"math/rand/v2"
	"testing"

	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
)

// fastFromRows places keys in home-bucket order; every key must still be found
// by probing bucket after bucket with its own weights, and absent keys must score zero,
// including keys whose probe runs off the end of the table and wraps.
func TestFastFromRowsLookup(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 7, 8, 9, 1000, 5000} {
		keys := make([]uint64, 0, n)
		seen := map[uint64]bool{}
		bits := uint(1)
		for bucketKeys<<bits < 2*n+1 {
			bits++
		}
		// A quarter of the keys have the last home bucket, so the wrap is taken.
		for len(keys) < n {
			k := rng.Uint64()
			if len(keys) < n/4 && k*0x9E3779B97F4A7C15>>(64-bits) != 1<<bits-1 {
				continue
			}
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
		if n > 0 {
			keys[0] = 0 // stored as 1, as the decoder does
		}
		rows := make([]float32, n*nTrans)
		for i := range rows {
			rows[i] = float32(i + 1)
		}
		f := fastFromRows(keys, rows)
		filled := 0
		for _, b := range f.b {
			for j, k := range b.key {
				if k != 0 {
					filled++
					if j > 0 && b.key[j-1] == 0 {
						t.Fatalf("n=%d: bucket filled out of order: %v", n, b.key)
					}
				}
			}
		}
		if filled != n {
			t.Fatalf("n=%d: %d slots filled", n, filled)
		}
		scores := make([]float32, nTrans)
		allowed := make([]bool, nTrans)
		for i := range allowed {
			allowed[i] = true
		}
		for i, k := range keys {
			f.predict([]perceptron.Feature{k}, scores, allowed)
			for c := range nTrans {
				if scores[c] != rows[i*nTrans+c] {
					t.Fatalf("n=%d key %d: scores %v, want %v", n, i, scores, rows[i*nTrans:i*nTrans+nTrans])
				}
			}
		}
		for range 100 {
			k := rng.Uint64()
			if seen[k] || k == 1 {
				continue
			}
			f.predict([]perceptron.Feature{k}, scores, allowed)
			for _, s := range scores {
				if s != 0 {
					t.Fatalf("n=%d: absent key scored %v", n, scores)
				}
			}
		}
	}
}
