package tag

import (
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/nlp/conllu"
	"github.com/newsgraph/newsgraph/internal/text"
)

func TestSentCase(t *testing.T) {
	for _, c := range []struct {
		words string
		want  uint64
	}{
		{"The cat sat on the mat", 1},
		{"He met John Smith and Mary", 3},
		{"Obama Visits New York Today", 4},
		{"FIRE IN THE CITY", 8},
		{"Hi there", 9},
		{"Oh , 42 !", 9},
	} {
		info := (&Tagger{}).info(strings.Fields(c.words), nil)
		if got := sentCase(info); got != c.want {
			t.Errorf("%q: %d, want %d", c.words, got, c.want)
		}
	}
}

// The document features of a two-sentence document, worked out by hand
// (doc.go's encoding: UPOS ids NOUN 0, PROPN 1, VERB 2).
func TestDocFeatures(t *testing.T) {
	tg := &Tagger{tags: []Tag{{"NOUN", "NN"}, {"PROPN", "NNP"}, {"VERB", "VBZ"}}, docFeats: docTags | docCase | docSentCase}
	tg.initDoc()
	mk := func(words string, r ...int) docSentence {
		w := strings.Fields(words)
		return docSentence{info: tg.info(w, nil), r: r, dict: make([]bool, len(w))}
	}
	ds := []docSentence{mk("Apple sells apple", 1, 2, 0), mk("Apple said", 1, 2)}
	ds[1].dict[1] = true // "said": a dictionary word gets no features
	tg.setDocFeatures(ds, &Scratch{})
	want := [][]docValues{
		// Apple: the others are NOUN and PROPN (a tie goes to the lower
		// id), two of them; title-cased and first, with a lower-case
		// occurrence elsewhere.
		// sells: no other occurrence. apple: the others are both PROPN.
		{{4, 37, 9}, {1, 2, 9}, {24, 16, 9}},
		{{4, 37, 9}, {0, 0, 0}},
	}
	for k, s := range ds {
		for i, w := range s.info {
			if got := (docValues{w.dtag, w.dcase, w.scase}); got != want[k][i] {
				t.Errorf("sentence %d word %d: %+v, want %+v", k, i, got, want[k][i])
			}
		}
	}
}

// A model with document features is reproducible, keeps them through its
// file, tags a one-sentence document as Tags does, and Annotate groups
// sentences into documents at "# newdoc".
func TestDocModel(t *testing.T) {
	sents := smallTrain(t, 300)
	docs := 0
	for _, s := range sents {
		docs += boolInt(s.NewDoc)
	}
	if docs != 8 {
		t.Fatalf("%d documents in 300 sentences", docs)
	}
	tg := trainTwice(t, sents, Options{Epochs: 2, Seed: 7, SecondPass: true, Folds: 2, Gate: 8, DocFeats: 7})
	if tg.docFeats != 7 || tg.TrainOptions().DocFeats != 7 {
		t.Fatalf("docfeats %d, options %d", tg.docFeats, tg.TrainOptions().DocFeats)
	}
	var sc Scratch
	words := [][]string{strings.Fields("Apple sold apples in Paris ."), strings.Fields("Apple said so .")}
	for _, w := range words {
		if got, want := tg.TagsDoc([][]string{w}, &sc)[0], tg.Tags(w, &sc); !slices.Equal(got, want) {
			t.Errorf("%v: TagsDoc %v, Tags %v", w, got, want)
		}
	}
	tagged := tg.TagsDoc(words, &sc)
	var ss []*conllu.Sentence
	for k, w := range words {
		s := &conllu.Sentence{}
		if k == 0 {
			s.Comments = []string{"# newdoc id = a"}
		}
		for _, f := range w {
			s.Words = append(s.Words, conllu.Word{Form: f})
		}
		ss = append(ss, s)
	}
	tg.Annotate(ss, &sc)
	for k, s := range ss {
		for i, w := range s.Words {
			if got := (Tag{w.UPOS, w.XPOS}); got != tagged[k][i] {
				t.Errorf("sentence %d word %d: Annotate %v, TagsDoc %v", k, i, got, tagged[k][i])
			}
		}
	}
	// The pipeline stage tags a Doc's sentences as one document too.
	src := strings.Join(words[0], " ") + " " + strings.Join(words[1], " ")
	d := doc.New("x", src)
	for _, tk := range text.Tokenize(src) {
		d.Tokens = append(d.Tokens, doc.Token{Span: tk.Span, Form: tk.Form, Head: -1})
	}
	n0 := len(words[0])
	d.Sentences = []doc.Sentence{{TokenStart: 0, TokenEnd: n0}, {TokenStart: n0, TokenEnd: len(d.Tokens)}}
	tg.TagDoc(d, &sc)
	for i, tk := range d.Tokens {
		k, j := 0, i
		if i >= n0 {
			k, j = 1, i-n0
		}
		if got := (Tag{tk.UPOS, tk.XPOS}); got != tagged[k][j] {
			t.Errorf("token %d: TagDoc %v, TagsDoc %v", i, got, tagged[k][j])
		}
	}
	m := tg.Model()
	m.Meta["docfeats"] = "64"
	if _, err := FromModel(m); err == nil {
		t.Error("no error for docfeats 64")
	}
}
