package geo

import (
	"strings"
)

// Words that name a kind of feature around a place name; when the whole
// name is not in the gazetteer, the place it is named after is the next best
// reading ("Neches River" → Neches, "Greene Co." → Greene County,
// "University of Alberta" → Alberta).
var (
	trailGeneric = toSet(`river creek lake township twp twp. co. county valley delta park center centre hospital church
cathedral chapel basilica university college airport international museum institute academy stadium arena hotel
castle gardens garden club court embassy school high middle elementary bridge street st st. road rd rd. avenue ave
ave. square mall hill hills heights district region area province state city town village metro station port harbor
harbour beach island islands mountains mountain range desert forest reservoir dam canal coast border crossing
border camp base prison jail farm plant mine field fields zoo library theatre theater cemetery memorial monument
tower building office house palace temple mosque synagogue shrine market centre. sheriff's police department
campus headquarters hq hall council courthouse magistrate's magistrates theatre racecourse parade centre
complex armory armoury gateway furnaces basilica auto show turf bend farm`)
	leadGeneric = toSet(`republic state kingdom city town port university county borough village commonwealth
emirate federation province district region isle metro greater downtown uptown old new-ish nazi northern southern
eastern western central north south east west upper lower inner outer coastal rural suburban mainland lake`)
	ofWords = toSet(`of`)
)

// backoff finds readings for a name the gazetteer lacks, by expanding
// abbreviations, dropping generic heads and leading qualifiers, and mapping
// plural demonyms ("Ontarians", "Dagestani") to their place.
func (g *Gazetteer) backoff(surface string) (key string, how string) {
	// Hyphens join names too: "Montreal-Pierre Elliott Trudeau
	// International Airport".
	words := strings.Fields(strings.ReplaceAll(surface, "-", " "))
	if len(words) == 0 || len(words) > 8 {
		return "", ""
	}
	// try returns the key of a name the gazetteer has; an acronym
	// ("US Federal Reserve") is looked up as written, as in the text, and
	// its key is the acronym itself.
	try := func(ws []string) string {
		if len(ws) == 0 {
			return ""
		}
		j := strings.Join(ws, " ")
		k := string(normKey(nil, j))
		if isAcronym(j) {
			if _, ok := g.acro[j]; ok {
				return j
			}
		}
		if g.lookupSurface(j, []byte(k)) >= 0 {
			return k
		}
		return ""
	}
	// Abbreviations.
	exp := make([]string, len(words))
	changed := false
	for i, w := range words {
		switch strings.ToLower(w) {
		case "co.", "co":
			exp[i], changed = "County", true
		case "twp.", "twp":
			exp[i], changed = "Township", true
		case "mt.", "mt":
			exp[i], changed = "Mount", true
		case "ft.", "ft":
			exp[i], changed = "Fort", true
		case "st.", "st":
			exp[i], changed = "Saint", true
		default:
			exp[i] = w
		}
	}
	if changed {
		if k := try(exp); k != "" {
			return k, "abbreviation"
		}
		words = exp
	}
	// Trailing generic words, then "X of Y" → Y, then leading qualifiers.
	for n := len(words) - 1; n >= 1; n-- {
		if !trailGeneric[strings.ToLower(strings.TrimRight(words[n], ",'’s"))] && !trailGeneric[strings.ToLower(words[n])] {
			break
		}
		if k := try(words[:n]); k != "" {
			return k, "named after"
		}
	}
	for i := 1; i < len(words)-1; i++ {
		if ofWords[strings.ToLower(words[i])] {
			if k := try(words[i+1:]); k != "" {
				return k, "named after"
			}
		}
	}
	for i := 0; i < len(words)-1; i++ {
		if !leadGeneric[strings.ToLower(words[i])] {
			break
		}
		if k := try(words[i+1:]); k != "" {
			return k, "part of"
		}
	}
	// Any place named inside the name, longest first: "Seoul Central
	// District Court" → Seoul, "Robinson College Cambridge" → Cambridge,
	// "Russian Embassy" → Russia. A guess is still better than no reading.
	// An embassy or consulate stands in another country's capital: the
	// country it names is not where it is.
	abroad := false
	for _, w := range words {
		switch strings.ToLower(w) {
		case "embassy", "consulate":
			abroad = true
		}
	}
	for n := len(words) - 1; n >= 1; n-- {
		// Among names of one length, a big city wins ("Robinson College
		// Cambridge" → Cambridge, not Robinson); otherwise the first.
		firstK, firstHow := "", ""
		for i := 0; i+n <= len(words); i++ {
			ws := words[i : i+n]
			if abroad {
				k := string(normKey(nil, strings.Join(ws, " ")))
				if _, dem := g.demonyms[k]; dem {
					continue
				}
				if h := g.lookupKey([]byte(k)); h >= 0 && g.Entries[g.refs[h].idx].Kind == KindCountry {
					continue
				}
			}
			if c := ws[0]; c == "" || !(c[0] >= 'A' && c[0] <= 'Z') || (n == 1 && stopWords[strings.ToLower(c)]) {
				continue
			}
			generic := true // "Central District" names nothing in particular
			for _, w := range ws {
				lw := strings.ToLower(w)
				if !trailGeneric[lw] && !leadGeneric[lw] && !stopWords[lw] && !placeWords[lw] {
					generic = false
				}
			}
			if generic {
				continue
			}
			if k := try(ws); k != "" {
				if g.bigCity(k) {
					return k, "part of a name containing"
				}
				if firstK == "" {
					firstK, firstHow = k, "part of a name containing"
				}
				continue
			}
			if n <= 2 && !abroad && firstK == "" {
				if d, ok := g.demonyms[string(normKey(nil, strings.Join(ws, " ")))]; ok {
					firstK, firstHow = string(normKey(nil, g.Entries[d].Name)), "demonym in"
				}
			}
		}
		if firstK != "" {
			return firstK, firstHow
		}
	}
	// Plural and adjectival demonyms of places without a demonym row
	// ("Ontarians", "Siberian"): the most populous place any
	// suffix rewrite gives.
	if len(words) <= 2 {
		last := words[len(words)-1]
		bestK, bestPop := "", int64(-1)
		for _, suf := range []string{"ians", "ans", "ers", "ites", "ns", "ian", "an", "er", "ite", "is", "i", "ese", "n", "s"} {
			if !strings.HasSuffix(last, suf) || len(last)-len(suf) < 3 {
				continue
			}
			base := last[:len(last)-len(suf)]
			for _, add := range []string{"", "a", "o", "ia", "y", "e"} {
				ws := append(append([]string(nil), words[:len(words)-1]...), base+add)
				if k := try(ws); k != "" {
					var pop int64
					for r := g.lookupKey([]byte(k)); r >= 0; r = g.refs[r].next {
						e := &g.Entries[g.refs[r].idx]
						p := e.Pop
						if e.Kind == KindFeature || e.Kind == KindCountry || e.Kind == KindAdmin1 {
							p += 1e9
						}
						pop = max(pop, p)
					}
					if pop > bestPop {
						bestK, bestPop = k, pop
					}
				}
			}
		}
		if bestK != "" {
			return bestK, "demonym of"
		}
	}
	return "", ""
}

// bigCity reports whether a key (or acronym) can name a city of 100,000.
func (g *Gazetteer) bigCity(k string) bool {
	for r := g.lookupSurface(k, []byte(k)); r >= 0; r = g.refs[r].next {
		if e := &g.Entries[g.refs[r].idx]; e.Kind == KindCity && e.Pop >= 100000 {
			return true
		}
	}
	return false
}
