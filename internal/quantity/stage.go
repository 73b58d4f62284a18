package quantity

import (
	"context"
	"sort"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/number"
	"github.com/newsgraph/newsgraph/internal/pipeline"
	"github.com/newsgraph/newsgraph/internal/text"
	"github.com/shopspring/decimal"
)

// StageID is the registered id of the quantity stage.
const StageID = "quantity.recognize.v1"

func init() {
	pipeline.Register(pipeline.Info{
		ID:      StageID,
		Assigns: []string{doc.LayerQuantities},
		Default: true,
		New: func(env pipeline.Env) (pipeline.Stage, error) {
			return pipeline.StageFunc(func(ctx context.Context, d *doc.Doc) error {
				d.Quantities = Annotate(d)
				return nil
			}), nil
		},
	})
}

var hundred = decimal.NewFromInt(100)

// Annotate returns the quantities of d; numbers too large to read become
// diagnostics. Amounts in cents or pence are given in the main unit.
func Annotate(d *doc.Doc) []doc.Quantity {
	toks := number.Scan(d.Text)
	qs := mergeMeasures(Find(d.Text, toks), FindMeasures(d.Text, toks))
	out := []doc.Quantity{}
	idx := make([]int, len(qs))
	for i, q := range qs {
		idx[i] = -1
		if q.Err != "" {
			sp := text.Span{Start: q.Start, End: q.End}
			d.Diag(StageID, "quantity.unreadable_number", "info", q.Err, &sp)
			continue
		}
		v := q.Value
		if q.SubUnit {
			v = v.Div(hundred)
		}
		dq := doc.Quantity{
			Span:     text.Span{Start: q.Start, End: q.End},
			Text:     d.Text[q.Start:q.End],
			Kind:     q.Kind,
			Value:    v.String(),
			Unit:     q.Unit,
			Approx:   q.Approx,
			Modifier: q.Modifier,
			LinkedTo: -1,
		}
		if q.HasUpper {
			dq.Upper = q.Upper.String()
		}
		if q.OfStart >= 0 {
			dq.Of = &doc.Ref{Span: text.Span{Start: q.OfStart, End: q.OfEnd}, Text: d.Text[q.OfStart:q.OfEnd]}
		}
		idx[i] = len(out)
		out = append(out, dq)
	}
	for i, q := range qs {
		if idx[i] >= 0 && q.Linked >= 0 && idx[q.Linked] >= 0 {
			out[idx[i]].LinkedTo = idx[q.Linked]
		}
	}
	return out
}

// mergeMeasures adds temperatures, ages and dimensions, which replace a
// plain number or count on the same words ("500,000 barrels"), and keeps
// the order of the text; links are renumbered.
func mergeMeasures(qs, ms []Q) []Q {
	type item struct {
		q   Q
		old int // index in qs, -1 for a measure
	}
	var items []item
	for i, q := range qs {
		drop := false
		if q.Kind == Plain || q.Kind == Count {
			for _, m := range ms {
				if m.Start < q.End && q.Start < m.End {
					drop = true
					break
				}
			}
		}
		if !drop {
			items = append(items, item{q, i})
		}
	}
	for _, m := range ms {
		overlap := false
		for _, it := range items {
			if it.q.Start < m.End && m.Start < it.q.End {
				overlap = true
				break
			}
		}
		if !overlap {
			items = append(items, item{m, -1})
		}
	}
	sort.SliceStable(items, func(a, b int) bool { return items[a].q.Start < items[b].q.Start })
	newIdx := make(map[int]int, len(items))
	for i, it := range items {
		if it.old >= 0 {
			newIdx[it.old] = i
		}
	}
	out := make([]Q, len(items))
	for i, it := range items {
		q := it.q
		if q.Linked >= 0 {
			if n, ok := newIdx[q.Linked]; ok {
				q.Linked = n
			} else {
				q.Linked = -1
			}
		}
		out[i] = q
	}
	return out
}
