package perceptron

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// Decoding rebuilds exactly the model that was written: re-encoding gives
// the same bytes and every feature scores the same.
func TestDecodeRebuildsModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	tr := NewTrainer([]string{"a", "b", "c", "d", "e"})
	var feats []Feature
	for i := 0; i < 3000; i++ {
		feats = feats[:0]
		for k := 0; k < 8; k++ {
			feats = append(feats, Feature(rng.Uint64N(5000)+1))
		}
		tr.Update(feats, rng.IntN(5), rng.IntN(5), 1)
		tr.Tick()
	}
	m := tr.Average(map[string]string{"k": "v"}, 0.01)
	var b1, b2 bytes.Buffer
	m.WriteTo(&b1)
	m2, err := Decode(b1.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	m2.WriteTo(&b2)
	if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
		t.Fatal("re-encoded model differs")
	}
	s1, s2 := make([]float32, 5), make([]float32, 5)
	for f := Feature(0); f < 5100; f++ {
		clear(s1)
		clear(s2)
		m.Scores([]Feature{f}, s1)
		m2.Scores([]Feature{f}, s2)
		for c := range s1 {
			if s1[c] != s2[c] {
				t.Fatalf("feature %d class %d: %v vs %v", f, c, s1[c], s2[c])
			}
		}
	}
}

// Pruning a saved model gives the file training with that threshold gives.
func TestPrunedEqualsAverage(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	tr := NewTrainer([]string{"a", "b", "c"})
	var feats []Feature
	for i := 0; i < 2000; i++ {
		feats = feats[:0]
		for k := 0; k < 6; k++ {
			feats = append(feats, Feature(rng.Uint64N(3000)+1))
		}
		tr.Update(feats, rng.IntN(3), rng.IntN(3), 1)
		tr.Tick()
	}
	var b1, b2 bytes.Buffer
	low, err := Decode(func() []byte { var b bytes.Buffer; tr.Average(nil, 0.001).WriteTo(&b); return b.Bytes() }())
	if err != nil {
		t.Fatal(err)
	}
	low.Pruned(0.4).WriteTo(&b1)
	tr.Average(nil, 0.4).WriteTo(&b2)
	if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
		t.Fatal("Pruned(0.4) differs from Average(0.4)")
	}
}
