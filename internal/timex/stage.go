package timex

import (
	"context"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/number"
	"github.com/newsgraph/newsgraph/internal/pipeline"
	"github.com/newsgraph/newsgraph/internal/text"
)

// StageID is the registered id of the timex stage.
const StageID = "timex.recognize.v1"

func init() {
	pipeline.Register(pipeline.Info{
		ID:      StageID,
		Assigns: []string{doc.LayerTimexes},
		Default: true,
		New: func(env pipeline.Env) (pipeline.Stage, error) {
			return &stage{defaultDate: env.DefaultDate}, nil
		},
	})
}

type stage struct{ defaultDate string }

// Process recognises the document's temporal expressions. The reference
// date is the publication date, else the run's default date; with neither,
// relative expressions are kept without a value and a diagnostic says why.
func (s *stage) Process(ctx context.Context, d *doc.Doc) error {
	d.Timexes = Annotate(d, s.defaultDate)
	return nil
}

// Annotate returns the timexes of d (and adds its diagnostics to d).
func Annotate(d *doc.Doc, defaultDate string) []doc.Timex {
	refStr := d.Meta.Published
	if refStr == "" {
		refStr = defaultDate
	}
	var ref Ref
	if refStr != "" {
		r, err := ParseRef(refStr)
		if err != nil {
			d.Diag(StageID, "timex.bad_reference", "warning", err.Error(), nil)
		} else {
			ref = r
		}
	} else {
		d.Diag(StageID, "timex.no_reference", "warning", "no publication date and no default date: relative expressions are left unresolved", nil)
	}
	toks := number.Scan(d.Text)
	out := []doc.Timex{}
	for _, x := range Recognize(d.Text, toks, ref) {
		t := doc.Timex{
			Span:        text.Span{Start: x.Start, End: x.End},
			Text:        d.Text[x.Start:x.End],
			Type:        x.Type,
			Value:       x.Value,
			Mod:         x.Mod,
			Granularity: x.Gran,
			Relative:    x.Relative,
		}
		if !x.Begin.IsZero() {
			t.IntervalStart, t.IntervalEnd = isoTime(x.Begin), isoTime(x.Fin)
		}
		if x.Relative && ref.OK {
			t.Anchor = ref.T.Format("2006-01-02")
		}
		if x.Value == "" && !x.Relative {
			sp := t.Span
			d.Diag(StageID, "timex.invalid_date", "info", "no such calendar date: "+t.Text, &sp)
		}
		out = append(out, t)
	}
	return out
}

func isoTime(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02T15:04:05")
}
