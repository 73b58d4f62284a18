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
	Pop, Country, Admin1, ContainA1, ContainCC, Cooc, Alt, NameExact, Prep, A1Mention, CCMention, NearKm float64
	Type                                                                                                 map[string]float64
	KindBonus                                                                                            map[byte]float64
}{
	Pop: 1.0, Country: 6, Admin1: 6, ContainA1: 12, ContainCC: 8, Cooc: 1.5, Alt: -0.7, NameExact: 0.3,
	A1Mention: 3, CCMention: 1.5, NearKm: 150,
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
		c.prior = W.Pop*math.Log10(float64(e.Pop)+10) + W.Type[e.FCode]
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
// then the story's country and admin1 distribution, "X, Y" containment and
// co-occurrence with the other places; dual names share a reading.
func resolveAll(ms []mention, cs [][]cand) []int {
	pick := make([]int, len(ms))
	for i := range ms {
		pick[i] = -1
		if len(cs[i]) > 0 {
			pick[i] = 0
		}
	}
	var others []*Entry
	for pass := 0; pass < 3; pass++ {
		ccW := map[string]float64{}
		a1W := map[string]float64{}
		a1M := map[string]bool{} // admin1 regions named in the story
		ccM := map[string]bool{} // countries named in the story
		total := 0.0
		for i, p := range pick {
			if p < 0 {
				continue
			}
			e := cs[i][p].e
			w := 1.0
			switch {
			case ms[i].demonym >= 0:
				w = 0.5
			case e.Kind == KindCountry:
				w = 1.5
			case len(cs[i]) == 1:
				w = 1.2
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
				a1M[e.Country+"."+e.Admin1] = true
			case KindCountry:
				if ms[i].demonym < 0 {
					ccM[e.Country] = true
				}
			}
		}
		others := others[:0]
		seen := map[*Entry]bool{}
		for i, p := range pick {
			if p < 0 || len(others) >= 300 {
				continue
			}
			if e := cs[i][p].e; e.Kind != KindCountry && !seen[e] {
				seen[e] = true
				others = append(others, e)
			}
		}
		for i := range ms {
			if len(cs[i]) == 0 {
				continue
			}
			best, bestS := -1, math.Inf(-1)
			for k := range cs[i] {
				c := &cs[i][k]
				s := c.prior
				why := "population prior"
				if pass > 0 && total > 0 {
					// Leave this mention's own vote out of the distribution.
					own := 0.0
					if p := pick[i]; p >= 0 && cs[i][p].e.Country == c.e.Country {
						own = 1
					}
					sc := (ccW[c.e.Country] - own) / total
					if sc > 0 {
						s += W.Country * sc
						why = "story country"
					}
					if c.e.Kind != KindCountry && c.e.Admin1 != "" {
						sa := (a1W[c.e.Country+"."+c.e.Admin1] - own) / total
						if sa > 0 {
							s += W.Admin1 * sa
							why = "story admin1"
						}
					}
					if c.e.Kind != KindAdmin1 && c.e.Kind != KindCountry && a1M[c.e.Country+"."+c.e.Admin1] {
						s += W.A1Mention
						why = "in a region the story names"
					}
					if c.e.Kind != KindCountry && ccM[c.e.Country] {
						s += W.CCMention
					}
					// Co-occurrence: near other picked places (distinct
					// entries, capped so long lists stay bounded).
					near := 0
					for _, o := range others {
						if o == c.e {
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
				// "X, Y": Y names a region that contains X.
				if y := ms[i].container; y >= 0 && len(cs[y]) > 0 {
					for _, yc := range cs[y] {
						if contains(yc.e, c.e) {
							if yc.e.Kind == KindAdmin1 {
								s += W.ContainA1
							} else {
								s += W.ContainCC
							}
							why = "contained in " + yc.e.Name
							break
						}
					}
				}
				if ms[i].containee && (c.e.Kind == KindAdmin1 || c.e.Kind == KindCountry) {
					s += 2
				}
				if ms[i].typed != "" && (c.e.Kind == KindAdmin1 || c.e.Kind == KindAdmin2 || c.e.Kind == KindFeature) {
					s += 2
					why = "the X " + ms[i].typed
				}
				c.score, c.why = s, why
				if s > bestS {
					best, bestS = k, s
				}
			}
			pick[i] = best
		}
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
