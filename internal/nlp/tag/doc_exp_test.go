package tag

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/nlp/conllu"
	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
	"github.com/newsgraph/newsgraph/internal/shared"
)

// TestTitleGate scores the shipped model on EWT dev with wider second-pass
// gates for title-cased words only; NEWSGRAPH_TAGEXP=1 runs it.
func TestTitleGate(t *testing.T) {
	if os.Getenv("NEWSGRAPH_TAGEXP") == "" {
		t.Skip("set NEWSGRAPH_TAGEXP=1")
	}
	dv, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-dev.conllu"))
	tg, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []float32{0, 24, 32, 48, 1e9} {
		tg.gateTitle = g
		t.Logf("title gate %g", g)
		report(t, tg, FromCoNLLU(dv))
	}
	tg.gateTitle = 0
}

// TestDocExperiment retrains only the shipped model's second pass (same
// jack-knife, members and pruning as train tag) with each DOCFEATS value
// (comma-separated Options.DocFeats) and scores EWT dev tagged document by
// document. The jack-knife is cached in JKCACHE (a file) when set.
func TestDocExperiment(t *testing.T) {
	if os.Getenv("NEWSGRAPH_TAGEXP") == "" {
		t.Skip("set NEWSGRAPH_TAGEXP=1")
	}
	tr, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-train.conllu"))
	dv, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-dev.conllu"))
	tg, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	opt := tg.TrainOptions()
	opt.Clusters = tg.clusters
	sents := FromCoNLLU(tr)
	idx := map[string]int{}
	names := make([]string, len(tg.tags))
	for c, tt := range tg.tags {
		idx[className(tt)] = c
		names[c] = className(tt)
	}
	gold := make([][]int, len(sents))
	for si, s := range sents {
		for _, tt := range s.Tags {
			gold[si] = append(gold[si], idx[className(tt)])
		}
	}
	var jk struct {
		JK      [][]int
		Margins [][]float32
	}
	cache := os.Getenv("JKCACHE")
	if b, err := os.ReadFile(cache); cache != "" && err == nil {
		if err := json.Unmarshal(b, &jk); err != nil {
			t.Fatal(err)
		}
	} else {
		c0 := cpuTime()
		if jk.JK, _, jk.Margins, err = jackknife(sents, opt, idx); err != nil {
			t.Fatal(err)
		}
		t.Logf("jack-knife %.0f CPU-s", cpuTime()-c0)
		if cache != "" {
			b, _ := json.Marshal(jk)
			os.WriteFile(cache, b, 0o644)
		}
	}
	members := max(opt.Ensemble, 1)
	pass2Variant, _ = strconv.Atoi(os.Getenv("PASS2VARIANT"))
	defer func() { pass2Variant = 0 }()
	// SEED moves the second pass's shuffles (members SEED, SEED+1, …),
	// for a second sample of the same variant.
	if v, err := strconv.ParseUint(os.Getenv("SEED"), 10, 64); err == nil {
		opt.Seed = v
	}
	dev := FromCoNLLU(dv)
	for _, f := range strings.Split(os.Getenv("DOCFEATS"), ",") {
		df, _ := strconv.Atoi(f)
		t2 := *tg
		t2.docFeats = df
		var dvs [][]docValues
		if df != 0 {
			t2.initDoc()
			dvs = t2.trainDocValues(sents, jk.JK, jk.Margins)
		}
		c0 := cpuTime()
		ms := make([]*perceptron.Model, members)
		err := parallel(members, func(e int) error {
			tr2 := perceptron.NewTrainer(names)
			if err := t2.trainEpochs(sents, gold, jk.JK, dvs, nil, tr2, opt, opt.Seed+uint64(e), func(string, ...any) {}); err != nil {
				return err
			}
			ms[e] = tr2.Average(nil, 0)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		t2.model2 = perceptron.Merge(ms, map[string]string{"kind": "tagger-pass2"}, opt.Prune)
		t.Logf("docfeats %d: second pass trained in %.0f CPU-s, %d weights", df, cpuTime()-c0, t2.model2.NumWeights())
		for _, g := range []float32{16, 24, 32, 0} {
			t2.gate = g
			docScore(t, &t2, dev, fmt.Sprintf("docfeats %d gate %g", df, g))
		}
	}
}

// docScore tags gold document by document and logs UPOS/XPOS accuracy and
// the PROPN↔NOUN errors.
func docScore(t *testing.T, tg *Tagger, gold []Sentence, label string) {
	var sc Scratch
	u, x, n, pn, np := 0, 0, 0, 0, 0
	for a := 0; a < len(gold); {
		b := a + 1
		for b < len(gold) && !gold[b].NewDoc {
			b++
		}
		words := make([][]string, b-a)
		for k := range words {
			words[k] = gold[a+k].Words
		}
		tags := tg.TagsDoc(words, &sc)
		for k, ts := range tags {
			g := gold[a+k].Tags
			for i, p := range ts {
				n++
				if p.UPOS == g[i].UPOS {
					u++
				} else if g[i].UPOS == "PROPN" && p.UPOS == "NOUN" {
					pn++
				} else if g[i].UPOS == "NOUN" && p.UPOS == "PROPN" {
					np++
				}
				if p.XPOS == g[i].XPOS {
					x++
				}
			}
		}
		a = b
	}
	t.Logf("%s: UPOS %.3f (%d errors) XPOS %.3f PROPN>NOUN %d NOUN>PROPN %d", label, 100*float64(u)/float64(n), n-u, 100*float64(x)/float64(n), pn, np)
}

// TestDocGates scores TAG_MODEL on EWT dev, document by document, at
// several second-pass gates.
func TestDocGates(t *testing.T) {
	f := os.Getenv("TAG_MODEL")
	if f == "" {
		t.Skip("set TAG_MODEL")
	}
	tg := decodeFile(t, f)
	if err := AttachClusters(tg); err != nil {
		t.Fatal(err)
	}
	dv, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-dev.conllu"))
	for _, g := range []float32{16, 24, 32, 0} {
		tg.gate = g
		docScore(t, tg, FromCoNLLU(dv), fmt.Sprintf("docfeats %d gate %g", tg.docFeats, g))
	}
}
