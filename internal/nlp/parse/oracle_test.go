package parse

import (
	"math"
	"testing"
)

func TestOracleSoftmax(t *testing.T) {
	const no = 1 << 30 // an invalid transition's cost
	for _, tc := range []struct {
		name     string
		scores   [nTrans]float32
		costs    [nTrans]int
		minCost  int
		wantZ    float32
		wantBest int
	}{
		// equal scores: each valid transition gets a third
		{"one of three", [nTrans]float32{1, 1, 1}, [nTrans]int{0, 1, 2}, 0, 1.0 / 3, tShift},
		// two zero-cost transitions: their mass, the higher-scoring one
		{"two of three", [nTrans]float32{2 - math.Ln2, 2, 2 - math.Ln2}, [nTrans]int{1, 0, 0}, 0, 0.75, tLeft},
		// an invalid transition takes no mass
		{"invalid", [nTrans]float32{5, 0, 0}, [nTrans]int{no, 0, 1}, 0, 0.5, tLeft},
		// only one valid transition: all the mass
		{"alone", [nTrans]float32{0, 0, 3}, [nTrans]int{no, no, 2}, 2, 1, tRight},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var prob [nTrans]float32
			mx := float32(math.Inf(-1))
			for k, s := range tc.scores {
				if tc.costs[k] != no {
					mx = max(mx, s)
				}
			}
			z, best, loss := oracleSoftmax(&tc.scores, &prob, &tc.costs, tc.minCost, mx)
			if math.Abs(float64(z-tc.wantZ)) > 1e-6 || best != tc.wantBest {
				t.Fatalf("zsum %v best %d, want %v %d", z, best, tc.wantZ, tc.wantBest)
			}
			if want := -math.Log(float64(tc.wantZ)); math.Abs(loss-want) > 1e-6 {
				t.Fatalf("loss %v, want %v", loss, want)
			}
			var sum float32
			for k, p := range prob {
				if tc.costs[k] == no && p != 0 {
					t.Fatalf("invalid transition %d has probability %v", k, p)
				}
				sum += p
			}
			if math.Abs(float64(sum-1)) > 1e-6 {
				t.Fatalf("probabilities sum to %v", sum)
			}
		})
	}
}
