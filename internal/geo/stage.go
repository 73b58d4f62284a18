package geo

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/pipeline"
	"github.com/newsgraph/newsgraph/internal/text"
)

// StageID is the registered id of the geoparsing stage.
const StageID = "geo.resolve.v1"

// MaxPlaces bounds the places one document can get, so very long lists of
// names stay bounded in time and output size.
const MaxPlaces = 5000

func init() {
	pipeline.Register(pipeline.Info{
		ID:      StageID,
		Assigns: []string{doc.LayerPlaces},
		Default: true,
		New: func(env pipeline.Env) (pipeline.Stage, error) {
			gp, err := New()
			if err != nil {
				return nil, err
			}
			gp.Home = strings.ToUpper(env.Option("geo.home_country", ""))
			return gp, nil
		},
	})
}

// debugKeep, when set by a test, sees every recognition decision.
var debugKeep func(text string, keep bool, reason string)

// Geoparser recognises and resolves toponyms; it is safe for concurrent use.
type Geoparser struct {
	g *Gazetteer
	// Home is the outlet's home country (ISO 3166-1 alpha-2) when every
	// document comes from one place (option geo.home_country); otherwise
	// a document's URL domain suggests one.
	Home string
}

// New returns a Geoparser over the embedded gazetteer.
func New() (*Geoparser, error) {
	g, err := Default()
	if err != nil {
		return nil, err
	}
	return &Geoparser{g: g}, nil
}

// NewWith returns a Geoparser over a given gazetteer.
func NewWith(g *Gazetteer) *Geoparser { return &Geoparser{g: g} }

// Process fills d.Places. LOC/GPE mentions from the NER, when present, are
// added to what the gazetteer matching finds.
func (p *Geoparser) Process(ctx context.Context, d *doc.Doc) error {
	d.Places = p.Places(d, nil)
	d.MarkLayer(doc.LayerPlaces, StageID)
	return nil
}

// Places returns the places of a document. With spans != nil it resolves
// exactly those spans (gold-span evaluation) and recognises nothing.
func (p *Geoparser) Places(d *doc.Doc, spans []text.Span) []doc.Place {
	r := &recognizer{g: p.g, src: d.Text}
	r.toks = tokenize(d.Text, nil)
	r.lower = lowerWords(r.toks, d.Text)
	var ms []mention
	given := spans != nil
	if given {
		for _, sp := range spans {
			if sp.Start < 0 || sp.End > len(d.Text) || sp.Start >= sp.End {
				continue
			}
			ms = append(ms, r.mentionFromSpan(sp, false))
		}
		r.link(ms)
	} else {
		ms = r.recognize(MaxPlaces)
		if d.Has(doc.LayerMentions) && len(d.Mentions) > 0 {
			ms = r.addNER(d, ms)
			r.link(relink(ms)) // indices changed
		}
	}
	cs := make([][]cand, len(ms))
	for i := range ms {
		if ms[i].demonym >= 0 {
			e := &p.g.Entries[ms[i].demonym]
			cs[i] = []cand{{e: e, idx: ms[i].demonym, prior: 10, why: "demonym"}}
			continue
		}
		if ms[i].direct >= 0 {
			e := &p.g.Entries[ms[i].direct]
			cs[i] = []cand{{e: e, idx: ms[i].direct, prior: 10, why: "postal code"}}
			continue
		}
		surface := d.Text[ms[i].span.Start:ms[i].span.End]
		cs[i] = p.g.candidates(ms[i].key, surface, nil)
		if countyWords[ms[i].typed] {
			// "Barrow" before "counties" is Barrow County.
			cs[i] = p.g.addCandidates(cs[i], ms[i].key+" county")
			cs[i] = p.g.addCandidates(cs[i], ms[i].key+" parish")
		}
		if len(cs[i]) == 0 {
			if k, how := p.g.backoff(surface); k != "" {
				cs[i] = p.g.candidates(k, k, nil)
				for j := range cs[i] {
					cs[i][j].prior -= 1
					cs[i][j].why = how
				}
				ms[i].backoff = how
			}
		}
	}
	// Recognition filter: drop mentions the context does not support.
	reasons := make([]string, len(ms))
	if !given {
		keep := make([]bool, len(ms))
		r.big = make([]bool, len(ms))
		for i := range ms {
			r.big[i] = len(cs[i]) > 0 && isBig(cs[i][0].e)
		}
		persons := map[string]bool{}
		for i := range ms {
			inPattern := ms[i].container >= 0 || ms[i].containee || ms[i].dualOf >= 0
			if ms[i].fromNER {
				keep[i] = true
				continue
			}
			keep[i], reasons[i] = r.keep(&ms[i], cs[i], ms, inPattern)
			if reasons[i] == "person title" || reasons[i] == "inside a longer name" || reasons[i] == "speaker" {
				persons[ms[i].key] = true
				r.big[i] = false // "Kevin George Baker": George no longer vouches for Baker
			}
		}
		// A name seen as part of a person's name ("Tom Baker", "Gov.
		// Nelson") is that person elsewhere in the story too, unless a
		// pattern says place.
		for i := range ms {
			if keep[i] && ms[i].ntok == 1 && persons[ms[i].key] && ms[i].container < 0 && !ms[i].containee && !strongPreps[ms[i].prep] {
				keep[i], reasons[i] = false, "person name in this story"
			}
		}
		if debugKeep != nil {
			for i := range ms {
				debugKeep(d.Text[ms[i].span.Start:ms[i].span.End], keep[i], reasons[i])
			}
		}
		ms, cs = compact(ms, cs, keep)
		r.link(relink(ms))
	}
	applyOverrides(d.Text, r.lower, ms, cs)
	home := p.Home
	if home == "" {
		home = homeFromURL(d.Meta.URL)
	}
	if home != "" {
		// Local news names local places: "Paris" in a Texas paper.
		for i := range cs {
			for k := range cs[i] {
				if e := cs[i][k].e; e.Country == home && e.Kind != KindCountry {
					cs[i][k].prior += W.Home
				}
			}
		}
	}
	pick := resolveAll(ms, cs)
	home1 := storyRegion(ms, cs, pick)
	preferFamous(ms, cs, pick, home1, home)
	isolated := make([]bool, len(ms))
	if home1 != "" {
		// A small place read in a first-level region that nothing else in
		// the story supports, in a story about one region ("Stonewall" in a
		// story about Prince William County read as Stonewall, Mississippi),
		// is a local name the gazetteer lacks: it goes to the story's region.
		support := map[string]int{}
		for i, p := range pick {
			if p >= 0 && ms[i].demonym < 0 {
				if e := cs[i][p].e; e.Kind != KindCountry {
					support[e.Country+"."+e.Admin1]++
				}
			}
		}
		for i, p := range pick {
			if p < 0 || ms[i].demonym >= 0 || ms[i].direct >= 0 || ms[i].container >= 0 || ms[i].containee {
				continue
			}
			e := cs[i][p].e
			k := e.Country + "." + e.Admin1
			if e.Kind != KindCity || isBig(e) || k == home1 || e.Country != home1[:strings.IndexByte(home1, '.')] ||
				support[k] > countSame(ms, pick, cs, i) {
				continue
			}
			pick[i], isolated[i] = -1, true
		}
	}
	// "X in Y" with Y a city: X is inside Y (a restaurant, a venue, a
	// neighbourhood). A reading of X far from Y, or none, gives way to Y.
	inside := make([]*Entry, len(ms))
	for i := range ms {
		y := ms[i].within - 1
		if y < 0 || pick[y] < 0 || ms[i].demonym >= 0 {
			continue
		}
		ye := cs[y][pick[y]].e
		if ye.Kind != KindCity {
			continue
		}
		if pick[i] >= 0 {
			xe := cs[i][pick[i]].e
			if isBig(xe) || xe.Kind == KindCountry || xe.Kind == KindAdmin1 || haversine(xe.Lat, xe.Lon, ye.Lat, ye.Lon) < 50 {
				continue
			}
			pick[i] = -1
		}
		inside[i] = ye
	}
	// "X, Y" with Y a first- or second-level region: when no reading of X
	// lies in Y, X is a place in Y the gazetteer lacks ("Rockingham,
	// Northamptonshire"). Cities as Y are left out: "London, Paris, Berlin"
	// is a list.
	for i := range ms {
		y := ms[i].container
		if y < 0 || pick[y] < 0 || inside[i] != nil || ms[i].demonym >= 0 || ms[i].direct >= 0 {
			continue
		}
		ye := cs[y][pick[y]].e
		region := ye.Kind == KindAdmin1 || ye.Kind == KindAdmin2 || (ye.Kind == KindFeature && (ye.FCode == "ADM2" || ye.FCode == "ADM1"))
		if !region {
			continue
		}
		if pick[i] >= 0 {
			xe := cs[i][pick[i]].e
			// Countries, first-level regions and big places are not moved,
			// nor a unit of Y's own level: "Allamakee County, Winneshiek
			// County" and "Copenhagen, Hamburg" are lists.
			if xe.Kind == KindCountry || xe.Kind == KindAdmin1 || isBig(xe) || xe.Kind == ye.Kind || contains(ye, xe) ||
				(ye.Kind != KindAdmin1 && haversine(xe.Lat, xe.Lon, ye.Lat, ye.Lon) < 100) {
				continue
			}
			pick[i] = -1
		}
		inside[i] = ye
	}
	focus := storyFocus(ms, cs, pick, "")
	homeCC := storyCountry(ms, cs, pick)
	if focus != nil {
		// A backoff guess in a country the story never otherwise mentions
		// ("Brands Hatch" → Hatch, New Mexico, in a story about Kent) is
		// worse than the story's focus.
		ccs := map[string]int{}
		used := map[*Entry]bool{}
		for i, p := range pick {
			if p >= 0 && ms[i].backoff == "" {
				ccs[cs[i][p].e.Country]++
				used[cs[i][p].e] = true
			}
		}
		for i, p := range pick {
			if p < 0 || ms[i].backoff == "" || ms[i].backoff == "demonym of" {
				continue
			}
			e := cs[i][p].e
			// A small place found inside a longer name ("Turtle Rock",
			// "SB Smith Electrical") is a weak guess unless the story
			// names it too.
			weak := ms[i].backoff == "part of a name containing" && !isBig(e) && !used[e]
			// A country named inside a longer name ("Bank of Japan", "US
			// Federal Reserve") is that country whatever else the story
			// names; a first-level region, when the story names its country.
			region := e.Kind == KindCountry || (e.Kind == KindAdmin1 && ccs[e.Country] > 0)
			if (ccs[e.Country] == 0 || weak) && !region {
				pick[i] = -1
			}
		}
	}
	out := make([]doc.Place, 0, len(ms))
	for i, m := range ms {
		pl := doc.Place{Span: m.span, Text: d.Text[m.span.Start:m.span.End]}
		if pick[i] < 0 {
			pl.Reason = "no gazetteer entry for " + fmt.Sprintf("%q", pl.Text)
			if isolated[i] {
				pl.Reason = fmt.Sprintf("%q read alone outside the story's region", pl.Text)
			}
			region := home1
			if region == "" {
				region = homeCC
			}
			f := inside[i]
			if f != nil {
				pl.Reason = fmt.Sprintf("%q is inside %s", pl.Text, f.Name)
			} else {
				f = nearestPlace(ms, cs, pick, i, 300, region)
			}
			if f == nil && region != "" {
				f = storyFocus(ms, cs, pick, region)
			}
			if f == nil {
				f = focus
			}
			if f != nil && m.demonym < 0 {
				focus := f
				// A name the gazetteer lacks (a street, a building, a
				// farm) given as a place by the NER or the caller is most
				// likely in the place the story is about: it gets that
				// point, marked as such, with a low confidence.
				pl.Resolved = true
				pl.Name, pl.Lat, pl.Lon = focus.Name, focus.Lat, focus.Lon
				pl.Country = focus.Country
				if focus.Kind != KindCountry {
					pl.Admin1 = focus.Admin1
				}
				pl.Precision = "story"
				pl.Confidence = 0.2
				if inside[i] == nil {
					pl.Reason += "; placed at the nearby or main place of the story, " + focus.Name
				}
			}
			out = append(out, pl)
			continue
		}
		c := cs[i][pick[i]]
		e := c.e
		pl.Resolved = true
		if e.ID > 0 {
			pl.GeonameID = e.ID
		}
		pl.Name, pl.Lat, pl.Lon = e.Name, e.Lat, e.Lon
		pl.FeatureClass, pl.FeatureCode = e.FClass(), e.FCode
		pl.Country = e.Country
		if e.Kind != KindCountry {
			pl.Admin1 = e.Admin1
			if a := p.g.Admin1(e.Country, e.Admin1); a != nil {
				pl.Admin1Name = a.Name
			}
		}
		pl.Precision = precision(e)
		pl.Reason = c.why
		if m.backoff != "" {
			pl.Reason = m.backoff + " " + e.Name + "; " + c.why
		}
		if m.demonym >= 0 {
			pl.Reason = "demonym"
		}
		// Confidence: softmax share of the pick among the candidates.
		sum := 0.0
		for _, o := range cs[i] {
			sum += math.Exp(math.Min(50, o.score-c.score))
		}
		pl.Confidence = math.Round(1/sum*1000) / 1000
		top := append([]cand(nil), cs[i]...)
		sort.SliceStable(top, func(a, b int) bool { return top[a].score > top[b].score })
		for k := 0; k < len(top) && k < 3; k++ {
			pc := doc.PlaceCandidate{Name: top[k].e.Name, Country: top[k].e.Country, Lat: top[k].e.Lat, Lon: top[k].e.Lon,
				Score: math.Round(top[k].score*1000) / 1000}
			if top[k].e.ID > 0 {
				pc.GeonameID = top[k].e.ID
			}
			pl.Candidates = append(pl.Candidates, pc)
		}
		pl.Actor = m.demonym < 0 && (e.Kind == KindCountry || e.FCode == "PPLC" || e.FCode == "PPLA") && isActorUse(d.Text, m.span.End)
		out = append(out, pl)
	}
	return out
}

func compact(ms []mention, cs [][]cand, keep []bool) ([]mention, [][]cand) {
	var m2 []mention
	var c2 [][]cand
	for i := range ms {
		if keep[i] {
			m2 = append(m2, ms[i])
			c2 = append(c2, cs[i])
		}
	}
	return m2, c2
}

// relink clears pattern links before they are recomputed over the kept mentions.
func relink(ms []mention) []mention {
	for i := range ms {
		ms[i].container, ms[i].containee, ms[i].dualOf, ms[i].within, ms[i].listed = -1, false, -1, 0, [2]int{}
	}
	return ms
}

// addNER adds the LOC/GPE mentions of the NER layer: one that covers
// gazetteer matches replaces them ("Qwzx Road" over "Road"); one that
// overlaps a match partly yields to it, since the match carries the key.
func (r *recognizer) addNER(d *doc.Doc, ms []mention) []mention {
	if !d.Has(doc.LayerMentions) || len(d.Mentions) == 0 {
		return ms
	}
	for _, nm := range d.Mentions {
		if nm.Kind != doc.KindLOC && nm.Kind != doc.KindGPE {
			continue
		}
		if nm.Start < 0 || nm.End > len(d.Text) || nm.Start >= nm.End {
			continue
		}
		partial, inside := false, false
		for _, m := range ms {
			if m.span.Start < nm.End && nm.Start < m.span.End {
				if nm.Start <= m.span.Start && m.span.End <= nm.End && m.span != nm.Span {
					inside = true
				} else {
					partial = true
				}
			}
		}
		if partial {
			continue
		}
		if inside {
			kept := ms[:0]
			for _, m := range ms {
				if !(nm.Start <= m.span.Start && m.span.End <= nm.End) {
					kept = append(kept, m)
				}
			}
			ms = kept
		}
		ms = append(ms, r.mentionFromSpan(nm.Span, true))
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].span.Start < ms[j].span.Start })
	return ms
}

// storyFocus is the place a story is about: the most mentioned resolved
// place, preferring the most specific (a city over its state over its
// country). Nil when nothing resolved.
func storyFocus(ms []mention, cs [][]cand, pick []int, region string) *Entry {
	score := map[*Entry]float64{}
	var order []*Entry
	for i, p := range pick {
		if p < 0 || ms[i].demonym >= 0 {
			continue
		}
		e := cs[i][p].e
		if region != "" && e.Kind != KindCountry && !inRegion(e, region) {
			continue
		}
		w := 0.0
		switch {
		case e.Kind == KindCity:
			w = 1
		case e.Kind == KindAdmin2:
			w = 0.8
		case e.Kind == KindAdmin1:
			w = 0.6
		case e.Kind == KindFeature && e.FCode != "CONT" && e.FCode != "RGN" && e.FCode != "OCN" && e.FCode != "PCLH":
			w = 0.5
		case e.Kind == KindCountry:
			w = 0.1
		}
		if w == 0 {
			continue
		}
		if _, ok := score[e]; !ok {
			order = append(order, e)
		}
		score[e] += w
	}
	var best *Entry
	for _, e := range order {
		if best == nil || score[e] > score[best] {
			best = e
		}
	}
	return best
}

// homeFromURL maps a country-code domain to its country ("…co.uk" → GB).
// Generic domains (.com, .org) say nothing.
func homeFromURL(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	h := u.Hostname()
	tld := h[strings.LastIndexByte(h, '.')+1:]
	if len(tld) != 2 {
		return ""
	}
	tld = strings.ToUpper(tld)
	switch tld {
	case "UK":
		return "GB"
	case "TV", "IO", "CO", "ME", "FM", "AI", "LY", "GG", "TO":
		return "" // used as generic domains
	}
	return tld
}

// nearestPlace is the closest resolved city, county or feature mentioned
// within window bytes of mention i ("Van Dorn Street in Alexandria").
func nearestPlace(ms []mention, cs [][]cand, pick []int, i, window int, region string) *Entry {
	var best *Entry
	bestD := window + 1
	for j, p := range pick {
		if j == i || p < 0 || ms[j].demonym >= 0 || ms[j].backoff != "" {
			continue
		}
		e := cs[j][p].e
		if region != "" && !inRegion(e, region) {
			continue // only places in the story's region vouch for a neighbour
		}
		if e.Kind != KindCity && e.Kind != KindAdmin2 && !(e.Kind == KindFeature && e.FCode != "CONT" && e.FCode != "RGN" && e.FCode != "OCN") {
			continue
		}
		d := ms[i].span.Start - ms[j].span.End
		if d < 0 {
			d = ms[j].span.Start - ms[i].span.End
		}
		if d >= 0 && d < bestD {
			best, bestD = e, d
		}
	}
	return best
}

// storyRegion is the first-level region ("US.VA") a story is about: the one
// that holds at least three of its distinct resolved places and half of all
// those with a region. Empty when the story has no such region.
func storyRegion(ms []mention, cs [][]cand, pick []int) string {
	return storyMajority(ms, cs, pick, 3, func(e *Entry) string {
		if e.Kind == KindCountry || e.Kind == KindFeature {
			return ""
		}
		return e.Country + "." + e.Admin1
	})
}

// storyMajority counts the story's distinct resolved places (demonyms and
// backed-off names aside) by key(e), skipping empty keys, and returns the
// key that holds at least min of them and half of all counted; ties go to
// the smaller key so the answer does not depend on map order.
func storyMajority(ms []mention, cs [][]cand, pick []int, min int, key func(*Entry) string) string {
	n := map[string]int{}
	seen := map[*Entry]bool{}
	total := 0
	for i, p := range pick {
		if p < 0 || ms[i].demonym >= 0 || ms[i].backoff != "" {
			continue
		}
		e := cs[i][p].e
		if seen[e] {
			continue
		}
		k := key(e)
		if k == "" {
			continue
		}
		seen[e] = true
		n[k]++
		total++
	}
	best := ""
	for k, c := range n {
		if c > n[best] || (c == n[best] && k < best) {
			best = k
		}
	}
	if n[best] >= min && 2*n[best] >= total {
		return best
	}
	return ""
}

// countSame counts the mentions that share mention i's reading.
func countSame(ms []mention, pick []int, cs [][]cand, i int) int {
	c := 0
	for j, p := range pick {
		if p >= 0 && cs[j][p].e == cs[i][pick[i]].e {
			c++
		}
	}
	return c
}

// preferFamous reads a name as the world-famous place it names (a capital or
// a city of a million) instead of a namesake fifty times smaller, unless the
// story places the namesake: an "X, Y" pattern, the story's own region, or
// another place the story names within W.NearKm of it, or the outlet's home
// country. "London-based", in a story from Washington, is not London, Ohio.
func preferFamous(ms []mention, cs [][]cand, pick []int, region, home string) {
	for i, p := range pick {
		if p < 0 || ms[i].demonym >= 0 || ms[i].direct >= 0 || ms[i].container >= 0 || ms[i].containee {
			continue
		}
		a := cs[i][p].e
		if a.Kind != KindCity || a.Country+"."+a.Admin1 == region || a.Country == home {
			continue
		}
		fam := -1
		for k, c := range cs[i] {
			b := c.e
			if b.Kind == KindCity && (b.FCode == "PPLC" || b.Pop >= 1000000) && a.Pop*50 < b.Pop && (fam < 0 || b.Pop > cs[i][fam].e.Pop) {
				fam = k
			}
		}
		if fam < 0 {
			continue
		}
		near := false
		for j, q := range pick {
			if j == i || q < 0 || ms[j].demonym >= 0 || ms[j].key == ms[i].key {
				continue
			}
			if o := cs[j][q].e; o.Kind != KindCountry && o.Kind != KindAdmin1 && haversine(a.Lat, a.Lon, o.Lat, o.Lon) < W.NearKm {
				near = true
				break
			}
		}
		if !near {
			pick[i] = fam
			cs[i][fam].why = "world-famous " + cs[i][fam].e.Name + " over a small namesake the story does not place"
		}
	}
}

// inRegion reports whether e lies in region, a country code ("EG") or a
// country and first-level code ("US.VA").
func inRegion(e *Entry, region string) bool {
	if len(region) == 2 {
		return e.Country == region
	}
	return e.Country+"."+e.Admin1 == region
}

// storyCountry is the country that holds at least two of the story's
// distinct resolved places below country level and half of them; empty
// when none does.
func storyCountry(ms []mention, cs [][]cand, pick []int) string {
	return storyMajority(ms, cs, pick, 2, func(e *Entry) string {
		if e.Kind == KindCountry {
			return ""
		}
		return e.Country
	})
}
