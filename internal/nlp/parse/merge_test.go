package parse

import (
	"bytes"
	"testing"

	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
)

// toyModel trains a 3-class perceptron on a fixed set of updates.
func toyModel(t *testing.T, updates [][3]int, prune float32) *perceptron.Model {
	t.Helper()
	tr := perceptron.NewTrainer([]string{"A", "B", "C"})
	for _, u := range updates {
		tr.Update([]perceptron.Feature{uint64(u[0]), 0}, u[1], u[2], 1)
		tr.Tick()
	}
	return tr.Average(map[string]string{"kind": "toy"}, prune)
}

func scores(m *perceptron.Model, f uint64) [3]float32 {
	var s [3]float32
	m.Scores([]perceptron.Feature{f}, s[:])
	return s
}

// The merged model scores every feature with the mean of the members'
// weights, and pruning drops the small means.
func TestMergeModels(t *testing.T) {
	a := toyModel(t, [][3]int{{10, 0, 1}, {11, 2, 1}, {10, 0, 2}}, 0)
	b := toyModel(t, [][3]int{{10, 1, 0}, {12, 2, 0}}, 0)
	m, err := mergeModels([]*perceptron.Model{a, b}, map[string]string{"kind": "merged"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []uint64{1, 10, 11, 12, 99} {
		sa, sb, sm := scores(a, f), scores(b, f), scores(m, f)
		for c := range sm {
			if want := (sa[c] + sb[c]) * 0.5; sm[c] != want {
				t.Errorf("feature %d class %d: %v, want %v", f, c, sm[c], want)
			}
		}
	}
	if m.Meta["kind"] != "merged" || len(m.Classes) != 3 {
		t.Errorf("meta %v classes %v", m.Meta, m.Classes)
	}
	// Feature 1 (feature 0 folded) moves in every update, so its averaged
	// weights stay small: their means are at most 0.5 and pruned away.
	p, err := mergeModels([]*perceptron.Model{a, b}, nil, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if got := scores(p, 1); got != [3]float32{} {
		t.Errorf("pruned feature kept: %v", got)
	}
	if p.NumWeights() >= m.NumWeights() {
		t.Errorf("pruning kept %d of %d weights", p.NumWeights(), m.NumWeights())
	}
}

// The fast layout scores exactly as the model it was built from.
func TestFastTransMatchesModel(t *testing.T) {
	p, err := Train(smallTrain(t, 100), Options{Epochs: 2, Seed: 5, Explore: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	ft := newFastTrans(p.trans.m)
	sc := &Scratch{}
	for _, s := range smallTrain(t, 100)[:20] {
		sc.tk = p.toks(&s.Input, sc.tk)
		sc.st.reset(len(s.Forms))
		for !sc.st.done() {
			for t := 0; t < nTrans; t++ {
				sc.allow[t] = sc.st.valid(t)
			}
			transFeatures(&sc.f, &sc.st, sc.tk)
			var want, got [nTrans]float32
			wt := p.trans.m.Predict(sc.f.buf, want[:], sc.allow[:])
			gt := ft.predict(sc.f.buf, got[:], sc.allow[:])
			if wt != gt || want != got {
				t.Fatalf("fast %d %v, model %d %v", gt, got, wt, want)
			}
			sc.st.apply(wt, 0)
		}
	}
}

// An ensemble trains reproducibly and records its size; a single model
// records none (so the shipped single model's bytes did not change).
func TestEnsembleReproducible(t *testing.T) {
	sents := smallTrain(t, 150)
	var files [2][]byte
	for i := range files {
		p, err := Train(sents, Options{Epochs: 2, Seed: 3, Explore: 0.9, Ensemble: 3})
		if err != nil {
			t.Fatal(err)
		}
		if files[i], err = p.Encode(); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Fatal("two ensemble trainings with the same seed differ")
	}
	q, err := Decode(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if q.trans.meta["ensemble"] != "3" {
		t.Errorf("meta %v", q.trans.meta)
	}
	// Decoding leaves the transition Model unbuilt (parsing reads the fast
	// table); re-encoding builds it and gives the file back.
	if q.trans.m != nil {
		t.Error("Decode built the transition model")
	}
	if b, err := q.Encode(); err != nil || !bytes.Equal(b, files[0]) {
		t.Errorf("re-encoded decoded parser: %v, equal %v", err, bytes.Equal(b, files[0]))
	}
	one, err := Train(sents, Options{Epochs: 2, Seed: 3, Explore: 0.9, Ensemble: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := one.trans.meta["ensemble"]; ok {
		t.Error("single model records an ensemble")
	}
	heads, _ := q.Parse(sents[0].Input, nil)
	if len(heads) != len(sents[0].Forms) {
		t.Fatalf("%d heads", len(heads))
	}
}

// Ensemble members can train on their own copies of the data (other tags,
// same trees); copies with other labels are refused.
func TestEnsembleMemberData(t *testing.T) {
	sents := smallTrain(t, 60)
	other := smallTrain(t, 60)
	for i := range other {
		for j := range other[i].UPOS {
			if other[i].UPOS[j] == "NOUN" {
				other[i].UPOS[j], other[i].XPOS[j] = "PROPN", "NNP"
			}
		}
	}
	opt := Options{Epochs: 1, Seed: 2, Ensemble: 2, MemberData: [][]Sentence{sents, other}}
	a, err := Train(sents, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Train(sents, Options{Epochs: 1, Seed: 2, Ensemble: 2})
	if err != nil {
		t.Fatal(err)
	}
	fa, _ := a.Encode()
	fb, _ := b.Encode()
	if bytes.Equal(fa, fb) {
		t.Error("member data made no difference")
	}
	bad := smallTrain(t, 60)
	bad[0].Rels[0] = "no-such-label"
	opt.MemberData = [][]Sentence{sents, bad}
	if _, err := Train(sents, opt); err == nil {
		t.Error("member data with other labels accepted")
	}
}

// Average scores every transition feature with the mean of the parsers'
// weights, parses as its parser when averaging that parser with itself,
// and takes only perceptron parsers.
func TestAverage(t *testing.T) {
	sents := smallTrain(t, 200)
	var ps [2]*Parser
	for i := range ps {
		var err error
		if ps[i], err = Train(sents, Options{Epochs: 2, Seed: uint64(3 + i), Explore: 0.9}); err != nil {
			t.Fatal(err)
		}
	}
	self, err := Average(ps[0], ps[0])
	if err != nil {
		t.Fatal(err)
	}
	sameParses(t, "average with itself", self, ps[0], sents[:60])
	q, err := Average(ps[0], ps[1])
	if err != nil {
		t.Fatal(err)
	}
	if q.trans.meta["average-of"] != "2" || q.label.Meta["average-of"] != "2" {
		t.Errorf("meta %v / %v", q.trans.meta, q.label.Meta)
	}
	ta, _ := ps[0].trans.model()
	tb, _ := ps[1].trans.model()
	tq, _ := q.trans.model()
	keys := ta.Keys()
	for _, f := range keys[:20] {
		sa, sb, sq := scores(ta, f), scores(tb, f), scores(tq, f)
		for c := range sq {
			if want := (sa[c] + sb[c]) * 0.5; sq[c] != want {
				t.Errorf("feature %d class %d: %v, want %v", f, c, sq[c], want)
			}
		}
	}
	b1, err := q.Encode()
	if err != nil {
		t.Fatal(err)
	}
	d, err := Decode(b1)
	if err != nil {
		t.Fatal(err)
	}
	sameParses(t, "decoded average", d, q, sents[:60])
	if again, _ := Average(ps[0], ps[1]); again != nil {
		if b2, _ := again.Encode(); !bytes.Equal(b1, b2) {
			t.Error("two averages differ")
		}
	}
	nn, err := Train(sents, Options{Epochs: 1, Seed: 1, Scorer: ScorerMLP, Hidden: 8})
	if err != nil {
		t.Fatal(err)
	}
	combined, err := Combine(ps[0], nn, Mix{Trans: 1, Gate: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		ps   []*Parser
	}{
		{"none", nil},
		{"network", []*Parser{ps[0], nn}},
		{"combined", []*Parser{combined, ps[1]}},
		{"nil", []*Parser{ps[0], nil}},
	} {
		if _, err := Average(c.ps...); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}
