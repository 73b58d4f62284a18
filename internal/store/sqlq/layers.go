package sqlq

import (
	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
)

// LayerTable is a per-document layer table: a row per item of one layer,
// keyed by (document, idx). The column list quotes "end", a keyword in
// PostgreSQL and a plain name in SQLite.
type LayerTable struct {
	Name, Cols string
}

// The per-document layer tables, in the order LayerRows fills them.
var (
	Sentences   = &LayerTable{"sentences", `document, idx, start, "end", story, cut`}
	Mentions    = &LayerTable{"mentions", `document, idx, start, "end", kind, text, entity, score`}
	Timexes     = &LayerTable{"timexes", `document, idx, start, "end", text, type, value, mod, interval_start, interval_end, granularity`}
	Quantities  = &LayerTable{"quantities", `document, idx, start, "end", text, kind, value, upper, unit, approx, modifier, of_text`}
	Quotes      = &LayerTable{"quotes", `document, idx, start, "end", content_start, content_end, partial, speaker, speaker_start, speaker_end, entity, verb, reason`}
	Places      = &LayerTable{"places", `document, idx, start, "end", text, resolved, geonameid, name, lat, lon, country, admin1, precision, confidence, actor`}
	LayerTables = []*LayerTable{Sentences, Mentions, Timexes, Quantities, Quotes, Places}
)

// LayerRows calls row with the values of every row d's per-document layers
// give document docID, table by table in LayerTables order, stopping at
// the first error. Entities, aliases and pairs are not among them: they
// add up across documents, which each backend folds its own way.
func LayerRows(docID int64, d *doc.Doc, row func(t *LayerTable, vals ...any) error) error {
	for i, s := range d.Sentences {
		if err := row(Sentences, docID, i, s.Start, s.End, s.Story, s.Cut); err != nil {
			return err
		}
	}
	for i, m := range d.Mentions {
		if err := row(Mentions, docID, i, m.Start, m.End, m.Kind, m.Text, nullStr(store.EntityID(d, m.Entity)), m.Score); err != nil {
			return err
		}
	}
	for i, t := range d.Timexes {
		if err := row(Timexes, docID, i, t.Start, t.End, t.Text, t.Type, t.Value, t.Mod, t.IntervalStart, t.IntervalEnd, t.Granularity); err != nil {
			return err
		}
	}
	for i, q := range d.Quantities {
		of := ""
		if q.Of != nil {
			of = q.Of.Text
		}
		if err := row(Quantities, docID, i, q.Start, q.End, q.Text, q.Kind, q.Value, q.Upper, q.Unit, q.Approx, q.Modifier, of); err != nil {
			return err
		}
	}
	for i, q := range d.Quotes {
		var sp string
		var ss, se any
		if q.Speaker != nil {
			sp, ss, se = q.Speaker.Text, q.Speaker.Start, q.Speaker.End
		}
		verb := ""
		if q.Verb != nil {
			verb = q.Verb.Text
		}
		if err := row(Quotes, docID, i, q.Start, q.End, q.Content.Start, q.Content.End, q.Partial, sp, ss, se,
			nullStr(store.EntityID(d, q.Entity)), verb, q.Reason); err != nil {
			return err
		}
	}
	for i, p := range d.Places {
		var lat, lon any
		if p.Resolved {
			lat, lon = p.Lat, p.Lon
		}
		if err := row(Places, docID, i, p.Start, p.End, p.Text, p.Resolved, p.GeonameID, p.Name, lat, lon,
			p.Country, p.Admin1, p.Precision, p.Confidence, p.Actor); err != nil {
			return err
		}
	}
	return nil
}

// nullStr is s, or NULL for "" (an optional reference).
func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}
