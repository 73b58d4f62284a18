package perceptron

import "slices"

// Keys lists the model's features in ascending order.
func (m *Model) Keys() []uint64 {
	keys := make([]uint64, 0, len(m.slots))
	for _, e := range m.slots {
		if e.key != 0 {
			keys = append(keys, e.key)
		}
	}
	slices.Sort(keys)
	return keys
}

// Merge returns one model whose scores are the mean of the models' scores:
// an ensemble of perceptrons trained on different shuffles at the lookup
// cost of one model (only the feature table grows). The models share
// their classes; the sums run over the models in order, so the result
// does not depend on scheduling. Weights of magnitude at most prune are
// dropped (Trainer.Average).
func Merge(ms []*Model, meta map[string]string, prune float32) *Model {
	classes := ms[0].Classes
	sum := map[uint64][]float32{}
	one := make([]Feature, 1)
	for _, m := range ms {
		for _, k := range m.Keys() {
			r := sum[k]
			if r == nil {
				r = make([]float32, len(classes))
				sum[k] = r
			}
			one[0] = k
			m.Scores(one, r)
		}
	}
	keys := make([]uint64, 0, len(sum))
	for k := range sum {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	// A trainer that receives every weight as one update before its first
	// tick averages to exactly those weights.
	tr := NewTrainer(classes)
	inv := 1 / float32(len(ms))
	for _, k := range keys {
		one[0] = k
		for c, w := range sum[k] {
			if w != 0 {
				tr.Update(one, c, -1, w*inv)
			}
		}
	}
	tr.Tick()
	return tr.Average(meta, prune)
}
