package event

import (
	"context"
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/event/cameo"
	"github.com/newsgraph/newsgraph/internal/event/petrarch"
	"github.com/newsgraph/newsgraph/internal/pipeline"
	"github.com/newsgraph/newsgraph/internal/text"
)

// PetrarchStageID codes a Doc's dependency parse with dictionaries in the
// PETRARCH formats (the ones users already have), through the same phrase
// tree the `code --petrarch` command uses. The folder comes from the
// option "event.petrarch.dicts" (or Env.DataDir).
const PetrarchStageID = "event.petrarch.v1"

func init() {
	pipeline.Register(pipeline.Info{
		ID:       PetrarchStageID,
		Requires: []string{doc.LayerTokens, doc.LayerPOS, doc.LayerParse},
		Assigns:  []string{doc.LayerEvents},
		New: func(env pipeline.Env) (pipeline.Stage, error) {
			dir := env.Option("event.petrarch.dicts", env.DataDir)
			if dir == "" {
				return nil, fmt.Errorf("%s: set the option event.petrarch.dicts to a folder of PETRARCH dictionaries", PetrarchStageID)
			}
			d, errs, err := petrarch.LoadDir(dir)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", PetrarchStageID, err)
			}
			for _, e := range errs {
				if !petrarch.IsWarning(e) {
					return nil, fmt.Errorf("%s: %v", PetrarchStageID, e)
				}
			}
			return &PetrarchStage{Coder: petrarch.NewCoder(d), DefaultDate: env.DefaultDate}, nil
		},
	})
}

// PetrarchStage is the pipeline form of the PETRARCH-compatible coder.
type PetrarchStage struct {
	Coder       *petrarch.Coder
	Config      *petrarch.Config // nil: PETRARCH's defaults
	DefaultDate string
}

// Process assigns d.Events.
func (ps *PetrarchStage) Process(_ context.Context, d *doc.Doc) error {
	cfg := petrarch.DefaultConfig
	cfg.CodeEmbedded = true // real news: "X said Y attacked Z" codes Y→Z too
	if ps.Config != nil {
		cfg = *ps.Config
	}
	pub := d.Meta.Published
	if pub == "" {
		pub = ps.DefaultDate
	}
	date := petrarch.ParseDate(pub)
	if len(pub) > 10 {
		pub = pub[:10]
	}
	var evs []doc.Event
	var story []int
	for si, sn := range d.Sentences {
		if sn.TokenStart < 0 || sn.TokenEnd > len(d.Tokens) || sn.TokenStart >= sn.TokenEnd {
			continue
		}
		toks := d.Tokens[sn.TokenStart:sn.TokenEnd]
		deps := make([]petrarch.DepToken, len(toks))
		for k, t := range toks {
			h := t.Head - sn.TokenStart
			if t.Head < 0 || h < 0 || h >= len(toks) {
				h = -1
			}
			deps[k] = petrarch.DepToken{Form: t.Form, Lemma: t.Lemma, UPOS: t.UPOS, XPOS: t.XPOS, Head: h, Deprel: t.Deprel}
		}
		res := ps.Coder.CodeTree(petrarch.FromDependencies(deps), date, cfg)
		if res.Error != "" {
			sp := sn.Span
			d.Diag(PetrarchStageID, res.Error, doc.SevInfo, fmt.Sprintf("sentence not coded: %s", res.Reason), &sp)
			continue
		}
		wordSpan := func(r [2]int) *text.Span {
			if r[0] < 0 || r[1] <= r[0] || r[1] > len(toks) {
				return nil
			}
			return &text.Span{Start: toks[r[0]].Start, End: toks[r[1]-1].End}
		}
		for _, e := range res.Events {
			info, _ := cameo.Lookup(e.Code)
			ev := doc.Event{
				Source:    actorOf(d, e.Source, wordSpan(e.SourceSpan)),
				Target:    actorOf(d, e.Target, wordSpan(e.TargetSpan)),
				Code:      e.Code,
				Root:      info.Root,
				QuadClass: info.QuadClass, Goldstein: info.Goldstein,
				PloverType: info.PloverType, PloverMode: info.PloverMode,
				DateTimex: -1, Place: -1,
				Sentence:   sn.Span,
				Trigger:    toks[e.Verb].Span,
				Pattern:    e.Pattern,
				Confidence: 0.7,
				Mentions:   1,
				Coder:      "newsgraph/" + PetrarchStageID,
				Dictionary: ps.Coder.D.Hash + "+" + cameo.Version,
			}
			if pub != "" {
				ev.Date, ev.DatePrecision = pub, "publication"
			}
			for _, l := range d.Layers {
				if l.Name == doc.LayerParse {
					ev.Model = l.Stage
				}
			}
			ev.ID = eventID(d.ID, ev)
			evs = append(evs, ev)
			story = append(story, d.Sentences[si].Story)
		}
	}
	d.Events = dedupe(evs, story)
	return nil
}

func actorOf(d *doc.Doc, code string, sp *text.Span) doc.Actor {
	a := doc.Actor{Code: code, Entity: -1, Span: sp}
	if code == "---" || strings.HasPrefix(code, `"`) {
		a.Code = strings.Trim(code, `"`)
		if code == "---" {
			a.Code = ""
		}
	}
	if sp != nil {
		a.Text = d.Text[sp.Start:sp.End]
		for _, m := range d.Mentions {
			if m.Start >= sp.Start && m.End <= sp.End && m.Entity >= 0 {
				a.Entity = m.Entity
				break
			}
		}
	}
	return a
}
