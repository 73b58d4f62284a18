package event

import (
	"bufio"
	"io/fs"
	"slices"
	"sort"
	"strings"

	actordata "github.com/newsgraph/newsgraph/data/actors"
	"github.com/newsgraph/newsgraph/internal/actor"
	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

// actorRef is one resolved actor: its code, entity and noun-phrase span.
type actorRef struct {
	code   string
	entity int
	span   *text.Span
}

func (a actorRef) actor(d *doc.Doc) doc.Actor {
	out := doc.Actor{Code: a.code, Entity: a.entity, Span: a.span}
	if a.span != nil {
		out.Text = d.Text[a.span.Start:a.span.End]
	}
	return out
}

var npSkip = map[string]bool{"conj": true, "cc": true, "acl": true, "acl:relcl": true, "punct": true,
	"appos": true, "advcl": true, "parataxis": true, "dep": true, "case": true}

// actors resolves the nominal at i and its conjuncts ("Kazakhstan and
// Uzbekistan") to actors; conjuncts without an actor are left out.
func (s *sentence) actors(i int) []actorRef {
	if i < 0 {
		return nil
	}
	heads := []int{i}
	if m := s.apposList(i); m >= 0 {
		// A name before a list of names ("Chile, the Falklands, Peru and
		// ...") is the list's first member; a word with no actor before one
		// ("the G-7, the United States, Britain and ...") is the group the
		// list names, whose members are the actors.
		if s.tok(i).UPOS == "PROPN" && s.tok(m).UPOS == "PROPN" {
			heads = append(heads, m)
		} else if _, ok := s.actorAt(i); !ok {
			heads = []int{m}
		}
	}
	for k := 0; k < len(heads) && k < 32; k++ {
		heads = append(heads, s.children(heads[k], "conj")...)
	}
	demonyms := s.coordDemonyms(i)
	if demonyms == nil {
		// (coordDemonyms already gives each conjoined name its actor)
		heads = append(heads, s.coordCompounds(i)...)
	}
	var out []actorRef
	for _, h := range heads {
		if s.placeHead(h) || s.inPlaceName(s.tok(h).Span) {
			continue // "the Indian Ocean", "the Sea of Japan": a place
		}
		refs := demonyms
		if h != i {
			refs = s.coordDemonyms(h)
		}
		if len(refs) > 1 {
			out = append(out, refs...)
			continue
		}
		if a, ok := s.actorAt(h); ok {
			out = append(out, a)
			continue
		}
		if ante := s.antecedent(h); ante >= 0 {
			// "South Korea said it would provide ...": the pronoun is the
			// speaker.
			out = append(out, s.actors(ante)...)
			continue
		}
		if refs := s.corefActors(h); len(refs) > 0 {
			// "the ministry", "the three countries": the entities the
			// linker resolved the description to.
			out = append(out, refs...)
			continue
		}
		// "the leaders of Kazakhstan, Kyrgyzstan and Uzbekistan",
		// "negotiators from Israel and Hamas": the actors are what the
		// head is "of" or, for people, "from", each with the head's role.
		ofs := s.obliques(h, "of")
		if len(ofs) == 0 && fromPeople[s.lemma(h)] {
			ofs = s.obliques(h, "from")
		}
		for _, n := range ofs {
			role := ""
			if s.st.Actors != nil {
				role = s.st.Actors.Role(strings.ToLower(s.tok(h).Form), s.lemma(h))
			}
			for _, a := range s.actors(n) {
				if role != "" && a.code != "" && !strings.HasSuffix(a.code, role) {
					a.code += role
				}
				out = append(out, a)
			}
			break
		}
	}
	return out
}

// fromPeople are nouns for people acting for the place or body they are
// "from" ("officials from China", "negotiators from Israel and Hamas").
var fromPeople = map[string]bool{"negotiator": true, "negotiators": true, "official": true, "officials": true,
	"delegation": true, "delegations": true, "representative": true, "representatives": true, "envoy": true,
	"envoys": true, "diplomat": true, "diplomats": true, "delegate": true, "delegates": true, "mediator": true,
	"mediators": true, "minister": true, "ministers": true, "leader": true, "leaders": true, "troops": true,
	"soldiers": true, "forces": true, "team": true, "teams": true}

// apposList is the apposition of nominal h that follows it right after a
// comma and has conjuncts of its own (a list); -1 when there is none.
func (s *sentence) apposList(h int) int {
	for _, a := range s.children(h, "appos") {
		if a < h || len(s.children(a, "conj")) == 0 {
			continue
		}
		lo, _ := s.subtree(a, npSkip)
		for lo > h+1 && s.tok(lo-1).UPOS == "DET" {
			lo--
		}
		if lo > h+1 && s.tok(lo-1).Form == "," {
			return a
		}
	}
	return -1
}

var personal = map[string]bool{"it": true, "they": true, "he": true, "she": true, "we": true}

// antecedent resolves a personal pronoun subject of a reported clause to
// the subject of the verb that reports it; -1 when there is none.
func (s *sentence) antecedent(h int) int {
	if s.tok(h).UPOS != "PRON" || !personal[s.lemma(h)] || base(s.rel(h)) != "nsubj" {
		return -1
	}
	v := s.head(h)
	if v < 0 {
		return -1
	}
	if r := base(s.rel(v)); r != "ccomp" && r != "parataxis" {
		return -1
	}
	u := s.head(v)
	if u < 0 {
		return -1
	}
	for _, c := range s.children(u, "nsubj") {
		if c != h && s.tok(c).UPOS != "PRON" {
			return c
		}
	}
	return -1
}

// actorAt resolves one nominal head: an entity's actor code when the
// entities layer has one, else the fallback lexicon over the phrase.
func (s *sentence) actorAt(h int) (actorRef, bool) {
	lo, hi := s.subtree(h, npSkip)
	sp := text.Span{Start: s.tok(lo).Start, End: s.tok(hi).End}
	ref := actorRef{entity: -1, span: &sp}
	hs := s.tok(h).Span
	best := -1
	// Mentions inside an "of" phrase belong to that phrase ("the leaders of
	// Kazakhstan"), not to the head.
	// So do places and other actors in its prepositional modifiers ("an
	// agreement on energy cooperation in Cairo", "talks in Athens").
	// Clauses and other phrases the noun phrase leaves out ("statements
	// following the China-... Summit") are not its words either, though
	// they may lie inside its span.
	var inner []text.Span
	for _, c := range s.kids[h-s.lo] {
		r := s.rel(c)
		if !npSkip[r] || r == "conj" || r == "cc" || r == "punct" || r == "case" {
			if base(r) != "nmod" && base(r) != "obl" || r == "nmod:poss" || s.caseOf(c) == "" || s.caseOf(c) == "'s" || s.caseOf(c) == "’s" {
				continue
			}
		}
		a, b := s.subtree(c, nil)
		inner = append(inner, text.Span{Start: s.tok(a).Start, End: s.tok(b).End})
	}
	for k, m := range s.d.Mentions {
		if m.End <= sp.Start || m.Start >= sp.End {
			continue
		}
		covers := m.Start <= hs.Start && m.End >= hs.End
		skip := false
		for _, in := range inner {
			if m.Start >= in.Start && m.End <= in.End && !covers {
				skip = true
			}
		}
		if skip {
			continue
		}
		if m.Start <= hs.Start && m.End >= hs.End {
			best = k
			break
		}
		if best < 0 || m.Start < s.d.Mentions[best].Start {
			best = k // else the first in the text, whatever the layer's order
		}
	}
	if best < 0 {
		// "US Secretary of State Antony Blinken" parsed with the name as
		// an apposition of the title: the name is the actor.
		for _, a := range s.children(h, "appos") {
			if s.tok(a).UPOS != "PROPN" || a != h+1 && !s.adjacentName(h, a) {
				continue
			}
			as := s.tok(a).Span
			for k, m := range s.d.Mentions {
				if m.Start <= as.Start && m.End >= as.End {
					best = k
					break
				}
			}
			if best >= 0 {
				break
			}
		}
	}
	if best >= 0 && s.inPlaceName(s.d.Mentions[best].Span) {
		// The NER cut a country word from the place name it is part of
		// ("Gulf" | "of Mexico"): the entity's code is not this phrase's.
		best = -1
	}
	if best >= 0 {
		m := s.d.Mentions[best]
		if m.Entity >= 0 && m.Entity < len(s.d.Entities) {
			ref.entity = m.Entity
			if c := s.d.Entities[m.Entity].ActorCode; c != "" {
				covers := m.Start <= hs.Start && m.End >= hs.End
				if !covers && s.st.Actors != nil {
					// The mention only modifies the head ("Russian police",
					// "Chinese authorities"): the head's role belongs in the
					// code, which the lexicon composes from the close words.
					// So does a capital's GOV when the head is another
					// role ("a Moscow court": RUSJUD, not RUSGOV).
					lc := s.st.Actors.Code(s.closeForms(h))
					headRole := len(lc) == len(c) && lc != c && s.st.Actors.Role(strings.ToLower(s.tok(h).Form), s.lemma(h)) != ""
					if (len(lc) > len(c) || headRole) && strings.HasPrefix(lc, c[:min(3, len(c))]) {
						ref.code = lc
						return ref, true
					}
				}
				ref.code = c
				return ref, true
			}
		}
	}
	if s.st.Actors != nil {
		// The lexicon reads the head and its close modifiers only ("Iraqi
		// political forces"), not places in attached phrases ("clerics in
		// Fallujah, west of Baghdad").
		if c := s.st.Actors.Code(s.closeForms(h)); c != "" {
			ref.code = c
			return ref, true
		}
	}
	return ref, false
}

// adjacentName reports whether apposition a follows its head h with
// nothing but h's own modifiers between them (no comma): "Secretary of
// State Antony Blinken".
func (s *sentence) adjacentName(h, a int) bool {
	for k := h + 1; k < a; k++ {
		if t := s.tok(k); t.Form == "," || t.UPOS == "PUNCT" {
			return false
		}
		if x := s.head(k); x != h && (x < h || x > a) {
			return false
		}
	}
	return true
}

// placeHead reports whether h heads a geographic proper name: a capitalised
// feature noun ("Ocean", "Strait"; see actor.IsFeature) right after a name
// or adjective that modifies it ("the Indian Ocean", "the Taiwan Strait")
// or before "of" and a name ("the Sea of Japan", "the Gulf of Mexico").
// The entity layer may still give such a phrase a code: the NER often
// labels it ORG and the linker then reads the words before it.
func (s *sentence) placeHead(h int) bool {
	if !actor.IsFeature(s.tok(h).Form) {
		return false
	}
	if p := h - 1; p >= s.lo {
		t := s.tok(p)
		if (t.UPOS == "PROPN" || t.UPOS == "ADJ") && actor.PlaceName([]string{t.Form, s.tok(h).Form}, 0, 1) {
			for k, x := 0, p; k < 3 && x >= 0; k, x = k+1, s.head(x) {
				if x == h {
					return true
				}
			}
		}
	}
	for _, n := range s.obliques(h, "of") {
		if s.tok(n).UPOS == "PROPN" {
			return true
		}
	}
	return false
}

// inPlaceName reports whether a word of span m is part of a geographic
// name in the sentence (see actor.PlaceName): the span is one ("Indian
// Ocean" as a modifier in "Indian Ocean island leaders"), or the NER cut it
// from one ("Indian" | "Ocean", "Gulf of" | "Mexico").
func (s *sentence) inPlaceName(m text.Span) bool {
	a, b := -1, -1
	forms := make([]string, 0, s.hi-s.lo)
	for i := s.lo; i < s.hi; i++ {
		t := s.tok(i)
		if t.Start >= m.Start && t.End <= m.End {
			if a < 0 {
				a = i - s.lo
			}
			b = i - s.lo + 1
		}
		forms = append(forms, t.Form)
	}
	for k := max(a, 0); k < b; k++ {
		if actor.PlaceName(forms, k, k+1) {
			return true
		}
	}
	return false
}

// closeForms is closeWords as forms, for the lexicon.
func (s *sentence) closeForms(h int) []string {
	var words []string
	for _, j := range s.closeWords(h) {
		words = append(words, s.tok(j).Form)
	}
	return words
}

var closeRels = map[string]bool{"compound": true, "amod": true, "nmod:poss": true, "det": true, "flat": true,
	"flat:name": true, "case": false, "nummod": true, "compound:prt": true}

// closeWords lists h and its close modifiers (compounds, adjectives,
// possessors, names) in order.
func (s *sentence) closeWords(h int) []int {
	out := []int{h}
	for k := 0; k < len(out) && k < 64; k++ {
		for _, c := range s.kids[out[k]-s.lo] {
			if closeRels[s.rel(c)] {
				out = append(out, c)
			}
		}
	}
	sort.Ints(out)
	return out
}

// Lexicon is a small fallback actor lexicon: country names, demonyms and
// capitals to CAMEO country codes, role words to actor types.
type Lexicon struct {
	countries map[string][]lexPhrase // by first word
	roles     map[string][]lexPhrase
}

type lexPhrase struct {
	words []string
	code  string
}

// Code composes country + role from the words of a noun phrase ("Chinese
// foreign ministry" → CHNGOV); "" when no country is named. A country word
// inside a geographic name ("Indian Ocean", "Sea of Japan") names none.
func (l *Lexicon) Code(forms []string) string {
	words := make([]string, len(forms))
	for i, f := range forms {
		words[i] = strings.ToLower(f)
	}
	country, role := "", ""
	for i := 0; i < len(words); {
		if p := match(l.countries, words, i); p != nil {
			if country == "" && !actor.PlaceName(forms, i, i+len(p.words)) {
				country = p.code
			}
			i += len(p.words)
			continue
		}
		if p := match(l.roles, words, i); p != nil {
			role = p.code // the head comes last: "police minister" → GOV
			i += len(p.words)
			continue
		}
		i++
	}
	if country == "" {
		return ""
	}
	if strings.HasSuffix(country, role) {
		return country
	}
	return country + role
}

// Role returns the actor type of a role word ("leaders" → GOV), by form
// or lemma; "" when it is none.
// HeadRole is the role of a multi-word role phrase that ends at the last
// of forms, the head ("police officers", "aid workers"); "" when none.
func (l *Lexicon) HeadRole(forms []string) string {
	words := make([]string, len(forms))
	for i, f := range forms {
		words[i] = strings.ToLower(f)
	}
	for i := range words {
		if p := match(l.roles, words, i); p != nil && i+len(p.words) == len(words) && len(p.words) > 1 {
			return p.code
		}
	}
	return ""
}

func (l *Lexicon) Role(form, lemma string) string {
	for _, w := range []string{form, lemma} {
		if p := match(l.roles, []string{w}, 0); p != nil && len(p.words) == 1 {
			return p.code
		}
	}
	return ""
}

func match(ix map[string][]lexPhrase, words []string, i int) *lexPhrase {
	var best *lexPhrase
	for k := range ix[words[i]] {
		p := &ix[words[i]][k]
		if i+len(p.words) > len(words) || (best != nil && len(p.words) <= len(best.words)) {
			continue
		}
		ok := true
		for j, w := range p.words {
			if words[i+j] != w {
				ok = false
				break
			}
		}
		if ok {
			best = p
		}
	}
	return best
}

func (l *Lexicon) add(ix map[string][]lexPhrase, phrase, code string) {
	ws := strings.Fields(strings.ToLower(phrase))
	if len(ws) == 0 || code == "" {
		return
	}
	ix[ws[0]] = append(ix[ws[0]], lexPhrase{words: ws, code: code})
}

// NewLexicon reads countries.tsv (code, names|..., demonyms|..., capitals|...),
// orgs.tsv (code, names|...) and roles.tsv (phrase, type) from fsys;
// unreadable files give an empty part.
func NewLexicon(fsys fs.FS) *Lexicon {
	l := &Lexicon{countries: map[string][]lexPhrase{}, roles: map[string][]lexPhrase{}}
	readTSV(fsys, "countries.tsv", func(f []string) {
		for k, col := range f[1:] {
			for _, n := range strings.Split(col, "|") {
				l.add(l.countries, n, f[0])
				if k == 1 { // demonyms: the people too ("Kenyans")
					if p := actor.DemonymPlural(strings.TrimSpace(n)); p != "" {
						l.add(l.countries, p, f[0])
					}
				}
			}
		}
	})
	readTSV(fsys, "orgs.tsv", func(f []string) {
		for _, n := range strings.Split(f[1], "|") {
			// Short capitalised aliases ("UN", "EU") are left out: the
			// lexicon matches in lower case.
			if len(n) > 3 || strings.ToUpper(n) != n {
				l.add(l.countries, n, f[0])
			}
		}
	})
	readTSV(fsys, "roles.tsv", func(f []string) {
		if len(f) >= 2 {
			l.add(l.roles, f[0], strings.TrimSpace(f[1]))
		}
	})
	return l
}

func readTSV(fsys fs.FS, name string, fn func([]string)) {
	f, err := fsys.Open(name)
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		t := sc.Text()
		if strings.HasPrefix(t, "#") || strings.TrimSpace(t) == "" {
			continue
		}
		fields := strings.Split(t, "\t")
		if len(fields) >= 2 {
			fn(fields)
		}
	}
}

func defaultLexicon() *Lexicon { return NewLexicon(actordata.FS) }

// corefActors are the coded entities whose coreferent descriptions (from
// the entities layer) contain the nominal head h.
func (s *sentence) corefActors(h int) []actorRef {
	hs := s.tok(h).Span
	var out []actorRef
	for ei, e := range s.d.Entities {
		if e.ActorCode == "" {
			continue
		}
		for _, c := range e.Coref {
			if c.Start <= hs.Start && c.End >= hs.End {
				sp := c.Span
				out = append(out, actorRef{code: e.ActorCode, entity: ei, span: &sp})
				break
			}
		}
	}
	return out
}

// coordDemonyms splits a noun modified by conjoined country names or
// adjectives into one actor per country, each with the noun's role:
// "Indian and Pakistani troops" → INDMIL, PAKMIL, whether the parser
// made the second adjective a conjunct of the first or a modifier of the
// noun beside it. nil unless two or more countries are named and joined
// by "and", "or" or a comma.
func (s *sentence) coordDemonyms(h int) []actorRef {
	if s.st.Actors == nil {
		return nil
	}
	var mods []int
	for _, a := range s.children(h, "amod", "compound") {
		if a > h {
			continue
		}
		mods = append(mods, a)
		for _, c := range s.children(a, "conj") {
			if c < h {
				mods = append(mods, c)
			}
		}
	}
	if len(mods) < 2 {
		return nil
	}
	slices.Sort(mods)
	joined := false
	for k := mods[0] + 1; k < mods[len(mods)-1]; k++ {
		if f := s.tok(k); f.UPOS == "CCONJ" || f.Form == "," {
			joined = true
		}
	}
	if !joined {
		return nil
	}
	var out []actorRef
	seen := map[string]bool{}
	for _, c := range mods {
		code := s.st.Actors.Code([]string{s.tok(c).Form, s.tok(h).Form})
		if own := s.st.Actors.Code([]string{s.tok(c).Form}); len(own) >= 6 {
			code = own // a typed actor keeps its type ("Hamas officials": PSEREB)
		}
		if len(code) < 3 || seen[code] {
			continue
		}
		seen[code] = true
		sp := text.Span{Start: s.tok(c).Start, End: s.tok(c).End}
		out = append(out, actorRef{code: code, entity: -1, span: &sp})
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// coordCompounds are names the parser made compounds of head h although a
// coordinator separates them from it ("Japan and South Korea" parsed as
// compounds of "Korea"): each is an actor of its own.
func (s *sentence) coordCompounds(h int) []int {
	var out []int
	for _, c := range s.children(h, "compound") {
		if s.tok(c).UPOS != "PROPN" {
			continue
		}
		for k := c + 1; k < h; k++ {
			if f := s.tok(k); f.UPOS == "CCONJ" || f.Form == "," {
				if mh := s.head(k); mh == h || (mh > c && mh < h) {
					out = append(out, c)
				}
				break
			}
		}
	}
	return out
}
