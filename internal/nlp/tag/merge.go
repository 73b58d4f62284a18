package tag

import (
	"bytes"
	"encoding/binary"
	"runtime"
	"slices"
	"sync"

	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
)

// mergeModels returns one linear model whose scores are the mean of the
// models' scores (the ensemble costs one model's lookups; only the feature
// table grows). The sum runs over the models in order, so the result does
// not depend on scheduling.
func mergeModels(ms []*perceptron.Model, classes []string, meta map[string]string, prune float32) *perceptron.Model {
	n := len(classes)
	sum := map[uint64][]float32{}
	one := make([]perceptron.Feature, 1)
	for _, m := range ms {
		var b bytes.Buffer
		if _, err := m.WriteTo(&b); err != nil {
			panic(err) // a bytes.Buffer does not fail
		}
		for _, k := range modelKeys(b.Bytes()) {
			r := sum[k]
			if r == nil {
				r = make([]float32, n)
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
	tr := perceptron.NewTrainer(classes)
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

// modelKeys lists the feature keys of a perceptron model file (the format
// of internal/nlp/perceptron/file.go), or nil.
func modelKeys(b []byte) []uint64 {
	if len(b) < 16 || string(b[:4]) != "NGPM" {
		return nil
	}
	hl := int(binary.LittleEndian.Uint32(b[8:]))
	p := 12 + hl
	if hl < 0 || p+8 > len(b) {
		return nil
	}
	nf := int(binary.LittleEndian.Uint32(b[p:]))
	p += 8
	if nf < 0 || nf > (len(b)-p)/10 {
		return nil
	}
	keys := make([]uint64, nf)
	for i := range keys {
		keys[i] = binary.LittleEndian.Uint64(b[p:])
		p += 10
	}
	return keys
}

// parallel runs f(0..n-1) on up to GOMAXPROCS goroutines and returns the
// first error by index.
func parallel(n int, f func(int) error) error {
	errs := make([]error, n)
	sem := make(chan struct{}, max(runtime.GOMAXPROCS(0), 1))
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = f(i)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
