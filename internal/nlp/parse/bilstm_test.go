package parse

import (
	"bytes"
	"testing"
)

// The BiLSTM scorer trains reproducibly, reloads to the same parses and
// builds well-formed trees.
func TestBiLSTMReproducible(t *testing.T) {
	sents := smallTrain(t, 150)
	vecs := map[string][]float32{"the": make([]float32, 100), "to": make([]float32, 100)}
	for i := range vecs["the"] {
		vecs["the"][i], vecs["to"][i] = float32(i%7)-3, float32(i%5)-2
	}
	opt := Options{Epochs: 4, Seed: 3, Explore: 0.9, Scorer: ScorerBiLSTM, WordDropout: 0.25,
		LSTM: LSTMOptions{Hidden: 8, MLP: 16, WordDim: 8, TagDim: 8, Vectors: vecs, InDropout: 0.1, LR: 0.01, Batch: 2}}
	var files [2][]byte
	var p *Parser
	for i := range files {
		var err error
		if p, err = Train(sents, opt); err != nil {
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
	if b, _ := q.Encode(); !bytes.Equal(b, files[0]) {
		t.Fatal("decode and encode changed the file")
	}
	if q.Scorer() != ScorerBiLSTM || len(q.Labels()) != len(p.Labels()) {
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
	// two epochs on 150 sentences: well above chance
	if acc := float64(right) / float64(total); acc < 0.5 {
		t.Fatalf("train UAS %.2f", acc)
	}
	for _, cut := range []int{0, 3, 40, len(files[0]) / 2, len(files[0]) - 1} {
		if _, err := Decode(files[0][:cut]); err == nil {
			t.Errorf("truncated at %d: no error", cut)
		}
	}
}

// A combined model with the BiLSTM scorer as its third part round-trips
// through its file (NGDC version 3), and parses like the model it was
// built from.
func TestCombinedWithBiLSTM(t *testing.T) {
	sents := smallTrain(t, 60)
	perc, err := Train(sents, Options{Epochs: 1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	nn, err := Train(sents, Options{Epochs: 1, Seed: 1, Scorer: ScorerMLP, Hidden: 8})
	if err != nil {
		t.Fatal(err)
	}
	bl, err := Train(sents, Options{Epochs: 1, Seed: 1, Scorer: ScorerBiLSTM, LSTM: LSTMOptions{Hidden: 8, MLP: 8, WordDim: 4, TagDim: 4}})
	if err != nil {
		t.Fatal(err)
	}
	mix := Mix{Trans: 1, Label: 1, Gate: 1e9, LabelGate: 1e9, LTrans: 1000, LLabel: 1000}
	p, err := Combine(perc, nn, mix, bl)
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.Encode()
	if err != nil {
		t.Fatal(err)
	}
	q, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if b2, _ := q.Encode(); !bytes.Equal(b, b2) {
		t.Fatal("decode and encode changed the file")
	}
	if q.Mix() != mix {
		t.Fatalf("mix %v, want %v", q.Mix(), mix)
	}
	// without the BiLSTM's weights the third part changes nothing
	two, _ := Combine(perc, nn, Mix{Trans: 1, Label: 1, Gate: 1e9, LabelGate: 1e9})
	off, _ := q.WithMix(Mix{Trans: 1, Label: 1, Gate: 1e9, LabelGate: 1e9})
	differ := 0
	for _, s := range sents[:30] {
		h1, r1 := q.Parse(s.Input, nil)
		h2, r2 := p.Parse(s.Input, nil)
		h3, r3 := two.Parse(s.Input, nil)
		h4, r4 := off.Parse(s.Input, nil)
		for i := range h1 {
			if h1[i] != h2[i] || r1[i] != r2[i] {
				t.Fatal("decoded model parses differently")
			}
			if h3[i] != h4[i] || r3[i] != r4[i] {
				t.Fatal("zero BiLSTM weights changed a parse")
			}
			if h1[i] != h3[i] || r1[i] != r3[i] {
				differ++
			}
		}
	}
	if differ == 0 {
		t.Error("the BiLSTM's weights changed no parse")
	}
	if _, err := Combine(perc, nn, mix, nn); err == nil {
		t.Error("a network as the third part: no error")
	}
	// without the network's weights AddBiLSTM leaves the network out
	nomix := Mix{Gate: 1e9, LabelGate: 1e9, LTrans: 1000, LLabel: 1000}
	pn, err := AddBiLSTM(p, bl, nomix)
	if err != nil {
		t.Fatal(err)
	}
	bn, err := pn.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if len(bn) >= len(b) {
		t.Errorf("network-free file %d bytes, with the network %d", len(bn), len(b))
	}
	qn, err := Decode(bn)
	if err != nil {
		t.Fatal(err)
	}
	if b2, _ := qn.Encode(); !bytes.Equal(bn, b2) {
		t.Fatal("network-free: decode and encode changed the file")
	}
	off2, _ := q.WithMix(nomix)
	for _, s := range sents[:30] {
		h1, r1 := qn.Parse(s.Input, nil)
		h2, r2 := off2.Parse(s.Input, nil)
		for i := range h1 {
			if h1[i] != h2[i] || r1[i] != r2[i] {
				t.Fatal("network-free file parses unlike the full one with the network's weights at zero")
			}
		}
	}
	if _, err := Combine(perc, nil, mix); err == nil {
		t.Error("no network and no BiLSTM: no error")
	}
}

// Parsers with a BiLSTM part are safe for concurrent use (one Scratch
// per goroutine); run with -race.
func TestBiLSTMConcurrent(t *testing.T) {
	sents := smallTrain(t, 40)
	bl, err := Train(sents, Options{Epochs: 1, Seed: 1, Scorer: ScorerBiLSTM, LSTM: LSTMOptions{Hidden: 8, MLP: 8, WordDim: 4, TagDim: 4}})
	if err != nil {
		t.Fatal(err)
	}
	want := make([][]int, len(sents))
	for i, s := range sents {
		want[i], _ = bl.Parse(s.Input, nil)
	}
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			var sc Scratch
			ok := true
			for i, s := range sents {
				h, _ := bl.Parse(s.Input, &sc)
				for j := range h {
					ok = ok && h[j] == want[i][j]
				}
			}
			done <- ok
		}()
	}
	for g := 0; g < 4; g++ {
		if !<-done {
			t.Error("a concurrent parse differs")
		}
	}
}
