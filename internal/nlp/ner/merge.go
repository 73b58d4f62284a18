package ner

import "github.com/newsgraph/newsgraph/internal/nlp/perceptron"

// mergeModels is perceptron.Merge, with one model passed through as it is.
func mergeModels(ms []*perceptron.Model, meta map[string]string, prune float32) (*perceptron.Model, error) {
	if len(ms) == 1 {
		return ms[0], nil
	}
	return perceptron.Merge(ms, meta, prune), nil
}
