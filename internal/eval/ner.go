package eval

import (
	"fmt"
	"io"
	"sort"

	"github.com/newsgraph/newsgraph/internal/nlp/ner"
)

// NERScore counts entity-level matches the way conlleval does: an entity is
// correct when its span and type both match exactly.
type NERScore struct {
	Gold, Pred, Correct map[string]int
	Tokens              int
}

// NewNERScore makes an empty score.
func NewNERScore() *NERScore {
	return &NERScore{Gold: map[string]int{}, Pred: map[string]int{}, Correct: map[string]int{}}
}

// AddSentence scores one sentence's predicted tags against gold tags (any of
// IOB1, IOB2, BILOU/IOBES on either side).
func (s *NERScore) AddSentence(gold, pred []string) {
	s.Tokens += len(gold)
	g, p := ner.Entities(gold), ner.Entities(pred)
	s.AddEntities(g, p)
}

// AddEntities scores entity lists of one sentence.
func (s *NERScore) AddEntities(g, p []ner.Entity) {
	set := map[ner.Entity]bool{}
	for _, e := range g {
		s.Gold[e.Type]++
		set[e] = true
	}
	for _, e := range p {
		s.Pred[e.Type]++
		if set[e] {
			s.Correct[e.Type]++
			delete(set, e)
		}
	}
}

// PRF is precision, recall and F1 in percent with the counts behind them.
type PRF struct {
	Type                string
	Gold, Pred, Correct int
	P, R, F1            float64
}

func prf(t string, g, p, c int) PRF {
	x := PRF{Type: t, Gold: g, Pred: p, Correct: c}
	if p > 0 {
		x.P = 100 * float64(c) / float64(p)
	}
	if g > 0 {
		x.R = 100 * float64(c) / float64(g)
	}
	if x.P+x.R > 0 {
		x.F1 = 2 * x.P * x.R / (x.P + x.R)
	}
	return x
}

// Types returns per-type scores sorted by type name, then the micro average
// (Type "ALL") over the given types (all seen types when none are given).
func (s *NERScore) Types(only ...string) []PRF {
	seen := map[string]bool{}
	for t := range s.Gold {
		seen[t] = true
	}
	for t := range s.Pred {
		seen[t] = true
	}
	if len(only) > 0 {
		seen = map[string]bool{}
		for _, t := range only {
			seen[t] = true
		}
	}
	var types []string
	for t := range seen {
		types = append(types, t)
	}
	sort.Strings(types)
	var out []PRF
	var g, p, c int
	for _, t := range types {
		out = append(out, prf(t, s.Gold[t], s.Pred[t], s.Correct[t]))
		g, p, c = g+s.Gold[t], p+s.Pred[t], c+s.Correct[t]
	}
	return append(out, prf("ALL", g, p, c))
}

// Report writes a conlleval-like table.
func (s *NERScore) Report(w io.Writer, only ...string) {
	fmt.Fprintf(w, "%-5s %7s %7s %7s %7s %7s %7s\n", "type", "gold", "pred", "correct", "P", "R", "F1")
	for _, x := range s.Types(only...) {
		fmt.Fprintf(w, "%-5s %7d %7d %7d %7.2f %7.2f %7.2f\n", x.Type, x.Gold, x.Pred, x.Correct, x.P, x.R, x.F1)
	}
}
