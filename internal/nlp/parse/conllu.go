package parse

import "github.com/newsgraph/newsgraph/internal/nlp/conllu"

// FromCoNLLU turns CoNLL-U sentences into training sentences, using the
// tags in the file.
func FromCoNLLU(ss []*conllu.Sentence) []Sentence {
	out := make([]Sentence, 0, len(ss))
	for _, s := range ss {
		var t Sentence
		for _, w := range s.Words {
			t.Forms = append(t.Forms, w.Form)
			t.UPOS = append(t.UPOS, w.UPOS)
			t.XPOS = append(t.XPOS, w.XPOS)
			h := w.Head
			if h < 0 {
				h = 0
			}
			t.Heads = append(t.Heads, h)
			t.Rels = append(t.Rels, w.Deprel)
		}
		out = append(out, t)
	}
	return out
}

// Annotate fills HEAD and DEPREL of every word in place from the tags in
// the sentences.
func (p *Parser) Annotate(ss []*conllu.Sentence, sc *Scratch) {
	if sc == nil {
		sc = &Scratch{}
	}
	var in Input
	for _, s := range ss {
		in.Forms, in.UPOS, in.XPOS = in.Forms[:0], in.UPOS[:0], in.XPOS[:0]
		for _, w := range s.Words {
			in.Forms = append(in.Forms, w.Form)
			in.UPOS = append(in.UPOS, w.UPOS)
			in.XPOS = append(in.XPOS, w.XPOS)
		}
		heads, rels := p.Parse(in, sc)
		for i := range s.Words {
			s.Words[i].Head, s.Words[i].Deprel = heads[i], rels[i]
		}
	}
}
