// Package synth generates synthetic but realistically distributed news
// documents with entity, place and event layers, for query benchmarks on
// large stores: Zipf-distributed actors over real CAMEO country and role
// codes, CAMEO event codes drawn with a news-like skew toward statements,
// consultations and appeals, dates over a span of days with a weekly rhythm,
// places with coordinates, entities with aliases in several scripts, and a
// share of stories copied by other outlets (duplicate clusters).
//
// The text is made from templates; it reads like wire copy but says nothing
// true. Everything is drawn from a seeded generator: the same seed gives
// the same documents.
package synth

import (
	"bufio"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

// Config sizes a generated corpus.
type Config struct {
	Seed     int64
	Entities int       // distinct actors (default 20,000)
	Start    time.Time // first day (default 2023-01-01)
	Days     int       // span in days (default 730)
	CopyRate float64   // share of documents that copy an earlier story (default 0.1)
	// CameoDir holds eventcodes.tsv, countries.tsv and actortypes.tsv.
	CameoDir string
}

// EventCode is a CAMEO code with its scale values.
type EventCode struct {
	Code      string
	Goldstein float64
	Quad      int
	weight    float64
}

// Entity is a generated actor.
type Entity struct {
	ID, Name, Kind, Code, Country string
	Aliases                       []doc.Alias
}

type city struct {
	cameo, iso, name string
	lat, lon         float64
	geo              int64
}

// Gen draws documents.
type Gen struct {
	cfg      Config
	rng      *rand.Rand
	codes    []EventCode
	codeCum  []float64
	ents     []Entity
	entZipf  *rand.Zipf
	cities   []city
	byCC     map[string][]int
	outlets  []string
	n        int
	recent   []*doc.Doc // stories other outlets may copy
	weekdayW [7]float64
}

// New loads the CAMEO tables and builds the actor population.
func New(cfg Config) (*Gen, error) {
	if cfg.Entities <= 0 {
		cfg.Entities = 20000
	}
	if cfg.Start.IsZero() {
		cfg.Start = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if cfg.Days <= 0 {
		cfg.Days = 730
	}
	if cfg.CopyRate == 0 {
		cfg.CopyRate = 0.1
	}
	g := &Gen{cfg: cfg, rng: rand.New(rand.NewSource(cfg.Seed)), byCC: map[string][]int{}}
	g.weekdayW = [7]float64{0.6, 1.1, 1.15, 1.15, 1.1, 1.0, 0.7}
	if err := g.loadCodes(filepath.Join(cfg.CameoDir, "eventcodes.tsv")); err != nil {
		return nil, err
	}
	countries, err := readColumn(filepath.Join(cfg.CameoDir, "countries.tsv"), func(f []string) bool { return len(f) > 2 && f[2] == "country" })
	if err != nil {
		return nil, err
	}
	roles, err := readColumn(filepath.Join(cfg.CameoDir, "actortypes.tsv"), func(f []string) bool { return len(f) > 2 && f[2] == "yes" })
	if err != nil {
		return nil, err
	}
	for i, c := range cityTable {
		g.cities = append(g.cities, c)
		g.byCC[c.cameo] = append(g.byCC[c.cameo], i)
	}
	// Countries with a city come first in the Zipf order of actor
	// countries, so the busiest actors have places; the rest follow.
	known := map[string]bool{}
	var order []string
	for _, c := range cityTable {
		if !known[c.cameo] {
			known[c.cameo] = true
			order = append(order, c.cameo)
		}
	}
	for _, c := range countries {
		if !known[c] {
			order = append(order, c)
		}
	}
	ccZipf := rand.NewZipf(g.rng, 1.1, 2, uint64(len(order)-1))
	roleZipf := rand.NewZipf(g.rng, 1.2, 1, uint64(len(roles)-1))
	for i := 0; i < cfg.Entities; i++ {
		cc := order[ccZipf.Uint64()]
		role := roles[roleZipf.Uint64()]
		e := Entity{ID: fmt.Sprintf("syn:%06d", i), Country: cc, Code: cc + role}
		if g.rng.Intn(3) == 0 {
			e.Kind = doc.KindORG
			e.Name = g.orgName(role)
		} else {
			e.Kind = doc.KindPER
			e.Name = g.personName()
		}
		e.Aliases = g.aliases(e)
		g.ents = append(g.ents, e)
	}
	g.entZipf = rand.NewZipf(g.rng, 1.07, 3, uint64(cfg.Entities-1))
	for i := 0; i < 400; i++ {
		g.outlets = append(g.outlets, g.word(2)+strings.ToLower(g.word(1))+".example")
	}
	return g, nil
}

func readColumn(path string, keep func([]string) bool) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		fs := strings.Split(sc.Text(), "\t")
		if keep(fs) {
			out = append(out, fs[0])
		}
	}
	return out, sc.Err()
}

// rootWeight is a news-like share per CAMEO root: statements, consults,
// appeals and cooperation intents dominate, force is rare.
var rootWeight = map[string]float64{
	"01": 18, "02": 9, "03": 8, "04": 16, "05": 7, "06": 2, "07": 2.5, "08": 2.5, "09": 1,
	"10": 3, "11": 7, "12": 2.5, "13": 3, "14": 3, "15": 1, "16": 2, "17": 5, "18": 4, "19": 4, "20": 0.2,
}

func (g *Gen) loadCodes(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	perRoot := map[string]int{}
	var all []EventCode
	for sc.Scan() {
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) < 6 || fs[4] == "root" {
			continue
		}
		gs, _ := strconv.ParseFloat(fs[2], 64)
		q, _ := strconv.Atoi(fs[3])
		all = append(all, EventCode{Code: fs[0], Goldstein: gs, Quad: q})
		perRoot[fs[5]]++
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if len(all) == 0 {
		return fmt.Errorf("%s: no event codes", path)
	}
	sum := 0.0
	for i := range all {
		c := &all[i]
		w := rootWeight[c.Code[:2]] / float64(perRoot[c.Code[:2]])
		if len(c.Code) == 3 && c.Code[2] == '0' {
			w *= 4 // "not specified below" codes are the commonest
		}
		c.weight = w
		sum += w
		g.codeCum = append(g.codeCum, sum)
	}
	g.codes = all
	return nil
}

func (g *Gen) code() EventCode {
	x := g.rng.Float64() * g.codeCum[len(g.codeCum)-1]
	i := sort.SearchFloat64s(g.codeCum, x)
	if i >= len(g.codes) {
		i = len(g.codes) - 1
	}
	return g.codes[i]
}

var syllables = []string{"ka", "ro", "mi", "ta", "le", "no", "sa", "vi", "dan", "per", "lo", "ri", "ma", "ten", "bo", "ga", "ul", "es", "an", "or", "zi", "ku", "hel", "mar"}

func (g *Gen) word(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(syllables[g.rng.Intn(len(syllables))])
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

func (g *Gen) personName() string { return g.word(1+g.rng.Intn(2)) + " " + g.word(2+g.rng.Intn(2)) }

var orgHeads = map[string]string{"GOV": "Ministry of", "MIL": "Army of", "COP": "Police of", "JUD": "Court of", "LEG": "Assembly of",
	"OPP": "Movement for", "BUS": "Holdings of", "MED": "Gazette of", "EDU": "University of", "LAB": "Union of"}

func (g *Gen) orgName(role string) string {
	head := orgHeads[role]
	if head == "" {
		head = "Council of"
	}
	return head + " " + g.word(2+g.rng.Intn(2))
}

// translit maps Latin syllables to made-up Cyrillic and Han renderings, so
// aliases exist in other scripts.
var cyr = map[byte]string{'a': "а", 'b': "б", 'd': "д", 'e': "е", 'g': "г", 'h': "х", 'i': "и", 'k': "к", 'l': "л", 'm': "м", 'n': "н", 'o': "о", 'p': "п", 'r': "р", 's': "с", 't': "т", 'u': "у", 'v': "в", 'z': "з", ' ': " "}
var han = []string{"卡", "罗", "米", "塔", "莱", "诺", "萨", "维", "丹", "佩", "洛", "里", "马", "滕"}

func (g *Gen) aliases(e Entity) []doc.Alias {
	var out []doc.Alias
	low := strings.ToLower(e.Name)
	var c strings.Builder
	for i := 0; i < len(low); i++ {
		c.WriteString(cyr[low[i]])
	}
	out = append(out, doc.Alias{Text: c.String(), Script: "Cyrl", Source: "dictionary", Confidence: 0.8})
	if g.rng.Intn(2) == 0 {
		var h strings.Builder
		for i := 0; i < 2+g.rng.Intn(2); i++ {
			h.WriteString(han[g.rng.Intn(len(han))])
		}
		out = append(out, doc.Alias{Text: h.String(), Script: "Hani", Source: "romanisation", Confidence: 0.6})
	}
	if e.Kind == doc.KindORG {
		var acr strings.Builder
		for _, w := range strings.Fields(e.Name) {
			acr.WriteByte(w[0])
		}
		out = append(out, doc.Alias{Text: strings.ToUpper(acr.String()), Script: "Latn", Source: "acronym", Confidence: 0.7})
	} else if f := strings.Fields(e.Name); len(f) > 1 {
		out = append(out, doc.Alias{Text: f[len(f)-1], Script: "Latn", Source: "coref", Confidence: 0.9})
	}
	return out
}

var verbs = map[string]string{
	"01": "made a statement about", "02": "appealed to", "03": "pledged support for", "04": "held talks with", "05": "praised",
	"06": "signed a cooperation deal with", "07": "sent aid to", "08": "eased restrictions on", "09": "opened an inquiry with",
	"10": "demanded action from", "11": "criticised", "12": "rejected a proposal by", "13": "warned", "14": "staged a protest against",
	"15": "raised the alert against", "16": "cut ties with", "17": "detained members of", "18": "attacked", "19": "clashed with", "20": "shelled positions of",
}

// Next returns the next document. Copies reuse an earlier story's text and
// layers under another outlet, so stories and events form clusters.
func (g *Gen) Next() *doc.Doc {
	g.n++
	if len(g.recent) > 0 && g.rng.Float64() < g.cfg.CopyRate {
		src := g.recent[g.rng.Intn(len(g.recent))]
		d := *src
		d.ID = fmt.Sprintf("syn-%07d", g.n)
		d.Meta.Site = g.outlets[g.rng.Intn(len(g.outlets))]
		d.Meta.URL = "https://" + d.Meta.Site + "/" + d.ID
		return &d
	}
	day := g.day()
	d := doc.New(fmt.Sprintf("syn-%07d", g.n), "")
	d.Meta.Published = day.Format("2006-01-02")
	d.Meta.Site = g.outlets[int(math.Min(float64(len(g.outlets)-1), g.rng.ExpFloat64()*60))]
	d.Meta.URL = "https://" + d.Meta.Site + "/" + d.ID
	d.Meta.Language = "en"
	d.Meta.SourceKind = "synthetic"
	var b strings.Builder
	nev := 1 + int(g.rng.ExpFloat64()*2.3)
	if nev > 12 {
		nev = 12
	}
	entIdx := map[string]int{}
	entity := func(e Entity, sp text.Span) int {
		i, ok := entIdx[e.ID]
		if !ok {
			i = len(d.Entities)
			entIdx[e.ID] = i
			d.Entities = append(d.Entities, doc.Entity{ID: e.ID, Kind: e.Kind, Name: e.Name, ActorCode: e.Code, Aliases: e.Aliases})
		}
		d.Mentions = append(d.Mentions, doc.Mention{Span: sp, Text: e.Name, Kind: e.Kind, Entity: i})
		d.Entities[i].Mentions = append(d.Entities[i].Mentions, len(d.Mentions)-1)
		return i
	}
	for k := 0; k < nev; k++ {
		src := g.ents[g.entZipf.Uint64()]
		tgt := g.ents[g.entZipf.Uint64()]
		for tgt.ID == src.ID {
			tgt = g.ents[g.rng.Intn(len(g.ents))]
		}
		c := g.code()
		start := b.Len()
		b.WriteString(src.Name)
		sSpan := text.Span{Start: start, End: b.Len()}
		b.WriteByte(' ')
		verb := verbs[c.Code[:2]]
		trig := text.Span{Start: b.Len(), End: b.Len() + strings.IndexByte(verb+" ", ' ')}
		b.WriteString(verb)
		b.WriteByte(' ')
		tStart := b.Len()
		b.WriteString(tgt.Name)
		tSpan := text.Span{Start: tStart, End: b.Len()}
		place := -1
		if g.rng.Float64() < 0.85 {
			ci := g.cityFor(src, tgt)
			cy := g.cities[ci]
			b.WriteString(" in ")
			ps := b.Len()
			b.WriteString(cy.name)
			d.Places = append(d.Places, doc.Place{Span: text.Span{Start: ps, End: b.Len()}, Text: cy.name, Resolved: true, GeonameID: cy.geo,
				Name: cy.name, Lat: cy.lat, Lon: cy.lon, Country: cy.iso, Precision: "city", Confidence: 0.8})
			place = len(d.Places) - 1
		}
		b.WriteString(" on ")
		tx := b.Len()
		wd := day.Weekday().String()
		b.WriteString(wd)
		d.Timexes = append(d.Timexes, doc.Timex{Span: text.Span{Start: tx, End: b.Len()}, Text: wd, Type: "DATE", Value: d.Meta.Published})
		b.WriteString(". ")
		sent := text.Span{Start: start, End: b.Len() - 1}
		d.Sentences = append(d.Sentences, doc.Sentence{Span: sent, Story: 0})
		si, ti := entity(src, sSpan), entity(tgt, tSpan)
		d.Events = append(d.Events, doc.Event{ID: fmt.Sprintf("e%d", k),
			Source: doc.Actor{Code: src.Code, Entity: si, Span: &sSpan, Text: src.Name},
			Target: doc.Actor{Code: tgt.Code, Entity: ti, Span: &tSpan, Text: tgt.Name},
			Code:   c.Code, Root: c.Code[:2], QuadClass: c.Quad, Goldstein: c.Goldstein, Date: d.Meta.Published, DatePrecision: "day",
			DateTimex: len(d.Timexes) - 1, Place: place, Sentence: sent, Trigger: trig, Confidence: 0.5 + g.rng.Float64()/2,
			Coder: "synth.v1", Dictionary: "synthetic"})
	}
	d.Text = strings.TrimRight(b.String(), " ")
	d.Stories = []doc.Story{{Span: text.Span{Start: 0, End: len(d.Text)}, Text: d.Text, Language: "en"}}
	d.Meta.Title = d.Entities[0].Name + " " + verbs[d.Events[0].Root]
	for _, l := range []string{doc.LayerStories, doc.LayerSentences, doc.LayerMentions, doc.LayerEntities, doc.LayerTimexes, doc.LayerPlaces, doc.LayerEvents} {
		d.MarkLayer(l, "synth.v1")
	}
	if len(g.recent) < 200 {
		g.recent = append(g.recent, d)
	} else {
		g.recent[g.rng.Intn(len(g.recent))] = d
	}
	return d
}

// day draws a publication day: uniform over the span with a weekly rhythm
// and a slow rise in volume.
func (g *Gen) day() time.Time {
	for {
		i := g.rng.Intn(g.cfg.Days)
		t := g.cfg.Start.AddDate(0, 0, i)
		w := g.weekdayW[t.Weekday()] * (0.7 + 0.6*float64(i)/float64(g.cfg.Days))
		if g.rng.Float64()*1.6 < w {
			return t
		}
	}
}

// cityFor places an event in the source's country mostly, else the
// target's, else anywhere.
func (g *Gen) cityFor(src, tgt Entity) int {
	r := g.rng.Float64()
	for _, cc := range []string{src.Country, tgt.Country} {
		if cs := g.byCC[cc]; len(cs) > 0 && r < 0.8 {
			return cs[g.rng.Intn(len(cs))]
		}
		r -= 0.4
	}
	return g.rng.Intn(len(g.cities))
}

// Take is the next n documents.
func (g *Gen) Take(n int) []*doc.Doc {
	out := make([]*doc.Doc, n)
	for i := range out {
		out[i] = g.Next()
	}
	return out
}

// Entities is the actor population, busiest first.
func (g *Gen) Entities() []Entity { return g.ents }

// Cities lists the place names used.
func (g *Gen) Cities() []string {
	var out []string
	for _, c := range g.cities {
		out = append(out, c.name)
	}
	return out
}

// CountryCodes lists the CAMEO country codes that have places, busiest first.
func (g *Gen) CountryCodes() []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range g.cities {
		if !seen[c.cameo] {
			seen[c.cameo] = true
			out = append(out, c.cameo)
		}
	}
	return out
}

// ISO returns the ISO 3166-1 alpha-2 code of a CAMEO country code with places.
func (g *Gen) ISO(cameo string) string {
	if cs := g.byCC[cameo]; len(cs) > 0 {
		return g.cities[cs[0]].iso
	}
	return ""
}

// Rand exposes the generator's random source for benchmark query mixes.
func (g *Gen) Rand() *rand.Rand { return g.rng }

// Zipf draws an entity index with the same skew as the documents.
func (g *Gen) Zipf() int { return int(g.entZipf.Uint64()) }

// Codes lists the event codes.
func (g *Gen) Codes() []EventCode { return g.codes }

// cityTable: capitals and large cities (GeoNames ids and WGS84 coordinates).
var cityTable = []city{
	{"USA", "US", "Washington", 38.8951, -77.0364, 4140963}, {"USA", "US", "New York", 40.7143, -74.0060, 5128581},
	{"CHN", "CN", "Beijing", 39.9075, 116.3972, 1816670}, {"CHN", "CN", "Shanghai", 31.2222, 121.4581, 1796236},
	{"RUS", "RU", "Moscow", 55.7522, 37.6156, 524901}, {"GBR", "GB", "London", 51.5085, -0.1257, 2643743},
	{"FRA", "FR", "Paris", 48.8534, 2.3488, 2988507}, {"DEU", "DE", "Berlin", 52.5244, 13.4105, 2950159},
	{"ISR", "IL", "Jerusalem", 31.7690, 35.2163, 281184}, {"IRN", "IR", "Tehran", 35.6944, 51.4215, 112931},
	{"UKR", "UA", "Kyiv", 50.4547, 30.5238, 703448}, {"IND", "IN", "New Delhi", 28.6358, 77.2245, 1261481},
	{"PAK", "PK", "Islamabad", 33.7215, 73.0433, 1176615}, {"AFG", "AF", "Kabul", 34.5281, 69.1723, 1138958},
	{"IRQ", "IQ", "Baghdad", 33.3406, 44.4009, 98182}, {"SYR", "SY", "Damascus", 33.5102, 36.2913, 170654},
	{"TUR", "TR", "Ankara", 39.9199, 32.8543, 323786}, {"EGY", "EG", "Cairo", 30.0626, 31.2497, 360630},
	{"SAU", "SA", "Riyadh", 24.6877, 46.7219, 108410}, {"JPN", "JP", "Tokyo", 35.6895, 139.6917, 1850147},
	{"KOR", "KR", "Seoul", 37.5660, 126.9784, 1835848}, {"PRK", "KP", "Pyongyang", 39.0339, 125.7543, 1871859},
	{"NGA", "NG", "Abuja", 9.0579, 7.4951, 2352778}, {"KEN", "KE", "Nairobi", -1.2833, 36.8167, 184745},
	{"ZAF", "ZA", "Pretoria", -25.7449, 28.1878, 964137}, {"BRA", "BR", "Brasilia", -15.7797, -47.9297, 3469058},
	{"MEX", "MX", "Mexico City", 19.4285, -99.1277, 3530597}, {"CAN", "CA", "Ottawa", 45.4112, -75.6981, 6094817},
	{"AUS", "AU", "Canberra", -35.2835, 149.1281, 2172517}, {"ITA", "IT", "Rome", 41.8919, 12.5113, 3169070},
	{"ESP", "ES", "Madrid", 40.4165, -3.7026, 3117735}, {"POL", "PL", "Warsaw", 52.2298, 21.0118, 756135},
	{"PHL", "PH", "Manila", 14.6042, 120.9822, 1701668}, {"IDN", "ID", "Jakarta", -6.2146, 106.8451, 1642911},
	{"VNM", "VN", "Hanoi", 21.0245, 105.8412, 1581130}, {"THA", "TH", "Bangkok", 13.7540, 100.5014, 1609350},
	{"MMR", "MM", "Naypyidaw", 19.7450, 96.1297, 6611854}, {"VEN", "VE", "Caracas", 10.4880, -66.8792, 3646738},
	{"COL", "CO", "Bogota", 4.6097, -74.0817, 3688689}, {"ARG", "AR", "Buenos Aires", -34.6132, -58.3772, 3435910},
	{"ETH", "ET", "Addis Ababa", 9.0250, 38.7469, 344979}, {"SDN", "SD", "Khartoum", 15.5518, 32.5324, 379252},
	{"LBY", "LY", "Tripoli", 32.8925, 13.1800, 2210247}, {"YEM", "YE", "Sanaa", 15.3547, 44.2067, 71137},
	{"LBN", "LB", "Beirut", 33.8933, 35.5016, 276781}, {"JOR", "JO", "Amman", 31.9552, 35.9450, 250441},
	{"QAT", "QA", "Doha", 25.2854, 51.5310, 290030}, {"ARE", "AE", "Abu Dhabi", 24.4648, 54.3618, 292968},
	{"GRC", "GR", "Athens", 37.9838, 23.7278, 264371}, {"SWE", "SE", "Stockholm", 59.3326, 18.0649, 2673730},
	{"NOR", "NO", "Oslo", 59.9127, 10.7461, 3143244}, {"BEL", "BE", "Brussels", 50.8505, 4.3488, 2800866},
	{"NLD", "NL", "Amsterdam", 52.3740, 4.8897, 2759794}, {"CHE", "CH", "Bern", 46.9481, 7.4474, 2661552},
	{"AUT", "AT", "Vienna", 48.2085, 16.3721, 2761369}, {"HUN", "HU", "Budapest", 47.4980, 19.0399, 3054643},
	{"SRB", "RS", "Belgrade", 44.8040, 20.4651, 792680}, {"GEO", "GE", "Tbilisi", 41.6941, 44.8337, 611717},
	{"ARM", "AM", "Yerevan", 40.1811, 44.5136, 616052}, {"AZE", "AZ", "Baku", 40.3777, 49.8920, 587084},
	{"BGD", "BD", "Dhaka", 23.7104, 90.4074, 1185241}, {"LKA", "LK", "Colombo", 6.9319, 79.8478, 1248991},
	{"MLI", "ML", "Bamako", 12.6500, -8.0000, 2460596}, {"SOM", "SO", "Mogadishu", 2.0371, 45.3438, 53654},
	{"COD", "CD", "Kinshasa", -4.3276, 15.3136, 2314302}, {"CUB", "CU", "Havana", 23.1330, -82.3830, 3553478},
}
