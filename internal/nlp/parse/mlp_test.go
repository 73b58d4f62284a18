package parse

import (
	"bytes"
	"testing"
)

// The feed-forward scorer trains reproducibly, reloads to the same parses
// and builds well-formed trees.
func TestMLPReproducible(t *testing.T) {
	sents := smallTrain(t, 200)
	vecs := map[string][]float32{"the": make([]float32, 100), "to": make([]float32, 100)}
	for i := range vecs["the"] {
		vecs["the"][i], vecs["to"][i] = float32(i%7)-3, float32(i%5)-2
	}
	var files [2][]byte
	var p *Parser
	for i := range files {
		var err error
		p, err = Train(sents, Options{Epochs: 2, Seed: 3, Explore: 0.9, Scorer: ScorerMLP, Hidden: 32, Dropout: 0.2, Vectors: vecs})
		if err != nil {
			t.Fatal(err)
		}
		if files[i], err = p.Encode(); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Fatal("two trainings with the same seed differ")
	}
	q, err := Decode(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if q.Scorer() != ScorerMLP || len(q.Labels()) != len(p.Labels()) {
		t.Fatalf("decoded scorer %q, %d labels", q.Scorer(), len(q.Labels()))
	}
	right, total := 0, 0
	for _, s := range sents[:50] {
		h1, r1 := p.Parse(s.Input, nil)
		h2, r2 := q.Parse(s.Input, nil)
		roots := 0
		for i := range h1 {
			if h1[i] != h2[i] || r1[i] != r2[i] {
				t.Fatalf("reloaded model parses differently at %d", i)
			}
			if h1[i] == 0 {
				roots++
			}
			if h1[i] < 0 || h1[i] > len(h1) || h1[i] == i+1 {
				t.Fatalf("bad head %d for word %d", h1[i], i+1)
			}
			if h1[i] == s.Heads[i] {
				right++
			}
			total++
		}
		if roots != 1 {
			t.Fatalf("%d roots", roots)
		}
	}
	// two epochs on 200 sentences already beat chance by far
	if acc := float64(right) / float64(total); acc < 0.5 {
		t.Fatalf("training-set UAS %.2f", acc)
	}
}

func TestMLPDecodeErrors(t *testing.T) {
	p, err := Train(smallTrain(t, 30), Options{Epochs: 1, Seed: 1, Scorer: ScorerMLP, Hidden: 8})
	if err != nil {
		t.Fatal(err)
	}
	good, _ := p.Encode()
	flip := append([]byte{}, good...)
	flip[len(flip)/2] ^= 1
	for _, bad := range [][]byte{[]byte("NGDF"), good[:len(good)-1], good[:len(good)/2], append(append([]byte{}, good...), 1), flip} {
		if _, err := Decode(bad); err == nil {
			t.Errorf("no error for %d bytes", len(bad))
		}
	}
}
