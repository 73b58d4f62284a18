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
func actorFields(a side) []string {
	f := make([]string, 10)
	code := a.Code
	if code == "" {
		return f
	}
	f[0] = code
	f[1] = strings.ToUpper(a.displayName())
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

func gdeltRow(r *record) []string {
	row := make([]string, 0, 61)
	row = append(row, r.ID)
	if t, ok := day(r.Date); ok {
		row = append(row, t.Format("20060102"), t.Format("200601"), t.Format("2006"),
			fmt.Sprintf("%.4f", float64(t.Year())+float64(t.YearDay()-1)/365.0))
	} else {
		row = append(row, "", "", "", "")
	}
	row = append(row, actorFields(r.Source)...)
	row = append(row, actorFields(r.Target)...)
	base := r.Code
	if len(base) > 3 {
		base = base[:3]
	}
	root := r.Root
	if root == "" && len(r.Code) >= 2 {
		root = r.Code[:2]
	}
	row = append(row, b2s(r.IsRoot), r.Code, base, root, strconv.Itoa(r.Quad), ftoa(r.Goldstein, 1),
		strconv.Itoa(max(r.Mentions, 1)), strconv.Itoa(max(r.Sources, 1)), strconv.Itoa(max(r.Articles, 1)), "0")
	// Actor geographies are left empty unless a place is tied to the
	// actor; the action geography is the place governing the clause.
	row = append(row, geoFields(nil)...)
	row = append(row, geoFields(nil)...)
	row = append(row, geoFields(r.Place)...)
	return append(row, r.Added, r.URL)
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

func mentionRow(r *record) []string {
	evTime := ""
	if t, ok := day(r.Date); ok {
		evTime = t.Format("20060102") + "000000"
	}
	docLen := ""
	if r.DocChars >= 0 {
		docLen = strconv.Itoa(r.DocChars)
	}
	return []string{r.ID, evTime, r.Added, "1", r.Outlet, r.URL, strconv.Itoa(r.SentenceID),
		strconv.Itoa(r.Source.Char), strconv.Itoa(r.Target.Char), strconv.Itoa(r.TriggerChar), "1",
		strconv.Itoa(int(r.Confidence*100 + 0.5)), docLen, "0", "", ""}
}

func host(u string) string {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	if i := strings.IndexAny(u, "/?#"); i >= 0 {
		u = u[:i]
	}
	return strings.TrimPrefix(u, "www.")
}
