package tag

import (
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/internal/nlp/conllu"
)

// FromCoNLLU turns CoNLL-U sentences into training sentences.
func FromCoNLLU(ss []*conllu.Sentence) []Sentence {
	out := make([]Sentence, 0, len(ss))
	for _, s := range ss {
		var t Sentence
		t.NewDoc = newDoc(s)
		for _, w := range s.Words {
			t.Words = append(t.Words, w.Form)
			t.Tags = append(t.Tags, Tag{w.UPOS, w.XPOS})
			t.Lemmas = append(t.Lemmas, w.Lemma)
		}
		out = append(out, t)
	}
	return out
}

func newDoc(s *conllu.Sentence) bool {
	for _, c := range s.Comments {
		if strings.HasPrefix(c, "# newdoc") {
			return true
		}
	}
	return false
}

// Annotate fills UPOS, XPOS and LEMMA of every word in place. When some
// sentence carries a "# newdoc" comment, the sentences from one such
// sentence to the next form a document (for a model with document
// features); otherwise each sentence is its own.
func (t *Tagger) Annotate(ss []*conllu.Sentence, sc *Scratch) {
	if sc == nil {
		sc = &Scratch{}
	}
	if !t.docWide() {
		var words []string
		for _, s := range ss {
			words = words[:0]
			for _, w := range s.Words {
				words = append(words, w.Form)
			}
			tags := t.Tags(words, sc)
			for i := range s.Words {
				s.Words[i].UPOS, s.Words[i].XPOS = tags[i].UPOS, tags[i].XPOS
				s.Words[i].Lemma = t.Lemma(s.Words[i].Form, tags[i])
			}
		}
		return
	}
	marked := slices.ContainsFunc(ss, newDoc)
	for a := 0; a < len(ss); {
		b := a + 1
		for marked && b < len(ss) && !newDoc(ss[b]) {
			b++
		}
		d := ss[a:b]
		words := make([][]string, len(d))
		for k, s := range d {
			for _, w := range s.Words {
				words[k] = append(words[k], w.Form)
			}
		}
		t.classesDoc(words, sc, func(k int, cls []int) {
			s := d[k]
			for i := range s.Words {
				tg := t.tags[cls[i]]
				s.Words[i].UPOS, s.Words[i].XPOS = tg.UPOS, tg.XPOS
				s.Words[i].Lemma = t.Lemma(s.Words[i].Form, tg)
			}
		})
		a = b
	}
}
