// Package tag is the part-of-speech tagger and lemmatiser: a greedy
// left-to-right averaged perceptron over hashed features that predicts UPOS
// and XPOS jointly (one class per seen UPOS|XPOS pair), trained on its own
// predicted history, with a tag dictionary for frequent unambiguous words and
// lemmas from a (form, XPOS) table plus suffix rules.
package tag

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
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
}

// Sentence is a training sentence.
type Sentence struct {
	Words  []string
	Tags   []Tag
	Lemmas []string
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
}

// Scratch holds per-goroutine buffers so tagging does not allocate.
type Scratch struct {
	info   []wordInfo
	feats  []perceptron.Feature
	scores []float32
	h      perceptron.Hasher
	hist   []int
	ents   []*cacheEntry
	cache  map[string]*cacheEntry
	owner  *Tagger // the tagger whose scores the cache holds
}

func className(t Tag) string { return t.UPOS + "|" + t.XPOS }

// Tags tags words; the result has one Tag per word.
func (t *Tagger) Tags(words []string, sc *Scratch) []Tag {
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

// cacheEntry is what tagging needs of a word regardless of context: its
// hashes, its dictionary class, and the scores of its static features.
type cacheEntry struct {
	info   wordInfo
	dict   int
	static []float32
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
		sc.feats = t.staticFeatures(&sc.h, sc.feats[:0], &e.info)
		e.static = make([]float32, len(t.tags))
		t.model.Scores(sc.feats, e.static)
	}
	sc.cache[strings.Clone(w)] = e
	return e
}

// decode tags with the averaged model, reusing cached static scores.
func (t *Tagger) decode(words []string, sc *Scratch) []int {
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
	sc.hist = sc.hist[:0]
	p1, p2 := -1, -2
	for i, e := range sc.ents {
		c := e.dict
		if c < 0 {
			copy(sc.scores, e.static)
			sc.feats = t.contextFeatures(&sc.h, sc.feats[:0], sc.info, i, p1, p2)
			t.model.Scores(sc.feats, sc.scores)
			c = perceptron.Argmax(sc.scores, nil)
			if c < 0 {
				c = 0
			}
		}
		sc.hist = append(sc.hist, c)
		p2, p1 = p1, c
	}
	return sc.hist
}

// Train trains a tagger on sentences.
func Train(sents []Sentence, opt Options) (*Tagger, error) {
	if len(sents) == 0 {
		return nil, errors.New("tag: no training sentences")
	}
	if opt.Epochs <= 0 {
		opt.Epochs = 8
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
	t := &Tagger{clusters: opt.Clusters, dict: map[string]int{}, ambig: map[string]string{}, lemmas: map[string]string{}}
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
	tr := perceptron.NewTrainer(names)
	rng := rand.New(rand.NewPCG(opt.Seed, 0x7a66))
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
				return nil, opt.Ctx.Err()
			}
			pred := t.classes(sents[si].Words, sc, tr, gold[si])
			for i, c := range pred {
				if c == gold[si][i] {
					right++
				}
				total++
			}
		}
		logf("tag: epoch %d train accuracy %.2f%%", ep+1, 100*float64(right)/float64(total))
	}
	meta := map[string]string{"kind": "tagger", "features": featureVersion, "epochs": strconv.Itoa(opt.Epochs), "seed": strconv.FormatUint(opt.Seed, 10), "clusters": opt.ClusterID}
	for k, v := range map[string]any{"dict": t.dict, "ambig": t.ambig, "lemmas": t.lemmas} {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		meta[k] = string(b)
	}
	t.model = tr.Average(meta, 0.001)
	return t, nil
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
	t.known = knownLemmas(t.lemmas)
	return t, nil
}

// Decode reads a tagger model file's bytes.
func Decode(b []byte) (*Tagger, error) {
	m, err := perceptron.Decode(b)
	if err != nil {
		return nil, err
	}
	return FromModel(m)
}
