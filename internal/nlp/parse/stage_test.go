package parse

import (
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

// The embedded model parses a Doc: heads are Doc-global token indexes,
// one root per sentence, subject and object where expected.
func TestStage(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Skip(err)
	}
	src := "The minister visited Paris. Police arrested two men."
	d := doc.New("x", src)
	tags := [][3]string{{"The", "DET", "DT"}, {"minister", "NOUN", "NN"}, {"visited", "VERB", "VBD"}, {"Paris", "PROPN", "NNP"}, {".", "PUNCT", "."},
		{"Police", "NOUN", "NNS"}, {"arrested", "VERB", "VBD"}, {"two", "NUM", "CD"}, {"men", "NOUN", "NNS"}, {".", "PUNCT", "."}}
	toks := text.Tokenize(src)
	for i, tk := range toks {
		d.Tokens = append(d.Tokens, doc.Token{Span: tk.Span, Form: tk.Form, UPOS: tags[i][1], XPOS: tags[i][2], Head: -1})
	}
	d.Sentences = []doc.Sentence{{Span: text.Span{Start: 0, End: 27}, TokenStart: 0, TokenEnd: 5}, {Span: text.Span{Start: 28, End: len(src)}, TokenStart: 5, TokenEnd: 10}}
	p.ParseDoc(d, &Scratch{})
	want := []struct {
		head int
		rel  string
	}{{1, "det"}, {2, "nsubj"}, {-1, "root"}, {2, "obj"}, {2, "punct"}, {6, "nsubj"}, {-1, "root"}, {8, "nummod"}, {6, "obj"}, {6, "punct"}}
	for i, w := range want {
		if d.Tokens[i].Head != w.head || d.Tokens[i].Deprel != w.rel {
			t.Errorf("token %d %q: head %d %s, want %d %s", i, d.Tokens[i].Form, d.Tokens[i].Head, d.Tokens[i].Deprel, w.head, w.rel)
		}
	}
}
