package event

import (
	"strings"
	"unicode"

	"github.com/newsgraph/newsgraph/internal/text"
)

// The parser's typical mistakes around subjects, repaired where a rule can:
// a fronted time or place phrase with a comma ("On Thursday, Kazakhstan and
// Uzbekistan vowed ...") parsed as the subject with the real subjects as its
// appositions or conjuncts; a dateline ("TOKYO —") parsed as a subject.

// timeWords are nominals that are never actors.
var timeWords = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	"today": true, "yesterday": true, "tomorrow": true, "tonight": true, "morning": true, "evening": true,
	"afternoon": true, "night": true, "overnight": true, "week": true, "weekend": true, "month": true, "year": true,
	"day": true, "earlier": true, "later": true,
}

// notSubject reports a nominal the parser made a subject that cannot be
// one: a time word, a phrase introduced by a preposition, or a dateline.
func (s *sentence) notSubject(x int) bool {
	if timeWords[s.lemma(x)] || timeWords[strings.ToLower(s.tok(x).Form)] {
		return true
	}
	if len(s.children(x, "case")) > 0 {
		for _, c := range s.children(x, "case") {
			if l := s.lemma(c); l != "'s" && l != "’s" {
				return true
			}
		}
	}
	return s.dateline(x)
}

// dateline reports an all-capital place name at the start of the sentence
// followed by a dash or colon ("TOKYO —", "ISLAMABAD:").
func (s *sentence) dateline(x int) bool {
	if s.rel(x) == "vocative" {
		return true
	}
	// The dateline may span words ("NEW DELHI —"); x is one of them.
	j := s.lo
	for j < s.hi && allCaps(s.tok(j).Form) {
		j++
	}
	if j == s.lo || x >= j || j >= s.hi {
		return false
	}
	switch s.tok(j).Form {
	case "—", "–", "-", "--", ":", "(":
		return true
	}
	return false
}

func allCaps(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// pickSubj chooses among a verb's subjects the first that can be one, else
// the first (whose repairs subjActors finds).
func (s *sentence) pickSubj(ss []int) int {
	for _, x := range ss {
		if !s.notSubject(x) {
			return x
		}
	}
	return ss[0]
}

// frontedSubj finds the subject the parser hung under a fronted oblique
// ("In Taipei, Taiwan's ministry protested ..." with the ministry as a
// conjunct of Taipei): an oblique before verb x that has a nominal
// conjunct or apposition after a comma. -1 when there is none.
func (s *sentence) frontedSubj(x int) int {
	if s.tok(x).UPOS != "VERB" {
		return -1
	}
	for _, o := range s.children(x, "obl") {
		if o > x {
			continue
		}
		if len(s.replacements(o)) > 0 {
			return o
		}
	}
	return -1
}

// replacements are the conjuncts and appositions of a non-subject x that
// follow a comma after it and can be subjects themselves.
func (s *sentence) replacements(x int) []int {
	comma := -1
	for j := x + 1; j < s.hi; j++ {
		if s.tok(j).Form == "," {
			comma = j
			break
		}
	}
	if comma < 0 {
		return nil
	}
	var out []int
	for _, c := range s.children(x, "appos", "conj") {
		if c < comma || s.notSubject(c) {
			continue
		}
		if u := s.tok(c).UPOS; u != "PROPN" && u != "NOUN" {
			continue
		}
		out = append(out, c)
	}
	return out
}

// subjActors resolves a subject to actors, through the repairs: a
// non-subject gives the actors of its replacements.
func (s *sentence) subjActors(x int) []actorRef {
	if x < 0 || !s.notSubject(x) {
		return s.actors(x)
	}
	var out []actorRef
	for _, r := range s.replacements(x) {
		// Each replacement is one actor; its own conjuncts come with it.
		out = append(out, s.actors(r)...)
	}
	return out
}

// aclSubject reports a trigger the parser hung as a clause modifying a
// noun whose noun is its actor: "Colombian rebels kidnapped two soldiers"
// parsed as a noun phrase with "kidnapped ..." modifying "rebels" (an
// object shows the active voice; so does an active participle), and
// protest verbs, whose noun protests either way ("doctors marching").
func (s *sentence) aclSubject(i int, e *Entry) bool {
	if base(s.rel(i)) != "acl" || s.tok(i).UPOS != "VERB" {
		return false
	}
	h := s.head(i)
	if h < 0 || h > i {
		return false
	}
	if u := s.tok(h).UPOS; u != "NOUN" && u != "PROPN" {
		return false
	}
	if len(s.obliques(i, "by")) > 0 {
		return false // "the statements issued by X": passive
	}
	return len(s.objects(i)) > 0 || s.tok(i).XPOS == "VBG" || s.tok(i).XPOS == "VBD" || isProtest(e.Code)
}

// crowdWords head phrases whose actor is what they are "of" ("thousands of
// farmers").
var crowdWords = map[string]bool{"thousand": true, "thousands": true, "hundred": true, "hundreds": true, "dozen": true,
	"dozens": true, "million": true, "millions": true, "scores": true, "score": true, "crowd": true, "crowds": true,
	"group": true, "groups": true, "number": true}

// roleOnly returns an actor of the role the nominal names when it names no
// country ("farmers", "a former minister", "thousands of workers"); the
// code holds the role only. nil when x is no role word.
func (s *sentence) roleOnly(x int) *actorRef {
	for n := 0; x >= 0 && n < 3; n++ {
		if s.tok(x).UPOS == "PRON" || s.tok(x).UPOS == "PROPN" {
			return nil
		}
		if crowdWords[s.lemma(x)] {
			ofs := s.obliques(x, "of")
			if len(ofs) == 0 {
				return nil
			}
			x = ofs[0]
			continue
		}
		if s.st.Actors == nil {
			return nil
		}
		role := s.st.Actors.Role(strings.ToLower(s.tok(x).Form), s.lemma(x))
		// "police officers", "aid workers": a role phrase ending at the
		// head says more than the head alone.
		var pre []string
		for _, c := range s.children(x, "compound") {
			if c < x {
				pre = append(pre, s.tok(c).Form)
			}
		}
		if r := s.st.Actors.HeadRole(append(pre, s.tok(x).Form)); r != "" && len(pre) > 0 {
			role = r
		}
		if role == "" {
			// "the resignation of the prime minister": what the noun is of.
			if ofs := s.obliques(x, "of"); len(ofs) > 0 {
				x = ofs[0]
				continue
			}
			return nil
		}
		// "the leader of the opposition", "the opposition leader": the
		// group led gives the role.
		for _, c := range append(s.obliques(x, "of"), s.children(x, "compound")...) {
			if r := s.st.Actors.Role(strings.ToLower(s.tok(c).Form), s.lemma(c)); r != "" && r != "CVL" {
				role = r
			}
		}
		lo, hi := s.subtree(x, npSkip)
		sp := text.Span{Start: s.tok(lo).Start, End: s.tok(hi).End}
		return &actorRef{code: role, entity: -1, span: &sp}
	}
	return nil
}

// placeCountry is the country of a place where trigger i happens: an
// oblique introduced by in/at/through/across (not "near the X border"), on the trigger
// or on its own obliques ("went on strike in Lima"); "" when none codes.
func (s *sentence) placeCountry(i int) string {
	cands := []int{i}
	for _, o := range s.children(i, "obl") {
		cands = append(cands, o)
	}
	// "arrested the leader of the opposition in Lima": the parser hangs
	// the place low in the object.
	if u := s.tok(i).UPOS; u == "NOUN" || u == "PROPN" {
		return s.placeIn(cands)
	}
	for _, o := range s.children(i, "obj", "obl") {
		// ("used water cannon against demonstrators in Tbilisi": the
		// place hangs on an oblique too)
		cands = append(cands, o)
		for _, n := range s.children(o, "nmod") {
			cands = append(cands, n)
		}
	}
	return s.placeIn(cands)
}

func (s *sentence) placeIn(cands []int) string {
	for _, x := range cands {
		for _, p := range []string{"in", "at", "through", "across"} {
			for _, o := range s.obliques(x, p) {
				for _, a := range s.actors(o) {
					// (a bare role, "BUS" for "milk firm Yili", is no country)
					if c := countryPart(a.code); c != "" {
						return c
					}
				}
			}
		}
	}
	return ""
}
