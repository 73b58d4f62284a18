package parse

import (
	"os"
	"strconv"
	"testing"

	"github.com/newsgraph/newsgraph/internal/nlp/conllu"
	"github.com/newsgraph/newsgraph/internal/shared"
)

func uasLas(gold, sys []*conllu.Sentence) (float64, float64) {
	u, l, n := 0, 0, 0
	for i := range gold {
		for j, w := range gold[i].Words {
			s := sys[i].Words[j]
			if s.Head == w.Head {
				u++
				if univ(s.Deprel) == univ(w.Deprel) {
					l++
				}
			}
			n++
		}
	}
	return 100 * float64(u) / float64(n), 100 * float64(l) / float64(n)
}

// TestTrainGoldTags is a slow experiment (NEWSGRAPH_SLOW=1): train on EWT
// train with gold tags and score dev with gold tags.
func TestTrainGoldTags(t *testing.T) {
	if os.Getenv("NEWSGRAPH_SLOW") == "" {
		t.Skip("set NEWSGRAPH_SLOW=1")
	}
	tr, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-train.conllu"))
	dv, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-dev.conllu"))
	ep := 10
	if v := os.Getenv("EPOCHS"); v != "" {
		ep, _ = strconv.Atoi(v)
	}
	p, err := Train(FromCoNLLU(tr), Options{Epochs: ep, Seed: 1, Explore: 0.9, Log: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	sys, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-dev.conllu"))
	p.Annotate(sys, nil)
	u, l := uasLas(dv, sys)
	t.Logf("dev gold tags UAS %.2f LAS %.2f weights %d + %d", u, l, p.trans.m.NumWeights(), p.label.NumWeights())
}
