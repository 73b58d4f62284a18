package sqlite

import (
	"strings"
)

// zwsp separates CJK characters in indexed text. FTS5's unicode61
// tokenizer splits on spaces and punctuation, so a run of Chinese or
// Japanese characters (written without spaces) would be one token and a
// search for a word inside it would find nothing. With a zero-width space
// after each character every character is a token, and a query's CJK run,
// separated the same way, is a phrase of them. The separator is invisible
// when displayed and is removed from snippets.
const zwsp = "\u200b"

func isCJK(r rune) bool {
	return r >= 0x3040 && r <= 0x30ff || // Hiragana, Katakana
		r >= 0x3400 && r <= 0x4dbf || r >= 0x4e00 && r <= 0x9fff || // Han
		r >= 0xf900 && r <= 0xfaff || r >= 0x20000 && r <= 0x3134f
}

// ftsText returns s with every CJK character followed, and every CJK run
// preceded, by a zero-width space; s itself when it has no CJK.
func ftsText(s string) string {
	i := 0
	for ; i < len(s); i++ {
		if s[i] >= 0xe3 { // the lead byte of every CJK character above
			break
		}
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	b.WriteString(s[:i])
	prev := false
	for _, r := range s[i:] {
		c := isCJK(r)
		if c && !prev {
			b.WriteString(zwsp)
		}
		b.WriteRune(r)
		if c {
			b.WriteString(zwsp)
		}
		prev = c
	}
	return b.String()
}

// plainText undoes ftsText for display.
func plainText(s string) string {
	if !strings.Contains(s, zwsp) {
		return s
	}
	return strings.ReplaceAll(s, zwsp, "")
}
