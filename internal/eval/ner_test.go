package eval

import "testing"

func TestNERScore(t *testing.T) {
	s := NewNERScore()
	// IOB1 gold against IOB2 predictions: one exact PER, a LOC with the wrong
	// span, a missed ORG, a spurious MISC.
	s.AddSentence(
		[]string{"I-PER", "I-PER", "O", "I-LOC", "I-LOC", "O", "I-ORG"},
		[]string{"B-PER", "I-PER", "O", "B-LOC", "O", "B-MISC", "O"},
	)
	got := map[string]PRF{}
	for _, x := range s.Types() {
		got[x.Type] = x
	}
	if x := got["PER"]; x.Correct != 1 || x.F1 != 100 {
		t.Errorf("PER %+v", x)
	}
	if x := got["LOC"]; x.Gold != 1 || x.Pred != 1 || x.Correct != 0 {
		t.Errorf("LOC %+v", x)
	}
	if x := got["ALL"]; x.Gold != 3 || x.Pred != 3 || x.Correct != 1 || x.F1 < 33.3 || x.F1 > 33.4 {
		t.Errorf("ALL %+v", x)
	}
	// Restricting the types drops MISC from the micro average.
	for _, x := range s.Types("PER", "ORG", "LOC") {
		if x.Type == "ALL" && (x.Pred != 2 || x.Gold != 3) {
			t.Errorf("restricted ALL %+v", x)
		}
	}
}
