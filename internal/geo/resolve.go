package geo

import (
	"math"
	"sort"
	"strings"
)

// cand is one reading of a mention with its score parts.
type cand struct {
	e     *Entry
	idx   int32
	alt   bool
	prior float64
	score float64
	why   string
}

// Weights of the resolution score; tuned on the dev split only.
var W = struct {
	Pop, Country, Admin1, ContainA1, ContainCC, Cooc, Alt, NameExact, Prep, A1Mention, CCMention, NearKm, Home, List, County float64
	Type                                                                                                                     map[string]float64
	KindBonus                                                                                                                map[byte]float64
}{
	Pop: 1.5, Country: 6, Admin1: 6, ContainA1: 12, ContainCC: 8, Cooc: 1.5, Alt: -1.2, NameExact: 0.3,
	A1Mention: 1.5, CCMention: 1.5, NearKm: 250, Home: 6, List: 3, County: 8,
	// Curated features are in the table because news names them.
	KindBonus: map[byte]float64{KindFeature: 6},
	Type: map[string]float64{"PCLI": 7, "PCLS": 4, "CONT": 5, "PPLC": 3, "PPLA": 1.2, "PPLA2": 0.5, "ADM1": 1.5, "ADM2": -1,
		"RGN": 2, "SEA": 3, "OCN": 3, "STRT": 2, "ISLS": 2, "ISL": 1.5, "PCLH": 3, "PPLX": -1},
}

// candidates lists the readings of a key, best prior first, capped so very
// common names stay bounded in time.
func (g *Gazetteer) candidates(key string, surface string, out []cand) []cand {
	out = out[:0]
	for r := g.lookupSurface(surface, []byte(key)); r >= 0; r = g.refs[r].next {
		rf := g.refs[r]
		e := &g.Entries[rf.idx]
		c := cand{e: e, idx: rf.idx, alt: rf.alt}
		c.prior = W.Pop*math.Log10(float64(e.Pop)+10) + W.Type[e.FCode] + W.KindBonus[e.Kind]
		if rf.alt {
			c.prior += W.Alt
		}
		if e.Name == surface {
			c.prior += W.NameExact
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].prior != out[j].prior {
			return out[i].prior > out[j].prior
		}
		return out[i].e.ID < out[j].e.ID
	})
	if len(out) > 40 {
		out = out[:40]
	}
	return out
}

// contains reports whether region y (country or admin1) contains entry x.
func contains(y, x *Entry) bool {
	switch y.Kind {
	case KindCountry:
		return x.Country == y.Country && x != y
	case KindAdmin1:
		return x.Country == y.Country && x.Admin1 == y.Admin1 && x.Kind != KindAdmin1 && x.Kind != KindCountry
	}
	return false
}

func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dlat := (lat2 - lat1) * rad
	dlon := (lon2 - lon1) * rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * 6371 * math.Asin(math.Sqrt(math.Min(1, a)))
}

// resolveAll picks a reading for every mention in several passes: priors,
// then the story's country and admin1 distribution, the regions it names,
// "X, Y" containment and co-occurrence with the other places. One sense per
// story: mentions with the same name share a reading, and a name's own
// mentions do not vote for it, so a repeated "Paris" cannot outvote the
// "Texas" beside it. Dual names "A (B)" share a reading too.
func resolveAll(ms []mention, cs [][]cand) []int {
	// Group mentions by name (demonyms by their target).
	type group struct {
		cands []cand
		mems  []int
		pick  int
		w     float64
	}
	var groups []*group
	gi := make([]int, len(ms))
	byKey := map[string]int{}
	for i := range ms {
		k := ms[i].key
		if ms[i].demonym >= 0 {
			k = "\x00demonym " + k
		}
		if ms[i].backoff != "" {
			k = "\x00backoff " + k
		}
		g, ok := byKey[k]
		if !ok {
			g = len(groups)
			byKey[k] = g
			groups = append(groups, &group{cands: cs[i], pick: -1})
			if len(cs[i]) > 0 {
				groups[g].pick = 0
			}
		}
		gi[i] = g
		groups[g].mems = append(groups[g].mems, i)
	}
	for _, g := range groups {
		// A name's weight grows slowly with its repetitions.
		g.w = 1 + math.Log2(float64(len(g.mems)))
	}
	for pass := 0; pass < 3; pass++ {
		ccW := map[string]float64{}
		a1W := map[string]float64{}
		a1M := map[string]int{} // admin1 regions named in the story → naming group
		ccM := map[string]int{} // countries named in the story → naming group
		total := 0.0
		for gIdx, g := range groups {
			if g.pick < 0 {
				continue
			}
			e := g.cands[g.pick].e
			w := g.w
			switch {
			case ms[g.mems[0]].demonym >= 0:
				w *= 0.5
			case e.Kind == KindCountry:
				w *= 1.5
			case len(g.cands) == 1:
				w *= 1.2
			}
			if e.Country != "" {
				ccW[e.Country] += w
				total += w
			}
			if e.Kind != KindCountry && e.Admin1 != "" {
				a1W[e.Country+"."+e.Admin1] += w
			}
			switch e.Kind {
			case KindAdmin1:
				a1M[e.Country+"."+e.Admin1] = gIdx + 1
			case KindCountry:
				if ms[g.mems[0]].demonym < 0 {
					ccM[e.Country] = gIdx + 1
				}
			}
		}
		var others []*Entry
		otherGroup := map[*Entry]int{}
		for gIdx, g := range groups {
			if g.pick < 0 || len(others) >= 300 {
				continue
			}
			if e := g.cands[g.pick].e; e.Kind != KindCountry {
				if _, dup := otherGroup[e]; !dup {
					otherGroup[e] = gIdx
					others = append(others, e)
				}
			}
		}
		for gIdx, g := range groups {
			if len(g.cands) == 0 {
				continue
			}
			// Leave this name's own votes out of the distribution.
			var ownE *Entry
			ownW := 0.0
			if g.pick >= 0 {
				ownE = g.cands[g.pick].e
				ownW = g.w
			}
			tot := total - ownW
			best, bestS := -1, math.Inf(-1)
			for k := range g.cands {
				c := &g.cands[k]
				s := c.prior
				why := "population prior"
				if pass > 0 && tot > 0 {
					ccv := ccW[c.e.Country]
					a1v := a1W[c.e.Country+"."+c.e.Admin1]
					if ownE != nil && ownE.Country == c.e.Country {
						ccv -= ownW
						if ownE.Admin1 == c.e.Admin1 && ownE.Kind != KindCountry {
							a1v -= ownW
						}
					}
					if sc := ccv / tot; sc > 0 {
						s += W.Country * sc
						why = "story country"
					}
					if c.e.Kind != KindCountry && c.e.Admin1 != "" {
						if sa := a1v / tot; sa > 0 {
							s += W.Admin1 * sa
							why = "story admin1"
						}
					}
					if c.e.Kind != KindAdmin1 && c.e.Kind != KindCountry {
						if n := a1M[c.e.Country+"."+c.e.Admin1]; n > 0 && n-1 != gIdx {
							s += W.A1Mention
							why = "in a region the story names"
						}
					}
					if c.e.Kind != KindCountry {
						if n := ccM[c.e.Country]; n > 0 && n-1 != gIdx {
							s += W.CCMention
						}
					}
					near := 0
					for _, o := range others {
						if o == c.e || otherGroup[o] == gIdx {
							continue
						}
						if dl := o.Lat - c.e.Lat; dl > 1.5 || dl < -1.5 {
							continue
						}
						if haversine(c.e.Lat, c.e.Lon, o.Lat, o.Lon) < W.NearKm {
							near++
						}
					}
					if near > 0 {
						s += W.Cooc * math.Log2(1+float64(near))
					}
				}
				// Pattern evidence from any mention of the name.
				contain, typed, containee := 0.0, "", false
				for _, i := range g.mems {
					y := ms[i].container
					if y < 0 {
						y = ms[i].within - 1 // "X in Y" contains like "X, Y"
					}
					if y >= 0 && len(cs[y]) > 0 {
						for _, yc := range cs[y] {
							if contains(yc.e, c.e) {
								v := W.ContainCC
								if yc.e.Kind == KindAdmin1 {
									v = W.ContainA1
								}
								if v > contain {
									contain = v
									why = "contained in " + yc.e.Name
								}
								break
							}
						}
					}
					if ms[i].containee {
						containee = true
					}
					if ms[i].typed != "" {
						typed = ms[i].typed
					}
				}
				// Lists hold one kind of place: "California or Washington"
				// are states, "Georgia and Armenia" countries.
				for _, i := range g.mems {
					for _, j := range ms[i].listed {
						if j == 0 || c.e.Kind != KindAdmin1 && c.e.Kind != KindCountry {
							continue
						}
						if o := groups[gi[j-1]]; o != g && o.pick >= 0 {
							if oe := o.cands[o.pick].e; oe.Kind == c.e.Kind && (oe.Kind == KindCountry || oe.Country == c.e.Country) {
								s += W.List
								why = "listed with " + oe.Name
							}
						}
					}
				}
				s += contain
				if containee && (c.e.Kind == KindAdmin1 || c.e.Kind == KindCountry) {
					s += 2
				}
				if countyWords[typed] {
					if c.e.Kind == KindAdmin2 {
						s += W.County
						why = "the X " + typed
					}
				} else if typed != "" && (c.e.Kind == KindAdmin1 || c.e.Kind == KindAdmin2 || c.e.Kind == KindFeature) {
					s += 2
					why = "the X " + typed
				}
				c.score, c.why = s, why
				if s > bestS {
					best, bestS = k, s
				}
			}
			g.pick = best
		}
	}
	pick := make([]int, len(ms))
	for i := range ms {
		pick[i] = groups[gi[i]].pick
		cs[i] = groups[gi[i]].cands
	}
	// Dual names: "A (B)" where both can name the same entry share it.
	for i := range ms {
		d := ms[i].dualOf
		if d < 0 || pick[d] < 0 || len(cs[i]) == 0 {
			continue
		}
		want := cs[d][pick[d]].e
		for k := range cs[i] {
			if cs[i][k].e == want {
				pick[i] = k
				cs[i][k].why = "dual name of " + want.Name
			}
		}
	}
	return pick
}

// precision names the granularity of an entry.
func precision(e *Entry) string {
	switch e.Kind {
	case KindCountry:
		return "country"
	case KindAdmin1:
		return "admin1"
	case KindAdmin2:
		return "admin2"
	case KindCity:
		return "city"
	}
	if e.FCode == "PCLS" {
		return "country"
	}
	if e.FCode == "CONT" || e.FCode == "RGN" || e.FCode == "OCN" || e.FCode == "SEA" {
		return "region"
	}
	return "feature"
}

// actorVerbs after a place mark a metonymic use: "Beijing said".
var actorVerbs = toSet(`said says say announced announces warned warns accused accuses urged urges rejected rejects
denied denies agreed agrees called calls demanded demands insisted insists claimed claims threatened threatens
responded responds condemned condemns criticized criticised criticizes criticises protested protests vowed vows
retaliated imposed imposes sanctioned launched launches refused refuses signed signs wants wanted hopes hoped
has have had will would could should may might is was`)

func isActorUse(src string, end int) bool {
	rest := strings.TrimLeft(src[end:min(len(src), end+40)], " ")
	rest = strings.TrimPrefix(rest, "'s ")
	w := rest
	if i := strings.IndexAny(w, " ,.;:\n"); i >= 0 {
		w = w[:i]
	}
	if w == "is" || w == "was" || w == "has" || w == "have" || w == "had" || w == "will" || w == "would" {
		// "Beijing has warned" counts; "Texas is hot" does not.
		next := strings.TrimLeft(rest[len(w):], " ")
		if i := strings.IndexAny(next, " ,.;:\n"); i >= 0 {
			next = next[:i]
		}
		return actorVerbs[next] || strings.HasSuffix(next, "ed")
	}
	return actorVerbs[w]
}

// override is a curated, context-cued preference for one reading of a
// well-known ambiguous name.
type override struct {
	key   string   // normalised name
	cues  []string // words or names in the story that trigger it
	match func(e *Entry) bool
	bonus float64
	why   string
}

var overrides = []override{
	{"washington", []string{"white house", "congress", "senate", "administration", "president", "pentagon", "state department", "federal", "lawmakers", "capitol"},
		func(e *Entry) bool { return e.FCode == "PPLC" && e.Country == "US" }, 4, "seat of the US government (political story)"},
	{"washington", []string{"seattle", "spokane", "olympia", "tacoma", "washington state", "state of washington"},
		func(e *Entry) bool { return e.Kind == KindAdmin1 && e.Country == "US" }, 6, "Washington State (cued)"},
	{"georgia", []string{"tbilisi", "caucasus", "ossetia", "abkhazia", "saakashvili", "kremlin", "moscow", "georgian"},
		func(e *Entry) bool { return e.Kind == KindCountry && e.Country == "GE" }, 8, "the country (Caucasus cues)"},
	{"georgia", []string{"atlanta", "savannah", "macon", "augusta", "athens", "columbus", "gwinnett"},
		func(e *Entry) bool { return e.Kind == KindAdmin1 && e.Country == "US" }, 8, "the US state (cued)"},
	// News "New York" is the city unless the story is about the state.
	{"new york", nil,
		func(e *Entry) bool { return e.FCode == "PPL" && e.Country == "US" && e.Pop > 1000000 }, 3, "New York City"},
	{"new york", []string{"upstate", "albany", "new york state", "state of new york", "buffalo", "syracuse", "rochester", "statewide"},
		func(e *Entry) bool { return e.Kind == KindAdmin1 && e.Country == "US" }, 5, "New York State (cued)"},
	{"hollywood", nil, func(e *Entry) bool { return e.ID == 5357527 }, 4, "Hollywood, Los Angeles"},
	{"jordan", []string{"amman", "hashemite", "king abdullah", "west bank", "israel", "syria", "iraq"},
		func(e *Entry) bool { return e.Kind == KindCountry && e.Country == "JO" }, 4, "the country (Middle East cues)"},
}

// applyOverrides adds the curated preferences whose cues the story holds.
func applyOverrides(text string, lower map[string]bool, ms []mention, cs [][]cand) {
	var low string
	for i := range ms {
		for _, o := range overrides {
			if ms[i].key != o.key {
				continue
			}
			if low == "" {
				low = strings.ToLower(text)
			}
			cued := len(o.cues) == 0
			for _, c := range o.cues {
				if strings.Contains(low, c) {
					cued = true
					break
				}
			}
			if !cued {
				continue
			}
			for k := range cs[i] {
				if o.match(cs[i][k].e) {
					cs[i][k].prior += o.bonus
				}
			}
		}
	}
}

// addCandidates adds the readings of another key that are not there yet.
func (g *Gazetteer) addCandidates(cs []cand, key string) []cand {
	for _, c := range g.candidates(key, key, nil) {
		dup := false
		for _, o := range cs {
			dup = dup || o.e == c.e
		}
		if !dup {
			cs = append(cs, c)
		}
	}
	return cs
}
