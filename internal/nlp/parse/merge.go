package parse

import (
	"errors"
	"slices"
	"strconv"

	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
)

// mergeModels returns one model whose scores are the mean of the models'
// scores: an ensemble of perceptrons trained on different shuffles at the
// lookup cost of one model (only the feature table grows).
func mergeModels(ms []*perceptron.Model, meta map[string]string, prune float32) (*perceptron.Model, error) {
	nc := ms[0].NumClasses()
	sum := map[uint64][]float32{}
	for _, m := range ms {
		keys, rows := m.Rows()
		for i, k := range keys {
			r := sum[k]
			if r == nil {
				r = make([]float32, nc)
				sum[k] = r
			}
			for c := range r {
				r[c] += rows[i*nc+c]
			}
		}
	}
	keys := make([]uint64, 0, len(sum))
	for k := range sum {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	rows := make([]float32, len(keys)*nc)
	inv := 1 / float32(len(ms))
	for i, k := range keys {
		for c, w := range sum[k] {
			rows[i*nc+c] = w * inv
		}
	}
	return perceptron.FromRows(ms[0].Classes, meta, keys, rows, prune)
}

// Average returns the perceptron parser whose transition and label scores
// are the mean of the parsers' (each weight averaged, none dropped): for
// two perceptron parsers trained on the same data, such as the single
// model and the 3-member ensemble, a model between them.
func Average(ps ...*Parser) (*Parser, error) {
	if len(ps) == 0 {
		return nil, errors.New("parse: average: no parsers")
	}
	var ts, ls []*perceptron.Model
	for _, p := range ps {
		if p == nil || p.trans == nil || p.nn != nil || p.mix != nil {
			return nil, errors.New("parse: average needs perceptron parsers")
		}
		tm, err := p.trans.model()
		if err != nil {
			return nil, err
		}
		if !slices.Equal(p.label.Classes, ps[0].label.Classes) {
			return nil, errors.New("parse: average: the parsers have different labels")
		}
		if p.trans.meta["clusters"] != ps[0].trans.meta["clusters"] {
			return nil, errors.New("parse: average: the parsers use different clusters")
		}
		ts, ls = append(ts, tm), append(ls, p.label)
	}
	meta := func(m map[string]string) map[string]string {
		out := map[string]string{"average-of": strconv.Itoa(len(ps))}
		for k, v := range m {
			out[k] = v
		}
		return out
	}
	tm, err := mergeModels(ts, meta(ts[0].Meta), 0)
	if err != nil {
		return nil, err
	}
	lm, err := mergeModels(ls, meta(ls[0].Meta), 0)
	if err != nil {
		return nil, err
	}
	return &Parser{trans: loaded(tm), label: lm, clusters: ps[0].clusters, ft: newFastTrans(tm)}, nil
}
