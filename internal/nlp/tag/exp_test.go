package tag

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"io"
	"maps"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/nlp/cluster"
	"github.com/newsgraph/newsgraph/internal/nlp/conllu"
	"github.com/newsgraph/newsgraph/internal/shared"
)

// TestExperiment trains with the embedded clusters and prints dev scores and
// the top UPOS confusions; NEWSGRAPH_TAGEXP=1 runs it.
func TestExperiment(t *testing.T) {
	if os.Getenv("NEWSGRAPH_TAGEXP") == "" {
		t.Skip("set NEWSGRAPH_TAGEXP=1")
	}
	tr, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-train.conllu"))
	dv, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-dev.conllu"))
	ep := 8
	if v := os.Getenv("EPOCHS"); v != "" {
		ep, _ = strconv.Atoi(v)
	}
	ct, err := cluster.Default()
	if err != nil {
		t.Fatal(err)
	}
	// SECOND=1 trains the two-pass tagger; SAVE=FILE keeps the model.
	opt := Options{Epochs: ep, Seed: 1, Log: t.Logf, Clusters: ClusterLookup(ct), ClusterID: "x", SecondPass: os.Getenv("SECOND") != ""}
	opt.Ensemble, _ = strconv.Atoi(os.Getenv("ENSEMBLE"))
	opt.Pass2Ensemble = os.Getenv("ENSEMBLE2") != ""
	if v, err := strconv.ParseFloat(os.Getenv("PRUNE_TRAIN"), 32); err == nil {
		opt.Prune = float32(v)
	}
	if f := os.Getenv("LEX"); f != "" {
		opt.Lexicon = readGz(t, f)
		opt.LexMode, _ = strconv.Atoi(os.Getenv("LEXMODE"))
	}
	trainVocab = map[string]bool{}
	for _, s := range FromCoNLLU(tr) {
		for _, w := range s.Words {
			trainVocab[w] = true
		}
	}
	tg, err := Train(FromCoNLLU(tr), opt)
	if err != nil {
		t.Fatal(err)
	}
	if f := os.Getenv("SAVE"); f != "" {
		tg.Model().Save(f)
	}
	if tg.twoPass {
		for _, g := range []float32{-1, 0, 1, 2, 4, 8, 16} {
			tg.gate = g
			if g < 0 {
				tg.twoPass = false
			}
			report(t, tg, FromCoNLLU(dv))
			tg.twoPass = true
		}
		return
	}
	report(t, tg, FromCoNLLU(dv))
}

// trainVocab, when set, lets report score the words unseen in training.
var trainVocab map[string]bool

func report(t *testing.T, tg *Tagger, gold []Sentence) {
	var sc Scratch
	n2, oov, oovRight := 0, 0, 0
	u, x, l, n := 0, 0, 0, 0
	conf := map[string]int{}
	var errs []string
	for _, s := range gold {
		p := tg.TagsNER(s.Words, s.NER, &sc)
		for i, e := range sc.ents {
			if e.dict < 0 && (tg.gate <= 0 || sc.margin[i] < tg.gate) {
				n2++
			}
		}
		for i := range p {
			if trainVocab != nil && !trainVocab[s.Words[i]] {
				oov++
				if p[i].UPOS == s.Tags[i].UPOS {
					oovRight++
				}
			}
			if p[i].UPOS == s.Tags[i].UPOS {
				u++
			} else {
				lo, hi := max(i-3, 0), min(i+4, len(s.Words))
				oovMark := ""
				if trainVocab != nil && !trainVocab[s.Words[i]] {
					oovMark = " OOV"
				}
				if s.NER != nil {
					oovMark += " " + s.NER[i]
				}
				errs = append(errs, fmt.Sprintf("%s>%s\t%s%s\t%s [%s] %s", s.Tags[i].UPOS, p[i].UPOS, s.Words[i], oovMark, strings.Join(s.Words[lo:i], " "), s.Words[i], strings.Join(s.Words[i+1:hi], " ")))
				conf[s.Tags[i].UPOS+">"+p[i].UPOS]++
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
	if f := os.Getenv("ERRFILE"); f != "" {
		os.WriteFile(f, []byte(strings.Join(errs, "\n")+"\n"), 0o644)
	}
	type kv struct {
		k string
		v int
	}
	var cs []kv
	for k, v := range conf {
		cs = append(cs, kv{k, v})
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].v > cs[j].v || cs[i].v == cs[j].v && cs[i].k < cs[j].k })
	line := ""
	for i := 0; i < len(cs) && i < 16; i++ {
		line += fmt.Sprintf(" %s:%d", cs[i].k, cs[i].v)
	}
	t.Logf("gold>pred%s", line)
	if oov > 0 {
		t.Logf("OOV (form unseen in train) %d words, UPOS %.2f", oov, 100*float64(oovRight)/float64(oov))
	}
	t.Logf("twoPass %v gate %g rescored %.1f%%", tg.twoPass, tg.gate, 100*float64(n2)/float64(n))
	t.Logf("dev UPOS %.2f XPOS %.2f lemma %.2f weights %d", 100*float64(u)/float64(n), 100*float64(x)/float64(n), 100*float64(l)/float64(n), tg.model.NumWeights())
}

// TestGateSweep loads TAG_MODEL and reports dev accuracy and tokens per
// CPU-second for the first pass alone and several second-pass gates.
func TestGateSweep(t *testing.T) {
	f := os.Getenv("TAG_MODEL")
	if f == "" {
		t.Skip("set TAG_MODEL")
	}
	raw, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	dv, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-dev.conllu"))
	gold := FromCoNLLU(dv)
	tr, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-train.conllu"))
	trainVocab = map[string]bool{}
	for _, s := range FromCoNLLU(tr) {
		for _, w := range s.Words {
			trainVocab[w] = true
		}
	}
	{
		tg, err := Decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		if err := AttachClusters(tg); err != nil {
			t.Fatal(err)
		}
		// PRUNE=x,y,…: score the model pruned at each threshold instead.
		if ps := os.Getenv("PRUNE"); ps != "" {
			if g, err := strconv.ParseFloat(os.Getenv("GATE"), 32); err == nil {
				tg.gate = float32(g)
				tg.twoPass = tg.twoPass && g >= 0
			}
			full, full2 := tg.model, tg.model2
			for _, p := range strings.Split(ps, ",") {
				x, _ := strconv.ParseFloat(p, 32)
				tg.model = full.Pruned(float32(x))
				if full2 != nil {
					x2 := x
					if v, err := strconv.ParseFloat(os.Getenv("PRUNE2"), 32); err == nil {
						x2 = v
					}
					tg.model2 = full2.Pruned(float32(x2))
				}
				// SAVEPRUNED=PREFIX writes PREFIX-<x>.model: what train tag
				// --prune x (and --gate GATE) would have written.
				if f := os.Getenv("SAVEPRUNED"); f != "" {
					m := tg.model
					meta := maps.Clone(m.Meta)
					meta["prune"] = p
					if tg.model2 != nil {
						var b bytes.Buffer
						tg.model2.WriteTo(&b)
						meta["pass2"] = base64.StdEncoding.EncodeToString(b.Bytes())
						meta["gate"] = strconv.FormatFloat(float64(tg.gate), 'g', -1, 32)
					}
					m.Meta = meta
					if err := m.Save(f + "-" + p + ".model"); err != nil {
						t.Fatal(err)
					}
				}
				var sc Scratch
				c0 := cpuTime()
				for r := 0; r < 3; r++ {
					for _, s := range gold {
						tg.Tags(s.Words, &sc)
					}
				}
				t.Logf("prune %g: weights %d, %.0f tokens/CPU-s", x, tg.model.NumWeights(), 3*25147/(cpuTime()-c0))
				report(t, tg, gold)
			}
			return
		}
		m := tg.model
		words := 0
		for _, s := range gold {
			words += len(s.Words)
		}
		for _, g := range []float32{-1, 8, 16, 24, 32} {
			tg.twoPass = g >= 0 && tg.model.Meta["passes"] == "2"
			if g >= 0 && !tg.twoPass {
				continue
			}
			tg.gate = g
			var sc Scratch
			c0 := cpuTime()
			for r := 0; r < 3; r++ {
				for _, s := range gold {
					tg.Tags(s.Words, &sc)
				}
			}
			cpu := cpuTime() - c0
			t.Logf("weights %d gate %g: %.0f tokens/CPU-s", m.NumWeights(), g, 3*float64(words)/cpu)
			report(t, tg, gold)
		}
	}
}

func readGz(t *testing.T, f string) []byte {
	fh, err := os.Open(f)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	zr, err := gzip.NewReader(fh)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
