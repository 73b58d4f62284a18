package parse

import (
	"bytes"
	"testing"
)

// PruneWords keeps the most frequent words' rows; a pruned word parses as
// an unknown one, and pruning a trained or a decoded network gives the
// same file.
func TestPruneWords(t *testing.T) {
	sents := smallTrain(t, 200)
	tr, err := Train(sents, Options{Epochs: 2, Seed: 3, Explore: 0.9, Scorer: ScorerMLP, Hidden: 8})
	if err != nil {
		t.Fatal(err)
	}
	file, err := tr.Encode()
	if err != nil {
		t.Fatal(err)
	}
	dec, err := Decode(file)
	if err != nil {
		t.Fatal(err)
	}
	all := len(dec.nn.wordList)
	for _, c := range []struct {
		words, child         int
		wantWords, wantChild int
		meta                 string
	}{
		{40, 40, 40, 40, "40,40"},
		{40, 10, 40, 10, "40,10"},
		{10, 40, 10, 10, "10,10"}, // child positions never know more words
		{0, 0, 0, 0, "0,0"},
		{all, 1 << 20, all, int(dec.nn.nChild) - 3, ""}, // nothing to prune
	} {
		var out [2][]byte
		for i, p := range []*Parser{tr, dec} {
			q, err := p.PruneWords(c.words, c.child)
			if err != nil {
				t.Fatal(err)
			}
			if got := [2]int{len(q.nn.wordList), int(q.nn.nChild) - 3}; got != [2]int{c.wantWords, c.wantChild} {
				t.Errorf("PruneWords(%d, %d): %v words, want %d, %d", c.words, c.child, got, c.wantWords, c.wantChild)
			}
			if q.nn.meta["pruned-words"] != c.meta {
				t.Errorf("PruneWords(%d, %d): meta %q, want %q", c.words, c.child, q.nn.meta["pruned-words"], c.meta)
			}
			if out[i], err = q.Encode(); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(out[0], out[1]) {
			t.Errorf("PruneWords(%d, %d): the trained and the decoded network prune to different files", c.words, c.child)
		}
		if c.meta == "" && !bytes.Equal(out[1], file) {
			t.Errorf("PruneWords(%d, %d) changed the file", c.words, c.child)
		}
		re, err := Decode(out[1])
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := re.Encode(); !bytes.Equal(b, out[1]) {
			t.Errorf("PruneWords(%d, %d): the pruned file does not re-encode to itself", c.words, c.child)
		}
	}
	// With one limit, the pruned network parses a sentence as the full one
	// parses it with the pruned words replaced by a word it never saw.
	const keep = 25
	q, err := dec.PruneWords(keep, keep)
	if err != nil {
		t.Fatal(err)
	}
	replaced := 0
	for _, s := range sents[:60] {
		in := s.Input
		in.Forms = append([]string(nil), in.Forms...)
		for i, f := range in.Forms {
			if id, ok := dec.nn.words[wordKey(f)]; ok && id >= keep+3 {
				in.Forms[i] = "zzqqunseen"
				replaced++
			}
		}
		h1, r1 := q.Parse(s.Input, nil)
		h2, r2 := dec.Parse(in, nil)
		for i := range h1 {
			if h1[i] != h2[i] || r1[i] != r2[i] {
				t.Fatalf("pruned parse differs at word %d of %q", i, s.Forms)
			}
		}
	}
	if replaced == 0 {
		t.Fatal("no word was pruned")
	}
	for _, c := range []struct {
		p           *Parser
		words, kids int
	}{
		{&Parser{}, 10, 10},
		{dec, -1, 10},
		{dec, 10, -1},
	} {
		if _, err := c.p.PruneWords(c.words, c.kids); err == nil {
			t.Errorf("PruneWords(%d, %d): no error", c.words, c.kids)
		}
	}
}

// PrunedParts prunes the transition and the label model separately: a
// zero threshold leaves its model's weights as they were, and pruning
// only the transitions keeps every label weight and the BiLSTM part.
func TestPrunedParts(t *testing.T) {
	sents := smallTrain(t, 60)
	perc, err := Train(sents, Options{Epochs: 2, Seed: 1, Prune: -1})
	if err != nil {
		t.Fatal(err)
	}
	bl, err := Train(sents, Options{Epochs: 1, Seed: 1, Scorer: ScorerBiLSTM, LSTM: LSTMOptions{Hidden: 8, MLP: 8, WordDim: 4, TagDim: 4}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Combine(perc, nil, Mix{Gate: 10, LabelGate: 10, LTrans: 1, LLabel: 1}, bl)
	if err != nil {
		t.Fatal(err)
	}
	rows := func(p *Parser) (trans, label int) {
		tm, err := p.trans.model()
		if err != nil {
			t.Fatal(err)
		}
		k1, _ := tm.Rows()
		k2, _ := p.label.Rows()
		return len(k1), len(k2)
	}
	t0, l0 := rows(c)
	same := c.PrunedParts(0, 0)
	if t1, l1 := rows(same); t1 != t0 || l1 != l0 {
		t.Fatalf("thresholds 0: %d/%d rows, want %d/%d", t1, l1, t0, l0)
	}
	b0, _ := c.Encode()
	if b1, _ := same.Encode(); !bytes.Equal(b0, b1) {
		t.Error("thresholds 0 changed the file")
	}
	tq := c.PrunedParts(0.5, 0)
	t2, l2 := rows(tq)
	if t2 >= t0 || l2 != l0 {
		t.Fatalf("transitions pruned: %d/%d rows, want fewer than %d / exactly %d", t2, l2, t0, l0)
	}
	if tq.bl != c.bl || tq.Mix() != c.Mix() {
		t.Error("pruning lost the BiLSTM part or the mix")
	}
	if _, l3 := rows(c.PrunedParts(0, 0.5)); l3 >= l0 {
		t.Errorf("labels pruned: %d rows, want fewer than %d", l3, l0)
	}
}
