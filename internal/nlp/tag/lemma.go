package tag

import (
	"strings"
)

func lemmaKey(low, xpos string) string { return low + "\x00" + xpos }

// Lemma returns the lemma of a word given its tags: the training table
// first, then suffix rules. Proper nouns keep their case as EWT does.
func (t *Tagger) Lemma(form string, tg Tag) string {
	n := Norm(form)
	low := strings.ToLower(n)
	if l, ok := t.lemmas[lemmaKey(low, tg.XPOS)]; ok {
		return l
	}
	l := ruleLemma(n, low, tg.XPOS)
	return t.pickStem(low, tg.XPOS, l)
}

// knownLemmas is the set of lemmas in the training table.
func knownLemmas(table map[string]string) map[string]bool {
	k := make(map[string]bool, len(table))
	for _, l := range table {
		k[strings.ToLower(l)] = true
	}
	return k
}

// pickStem repairs the suffix rule's stem for -ed/-ing forms the table does
// not know: of the candidates (the rule's stem, the bare stem, the stem
// with its silent e back, the undoubled stem) it takes the one the table
// knows as a lemma, else the silent-e spelling where English spelling
// requires it ("prais" → "praise", "sentenc" → "sentence").
func (t *Tagger) pickStem(low, xpos, rule string) string {
	var stem string
	switch {
	case (xpos == "VBD" || xpos == "VBN") && strings.HasSuffix(low, "ed") && !strings.HasSuffix(low, "ied") && len(low) > 4:
		stem = low[:len(low)-2]
	case xpos == "VBG" && strings.HasSuffix(low, "ing") && !strings.HasSuffix(low, "ying") && len(low) > 5:
		stem = low[:len(low)-3]
	default:
		return rule
	}
	cands := []string{rule, stem, stem + "e", undoubleAll(stem)}
	for _, c := range cands {
		if c != "" && t.known[c] {
			return c
		}
	}
	if l := t.singleL(rule); l != "" {
		return l
	}
	if t.known[rule] || rule != stem {
		return rule
	}
	if silentE(stem) {
		return stem + "e"
	}
	return rule
}

// singleL picks between a stem ending in "ll" and the same with one l:
// British spelling doubles a final l after a single vowel whatever the
// stress ("signalled", "patrolling", "initialled"), while "kill" and
// "recall" end in "ll" themselves. Of the two spellings the neighbour
// lexicon (most frequent first) ranks higher wins; "" when the stem does
// not end in a vowel and "ll" or the lexicon knows neither.
func (t *Tagger) singleL(stem string) string {
	n := len(stem)
	if t.lex == nil || n < 4 || !strings.HasSuffix(stem, "ll") || !isVowel(stem[n-3]) {
		return ""
	}
	one := stem[:n-1]
	a, okA := t.lex[stem]
	b, okB := t.lex[one]
	switch {
	case okB && (!okA || b.rank < a.rank):
		return one
	case okA:
		return stem
	}
	return ""
}

// undoubleAll drops a doubled final consonant, l included ("expell" →
// "expel"), for checking against the table.
func undoubleAll(s string) string {
	n := len(s)
	if n >= 4 && s[n-1] == s[n-2] && !isVowel(s[n-1]) {
		return s[:n-1]
	}
	return ""
}

// silentE reports stems whose verb ends in a silent e: a single vowel and
// s, c, z or g ("prais", "impos", "sentenc", "seiz", "exchang"), or -dg.
func silentE(s string) bool {
	n := len(s)
	if n < 3 {
		return false
	}
	last := s[n-1]
	switch {
	case strings.HasSuffix(s, "dg"):
		return true
	case last == 'c' || last == 'z':
		return true
	case last == 's' && isVowel(s[n-2]):
		return true
	case strings.HasSuffix(s, "ang") || strings.HasSuffix(s, "eng") || strings.HasSuffix(s, "ung") && n > 4:
		// "exchang", "challeng", "lung"; "hang"/"belong" are in the table.
		return n > 4
	}
	return false
}

func isVowel(b byte) bool { return strings.IndexByte("aeiou", b) >= 0 }

// ruleLemma is the fallback for words the table does not know.
func ruleLemma(form, low, xpos string) string {
	switch xpos {
	case "NNP", "NNPS":
		if xpos == "NNPS" && strings.HasSuffix(form, "s") && len(form) > 3 {
			return form[:len(form)-1]
		}
		return form
	case "NNS":
		switch {
		case strings.HasSuffix(low, "ies") && len(low) > 4:
			return low[:len(low)-3] + "y"
		case strings.HasSuffix(low, "sses"), strings.HasSuffix(low, "shes"), strings.HasSuffix(low, "ches"), strings.HasSuffix(low, "xes"), strings.HasSuffix(low, "zes") && !strings.HasSuffix(low, "izes"):
			return low[:len(low)-2]
		case strings.HasSuffix(low, "ss"), strings.HasSuffix(low, "us"), strings.HasSuffix(low, "is"):
			return low
		case strings.HasSuffix(low, "s") && len(low) > 2:
			return low[:len(low)-1]
		}
		return low
	case "VBZ":
		switch {
		case strings.HasSuffix(low, "ies") && len(low) > 4:
			return low[:len(low)-3] + "y"
		case strings.HasSuffix(low, "sses"), strings.HasSuffix(low, "shes"), strings.HasSuffix(low, "ches"), strings.HasSuffix(low, "xes"), strings.HasSuffix(low, "oes"):
			return low[:len(low)-2]
		case strings.HasSuffix(low, "s") && len(low) > 2:
			return low[:len(low)-1]
		}
		return low
	case "VBD", "VBN":
		if strings.HasSuffix(low, "ied") && len(low) > 4 {
			return low[:len(low)-3] + "y"
		}
		if strings.HasSuffix(low, "ed") && len(low) > 3 {
			return undouble(low[:len(low)-2])
		}
		return low
	case "VBG":
		if strings.HasSuffix(low, "ying") && len(low) > 5 {
			return low[:len(low)-4] + "y"
		}
		if strings.HasSuffix(low, "ing") && len(low) > 4 {
			return undouble(low[:len(low)-3])
		}
		return low
	case "JJR", "RBR":
		if strings.HasSuffix(low, "ier") && len(low) > 4 {
			return low[:len(low)-3] + "y"
		}
		if strings.HasSuffix(low, "er") && len(low) > 4 {
			return undouble(low[:len(low)-2])
		}
		return low
	case "JJS", "RBS":
		if strings.HasSuffix(low, "iest") && len(low) > 5 {
			return low[:len(low)-4] + "y"
		}
		if strings.HasSuffix(low, "est") && len(low) > 5 {
			return undouble(low[:len(low)-3])
		}
		return low
	}
	return low
}

// undouble restores a stem after -ed/-ing/-er: "stopp" → "stop",
// "hop" → "hope" is left alone (the table covers frequent cases).
func undouble(s string) string {
	n := len(s)
	if n >= 3 && s[n-1] == s[n-2] && !isVowel(s[n-1]) && strings.IndexByte("lsz", s[n-1]) < 0 {
		return s[:n-1]
	}
	if n >= 2 && (strings.HasSuffix(s, "at") || strings.HasSuffix(s, "iz") || strings.HasSuffix(s, "us") && n > 4 || strings.HasSuffix(s, "v") || strings.HasSuffix(s, "uc") || strings.HasSuffix(s, "rg")) {
		return s + "e"
	}
	return s
}
