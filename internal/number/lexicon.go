package number

import "github.com/shopspring/decimal"

// word classes of the spelled-number grammar
const (
	cUnit    = iota + 1 // zero..nine
	cTeen               // ten..nineteen
	cTens               // twenty..ninety
	cHundred            // hundred
	cScale              // thousand, million, lakh, crore ...
	cDozen              // dozen(s)
)

type numWord struct {
	class int
	val   int64
}

var cardinalWords = map[string]numWord{
	"zero": {cUnit, 0}, "nought": {cUnit, 0}, "naught": {cUnit, 0},
	"one": {cUnit, 1}, "two": {cUnit, 2}, "three": {cUnit, 3}, "four": {cUnit, 4},
	"five": {cUnit, 5}, "six": {cUnit, 6}, "seven": {cUnit, 7}, "eight": {cUnit, 8}, "nine": {cUnit, 9},
	"ten": {cTeen, 10}, "eleven": {cTeen, 11}, "twelve": {cTeen, 12}, "thirteen": {cTeen, 13},
	"fourteen": {cTeen, 14}, "fifteen": {cTeen, 15}, "sixteen": {cTeen, 16}, "seventeen": {cTeen, 17},
	"eighteen": {cTeen, 18}, "nineteen": {cTeen, 19},
	"twenty": {cTens, 20}, "thirty": {cTens, 30}, "forty": {cTens, 40}, "fourty": {cTens, 40},
	"fifty": {cTens, 50}, "sixty": {cTens, 60}, "seventy": {cTens, 70}, "eighty": {cTens, 80}, "ninety": {cTens, 90},
	"hundred": {cHundred, 100}, "hundreds": {cHundred, 100},
	"thousand": {cScale, 1e3}, "million": {cScale, 1e6}, "billion": {cScale, 1e9}, "trillion": {cScale, 1e12},
	"lakh": {cScale, 1e5}, "lakhs": {cScale, 1e5}, "lac": {cScale, 1e5}, "crore": {cScale, 1e7}, "crores": {cScale, 1e7},
	"dozen": {cDozen, 12}, "dozens": {cDozen, 12}, "dz": {cDozen, 12}, "dzs": {cDozen, 12},
}

// scaleAbbrev are scale suffixes written after digits ("3.7bn", "10k",
// "US$ 1MM"); single letters only count when glued or one space away.
var scaleAbbrev = map[string]int64{
	"k": 1e3,
	"m": 1e6, "mm": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "mio": 1e6,
	"b": 1e9, "bn": 1e9, "bln": 1e9, "g": 1e9,
	"t": 1e12, "tn": 1e12, "trn": 1e12,
}

// ordinalWords gives the ordinal value; fraction denominators use the same
// table (fifth → 5, "quarter" → 4, "half" → 2).
var ordinalWords = map[string]int64{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
	"eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
	"fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
	"nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
	"sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
	"thousandth": 1e3, "millionth": 1e6, "billionth": 1e9, "trillionth": 1e12,
}

// denominators maps fraction denominator words, singular and plural.
var denominators = map[string]struct {
	val    int64
	plural bool
}{}

func init() {
	for w, v := range ordinalWords {
		if v == 1 || v == 2 {
			continue // "first"/"second" are never denominators
		}
		denominators[w] = struct {
			val    int64
			plural bool
		}{v, false}
		denominators[w+"s"] = struct {
			val    int64
			plural bool
		}{v, true}
	}
	denominators["half"] = struct {
		val    int64
		plural bool
	}{2, false}
	denominators["halves"] = struct {
		val    int64
		plural bool
	}{2, true}
	denominators["quarter"] = struct {
		val    int64
		plural bool
	}{4, false}
	denominators["quarters"] = struct {
		val    int64
		plural bool
	}{4, true}
}

// vulgar fractions are single runes.
var vulgar = map[rune][2]int64{
	'½': {1, 2}, '⅓': {1, 3}, '⅔': {2, 3}, '¼': {1, 4}, '¾': {3, 4}, '⅕': {1, 5}, '⅖': {2, 5},
	'⅗': {3, 5}, '⅘': {4, 5}, '⅙': {1, 6}, '⅚': {5, 6}, '⅛': {1, 8}, '⅜': {3, 8}, '⅝': {5, 8}, '⅞': {7, 8},
	'⅐': {1, 7}, '⅑': {1, 9}, '⅒': {1, 10},
}

var decCache = map[int64]decimal.Decimal{}

func dec(v int64) decimal.Decimal {
	if d, ok := decCache[v]; ok {
		return d
	}
	return decimal.NewFromInt(v)
}

func init() {
	for _, v := range []int64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 100, 1e3, 1e5, 1e6, 1e7, 1e9, 1e12} {
		decCache[v] = decimal.NewFromInt(v)
	}
}

// IsCardinalWord reports whether w is a spelled cardinal or scale word.
func IsCardinalWord(w string) bool { _, ok := cardinalWords[w]; return ok }

// OrdinalWord returns the value of a spelled simple ordinal ("fifth" → 5).
func OrdinalWord(w string) (int64, bool) { v, ok := ordinalWords[w]; return v, ok }
