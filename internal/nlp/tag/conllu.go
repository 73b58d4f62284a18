package tag

import "github.com/newsgraph/newsgraph/internal/nlp/conllu"

// FromCoNLLU turns CoNLL-U sentences into training sentences.
func FromCoNLLU(ss []*conllu.Sentence) []Sentence {
	out := make([]Sentence, 0, len(ss))
	for _, s := range ss {
		var t Sentence
		for _, w := range s.Words {
			t.Words = append(t.Words, w.Form)
			t.Tags = append(t.Tags, Tag{w.UPOS, w.XPOS})
			t.Lemmas = append(t.Lemmas, w.Lemma)
		}
		out = append(out, t)
	}
	return out
}

// Annotate fills UPOS, XPOS and LEMMA of every word in place.
func (t *Tagger) Annotate(ss []*conllu.Sentence, sc *Scratch) {
	if sc == nil {
		sc = &Scratch{}
	}
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
}
