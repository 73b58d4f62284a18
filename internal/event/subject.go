package event

import (
	"strings"
	"unicode"
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
