package perceptron

// Pruned returns a copy of the model without the weights of magnitude at
// most threshold (features left with no weight are dropped): the same model
// Trainer.Average(meta, threshold) would have given, for trying size/accuracy
// trade-offs without retraining.
func (m *Model) Pruned(threshold float32) *Model {
	rows := make(map[uint64][]float32)
	for _, e := range m.slots {
		if e.key == 0 {
			continue
		}
		r := make([]float32, len(m.Classes))
		for _, x := range m.cw[e.a:e.b] {
			r[x.c] = x.w
		}
		rows[e.key] = r
	}
	return build(m.Classes, m.Meta, rows, threshold)
}
