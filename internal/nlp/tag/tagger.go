// Package tag is the part-of-speech tagger and lemmatiser: a greedy
// left-to-right averaged perceptron over hashed features that predicts UPOS
// and XPOS jointly (one class per seen UPOS|XPOS pair), trained on its own
// predicted history, with a tag dictionary for frequent unambiguous words and
// lemmas from a (form, XPOS) table plus suffix rules.
package tag

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
)

var ambigMin = 5

// featureVersion changes whenever the features change, so an old model is
// refused instead of silently scoring garbage.
const featureVersion = "2"

// Tag is a tagger's output for one word.
type Tag struct {
	UPOS, XPOS string
}

// ClusterFunc returns a word's cluster ids at three granularities, or -1s.
type ClusterFunc func(word string) (c64, c256, c1024 int)

// Tagger is a trained tagger. It is safe for concurrent use.
type Tagger struct {
	model    *perceptron.Model
	tags     []Tag             // class → tag pair
	dict     map[string]int    // lower-cased word → class, for frequent unambiguous words
	ambig    map[string]string // lower-cased word → its seen classes ("3,17")
	lemmas   map[string]string // lower form + "\x00" + XPOS → lemma
	known    map[string]bool   // every lemma the table holds, to choose among stem candidates
	clusters ClusterFunc
	// lex maps a lower-cased word to its neighbour-lexicon entry
	// ("TOP\tSET", tools/taglex); lexMode says which features use it.
	lex     map[string]lexEntry
	lexMode int
	lexText string // the lexicon as read from the model (for TrainOptions)
	// twoPass: a second pass rescores the words whose first-pass margin is
	// below gate, seeing the first pass's tags of the right context.
	twoPass bool
	gate    float32
	// gateTitle, when above 0, replaces gate for title-cased words.
	gateTitle float32
	// docFeats: the second pass's document features (docTags|docCase|
	// docSent bits); upos maps a class to its UPOS id for them.
	docFeats int
	upos     []uint8
	model2   *perceptron.Model // the second pass, in its own table so the first pass's stays small
	// nerFeats: the model has entity-label templates (Options.NER); words
	// are then tagged with TagsNER.
	nerFeats bool
	// net, when set, rescores the second pass's words whose first-pass
	// margin is below netGate: netWeight·p_net + (1-netWeight)·
	// softmax(pass-2 scores / netTemp).
	net                         *netModel
	netWeight, netTemp, netGate float32
	netTrace                    func(i int, scores2, net []float32) // tests: sees the inputs of every mix
	// lstm, when set, rescores the second pass's words whose first-pass
	// margin is below lstmGate (lstm.go).
	lstm                           *lstmModel
	lstmMore                       []*lstmModel // further BiLSTMs averaged with lstm (an ensemble)
	lstmWeight, lstmTemp, lstmGate float32
	lstmLog                        bool // log-linear mix
	lstmUPOS                       bool // the mix picks the UPOS, the second pass the XPOS
}

// Sentence is a training sentence.
type Sentence struct {
	Words  []string
	Tags   []Tag
	Lemmas []string
	// NewDoc marks the first sentence of a document (CoNLL-U "# newdoc"),
	// for the document features.
	NewDoc bool
	// NER holds the named-entity recogniser's label of each word, BILOU
	// position and type ("B-PER", "L-ORG", "U-NORP"; "" or "O" outside
	// entities), read only when Options.NER is set; nil means none.
	NER []string
}

// Options for training.
type Options struct {
	Epochs   int
	Seed     uint64
	Clusters ClusterFunc
	// ClusterID names the cluster table the model was trained with; it is
	// recorded in the model so a mismatch can be detected at load.
	ClusterID string
	Log       func(format string, a ...any)
	// Ctx, when set, stops training early with its error.
	Ctx context.Context
	// SecondPass adds a second left-to-right pass that also sees the first
	// pass's tags of the next words (Toutanova et al. 2003; Shen et al.
	// 2007), trained on first-pass tags jack-knifed over Folds folds.
	SecondPass bool
	Folds      int // default 4
	// Ensemble > 1 trains that many first-pass perceptrons on different
	// shuffles (seeds Seed, Seed+1, …) and averages their weights into one
	// model: the accuracy of a vote at the lookup cost of one model.
	Ensemble int
	// Lexicon is a neighbour lexicon (tools/taglex output, uncompressed:
	// "word TAB top TAB set" lines); it rides in the model. LexMode selects
	// the features that use it (lexStatic|lexAmbig|lexContext bits).
	Lexicon []byte
	LexMode int
	// Pass2Ensemble: with Ensemble > 1 and SecondPass, every member also
	// trains a second pass, merged like the first (else member 0's alone).
	Pass2Ensemble bool
	// Prune drops averaged weights of at most this magnitude (0: 0.001).
	// Rare features' weights are small, and fewer rows mean fewer cache
	// misses: it trades accuracy for speed.
	Prune float32
	// Gate: at tagging time the second pass rescores only words whose
	// first-pass score margin is below it (0: every word not in the tag
	// dictionary). Training always uses every word.
	Gate float32
	// LSTM adds the BiLSTM rescorer (needs SecondPass; not with Net).
	LSTM *LSTMOptions
	// Net adds the window network (needs SecondPass), trained on the
	// second pass's jack-knifed first-pass tags; nil: none.
	Net *NetOptions
	// DocFeats adds document features to the second pass (bits: 1 the
	// first pass's majority UPOS of the word elsewhere in the document, 2
	// its casing elsewhere, 4 how title-cased its sentence is; doc.go).
	// Documents are runs of sentences from one with NewDoc.
	DocFeats int
	// NER adds templates over the entity recogniser's per-word labels
	// (Sentence.NER at training time, TagsNER at tagging time): off by
	// default, an experiment (issue 3: PROPN↔NOUN errors).
	NER bool
}

// Scratch holds per-goroutine buffers so tagging does not allocate.
type Scratch struct {
	info   []wordInfo
	feats  []perceptron.Feature
	scores []float32
	h      perceptron.Hasher
	hist   []int
	hist1  []int
	margin []float32
	ents   []*cacheEntry
	cache  map[string]*cacheEntry
	owner  *Tagger   // the tagger whose scores the cache holds
	ner    []string  // entity labels of the words being tagged (TagsNER), or nil
	nnh    []float32 // window network: hidden layer
	nns    []float32 // window network: a word's static input
	nnp    []float32 // window network: output
	nnpr   []float32 // window network: stacked first-pass distribution
	nncand []int     // window network: candidate classes
	// s1 holds first-pass scores (word i's at i·classes) of the words the
	// window network will see, or of every word when keepS1 is set.
	s1     []float32
	keepS1 bool
	ls     lstmCache // BiLSTM (lstm.go)
	// document features (doc.go)
	docSents []docSentence
	dict     []bool
	docIdx   map[uint64]int32
	docStats []docStat
}

func className(t Tag) string { return t.UPOS + "|" + t.XPOS }

// Tags tags words; the result has one Tag per word.
func (t *Tagger) Tags(words []string, sc *Scratch) []Tag {
	if sc != nil {
		sc.ner = nil
	}
	return t.tags1(words, sc)
}

// TagsNER is Tags for a model trained with Options.NER: ents holds the
// entity recogniser's label of each word (nil: all "O"). Other models
// ignore ents.
func (t *Tagger) TagsNER(words, ents []string, sc *Scratch) []Tag {
	if sc == nil {
		sc = &Scratch{}
	}
	sc.ner = ents
	defer func() { sc.ner = nil }()
	return t.tags1(words, sc)
}

// UsesNER reports whether the model was trained with entity labels.
func (t *Tagger) UsesNER() bool { return t.nerFeats }

func (t *Tagger) tags1(words []string, sc *Scratch) []Tag {
	out := make([]Tag, len(words))
	cls := t.classes(words, sc, nil, nil)
	for i, c := range cls {
		out[i] = t.tags[c]
	}
	return out
}

// classes runs the greedy decoder. When tr is set it trains on gold (one
// update per word) using the predicted history.
func (t *Tagger) classes(words []string, sc *Scratch, tr *perceptron.Trainer, gold []int) []int {
	if sc == nil {
		sc = &Scratch{}
	}
	if tr == nil {
		return t.decode(words, sc)
	}
	sc.info = t.info(words, sc.info)
	t.setNER(sc.info, sc.ner)
	t.setSentCase(sc.info)
	n := len(t.tags)
	if cap(sc.scores) < n {
		sc.scores = make([]float32, n)
	}
	sc.scores = sc.scores[:n]
	sc.hist = sc.hist[:0]
	p1, p2 := -1, -2
	for i, w := range words {
		c := -1
		if d, ok := t.dict[strings.ToLower(Norm(w))]; ok {
			c = d
		} else {
			sc.feats = t.features(&sc.h, sc.feats, sc.info, i, p1, p2)
			c = tr.Predict(sc.feats, sc.scores, nil)
			tr.Update(sc.feats, gold[i], c, 1)
			tr.Tick()
			if c < 0 {
				c = 0
			}
		}
		sc.hist = append(sc.hist, c)
		p2, p1 = p1, c
	}
	return sc.hist
}

// classes2 trains the second pass on one sentence: r holds the (jack-knifed)
// first-pass classes, the left history is the second pass's own.
func (t *Tagger) classes2(words []string, sc *Scratch, tr *perceptron.Trainer, gold, r []int, dv []docValues) {
	sc.info = t.info(words, sc.info)
	t.setNER(sc.info, sc.ner)
	for i, v := range dv {
		sc.info[i].dtag, sc.info[i].dcase, sc.info[i].scase = v.dtag, v.dcase, v.scase
	}
	if n := len(t.tags); len(sc.scores) != n {
		sc.scores = make([]float32, n)
	}
	p1, p2 := -1, -2
	for i, w := range words {
		c := -1
		if d, ok := t.dict[strings.ToLower(Norm(w))]; ok {
			c = d
		} else {
			sc.feats = t.features2(&sc.h, sc.feats, sc.info, i, p1, p2, r)
			c = tr.Predict(sc.feats, sc.scores, nil)
			tr.Update(sc.feats, gold[i], c, 1)
			tr.Tick()
			if c < 0 {
				c = 0
			}
		}
		p2, p1 = p1, c
	}
}

// cacheEntry is what tagging needs of a word regardless of context: its
// hashes, its dictionary class, and the scores of its static features.
type cacheEntry struct {
	info    wordInfo
	dict    int
	static  []float32
	static2 []float32   // second pass, filled when first needed
	nn      *netCache   // window network's first-layer products, when needed
	ls      [][]float32 // BiLSTM ensemble member j's first-layer product of the word's static input, when needed
}

const maxCache = 50000

func (t *Tagger) entry(w string, sc *Scratch) *cacheEntry {
	if sc.owner != t {
		sc.cache, sc.owner = nil, t
	}
	if e := sc.cache[w]; e != nil {
		return e
	}
	if sc.cache == nil || len(sc.cache) >= maxCache {
		sc.cache = make(map[string]*cacheEntry, 1024)
	}
	e := &cacheEntry{info: t.wordInfo(w), dict: -1}
	if d, ok := t.dict[strings.ToLower(Norm(w))]; ok {
		e.dict = d
	} else {
		sc.feats = t.staticFeatures(&sc.h, sc.feats[:0], &e.info, 0)
		e.static = make([]float32, len(t.tags))
		t.model.Scores(sc.feats, e.static)
	}
	sc.cache[strings.Clone(w)] = e
	return e
}

// decode tags with the averaged model, reusing cached static scores.
func (t *Tagger) decode(words []string, sc *Scratch) []int {
	t.decode1(words, sc)
	if !t.twoPass {
		return sc.hist
	}
	sc.hist1 = append(sc.hist1[:0], sc.hist...)
	if t.docWide() {
		// A document of one sentence.
		d := docSentence{info: sc.info, r: sc.hist1, m: sc.margin, dict: sc.dict[:0]}
		for _, e := range sc.ents {
			d.dict = append(d.dict, e.dict >= 0)
		}
		sc.dict = d.dict
		sc.docSents = append(sc.docSents[:0], d)
		t.setDocFeatures(sc.docSents, sc)
	}
	return t.decode2(words, sc)
}

// decode1 runs the first pass over words: sc.info and sc.ents hold the
// words' cache entries, sc.hist the classes and sc.margin their margins.
func (t *Tagger) decode1(words []string, sc *Scratch) {
	n := len(t.tags)
	if cap(sc.scores) < n {
		sc.scores = make([]float32, n)
	}
	sc.scores = sc.scores[:n]
	sc.info, sc.ents = sc.info[:0], sc.ents[:0]
	for _, w := range words {
		e := t.entry(w, sc)
		sc.info = append(sc.info, e.info)
		sc.ents = append(sc.ents, e)
	}
	t.setNER(sc.info, sc.ner)
	t.setSentCase(sc.info)
	sc.hist, sc.margin = sc.hist[:0], sc.margin[:0]
	p1, p2 := -1, -2
	for i, e := range sc.ents {
		c := e.dict
		var margin float32
		if c < 0 {
			copy(sc.scores, e.static)
			sc.feats = t.contextFeatures(&sc.h, sc.feats[:0], sc.info, i, p1, p2, 0)
			t.model.Scores(sc.feats, sc.scores)
			c, margin = argmax2(sc.scores)
			if sc.keepS1 || t.net != nil && t.net.stack && margin < t.netGate && (t.gate <= 0 || margin < t.gate) {
				t.keepScores(sc, i, len(sc.ents))
			}
		}
		sc.hist = append(sc.hist, c)
		sc.margin = append(sc.margin, margin)
		p2, p1 = p1, c
	}
}

// decode2 runs the second pass over the words decode1 left in sc, with
// sc.hist1 holding the first pass's classes; it returns sc.hist.
func (t *Tagger) decode2(words []string, sc *Scratch) []int {
	n := len(t.tags)
	p1, p2 := -1, -2
	sc.ls.done = false
	for i, e := range sc.ents {
		c := sc.hist[i]
		if e.dict < 0 && t.rescore(e, sc.margin[i]) {
			if e.static2 == nil {
				sc.feats = t.staticFeatures(&sc.h, sc.feats[:0], &e.info, pass2Base)
				e.static2 = make([]float32, n)
				t.model2.Scores(sc.feats, e.static2)
			}
			copy(sc.scores, e.static2)
			sc.feats = t.contextFeatures2(&sc.h, sc.feats[:0], sc.info, i, p1, p2, sc.hist1)
			t.model2.Scores(sc.feats, sc.scores)
			if t.net != nil && sc.margin[i] < t.netGate {
				c = t.mixNet(sc, words, i)
			} else if t.lstm != nil && sc.margin[i] < t.lstmGate {
				c = t.mixLSTM(sc, words, i)
			} else {
				c, _ = argmax2(sc.scores)
			}
			sc.hist[i] = c
		}
		p2, p1 = p1, c
	}
	return sc.hist
}

// rescore reports whether the second pass rescores a word with first-pass
// margin m.
func (t *Tagger) rescore(e *cacheEntry, m float32) bool {
	g := t.gate
	if t.gateTitle > 0 && e.info.title {
		g = t.gateTitle
	}
	return g <= 0 || m < g
}

// argmax2 is the best class (ties to the lower index, 0 when scores is
// empty) and its margin over the runner-up.
func argmax2(scores []float32) (int, float32) {
	best, second, bi := float32(math.Inf(-1)), float32(math.Inf(-1)), 0
	for i, s := range scores {
		if s > best {
			second, best, bi = best, s, i
		} else if s > second {
			second = s
		}
	}
	if len(scores) < 2 {
		return bi, float32(math.Inf(1))
	}
	return bi, best - second
}

// Train trains a tagger on sentences.
func Train(sents []Sentence, opt Options) (*Tagger, error) {
	if len(sents) == 0 {
		return nil, errors.New("tag: no training sentences")
	}
	if opt.Epochs <= 0 {
		opt.Epochs = 8
	}
	if opt.Prune <= 0 {
		opt.Prune = 0.001
	}
	logf := opt.Log
	if logf == nil {
		logf = func(string, ...any) {}
	}
	// Classes in a fixed order: by name.
	seen := map[string]Tag{}
	for _, s := range sents {
		for _, tg := range s.Tags {
			seen[className(tg)] = tg
		}
	}
	names := make([]string, 0, len(seen))
	for k := range seen {
		names = append(names, k)
	}
	sort.Strings(names)
	idx := map[string]int{}
	t := &Tagger{clusters: opt.Clusters, dict: map[string]int{}, ambig: map[string]string{}, lemmas: map[string]string{}, nerFeats: opt.NER}
	if len(opt.Lexicon) > 0 && opt.LexMode != 0 {
		var err error
		if t.lex, err = parseLex(string(opt.Lexicon)); err != nil {
			return nil, err
		}
		t.lexMode = opt.LexMode
	}
	for i, k := range names {
		idx[k] = i
		t.tags = append(t.tags, seen[k])
	}
	// Tag dictionary and ambiguity classes.
	counts := map[string]map[int]int{}
	lemCounts := map[string]map[string]int{}
	lemForm := map[string]string{}
	gold := make([][]int, len(sents))
	for si, s := range sents {
		g := make([]int, len(s.Words))
		for i, w := range s.Words {
			c := idx[className(s.Tags[i])]
			g[i] = c
			low := strings.ToLower(Norm(w))
			m := counts[low]
			if m == nil {
				m = map[int]int{}
				counts[low] = m
			}
			m[c]++
			if i < len(s.Lemmas) && s.Lemmas[i] != "" && s.Lemmas[i] != "_" {
				k := lemmaKey(low, s.Tags[i].XPOS)
				lm := lemCounts[k]
				if lm == nil {
					lm = map[string]int{}
					lemCounts[k] = lm
					lemForm[k] = Norm(w)
				}
				lm[s.Lemmas[i]]++
			}
		}
		gold[si] = g
	}
	for w, m := range counts {
		total, best, bc := 0, 0, 0
		cs := make([]int, 0, len(m))
		for c, n := range m {
			total += n
			if n > best || (n == best && c < bc) {
				best, bc = n, c
			}
			cs = append(cs, c)
		}
		if total >= 20 && float64(best)/float64(total) >= 0.995 {
			t.dict[w] = bc
		}
		// Rare words get no ambiguity class, so training sees what unknown
		// words look like at test time instead of their own gold tags.
		if total < ambigMin {
			continue
		}
		sort.Ints(cs)
		var sb strings.Builder
		for j, c := range cs {
			if j > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(strconv.Itoa(c))
		}
		t.ambig[w] = sb.String()
	}
	for k, m := range lemCounts {
		best, bl := 0, ""
		for l, n := range m {
			if n > best || (n == best && l < bl) {
				best, bl = n, l
			}
		}
		// Keep only what the rules would get wrong, to keep the table small.
		low, xpos, _ := strings.Cut(k, "\x00")
		if ruleLemma(lemForm[k], low, xpos) != bl {
			t.lemmas[k] = bl
		}
	}
	var jk [][]int
	var jkProbs, jkMargins [][]float32
	if opt.SecondPass && opt.Folds < 2 {
		opt.Folds = 4
	}
	if opt.SecondPass {
		var err error
		if jk, jkProbs, jkMargins, err = jackknife(sents, opt, idx); err != nil {
			return nil, err
		}
		t.twoPass, t.gate = true, opt.Gate
	}
	if opt.DocFeats != 0 {
		t.docFeats = opt.DocFeats
		t.initDoc()
	}
	// Ensemble members differ only in their shuffling seed; they train in
	// parallel and are merged into one model by averaging their weights.
	members := max(opt.Ensemble, 1)
	var dvs [][]docValues
	if t.docFeats != 0 && jk != nil {
		dvs = t.trainDocValues(sents, jk, jkMargins)
	}
	ms := make([]*perceptron.Model, members)
	ms2 := make([]*perceptron.Model, members)
	var tr, tr2 *perceptron.Trainer
	err := parallel(members, func(e int) error {
		me := perceptron.NewTrainer(names)
		var me2 *perceptron.Trainer
		if jk != nil && (e == 0 || opt.Pass2Ensemble) {
			me2 = perceptron.NewTrainer(names)
		}
		if err := t.trainEpochs(sents, gold, jk, dvs, me, me2, opt, opt.Seed+uint64(e), logf); err != nil {
			return err
		}
		if members == 1 {
			tr = me
		} else {
			ms[e] = me.Average(nil, 0)
		}
		if me2 != nil {
			if opt.Pass2Ensemble && members > 1 {
				ms2[e] = me2.Average(nil, 0)
			} else {
				tr2 = me2
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	meta := map[string]string{"kind": "tagger", "features": featureVersion, "epochs": strconv.Itoa(opt.Epochs), "seed": strconv.FormatUint(opt.Seed, 10), "clusters": opt.ClusterID}
	if t.twoPass {
		meta["passes"] = "2"
		meta["gate"] = strconv.FormatFloat(float64(t.gate), 'g', -1, 32)
		meta["folds"] = strconv.Itoa(opt.Folds)
		// The second pass's model rides in the first's header, so the file
		// stays one CRC-checked perceptron model.
		if tr2 != nil {
			t.model2 = tr2.Average(map[string]string{"kind": "tagger-pass2"}, opt.Prune)
		} else {
			meta["ensemble2"] = strconv.Itoa(members)
			t.model2 = perceptron.Merge(ms2, map[string]string{"kind": "tagger-pass2"}, opt.Prune)
		}
		var b bytes.Buffer
		if _, err := t.model2.WriteTo(&b); err != nil {
			return nil, err
		}
		meta["pass2"] = base64.StdEncoding.EncodeToString(b.Bytes())
	}
	if t.nerFeats {
		meta["ner"] = "1"
	}
	if t.docFeats != 0 {
		meta["docfeats"] = strconv.Itoa(t.docFeats)
	}
	if opt.Net != nil {
		if !t.twoPass {
			return nil, errors.New("tag: the window network needs the second pass")
		}
		no := *opt.Net
		no.Epoch = nil
		n, err := t.trainNet(sents, gold, jk, jkProbs, no, logf)
		if err != nil {
			return nil, err
		}
		no.defaults()
		t.net, t.netWeight, t.netTemp, t.netGate = n, no.Weight, no.Temp, no.Gate
		t.netMeta(meta)
	}
	if opt.LSTM != nil {
		if !t.twoPass || opt.Net != nil {
			return nil, errors.New("tag: the BiLSTM needs the second pass and no window network")
		}
		lo := *opt.LSTM
		lo.Epoch = nil
		m, err := t.trainLSTM(sents, gold, jk, lo, logf)
		if err != nil {
			return nil, err
		}
		lo.defaults()
		t.lstm, t.lstmWeight, t.lstmTemp, t.lstmGate, t.lstmLog, t.lstmUPOS = m, lo.Weight, lo.Temp, lo.Gate, lo.LogMix, lo.UPOS
		t.lstmMeta(meta)
	}
	if t.lex != nil {
		// With the window network the header needs the room, so the
		// lexicon (3.4 MB of text, 0.85 MB packed) rides gzip-compressed;
		// without it, as plain text, so models trained before lexgz
		// existed (the shipped one) are rebuilt byte for byte.
		if t.net != nil || t.lstm != nil {
			gz, err := gzipBytes(opt.Lexicon)
			if err != nil {
				return nil, err
			}
			meta["lexgz"] = base64.StdEncoding.EncodeToString(gz)
		} else {
			meta["lex"] = string(opt.Lexicon)
		}
		meta["lexmode"] = strconv.Itoa(t.lexMode)
	}
	for k, v := range map[string]any{"dict": t.dict, "ambig": t.ambig, "lemmas": t.lemmas} {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		meta[k] = string(b)
	}
	if opt.Prune != 0.001 {
		meta["prune"] = strconv.FormatFloat(float64(opt.Prune), 'g', -1, 32)
	}
	if members == 1 {
		t.model = tr.Average(meta, opt.Prune)
		return t, nil
	}
	meta["ensemble"] = strconv.Itoa(members)
	t.model = perceptron.Merge(ms, meta, opt.Prune)
	return t, nil
}

// trainEpochs trains one perceptron (and the second pass's, when tr2 is set)
// over opt.Epochs shuffles of the sentences drawn from seed.
func (t *Tagger) trainEpochs(sents []Sentence, gold, jk [][]int, dvs [][]docValues, tr, tr2 *perceptron.Trainer, opt Options, seed uint64, logf func(string, ...any)) error {
	rng := rand.New(rand.NewPCG(seed, 0x7a66))
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	sc := &Scratch{}
	for ep := 0; ep < opt.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		right, total := 0, 0
		for n, si := range order {
			if opt.Ctx != nil && n%512 == 0 && opt.Ctx.Err() != nil {
				return opt.Ctx.Err()
			}
			sc.ner = nil
			if t.nerFeats {
				sc.ner = sents[si].NER
			}
			if tr != nil {
				pred := t.classes(sents[si].Words, sc, tr, gold[si])
				for i, c := range pred {
					if c == gold[si][i] {
						right++
					}
					total++
				}
			}
			if tr2 != nil {
				var dv []docValues
				if dvs != nil {
					dv = dvs[si]
				}
				t.classes2(sents[si].Words, sc, tr2, gold[si], jk[si], dv)
			}
		}
		logf("tag: seed %d epoch %d train accuracy %.2f%%", seed, ep+1, 100*float64(right)/float64(total))
	}
	return nil
}

// Model returns the underlying perceptron model (for saving).
func (t *Tagger) Model() *perceptron.Model { return t.model }

// ClusterID is the cluster table the model expects ("" for none).
func (t *Tagger) ClusterID() string { return t.model.Meta["clusters"] }

// SetClusters sets the cluster lookup; it must be the table the model was
// trained with (see ClusterID).
func (t *Tagger) SetClusters(f ClusterFunc) { t.clusters = f }

// FromModel rebuilds a tagger from a decoded model.
func FromModel(m *perceptron.Model) (*Tagger, error) {
	if m.Meta["kind"] != "tagger" {
		return nil, fmt.Errorf("tag: model is not a tagger (kind %q)", m.Meta["kind"])
	}
	if m.Meta["features"] != featureVersion {
		return nil, fmt.Errorf("tag: model has feature set %q, this code computes %q: retrain it", m.Meta["features"], featureVersion)
	}
	t := &Tagger{model: m}
	for _, c := range m.Classes {
		u, x, ok := strings.Cut(c, "|")
		if !ok {
			return nil, fmt.Errorf("tag: bad class %q", c)
		}
		t.tags = append(t.tags, Tag{u, x})
	}
	for k, dst := range map[string]any{"dict": &t.dict, "ambig": &t.ambig, "lemmas": &t.lemmas} {
		if err := json.Unmarshal([]byte(m.Meta[k]), dst); err != nil {
			return nil, fmt.Errorf("tag: model %s table: %w", k, err)
		}
	}
	for w, c := range t.dict {
		if c < 0 || c >= len(t.tags) {
			return nil, fmt.Errorf("tag: model dict entry %q out of range", w)
		}
	}
	switch m.Meta["passes"] {
	case "", "1":
	case "2":
		g, err := strconv.ParseFloat(m.Meta["gate"], 32)
		if err != nil || g < 0 || math.IsNaN(g) {
			return nil, fmt.Errorf("tag: model gate %q", m.Meta["gate"])
		}
		raw, err := base64.StdEncoding.DecodeString(m.Meta["pass2"])
		if err != nil {
			return nil, fmt.Errorf("tag: second-pass model: %w", err)
		}
		m2, err := perceptron.Decode(raw)
		if err != nil {
			return nil, fmt.Errorf("tag: second-pass model: %w", err)
		}
		if m2.Meta["kind"] != "tagger-pass2" || !slices.Equal(m2.Classes, m.Classes) {
			return nil, errors.New("tag: second-pass model does not match the first")
		}
		t.twoPass, t.gate, t.model2 = true, float32(g), m2
	default:
		return nil, fmt.Errorf("tag: model has %q passes", m.Meta["passes"])
	}
	lx, err := metaLexicon(m.Meta)
	if err != nil {
		return nil, err
	}
	if lx != "" {
		t.lexText = lx
		mode, err := strconv.Atoi(m.Meta["lexmode"])
		if err != nil || mode <= 0 || mode > lexStatic|lexAmbig|lexContext|lexCaps {
			return nil, fmt.Errorf("tag: model lexicon mode %q", m.Meta["lexmode"])
		}
		if t.lex, err = parseLex(lx); err != nil {
			return nil, err
		}
		t.lexMode = mode
	}
	if v := m.Meta["docfeats"]; v != "" {
		d, err := strconv.Atoi(v)
		if err != nil || d <= 0 || d > docAll {
			return nil, fmt.Errorf("tag: model docfeats %q", v)
		}
		t.docFeats = d
		t.initDoc()
	}
	switch m.Meta["ner"] {
	case "":
	case "1":
		t.nerFeats = true
	default:
		return nil, fmt.Errorf("tag: model ner %q", m.Meta["ner"])
	}
	if err := t.netFromMeta(m.Meta); err != nil {
		return nil, err
	}
	if err := t.lstmFromMeta(m.Meta); err != nil {
		return nil, err
	}
	t.known = knownLemmas(t.lemmas)
	return t, nil
}

// lexEntry is a word's neighbour-lexicon entry (tools/taglex): its
// neighbours' top UPOS and UPOS set, and its capitalisation class.
type lexEntry struct {
	top, set, cap string
	rank          int // line number: the lexicon lists words by frequency, most frequent first
}

// TrainOptions are the options this model was trained with, as far as its
// header records them (epochs, seed, ensemble, lexicon and its mode, prune,
// second pass): what a jack-knife that should tag like this model (the
// parser's training input) passes to Train, after setting Clusters, Seed and
// any overrides.
func (t *Tagger) TrainOptions() Options {
	m := t.model.Meta
	var o Options
	o.Epochs, _ = strconv.Atoi(m["epochs"])
	o.Seed, _ = strconv.ParseUint(m["seed"], 10, 64)
	o.Ensemble, _ = strconv.Atoi(m["ensemble"])
	o.ClusterID = m["clusters"]
	if t.lexText != "" {
		o.Lexicon, o.LexMode = []byte(t.lexText), t.lexMode
	}
	if p, err := strconv.ParseFloat(m["prune"], 32); err == nil {
		o.Prune = float32(p)
	}
	o.NER = t.nerFeats
	o.DocFeats = t.docFeats
	if t.twoPass {
		o.SecondPass, o.Gate = true, t.gate
		o.Pass2Ensemble = m["ensemble2"] != ""
		o.Folds, _ = strconv.Atoi(m["folds"])
	}
	return o
}

// parseLex reads "word TAB top TAB set [TAB cap]" lines.
func parseLex(s string) (map[string]lexEntry, error) {
	m := make(map[string]lexEntry, strings.Count(s, "\n")+1)
	for ln, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 3 || len(f) > 4 || f[0] == "" {
			return nil, fmt.Errorf("tag: lexicon line %d: want word TAB top TAB set [TAB cap]", ln+1)
		}
		e := lexEntry{top: f[1], set: f[2], rank: ln}
		if len(f) == 4 {
			e.cap = f[3]
		}
		m[f[0]] = e
	}
	return m, nil
}

// jackknife tags each of opt.Folds folds of sents with a one-pass tagger
// trained on the others, giving the second pass first-pass tags as wrong as
// they are on unseen text. The result holds classes of idx.
//
// With opt.Net stacking, probs holds each word's first-pass distribution
// (netStackProbs; zeros for dictionary words) over idx's classes, len(words)
// × len(idx) per sentence.
func jackknife(sents []Sentence, opt Options, idx map[string]int) (out [][]int, probs, margins [][]float32, err error) {
	k := opt.Folds
	if k < 2 {
		k = 4
	}
	opt.Folds = k
	stack := opt.Net != nil && opt.Net.Stack
	out = make([][]int, len(sents))
	margins = make([][]float32, len(sents))
	if stack {
		probs = make([][]float32, len(sents))
	}
	for f := 0; f < k; f++ {
		var in []Sentence
		for i, s := range sents {
			if i%k != f {
				in = append(in, s)
			}
		}
		o := opt
		// One perceptron per fold: an ensemble here would cost its size
		// again for each fold.
		o.SecondPass, o.Seed, o.Ensemble, o.Net, o.LSTM = false, opt.Seed+uint64(f)+1, 1, nil, nil
		o.Log = nil
		tg, err := Train(in, o)
		if err != nil {
			return nil, nil, nil, err
		}
		var sc Scratch
		sc.keepS1 = stack
		fc := len(tg.tags)
		for i, s := range sents {
			if i%k != f {
				continue
			}
			tags := tg.TagsNER(s.Words, s.NER, &sc)
			r := make([]int, len(tags))
			for j, tt := range tags {
				r[j] = idx[className(tt)]
			}
			out[i] = r
			margins[i] = slices.Clone(sc.margin)
			if stack {
				C := len(idx)
				pr := make([]float32, len(tags)*C)
				buf := make([]float32, fc)
				for j, e := range sc.ents {
					if e.dict >= 0 {
						continue
					}
					copy(buf, sc.s1[j*fc:][:fc])
					netStackProbs(buf)
					for c, v := range buf {
						pr[j*C+idx[className(tg.tags[c])]] = v
					}
				}
				probs[i] = pr
			}
		}
		if opt.Log != nil {
			opt.Log("tag: jack-knife fold %d/%d tagged", f+1, k)
		}
	}
	return out, probs, margins, nil
}

// Decode reads a tagger model file's bytes.
func Decode(b []byte) (*Tagger, error) {
	m, err := perceptron.Decode(b)
	if err != nil {
		return nil, err
	}
	return FromModel(m)
}

// gzipBytes compresses b (deterministically: no name, no time).
func gzipBytes(b []byte) ([]byte, error) {
	var out bytes.Buffer
	zw, err := gzip.NewWriterLevel(&out, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// maxLexicon bounds a model's unpacked lexicon.
const maxLexicon = 256 << 20

// metaLexicon is the model's lexicon text: "lexgz" (base64 gzip) or, in
// models written before it was compressed, "lex".
func metaLexicon(meta map[string]string) (string, error) {
	gz := meta["lexgz"]
	if gz == "" {
		return meta["lex"], nil
	}
	raw, err := base64.StdEncoding.DecodeString(gz)
	if err != nil {
		return "", fmt.Errorf("tag: model lexicon: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return "", fmt.Errorf("tag: model lexicon: %w", err)
	}
	b, err := io.ReadAll(io.LimitReader(zr, maxLexicon+1))
	if err != nil {
		return "", fmt.Errorf("tag: model lexicon: %w", err)
	}
	if len(b) > maxLexicon {
		return "", errors.New("tag: model lexicon too large")
	}
	if len(b) == 0 {
		return "", errors.New("tag: model lexicon empty")
	}
	return string(b), nil
}
