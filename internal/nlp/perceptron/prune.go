package perceptron

// Pruned returns a copy of the model without the weights of magnitude at
// most threshold (features left with no weight are dropped): the same model
// Trainer.Average(meta, threshold) would have given, for trying size/accuracy
// trade-offs without retraining.
func (m *Model) Pruned(threshold float32) *Model {
	rows := make(map[uint64][]float32)
	for s, k := range m.keys {
		if k == 0 {
			continue
		}
		r := make([]float32, len(m.Classes))
		for j := m.start[s]; j < m.start[s+1]; j++ {
			r[m.cls[j]] = m.wt[j]
		}
		rows[k] = r
	}
	return build(m.Classes, m.Meta, rows, threshold)
}
