package main

// `train tag`: the POS tagger's training command (its own file so the
// tagger's options can change without touching the parser's).

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

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
	ensemble := fs.Int("ensemble", 1, "train this many perceptrons on different shuffles (seeds seed, seed+1, …) and average their weights into one model")
	ens2 := fs.Bool("ensemble-pass2", false, "with --ensemble and --second-pass, every member trains a second pass too (merged like the first)")
	lexFile := fs.String("lexicon", "", "neighbour lexicon (tools/taglex output, .tsv.gz) to ride in the model")
	lexMode := fs.Int("lex-mode", 0, "lexicon features (bits): 1 own entry, 2 as the ambiguity class of unseen words, 4 neighbours' entries, 8 capitalisation class")
	prune := fs.Float64("prune", 0.001, "drop averaged weights of at most this magnitude (fewer rows: faster, a little less accurate)")
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
	var lex []byte
	if *lexFile != "" {
		if lex, err = readMaybeGzip(*lexFile); err != nil {
			return m.errorf(exitFailed, "train tag: %v", err)
		}
	}
	cf, cid := clusterOption(*useClusters)
	logf := func(f string, a ...any) { fmt.Fprintf(m.Stderr, f+"\n", a...) }
	tg, err := tag.Train(tag.FromCoNLLU(tr), tag.Options{Epochs: *epochs, Seed: *seed, Clusters: cf, ClusterID: cid, Log: logf, Ctx: ctx,
		Ensemble: *ensemble, Pass2Ensemble: *ens2, Lexicon: lex, LexMode: *lexMode, Prune: float32(*prune), SecondPass: *second, Folds: *folds, Gate: float32(*gate)})
	if err != nil {
		return m.errorf(exitFailed, "train tag: %v", err)
	}
	if err := tg.Model().Save(*out); err != nil {
		return m.errorf(exitFailed, "train tag: %v", err)
	}
	logf("train tag: wrote %s (%d weights, clusters %q)", *out, tg.Model().NumWeights(), cid)
	return exitOK
}

// readMaybeGzip reads a file, gunzipping it when its name ends in .gz.
func readMaybeGzip(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil || !strings.HasSuffix(path, ".gz") {
		return b, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return io.ReadAll(zr)
}
