package main

// `train tag`: the POS tagger's training command (its own file so the
// tagger's options can change without touching the parser's).

import (
	"context"
	"fmt"

	"github.com/newsgraph/newsgraph/internal/nlp/conllu"
	"github.com/newsgraph/newsgraph/internal/nlp/tag"
)

func init() {
	registerTrainer(&subcommand{Name: "tag", Summary: "train the POS tagger on EWT (train tag --data DIR --out FILE)", Run: runTrainTag})
}

func runTrainTag(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("train tag", "--data DIR --out FILE")
	data := fs.String("data", "", "folder with en_ewt-ud-train.conllu (or the file)")
	out := fs.String("out", "", "model file to write")
	epochs := fs.Int("epochs", 8, "training epochs")
	seed := fs.Uint64("seed", 1, "shuffle seed")
	useClusters := fs.Bool("clusters", true, "use the embedded word clusters when present")
	second := fs.Bool("second-pass", false, "add a second pass that sees the first pass's tags of the next words (+0.1-0.2 UPOS, slower)")
	folds := fs.Int("folds", 4, "jack-knife folds for the second pass's training input")
	gate := fs.Float64("gate", 16, "second pass rescores words whose first-pass score margin is below this (0: all)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *data == "" || *out == "" {
		return m.errorf(exitUsage, "train tag: --data and --out are required")
	}
	tr, err := conllu.ReadFile(udFile(*data, "en_ewt-ud-train.conllu"))
	if err != nil {
		return m.errorf(exitFailed, "train tag: %v", err)
	}
	cf, cid := clusterOption(*useClusters)
	logf := func(f string, a ...any) { fmt.Fprintf(m.Stderr, f+"\n", a...) }
	tg, err := tag.Train(tag.FromCoNLLU(tr), tag.Options{Epochs: *epochs, Seed: *seed, Clusters: cf, ClusterID: cid, Log: logf, Ctx: ctx,
		SecondPass: *second, Folds: *folds, Gate: float32(*gate)})
	if err != nil {
		return m.errorf(exitFailed, "train tag: %v", err)
	}
	if err := tg.Model().Save(*out); err != nil {
		return m.errorf(exitFailed, "train tag: %v", err)
	}
	logf("train tag: wrote %s (%d weights, clusters %q)", *out, tg.Model().NumWeights(), cid)
	return exitOK
}
