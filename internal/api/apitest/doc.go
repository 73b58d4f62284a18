package apitest

import (
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

// span finds s in src (the n-th occurrence, from 0).
func span(src, s string, n int) text.Span {
	off := 0
	for ; n >= 0; n-- {
		i := strings.Index(src[off:], s)
		if i < 0 {
			panic(fmt.Sprintf("%q not in the text", s))
		}
		off += i
		if n > 0 {
			off += len(s)
		}
	}
	return text.Span{Start: off, End: off + len(s)}
}

// CoastDoc is a hand-built processed document with every layer the event
// views read: stories, sentences, mentions, entities with a CJK alias,
// timexes, places and two events.
func CoastDoc() *doc.Doc {
	src := "Chinese Foreign Minister Wang Yi (王毅) met Philippine President Ferdinand Marcos in Manila on Monday. " +
		"Philippine coast guard vessels were blocked by Chinese ships near the Spratly Islands on Tuesday."
	d := doc.New("coast-guard-2025", src)
	d.Meta = doc.Meta{Title: "Manila talks, then a standoff at sea", URL: "https://news.example/coast", Published: "2025-03-04", SourceKind: "jsonl"}
	s1 := span(src, "Chinese Foreign Minister Wang Yi (王毅) met Philippine President Ferdinand Marcos in Manila on Monday.", 0)
	s2 := span(src, "Philippine coast guard vessels were blocked by Chinese ships near the Spratly Islands on Tuesday.", 0)
	d.Stories = []doc.Story{{Span: text.Span{Start: 0, End: len(src)}, Text: src, Language: "en"}}
	d.Sentences = []doc.Sentence{{Span: s1, Story: 0}, {Span: s2, Story: 0}}
	m := func(s string, n int, kind string, ent int) doc.Mention {
		return doc.Mention{Span: span(src, s, n), Text: s, Kind: kind, Entity: ent}
	}
	d.Mentions = []doc.Mention{
		m("Wang Yi", 0, "PER", 0), m("王毅", 0, "PER", 0), m("Ferdinand Marcos", 0, "PER", 1),
		m("Philippine coast guard", 0, "ORG", 2), m("Manila", 0, "GPE", -1), m("Spratly Islands", 0, "LOC", -1),
	}
	d.Entities = []doc.Entity{
		{ID: "wang-yi", Kind: "PER", Name: "Wang Yi", ActorCode: "CHNGOV", Mentions: []int{0, 1},
			Aliases: []doc.Alias{{Text: "王毅", Script: "Hani", Evidence: span(src, "王毅", 0), Source: "parenthetical", Confidence: 0.95}}},
		{ID: "ferdinand-marcos", Kind: "PER", Name: "Ferdinand Marcos", ActorCode: "PHLGOV", Mentions: []int{2}},
		{ID: "philippine-coast-guard", Kind: "ORG", Name: "Philippine coast guard", ActorCode: "PHLMIL", Mentions: []int{3}},
	}
	d.Timexes = []doc.Timex{
		{Span: span(src, "on Monday", 0), Text: "on Monday", Type: "DATE", Value: "2025-03-03"},
		{Span: span(src, "on Tuesday", 0), Text: "on Tuesday", Type: "DATE", Value: "2025-03-04"},
	}
	d.Places = []doc.Place{
		{Span: span(src, "Manila", 0), Text: "Manila", Resolved: true, GeonameID: 1701668, Name: "Manila", Lat: 14.6042, Lon: 120.9822, Country: "PH", Precision: "city"},
		{Span: span(src, "Spratly Islands", 0), Text: "Spratly Islands", Resolved: true, GeonameID: 1880002, Name: "Spratly Islands", Lat: 10.0, Lon: 114.0, Country: "", Precision: "feature"},
	}
	wang, marcos := span(src, "Chinese Foreign Minister Wang Yi", 0), span(src, "Philippine President Ferdinand Marcos", 0)
	pcg, ships := span(src, "Philippine coast guard vessels", 0), span(src, "Chinese ships", 0)
	d.Events = []doc.Event{
		{ID: "e0", Source: doc.Actor{Code: "CHNGOV", Entity: 0, Span: &wang, Text: "Chinese Foreign Minister Wang Yi"},
			Target: doc.Actor{Code: "PHLGOV", Entity: 1, Span: &marcos, Text: "Philippine President Ferdinand Marcos"},
			Code:   "040", Root: "04", QuadClass: 1, Goldstein: 1, PloverType: "CONSULT", Date: "2025-03-03", DatePrecision: "day", DateTimex: 0, Place: 0,
			Sentence: s1, Trigger: span(src, "met", 0), Confidence: 0.9, Coder: "event.cameo.v1"},
		{ID: "e1", Source: doc.Actor{Code: "CHNMIL", Entity: -1, Span: &ships, Text: "Chinese ships"},
			Target: doc.Actor{Code: "PHLMIL", Entity: 2, Span: &pcg, Text: "Philippine coast guard vessels"},
			Code:   "191", Root: "19", QuadClass: 4, Goldstein: -9.5, PloverType: "ASSAULT", Date: "2025-03-04", DatePrecision: "day", DateTimex: 1, Place: 1,
			Sentence: s2, Trigger: span(src, "blocked", 0), Confidence: 0.8, Coder: "event.cameo.v1"},
	}
	for _, l := range []string{doc.LayerStories, doc.LayerSentences, doc.LayerMentions, doc.LayerEntities, doc.LayerTimexes, doc.LayerPlaces, doc.LayerEvents} {
		d.MarkLayer(l, "test")
	}
	return d
}
