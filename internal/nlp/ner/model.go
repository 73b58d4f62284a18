// Package ner is the named-entity recogniser: PER, ORG, LOC and MISC as in
// CoNLL-2003. Two greedy left-to-right averaged perceptrons over BILOU
// classes: stage 1 sees the sentence (words, shapes, affixes, GloVe
// clusters, gazetteers, its own previous labels, how the word is cased
// elsewhere in the document); stage 2 sees the same plus what stage 1 found
// for the same word elsewhere in the document (Ratinov & Roth's two-stage
// prediction aggregation), which settles headlines and short repeat mentions.
package ner

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"slices"
	"strings"
	"sync"

	"github.com/newsgraph/newsgraph/internal/nlp/cluster"
	"github.com/newsgraph/newsgraph/internal/nlp/gazetteer"
	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
	nermodel "github.com/newsgraph/newsgraph/models/ner"
)

// Recognizer tags documents. It is read-only and safe for concurrent use;
// WithOptions gives a copy that shares the models but decodes differently.
type Recognizer struct {
	stage1, stage2 *perceptron.Model
	fast1, fast2   *fastModel // lookup-friendly copies; nil falls back to the models
	clusters       *cluster.Table
	gaz            *gazetteer.Gazetteer
	tables         uint8 // table feature mode (see TrainOptions.Tables)
	opt            Options
	pool           *sync.Pool // scratch, shared by copies; nil allocates each call
}

// Options change how a Recognizer decodes, not its model. The zero value
// turns every rule off; DefaultOptions is what Decode, Default and Train give.
type Options struct {
	// Vote > 0 retypes an entity whose string has one type in at least that
	// share of its mentions in the document (window): stage 2 sees the other
	// mentions but still leaves a few odd ones out, as in a travel guide with
	// "Coron" 13 times a place, 4 an organisation and 6 a person. 0.7 kept
	// eng.testa (93.60 -> 93.62) and raised the GUM dev check 63.93 -> 64.48.
	Vote float64

	// Tidy applies three output rules for what Reuters barely shows the
	// model and other text has often (each left eng.testa's output as it
	// was and raised the GUM dev check; models/README.md has the numbers):
	//   - titles from the list "titles" ("Senator", "Prime Minister") leave
	//     the front of a person's name, as CoNLL-2003 annotates them (327 of
	//     the 338 capitalised titles before a name in eng.train lie outside it);
	//   - a one-word entity that is an interjection ("Um", "Oh") is dropped:
	//     eng.train has "Oh" once, so a transcript's "Um" looked like a name;
	//   - "?", "!" and square brackets do not begin or end a name ("Alex ?");
	//     round brackets stay (eng.train has "Mladost )").
	Tidy bool

	// Skip labels plain lower-case words O without scoring them when no
	// entity is open (see tok.plain); it changes very few labels and saves
	// most of the work on running text.
	Skip bool
}

// DefaultOptions are the options the shipped model is evaluated with.
func DefaultOptions() Options { return Options{Vote: 0.7, Tidy: true, Skip: true} }

// Options returns r's decoding options.
func (r *Recognizer) Options() Options { return r.opt }

// WithOptions returns a Recognizer that shares r's models and decodes with o;
// r itself is unchanged.
func (r *Recognizer) WithOptions(o Options) *Recognizer {
	c := *r
	c.opt = o
	return &c
}

// ErrCorrupt is returned for a damaged model file.
var ErrCorrupt = errors.New("ner: corrupt model file")

// File format: magic "NGNR" | version u32 | count u32 | (length u32 | perceptron model)×count | CRC-32 u32.
const (
	fileMagic   = "NGNR"
	fileVersion = 1
)

// Encode serialises the two stages.
func (r *Recognizer) Encode() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(fileMagic)
	binary.Write(&b, binary.LittleEndian, uint32(fileVersion))
	ms := []*perceptron.Model{r.stage1}
	if r.stage2 != nil {
		ms = append(ms, r.stage2)
	}
	binary.Write(&b, binary.LittleEndian, uint32(len(ms)))
	for _, m := range ms {
		var mb bytes.Buffer
		if _, err := m.WriteTo(&mb); err != nil {
			return nil, err
		}
		binary.Write(&b, binary.LittleEndian, uint32(mb.Len()))
		b.Write(mb.Bytes())
	}
	binary.Write(&b, binary.LittleEndian, crc32.ChecksumIEEE(b.Bytes()))
	return b.Bytes(), nil
}

// Decode reads a model file and attaches the cluster table and gazetteer.
// A truncated or damaged file is an ErrCorrupt, never a panic.
func Decode(b []byte, cl *cluster.Table, gz *gazetteer.Gazetteer) (*Recognizer, error) {
	bad := func(why string) (*Recognizer, error) { return nil, fmt.Errorf("%w: %s", ErrCorrupt, why) }
	if len(b) < 16 || string(b[:4]) != fileMagic {
		return bad("bad magic or too short")
	}
	body := b[:len(b)-4]
	if crc32.ChecksumIEEE(body) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return bad("checksum mismatch (truncated or damaged)")
	}
	if v := binary.LittleEndian.Uint32(body[4:]); v != fileVersion {
		return bad(fmt.Sprintf("unsupported version %d", v))
	}
	n := binary.LittleEndian.Uint32(body[8:])
	if n < 1 || n > 2 {
		return bad("model count")
	}
	p := 12
	var ms []*perceptron.Model
	var fs []*fastModel
	var tables uint8
	for i := 0; i < int(n); i++ {
		if p+4 > len(body) {
			return bad("truncated")
		}
		l := int(binary.LittleEndian.Uint32(body[p:]))
		p += 4
		if l < 0 || l > len(body)-p {
			return bad("model length")
		}
		m, err := perceptron.Decode(body[p : p+l])
		if err != nil {
			return nil, fmt.Errorf("ner: stage %d: %w", i+1, err)
		}
		mode := slices.Index(tableVersions[:], m.Meta["features"])
		if m.NumClasses() != nClasses || mode < 0 || (i > 0 && uint8(mode) != tables) {
			return bad("classes or feature version do not match this build")
		}
		tables = uint8(mode)
		for c, name := range m.Classes {
			if name != classNames[c] {
				return bad("class names")
			}
		}
		ms = append(ms, m)
		fs = append(fs, newFastModel(m, body[p:p+l]))
		p += l
	}
	if p != len(body) {
		return bad("trailing bytes")
	}
	r := &Recognizer{stage1: ms[0], fast1: fs[0], clusters: cl, gaz: gz, tables: tables, opt: DefaultOptions(), pool: new(sync.Pool)}
	if len(ms) == 2 {
		r.stage2, r.fast2 = ms[1], fs[1]
	}
	return r, nil
}

var (
	defOnce sync.Once
	defRec  *Recognizer
	defErr  error
)

// Default returns the embedded model with the embedded clusters and
// gazetteer, loaded once.
func Default() (*Recognizer, error) {
	defOnce.Do(func() {
		cl, err := cluster.Default()
		if err != nil {
			defErr = err
			return
		}
		gz, err := gazetteer.Default()
		if err != nil {
			defErr = err
			return
		}
		defRec, defErr = Decode(nermodel.Model, cl, gz)
	})
	return defRec, defErr
}

// Meta returns the stage-1 model's metadata (training data, seed, ...).
func (r *Recognizer) Meta() map[string]string { return r.stage1.Meta }

type scratch struct {
	feats  []uint64
	scores []float32
	allow  [nClasses]bool
}

func (r *Recognizer) getScratch() *scratch {
	if r.pool != nil {
		if s, ok := r.pool.Get().(*scratch); ok {
			return s
		}
	}
	return &scratch{scores: make([]float32, nClasses)}
}

func (r *Recognizer) putScratch(s *scratch) {
	if r.pool != nil {
		r.pool.Put(s)
	}
}

// maxWindow bounds the tokens that share document context. Training
// documents have at most about 1,300 tokens; a longer input (a CoNLL file
// with no -DOCSTART- lines, a very long page) is tagged in windows of
// consecutive sentences, so the context statistics look like those seen in
// training and the work stays linear.
const maxWindow = 2000

// TagDocument tags the sentences of one document (each a slice of tokens)
// and returns the entities of each sentence.
func (r *Recognizer) TagDocument(doc [][]string) [][]Entity {
	out := make([][]Entity, 0, len(doc))
	for start := 0; start < len(doc); {
		end, n := start, 0
		for end < len(doc) && (end == start || n+len(doc[end]) <= maxWindow) {
			n += len(doc[end])
			end++
		}
		out = append(out, r.tagWindow(doc[start:end])...)
		start = end
	}
	return out
}

func (r *Recognizer) tagWindow(doc [][]string) [][]Entity {
	ss := make([]sent, len(doc))
	for i, words := range doc {
		prepare(words, r.clusters, r.gaz, &ss[i], r.tables)
	}
	fillDocCase(ss)
	sc := r.getScratch()
	defer r.putScratch(sc)
	var m1, m2 scorer = r.stage1, r.stage2
	if r.fast1 != nil {
		m1 = r.fast1
	}
	if r.fast2 != nil {
		m2 = r.fast2
	}
	for i := range ss {
		ss[i].s1 = decode(m1, &ss[i], false, r.opt.Skip, sc, nil)
	}
	out := make([][]Entity, len(ss))
	titles := -1
	if r.gaz != nil {
		titles = r.gaz.ListIndex("titles")
	}
	if r.stage2 == nil {
		for i := range ss {
			out[i] = r.tidy(&ss[i], classEntities(ss[i].s1), titles)
		}
		return out
	}
	fillContext(ss)
	for i := range ss {
		out[i] = r.tidy(&ss[i], classEntities(decode(m2, &ss[i], true, r.opt.Skip, sc, nil)), titles)
	}
	if r.opt.Vote > 0 {
		vote(ss, out, r.opt.Vote)
	}
	return out
}

// vote applies Options.Vote with the given share.
func vote(ss []sent, out [][]Entity, share float64) {
	key := func(s *sent, e Entity) uint64 {
		h := uint64(e.End - e.Start)
		for i := e.Start; i < e.End; i++ {
			h = mix(h, s.toks[i].lw)
		}
		return h
	}
	cnt := map[uint64]*[4]int{}
	for i := range ss {
		for _, e := range out[i] {
			k := key(&ss[i], e)
			if cnt[k] == nil {
				cnt[k] = new([4]int)
			}
			cnt[k][typeIndex(e.Type)]++
		}
	}
	for i := range ss {
		for j, e := range out[i] {
			c := cnt[key(&ss[i], e)]
			n, best := 0, typeIndex(e.Type)
			for t := range c {
				n += c[t]
				if c[t] > c[best] {
					best = t
				}
			}
			if float64(c[best]) >= share*float64(n) {
				out[i][j].Type = Types[best]
			}
		}
	}
}

var interjections = func() map[uint64]bool {
	m := map[uint64]bool{}
	for _, w := range strings.Fields("um umm uh uhm er erm hmm mhm mm ah aah aw oh ooh ugh hi hey hello " +
		"wow yeah yep yup nope okay lol haha huh whoa oops bye") {
		m[hashStr(w)] = true
	}
	return m
}()

var edgePunct = map[uint64]bool{hashStr("?"): true, hashStr("!"): true, hashStr("["): true, hashStr("]"): true}

// tidy applies Options.Tidy's rules to one sentence's entities when they are on.
func (r *Recognizer) tidy(s *sent, es []Entity, titles int) []Entity {
	if !r.opt.Tidy {
		return es
	}
	return tidy(s, es, titles)
}

// tidy applies Options.Tidy's rules to one sentence's entities; titles is
// the gazetteer's id of the titles list (-1: none).
func tidy(s *sent, es []Entity, titles int) []Entity {
	out := es[:0]
	for _, e := range es {
		for e.End > e.Start && edgePunct[s.toks[e.End-1].lw] {
			e.End--
		}
		for e.End > e.Start && edgePunct[s.toks[e.Start].lw] {
			e.Start++
		}
		if e.End == e.Start || e.End-e.Start == 1 && interjections[s.toks[e.Start].lw] {
			continue
		}
		if e.Type == "PER" && titles >= 0 {
			for e.End-e.Start > 1 && s.toks[e.Start].gaz>>(4*titles)&0xf != 0 {
				e.Start++
			}
		}
		out = append(out, e)
	}
	return out
}

func openClass(c int) bool { return c > 0 && c < nClasses && (posOf(c) == pB || posOf(c) == pI) }

// scorer is a model or a trainer.
type scorer interface {
	Predict(feats []perceptron.Feature, scores []float32, allowed []bool) int
}

// decode tags one sentence greedily, allowing only valid BILOU transitions.
// With learn set it updates the trainer toward gold as it goes (and scores
// every word); otherwise skip is Options.Skip.
func decode(m scorer, s *sent, stage2, skip bool, sc *scratch, learn *learner) []int {
	n := len(s.toks)
	out := make([]int, n)
	p1, p2 := nClasses, nClasses
	for i := 0; i < n; i++ {
		if learn == nil && skip && s.toks[i].plain && !openClass(p1) &&
			(!stage2 || (s.s1[i] == 0 && (s.ctx[i].maj < 0 || s.ctx[i].maj == 4))) {
			// A plain word outside an entity: O without scoring.
			out[i] = 0
			p2, p1 = p1, 0
			continue
		}
		sc.feats = features(sc.feats[:0], s, i, p1, p2, stage2)
		if learn != nil {
			sc.feats = learn.dropWord(sc.feats, s, i, p1)
		}
		last := i == n-1
		for c := 0; c < nClasses; c++ {
			sc.allow[c] = transitions[p1][c] && (!last || lastOK[c])
		}
		guess := m.Predict(sc.feats, sc.scores, sc.allow[:])
		if learn != nil {
			learn.step(sc.feats, repair(p1, learn.gold[i], last), guess)
		}
		out[i] = guess
		p2, p1 = p1, guess
	}
	return out
}

// TagCorpus tags every document of a CoNLL corpus and returns IOB2 tags
// indexed [doc][sentence][token].
func (r *Recognizer) TagCorpus(c *Corpus) [][][]string {
	out := make([][][]string, len(c.Docs))
	for d, doc := range c.Docs {
		words := make([][]string, len(doc.Sentences))
		for s, st := range doc.Sentences {
			words[s] = st.Tokens
		}
		ents := r.TagDocument(words)
		out[d] = make([][]string, len(words))
		for s := range words {
			out[d][s] = IOB2(len(words[s]), ents[s])
		}
	}
	return out
}

// Load reads a model file from bytes with the default clusters and gazetteer.
func Load(b []byte) (*Recognizer, error) {
	cl, err := cluster.Default()
	if err != nil {
		return nil, err
	}
	gz, err := gazetteer.Default()
	if err != nil {
		return nil, err
	}
	return Decode(b, cl, gz)
}
