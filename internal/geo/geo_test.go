package geo

import (
	"context"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
)

func parse(t testing.TB, s string) []doc.Place {
	t.Helper()
	gp, err := New()
	if err != nil {
		t.Fatal(err)
	}
	d := doc.New("t", s)
	if err := gp.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	return d.Places
}

func find(ps []doc.Place, text string) *doc.Place {
	for i := range ps {
		if ps[i].Text == text {
			return &ps[i]
		}
	}
	return nil
}

// Sentences written for these tests; offsets are bytes into the sentence.
func TestPlaces(t *testing.T) {
	cases := []struct {
		text   string
		place  string
		start  int
		id     int64
		cc, a1 string
	}{
		{"Officials met in Xian on Monday to sign the deal.", "Xian", 17, 1790630, "CN", "26"},
		{"The coast guard patrolled waters off Palawan last week.", "Palawan", 37, 0, "PH", ""},
		{"She moved to Miami, Florida, after the storm.", "Miami", 13, 4164138, "US", "FL"},
		{"She moved to Miami, Florida, after the storm.", "Florida", 20, 4155751, "US", "FL"},
		{"Ships sailed near the Spratly Islands (Nansha Islands, 南沙群島) on Friday.", "Spratly Islands", 22, 0, "", ""},
		{"Ships sailed near the Spratly Islands (Nansha Islands, 南沙群島) on Friday.", "Nansha Islands", 39, 0, "", ""},
		{"Ships sailed near the Spratly Islands (Nansha Islands, 南沙群島) on Friday.", "南沙群島", 55, 0, "", ""},
		{"Exports from China rose by a tenth in May.", "China", 13, 1814991, "CN", ""},
		{"The mayor of Taipei opened the fair.", "Taipei", 13, 1668341, "TW", ""},
		{"Tensions rose in the South China Sea and across Central Asia.", "South China Sea", 21, 0, "", ""},
		{"Tensions rose in the South China Sea and across Central Asia.", "Central Asia", 48, 0, "", ""},
		{"Flooding hit Butler County on Tuesday, officials in Ohio said.", "Butler County", 13, 0, "US", "OH"},
		{"A Beijing-based company bought the plant.", "Beijing", 2, 1816670, "CN", "22"},
		{"He grew up in Reading, Pennsylvania, before the war.", "Reading", 14, 0, "US", "PA"},
		{"The team flew to Louisville, KY, for the final.", "KY", 29, 6254925, "US", "KY"},
		{"Rain fell on Paris, Texas, all week.", "Paris", 13, 0, "US", "TX"},
		{"Aid reached the Democratic Republic of Congo on Monday.", "Democratic Republic of Congo", 16, 203312, "CD", ""},
	}
	for _, c := range cases {
		ps := parse(t, c.text)
		p := find(ps, c.place)
		if p == nil {
			t.Errorf("%q: %q not found in %+v", c.text, c.place, texts(ps))
			continue
		}
		if p.Start != c.start || p.End != c.start+len(c.place) {
			t.Errorf("%q: span %d-%d, want %d", c.place, p.Start, p.End, c.start)
		}
		if !p.Resolved || (c.id != 0 && p.GeonameID != c.id) || (c.cc != "" && p.Country != c.cc) || (c.a1 != "" && p.Admin1 != c.a1) {
			t.Errorf("%q: got id %d %s %s (%s), want %d %s %s", c.place, p.GeonameID, p.Country, p.Admin1, p.Reason, c.id, c.cc, c.a1)
		}
	}
}

func texts(ps []doc.Place) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Text)
	}
	return out
}

// Names that are also common words are not places without place context.
func TestCommonWords(t *testing.T) {
	for _, s := range []string{
		"Reading is good for children, and Nice work was done.",
		"Mobile phones split the vote. Split decisions are rare.",
		"Tom Baker and Jane Nelson met at noon. Baker said it was fine.",
		"The Day the Act passed, D and Inc were named.",
	} {
		if ps := parse(t, s); len(ps) != 0 {
			t.Errorf("%q: unexpected places %v", s, texts(ps))
		}
	}
}

func TestSpratlyDualNames(t *testing.T) {
	ps := parse(t, "Ships sailed near the Spratly Islands (Nansha Islands, 南沙群島) on Friday.")
	a, b := find(ps, "Spratly Islands"), find(ps, "南沙群島")
	if a == nil || b == nil || a.Name != b.Name || a.Lat != b.Lat {
		t.Fatalf("dual names resolve apart: %+v %+v", a, b)
	}
}

func TestMetonymy(t *testing.T) {
	ps := parse(t, "Beijing said on Tuesday that talks would go on, and Washington warned of new tariffs.")
	for _, n := range []string{"Beijing", "Washington"} {
		p := find(ps, n)
		if p == nil || !p.Actor {
			t.Errorf("%s: not marked as actor: %+v", n, p)
		}
	}
	if p := find(parse(t, "Rain fell in Beijing on Tuesday."), "Beijing"); p == nil || p.Actor {
		t.Errorf("literal Beijing marked as actor: %+v", p)
	}
}

func TestUnresolvable(t *testing.T) {
	gp, _ := New()
	d := doc.New("u", "They walked to Qwzxville yesterday.")
	ps := gp.Places(d, nil)
	if len(ps) != 0 {
		t.Fatalf("recognised %v", texts(ps))
	}
	// A span from outside (NER, gold) that no entry matches stays a mention with a reason.
	ps = gp.Places(d, []textSpan{{Start: 15, End: 24}})
	if len(ps) != 1 || ps[0].Resolved || !strings.Contains(ps[0].Reason, "no gazetteer entry") {
		t.Fatalf("%+v", ps)
	}
}

func TestDemonym(t *testing.T) {
	ps := parse(t, "Chinese and Canadian officials met Sri Lankan envoys.")
	for n, cc := range map[string]string{"Chinese": "CN", "Canadian": "CA", "Sri Lankan": "LK"} {
		p := find(ps, n)
		if p == nil || p.Country != cc || p.Precision != "country" {
			t.Errorf("%s: %+v", n, p)
		}
	}
}

func TestHomeCountry(t *testing.T) {
	gp, _ := New()
	d := doc.New("h", "The council met in Paris on Monday.")
	d.Meta.URL = "https://www.example.fr/news/1"
	if p := find(gp.Places(d, nil), "Paris"); p == nil || p.Country != "FR" {
		t.Fatalf("%+v", p)
	}
	gp.Home = "US"
	d.Meta.URL = ""
	if p := find(gp.Places(d, nil), "Paris"); p == nil || p.Country != "US" {
		t.Fatalf("home US: %+v", p)
	}
	if homeFromURL("https://news.example.co.uk/a") != "GB" || homeFromURL("https://example.com/") != "" {
		t.Fatal("homeFromURL")
	}
}

// LOC/GPE mentions of the NER layer add spans the gazetteer matching
// missed; unknown ones take the nearby place.
func TestNERMentions(t *testing.T) {
	gp, _ := New()
	s := "Crews cleared Qwzx Road in Alexandria, Virginia, on Sunday."
	d := doc.New("n", s)
	d.Mentions = []doc.Mention{{Span: textSpan{Start: 14, End: 23}, Text: "Qwzx Road", Kind: doc.KindLOC, Entity: -1}}
	d.MarkLayer(doc.LayerMentions, "test")
	ps := gp.Places(d, nil)
	p := find(ps, "Qwzx Road")
	if p == nil || !p.Resolved || p.Precision != "story" || p.Admin1 != "VA" {
		t.Fatalf("%+v", p)
	}
	if a := find(ps, "Alexandria"); a == nil || a.Admin1 != "VA" {
		t.Fatalf("Alexandria: %+v", a)
	}
}

func TestBackoff(t *testing.T) {
	g, _ := Default()
	for in, want := range map[string]string{
		"Dallas Police Department":     "dallas",
		"Platte Co.":                   "platte county",
		"University of Alberta":        "alberta",
		"Ontarians":                    "ontario",
		"Seoul Central District Court": "seoul",
		"US Federal Reserve":           "US", // the acronym, looked up as written
		"Bank of Japan":                "japan",
		"Lake Manassas":                "manassas",  // a lake the gazetteer lacks, named after its town
		"Robinson College Cambridge":   "cambridge", // the big city among names of one length
		"Stade de France":              "stade",     // countries do not win that way
	} {
		if k, _ := g.backoff(in); k != want {
			t.Errorf("backoff(%q) = %q, want %q", in, k, want)
		}
	}
}

func TestOverrides(t *testing.T) {
	p := find(parse(t, "Lawmakers in Washington passed the bill, the White House said."), "Washington")
	if p == nil || p.FeatureCode != "PPLC" {
		t.Fatalf("political Washington: %+v", p)
	}
	p = find(parse(t, "Police in Tbilisi said troops left Georgia on Friday."), "Georgia")
	if p == nil || p.Country != "GE" {
		t.Fatalf("Caucasus Georgia: %+v", p)
	}
}

// TestGivenSpans resolves spans given by the caller (gold-span evaluation).
func TestGivenSpans(t *testing.T) {
	gp, err := New()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		text, place string
		id          int64
		reason      string
	}{
		// A country named inside an institution's name is kept even when
		// the story names nothing else there.
		{"Markets in Frankfurt watched the Bank of Japan closely.", "Bank of Japan", 1861060, "named after Japan; story country"},
		{"Traders in Frankfurt waited for the US Federal Reserve.", "US Federal Reserve", 6252001, "part of a name containing United States; story country"},
	}
	for _, c := range cases {
		i := strings.Index(c.text, c.place)
		spans := []textSpan{{Start: strings.Index(c.text, "Frankfurt"), End: strings.Index(c.text, "Frankfurt") + 9}, {Start: i, End: i + len(c.place)}}
		ps := gp.Places(doc.New("t", c.text), spans)
		if len(ps) != 2 || ps[1].GeonameID != c.id || ps[1].Reason != c.reason {
			t.Errorf("%q: %d places, last %d %q", c.place, len(ps), ps[len(ps)-1].GeonameID, ps[len(ps)-1].Reason)
		}
	}
}

// TestIsolatedSmallPlace: in a story about one first-level region, a small
// place read in another region that nothing else supports is a local name
// the gazetteer lacks; it goes to the nearest place in the story's region.
func TestIsolatedSmallPlace(t *testing.T) {
	ps := parse(t, "Homes in Gainesville, Virginia, sell fast. Haymarket and Manassas are close by, and Centreville is a short drive. The Shops at Stonewall offer groceries.")
	want := []struct {
		text      string
		id        int64
		a1, prec  string
		lat, lon  float64
		reasonHas string
	}{
		{"Gainesville", 4760363, "VA", "city", 38.7957, -77.6139, "contained in Virginia"},
		{"Virginia", 6254928, "VA", "admin1", 37.8374, -79.0914, "story admin1"},
		{"Haymarket", 4763452, "VA", "city", 38.8121, -77.6364, "in a region the story names"},
		{"Manassas", 4771401, "VA", "city", 38.7510, -77.4753, "in a region the story names"},
		{"Centreville", 4751839, "VA", "city", 38.8404, -77.4289, "in a region the story names"},
		{"Stonewall", 0, "VA", "story", 38.8404, -77.4289, `"Stonewall" read alone outside the story's region; placed at the nearby or main place of the story, Centreville`},
	}
	if len(ps) != len(want) {
		t.Fatalf("%d places: %v", len(ps), texts(ps))
	}
	for k, w := range want {
		p := ps[k]
		if p.Text != w.text || p.GeonameID != w.id || p.Admin1 != w.a1 || p.Precision != w.prec || p.Lat != w.lat || p.Lon != w.lon || p.Reason != w.reasonHas {
			t.Errorf("%d: got %q %d %s %s (%v,%v) %q", k, p.Text, p.GeonameID, p.Admin1, p.Precision, p.Lat, p.Lon, p.Reason)
		}
	}
}

// TestFamousOverNamesake: a capital or a city of a million beats a namesake
// fifty times smaller unless the story places the namesake.
func TestFamousOverNamesake(t *testing.T) {
	cases := []struct {
		text   string
		id     int64
		reason string
	}{
		{"Officials in Washington and New York said the London office of the firm would close; Ohio and Kentucky lawmakers objected.",
			2643743, "world-famous London over a small namesake the story does not place"},
		{"Firefighters in London, Ohio, and nearby Springfield and Columbus battled the blaze.", 4517009, "contained in Ohio"},
		{"Police in Columbus and Springfield said the London man was arrested near Dayton.", 4517009, "story admin1"},
	}
	for _, c := range cases {
		p := find(parse(t, c.text), "London")
		if p == nil || p.GeonameID != c.id || p.Reason != c.reason {
			t.Errorf("%q: %+v", c.text, p)
		}
	}
}

// TestInsideCity: "X in Y" with Y a city puts X inside Y when X's own
// reading is far away or missing; with Y a region it acts as "X, Y".
func TestInsideCity(t *testing.T) {
	gp, _ := New()
	s := "She cooked at August in New Orleans and then at Tampa in Florida."
	var spans []textSpan
	for _, w := range []string{"August", "New Orleans", "Tampa", "Florida"} {
		i := strings.Index(s, w)
		spans = append(spans, textSpan{Start: i, End: i + len(w)})
	}
	ps := gp.Places(doc.New("t", s), spans)
	want := []struct {
		id     int64
		lat    float64
		prec   string
		reason string
	}{
		{0, 29.9547, "story", `"August" is inside New Orleans`},
		{4335045, 29.9547, "city", "story admin1"},
		{4174757, 27.9475, "city", "contained in Florida"},
		{4155751, 28.1132, "admin1", "story admin1"},
	}
	if len(ps) != len(want) {
		t.Fatalf("%d places", len(ps))
	}
	for k, w := range want {
		if p := ps[k]; p.GeonameID != w.id || p.Lat != w.lat || p.Precision != w.prec || p.Reason != w.reason {
			t.Errorf("%q: %d %v %s %q", p.Text, p.GeonameID, p.Lat, p.Precision, p.Reason)
		}
	}
}

// TestLists: places joined by "and"/"or" are of one kind.
func TestLists(t *testing.T) {
	cases := []struct {
		text, place string
		id          int64
		reason      string
	}{
		{"Tech jobs left states such as California or Washington last year.", "Washington", 5815135, "listed with California"},
		{"Leaders of Armenia, Azerbaijan and Georgia met on Friday.", "Georgia", 614540, "listed with Azerbaijan"},
		{"Leaders of Armenia, Azerbaijan and Georgia met on Friday.", "Armenia", 174982, "listed with Azerbaijan"},
	}
	for _, c := range cases {
		p := find(parse(t, c.text), c.place)
		if p == nil || p.GeonameID != c.id || p.Reason != c.reason {
			t.Errorf("%q in %q: %+v", c.place, c.text, p)
		}
	}
}

// TestUnknownNearStoryCountry: a name the gazetteer lacks is placed at the
// nearest place in the story's country, not at a foreign city beside it.
func TestUnknownNearStoryCountry(t *testing.T) {
	gp, _ := New()
	s := "Boys train in Cairo, and in New Cairo near the Nile Delta. Beyond Qarvela, Liverpool have other branches."
	var spans []textSpan
	for _, w := range []string{"Cairo", "New Cairo", "Nile Delta", "Qarvela", "Liverpool"} {
		i := strings.Index(s, w)
		spans = append(spans, textSpan{Start: i, End: i + len(w)})
	}
	ps := gp.Places(doc.New("t", s), spans)
	if len(ps) != 5 {
		t.Fatalf("%d places", len(ps))
	}
	if p := ps[3]; p.Country != "EG" || p.Lat != 30.9 || p.Lon != 31.2 || p.Precision != "story" ||
		p.Reason != `no gazetteer entry for "Qarvela"; placed at the nearby or main place of the story, Nile Delta` {
		t.Errorf("%+v", p)
	}
	if p := ps[4]; p.GeonameID != 2644210 {
		t.Errorf("Liverpool: %+v", p)
	}
}

// TestCountyLists: every name of a list ending in "counties" is a county.
func TestCountyLists(t *testing.T) {
	ps := parse(t, "School boards in Barrow, Jackson and Madison counties in Georgia changed their policies.")
	want := []struct {
		text, name string
		lat, lon   float64
	}{
		{"Barrow", "Barrow County", 33.9729, -83.7121},
		{"Jackson", "Jackson County", 34.1409, -83.5971},
		{"Madison", "Madison County", 34.0811, -83.1733},
	}
	for _, w := range want {
		p := find(ps, w.text)
		if p == nil || p.Name != w.name || p.Admin1 != "GA" || p.Precision != "admin2" || p.Lat != w.lat || p.Lon != w.lon || p.Reason != "the X counties" {
			t.Errorf("%s: %+v", w.text, p)
		}
	}
}

// TestInsideRegion: "X, Y" with Y a region and no reading of X in Y puts X
// in Y; a big place before a comma is a list item, not moved.
func TestInsideRegion(t *testing.T) {
	ps := parse(t, "The touring cars race at Rockingham, Northamptonshire, then at Croft, Yorkshire, and finally in Copenhagen, Hamburg and Berlin.")
	want := []struct {
		text     string
		lat, lon float64
		prec     string
		reason   string
	}{
		{"Rockingham", 52.3, -0.9, "story", `"Rockingham" is inside Northamptonshire`},
		{"Croft", 54, -1.5, "story", `"Croft" is inside Yorkshire`},
		{"Copenhagen", 55.6759, 12.5655, "city", "population prior"},
	}
	for _, w := range want {
		p := find(ps, w.text)
		if p == nil || p.Lat != w.lat || p.Lon != w.lon || p.Precision != w.prec || p.Reason != w.reason {
			t.Errorf("%s: %+v", w.text, p)
		}
	}
}
