// Package segment is the tokenisation stage: it splits each story into
// sentences and tokens with internal/text's EWT-style tokenizer.
package segment

import (
	"context"
	"fmt"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/pipeline"
	"github.com/newsgraph/newsgraph/internal/text"
)

// StageID is the tokenisation stage.
const StageID = "nlp.tokenize.v1"

func init() {
	pipeline.Register(pipeline.Info{
		ID:       StageID,
		Requires: []string{doc.LayerStories},
		Assigns:  []string{doc.LayerSentences, doc.LayerTokens},
		Default:  true,
		New: func(env pipeline.Env) (pipeline.Stage, error) {
			return pipeline.StageFunc(func(ctx context.Context, d *doc.Doc) error {
				Segment(d)
				return nil
			}), nil
		},
	})
}

// Segment adds sentences and tokens for every story of d. Sentences lie
// only inside story spans; stories that overlap an earlier one are skipped.
func Segment(d *doc.Doc) {
	d.Sentences, d.Tokens = d.Sentences[:0], d.Tokens[:0]
	last := 0
	for si, st := range d.Stories {
		if !st.Span.Valid(len(d.Text)) || st.Start < last {
			continue
		}
		last = st.End
		src := d.Text[st.Start:st.End]
		toks := text.Tokenize(src)
		for _, se := range text.SplitSentences(src, toks, text.MaxSentenceTokens) {
			base := len(d.Tokens)
			for _, tk := range toks[se.TokStart:se.TokEnd] {
				d.Tokens = append(d.Tokens, doc.Token{
					Span:       text.Span{Start: tk.Start + st.Start, End: tk.End + st.Start},
					Form:       tk.Form,
					Head:       -1,
					SpaceAfter: tk.SpaceAfter,
				})
			}
			sp := text.Span{Start: se.Start + st.Start, End: se.End + st.Start}
			d.Sentences = append(d.Sentences, doc.Sentence{Span: sp, Story: si, TokenStart: base, TokenEnd: len(d.Tokens), Cut: se.Cut})
			if se.Cut {
				d.Diag(StageID, "sentence_cut", doc.SevWarning,
					fmt.Sprintf("sentence cut at %d tokens by the length guard", text.MaxSentenceTokens), &sp)
			}
		}
	}
	d.MarkLayer(doc.LayerSentences, StageID)
	d.MarkLayer(doc.LayerTokens, StageID)
}
