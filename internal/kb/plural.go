package kb

import (
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

// Plural definite descriptions of countries ("the countries", "the three
// nations", "both countries", "the two sides") refer to the countries named
// just before: a coordinated list ("Kazakhstan, Kyrgyzstan and
// Uzbekistan") or a group named by its region ("Central Asian nations").
// Each member entity gets the description as a coref, with the reason.

var pluralHeads = map[string]bool{"countries": true, "nations": true, "states": true, "sides": true,
	"neighbours": true, "neighbors": true, "governments": true, "republics": true}

var numberWords = map[string]int{"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}

// pluralWindow is how far back (bytes) an antecedent list may lie.
const pluralWindow = 700

func (l *Linker) corefPlural(d *doc.Doc, ents []*ent, owner []int) {
	src := d.Text
	lower := asciiLower(src) // same length as src, so offsets carry over
	// Country-coded mentions in text order.
	type cm struct {
		m   doc.Mention
		ent int
	}
	var cms []cm
	for mi, m := range d.Mentions {
		e := owner[mi]
		if e < 0 || !ents[e].hasCode || ents[e].code.Country == "" {
			continue
		}
		if ents[e].kind == doc.KindPER || ents[e].code.Source == "person" || ents[e].code.Source == "org" {
			continue
		}
		cms = append(cms, cm{m, e})
	}
	sort.SliceStable(cms, func(a, b int) bool { return cms[a].m.Start < cms[b].m.Start })
	for _, det := range []string{"the ", "both "} {
		for i := 0; i < len(lower); {
			k := strings.Index(lower[i:], det)
			if k < 0 {
				break
			}
			at := i + k
			i = at + len(det)
			if at > 0 && isWordByte(lower[at-1]) {
				continue
			}
			ws := strings.Fields(lower[i:min(len(lower), i+40)])
			n := 0
			if det == "both " {
				n = 2
			}
			w := 0
			if len(ws) > 0 {
				if v, ok := numberWords[ws[0]]; ok {
					n, w = v, 1
				}
			}
			if len(ws) <= w {
				continue
			}
			head := strings.TrimRight(ws[w], ".,;:")
			if !pluralHeads[head] {
				continue
			}
			end := strings.Index(lower[i:], head) + i + len(head)
			sp := text.Span{Start: at, End: end}
			if inMention(d, sp) {
				continue
			}
			// Walk back over the country mentions before sp.
			var group []int
			for k := len(cms) - 1; k >= 0; k-- {
				c := cms[k]
				if c.m.End > sp.Start {
					continue
				}
				if sp.Start-c.m.End > pluralWindow {
					break
				}
				list := []int{k}
				for j := k - 1; j >= 0; j-- {
					gap := strings.ToLower(strings.TrimSpace(src[cms[j].m.End:cms[list[len(list)-1]].m.Start]))
					if gap == "," || gap == "and" || gap == ", and" || gap == "or" || gap == "&" {
						list = append(list, j)
						continue
					}
					break
				}
				if len(list) >= 2 && (n == 0 || n == len(list)) {
					group = list
					break
				}
				// "Central Asian nations": a group named by its region.
				after := strings.Fields(strings.ToLower(src[c.m.End:min(len(src), c.m.End+30)]))
				if n == 0 && len(after) > 0 && pluralHeads[strings.TrimRight(after[0], ".,;:")] {
					group = list
					break
				}
				k -= len(list) - 1
			}
			seen := map[int]bool{}
			for g := len(group) - 1; g >= 0; g-- {
				e := cms[group[g]].ent
				if seen[e] {
					continue
				}
				seen[e] = true
				ents[e].coref = append(ents[e].coref, doc.Coref{Span: sp, Text: src[sp.Start:sp.End],
					Reason: "plural description of the countries named before"})
			}
		}
	}
}
