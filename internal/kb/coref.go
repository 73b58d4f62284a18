package kb

import (
	"strings"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

// descriptions are the heads of definite descriptions resolved to a named
// antecedent: "the ministry", "the premier".
var descriptions = map[string]struct {
	kind string // entity kind it can refer to
	role string // actor type that makes an antecedent compatible
}{
	"ministry": {doc.KindORG, "GOV"}, "foreign ministry": {doc.KindORG, "GOV"}, "government": {doc.KindORG, "GOV"},
	"agency": {doc.KindORG, ""}, "company": {doc.KindORG, "BUS"}, "firm": {doc.KindORG, "BUS"},
	"group": {doc.KindORG, ""}, "organisation": {doc.KindORG, ""}, "organization": {doc.KindORG, ""},
	"military": {doc.KindORG, "MIL"}, "army": {doc.KindORG, "MIL"}, "navy": {doc.KindORG, "MIL"},
	"coast guard": {doc.KindORG, "MIL"}, "police": {doc.KindORG, "COP"}, "court": {doc.KindORG, "JUD"},
	"bank": {doc.KindORG, "BUS"}, "party": {doc.KindORG, ""}, "newspaper": {doc.KindORG, "MED"},
	"premier": {doc.KindPER, "GOV"}, "president": {doc.KindPER, "GOV"}, "minister": {doc.KindPER, "GOV"},
	"prime minister": {doc.KindPER, "GOV"}, "foreign minister": {doc.KindPER, "GOV"},
	"chancellor": {doc.KindPER, "GOV"}, "spokesman": {doc.KindPER, ""}, "spokeswoman": {doc.KindPER, ""},
	"ambassador": {doc.KindPER, "GOV"}, "general": {doc.KindPER, "MIL"}, "admiral": {doc.KindPER, "MIL"},
	"commander": {doc.KindPER, "MIL"}, "chief executive": {doc.KindPER, "BUS"}, "researcher": {doc.KindPER, "EDU"},
}

// corefer finds "the X" descriptions and attaches each to the nearest
// preceding entity that fits: one whose name or title words contain X, else
// one of the right kind whose actor type matches.
func (l *Linker) corefer(d *doc.Doc, ents []*ent) {
	src := d.Text
	lower := asciiLower(src) // same length as src, so offsets carry over
	for i := 0; i < len(lower); {
		k := strings.Index(lower[i:], "the ")
		if k < 0 {
			break
		}
		at := i + k
		i = at + 4
		if at > 0 && isWordByte(lower[at-1]) {
			continue
		}
		// Longest description after "the ".
		var head string
		for h := range descriptions {
			end := at + 4 + len(h)
			if end <= len(lower) && lower[at+4:end] == h && (end == len(lower) || !isWordByte(lower[end])) && len(h) > len(head) {
				head = h
			}
		}
		if head == "" {
			continue
		}
		sp := text.Span{Start: at, End: at + 4 + len(head)}
		if inMention(d, sp) {
			continue
		}
		want := descriptions[head]
		why := ""
		best := nearest(d, ents, sp, want.kind, func(e *ent, m doc.Mention) bool {
			// Titled or named with the head: "Premier Cho", "Ministry of …".
			ws, _, _ := contextWords(src, m.Span)
			return strings.Contains(strings.ToLower(strings.Join(ws, " ")+" "+e.canon), head)
		})
		if best >= 0 {
			why = "nearest " + want.kind + " named or titled with '" + head + "'"
		} else if want.role != "" {
			best = nearest(d, ents, sp, want.kind, func(e *ent, _ doc.Mention) bool {
				return e.hasCode && e.code.Type == want.role
			})
			if best >= 0 {
				why = "nearest " + want.kind + " with actor type " + want.role
			}
		}
		if best >= 0 {
			ents[best].coref = append(ents[best].coref, doc.Coref{Span: sp, Text: src[sp.Start:sp.End], Reason: why})
		}
	}
}

// nearest returns the entity of the right kind with a mention closest
// before sp that satisfies ok.
func nearest(d *doc.Doc, ents []*ent, sp text.Span, kind string, ok func(*ent, doc.Mention) bool) int {
	best, bestEnd := -1, -1
	for ei, e := range ents {
		if e.kind != kind {
			continue
		}
		for _, mi := range e.mentions {
			m := d.Mentions[mi]
			if m.End <= sp.Start && m.End > bestEnd && ok(e, m) {
				best, bestEnd = ei, m.End
			}
		}
	}
	return best
}

// asciiLower lower-cases ASCII letters only: strings.ToLower may change
// the byte length (invalid UTF-8 becomes U+FFFD), and offsets into the
// lowered text must index the source.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

func inMention(d *doc.Doc, sp text.Span) bool {
	for _, m := range d.Mentions {
		if m.Span.Overlaps(sp) {
			return true
		}
	}
	return false
}
