package tag

import (
	"os"
	"strconv"
	"testing"

	"github.com/newsgraph/newsgraph/internal/nlp/cluster"
	"github.com/newsgraph/newsgraph/internal/nlp/conllu"
	"github.com/newsgraph/newsgraph/internal/shared"
)

// TestTrainEval trains on EWT train and reports dev accuracy; it is slow, so
// it runs only with NEWSGRAPH_SLOW=1.
func TestTrainEval(t *testing.T) {
	if os.Getenv("NEWSGRAPH_SLOW") == "" {
		t.Skip("set NEWSGRAPH_SLOW=1")
	}
	tr, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-train.conllu"))
	dv, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-dev.conllu"))
	if v := os.Getenv("AMBIG"); v != "" {
		ambigMin, _ = strconv.Atoi(v)
	}
	ep := 8
	if v := os.Getenv("EPOCHS"); v != "" {
		ep, _ = strconv.Atoi(v)
	}
	opt := Options{Epochs: ep, Seed: 1, Log: t.Logf}
	if f := os.Getenv("CLUSTERS"); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ct, err := cluster.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		opt.Clusters, opt.ClusterID = ClusterLookup(ct), "test"
	}
	tg, err := Train(FromCoNLLU(tr), opt)
	if err != nil {
		t.Fatal(err)
	}
	gold := FromCoNLLU(dv)
	var sc Scratch
	u, x, l, n := 0, 0, 0, 0
	for _, s := range gold {
		p := tg.Tags(s.Words, &sc)
		for i := range p {
			if p[i].UPOS == s.Tags[i].UPOS {
				u++
			}
			if p[i].XPOS == s.Tags[i].XPOS {
				x++
			}
			if tg.Lemma(s.Words[i], p[i]) == s.Lemmas[i] {
				l++
			}
			n++
		}
	}
	t.Logf("dev UPOS %.2f XPOS %.2f lemma %.2f weights %d", 100*float64(u)/float64(n), 100*float64(x)/float64(n), 100*float64(l)/float64(n), tg.model.NumWeights())
}
