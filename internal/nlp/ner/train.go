package ner

import (
	"context"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"

	"github.com/newsgraph/newsgraph/internal/nlp/cluster"
	"github.com/newsgraph/newsgraph/internal/nlp/gazetteer"
	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
)

// TrainOptions controls training. The same options and data give the same
// model bytes.
type TrainOptions struct {
	Epochs int     // passes over the data per model
	Folds  int     // jackknife folds for stage-2 training data; 0 or 1 trains stage 1 only
	Seed   uint64  // shuffling seed
	Prune  float32 // drop averaged weights of at most this magnitude
	Log    io.Writer
	Meta   map[string]string
	// CaseAugment > 0 adds a lower-cased copy of every CaseAugment-th
	// training document and an upper-cased copy of the one halfway between,
	// so the model does not depend on capitals alone (headlines, web text).
	CaseAugment int
	// Ensemble > 1 trains each final stage that many times with successive
	// shuffling seeds and merges them into one model (mean weights).
	Ensemble int
	// WordDropout > 0 hides the word's own identity features (see
	// wordFeatures) from that share of capitalised training tokens, chosen by a seeded
	// generator, so shapes, affixes, clusters and gazetteers learn to carry
	// names the training text never had.
	WordDropout float64
	// Tables selects table features: 0 none (ner-features-2), 1 table
	// context features, 2 those and table-only word identities, 3 table
	// context features and word identities of their own in documents with
	// two or more tables, 4 those and in sports reports ("SOCCER - ...").
	Tables uint8
	// Ctx, when set, stops training early (between epochs) once it is done.
	Ctx context.Context
}

func (o TrainOptions) cancelled() bool { return o.Ctx != nil && o.Ctx.Err() != nil }

type learner struct {
	tr   *perceptron.Trainer
	gold []int
	drop float64    // word dropout rate
	rng  *rand.Rand // drop decisions
}

// dropWord removes token i's identity features from feats when the
// generator says so; other features are kept in order.
func (l *learner) dropWord(feats []uint64, s *sent, i, p1 int) []uint64 {
	// Only capitalised words: a lower-case word's identity is what keeps
	// "says" out of "Eastman says" when its case and cluster look alike.
	if c := s.toks[i].cap; l.drop <= 0 || c == capLower || c == capNone || l.rng.Float64() >= l.drop {
		return feats
	}
	wf := wordFeatures(s, i, p1)
	out := feats[:0]
	for _, f := range feats {
		if f != wf[0] && f != wf[1] && f != wf[2] && f != wf[3] && f != wf[4] {
			out = append(out, f)
		}
	}
	return out
}

func (l *learner) step(feats []uint64, truth, guess int) {
	l.tr.Tick()
	if truth != guess {
		l.tr.Update(feats, truth, guess, 1)
	}
}

type trainDoc struct {
	sents []sent
	gold  [][]int
}

// prepareCorpus turns gold-tagged documents into training documents.
func prepareCorpus(docs []Document, cl *cluster.Table, gz *gazetteer.Gazetteer, tables uint8) ([]trainDoc, error) {
	out := make([]trainDoc, 0, len(docs))
	for di, d := range docs {
		td := trainDoc{sents: make([]sent, len(d.Sentences))}
		for si, s := range d.Sentences {
			if len(s.Gold) != len(s.Tokens) {
				return nil, fmt.Errorf("ner: document %d sentence %d has no gold tags", di+1, si+1)
			}
			prepare(s.Tokens, cl, gz, &td.sents[si], tables)
			td.gold = append(td.gold, bilou(len(s.Tokens), Entities(s.Gold)))
		}
		fillDocCase(td.sents)
		out = append(out, td)
	}
	return out, nil
}

type sref struct{ d, s int }

func trainStage(docs []trainDoc, include func(d int) bool, stage2 bool, o TrainOptions, name string) *perceptron.Model {
	tr := perceptron.NewTrainer(classNames)
	var refs []sref
	for d := range docs {
		if !include(d) {
			continue
		}
		for s := range docs[d].sents {
			if len(docs[d].sents[s].toks) > 0 {
				refs = append(refs, sref{d, s})
			}
		}
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0x5eed))
	sc := &scratch{scores: make([]float32, nClasses)}
	l := &learner{tr: tr, drop: o.WordDropout, rng: rand.New(rand.NewPCG(o.Seed, 0xd20b))}
	for ep := 0; ep < o.Epochs && !o.cancelled(); ep++ {
		rng.Shuffle(len(refs), func(i, j int) { refs[i], refs[j] = refs[j], refs[i] })
		errs, total := 0, 0
		for _, r := range refs {
			s := &docs[r.d].sents[r.s]
			l.gold = docs[r.d].gold[r.s]
			out := decode(tr, s, stage2, false, sc, l)
			for i, c := range out {
				if c != l.gold[i] {
					errs++
				}
			}
			total += len(out)
		}
		if o.Log != nil {
			fmt.Fprintf(o.Log, "%s epoch %d: token error %.4f\n", name, ep+1, float64(errs)/float64(max(total, 1)))
		}
	}
	meta := map[string]string{"features": tableVersions[o.Tables], "stage": name, "epochs": strconv.Itoa(o.Epochs), "seed": strconv.FormatUint(o.Seed, 10)}
	for k, v := range o.Meta {
		meta[k] = v
	}
	return tr.Average(meta, o.Prune)
}

// Train learns a recogniser from gold-tagged documents. With Folds > 1 it
// trains stage 1 on each jackknife split to get honest stage-1 output for
// every training document, then stage 2 on that output.
func Train(docs []Document, cl *cluster.Table, gz *gazetteer.Gazetteer, o TrainOptions) (*Recognizer, error) {
	if o.Epochs <= 0 {
		o.Epochs = 10
	}
	// fold[d] is the jackknife fold of training document d; a case copy
	// shares its original's fold so no stage-1 model sees the original of a
	// document it labels.
	var fold []int
	for d := range docs {
		fold = append(fold, d)
	}
	if n := o.CaseAugment; n > 0 {
		orig := len(docs)
		docs = append([]Document(nil), docs...)
		for d := 0; d < orig; d++ {
			var f func(string) string
			switch d % n {
			case 0:
				f = strings.ToLower
			case n / 2:
				f = strings.ToUpper
			default:
				continue
			}
			c := Document{Sentences: make([]Sentence, len(docs[d].Sentences))}
			for i, s := range docs[d].Sentences {
				toks := make([]string, len(s.Tokens))
				for j, t := range s.Tokens {
					toks[j] = f(t)
				}
				c.Sentences[i] = Sentence{Tokens: toks, Gold: s.Gold}
			}
			docs = append(docs, c)
			fold = append(fold, d)
		}
	}
	if int(o.Tables) >= len(tableVersions) {
		return nil, fmt.Errorf("ner: table mode %d", o.Tables)
	}
	td, err := prepareCorpus(docs, cl, gz, o.Tables)
	if err != nil {
		return nil, err
	}
	r := &Recognizer{clusters: cl, gaz: gz, tables: o.Tables, opt: DefaultOptions(), pool: new(sync.Pool)}
	if r.stage1, err = trainFinal(td, false, o, "stage1"); err != nil {
		return nil, err
	}
	if o.Folds <= 1 {
		return r, nil
	}
	sc := &scratch{scores: make([]float32, nClasses)}
	for f := 0; f < o.Folds; f++ {
		m := trainStage(td, func(d int) bool { return fold[d]%o.Folds != f }, false, o, fmt.Sprintf("fold%d", f+1))
		if o.cancelled() {
			return nil, o.Ctx.Err()
		}
		for d := range td {
			if fold[d]%o.Folds != f {
				continue
			}
			for s := range td[d].sents {
				td[d].sents[s].s1 = decode(m, &td[d].sents[s], false, DefaultOptions().Skip, sc, nil)
			}
		}
	}
	for d := range td {
		fillContext(td[d].sents)
	}
	if r.stage2, err = trainFinal(td, true, o, "stage2"); err != nil {
		return nil, err
	}
	return r, nil
}

// trainFinal trains a stage on all documents, o.Ensemble times with
// successive seeds, and merges the models.
func trainFinal(td []trainDoc, stage2 bool, o TrainOptions, name string) (*perceptron.Model, error) {
	var ms []*perceptron.Model
	for e := 0; e < max(o.Ensemble, 1); e++ {
		oe := o
		oe.Seed = o.Seed + uint64(e)
		m := trainStage(td, func(int) bool { return true }, stage2, oe, name)
		if o.cancelled() {
			return nil, o.Ctx.Err()
		}
		ms = append(ms, m)
	}
	if len(ms) == 1 {
		return ms[0], nil
	}
	meta := maps.Clone(ms[0].Meta)
	meta["ensemble"] = strconv.Itoa(len(ms))
	return mergeModels(ms, meta, o.Prune)
}
