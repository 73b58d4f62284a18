package perceptron

import (
	"fmt"
	"testing"
)

// model builds a model whose feature k carries weight w[k] on class c[k].
func model(t *testing.T, feats map[Feature][2]float32) *Model {
	t.Helper()
	tr := NewTrainer([]string{"A", "B"})
	for f, cw := range feats {
		tr.Update([]Feature{f}, int(cw[0]), -1, cw[1])
	}
	tr.Tick()
	return tr.Average(nil, 0)
}

func TestKeysAndMerge(t *testing.T) {
	a := model(t, map[Feature][2]float32{30: {0, 2}, 10: {1, 4}})
	b := model(t, map[Feature][2]float32{10: {1, 2}, 20: {0, -6}})
	if got := fmt.Sprint(a.Keys(), b.Keys()); got != "[10 30] [10 20]" {
		t.Fatalf("keys: %s", got)
	}
	m := Merge([]*Model{a, b}, map[string]string{"k": "v"}, 0)
	if got := fmt.Sprint(m.Keys()); got != "[10 20 30]" {
		t.Fatalf("merged keys: %s", got)
	}
	for _, tc := range []struct {
		f    Feature
		want string
	}{{10, "[0 3]"}, {20, "[-3 0]"}, {30, "[1 0]"}, {40, "[0 0]"}} {
		s := make([]float32, 2)
		m.Scores([]Feature{tc.f}, s)
		if fmt.Sprint(s) != tc.want {
			t.Errorf("feature %d: %v, want %s", tc.f, s, tc.want)
		}
	}
	if m.Meta["k"] != "v" {
		t.Errorf("meta %v", m.Meta)
	}
	// Pruning drops weights of magnitude at most the threshold.
	if p := Merge([]*Model{a, b}, nil, 1); fmt.Sprint(p.Keys()) != "[10 20]" {
		t.Errorf("pruned keys: %v", p.Keys())
	}
}
