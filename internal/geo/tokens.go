package geo

import (
	"unicode"
	"unicode/utf8"
)

// token is a word, a Han run or a punctuation mark, as byte offsets.
type token struct {
	start, end int
	kind       byte // 'w' word, 'h' Han run, 'p' punctuation
	cap        bool // first letter upper case
	upper      bool // every letter upper case (and at least two)
	sentStart  bool // first word of a sentence or line
	nlBefore   bool // a line break separates it from the previous token
}

// tokenize splits text into words (letters and digits, with inner
// apostrophes, hyphens and abbreviation dots), Han runs and single
// punctuation marks. It runs in one pass and never allocates per byte.
func tokenize(s string, out []token) []token {
	out = out[:0]
	sent := true
	nl := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n' || r == '\r':
			nl = true
			sent = true
			i += n
			continue
		case unicode.IsSpace(r):
			i += n
			continue
		case unicode.Is(unicode.Han, r):
			j := i + n
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.Is(unicode.Han, r2) {
					break
				}
				j += n2
			}
			out = append(out, token{start: i, end: j, kind: 'h', sentStart: sent, nlBefore: nl})
			sent, nl = false, false
			i = j
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i + n
			letters, uppers, dots := 0, 0, 0
			if unicode.IsLetter(r) {
				letters++
				if unicode.IsUpper(r) {
					uppers++
				}
			}
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) || unicode.Is(unicode.Mn, r2) {
					if unicode.IsLetter(r2) {
						letters++
						if unicode.IsUpper(r2) {
							uppers++
						}
					}
					j += n2
					continue
				}
				if (r2 == '\'' || r2 == '\u2019') && j+n2 < len(s) && s[j+n2] == 's' && (j+n2+1 == len(s) || !isWordByte(s[j+n2+1])) {
					break // possessive: "China's" is "China" + "'s"
				}
				if r2 == '\'' || r2 == '\u2019' || r2 == '-' || r2 == '.' {
					// Joiners stay inside a word only when a letter follows
					// ("Xi'an", "Guinea-Bissau", "U.S").
					if j+n2 < len(s) {
						r3, _ := utf8.DecodeRuneInString(s[j+n2:])
						if unicode.IsLetter(r3) && !(r2 == '.' && unicode.IsLower(r3)) {
							if r2 == '.' {
								dots++
							}
							j += n2
							continue
						}
					}
				}
				break
			}
			// A trailing dot belongs to abbreviations: "U.S.", "Calif.", "St.".
			if j < len(s) && s[j] == '.' && (dots > 0 || (letters >= 1 && letters <= 5 && uppers >= 1 && isAbbrevStem(s[i:j]))) {
				j++
			}
			c, _ := utf8.DecodeRuneInString(s[i:])
			t := token{start: i, end: j, kind: 'w', cap: unicode.IsUpper(c), upper: letters >= 2 && uppers == letters, sentStart: sent, nlBefore: nl}
			out = append(out, t)
			sent, nl = false, false
			i = j
		default:
			out = append(out, token{start: i, end: i + n, kind: 'p', nlBefore: nl})
			nl = false
			if r == '.' || r == '!' || r == '?' || r == ':' || r == ';' || r == '"' || r == '\u201c' {
				sent = true
			}
			i += n
		}
	}
	return out
}

// abbrevStems are short capitalised words that take a dot as part of the
// word in place names and addresses.
var abbrevStems = map[string]bool{
	"St": true, "Ft": true, "Mt": true, "Pt": true, "Calif": true, "Fla": true, "Ala": true, "Ariz": true,
	"Ark": true, "Colo": true, "Conn": true, "Del": true, "Ga": true, "Ill": true, "Ind": true, "Kan": true,
	"Kans": true, "Ky": true, "La": true, "Md": true, "Mass": true, "Mich": true, "Minn": true, "Miss": true,
	"Mo": true, "Mont": true, "Neb": true, "Nebr": true, "Nev": true, "Okla": true, "Ore": true, "Oreg": true,
	"Pa": true, "Penn": true, "Tenn": true, "Tex": true, "Vt": true, "Va": true, "Wash": true, "Wis": true,
	"Wisc": true, "Wyo": true, "Ont": true, "Que": true, "Alta": true, "Sask": true, "Man": true, "Nfld": true,
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Gov": true, "Sen": true, "Rep": true, "Gen": true,
	"Lt": true, "Col": true, "Capt": true, "Sgt": true, "Prof": true, "Rev": true, "Jr": true, "Sr": true,
}

func isAbbrevStem(s string) bool { return abbrevStems[s] }

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}
