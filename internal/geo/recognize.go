package geo

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

// mention is a recognised toponym before resolution.
type mention struct {
	span    text.Span
	key     string // normalised lookup key
	tok     int    // first token index, -1 for spans from outside (gold, NER)
	ntok    int
	demonym int32 // entry index for a demonym, -1 otherwise
	// evidence
	container int    // index of the mention that follows as ", Y", -1 when none
	within    int    // 1 + index of the mention that follows as " in Y" ("August in New Orleans"), 0 when none
	listed    [2]int // 1 + index of the previous and next mention in a list joined by "and", "or" ("California or Washington"), 0 when none
	containee bool   // this mention is the Y of "X, Y"
	prep      string // preceding locative preposition
	typed     string // "region", "province" ... after "the X"
	dualOf    int    // index of the mention this one names in parentheses, -1
	suffixed  bool   // "X-based", "X-born"
	fromNER   bool
	backoff   string // how the reading was found when the name itself is not in the gazetteer
	direct    int32  // entry index fixed by the pattern (US postal code after a comma), -1 otherwise
	acronym   bool
}

// Words that are capitalised at the start of sentences or in titles and
// that are also gazetteer names; they are not places unless a pattern
// ("in X", "X, Y") says so.
var stopWords = toSet(`a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now
of off on once only or other our ours out over own same she should so some such than that the their theirs them then
there these they this those through to too under until up very was we were what when where which while who whom why
will with would you your yours
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday tonight
mr mrs ms dr sir lord lady king queen prince princess president governor senator minister mayor chief police
sheriff judge justice officer director chairman secretary general colonel captain sergeant lieutenant
city town county state province region district street road avenue north south east west northern southern eastern
western central new old great little upper lower mount lake river island islands bay beach park port point
university college school hospital church center centre hall airport station court house office department
news daily post times journal herald tribune press associated reuters
god christ christmas easter jesus
mobile reading nice split bath hope unity liberty independence union victory commerce industry enterprise
friendship harmony progress faith charity grace trinity providence paradise eden bethel zion goshen canaan
people man men woman women children child family home life world earth sun moon star
second third fourth fifth first last next one two three four five six seven eight nine ten hundred thousand
early late long short high low big small good bad best better real royal grand
black white green red blue brown gray grey gold silver orange
ok yes american national international federal republic democrat republican`)

// personTitles before a capitalised word mark a person, not a place.
var personTitles = toSet(`mr mr. mrs mrs. ms ms. dr dr. sir lord lady gov gov. governor sen sen. senator rep rep.
representative president pres. mayor judge justice sheriff chief officer detective sgt sgt. gen gen. general col col.
colonel capt capt. captain lt lt. prof prof. professor rev rev. father pastor bishop cardinal pope king queen prince
princess coach minister secretary chairman spokesman spokeswoman said says told named`)

// placeWords after "the X" or as "X region" mark X as a place.
var placeWords = toSet(`region province county state district prefecture oblast governorate municipality parish
territory department area city town village island islands peninsula valley basin coast border capital
counties parishes provinces districts regions states`)

// countyWords after a name, or after a list of names ("Barrow, Jackson and
// Madison counties"), make each name a second-level unit.
var countyWords = toSet(`county counties parish parishes`)

var preps = toSet(`in near outside at from to into across throughout around toward towards via between within inside
through of`)

// strongPreps are the locative prepositions the issue names; a small town
// after one of these is accepted.
var strongPreps = toSet(`in near outside at from into across throughout around inside`)

func toSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// recognizer holds per-call scratch state; one per Process call.
type recognizer struct {
	g      *Gazetteer
	src    string
	toks   []token
	lower  map[string]bool // lower-case words seen in the document
	big    []bool          // per mention: its best reading is big (isBig)
	keyBuf []byte
}

func (r *recognizer) tokText(i int) string { return r.src[r.toks[i].start:r.toks[i].end] }

// connector words may sit inside a multi-word name: "Isle of Man",
// "Trinidad and Tobago", "Rio de Janeiro".
var connectors = toSet(`of and de la le les du des del da do dos das upon on the y al el van von der den di sur-mer`)

// spanKey returns the normalised key of tokens [i, j).
func (r *recognizer) spanKey(i, j int) []byte {
	r.keyBuf = normKey(r.keyBuf[:0], r.src[r.toks[i].start:r.toks[j-1].end])
	return r.keyBuf
}

// recognize finds toponym candidates: gazetteer longest match over
// capitalised spans, demonyms, Han names, filtered by stop and person
// context, with the patterns recorded as evidence for resolution.
func (r *recognizer) recognize(maxMentions int) []mention {
	toks := r.toks
	var ms []mention
	for i := 0; i < len(toks) && len(ms) < maxMentions; i++ {
		t := toks[i]
		if t.kind == 'h' {
			ms = r.han(i, ms)
			continue
		}
		if t.kind != 'w' || !t.cap {
			continue
		}
		// "Louisville, KY": a US postal code right after "Place," is the state.
		if t.upper && t.end-t.start == 2 && i >= 2 && r.src[toks[i-1].start:toks[i-1].end] == "," && toks[i-2].kind == 'w' && toks[i-2].cap {
			if a := r.g.admin1Index("US", r.tokText(i)); a >= 0 {
				ms = append(ms, mention{span: text.Span{Start: t.start, End: t.end}, key: r.tokText(i), tok: i, ntok: 1,
					demonym: -1, direct: a, container: -1, dualOf: -1})
				continue
			}
		}
		// Longest match first.
		best, bestHead := 0, int32(-1)
		limit := r.g.maxWords + 2
		for n := 1; n <= limit && i+n <= len(toks); n++ {
			last := toks[i+n-1]
			if last.kind != 'w' || (n > 1 && last.nlBefore) {
				break
			}
			if n > 1 && !last.cap {
				if connectors[strings.ToLower(r.tokText(i+n-1))] {
					continue
				}
				break
			}
			if h := r.g.lookupSurface(r.src[t.start:last.end], r.spanKey(i, i+n)); h >= 0 {
				best, bestHead = n, h
			}
		}
		dem := int32(-1)
		if best == 0 || best == 1 {
			// Demonyms ("Sri Lankan", "South Korean", "Chinese").
			for n := 2; n >= 1; n-- {
				if i+n > len(toks) || toks[i+n-1].kind != 'w' || !toks[i+n-1].cap {
					continue
				}
				if d, ok := r.g.demonyms[string(r.spanKey(i, i+n))]; ok && n >= best {
					best, dem = n, d
					break
				}
			}
		}
		if best == 0 {
			// "Beijing-based", "U.S.-led": the part before a lower-case suffix.
			tt := r.tokText(i)
			if k := strings.LastIndexByte(tt, '-'); k > 0 && k+1 < len(tt) && unicode.IsLower(rune(tt[k+1])) {
				key := normKey(nil, tt[:k])
				if h := r.g.lookupKey(key); h >= 0 {
					m := mention{span: text.Span{Start: t.start, End: t.start + k}, key: string(key), tok: i, ntok: 1,
						demonym: -1, direct: -1, container: -1, dualOf: -1, suffixed: true}
					ms = append(ms, m)
				} else if d, ok := r.g.demonyms[string(key)]; ok {
					ms = append(ms, mention{span: text.Span{Start: t.start, End: t.start + k}, key: string(key), tok: i, ntok: 1,
						demonym: d, direct: -1, container: -1, dualOf: -1, suffixed: true})
				}
			}
			continue
		}
		m := mention{span: text.Span{Start: t.start, End: toks[i+best-1].end}, tok: i, ntok: best, demonym: dem, direct: -1, container: -1, dualOf: -1}
		m.key = string(r.spanKey(i, i+best))
		_ = bestHead
		// Trailing possessive and abbreviation handling: "Texas's" is
		// tokenised as one word; strip the possessive from the span.
		if s := r.src[m.span.Start:m.span.End]; strings.HasSuffix(s, "'s") || strings.HasSuffix(s, "\u2019s") {
			if h := r.g.lookupKey(normKey(nil, s[:strings.LastIndexAny(s, "'\u2019")])); h >= 0 {
				m.span.End = m.span.Start + strings.LastIndexAny(s, "'\u2019")
				m.key = string(normKey(nil, r.src[m.span.Start:m.span.End]))
			}
		}
		if t.upper && best == 1 && !r.g.exact[r.tokText(i)] && utf8.RuneCountInString(r.tokText(i)) <= 4 {
			// "IT", "AP": short capitals only count when the gazetteer has
			// that exact form ("US", "UK").
			i += best - 1
			continue
		}
		m.acronym = t.upper && best == 1
		if i > 0 && toks[i-1].kind == 'w' {
			if p := strings.ToLower(r.tokText(i - 1)); preps[p] {
				m.prep = p
			}
		}
		if i+best < len(toks) && toks[i+best].kind == 'w' {
			if w := strings.ToLower(r.tokText(i + best)); placeWords[w] && !toks[i+best].cap {
				m.typed = w
			}
		}
		ms = append(ms, m)
		i += best - 1
	}
	r.link(ms)
	return ms
}

// han matches Chinese names inside a Han run, longest first.
func (r *recognizer) han(i int, ms []mention) []mention {
	t := r.toks[i]
	s := r.src[t.start:t.end]
	var offs []int
	for k := range s {
		offs = append(offs, k)
	}
	offs = append(offs, len(s))
	for a := 0; a < len(offs)-2; {
		matched := 0
		for b := min(len(offs)-1, a+12); b >= a+2; b-- {
			if h := r.g.lookupKey(normKey(r.keyBuf[:0], s[offs[a]:offs[b]])); h >= 0 {
				matched = b
				break
			}
		}
		if matched == 0 {
			a++
			continue
		}
		sp := text.Span{Start: t.start + offs[a], End: t.start + offs[matched]}
		ms = append(ms, mention{span: sp, key: string(normKey(nil, r.src[sp.Start:sp.End])), tok: i, ntok: 1, demonym: -1, direct: -1, container: -1, dualOf: -1})
		a = matched
	}
	return ms
}

// link records the "X, Y" and "A (B)" patterns between mentions.
func (r *recognizer) link(ms []mention) {
	defer spreadCounty(r.src, ms)
	for k := 0; k+1 < len(ms); k++ {
		a, b := &ms[k], &ms[k+1]
		raw := r.src[a.span.End:b.span.Start]
		switch strings.TrimSpace(raw) {
		case ",", "，":
			if a.dualOf >= 0 {
				b.dualOf = a.dualOf // "A (B, C)"
			} else if b.demonym < 0 && !strings.Contains(raw, "\n") {
				a.container = k + 1
				b.containee = true
			}
		case "(", "（":
			b.dualOf = k
		case "in":
			if raw == " in " && b.demonym < 0 {
				a.within = k + 2
			}
		case "and", "or", ", and", ", or", "&":
			if !strings.Contains(raw, "\n") && a.demonym < 0 && b.demonym < 0 {
				a.listed[1], b.listed[0] = k+2, k+1
				// "A, B and C": the comma before B joins the list too.
				if p := a.containee; p && k > 0 && ms[k-1].container == k {
					ms[k-1].listed[1], a.listed[0] = k+1, k
				}
			}
		}
	}
}

// keep decides whether a recognised mention is a toponym, using the
// candidates' best prior and the context evidence.
func (r *recognizer) keep(m *mention, cands []cand, ms []mention, inPattern bool) (bool, string) {
	if m.demonym >= 0 {
		return true, "demonym"
	}
	if m.direct >= 0 {
		return true, "postal code"
	}
	if m.tok < 0 || r.toks[m.tok].kind == 'h' {
		return len(cands) > 0, "han"
	}
	first := r.tokText(m.tok)
	lw := strings.ToLower(first)
	multi := m.ntok > 1
	strong := inPattern || m.typed != "" || m.suffixed || strongPreps[m.prep]
	if len(cands) == 0 {
		return false, "no candidate"
	}
	top := cands[0].e
	big := isBig(top)
	// Person context: a title or "said" before it, or a capitalised word
	// right after it that is not part of the place ("Jordan Henderson").
	if m.tok > 0 {
		prev := r.toks[m.tok-1]
		if prev.kind == 'w' && personTitles[strings.ToLower(r.tokText(m.tok-1))] && prev.cap {
			return false, "person title"
		}
		pw := strings.ToLower(r.tokText(m.tok - 1))
		if prev.kind == 'w' && prev.cap && !prev.upper && !multi && !big && !r.isPlaceTok(m.tok-1, ms) &&
			!stopWords[pw] && !placeWords[pw] && !(prev.sentStart && r.lower[pw]) {
			return false, "inside a longer name"
		}
	}
	if end := m.tok + m.ntok; end < len(r.toks) && !r.toks[end].nlBefore {
		nt := r.toks[end]
		if nt.kind == 'w' && nt.cap && !nt.upper {
			w := strings.ToLower(r.tokText(end))
			if !placeWords[w] && !r.isPlaceTok(end, ms) && !(big && m.acronym) {
				// Big places stay toponyms inside names ("Dublin City
				// Council", "China Daily"): the gold sets count embedded uses.
				if !big && !multi && top.Kind != KindAdmin1 && top.Kind != KindAdmin2 {
					return false, "followed by a name"
				}
			}
		}
	}
	if !multi && !big && !strong && m.tok+m.ntok < len(r.toks) {
		if w := strings.ToLower(r.tokText(m.tok + m.ntok)); speechVerbs[w] {
			return false, "speaker"
		}
	}
	if !multi && stopWords[lw] && !(strong && big) {
		return false, "stop word"
	}
	if !multi && r.toks[m.tok].sentStart && r.lower[lw] && !strong {
		return false, "common word"
	}
	if strong || big || multi {
		return true, ""
	}
	if top.Pop >= 5000 && !r.lower[lw] {
		return true, ""
	}
	return false, "small place without context"
}

// speechVerbs after a single small-place name mark a person: "Baker said".
var speechVerbs = toSet(`said says told added explained noted recalled asked replied wrote testified argued`)

// isBig is true for entries that are places whatever the context:
// countries, curated features and large populations.
func isBig(e *Entry) bool {
	return e.Kind == KindCountry || e.Kind == KindFeature || e.Pop >= 100000
}

// isPlaceTok reports whether token i lies in a mention whose best reading is big.
func (r *recognizer) isPlaceTok(i int, ms []mention) bool {
	for k := range ms {
		if ms[k].tok >= 0 && i >= ms[k].tok && i < ms[k].tok+ms[k].ntok && r.toks[ms[k].tok].kind == 'w' {
			return ms[k].demonym >= 0 || (k < len(r.big) && r.big[k])
		}
	}
	return false
}

// lowerWords collects the lower-case words of a text, for the test "is this
// sentence-initial capitalised word an ordinary word here".
func lowerWords(toks []token, src string) map[string]bool {
	m := map[string]bool{}
	for _, t := range toks {
		if t.kind == 'w' && !t.cap {
			c, _ := utf8.DecodeRuneInString(src[t.start:])
			if unicode.IsLower(c) {
				m[src[t.start:t.end]] = true
			}
		}
	}
	return m
}

// mentionFromSpan makes a mention for a span found elsewhere (gold spans,
// NER mentions).
func (r *recognizer) mentionFromSpan(sp text.Span, fromNER bool) mention {
	s := r.src[sp.Start:sp.End]
	m := mention{span: sp, key: string(normKey(nil, s)), tok: -1, demonym: -1, direct: -1, container: -1, dualOf: -1, fromNER: fromNER}
	if len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && r.g.lookupSurface(s, []byte(m.key)) < 0 {
		m.direct = r.g.admin1Index("US", s) // postal code
	}
	if d, ok := r.g.demonyms[m.key]; ok {
		m.demonym = d
	}
	// Find the token index for context patterns.
	for i, t := range r.toks {
		if t.start >= sp.Start {
			if t.start == sp.Start {
				m.tok = i
				for j := i; j < len(r.toks) && r.toks[j].end <= sp.End; j++ {
					m.ntok = j - i + 1
				}
				if m.ntok == 0 {
					m.ntok = 1
				}
				if i > 0 && r.toks[i-1].kind == 'w' {
					if p := strings.ToLower(r.tokText(i - 1)); preps[p] {
						m.prep = p
					}
				}
				if j := i + m.ntok; j < len(r.toks) && r.toks[j].kind == 'w' && !r.toks[j].cap && r.toks[j].start > sp.End-1 {
					if w := strings.ToLower(r.tokText(j)); placeWords[w] {
						m.typed = w
					}
				}
			}
			break
		}
	}
	return m
}

var _ = doc.LayerPlaces

// spreadCounty gives "county" to every name of a list that ends in
// "counties" or "county": "Becker, Clay and Wilkin counties".
func spreadCounty(src string, ms []mention) {
	for k := len(ms) - 1; k > 0; k-- {
		if !countyWords[ms[k].typed] || ms[k-1].typed != "" {
			continue
		}
		switch strings.TrimSpace(src[ms[k-1].span.End:ms[k].span.Start]) {
		case ",", "and", "or", ", and", ", or", "&":
			if ms[k-1].demonym < 0 && !strings.Contains(src[ms[k-1].span.End:ms[k].span.Start], "\n") {
				ms[k-1].typed = ms[k].typed
			}
		}
	}
}
