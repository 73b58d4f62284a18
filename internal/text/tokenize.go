package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is a word found by Tokenize: its byte span in the source, its form
// (the source bytes), whether whitespace follows it, and whether it was split
// off the previous word inside one surface token ("do" + "n't" from "don't",
// a multi-word token in UD terms).
type Token struct {
	Span
	Form       string
	SpaceAfter bool
	Joined     bool // glued to the previous token in one surface token
}

// Tokenize splits s into words following UD English EWT conventions:
// clitics and negation split ("don't" → do n't, "Xi's" → Xi 's, "gonna" →
// gon na), hyphenated words split at the hyphen, and URLs, e-mail addresses,
// numbers with separators, abbreviations ("U.S.", "Corp.") and runs of CJK
// characters kept whole. It runs in time linear in len(s). Control
// characters count as whitespace; invalid UTF-8 bytes become one-byte tokens.
func Tokenize(s string) []Token {
	toks := make([]Token, 0, len(s)/5+1)
	i := 0
	for i < len(s) {
		r, sz := utf8.DecodeRuneInString(s[i:])
		if isSpace(r) {
			if n := len(toks); n > 0 && toks[n-1].End == i {
				toks[n-1].SpaceAfter = true
			}
			i += sz
			continue
		}
		j := scanToken(s, i)
		if j <= i {
			j = i + sz
		}
		toks = appendWord(toks, s, i, j)
		i = j
	}
	return toks
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u200b' || r == '\ufeff'
}

func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r) || r == 'ー' || r == '々'
}

func isWordRune(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) && !isCJK(r)
}

func isApos(r rune) bool { return r == '\'' || r == '\u2019' }

// scanToken returns the end of the surface token starting at i.
func scanToken(s string, i int) int {
	r, sz := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && sz <= 1 {
		return i + 1
	}
	if j := scanURL(s, i); j > i {
		return j
	}
	if isCJK(r) {
		j := i + sz
		for j < len(s) {
			r2, sz2 := utf8.DecodeRuneInString(s[j:])
			if !isCJK(r2) {
				break
			}
			j += sz2
		}
		return j
	}
	if isWordRune(r) {
		return scanWord(s, i)
	}
	if (r == '#' || r == '@') && i+1 < len(s) {
		// hashtags and handles stay whole: "#audiobooks", "@user"
		if r2, _ := utf8.DecodeRuneInString(s[i+1:]); unicode.IsLetter(r2) {
			return scanWord(s, i+1)
		}
	}
	if isApos(r) {
		// A leading clitic such as 'em or 's after a space is rare; treat
		// the apostrophe as punctuation.
		return i + sz
	}
	// Punctuation and symbols: runs of the same mark (... -- !! ??) stay
	// together; emoji keep their modifiers and joiners.
	if e := emoticon(s[i:]); e > 0 {
		return i + e
	}
	j := i + sz
	if r == '.' || r == '!' || r == '?' {
		// "...", "?!", ".?" stay one token, as in EWT.
		for j < len(s) && (s[j] == '.' || s[j] == '!' || s[j] == '?') {
			j++
		}
		return j
	}
	if r < 0x80 && strings.IndexRune("()[]{}\"'`,;:", r) < 0 {
		// runs of one symbol: "--", "$$$", "<<", "++++", "=="
		for j < len(s) && rune(s[j]) == r {
			j++
		}
		return j
	}
	for j < len(s) {
		r2, sz2 := utf8.DecodeRuneInString(s[j:])
		if r2 == '\u200d' { // zero-width joiner: take it and the next rune
			j += sz2
			if j < len(s) {
				_, sz3 := utf8.DecodeRuneInString(s[j:])
				j += sz3
			}
			continue
		}
		if unicode.IsMark(r2) || (r2 >= 0xfe00 && r2 <= 0xfe0f) || (r2 >= 0x1f3fb && r2 <= 0x1f3ff) {
			j += sz2
			continue
		}
		break
	}
	return j
}

// scanWord scans letters and digits with the joiners that keep a token
// whole: apostrophes between letters, periods in abbreviations and numbers,
// separators inside numbers, '@' and '.' in e-mail addresses, '&' in AT&T.
func scanWord(s string, i int) int {
	j := i
	// State kept as we go so the scan stays linear: whether the token so
	// far is single letters separated by periods, how long the current
	// segment is, whether it holds an '@', and where the run of non-space
	// ahead ends and whether it holds an '@' (for "bob.smith@x.org").
	dotted, seg, hasAt := true, 0, false
	atAhead, runEnd := false, -1
	for j < len(s) {
		r, sz := utf8.DecodeRuneInString(s[j:])
		if isWordRune(r) {
			if unicode.IsLetter(r) {
				seg++
				if seg > 1 {
					dotted = false
				}
			} else {
				dotted = false
			}
			j += sz
			continue
		}
		if j+sz < len(s) {
			next, _ := utf8.DecodeRuneInString(s[j+sz:])
			prev, _ := utf8.DecodeLastRuneInString(s[:j])
			ok := false
			switch {
			case isApos(r) && unicode.IsLetter(prev) && unicode.IsLetter(next):
				ok, dotted = true, false
			case (r == ',' || r == '.' || r == ':' || r == '/') && unicode.IsDigit(prev) && unicode.IsDigit(next):
				ok, dotted = true, false
			case r == '-' && unicode.IsDigit(prev) && phoneGroup(s, i, j):
				ok, dotted = true, false
			case r == '_' && unicode.IsLetter(prev) && unicode.IsLetter(next), r == '/' && j-i == 1 && unicode.IsLetter(prev) && unicode.IsLetter(next):
				// "Lisa_resume", "b/c", "w/o"; "and/or" splits as in EWT
				ok, dotted = true, false
			case r == '.' && (unicode.IsLetter(prev) || unicode.IsDigit(prev)) && (unicode.IsLower(next) || unicode.IsDigit(next)) && !(dotted && seg == 1):
				// "paulhastings.com", "report.pdf", "alt.animals.cats"
				ok, dotted = true, false
			case r == '-' && unicode.IsLetter(next) && keptHyphen[strings.ToLower(s[i:j])]:
				ok, dotted = true, false
			case r == '@' && isWordRune(next) && !hasAt:
				ok, hasAt, dotted = true, true, false
			case r == '&' && unicode.IsUpper(prev) && unicode.IsUpper(next):
				ok, dotted = true, false
			case r == '.' && isWordRune(next) && (hasAt || dotted && seg == 1):
				ok, seg = true, 0
			case r == '.' && isWordRune(next):
				if runEnd < 0 {
					runEnd = j
					for runEnd < len(s) && s[runEnd] != ' ' && s[runEnd] != '\n' && s[runEnd] != '\t' {
						if s[runEnd] == '@' {
							atAhead = true
						}
						runEnd++
					}
				}
				if atAhead && j < runEnd {
					ok, dotted = true, false
				}
			}
			if ok {
				j += sz
				continue
			}
		}
		break
	}
	// A final period belongs to abbreviations: "U.S.", "Corp.", "No. 2".
	if j < len(s) && s[j] == '.' && !(j+1 < len(s) && s[j+1] == '.') && isAbbrev(s, i, j, dotted && seg == 1) {
		j++
	}
	return j
}

// abbrevs are words kept with their period. Lower-cased.
var abbrevs = map[string]bool{}

// titles never end a sentence when followed by a period.
var titles = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`mr mrs ms dr prof gen adm lt col maj capt cmdr sgt rep sen gov pres rev hon fr st jr sr messrs mt ft`) {
		titles[w] = true
		abbrevs[w] = true
	}
	for _, w := range strings.Fields(`corp inc ltd co cos bros plc llc no nos vs etc jan feb mar apr jun jul aug sep sept oct nov dec
		mon tue tues wed thu thur thurs fri sat sun approx est dept univ assn ave blvd rd fig figs vol vols p pp ed eds op cf al
		e.g i.e a.m p.m u.s u.k u.n u.s.a e.u d.c n.y l.a ph.d`) {
		abbrevs[w] = true
	}
}

func isAbbrev(s string, i, j int, dotted bool) bool {
	w := s[i:j]
	if dotted && strings.IndexByte(w, '.') > 0 {
		return true // "U.S" + "."
	}
	if j-i == 1 && w[0] >= 'A' && w[0] <= 'Z' {
		return true // an initial: "J."
	}
	if len(w) > 6 {
		return false
	}
	low := strings.ToLower(w)
	if !abbrevs[low] {
		return false
	}
	// "no." is an abbreviation only before a number ("No. 2").
	if low == "no" || low == "nos" {
		k := j + 1
		for k < len(s) && s[k] == ' ' {
			k++
		}
		return k < len(s) && s[k] >= '0' && s[k] <= '9'
	}
	return true
}

// scanURL recognises http(s)://, www. and bare domains with a path.
func scanURL(s string, i int) int {
	rest := s[i:]
	low := rest
	if len(low) > 8 {
		low = low[:8]
	}
	low = strings.ToLower(low)
	if !(strings.HasPrefix(low, "http://") || strings.HasPrefix(low, "https://") || strings.HasPrefix(low, "www.") || strings.HasPrefix(low, "ftp://")) {
		return i
	}
	j := i
	for j < len(s) {
		r, sz := utf8.DecodeRuneInString(s[j:])
		if isSpace(r) || r == '<' || r == '>' || r == '"' || r == '\u201d' || r == '\u201c' {
			break
		}
		j += sz
	}
	// Trailing punctuation is not part of the URL; nor is an unbalanced ')'.
	for j > i {
		c := s[j-1]
		if strings.IndexByte(".,;:!?'", c) >= 0 {
			j--
			continue
		}
		if c == ')' && strings.Count(s[i:j], "(") < strings.Count(s[i:j], ")") {
			j--
			continue
		}
		break
	}
	return j
}

// emoticons kept whole.
var emoticons = []string{":-)", ":-(", ":-D", ":-P", ";-)", ":)", ":(", ":D", ":P", ";)", ":/", ":'(", "<3", "^_^", "-_-"}

func emoticon(s string) int {
	for _, e := range emoticons {
		if strings.HasPrefix(s, e) {
			// not the start of a longer word (":Dallas")
			if len(s) > len(e) {
				r, _ := utf8.DecodeRuneInString(s[len(e):])
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					continue
				}
			}
			return len(e)
		}
	}
	return 0
}

// phoneGroup: a '-' at j inside a phone number "303-832-8160": three digits
// before it and at least three after.
func phoneGroup(s string, i, j int) bool {
	k := j
	for k > i && s[k-1] >= '0' && s[k-1] <= '9' {
		k--
	}
	if j-k != 3 {
		return false
	}
	n := 0
	for m := j + 1; m < len(s) && s[m] >= '0' && s[m] <= '9'; m++ {
		n++
	}
	return n >= 3
}

// clitics split off the end of a word, longest first.
var clitics = []string{"n't", "n\u2019t", "'s", "\u2019s", "'re", "\u2019re", "'m", "\u2019m", "'ll", "\u2019ll", "'ve", "\u2019ve", "'d", "\u2019d"}

// whole-word splits (lower-cased word → length of first part).
var wordSplits = map[string]int{"alot": 1, "gonna": 3, "wanna": 3, "gotta": 3, "cannot": 3, "dont": 2, "didnt": 3, "doesnt": 4, "isnt": 2,
	"wasnt": 3, "cant": 2, "wont": 2, "couldnt": 5, "wouldnt": 5, "shouldnt": 6, "arent": 3, "werent": 4, "havent": 4, "hasnt": 3}

// keptHyphen prefixes EWT keeps attached ("e-mail", "non-stop").
var keptHyphen = map[string]bool{"e": true, "non": true, "post": true, "pre": true, "anti": true, "co": true, "re": true, "ex": true, "multi": true, "mid": true}

// appendWord splits one surface token [i,j) into words and appends them.
func appendWord(toks []Token, s string, i, j int) []Token {
	w := s[i:j]
	add := func(a, b int, joined bool) {
		toks = append(toks, Token{Span: Span{a, b}, Form: s[a:b], Joined: joined})
	}
	first, _ := utf8.DecodeRuneInString(w)
	if !isWordRune(first) || strings.Contains(w, "://") || strings.HasPrefix(strings.ToLower(w), "www.") || strings.IndexByte(w, '@') >= 0 {
		add(i, j, false)
		return toks
	}
	low := strings.ToLower(w)
	if n, ok := wordSplits[low]; ok {
		add(i, i+n, false)
		add(i+n, j, true)
		return toks
	}
	// Hyphens inside letter words: split unless a kept prefix.
	if strings.IndexByte(w, '-') > 0 {
		// (scanWord never includes '-', so this is defensive.)
		add(i, j, false)
		return toks
	}
	for _, c := range clitics {
		if len(w) > len(c) && strings.HasSuffix(low, c) {
			k := j - len(c)
			stem := low[:len(low)-len(c)]
			if stem == "" {
				break
			}
			add(i, k, false)
			add(k, j, true)
			return toks
		}
	}
	add(i, j, false)
	return toks
}
