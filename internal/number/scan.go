// Package number is the number grammar shared by the timex and quantity
// stages: a one-pass scanner over raw text that keeps byte offsets, and a
// parser over its tokens for digit numerals ("1,234.5", "1 234", "3.7bn"),
// spelled numbers ("one hundred and sixty-one"), fractions, ordinals and
// powers. Values are exact decimals; float64 is used only for powers with
// non-integer exponents, which no amount ever has.
package number

import (
	"unicode"
	"unicode/utf8"
)

// Kind is a token class.
type Kind uint8

const (
	Word  Kind = iota + 1 // a run of letters, lower-cased in Text
	Num                   // a run of ASCII digits (full-width digits folded)
	Punct                 // one other non-space rune
)

// Tok is one token with its byte span in the source text. Text is the
// normalised form: lower-case letters, ASCII digits, full-width punctuation
// folded to ASCII.
type Tok struct {
	Start, End int
	Kind       Kind
	Text       string
	// Space is true when whitespace separates this token from the previous one.
	Space bool
	// Gap is the whitespace before the token: 0 none, 1 a single space
	// (including no-break and narrow no-break spaces), 2 more or other.
	Gap uint8
}

// MaxTokenBytes bounds the length of one token so absurd input (a
// 5,000-digit run) costs linear time and yields a diagnosable overflow
// rather than giant arithmetic.
const MaxTokenBytes = 64

// fold maps full-width ASCII forms (U+FF01..U+FF5E, what NFKC does to
// them) to ASCII and reports whether r is a space.
func fold(r rune) (rune, bool) {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0, false
	case r == 0x3000:
		return ' ', true
	case r == 0x00A0 || r == 0x202F || r == 0x2009 || r == 0x2007:
		return ' ', true
	case r == 0x2212 || r == 0x2013 || r == 0x2010 || r == 0x2011:
		return '-', false // minus sign, en dash, hyphens
	}
	return r, unicode.IsSpace(r)
}

// Scan tokenises s once. Tokens longer than MaxTokenBytes are cut into
// pieces of that size (each still a token) so later stages stay linear.
func Scan(s string) []Tok {
	toks := make([]Tok, 0, len(s)/4+1)
	var buf []byte
	i := 0
	spaceRun := 0
	spaceOther := false
	for i < len(s) {
		r, w := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(s[i:])
		}
		fr, isSpace := fold(r)
		if isSpace {
			spaceRun++
			if fr != ' ' || (r != ' ' && r != 0x00A0 && r != 0x202F) {
				spaceOther = true
			}
			i += w
			continue
		}
		gap := uint8(0)
		if spaceRun == 1 && !spaceOther {
			gap = 1
		} else if spaceRun > 0 {
			gap = 2
		}
		spaceRun, spaceOther = 0, false
		start := i
		switch {
		case fr >= '0' && fr <= '9':
			buf = buf[:0]
			for i < len(s) && len(buf) < MaxTokenBytes {
				r, w := rune(s[i]), 1
				if r >= utf8.RuneSelf {
					r, w = utf8.DecodeRuneInString(s[i:])
				}
				fr, _ := fold(r)
				if fr < '0' || fr > '9' {
					break
				}
				buf = append(buf, byte(fr))
				i += w
			}
			toks = append(toks, Tok{Start: start, End: i, Kind: Num, Text: string(buf), Space: gap > 0, Gap: gap})
		case unicode.IsLetter(fr) || unicode.IsMark(fr):
			buf = buf[:0]
			ascii := true
			for i < len(s) && len(buf) < MaxTokenBytes {
				r, w := rune(s[i]), 1
				if r >= utf8.RuneSelf {
					r, w = utf8.DecodeRuneInString(s[i:])
				}
				fr, _ := fold(r)
				if !(unicode.IsLetter(fr) || unicode.IsMark(fr)) || isVulgar(fr) {
					break
				}
				if fr < utf8.RuneSelf {
					if fr >= 'A' && fr <= 'Z' {
						fr += 'a' - 'A'
					}
					buf = append(buf, byte(fr))
				} else {
					ascii = false
					buf = utf8.AppendRune(buf, unicode.ToLower(fr))
				}
				i += w
			}
			if i == start { // a letter-class rune we refused (cannot happen, but stay linear)
				i += w
			}
			txt := ""
			if ascii && i-start == len(buf) && isLowerASCII(s[start:i]) {
				txt = s[start:i] // no copy when already normalised
			} else {
				txt = string(buf)
			}
			toks = append(toks, Tok{Start: start, End: i, Kind: Word, Text: txt, Space: gap > 0, Gap: gap})
		default:
			i += w
			var txt string
			if fr < utf8.RuneSelf {
				txt = asciiStr[fr]
			} else {
				txt = string(fr)
			}
			toks = append(toks, Tok{Start: start, End: i, Kind: Punct, Text: txt, Space: gap > 0, Gap: gap})
		}
	}
	return toks
}

func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isVulgar(r rune) bool { _, ok := vulgar[r]; return ok }

var asciiStr [128]string

func init() {
	for i := range asciiStr {
		asciiStr[i] = string(rune(i))
	}
}

// Adjacent reports whether token j directly follows token j-1 with no space.
func Adjacent(toks []Tok, j int) bool {
	return j > 0 && j < len(toks) && toks[j-1].End == toks[j].Start
}
