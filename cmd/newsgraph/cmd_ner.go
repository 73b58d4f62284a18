package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/newsgraph/newsgraph/internal/eval"
	"github.com/newsgraph/newsgraph/internal/nlp/cluster"
	"github.com/newsgraph/newsgraph/internal/nlp/gazetteer"
	"github.com/newsgraph/newsgraph/internal/nlp/ner"
	"github.com/newsgraph/newsgraph/internal/shared"
)

func loadNER(path string) (*ner.Recognizer, error) {
	if path == "" {
		return ner.Default()
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ner.Load(b)
}

func readCoNLLFile(path string) (*ner.Corpus, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ner.ReadCoNLL(f)
}

func init() {
	register(&command{Name: "ner", Summary: "tag named entities (ner --conll < in > out)", Run: runNER})
	registerEval(&subcommand{Name: "ner", Summary: "entity-level P/R/F1 on a CoNLL file (eval ner --data FILE)", Run: runEvalNER})
	registerTrainer(&subcommand{Name: "ner", Summary: "train the NER (train ner --data DIR --out FILE)", Run: runTrainNER})
	registerBench(&subcommand{Name: "ner", Summary: "NER throughput on a CoNLL file, one core", Run: runBenchNER})
}

func runNER(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("ner", "--conll [--model FILE] < in > out")
	conll := fs.Bool("conll", false, "CoNLL-2003 columns in (token in column 1), the same lines out with an IOB2 tag appended")
	model := fs.String("model", "", "model file (default: the embedded model)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if !*conll {
		return m.errorf(exitUsage, "ner: only --conll input is supported; use annotate for text")
	}
	r, err := loadNER(*model)
	if err != nil {
		return m.errorf(exitFailed, "ner: %v", err)
	}
	c, err := ner.ReadCoNLL(m.Stdin)
	if err != nil {
		return m.errorf(exitFailed, "ner: %v", err)
	}
	if err := c.Write(m.Stdout, r.TagCorpus(c)); err != nil {
		return m.errorf(exitFailed, "ner: %v", err)
	}
	return exitOK
}

func runEvalNER(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("eval ner", "--data FILE [--model FILE] [--types PER,ORG,LOC]")
	data := fs.String("data", "", "CoNLL file with gold tags in the last column (default: shared eng.testa)")
	model := fs.String("model", "", "model file (default: the embedded model)")
	types := fs.String("types", "", "score only these types (comma-separated); others are ignored on both sides")
	vote := fs.Float64("vote", ner.DefaultOptions().Vote, "retype an entity whose string has one type in at least this share of its document's mentions (0 = off)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *data == "" {
		*data = shared.Path("data", "conll2003", "eng.testa")
	}
	r, err := loadNER(*model)
	if err != nil {
		return m.errorf(exitFailed, "eval ner: %v", err)
	}
	o := r.Options()
	o.Vote = *vote
	r = r.WithOptions(o)
	c, err := readCoNLLFile(*data)
	if err != nil {
		return m.errorf(exitFailed, "eval ner: %v", err)
	}
	only := splitList(*types)
	keep := map[string]bool{}
	for _, t := range only {
		keep[t] = true
	}
	filter := func(es []ner.Entity) []ner.Entity {
		if len(keep) == 0 {
			return es
		}
		var out []ner.Entity
		for _, e := range es {
			if keep[e.Type] {
				out = append(out, e)
			}
		}
		return out
	}
	start := time.Now()
	pred := r.TagCorpus(c)
	el := time.Since(start)
	sc := eval.NewNERScore()
	for d, doc := range c.Docs {
		for s, st := range doc.Sentences {
			if len(st.Gold) != len(st.Tokens) {
				return m.errorf(exitFailed, "eval ner: %s has no gold tag column", *data)
			}
			sc.Tokens += len(st.Tokens)
			sc.AddEntities(filter(ner.Entities(st.Gold)), filter(ner.Entities(pred[d][s])))
		}
	}
	fmt.Fprintf(m.Stdout, "data: %s (%d tokens, %.0f tokens/s)\n", *data, sc.Tokens, float64(sc.Tokens)/el.Seconds())
	sc.Report(m.Stdout, only...)
	return exitOK
}

func runTrainNER(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("train ner", "--data DIR --out FILE [--epochs N] [--folds K] [--seed S] [--ensemble N]")
	data := fs.String("data", "", "directory holding eng.train (or the file itself); default: shared data/conll2003")
	out := fs.String("out", "models/ner.model", "output model file")
	epochs := fs.Int("epochs", 20, "training passes per model (20 built the shipped model)")
	folds := fs.Int("folds", 4, "jackknife folds for the document stage (1 = stage 1 only)")
	seed := fs.Uint64("seed", 1, "shuffling seed")
	prune := fs.Float64("prune", 0.01, "drop averaged weights of at most this magnitude")
	ensemble := fs.Int("ensemble", 3, "train each final stage with N successive seeds and merge them into one model (mean weights; 3 built the shipped model)")
	wordDrop := fs.Float64("word-dropout", 0, "hide the word's identity features from this share of training tokens (0 built the shipped model)")
	tables := fs.Uint("tables", 0, "table features: 0 none, 1 results-table context, 2 that and table-only word identities, 3 results-table context and word identities of their own in documents with tables, 4 that and in sports reports (0 built the shipped model)")
	caseAug := fs.Int("case-augment", 8, "add lower- and upper-cased copies of every Nth training document (0 = none; 8 built the shipped model)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *data == "" {
		*data = shared.Path("data", "conll2003")
	}
	path := *data
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, "eng.train")
	}
	c, err := readCoNLLFile(path)
	if err != nil {
		return m.errorf(exitFailed, "train ner: %v", err)
	}
	cl, err := cluster.Default()
	if err != nil {
		return m.errorf(exitFailed, "train ner: %v", err)
	}
	gz, err := gazetteer.Default()
	if err != nil {
		return m.errorf(exitFailed, "train ner: %v", err)
	}
	r, err := ner.Train(c.Docs, cl, gz, ner.TrainOptions{
		Epochs: *epochs, Folds: *folds, Seed: *seed, Prune: float32(*prune), Log: m.Stderr, Ctx: ctx, CaseAugment: *caseAug, Ensemble: *ensemble, WordDropout: *wordDrop, Tables: uint8(*tables),
		Meta: map[string]string{"data": filepath.Base(path)},
	})
	if err != nil {
		return m.errorf(exitFailed, "train ner: %v", err)
	}
	b, err := r.Encode()
	if err != nil {
		return m.errorf(exitFailed, "train ner: %v", err)
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		return m.errorf(exitFailed, "train ner: %v", err)
	}
	fmt.Fprintf(m.Stderr, "train ner: wrote %s (%d bytes)\n", *out, len(b))
	return exitOK
}

func runBenchNER(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("bench ner", "[--data FILE] [--model FILE] [--rounds N]")
	data := fs.String("data", "", "CoNLL file (default: shared eng.testa)")
	model := fs.String("model", "", "model file (default: the embedded model)")
	rounds := fs.Int("rounds", 3, "passes over the data")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *data == "" {
		*data = shared.Path("data", "conll2003", "eng.testa")
	}
	runtime.GOMAXPROCS(1)
	t0, c0 := time.Now(), processCPU()
	r, err := loadNER(*model)
	if err != nil {
		return m.errorf(exitFailed, "bench ner: %v", err)
	}
	load, loadCPU := time.Since(t0), processCPU()-c0
	c, err := readCoNLLFile(*data)
	if err != nil {
		return m.errorf(exitFailed, "bench ner: %v", err)
	}
	tokens := 0
	for _, d := range c.Docs {
		for _, s := range d.Sentences {
			tokens += len(s.Tokens)
		}
	}
	best, bestCPU := time.Duration(1<<62), time.Duration(1<<62)
	for i := 0; i < *rounds; i++ {
		t, cpu := time.Now(), processCPU()
		r.TagCorpus(c)
		best = min(best, time.Since(t))
		bestCPU = min(bestCPU, processCPU()-cpu)
	}
	fmt.Fprintf(m.Stdout, "bench ner: load %v (CPU %v); %d tokens; best of %d: wall %v = %.0f tokens/s",
		load.Round(time.Millisecond), loadCPU.Round(time.Millisecond), tokens, *rounds, best.Round(time.Millisecond), float64(tokens)/best.Seconds())
	if bestCPU > 0 {
		fmt.Fprintf(m.Stdout, "; CPU %v = %.0f tokens/CPU-s", bestCPU.Round(time.Millisecond), float64(tokens)/bestCPU.Seconds())
	}
	fmt.Fprintln(m.Stdout, " (GOMAXPROCS=1)")
	return exitOK
}
