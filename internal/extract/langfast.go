package extract

import (
	"slices"
	"unicode"
	"unicode/utf8"
	_ "unsafe" // go:linkname, for whatlanggo's Latin profiles

	"github.com/abadojack/whatlanggo"
)

// whatlanggo ranks a Latin-script text against every whitelisted profile
// with a map of trigram strings per call and a lookup per profile trigram
// (~30 profiles × 300), which was the largest cost of extract.article.v1.
// latinDetect computes exactly the same ranking and confidence from one
// inverted index over the same profiles, built once.

//go:linkname wlLatinProfiles github.com/abadojack/whatlanggo.latinLangs
var wlLatinProfiles map[whatlanggo.Lang][]string

// wl* mirror whatlanggo's constants.
const (
	wlMaxTrigramDistance = 300
	wlMaxTotalDistance   = 90000
)

// trigramKey packs a trigram's three runes (each below 2^21) into one
// integer whose order is the trigrams' lexicographic (and UTF-8 byte) order.
type trigramKey uint64

func mkKey(r1, r2, r3 rune) trigramKey {
	return trigramKey(r1)<<42 | trigramKey(r2)<<21 | trigramKey(r3)
}

type profileHit struct {
	lang int32 // index into latinIdx.langs
	pos  int32 // the trigram's rank in that profile
}

var latinIdx = func() (x struct {
	langs []whatlanggo.Lang
	base  []int // each profile's distance when no trigram matches
	hits  map[trigramKey][]profileHit
}) {
	x.hits = map[trigramKey][]profileHit{}
	for lang := range wlLatinProfiles {
		if !langOpts.Whitelist[lang] {
			continue
		}
		x.langs = append(x.langs, lang)
	}
	slices.Sort(x.langs)
	for li, lang := range x.langs {
		tgs := wlLatinProfiles[lang]
		x.base = append(x.base, len(tgs)*wlMaxTrigramDistance)
		for i, tg := range tgs {
			var k [3]rune
			n := 0
			for _, r := range tg {
				if n == 3 {
					n = 4
					break
				}
				k[n] = r
				n++
			}
			if n != 3 || !utf8.ValidString(tg) {
				continue // can never equal a text trigram
			}
			key := mkKey(k[0], k[1], k[2])
			x.hits[key] = append(x.hits[key], profileHit{int32(li), int32(i)})
		}
	}
	return x
}()

// latinReady reports whether the index could be built (the linked profiles
// were found); Language falls back to whatlanggo otherwise.
var latinReady = len(latinIdx.langs) > 1

// trigramChar is whatlanggo's per-rune mapping: stop characters (symbols,
// spaces, punctuation, digits) become a space, the rest is lower-cased.
func trigramChar(r rune) rune {
	if r < utf8.RuneSelf {
		return asciiTrigram[r]
	}
	if unicode.IsSymbol(r) || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsDigit(r) {
		return ' '
	}
	return unicode.ToLower(r)
}

var asciiTrigram = func() (t [utf8.RuneSelf]rune) {
	for c := rune(0); c < utf8.RuneSelf; c++ {
		if unicode.IsSymbol(c) || unicode.IsSpace(c) || unicode.IsPunct(c) || unicode.IsDigit(c) {
			t[c] = ' '
		} else {
			t[c] = unicode.ToLower(c)
		}
	}
	return t
}()

func cmpKey(a, b trigramKey) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// latinDetect is whatlanggo's detectLangInProfiles for the Latin script
// with the whitelist in langOpts. Equal best distances (whose order
// whatlanggo leaves to map iteration) give confidence 0 either way.
func latinDetect(text string) (whatlanggo.Lang, float64) {
	// whatlanggo's count(): the text's runes mapped, a space appended;
	// every trigram except those with a space in the middle next to
	// another space.
	var buf [512]trigramKey
	tgs := buf[:0]
	r1, r2 := ' ', rune(-1)
	for _, r := range text {
		r3 := trigramChar(r)
		if r2 < 0 {
			r2 = r3
			continue
		}
		if !(r2 == ' ' && (r1 == ' ' || r3 == ' ')) {
			tgs = append(tgs, mkKey(r1, r2, r3))
		}
		r1, r2 = r2, r3
	}
	// The appended space as r3: the last trigram counts unless r2 is a
	// space (empty text: no trigrams).
	if r2 >= 0 && r2 != ' ' {
		tgs = append(tgs, mkKey(r1, r2, ' '))
	}
	// Distinct trigrams with counts, ranked by count then trigram, both
	// descending (whatlanggo's ascending stable sort, read backwards).
	slices.Sort(tgs)
	type tc struct {
		k trigramKey
		n int
	}
	var cbuf [512]tc
	cs := cbuf[:0]
	for i := 0; i < len(tgs); {
		j := i + 1
		for j < len(tgs) && tgs[j] == tgs[i] {
			j++
		}
		cs = append(cs, tc{tgs[i], j - i})
		i = j
	}
	slices.SortFunc(cs, func(a, b tc) int {
		if a.n != b.n {
			return b.n - a.n
		}
		return cmpKey(b.k, a.k)
	})
	var dbuf [64]int
	dist := append(dbuf[:0], latinIdx.base...)
	for pos, c := range cs {
		for _, h := range latinIdx.hits[c.k] {
			d := pos - int(h.pos)
			if d < 0 {
				d = -d
			}
			dist[h.lang] += d - wlMaxTrigramDistance
		}
	}
	// calculateConfidence over the two smallest distances.
	b1, b2 := -1, -1
	for i, d := range dist {
		if b1 < 0 || d < dist[b1] {
			b1, b2 = i, b1
		} else if b2 < 0 || d < dist[b2] {
			b2 = i
		}
	}
	score1 := wlMaxTotalDistance - dist[b1]
	score2 := wlMaxTotalDistance - dist[b2]
	switch {
	case score1 == 0:
		return -1, 0
	case score2 == 0:
		return latinIdx.langs[b1], min(float64(score1/500.0), 1.0)
	}
	rate := float64(score1-score2) / float64(score2)
	confidentRate := 12.0/float64(len(cs)) + 0.05
	if rate > confidentRate {
		return latinIdx.langs[b1], 1
	}
	return latinIdx.langs[b1], rate / confidentRate
}
