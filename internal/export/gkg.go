package export

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/internal/doc"
)

// gkgHeader is the GKG 2.1 table's 27 columns. newsgraph fills those it
// has evidence for (counts, locations, persons, organisations, dates,
// quotations, names, amounts) and leaves GDELT-specific ones (themes,
// GCAM, images) empty.
var gkgHeader = []string{"GKGRECORDID", "DATE", "SourceCollectionIdentifier", "SourceCommonName", "DocumentIdentifier",
	"Counts", "V2Counts", "Themes", "V2Themes", "Locations", "V2Locations", "Persons", "V2Persons",
	"Organizations", "V2Organizations", "V2Tone", "Dates", "GCAM", "SharingImage", "RelatedImages",
	"SocialImageEmbeds", "SocialVideoEmbeds", "Quotations", "AllNames", "Amounts", "TranslationInfo", "Extras"}

// gkgRow is one document's GKG row; stamp is its DATE (YYYYMMDDhhmmss).
func gkgRow(d *doc.Doc, stamp string) []string {
	r := make([]string, len(gkgHeader))
	r[0] = stamp + "-" + docKey(d)[:min(12, len(docKey(d)))]
	r[1] = stamp
	r[2] = "1" // web
	r[3] = d.Meta.Site
	if r[3] == "" {
		r[3] = host(d.Meta.URL)
	}
	r[4] = sourceURL(d)

	// Counts: KIND#NUMBER#OBJECT#... from count quantities.
	var counts, v2counts []string
	for _, q := range d.Quantities {
		if q.Kind != "count" {
			continue
		}
		obj := ""
		if q.Of != nil {
			obj = q.Of.Text
		}
		c := "COUNT#" + q.Value + "#" + clean(obj) + "#0####0#0#"
		counts = append(counts, c)
		v2counts = append(v2counts, c+"#"+strconv.Itoa(charOffset(d, q.Start)))
	}
	r[5], r[6] = strings.Join(counts, ";"), strings.Join(v2counts, ";")

	// Locations: TYPE#FULLNAME#COUNTRY#ADM1#LAT#LON#FEATUREID (V2 adds ADM2 and offset).
	var locs, v2locs []string
	seen := map[string]bool{}
	for i := range d.Places {
		p := &d.Places[i]
		if !p.Resolved {
			continue
		}
		g := geoFields(p)
		v2locs = append(v2locs, strings.Join([]string{g[0], clean(g[1]), g[2], g[3], g[4], g[5], g[6], g[7], strconv.Itoa(charOffset(d, p.Start))}, "#"))
		l := strings.Join([]string{g[0], clean(g[1]), g[2], g[3], g[5], g[6], g[7]}, "#")
		if !seen[l] {
			seen[l] = true
			locs = append(locs, l)
		}
	}
	r[9], r[10] = strings.Join(locs, ";"), strings.Join(v2locs, ";")

	// Persons and organisations, by entity; V2 with each mention's offset.
	names := func(kind string) (string, string) {
		var v1, v2 []string
		for _, e := range d.Entities {
			if e.Kind != kind {
				continue
			}
			v1 = append(v1, clean(e.Name))
			for _, mi := range e.Mentions {
				if mi >= 0 && mi < len(d.Mentions) {
					v2 = append(v2, clean(e.Name)+","+strconv.Itoa(charOffset(d, d.Mentions[mi].Start)))
				}
			}
		}
		sort.Strings(v1)
		return strings.Join(v1, ";"), strings.Join(v2, ";")
	}
	r[11], r[12] = names(doc.KindPER)
	r[13], r[14] = names(doc.KindORG)
	r[15] = "0,0,0,0,0,0,0" // tone is not computed yet

	// Dates: RESOLUTION#MONTH#DAY#YEAR#OFFSET for resolved calendar dates.
	var dates []string
	for _, t := range d.Timexes {
		if t.Type != "DATE" || len(t.Value) < 4 {
			continue
		}
		y, m, dd := t.Value[:4], "0", "0"
		res := "1"
		if len(t.Value) >= 7 && t.Value[4] == '-' {
			m, res = strings.TrimLeft(t.Value[5:7], "0"), "2"
		}
		if len(t.Value) >= 10 && t.Value[7] == '-' {
			dd, res = strings.TrimLeft(t.Value[8:10], "0"), "4"
		}
		if _, err := strconv.Atoi(y); err != nil {
			continue
		}
		if _, err := strconv.Atoi(m); err != nil {
			continue
		}
		dates = append(dates, strings.Join([]string{res, m, dd, y, strconv.Itoa(charOffset(d, t.Start))}, "#"))
	}
	r[16] = strings.Join(dates, ";")

	// Quotations: OFFSET|LENGTH|VERB|QUOTE joined by #.
	var quotes []string
	for _, q := range d.Quotes {
		verb := ""
		if q.Verb != nil {
			verb = q.Verb.Text
		}
		quotes = append(quotes, fmt.Sprintf("%d|%d|%s|%s", charOffset(d, q.Start), charOffset(d, q.End)-charOffset(d, q.Start), clean(verb), clean(q.Text)))
	}
	r[22] = strings.Join(quotes, "#")

	// AllNames: every named mention with its offset.
	var all []string
	for _, m := range d.Mentions {
		if m.Start >= 0 && m.End <= len(d.Text) {
			all = append(all, clean(d.Text[m.Start:m.End])+","+strconv.Itoa(charOffset(d, m.Start)))
		}
	}
	r[23] = strings.Join(all, ";")

	// Amounts: AMOUNT,OBJECT,OFFSET.
	var amounts []string
	for _, q := range d.Quantities {
		obj := q.Unit
		if q.Of != nil {
			obj = q.Of.Text
		}
		amounts = append(amounts, q.Value+","+clean(obj)+","+strconv.Itoa(charOffset(d, q.Start)))
	}
	r[24] = strings.Join(amounts, ";")
	return r
}

// clean removes the GKG's own delimiters from a field value.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ';', '#', ',', '|', '\t', '\n', '\r':
			return ' '
		}
		return r
	}, s)
}
