package export

import (
	"strconv"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

// record is one event flattened for the per-event tables (GDELT events and
// mentions, CSV, Parquet). It is built either from a Doc (annotate's JSONL)
// or from a stored event with its evidence, so every table is written by
// one function whatever the input.
type record struct {
	ID            string
	DocID, DocKey string
	URL           string
	Outlet        string // the mention's source name: site, else the URL's host
	Date          string // event date, else the publication date
	DatePrecision string
	Source        side
	Target        side
	Code, Root    string
	Quad          int
	Goldstein     float64
	PloverType    string
	PloverMode    string
	PlaceName     string     // as written or as resolved, resolved or not
	Place         *doc.Place // the resolved place, nil when none
	Negated       bool
	Modality      string
	Confidence    float64
	Pattern       string
	Coder         string
	Dictionary    string
	Model         string
	// Sentence and Trigger are byte spans of the document text; Start is
	// -1 when unknown.
	Sentence     text.Span
	Trigger      text.Span
	SentenceText string
	// Mentions, Articles and Sources are GDELT's NumMentions, NumArticles
	// and NumSources: copies of the event across duplicate stories.
	Mentions, Articles, Sources int
	IsRoot                      bool
	SentenceID                  int // 1-based in the document, 0 when unknown
	TriggerChar                 int // character offset in the document, -1 when unknown
	DocChars                    int // document length in characters, -1 when unknown
	Added                       string
	RunID                       int64
}

// side is one actor of a record.
type side struct {
	Code, Name, Text, EntityID string
	Span                       *text.Span // document bytes
	Char                       int        // character offset in the document, -1 when unknown
}

// displayName is GDELT's actor name: the entity's canonical name, else the
// words of the mention.
func (s side) displayName() string {
	if s.Name != "" {
		return s.Name
	}
	return s.Text
}

var unknownSpan = text.Span{Start: -1, End: -1}

// docRecords flattens the events of one Doc.
func docRecords(d *doc.Doc, opt Options) []record {
	if len(d.Events) == 0 {
		return nil
	}
	out := make([]record, 0, len(d.Events))
	outlet := d.Meta.Site
	if outlet == "" {
		outlet = host(d.Meta.URL)
	}
	docChars := utf8.RuneCountInString(d.Text)
	stamp := added(d, opt)
	for i := range d.Events {
		ev := &d.Events[i]
		r := record{
			ID: eventID(d, ev), DocID: d.ID, DocKey: docKey(d), URL: sourceURL(d), Outlet: outlet,
			Date: ev.Date, DatePrecision: ev.DatePrecision,
			Code: ev.Code, Root: ev.Root, Quad: ev.QuadClass, Goldstein: ev.Goldstein,
			PloverType: ev.PloverType, PloverMode: ev.PloverMode,
			Negated: ev.Negated, Modality: ev.Modality, Confidence: ev.Confidence,
			Pattern: ev.Pattern, Coder: ev.Coder, Dictionary: ev.Dictionary, Model: ev.Model,
			Sentence: ev.Sentence, Trigger: ev.Trigger, Mentions: ev.Mentions, Articles: 1, Sources: 1,
			IsRoot: isRoot(d, ev), TriggerChar: charOffset(d, ev.Trigger.Start), DocChars: docChars, Added: stamp,
		}
		if r.Date == "" {
			r.Date = d.Meta.Published
		}
		r.Source, r.Target = docSide(d, ev.Source), docSide(d, ev.Target)
		if ev.Place >= 0 && ev.Place < len(d.Places) {
			p := &d.Places[ev.Place]
			r.PlaceName = p.Name
			if r.PlaceName == "" {
				r.PlaceName = p.Text
			}
			if p.Resolved {
				r.Place = p
			}
		}
		if ev.Sentence.Valid(len(d.Text)) {
			r.SentenceText = d.Text[ev.Sentence.Start:ev.Sentence.End]
		}
		for k, s := range d.Sentences {
			if s.Contains(ev.Trigger) {
				r.SentenceID = k + 1
				break
			}
		}
		out = append(out, r)
	}
	return out
}

func docSide(d *doc.Doc, a doc.Actor) side {
	s := side{Code: a.Code, Text: a.Text, Span: a.Span, Char: -1}
	if a.Entity >= 0 && a.Entity < len(d.Entities) {
		e := d.Entities[a.Entity]
		s.Name = e.Name
		s.EntityID = e.ID
	}
	if a.Span != nil {
		s.Char = charOffset(d, a.Span.Start)
	}
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }
