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
	return ruleLemma(n, low, tg.XPOS)
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
