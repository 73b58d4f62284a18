package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
)

// Supported lists the languages Language can return: the major news
// languages. Restricting whatlanggo to them makes it several times faster
// (fewer trigram profiles) and keeps rare look-alike languages out.
var Supported = []whatlanggo.Lang{
	whatlanggo.Eng, whatlanggo.Fra, whatlanggo.Deu, whatlanggo.Spa, whatlanggo.Ita,
	whatlanggo.Por, whatlanggo.Nld, whatlanggo.Swe, whatlanggo.Dan, whatlanggo.Nob,
	whatlanggo.Fin, whatlanggo.Pol, whatlanggo.Ces, whatlanggo.Hun, whatlanggo.Ron,
	whatlanggo.Tur, whatlanggo.Rus, whatlanggo.Ukr, whatlanggo.Ell, whatlanggo.Heb,
	whatlanggo.Arb, whatlanggo.Pes, whatlanggo.Hin, whatlanggo.Cmn, whatlanggo.Jpn,
	whatlanggo.Kor, whatlanggo.Tha, whatlanggo.Vie, whatlanggo.Ind,
}

var langOpts = func() whatlanggo.Options {
	o := whatlanggo.Options{Whitelist: map[whatlanggo.Lang]bool{}}
	for _, l := range Supported {
		o.Whitelist[l] = true
	}
	return o
}()

// langSample bounds the text whatlanggo sees: a few hundred bytes decide as
// well as the whole story, and its confidence goes negative (overflows) on
// texts of a few KB.
const langSample = 400

// Language returns the ISO 639-1 code of the language of s, or "" when the
// text is too short or the guess unreliable (trigram guesses on a few words
// are noise).
func Language(s string) string {
	if len(s) < 20 {
		return ""
	}
	if len(s) > langSample {
		cut := strings.LastIndexByte(s[:langSample], ' ')
		if cut < langSample/2 {
			cut = langSample
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
		}
		s = s[:cut]
	}
	if englishByStopwords(s) {
		return "en"
	}
	lang, conf := detectLang(s)
	if conf < 0.2 {
		return ""
	}
	return lang.Iso6391()
}

// detectLang is whatlanggo.DetectWithOptions(s, langOpts), with the Latin
// script (nearly every story that reaches it) ranked by latinDetect.
func detectLang(s string) (whatlanggo.Lang, float64) {
	if latinReady {
		// whatlanggo.DetectScript on ASCII text: Latin when it has a
		// letter, no script (no language) otherwise.
		ascii, letter := true, false
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c >= utf8.RuneSelf {
				ascii = false
				break
			}
			letter = letter || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		}
		if ascii && letter {
			return latinDetect(s)
		} else if ascii {
			return -1, 0
		}
	}
	if latinReady && whatlanggo.DetectScript(s) == unicode.Latin {
		return latinDetect(s)
	}
	info := whatlanggo.DetectWithOptions(s, langOpts)
	return info.Lang, info.Confidence
}

// enStop are frequent English words that are not words of the other
// supported Latin-script languages ("a", "in", "on", "die" are left out).
var enStop = map[string]bool{
	"the": true, "of": true, "and": true, "to": true, "is": true, "that": true, "for": true,
	"with": true, "was": true, "said": true, "by": true, "it": true, "from": true, "at": true,
	"as": true, "his": true, "her": true, "has": true, "have": true, "be": true, "are": true,
	"were": true, "will": true, "would": true, "which": true, "this": true, "he": true,
	"she": true, "they": true, "their": true, "its": true, "an": true, "had": true, "not": true,
}

// englishByStopwords is a fast path for the common case: when at least a
// fifth of the words of a sample of 8 or more are English function words,
// the text is English and whatlanggo's trigram ranking (most of the cost of
// a story) is skipped.
func englishByStopwords(s string) bool {
	words, hits := 0, 0
	start := -1
	for i := 0; i <= len(s); i++ {
		var c byte = ' '
		if i < len(s) {
			c = s[i]
		}
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if letter && start < 0 {
			start = i
		} else if !letter && start >= 0 {
			if c >= 0x80 { // a non-ASCII letter may continue the word
				start = -2
				continue
			}
			if start >= 0 {
				words++
				if w := s[start:i]; len(w) <= 5 && enStop[strings.ToLower(w)] {
					hits++
				}
			}
			start = -1
		} else if start == -2 && !letter && c < 0x80 {
			start = -1
		}
	}
	return words >= 8 && hits*5 >= words
}
