package ner

import (
	"bytes"
	"slices"

	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
)

// mergeModels returns one linear model whose scores are the mean of the
// models' scores: an ensemble of perceptrons trained on different shuffles,
// at the inference cost of one model (only the feature table grows).
func mergeModels(ms []*perceptron.Model, meta map[string]string, prune float32) (*perceptron.Model, error) {
	if len(ms) == 1 {
		return ms[0], nil
	}
	sum := map[uint64]*[nClasses]float32{}
	one := make([]perceptron.Feature, 1)
	for _, m := range ms {
		var b bytes.Buffer
		if _, err := m.WriteTo(&b); err != nil {
			return nil, err
		}
		for _, k := range modelKeys(b.Bytes()) {
			r := sum[k]
			if r == nil {
				r = new([nClasses]float32)
				sum[k] = r
			}
			one[0] = k
			m.Scores(one, r[:])
		}
	}
	keys := make([]uint64, 0, len(sum))
	for k := range sum {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	// A trainer that receives every weight as one update before its first
	// tick averages to exactly those weights.
	tr := perceptron.NewTrainer(classNames)
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
	return tr.Average(meta, prune), nil
}
