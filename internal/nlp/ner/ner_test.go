package ner

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
	"github.com/newsgraph/newsgraph/internal/shared"
	nermodel "github.com/newsgraph/newsgraph/models/ner"
)

func TestEntities(t *testing.T) {
	for _, c := range []struct {
		name string
		tags []string
		want []Entity
	}{
		{"iob1", []string{"I-PER", "I-PER", "B-PER", "O", "I-LOC"}, []Entity{{0, 2, "PER"}, {2, 3, "PER"}, {4, 5, "LOC"}}},
		{"iob2", []string{"B-ORG", "I-ORG", "B-ORG", "I-MISC"}, []Entity{{0, 2, "ORG"}, {2, 3, "ORG"}, {3, 4, "MISC"}}},
		{"bilou", []string{"B-LOC", "I-LOC", "L-LOC", "U-PER", "U-PER", "O"}, []Entity{{0, 3, "LOC"}, {3, 4, "PER"}, {4, 5, "PER"}}},
		{"type change", []string{"I-ORG", "I-LOC"}, []Entity{{0, 1, "ORG"}, {1, 2, "LOC"}}},
		{"junk", []string{"X", "", "B-", "I-PER"}, []Entity{{3, 4, "PER"}}},
	} {
		if got := Entities(c.tags); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestBILOURoundTrip(t *testing.T) {
	ents := []Entity{{0, 1, "PER"}, {1, 4, "ORG"}, {5, 7, "MISC"}}
	cls := bilou(8, ents)
	if got := classEntities(cls); !reflect.DeepEqual(got, ents) {
		t.Fatalf("classEntities(bilou) = %v", got)
	}
	if got := IOB2(8, ents); strings.Join(got, " ") != "B-PER B-ORG I-ORG I-ORG O B-MISC I-MISC O" {
		t.Errorf("IOB2 = %v", got)
	}
	// Every gold sequence is valid under the transition table.
	p := nClasses
	for i, c := range cls {
		if !transitions[p][c] || (i == len(cls)-1 && !lastOK[c]) {
			t.Errorf("class %s at %d not allowed after %d", classNames[c], i, p)
		}
		p = c
	}
}

func TestRepairAlwaysAllowed(t *testing.T) {
	for prev := 0; prev <= nClasses; prev++ {
		for gold := 0; gold < nClasses; gold++ {
			for _, last := range []bool{false, true} {
				r := repair(prev, gold, last)
				if !transitions[prev][r] || (last && !lastOK[r]) {
					t.Errorf("repair(%d,%s,%v) = %s not allowed", prev, classNames[gold], last, classNames[r])
				}
			}
		}
	}
}

func TestReadWriteCoNLL(t *testing.T) {
	in := "-DOCSTART- -X- O O\n\nAlpha NNP I-ORG\nrises VBZ O\n\nBeta NNP I-PER\n-DOCSTART- -X- O O\n\nGamma\n"
	c, err := ReadCoNLL(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Docs) != 2 || len(c.Docs[0].Sentences) != 2 || len(c.Docs[1].Sentences) != 1 {
		t.Fatalf("structure: %+v", c.Docs)
	}
	if g := c.Docs[0].Sentences[0].Gold; !reflect.DeepEqual(g, []string{"I-ORG", "O"}) {
		t.Errorf("gold %v", g)
	}
	tags := [][][]string{{{"B-ORG", "O"}, {"B-PER"}}, {{"O"}}}
	var b bytes.Buffer
	if err := c.Write(&b, tags); err != nil {
		t.Fatal(err)
	}
	want := "-DOCSTART- -X- O O\n\nAlpha NNP I-ORG B-ORG\nrises VBZ O O\n\nBeta NNP I-PER B-PER\n-DOCSTART- -X- O O\n\nGamma O\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	// Tab-separated input keeps tabs; CRLF line ends are dropped.
	c, err = ReadCoNLL(strings.NewReader("Alpha\tNNP\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	c.Write(&b, [][][]string{{{"B-ORG"}}})
	if b.String() != "Alpha\tNNP\tB-ORG\n" {
		t.Errorf("tab input: %q", b.String())
	}
	if _, err := ReadCoNLL(strings.NewReader("a X\nb\n")); err == nil {
		t.Error("ragged tag column: no error")
	}
}

func FuzzReadCoNLL(f *testing.F) {
	f.Add("-DOCSTART- -X- O O\n\nA B I-PER\n\n")
	f.Add("x\r\n\r\ny z\n")
	f.Add("\x00\xff -DOCSTART-\n")
	f.Fuzz(func(t *testing.T, in string) {
		c, err := ReadCoNLL(strings.NewReader(in))
		if err != nil {
			return
		}
		tags := make([][][]string, len(c.Docs))
		for d, doc := range c.Docs {
			for _, s := range doc.Sentences {
				tags[d] = append(tags[d], IOB2(len(s.Tokens), nil))
				Entities(s.Gold)
			}
		}
		if err := c.Write(&bytes.Buffer{}, tags); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzDecodeModel(f *testing.F) {
	r, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	good, err := r.Encode()
	if err != nil {
		f.Fatal(err)
	}
	// Seeds: the real file cut short, a damaged byte, and junk.
	f.Add(good[:len(good)/2])
	bad := append([]byte(nil), good[:4096]...)
	bad[100] ^= 0xff
	f.Add(bad)
	f.Add([]byte("NGNR\x01\x00\x00\x00\x01\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(b, r.clusters, r.gaz)
		if err == nil {
			m.TagDocument([][]string{{"Ann", "visited", "Oslo"}})
		}
		// Again with the checksum repaired, to reach the parser behind it.
		if len(b) >= 8 {
			c := append([]byte(nil), b...)
			binary.LittleEndian.PutUint32(c[len(c)-4:], crc32.ChecksumIEEE(c[:len(c)-4]))
			if m, err := Decode(c, r.clusters, r.gaz); err == nil {
				m.TagDocument([][]string{{"Ann", "visited", "Oslo"}})
			}
		}
	})
}

func TestDefaultModelRoundTrip(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.Encode()
	if err != nil {
		t.Fatal(err)
	}
	r2, err := Load(b)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := r2.Encode()
	if !bytes.Equal(b, b2) {
		t.Error("re-encoding the model changed its bytes")
	}
	if _, err := Load(b[:len(b)-1]); err == nil {
		t.Error("truncated model: no error")
	}
}

// Written for this test: a short news-style document in mixed case with a
// headline in capitals.
var sample = [][]string{
	{"GERMAN", "MINISTER", "VISITS", "KENYA"},
	{"German", "Foreign", "Minister", "Annalena", "Baerbock", "arrived", "in", "Nairobi", "on", "Tuesday", "for", "talks", "with", "the", "African", "Union", "."},
	{"Baerbock", "said", "Berlin", "would", "support", "the", "United", "Nations", "mission", "."},
}

func TestTagSample(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	got := r.TagDocument(sample)
	find := func(s int, text, typ string) {
		for _, e := range got[s] {
			if strings.Join(sample[s][e.Start:e.End], " ") == text && e.Type == typ {
				return
			}
		}
		t.Errorf("sentence %d: no %s %q in %v", s, typ, text, got[s])
	}
	find(1, "Annalena Baerbock", "PER")
	find(1, "Nairobi", "LOC")
	find(1, "German", "MISC")
	find(2, "Baerbock", "PER")
	find(2, "United Nations", "ORG")
}

func TestStage(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	text := "Chinese President Xi Jinping met Uzbek officials in Tashkent."
	d := &doc.Doc{Text: text}
	start := 0
	for _, w := range strings.Fields(strings.Replace(text, ".", " .", 1)) {
		i := strings.Index(text[start:], w) + start
		d.Tokens = append(d.Tokens, doc.Token{Form: w, Head: -1})
		d.Tokens[len(d.Tokens)-1].Start, d.Tokens[len(d.Tokens)-1].End = i, i+len(w)
		start = i + len(w)
	}
	d.Sentences = []doc.Sentence{{TokenStart: 0, TokenEnd: len(d.Tokens), Story: -1}}
	if err := (&Stage{R: r}).Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{}
	for _, m := range d.Mentions {
		if text[m.Start:m.End] != m.Text || m.Entity != -1 || m.Stage != StageID {
			t.Errorf("bad mention %+v", m)
		}
		kinds[m.Text] = m.Kind
	}
	for text, kind := range map[string]string{"Chinese": "NORP", "Xi Jinping": "PER", "Uzbek": "NORP", "Tashkent": "LOC"} {
		if kinds[text] != kind {
			t.Errorf("%q: kind %q, want %q (all: %v)", text, kinds[text], kind, kinds)
		}
	}
}

func BenchmarkTagDocument(b *testing.B) {
	r, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, s := range sample {
		n += len(s)
	}
	b.ReportAllocs()
	for b.Loop() {
		r.TagDocument(sample)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkTagDev tags the CoNLL dev file (tokens only), document by document.
func BenchmarkTagDev(b *testing.B) {
	r, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(shared.Require(b, "data", "conll2003", "eng.testa"))
	if err != nil {
		b.Fatal(err)
	}
	c, err := ReadCoNLL(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, d := range c.Docs {
		for _, s := range d.Sentences {
			n += len(s.Tokens)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		r.TagCorpus(c)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// The fast layout must give exactly the sparse model's output.
func TestFastModelMatches(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if r.fast1 == nil || (r.stage2 != nil && r.fast2 == nil) {
		t.Fatal("no fast layout built")
	}
	slow := &Recognizer{stage1: r.stage1, stage2: r.stage2, clusters: r.clusters, gaz: r.gaz, opt: r.opt}
	if a, b := r.TagDocument(sample), slow.TagDocument(sample); !reflect.DeepEqual(a, b) {
		t.Errorf("fast %v\nslow %v", a, b)
	}
	ss := make([]sent, 1)
	prepare(sample[1], r.clusters, r.gaz, &ss[0], 0)
	feats := features(nil, &ss[0], 3, 0, 0, false)
	s1, s2 := make([]float32, nClasses), make([]float32, nClasses)
	r.fast1.Predict(feats, s1, nil)
	r.stage1.Predict(feats, s2, nil)
	if !reflect.DeepEqual(s1, s2) {
		t.Errorf("scores differ: %v vs %v", s1, s2)
	}
}

// Hostile input: very long sentences, emoji, mixed scripts, control
// characters, empty tokens. No panic, output in range.
func TestBadInput(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	long := make([]string, 2000)
	for i := range long {
		long[i] = []string{"Word", "and", "OSLO", "習近平", "😀", "\x00\x07", "", "\xff\xfe", "İstanbul", "ǅ"}[i%10]
	}
	in := [][]string{long, {}, {""}, {"A"}, {strings.Repeat("X", 10000)}}
	got := r.TagDocument(in)
	for s, es := range got {
		for _, e := range es {
			if e.Start < 0 || e.End > len(in[s]) || e.Start >= e.End {
				t.Errorf("sentence %d: bad entity %+v", s, e)
			}
		}
	}
	// The stage tolerates tokens whose spans do not fit the text, and docs
	// with tokens but no sentences.
	d := &doc.Doc{Text: "Kofi Annan"}
	d.Tokens = []doc.Token{{Form: "Kofi"}, {Form: "Annan"}, {Form: "Ghana"}}
	d.Tokens[0].Start, d.Tokens[0].End = 0, 4
	d.Tokens[1].Start, d.Tokens[1].End = 5, 10
	d.Tokens[2].Start, d.Tokens[2].End = 11, 99
	if err := (&Stage{R: r}).Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	for _, m := range d.Mentions {
		if m.End > len(d.Text) {
			t.Errorf("mention outside text: %+v", m)
		}
	}
}

// Training is reproducible: the same data and options give the same bytes.
// A slice of eng.train keeps this quick; the full run uses the same code.
func TestTrainDeterministic(t *testing.T) {
	train := readShared(t, "eng.train")
	r0, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	docs := train.Docs[:40]
	o := TrainOptions{Epochs: 2, Folds: 2, Seed: 7, Prune: 0.01, Ensemble: 2}
	// Word dropout draws from its own seeded generator; table mode 4 is recorded.
	o2 := o
	o2.WordDropout, o2.Tables = 0.3, 4
	for _, o := range []TrainOptions{o, o2} {
		var out [2][]byte
		for i := range out {
			r, err := Train(docs, r0.clusters, r0.gaz, o)
			if err != nil {
				t.Fatal(err)
			}
			if out[i], err = r.Encode(); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(out[0], out[1]) {
			t.Fatalf("options %+v: two trainings with the same seed gave different model bytes", o)
		}
		r, err := Decode(out[0], r0.clusters, r0.gaz)
		if err != nil || r.stage2 == nil {
			t.Fatalf("trained model does not load: %v", err)
		}
		if r.stage1.Meta["ensemble"] != "2" || r.stage2.Meta["ensemble"] != "2" {
			t.Errorf("ensemble not recorded: %v / %v", r.stage1.Meta, r.stage2.Meta)
		}
		if r.tables != o.Tables || r.stage1.Meta["features"] != tableVersions[o.Tables] {
			t.Errorf("table mode %d loaded as %d (%s)", o.Tables, r.tables, r.stage1.Meta["features"])
		}
	}
}

// A merged model scores every feature with the mean of the models' weights.
func TestMergeModels(t *testing.T) {
	mk := func(ups ...[3]int) *perceptron.Model {
		tr := perceptron.NewTrainer(classNames)
		for _, u := range ups { // feature, class, weight
			tr.Update([]perceptron.Feature{uint64(u[0])}, u[1], -1, float32(u[2]))
		}
		tr.Tick()
		return tr.Average(nil, 0)
	}
	a := mk([3]int{10, 1, 4}, [3]int{10, 2, -2}, [3]int{11, 0, 6})
	b := mk([3]int{10, 1, 2}, [3]int{12, 3, 8})
	m, err := mergeModels([]*perceptron.Model{a, b}, map[string]string{"k": "v"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		feat uint64
		want map[int]float32 // class → weight; others 0
	}{
		{10, map[int]float32{1: 3, 2: -1}},
		{11, map[int]float32{0: 3}},
		{12, map[int]float32{3: 4}},
		{13, nil},
	} {
		got := make([]float32, nClasses)
		m.Scores([]perceptron.Feature{c.feat}, got)
		for k := range got {
			if got[k] != c.want[k] {
				t.Errorf("feature %d class %d: %v, want %v", c.feat, k, got[k], c.want[k])
			}
		}
	}
	if m.Meta["k"] != "v" {
		t.Errorf("meta %v", m.Meta)
	}
	if one, _ := mergeModels([]*perceptron.Model{a}, nil, 0); one != a {
		t.Error("one model is returned as is")
	}
}

// BenchmarkDecodeModel measures loading the embedded model (clusters and
// gazetteer already loaded).
func BenchmarkDecodeModel(b *testing.B) {
	r, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Decode(nermodel.Model, r.clusters, r.gaz); err != nil {
			b.Fatal(err)
		}
	}
}

// Word dropout removes exactly the word's own identity features: five of
// them, all produced by features, and nothing when the rate is 0 or the
// word is not capitalised.
func TestDropWord(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	ss := make([]sent, 1)
	prepare(sample[1], r.clusters, r.gaz, &ss[0], 0)
	for _, c := range []struct {
		i, p1 int
		rate  float64
		drop  int
	}{
		{0, nClasses, 1, 5}, // sentence start: "none" left neighbour
		{4, 3, 1, 5},
		{15, 0, 1, 5}, // "Union": right neighbour "."
		{5, 0, 1, 0},  // "arrived": lower-case words keep their identity
		{16, 0, 1, 0}, // "." likewise
		{4, 3, 0, 0},
	} {
		feats := features(nil, &ss[0], c.i, c.p1, 0, false)
		n := len(feats)
		l := &learner{drop: c.rate, rng: rand.New(rand.NewPCG(1, 2))}
		got := l.dropWord(append([]uint64(nil), feats...), &ss[0], c.i, c.p1)
		if n-len(got) != c.drop {
			t.Errorf("token %d rate %v: dropped %d of %d features, want %d", c.i, c.rate, n-len(got), n, c.drop)
		}
	}
}

// Results-table lines get the model's table mode; prose and short lines do not.
func TestTableSentence(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		words []string
		mode  uint8
		want  uint8
	}{
		{[]string{"Leeds", "2", "Hull", "1"}, 2, 2},
		{[]string{"Leeds", "12", "7", "3", "2", "19", "24"}, 1, 1},
		{[]string{"Leeds", "2", "Hull", "1"}, 0, 0},
		{[]string{"Leeds", "beat", "Hull", "2", "1"}, 1, 0}, // a lower-case word: prose
		{[]string{"Hull", "1"}, 1, 0},                       // too short to tell
		{[]string{"Leeds", "United", "v", "Hull", "City", "1"}, 1, 0},
	} {
		var s sent
		prepare(c.words, r.clusters, r.gaz, &s, c.mode)
		if s.table != c.want {
			t.Errorf("%v mode %d: table %d, want %d", c.words, c.mode, s.table, c.want)
		}
	}
}

// In table modes 3 and 4 a document with two or more tables, and in mode 4
// a sports report, marks all its sentences, which then use their own
// word-identity templates.
func TestDocTable(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	prose := []string{"Leeds", "beat", "Hull", "on", "Sunday", "."}
	tab := []string{"Leeds", "2", "Hull", "1"}
	sport := []string{"RUGBY", "LEAGUE", "-", "LEEDS", "BEAT", "HULL", "."}
	for _, c := range []struct {
		doc  [][]string
		mode uint8
		want bool
	}{
		{[][]string{prose, tab, tab}, 3, true},
		{[][]string{prose, tab}, 3, false},
		{[][]string{prose, tab, tab}, 2, false},
		{[][]string{sport, prose}, 4, true}, // a sports report in mode 4
		{[][]string{sport, prose}, 3, false},
		{[][]string{prose, sport}, 4, false}, // only the first line counts
		{[][]string{prose, tab, tab}, 4, true},
	} {
		ss := make([]sent, len(c.doc))
		for i, w := range c.doc {
			prepare(w, r.clusters, r.gaz, &ss[i], c.mode)
		}
		fillDocCase(ss)
		for i := range ss {
			tw, _ := wordTemplates(&ss[i])
			if ss[i].docTable != c.want || (tw == tTabW) != (c.want || ss[i].table == 2) {
				t.Errorf("mode %d, %d sentences: sentence %d docTable %v, templates %d", c.mode, len(c.doc), i, ss[i].docTable, tw)
			}
		}
	}
}

// Tidy: titles leave the front of a person's name, one word or several (a
// lone title and other types stay); interjections alone are no names; "?",
// "!" and square brackets leave a name's edges.
func TestTidy(t *testing.T) {
	t.Parallel()
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	var s sent
	prepare([]string{"Senator", "Ann", "Smith", "met", "Prime", "Minister", "Olu", "Ade", "and", "senator", "Bo", "?", "Um", "[", "Oh", "Kim", "]", "("}, r.clusters, r.gaz, &s, 0)
	titles := r.gaz.ListIndex("titles")
	for _, c := range []struct {
		in, want []Entity
		titles   int
	}{
		{[]Entity{{0, 3, "PER"}, {4, 8, "PER"}, {9, 11, "PER"}, {0, 1, "PER"}, {0, 3, "ORG"}},
			[]Entity{{1, 3, "PER"}, {6, 8, "PER"}, {10, 11, "PER"}, {0, 1, "PER"}, {0, 3, "ORG"}}, titles},
		{[]Entity{{0, 3, "PER"}}, []Entity{{0, 3, "PER"}}, -1}, // no titles list
		{[]Entity{{12, 13, "ORG"}, {14, 15, "LOC"}, {13, 15, "PER"}}, nil, titles},
		{[]Entity{{10, 12, "PER"}, {13, 17, "PER"}, {11, 12, "MISC"}, {15, 18, "ORG"}},
			[]Entity{{10, 11, "PER"}, {14, 16, "PER"}, {15, 18, "ORG"}}, titles},
	} {
		if got := tidy(&s, append([]Entity(nil), c.in...), c.titles); !reflect.DeepEqual(got, c.want) && (len(got) != 0 || len(c.want) != 0) {
			t.Errorf("%v: got %v, want %v", c.in, got, c.want)
		}
	}
	in := []Entity{{0, 3, "PER"}, {12, 13, "ORG"}}
	o := r.Options()
	o.Tidy = false
	if got := r.WithOptions(o).tidy(&s, append([]Entity(nil), in...), titles); !reflect.DeepEqual(got, in) {
		t.Errorf("with Tidy off: %v", got)
	}
	if got := r.tidy(&s, append([]Entity(nil), in...), titles); !reflect.DeepEqual(got, []Entity{{1, 3, "PER"}}) {
		t.Errorf("with Tidy on: %v", got)
	}
}

// vote retypes the odd mentions of a string that has one type in at least
// the given share of its mentions; ties and mixed strings keep their types.
func TestVote(t *testing.T) {
	t.Parallel()
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	words := [][]string{{"Coron", "is", "near", "Busuanga"}, {"Coron", "Coron", "Coron"}, {"Busuanga", "Busuanga", "Coron"}}
	ss := make([]sent, len(words))
	for i, w := range words {
		prepare(w, r.clusters, r.gaz, &ss[i], 0)
	}
	mk := func() [][]Entity {
		return [][]Entity{
			{{0, 1, "ORG"}, {3, 4, "LOC"}},
			{{0, 1, "LOC"}, {1, 2, "LOC"}, {2, 3, "LOC"}},
			{{0, 1, "PER"}, {1, 2, "LOC"}, {2, 3, "PER"}},
		}
	}
	for _, c := range []struct {
		share float64
		want  string // types in order
	}{
		{0.6, "LOC LOC LOC LOC LOC LOC LOC LOC"}, // Coron 3 of 5 LOC; Busuanga 2 of 3 LOC
		{0.7, "ORG LOC LOC LOC LOC PER LOC PER"}, // neither reaches 0.7
	} {
		out := mk()
		vote(ss, out, c.share)
		var got []string
		for _, es := range out {
			for _, e := range es {
				got = append(got, e.Type)
			}
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("share %v: %s, want %s", c.share, g, c.want)
		}
	}
}
