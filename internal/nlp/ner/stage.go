package ner

import (
	"context"
	"strings"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/pipeline"
)

// StageID is the pipeline stage that assigns mentions.
const StageID = "nlp.ner.v1"

// chunk bounds the tokens tagged as one sentence when a Doc has tokens but
// no sentences.
const chunk = 200

func init() {
	pipeline.Register(pipeline.Info{
		ID:       StageID,
		Requires: []string{doc.LayerTokens},
		Assigns:  []string{doc.LayerMentions},
		Default:  true,
		New: func(env pipeline.Env) (pipeline.Stage, error) {
			r, err := Default()
			if err != nil {
				return nil, err
			}
			return &Stage{R: r}, nil
		},
	})
}

// Stage adds PER, ORG, LOC, MISC and NORP mentions to a Doc. NORP is a MISC
// mention that is a nationality or group adjective ("Chinese", "Uzbeks").
type Stage struct{ R *Recognizer }

// Process tags the whole Doc as one document, so repeated names agree.
func (st *Stage) Process(ctx context.Context, d *doc.Doc) error {
	type rng struct{ a, b int }
	var sents []rng
	if len(d.Sentences) > 0 {
		for _, s := range d.Sentences {
			a, b := max(s.TokenStart, 0), min(s.TokenEnd, len(d.Tokens))
			if a < b {
				sents = append(sents, rng{a, b})
			}
		}
	} else {
		for a := 0; a < len(d.Tokens); a += chunk {
			sents = append(sents, rng{a, min(a+chunk, len(d.Tokens))})
		}
	}
	words := make([][]string, len(sents))
	for i, s := range sents {
		w := make([]string, 0, s.b-s.a)
		for _, t := range d.Tokens[s.a:s.b] {
			f := t.Form
			if f == "" && t.Start >= 0 && t.End <= len(d.Text) && t.Start <= t.End {
				f = d.Text[t.Start:t.End]
			}
			w = append(w, f)
		}
		words[i] = w
	}
	ents := st.R.TagDocument(words)
	for i, s := range sents {
		for _, e := range ents[i] {
			first, last := d.Tokens[s.a+e.Start], d.Tokens[s.a+e.End-1]
			m := doc.Mention{Kind: e.Type, Entity: -1, Stage: StageID}
			m.Start, m.End = first.Start, last.End
			if m.Start < 0 || m.End > len(d.Text) || m.Start > m.End {
				continue
			}
			m.Text = d.Text[m.Start:m.End]
			if m.Kind == doc.KindMISC && st.R.IsDemonym(m.Text) {
				m.Kind = doc.KindNORP
			}
			d.Mentions = append(d.Mentions, m)
		}
	}
	return nil
}

// IsDemonym reports whether text is a nationality or group adjective or
// plural in the demonym list.
func (r *Recognizer) IsDemonym(text string) bool {
	if r.gaz == nil {
		return false
	}
	return r.gaz.Contains("demonyms", strings.ReplaceAll(text, "-", " ")) || r.gaz.Contains("demonyms", text)
}
