package parse

import (
	"bytes"
	"testing"

	"github.com/newsgraph/newsgraph/internal/nlp/conllu"
	"github.com/newsgraph/newsgraph/internal/shared"
)

func smallTrain(t testing.TB, n int) []Sentence {
	ss, err := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-train.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	return FromCoNLLU(ss[:n])
}

// Training with a fixed seed gives byte-identical model files, and the
// model reloads to the same parses.
func TestReproducible(t *testing.T) {
	sents := smallTrain(t, 300)
	var files [2][]byte
	var p *Parser
	for i := range files {
		var err error
		p, err = Train(sents, Options{Epochs: 2, Seed: 3, Explore: 0.9})
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
	in := sents[0].Input
	h1, r1 := p.Parse(in, nil)
	h2, r2 := q.Parse(in, nil)
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
	}
	if roots != 1 {
		t.Fatalf("%d roots", roots)
	}
}

func TestOracle(t *testing.T) {
	// Following the zero-cost transitions rebuilds a projective gold tree.
	for _, s := range smallTrain(t, 200) {
		n := len(s.Forms)
		gold := make([]int, n+2)
		gold[0] = -1
		copy(gold[1:], s.Heads)
		projectivize(gold[:n+1])
		deps := make([][]int, n+2)
		for d := 1; d <= n; d++ {
			deps[gold[d]] = append(deps[gold[d]], d)
		}
		var st state
		st.reset(n)
		for !st.done() {
			moved := false
			for tr := 0; tr < nTrans; tr++ {
				if st.valid(tr) && st.cost(tr, gold, deps) == 0 {
					st.apply(tr, 0)
					moved = true
					break
				}
			}
			if !moved {
				t.Fatalf("no zero-cost transition; stack %v b %d", st.stack, st.b)
			}
		}
		for d := 1; d <= n; d++ {
			if st.head[d] != gold[d] {
				t.Fatalf("word %d: head %d, gold %d", d, st.head[d], gold[d])
			}
		}
	}
}

func TestProjectivize(t *testing.T) {
	// 1←3, 3←0, 2←4, 4←3: arc 4→2 crosses 1←3? no; make a crossing one.
	heads := []int{-1, 3, 4, 0, 3} // word 2's head 4 spans word 3, which 4 does not dominate
	if n := projectivize(heads); n != 1 || heads[2] != 3 {
		t.Fatalf("lifts %d heads %v", n, heads)
	}
}

func TestDecodeErrors(t *testing.T) {
	p, err := Train(smallTrain(t, 30), Options{Epochs: 1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	good, _ := p.Encode()
	for _, bad := range [][]byte{nil, []byte("NGDP"), good[:len(good)-1], good[:len(good)/2], append(append([]byte{}, good...), 1)} {
		if _, err := Decode(bad); err == nil {
			t.Errorf("no error for %d bytes", len(bad))
		}
	}
}

func FuzzDecode(f *testing.F) {
	p, err := Train([]Sentence{{Input: Input{Forms: []string{"a", "b"}, UPOS: []string{"DET", "NOUN"}, XPOS: []string{"DT", "NN"}}, Heads: []int{2, 0}, Rels: []string{"det", "root"}}}, Options{Epochs: 1})
	if err != nil {
		f.Fatal(err)
	}
	good, _ := p.Encode()
	f.Add(good)
	f.Add([]byte("NGDP\x00\x00\x00\x00"))
	two := []Sentence{{Input: Input{Forms: []string{"a", "b", "a", "b"}, UPOS: []string{"DET", "NOUN", "DET", "NOUN"}, XPOS: []string{"DT", "NN", "DT", "NN"}}, Heads: []int{2, 0, 4, 2}, Rels: []string{"det", "root", "det", "conj"}}}
	p, err = Train(two, Options{Epochs: 1, Scorer: ScorerMLP, Hidden: 4})
	if err != nil {
		f.Fatal(err)
	}
	good, _ = p.Encode()
	f.Add(good)
	// the combined file (NGDC) holding both
	c, err := Train(two, Options{Epochs: 1, Scorer: ScorerCombined, Hidden: 4, Mix: Mix{Trans: 0.5, Label: 0.5, Gate: 2, LabelGate: 1}})
	if err != nil {
		f.Fatal(err)
	}
	good, _ = c.Encode()
	f.Add(good)
	// the BiLSTM scorer's file (NGDL)
	bl, err := Train(two, Options{Epochs: 1, Scorer: ScorerBiLSTM, LSTM: LSTMOptions{Hidden: 2, MLP: 2, WordDim: 2, TagDim: 2}})
	if err != nil {
		f.Fatal(err)
	}
	good, _ = bl.Encode()
	f.Add(good)
	nn, _ := Train(two, Options{Epochs: 1, Scorer: ScorerMLP, Hidden: 4})
	pc, _ := Train(two, Options{Epochs: 1})
	c3, err := Combine(pc, nn, Mix{Trans: 0.5, Label: 0.5, Gate: 2, LabelGate: 1, LTrans: 1, LLabel: 1}, bl)
	if err != nil {
		f.Fatal(err)
	}
	good, _ = c3.Encode()
	f.Add(good)
	c2, err := AddBiLSTM(c3, Mix{Gate: 2, LabelGate: 1, LTrans: 1, LLabel: 1}, bl)
	if err != nil {
		f.Fatal(err)
	}
	good, _ = c2.Encode()
	f.Add(good)
	ce, err := AddBiLSTM(c3, Mix{Gate: 2, LabelGate: 1, LTrans: 1, LLabel: 1}, bl, bl)
	if err != nil {
		f.Fatal(err)
	}
	good, _ = ce.Encode()
	f.Add(good)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Decode(data)
		if err != nil {
			return
		}
		p.Parse(Input{Forms: []string{"x", "y", "z"}, UPOS: []string{"X", "X", "X"}, XPOS: []string{"X", "X", "X"}}, nil)
	})
}
