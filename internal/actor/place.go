package actor

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// features are the nouns that make a geographic proper name of the name
// or adjective beside them: "Indian Ocean", "South China Sea", "Taiwan
// Strait", "Sea of Japan". Such a name is a place, not the country's
// people or government. Words that also head organisations' names
// ("Coast" in "Chinese Coast Guard", "Bank") are left out, and so are
// "Island(s)" and "Archipelago", which often are the country itself.
var features = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("ocean sea seas gulf bay bight strait straits channel peninsula subcontinent " +
		"river delta lake lakes mountains highlands plateau desert basin valley canal plain plains falls") {
		m[w] = true
	}
	return m
}()

// prefixes are feature words written before the name with no "of": "Lake
// Chad", "Mount Lebanon".
var prefixes = map[string]bool{"lake": true, "mount": true}

// IsFeature reports whether w is a capitalised geographic feature noun
// ("Ocean", "SEA"); lower-case "sea" is a common noun, not part of a name.
func IsFeature(w string) bool { return upper(w) && features[strings.ToLower(w)] }

// PlaceName reports whether ws[i:j], a name or adjective (a country's, a
// company's), is part of a longer geographic proper name in ws: followed by a feature
// noun that ends the name ("Indian Ocean", "the Jordan Valley floor"; not
// "Indian Ocean Commission"), after a feature noun and "of" ("Gulf of
// Mexico"), after "Lake" or "Mount" ("Lake Chad"), or, itself ending in a
// feature noun, followed by "of" and a name ("Gulf of Aden").
func PlaceName(ws []string, i, j int) bool {
	if i < 0 || j > len(ws) || i >= j {
		return false
	}
	if j < len(ws) && IsFeature(ws[j]) && (j+1 == len(ws) || !nameAfter(ws[j], ws[j+1])) {
		return true
	}
	if i >= 2 && strings.EqualFold(ws[i-1], "of") && IsFeature(ws[i-2]) && upper(ws[i]) {
		return true
	}
	if i >= 1 && upper(ws[i-1]) && prefixes[strings.ToLower(ws[i-1])] && upper(ws[i]) {
		return true
	}
	return j+1 < len(ws) && IsFeature(ws[j-1]) && strings.EqualFold(ws[j], "of") && upper(ws[j+1])
}

// HasPlaceName reports whether ws contain a geographic proper name with a
// name or adjective in it ("the Strait of Hormuz", "South China Sea", "Red
// Sea"; not "Black Sea Fleet").
func HasPlaceName(ws []string) bool {
	for k := range ws {
		if PlaceName(ws, k, k+1) {
			return true
		}
	}
	return false
}

// nameAfter reports whether next continues the name that ends in feature:
// a capitalised word, unless both are in capitals (a headline, "INDIAN
// OCEAN TENSIONS").
func nameAfter(feature, next string) bool {
	return upper(next) && !(allCaps(feature) && allCaps(next))
}

func upper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func allCaps(w string) bool { return strings.ToUpper(w) == w && strings.ToLower(w) != w }

// eventHeads are the nouns that make the name or adjective before them the
// name of a sporting or cultural event: "Asian Games", "African Cup",
// "Australian Open", "Venice Film Festival". Such a name is neither the
// country nor its government.
var eventHeads = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("games olympics olympiad paralympics cup championship championships open " +
		"festival biennale expo marathon derby grand") {
		m[w] = true
	}
	return m
}()

// EventName reports whether ws[i:j], a name or adjective, begins the name
// of an event: followed by a capitalised event noun ("Asian Games",
// "Monaco Grand Prix"), directly or after one more capitalised word
// ("Cannes Film Festival"). A lower-case noun makes no name ("a Chinese
// open letter"), nor do words in capitals (a headline), and "Open" only
// ends a name: in "China Open To Talks" it is a title-cased verb.
func EventName(ws []string, i, j int) bool {
	if i < 0 || j > len(ws) || i >= j {
		return false
	}
	for k := j; k < len(ws) && k < j+2; k++ {
		w := ws[k]
		if !upper(w) || allCaps(w) && allCaps(ws[j-1]) {
			return false
		}
		if h := strings.ToLower(w); eventHeads[h] {
			return h != "open" || k+1 == len(ws) || !upper(ws[k+1])
		}
	}
	return false
}
