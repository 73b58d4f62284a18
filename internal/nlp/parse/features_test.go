package parse

import (
	"strings"
	"testing"
)

// featureSum runs the transition system over in, taking at each step the
// first valid transition of an order that rotates with the step (labels
// follow the step too), and folds every transition and label feature into
// one checksum.
func featureSum(p *Parser, in Input) uint64 {
	var sc Scratch
	sc.tk = p.toks(&in, sc.tk)
	st := &sc.st
	st.reset(len(in.Forms))
	var sum uint64
	fold := func() {
		for _, f := range sc.f.buf {
			sum = sum*1099511628211 + f
		}
	}
	for step := 0; !st.done(); step++ {
		t := -1
		for k := range nTrans {
			if c := (step + k) % nTrans; st.valid(c) {
				t = c
				break
			}
		}
		transFeatures(&sc.f, st, sc.tk)
		fold()
		if t != tShift {
			h, d := st.arc(t)
			labelFeatures(&sc.f, st, sc.tk, h, d, t)
			fold()
		}
		st.apply(t, step%45)
	}
	return sum
}

// The features' hashes are what every trained model was trained on: the
// checksums were computed before hashing was made faster (Int16, the
// unrolled Int) and must not move.
func TestFeatureHashes(t *testing.T) {
	clusters := func(w string) (int, int, int) { return len(w) % 7, len(w) * 37 % 256, len(w) * 101 % 1024 }
	for _, c := range []struct {
		words, upos, xpos string
		clusters          bool
		want              uint64
	}{
		{"The quick fox jumps over lazy dogs .", "DET ADJ NOUN VERB ADP ADJ NOUN PUNCT", "DT JJ NN VBZ IN JJ NNS .", false, 0x8d97a02628a1ef8d},
		{"The quick fox jumps over lazy dogs .", "DET ADJ NOUN VERB ADP ADJ NOUN PUNCT", "DT JJ NN VBZ IN JJ NNS .", true, 0x9fba71ec850bc00e},
		{"Ships \u2019 crews said \u201cno\u201d \u2014 twice", "NOUN PART NOUN VERB PUNCT INTJ PUNCT PUNCT ADV", "NNS POS NNS VBD `` UH '' : RB", true, 0x94681fd9cea97a25},
		{"Go", "VERB", "VB", false, 0x46b45a90f8a20547},
		{"a b c d e f g h i j k l m n o p q r", "X X X X X X X X X X X X X X X X X X", "LS LS LS LS LS LS LS LS LS LS LS LS LS LS LS LS LS LS", true, 0x47b4b0f89afa9ec5},
	} {
		in := Input{Forms: strings.Fields(c.words), UPOS: strings.Fields(c.upos), XPOS: strings.Fields(c.xpos)}
		p := &Parser{}
		if c.clusters {
			p.clusters = clusters
		}
		if got := featureSum(p, in); got != c.want {
			t.Errorf("%q (clusters %v): checksum %#x, want %#x", c.words, c.clusters, got, c.want)
		}
	}
}
