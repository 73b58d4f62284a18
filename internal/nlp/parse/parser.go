// Package parse is the dependency parser: greedy arc-hybrid transitions
// scored by an averaged perceptron over Zhang & Nivre style hashed features,
// trained with a dynamic oracle and exploration on pseudo-projectivised
// trees, with relation labels (UD subtypes kept) from a second perceptron
// called once per arc. A feed-forward network (mlp.go) can score alone or,
// as the shipped model does, beside the perceptron where its margin is low
// (combine.go).
package parse

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"sync"

	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
)

// Input is one sentence's words and tags.
type Input struct {
	Forms, UPOS, XPOS []string
}

// ClusterFunc returns a word's cluster ids at three granularities.
type ClusterFunc func(word string) (c64, c256, c1024 int)

// Parser is a trained parser, safe for concurrent use.
type Parser struct {
	trans    *lazyModel // the transition perceptron (nil for a network-only parser)
	label    *perceptron.Model
	ft       *fastTrans // trans in the lookup-fast layout
	nn       *mlp       // the feed-forward scorer, when the model has one (trans and label are nil then, unless mix is set)
	mix      *Mix       // set when the model is both: the perceptron and the network combined
	bl       *bilstm    // the BiLSTM scorer (alone, or a third part of a combined model)
	blx      []*bilstm  // further BiLSTM scorers of a combined model: an ensemble whose logits are averaged with bl's
	clusters ClusterFunc
}

// Scratch holds per-goroutine buffers.
type Scratch struct {
	st     state
	f      fx
	tk     []tok
	scores [nTrans]float32
	lsc    []float32
	allow  [nTrans]bool
	mt     []mtok
	idx    [mlpFeats]int32
	h      []float32
	nz     []int32
	hv     []float32
	bls    *blScratch
	blxs   []*blScratch // one per p.blx
	bhx    [][]float32  // the hidden layers of p.blx's members
}

// Labels returns the relation labels the parser can assign.
func (p *Parser) Labels() []string {
	if p.trans == nil && p.nn == nil {
		return p.bl.labels
	}
	if p.trans == nil {
		return p.nn.labels
	}
	return p.label.Classes
}

// Scorer is the model's transition scorer (ScorerPerceptron or ScorerMLP).
func (p *Parser) Scorer() string {
	if p.mix != nil {
		return ScorerCombined
	}
	if p.nn != nil {
		return ScorerMLP
	}
	if p.bl != nil {
		return ScorerBiLSTM
	}
	return ScorerPerceptron
}

// ClusterID is the cluster table the model was trained with ("" none).
func (p *Parser) ClusterID() string {
	if p.trans == nil && p.nn == nil {
		return ""
	}
	if p.trans == nil {
		return p.nn.meta["clusters"]
	}
	return p.trans.meta["clusters"]
}

// SetClusters sets the cluster lookup (the table named by ClusterID).
func (p *Parser) SetClusters(f ClusterFunc) { p.clusters = f }

// Parse returns CoNLL-style heads (0 = root, else 1-based word index) and
// relation labels for each word.
func (p *Parser) Parse(in Input, sc *Scratch) (heads []int, rels []string) {
	if sc == nil {
		sc = &Scratch{}
	}
	n := len(in.Forms)
	heads, rels = make([]int, n), make([]string, n)
	p.parse(in, sc)
	labels := p.Labels()
	for i := 1; i <= n; i++ {
		heads[i-1] = sc.st.head[i]
		rels[i-1] = labels[sc.st.label[i]]
	}
	return
}

func (p *Parser) parse(in Input, sc *Scratch) {
	sc.f.ft, sc.f.lm = p.ft, p.label // the perceptron's tables, to prefetch features from
	if p.mix != nil {
		p.parseCombined(in, sc)
		return
	}
	if p.nn != nil {
		p.parseMLP(in, sc)
		return
	}
	if p.bl != nil {
		p.parseBiLSTM(in, sc)
		return
	}
	n := len(in.Forms)
	sc.tk = p.toks(&in, sc.tk)
	st := &sc.st
	st.reset(n)
	if len(sc.lsc) < len(p.label.Classes) {
		sc.lsc = make([]float32, len(p.label.Classes))
	}
	for !st.done() {
		for t := 0; t < nTrans; t++ {
			sc.allow[t] = st.valid(t)
		}
		transFeatures(&sc.f, st, sc.tk)
		t := p.ft.predict(sc.f.buf, sc.scores[:], sc.allow[:])
		lab := 0
		if t != tShift {
			h, d := st.arc(t)
			labelFeatures(&sc.f, st, sc.tk, h, d, t)
			lab = p.label.Predict(sc.f.buf, sc.lsc[:len(p.label.Classes)], nil)
			if h == 0 {
				if r := p.rootLabel(); r >= 0 {
					lab = r
				}
			}
		}
		st.apply(t, lab)
	}
}

func (p *Parser) rootLabel() int {
	for i, c := range p.label.Classes {
		if c == "root" {
			return i
		}
	}
	return -1
}

// Sentence is a training sentence: input plus gold heads (0 = root) and
// relations.
type Sentence struct {
	Input
	Heads []int
	Rels  []string
}

// Options for training.
type Options struct {
	Epochs    int
	Seed      uint64
	Explore   float64 // probability of following the model's own transition after epoch 1
	Clusters  ClusterFunc
	ClusterID string
	// Prune drops averaged weights of at most this magnitude (0: 0.001).
	Prune float32
	Log   func(format string, a ...any)
	// Ensemble trains this many perceptrons on different shuffles (seeds
	// Seed, Seed+1, ...) in parallel and averages their weights into one
	// model (0 or 1: a single perceptron).
	Ensemble int
	// MemberData, when set, gives ensemble member i its own copy of the
	// training sentences, MemberData[i%len] (e.g. differently jack-knifed
	// tags); the copies must share the gold trees.
	MemberData [][]Sentence
	// Ctx, when set, stops training early with its error.
	Ctx context.Context

	// Scorer picks the transition scorer: ScorerPerceptron ("" too) or
	// ScorerMLP. The fields below are for ScorerMLP only.
	Scorer string
	// Hidden is the hidden layer's width (0: 128).
	Hidden int
	// LR is AdaGrad's learning rate (0: 0.02); Dropout the hidden units'
	// drop probability (0: none).
	LR, Dropout float64
	// Dev, when set, is scored after every epoch (the log shows it).
	Dev []Sentence
	// WordDropout is α of word dropout: a word seen c times in training is
	// read as unknown with probability α/(α+c).
	WordDropout float64
	// Activation is "relu" ("" too) or "cube".
	Activation string
	// AverageFrom is the epoch (0-based) from which the weights are
	// averaged; negative: no averaging.
	AverageFrom int
	// Mix weighs the network against the perceptron (ScorerCombined only).
	Mix Mix
	// Vectors are pre-trained word vectors (lower-cased words), used to
	// initialise the word rows; VectorsID names them in the model.
	Vectors   map[string][]float32
	VectorsID string
	// LSTM shapes ScorerBiLSTM.
	LSTM LSTMOptions
}

// Scorers.
const (
	ScorerPerceptron = "perceptron"
	ScorerMLP        = "mlp"
)

// Train trains a parser.
func Train(sents []Sentence, opt Options) (*Parser, error) {
	if len(sents) == 0 {
		return nil, errors.New("parse: no training sentences")
	}
	if opt.Epochs <= 0 {
		opt.Epochs = 12
	}
	logf := opt.Log
	if logf == nil {
		logf = func(string, ...any) {}
	}
	labels, gs, nonproj := prepare(sents)
	logf("parse: %d sentences, %d labels, %d arcs lifted to projectivise", len(sents), len(labels), nonproj)
	if opt.Scorer == ScorerMLP {
		return trainMLP(sents, gs, labels, opt, logf)
	} else if opt.Scorer == ScorerBiLSTM {
		return trainBiLSTM(sents, gs, labels, opt, logf)
	} else if opt.Scorer == ScorerCombined {
		return trainCombined(sents, opt, logf)
	} else if opt.Scorer != "" && opt.Scorer != ScorerPerceptron {
		return nil, fmt.Errorf("parse: unknown scorer %q", opt.Scorer)
	}
	nm := max(opt.Ensemble, 1)
	type member struct {
		tt, lt *perceptron.Trainer
		err    error
	}
	ms := make([]member, nm)
	var wg sync.WaitGroup
	for i := range ms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mlog := logf
			if nm > 1 {
				mlog = func(f string, a ...any) { logf("member %d: "+f, append([]any{i + 1}, a...)...) }
			}
			if len(opt.MemberData) > 0 {
				md := opt.MemberData[i%len(opt.MemberData)]
				ml, mg, _ := prepare(md)
				if !slices.Equal(ml, labels) {
					ms[i].err = errors.New("parse: member data has other labels")
					return
				}
				ms[i].tt, ms[i].lt, ms[i].err = trainMember(md, mg, labels, opt, opt.Seed+uint64(i), mlog)
				return
			}
			ms[i].tt, ms[i].lt, ms[i].err = trainMember(sents, gs, labels, opt, opt.Seed+uint64(i), mlog)
		}()
	}
	wg.Wait()
	for _, m := range ms {
		if m.err != nil {
			return nil, m.err
		}
	}
	meta := map[string]string{"kind": "parser", "features": featureVersion, "epochs": strconv.Itoa(opt.Epochs), "seed": strconv.FormatUint(opt.Seed, 10),
		"explore": strconv.FormatFloat(opt.Explore, 'g', -1, 64), "clusters": opt.ClusterID}
	lmeta := map[string]string{"kind": "parser-labels"}
	if opt.Prune <= 0 {
		opt.Prune = 0.001
	}
	p := &Parser{clusters: opt.Clusters}
	if nm == 1 {
		p.trans = loaded(ms[0].tt.Average(meta, opt.Prune))
		p.label = ms[0].lt.Average(lmeta, opt.Prune)
	} else {
		meta["ensemble"] = strconv.Itoa(nm)
		var ts, ls []*perceptron.Model
		for i := range ms {
			ts = append(ts, ms[i].tt.Average(nil, 0))
			ls = append(ls, ms[i].lt.Average(nil, 0))
			ms[i] = member{}
		}
		var err error
		tm, err := mergeModels(ts, meta, opt.Prune)
		if err != nil {
			return nil, err
		}
		p.trans = loaded(tm)
		if p.label, err = mergeModels(ls, lmeta, opt.Prune); err != nil {
			return nil, err
		}
	}
	p.ft = newFastTrans(p.trans.m)
	return p, nil
}

// trainMember trains one transition and one label perceptron.
func trainMember(sents []Sentence, gs []gsent, labels []string, opt Options, seed uint64, logf func(string, ...any)) (tt, lt *perceptron.Trainer, err error) {
	tt = perceptron.NewTrainer([]string{"SHIFT", "LEFT", "RIGHT"})
	lt = perceptron.NewTrainer(labels)
	p := &Parser{clusters: opt.Clusters}
	rng := rand.New(rand.NewPCG(seed, 0x9a45e))
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	sc := &Scratch{}
	lsc := make([]float32, len(labels))
	var costs [nTrans]int
	for ep := 0; ep < opt.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		var right, total, lright, ltotal int
		for n, si := range order {
			if opt.Ctx != nil && n%256 == 0 && opt.Ctx.Err() != nil {
				return nil, nil, opt.Ctx.Err()
			}
			s, g := &sents[si], &gs[si]
			n := len(s.Forms)
			sc.tk = p.toks(&s.Input, sc.tk)
			st := &sc.st
			st.reset(n)
			for !st.done() {
				for t := 0; t < nTrans; t++ {
					sc.allow[t] = st.valid(t)
					costs[t] = 1 << 30
					if sc.allow[t] {
						costs[t] = st.cost(t, g.gold, g.deps)
					}
				}
				transFeatures(&sc.f, st, sc.tk)
				tt.Predict(sc.f.buf, sc.scores[:], nil)
				pred, best := -1, -1
				for t := 0; t < nTrans; t++ {
					if !sc.allow[t] {
						continue
					}
					if pred < 0 || sc.scores[t] > sc.scores[pred] {
						pred = t
					}
				}
				minCost := 1 << 30
				for t := 0; t < nTrans; t++ {
					if sc.allow[t] && costs[t] < minCost {
						minCost = costs[t]
					}
				}
				for t := 0; t < nTrans; t++ {
					if sc.allow[t] && costs[t] == minCost && (best < 0 || sc.scores[t] > sc.scores[best]) {
						best = t
					}
				}
				if costs[pred] != minCost {
					tt.Update(sc.f.buf, best, pred, 1)
				} else {
					right++
				}
				total++
				tt.Tick()
				next := best
				if costs[pred] == minCost || (ep > 0 && rng.Float64() < opt.Explore) {
					next = pred
				}
				lab := 0
				if next != tShift {
					h, d := st.arc(next)
					labelFeatures(&sc.f, st, sc.tk, h, d, next)
					lp := lt.Predict(sc.f.buf, lsc, nil)
					lab = lp
					if g.gold[d] == h {
						gl := g.rel[d]
						lt.Update(sc.f.buf, gl, lp, 1)
						lt.Tick()
						if lp == gl {
							lright++
						}
						ltotal++
						lab = gl
					}
				}
				st.apply(next, lab)
			}
		}
		logf("parse: epoch %d transitions %.2f%% labels %.2f%%", ep+1, 100*float64(right)/float64(total), 100*float64(lright)/float64(max(ltotal, 1)))
	}
	return tt, lt, nil
}

// gsent is a training sentence's gold tree, projectivised.
type gsent struct {
	gold []int   // by word index 1..n, gold[0] unused
	rel  []int   // label id by word
	deps [][]int // gold dependents
}

// prepare collects the label set (sorted) and projectivises the gold trees.
func prepare(sents []Sentence) (labels []string, gs []gsent, nonproj int) {
	labSet := map[string]bool{}
	for _, s := range sents {
		for _, r := range s.Rels {
			labSet[r] = true
		}
	}
	labels = make([]string, 0, len(labSet))
	for l := range labSet {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	lidx := map[string]int{}
	for i, l := range labels {
		lidx[l] = i
	}
	gs = make([]gsent, len(sents))
	for i, s := range sents {
		n := len(s.Forms)
		g := gsent{gold: make([]int, n+2), rel: make([]int, n+2), deps: make([][]int, n+2)}
		g.gold[0] = -1
		for j := 0; j < n; j++ {
			g.gold[j+1] = s.Heads[j]
			g.rel[j+1] = lidx[s.Rels[j]]
		}
		nonproj += projectivize(g.gold[:n+1])
		for d := 1; d <= n; d++ {
			g.deps[g.gold[d]] = append(g.deps[g.gold[d]], d)
		}
		gs[i] = g
	}
	return labels, gs, nonproj
}

// projectivize lifts non-projective arcs (Nivre & Nilsson 2005, without
// label encoding) until the tree is projective; heads[0] is ignored. It
// returns the number of lifts.
func projectivize(heads []int) int {
	n := len(heads) - 1
	lifts := 0
	for iter := 0; iter < 4*n+4; iter++ {
		// find the shortest non-projective arc
		bestD, bestLen := -1, 1<<30
		for d := 1; d <= n; d++ {
			h := heads[d]
			if h < 0 {
				continue
			}
			lo, hi := min(h, d), max(h, d)
			for k := lo + 1; k < hi; k++ {
				if !dominates(heads, h, k) {
					if hi-lo < bestLen {
						bestD, bestLen = d, hi-lo
					}
					break
				}
			}
		}
		if bestD < 0 {
			return lifts
		}
		if h := heads[bestD]; h > 0 {
			heads[bestD] = heads[h]
			lifts++
		} else {
			return lifts
		}
	}
	return lifts
}

func dominates(heads []int, h, k int) bool {
	for steps := 0; k > 0 && steps < len(heads); steps++ {
		k = heads[k]
		if k == h {
			return true
		}
	}
	return h == 0
}

// featureVersion changes whenever the features change, so an old model is
// refused instead of silently parsing badly.
const featureVersion = "1"

// File format: magic "NGDP" | len u32 | transition model | len u32 | label
// model. Each model carries its own checksum.
const fileMagic = "NGDP"

// Encode writes the parser's model file.
func (p *Parser) Encode() ([]byte, error) {
	if p.mix != nil {
		return p.encodeCombined()
	}
	if p.nn != nil {
		return p.nn.encode(), nil
	}
	if p.bl != nil {
		return p.bl.encode(), nil
	}
	var out bytes.Buffer
	out.WriteString(fileMagic)
	tm, err := p.trans.model()
	if err != nil {
		return nil, err
	}
	for _, m := range []*perceptron.Model{tm, p.label} {
		var b bytes.Buffer
		if _, err := m.WriteTo(&b); err != nil {
			return nil, err
		}
		binary.Write(&out, binary.LittleEndian, uint32(b.Len()))
		out.Write(b.Bytes())
	}
	return out.Bytes(), nil
}

// ErrCorrupt is returned for a damaged parser model file.
var ErrCorrupt = errors.New("parse: corrupt model file")

// Decode reads a parser model file.
func Decode(b []byte) (*Parser, error) {
	if len(b) >= 4 && string(b[:4]) == combinedMagic {
		return decodeCombined(b)
	}
	if len(b) >= 4 && string(b[:4]) == blMagic {
		m, err := decodeBiLSTM(b)
		if err != nil {
			return nil, err
		}
		return &Parser{bl: m}, nil
	}
	if len(b) >= 4 && string(b[:4]) == mlpMagic {
		m, err := decodeMLP(b)
		if err != nil {
			return nil, err
		}
		return &Parser{nn: m}, nil
	}
	if len(b) < 8 || string(b[:4]) != fileMagic {
		return nil, fmt.Errorf("%w: bad magic or too short", ErrCorrupt)
	}
	b = b[4:]
	var ms [2]*perceptron.Model
	var transFile []byte
	for i := range ms {
		if len(b) < 4 {
			return nil, fmt.Errorf("%w: truncated", ErrCorrupt)
		}
		n := binary.LittleEndian.Uint32(b)
		b = b[4:]
		if uint64(n) > uint64(len(b)) {
			return nil, fmt.Errorf("%w: truncated", ErrCorrupt)
		}
		if i == 0 {
			// Only its header now: the fast table below is read from
			// the file, and the Model is built if something needs it.
			classes, meta, err := perceptron.DecodeHeader(b[:n])
			if err != nil {
				return nil, fmt.Errorf("parse: model %d: %w", i, err)
			}
			ms[i] = &perceptron.Model{Classes: classes, Meta: meta}
			transFile = b[:n]
		} else {
			m, err := perceptron.Decode(b[:n])
			if err != nil {
				return nil, fmt.Errorf("parse: model %d: %w", i, err)
			}
			ms[i] = m
		}
		b = b[n:]
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%w: trailing bytes", ErrCorrupt)
	}
	if ms[0].Meta["kind"] != "parser" || len(ms[0].Classes) != nTrans || ms[1].Meta["kind"] != "parser-labels" {
		return nil, fmt.Errorf("%w: not a parser model", ErrCorrupt)
	}
	if v := ms[0].Meta["features"]; v != featureVersion && !(v == "" && featureVersion == "1") {
		return nil, fmt.Errorf("parse: model has feature set %q, this code computes %q: retrain it", v, featureVersion)
	}
	_, keys, rows, err := perceptron.DecodeRows(transFile)
	if err != nil {
		return nil, err
	}
	return &Parser{trans: &lazyModel{file: transFile, meta: ms[0].Meta}, label: ms[1], ft: fastFromRows(keys, rows)}, nil
}

// Pruned returns the parser without weights of magnitude at most threshold.
func (p *Parser) Pruned(threshold float32) *Parser { return p.PrunedParts(threshold, threshold) }

// PrunedParts is Pruned with one threshold for the transition model and
// one for the label model (0: that model unchanged). A combined model's
// transition perceptron loses little to pruning where the BiLSTM also
// scores, and a smaller table is faster to probe.
func (p *Parser) PrunedParts(trans, label float32) *Parser {
	if p.trans == nil {
		return p
	}
	tm, err := p.trans.model()
	if err != nil {
		return p // a damaged file fails Decode; a decoded one rebuilds
	}
	lm := p.label
	if label > 0 {
		lm = lm.Pruned(label)
	}
	if trans > 0 {
		tm = tm.Pruned(trans)
	}
	q := &Parser{trans: loaded(tm), label: lm, nn: p.nn, mix: p.mix, bl: p.bl, blx: p.blx, clusters: p.clusters}
	q.ft = newFastTrans(q.trans.m)
	return q
}

// lazyModel is the transition perceptron, built from its file on first
// use. Parsing scores transitions from the fast table (ft), so a decoded
// parser needs the Model only to be re-encoded or pruned; building it at
// load time doubled the load's time and memory.
type lazyModel struct {
	once sync.Once
	file []byte            // the model file, checked at load (nil when m is given)
	meta map[string]string // its meta, known without building it
	m    *perceptron.Model
	err  error
}

func loaded(m *perceptron.Model) *lazyModel { return &lazyModel{meta: m.Meta, m: m} }

// model is the built perceptron.
func (l *lazyModel) model() (*perceptron.Model, error) {
	l.once.Do(func() {
		if l.m == nil {
			l.m, l.err = perceptron.Decode(l.file)
		}
	})
	return l.m, l.err
}
