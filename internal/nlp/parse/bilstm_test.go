package parse

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"math"
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
	pn, err := AddBiLSTM(p, nomix, bl)
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

// An ensemble of BiLSTM scorers (NGDC version 4) round-trips through its
// file; two copies of one scorer parse exactly as the scorer alone (the
// mean of equal logits times the weight is the logit times the weight,
// bit for bit); a second, different member changes parses; damaged
// member counts are errors.
func TestCombinedBiLSTMEnsemble(t *testing.T) {
	sents := smallTrain(t, 60)
	perc, err := Train(sents, Options{Epochs: 1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	lo := LSTMOptions{Hidden: 8, MLP: 8, WordDim: 4, TagDim: 4}
	bl1, err := Train(sents, Options{Epochs: 1, Seed: 1, Scorer: ScorerBiLSTM, LSTM: lo})
	if err != nil {
		t.Fatal(err)
	}
	bl2, err := Train(sents, Options{Epochs: 1, Seed: 2, Scorer: ScorerBiLSTM, LSTM: lo})
	if err != nil {
		t.Fatal(err)
	}
	mix := Mix{Gate: 1e9, LabelGate: 1e9, LTrans: 1000, LLabel: 1000}
	one, err := Combine(perc, nil, mix, bl1)
	if err != nil {
		t.Fatal(err)
	}
	same, err := AddBiLSTM(one, mix, bl1, bl1)
	if err != nil {
		t.Fatal(err)
	}
	ens, err := AddBiLSTM(one, mix, bl1, bl2)
	if err != nil {
		t.Fatal(err)
	}
	b1, _ := one.Encode()
	b, err := ens.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if v := binary.LittleEndian.Uint32(b[4:]); v != combinedVersionBLs {
		t.Fatalf("ensemble file version %d, want %d", v, combinedVersionBLs)
	}
	if v := binary.LittleEndian.Uint32(b1[4:]); v != combinedVersionBL {
		t.Fatalf("one-scorer file version %d, want %d", v, combinedVersionBL)
	}
	q, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if b2, _ := q.Encode(); !bytes.Equal(b, b2) {
		t.Fatal("decode and encode changed the ensemble file")
	}
	differ := 0
	var sc Scratch // shared across models: the scratch must adapt
	for _, s := range sents[:40] {
		h1, r1 := one.Parse(s.Input, &sc)
		h2, r2 := same.Parse(s.Input, &sc)
		h3, r3 := ens.Parse(s.Input, &sc)
		h4, r4 := q.Parse(s.Input, nil)
		for i := range h1 {
			if h1[i] != h2[i] || r1[i] != r2[i] {
				t.Fatal("two copies of one scorer parse unlike the scorer alone")
			}
			if h3[i] != h4[i] || r3[i] != r4[i] {
				t.Fatal("the decoded ensemble parses differently")
			}
			if h1[i] != h3[i] || r1[i] != r3[i] {
				differ++
			}
		}
	}
	if differ == 0 {
		t.Error("the second member changed no parse")
	}
	// the member count sits after the empty network part: perceptron
	// part (u32 length, bytes, u32 raw length), network (u32 0)
	r := &reader{b: b[8:]}
	ne, _ := r.u32()
	for i := 0; i < 2*ne; i++ {
		r.str()
	}
	zl, _ := r.u32()
	at := len(b) - len(r.b) + zl + 4 + 4
	if got := binary.LittleEndian.Uint32(b[at:]); got != 2 {
		t.Fatalf("member count %d at %d, want 2", got, at)
	}
	for _, k := range []uint32{0, 1, 9, 1 << 31} {
		d := bytes.Clone(b)
		binary.LittleEndian.PutUint32(d[at:], k)
		binary.LittleEndian.PutUint32(d[len(d)-4:], crc32.ChecksumIEEE(d[:len(d)-4]))
		if _, err := Decode(d); err == nil {
			t.Errorf("member count %d: no error", k)
		}
	}
	if _, err := AddBiLSTM(one, mix); err == nil {
		t.Error("no BiLSTM given: no error")
	}
	if _, err := AddBiLSTM(one, mix, bl1, perc); err == nil {
		t.Error("a perceptron as an ensemble member: no error")
	}
}

// With lstm-label-only the labels come from the BiLSTM alone: when its
// transition logits also dominate the perceptron's scores, the combined
// parser parses exactly as the BiLSTM parser does by itself. The key
// round-trips through the file, and takes only 0 or 1.
func TestCombinedBiLSTMLabelOnly(t *testing.T) {
	sents := smallTrain(t, 60)
	perc, err := Train(sents, Options{Epochs: 1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	bl, err := Train(sents, Options{Epochs: 2, Seed: 1, Scorer: ScorerBiLSTM, LSTM: LSTMOptions{Hidden: 8, MLP: 8, WordDim: 4, TagDim: 4}})
	if err != nil {
		t.Fatal(err)
	}
	inf := math.Inf(1)
	mix := Mix{Gate: inf, LabelGate: inf, LTrans: 1e6, LGate: inf, LLabelOnly: 1}
	c, err := Combine(perc, nil, mix, bl)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	q, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if q.Mix() != mix {
		t.Fatalf("mix after the file %v, want %v", q.Mix(), mix)
	}
	mixed, _ := q.WithMix(Mix{Gate: inf, LabelGate: inf, LTrans: 1e6, LGate: inf, LLabel: 1e-6, LLabelGate: inf})
	relDiff := 0
	for _, s := range sents {
		h1, r1 := bl.Parse(s.Input, nil)
		h2, r2 := q.Parse(s.Input, nil)
		_, r3 := mixed.Parse(s.Input, nil)
		for i := range h1 {
			if h1[i] != h2[i] || r1[i] != r2[i] {
				t.Fatalf("word %d: combined %d %s, BiLSTM alone %d %s", i, h2[i], r2[i], h1[i], r1[i])
			}
			if r3[i] != r2[i] {
				relDiff++
			}
		}
	}
	if relDiff == 0 {
		t.Error("perceptron labels and BiLSTM labels never differ: the test shows nothing")
	}
	if _, err := ParseMix("lstm-label-only=2", Mix{}); err == nil {
		t.Error("lstm-label-only=2: no error")
	}
}

// The BiLSTM-first decoder (lstm-first) agrees with the gated one at its
// two limits: with infinite thresholds the perceptron scores every
// configuration with the BiLSTM's logits added, as the gated decoder does
// with infinite gates; with tiny ones the BiLSTM decides alone, as the
// BiLSTM parser does by itself. In between it differs, and its mix
// round-trips through the file.
func TestCombinedLSTMFirst(t *testing.T) {
	sents := smallTrain(t, 60)
	perc, err := Train(sents, Options{Epochs: 1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	lo := LSTMOptions{Hidden: 8, MLP: 8, WordDim: 4, TagDim: 4}
	bl, err := Train(sents, Options{Epochs: 2, Seed: 1, Scorer: ScorerBiLSTM, LSTM: lo})
	if err != nil {
		t.Fatal(err)
	}
	bl2, err := Train(sents, Options{Epochs: 2, Seed: 2, Scorer: ScorerBiLSTM, LSTM: lo})
	if err != nil {
		t.Fatal(err)
	}
	inf := math.Inf(1)
	for _, members := range [][]*Parser{{bl}, {bl, bl2}} {
		gated, err := Combine(perc, nil, Mix{Gate: inf, LabelGate: inf, LTrans: 3, LLabel: 2, LGate: inf, LLabelGate: inf}, members...)
		if err != nil {
			t.Fatal(err)
		}
		all, _ := gated.WithMix(Mix{LTrans: 3, LLabel: 2, LFirst: inf, LLabelFirst: inf})
		alone, _ := gated.WithMix(Mix{LTrans: 3, LLabel: 2, LFirst: 1e-30, LLabelFirst: 0})
		mid, _ := gated.WithMix(Mix{LTrans: 3, LLabel: 2, LFirst: 0.05, LLabelFirst: 0.05})
		b, err := mid.Encode()
		if err != nil {
			t.Fatal(err)
		}
		dec, err := Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		if dec.Mix() != mid.Mix() {
			t.Fatalf("mix after the file %v, want %v", dec.Mix(), mid.Mix())
		}
		differ := 0
		for _, s := range sents {
			h1, r1 := gated.Parse(s.Input, nil)
			h2, r2 := all.Parse(s.Input, nil)
			h3, r3 := mid.Parse(s.Input, nil)
			h4, r4 := dec.Parse(s.Input, nil)
			for i := range h1 {
				if h1[i] != h2[i] || r1[i] != r2[i] {
					t.Fatalf("%d members, word %d: infinite thresholds %d %s, gates open %d %s", len(members), i, h2[i], r2[i], h1[i], r1[i])
				}
				if h3[i] != h4[i] || r3[i] != r4[i] {
					t.Fatal("the decoded model parses differently")
				}
				if h3[i] != h1[i] || r3[i] != r1[i] {
					differ++
				}
			}
			if len(members) == 1 {
				h5, r5 := bl.Parse(s.Input, nil)
				h6, r6 := alone.Parse(s.Input, nil)
				for i := range h5 {
					if h5[i] != h6[i] || r5[i] != r6[i] {
						t.Fatalf("word %d: tiny thresholds %d %s, the BiLSTM alone %d %s", i, h6[i], r6[i], h5[i], r5[i])
					}
				}
			}
		}
		if differ == 0 {
			t.Errorf("%d members: thresholds 0.05 parse as the open gates do: the test shows nothing", len(members))
		}
	}
}
