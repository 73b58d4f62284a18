package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
)

// Language returns the ISO 639-1 code of the language of s, or "" when the
// text is too short or the guess unreliable. whatlanggo covers 84 languages;
// trigram guesses on a few words are noise, so short texts get none.
func Language(s string) string {
	if len(s) < 20 {
		return ""
	}
	// The first ~1,500 bytes decide: cheaper, and whatlanggo's confidence
	// goes negative (overflows) on texts of a few KB.
	if len(s) > 1500 {
		cut := strings.LastIndexByte(s[:1500], ' ')
		if cut < 1000 {
			cut = 1500
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
		}
		s = s[:cut]
	}
	info := whatlanggo.Detect(s)
	if info.Confidence < 0.2 {
		return ""
	}
	return info.Lang.Iso6391()
}
