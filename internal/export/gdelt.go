package export

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/internal/doc"
)

// gdeltHeader is the GDELT 2.0 Event table's 61 columns in codebook order.
var gdeltHeader = func() []string {
	h := []string{"GlobalEventID", "Day", "MonthYear", "Year", "FractionDate"}
	for _, a := range []string{"Actor1", "Actor2"} {
		for _, f := range []string{"Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code"} {
			h = append(h, a+f)
		}
	}
	h = append(h, "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
		"NumMentions", "NumSources", "NumArticles", "AvgTone")
	for _, g := range []string{"Actor1Geo_", "Actor2Geo_", "ActionGeo_"} {
		for _, f := range []string{"Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"} {
			h = append(h, g+f)
		}
	}
	return append(h, "DATEADDED", "SOURCEURL")
}()

// knownGroup prefixes: codes such as IGOUNO carry the group after the prefix.
var groupPrefixes = []string{"IGO", "NGO", "NGM", "MNC", "IMG", "UIS"}

// actorFields splits a CAMEO actor code into GDELT's ten actor columns.
func actorFields(d *doc.Doc, a doc.Actor) []string {
	f := make([]string, 10)
	code := a.Code
	if code == "" {
		return f
	}
	f[0] = code
	name := a.Text
	if a.Entity >= 0 && a.Entity < len(d.Entities) && d.Entities[a.Entity].Name != "" {
		name = d.Entities[a.Entity].Name
	}
	f[1] = strings.ToUpper(name)
	rest := code
	if len(rest) >= 3 && isCountryish(rest[:3]) {
		f[2] = rest[:3]
		rest = rest[3:]
	}
	for _, p := range groupPrefixes {
		if strings.HasPrefix(rest, p) && len(rest) >= 6 {
			f[3] = rest[3:6]
			break
		}
	}
	var types []string
	for len(rest) >= 3 && len(types) < 3 {
		types = append(types, rest[:3])
		rest = rest[3:]
	}
	for i, t := range types {
		f[7+i] = t
	}
	return f
}

// isCountryish reports whether a 3-letter prefix is a country or region
// code rather than an actor type. Actor types are a closed list.
func isCountryish(s string) bool {
	switch s {
	case "COP", "GOV", "INS", "JUD", "MIL", "OPP", "REB", "SEP", "SPY", "UAF", "AGR", "BUS", "CRM", "CVL",
		"DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED", "REF", "MOD", "RAD", "AMN", "IRC",
		"GRP", "UNO", "PKO", "UIS", "IGO", "IMG", "INT", "MNC", "NGM", "NGO", "SET", "PTY", "REL", "ACT":
		return false
	}
	return true
}

func geoFields(p *doc.Place) []string {
	f := make([]string, 8)
	if p == nil || !p.Resolved {
		return f
	}
	f[0] = geoType(p)
	f[1] = placeFullName(p)
	f[2] = FIPS(p.Country)
	if p.Admin1 != "" && p.Precision != "country" {
		f[3] = FIPS(p.Country) + p.Admin1
	} else {
		f[3] = FIPS(p.Country)
	}
	f[5] = ftoa(p.Lat, 4)
	f[6] = ftoa(p.Lon, 4)
	if p.GeonameID != 0 {
		f[7] = strconv.FormatInt(p.GeonameID, 10)
	} else if p.Country != "" {
		f[7] = FIPS(p.Country)
	}
	return f
}

func eventPlace(d *doc.Doc, ev *doc.Event) *doc.Place {
	if ev.Place >= 0 && ev.Place < len(d.Places) {
		return &d.Places[ev.Place]
	}
	return nil
}

// isRoot says whether the event is in the story's lead paragraph, GDELT's
// proxy for importance.
func isRoot(d *doc.Doc, ev *doc.Event) bool {
	for _, s := range d.Stories {
		if s.Contains(ev.Sentence) {
			lead := strings.IndexByte(d.Text[s.Start:s.End], '\n')
			return lead < 0 || ev.Sentence.Start < s.Start+lead
		}
	}
	return ev.Sentence.Start < 400
}

func gdeltRows(d *doc.Doc, opt Options) [][]string {
	var rows [][]string
	for i := range d.Events {
		ev := &d.Events[i]
		r := make([]string, 0, 61)
		r = append(r, eventID(d, ev))
		if t, ok := eventDay(d, ev); ok {
			r = append(r, t.Format("20060102"), t.Format("200601"), t.Format("2006"),
				fmt.Sprintf("%.4f", float64(t.Year())+float64(t.YearDay()-1)/365.0))
		} else {
			r = append(r, "", "", "", "")
		}
		r = append(r, actorFields(d, ev.Source)...)
		r = append(r, actorFields(d, ev.Target)...)
		base := ev.Code
		if len(base) > 3 {
			base = base[:3]
		}
		root := ev.Root
		if root == "" && len(ev.Code) >= 2 {
			root = ev.Code[:2]
		}
		n := ev.Mentions
		if n <= 0 {
			n = 1
		}
		r = append(r, b2s(isRoot(d, ev)), ev.Code, base, root, strconv.Itoa(ev.QuadClass), ftoa(ev.Goldstein, 1),
			strconv.Itoa(n), "1", "1", "0")
		// Actor geographies are left empty unless a place is tied to the
		// actor; the action geography is the place governing the clause.
		r = append(r, geoFields(nil)...)
		r = append(r, geoFields(nil)...)
		r = append(r, geoFields(eventPlace(d, ev))...)
		r = append(r, added(d, opt), sourceURL(d))
		rows = append(rows, r)
	}
	return rows
}

func sourceURL(d *doc.Doc) string {
	if d.Meta.URL != "" {
		return d.Meta.URL
	}
	return d.Meta.SourceName
}

func b2s(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// mentionsHeader is the GDELT 2.0 Mentions table's 16 columns.
var mentionsHeader = []string{"GlobalEventID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
	"MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset", "InRawText",
	"Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras"}

func mentionRows(d *doc.Doc, opt Options) [][]string {
	var rows [][]string
	for i := range d.Events {
		ev := &d.Events[i]
		evTime := ""
		if t, ok := eventDay(d, ev); ok {
			evTime = t.Format("20060102") + "000000"
		}
		sentID := 0
		for k, s := range d.Sentences {
			if s.Contains(ev.Trigger) {
				sentID = k + 1
				break
			}
		}
		off := func(a doc.Actor) string {
			if a.Span == nil {
				return "-1"
			}
			return strconv.Itoa(charOffset(d, a.Span.Start))
		}
		src := d.Meta.Site
		if src == "" {
			src = host(d.Meta.URL)
		}
		rows = append(rows, []string{eventID(d, ev), evTime, added(d, opt), "1", src, sourceURL(d), strconv.Itoa(sentID),
			off(ev.Source), off(ev.Target), strconv.Itoa(charOffset(d, ev.Trigger.Start)), "1",
			strconv.Itoa(int(ev.Confidence*100 + 0.5)), strconv.Itoa(charOffset(d, len(d.Text))), "0", "", ""})
	}
	return rows
}

func host(u string) string {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	if i := strings.IndexAny(u, "/?#"); i >= 0 {
		u = u[:i]
	}
	return strings.TrimPrefix(u, "www.")
}
