package ner

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/nlp/cluster"
	"github.com/newsgraph/newsgraph/internal/nlp/gazetteer"
	"github.com/newsgraph/newsgraph/internal/shared"
)

// TestDevTrain trains on eng.train and reports dev (eng.testa) F1. It takes
// minutes, so it runs only with NER_DEV=1 (NER_EPOCHS, NER_FOLDS, NER_OUT optional).
func TestDevTrain(t *testing.T) {
	if os.Getenv("NER_DEV") == "" {
		t.Skip("set NER_DEV=1 to train and score on dev")
	}
	train := readShared(t, "eng.train")
	dev := readShared(t, "eng.testa")
	cl, err := cluster.Default()
	if err != nil {
		t.Fatal(err)
	}
	gz, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	if mf := os.Getenv("NER_MODEL"); mf != "" {
		b, err := os.ReadFile(mf)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Decode(b, cl, gz)
		if err != nil {
			t.Fatal(err)
		}
		for _, skip := range []bool{false, true} {
			o := r.Options()
			o.Skip = skip
			devReport(t, dev, "skip="+strconv.FormatBool(skip), r.WithOptions(o))
		}
		return
	}
	ep, _ := strconv.Atoi(os.Getenv("NER_EPOCHS"))
	folds, _ := strconv.Atoi(os.Getenv("NER_FOLDS"))
	aug, _ := strconv.Atoi(os.Getenv("NER_CASE"))
	ens, _ := strconv.Atoi(os.Getenv("NER_ENS"))
	start := time.Now()
	o := TrainOptions{Epochs: ep, Folds: folds, Seed: 1, Prune: 0.01, Log: os.Stderr, Meta: map[string]string{"data": "eng.train"}, CaseAugment: aug, Ensemble: ens}
	r, err := Train(train.Docs, cl, gz, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("trained in %v", time.Since(start))
	if out := os.Getenv("NER_OUT"); out != "" {
		b, _ := r.Encode()
		os.WriteFile(out, b, 0o644)
		t.Logf("wrote %s: %d bytes", out, len(b))
	}
	report := func(name string, r *Recognizer) { devReport(t, dev, name, r) }
	if r.stage2 != nil {
		report("stage1", &Recognizer{stage1: r.stage1, clusters: cl, gaz: gz, opt: r.opt})
	}
	report("final", r)
	for _, f := range []func(string) string{strings.ToLower, strings.ToUpper} {
		c := &Corpus{Docs: make([]Document, len(dev.Docs))}
		for d, doc := range dev.Docs {
			for _, s := range doc.Sentences {
				toks := make([]string, len(s.Tokens))
				for i, t := range s.Tokens {
					toks[i] = f(t)
				}
				c.Docs[d].Sentences = append(c.Docs[d].Sentences, Sentence{Tokens: toks, Gold: s.Gold})
			}
		}
		devReport(t, c, "case-changed "+f("x"), r)
	}
}

func devReport(t *testing.T, dev *Corpus, name string, r *Recognizer) {
	{
		start := time.Now()
		pred := r.TagCorpus(dev)
		el := time.Since(start)
		g, p, c := map[string]int{}, map[string]int{}, map[string]int{}
		ntok := 0
		for d, doc := range dev.Docs {
			for s, st := range doc.Sentences {
				ntok += len(st.Tokens)
				set := map[Entity]bool{}
				for _, e := range Entities(st.Gold) {
					g[e.Type]++
					g["ALL"]++
					set[e] = true
				}
				for _, e := range Entities(pred[d][s]) {
					p[e.Type]++
					p["ALL"]++
					if set[e] {
						c[e.Type]++
						c["ALL"]++
					}
				}
			}
		}
		for _, ty := range []string{"PER", "ORG", "LOC", "MISC", "ALL"} {
			P := 100 * float64(c[ty]) / float64(max(p[ty], 1))
			R := 100 * float64(c[ty]) / float64(max(g[ty], 1))
			t.Logf("%s %-4s P %.2f R %.2f F1 %.2f", name, ty, P, R, 2*P*R/max(P+R, 1e-9))
		}
		t.Logf("%s: %.0f tokens/s", name, float64(ntok)/el.Seconds())
	}
}

func readShared(t *testing.T, name string) *Corpus {
	f, err := os.Open(shared.Require(t, "data", "conll2003", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := ReadCoNLL(f)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
