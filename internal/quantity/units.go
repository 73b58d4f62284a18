package quantity

import (
	"strings"

	"github.com/newsgraph/newsgraph/internal/number"
	"github.com/shopspring/decimal"
)

// Kinds of measured quantity.
const (
	Temperature = "temperature"
	Dimension   = "dimension"
	Age         = "age"
)

// unit is a unit of measure as written.
type unit struct {
	Name    string // Recognizers-Text display name ("Kilometer")
	Subtype string // Length, Weight, Area, Volume, Speed, Information
}

// dimUnits are keyed by the lower-case spelling, multi-word names joined
// with spaces; caseUnits need their written case ("MB" megabyte, "mb" megabit).
var dimUnits = map[string]unit{
	"km": {"Kilometer", "Length"}, "kilometer": {"Kilometer", "Length"}, "kilometers": {"Kilometer", "Length"},
	"kilometre": {"Kilometer", "Length"}, "kilometres": {"Kilometer", "Length"},
	"m": {"Meter", "Length"}, "meter": {"Meter", "Length"}, "meters": {"Meter", "Length"}, "metre": {"Meter", "Length"}, "metres": {"Meter", "Length"},
	"dm": {"Decimeter", "Length"}, "cm": {"Centimeter", "Length"}, "centimeters": {"Centimeter", "Length"}, "centimetres": {"Centimeter", "Length"},
	"mm": {"Millimeter", "Length"}, "millimeters": {"Millimeter", "Length"}, "millimetres": {"Millimeter", "Length"},
	"mile": {"Mile", "Length"}, "miles": {"Mile", "Length"}, "mi": {"Mile", "Length"},
	"foot": {"Foot", "Length"}, "feet": {"Foot", "Length"}, "ft": {"Foot", "Length"},
	"inch": {"Inch", "Length"}, "inches": {"Inch", "Length"}, "in": {"Inch", "Length"}, "\"": {"Inch", "Length"},
	"yard": {"Yard", "Length"}, "yards": {"Yard", "Length"}, "yd": {"Yard", "Length"},
	"kg": {"Kilogram", "Weight"}, "kilogram": {"Kilogram", "Weight"}, "kilograms": {"Kilogram", "Weight"}, "kilo": {"Kilogram", "Weight"}, "kilos": {"Kilogram", "Weight"},
	"g": {"Gram", "Weight"}, "gram": {"Gram", "Weight"}, "grams": {"Gram", "Weight"}, "mg": {"Milligram", "Weight"},
	"lb": {"Pound", "Weight"}, "lbs": {"Pound", "Weight"}, "ounce": {"Ounce", "Weight"}, "ounces": {"Ounce", "Weight"}, "oz": {"Ounce", "Weight"},
	"ton": {"Ton", "Weight"}, "tons": {"Ton", "Weight"}, "tonne": {"Metric ton", "Weight"}, "tonnes": {"Metric ton", "Weight"},
	"metric ton": {"Metric ton", "Weight"}, "metric tons": {"Metric ton", "Weight"},
	"gallon": {"Gallon", "Weight"}, "gallons": {"Gallon", "Weight"},
	"barrel": {"Barrel", "Volume"}, "barrels": {"Barrel", "Volume"}, "liter": {"Liter", "Volume"}, "liters": {"Liter", "Volume"},
	"litre": {"Liter", "Volume"}, "litres": {"Liter", "Volume"}, "l": {"Liter", "Volume"}, "ml": {"Milliliter", "Volume"},
	"cubic meters": {"Cubic meter", "Volume"}, "cubic metres": {"Cubic meter", "Volume"},
	"acre": {"Acre", "Area"}, "acres": {"Acre", "Area"}, "hectare": {"Hectare", "Area"}, "hectares": {"Hectare", "Area"},
	"square meters": {"Square meter", "Area"}, "square metres": {"Square meter", "Area"}, "square meter": {"Square meter", "Area"},
	"square kilometers": {"Square kilometer", "Area"}, "square kilometres": {"Square kilometer", "Area"}, "km2": {"Square kilometer", "Area"},
	"square miles": {"Square mile", "Area"}, "square feet": {"Square foot", "Area"},
	"mph": {"Mile per hour", "Speed"}, "miles an hour": {"Mile per hour", "Speed"}, "miles per hour": {"Mile per hour", "Speed"},
	"km/h": {"Kilometer per hour", "Speed"}, "kph": {"Kilometer per hour", "Speed"}, "kilometers per hour": {"Kilometer per hour", "Speed"},
	"knots": {"Knot", "Speed"},
}

var caseUnits = map[string]unit{
	"MB": {"Megabyte", "Information"}, "mb": {"Megabit", "Information"}, "GB": {"Gigabyte", "Information"},
	"gb": {"Gigabit", "Information"}, "KB": {"Kilobyte", "Information"}, "kb": {"Kilobit", "Information"},
	"TB": {"Terabyte", "Information"}, "Mb": {"Megabit", "Information"}, "Gb": {"Gigabit", "Information"},
}

// degree words and scales
var tempScales = map[string]string{"celsius": "C", "celcius": "C", "centigrade": "C", "centigrate": "C", "c": "C",
	"fahrenheit": "F", "farenheit": "F", "f": "F", "kelvin": "K", "k": "K"}

var degreeWords = map[string]bool{"degree": true, "degrees": true, "deg": true}

var ageUnits = map[string]string{"year": "Year", "years": "Year", "month": "Month", "months": "Month",
	"week": "Week", "weeks": "Week", "day": "Day", "days": "Day"}

// FindMeasures recognises temperatures, ages and dimensions ("40 deg
// celsius", "five years old", "1.6 km", "3-inch", "188 miles an hour").
func FindMeasures(src string, toks []number.Tok) []Q {
	m := &matcher{src: src, t: toks, nums: map[int]number.Number{}}
	var out []Q
	for i := 0; i < len(toks); {
		q, ok := m.measureAt(i)
		if !ok || q.Last <= i {
			i++
			continue
		}
		q.Start, q.End = toks[q.First].Start, toks[q.Last-1].End
		out = append(out, q)
		i = q.Last
	}
	return out
}

func (m *matcher) measureAt(i int) (Q, bool) {
	t := m.t
	neg := false
	j := i
	if t[i].Text == "-" && (i == 0 || !number.Adjacent(t, i) && t[i-1].Kind != number.Num || t[i-1].Kind == number.Punct) && i+1 < len(t) && t[i+1].Kind == number.Num {
		neg = true
		j++
	}
	// "age 87"
	if m.word(i) == "age" {
		if n, ok := m.num(i + 1); ok && n.Err == "" && n.Value.IsInteger() {
			return Q{First: i, Last: n.Last, Kind: Age, Value: n.Value, HasValue: true, UnitName: "Age", Unit: "age", OfStart: -1, OfEnd: -1, Linked: -1}, true
		}
	}
	if j >= len(t) || !number.CanStart(t[j]) {
		return Q{}, false
	}
	n, ok := number.Parse(t, j, number.Opts{NoSign: true})
	if !ok || n.Err != "" {
		return Q{}, false
	}
	if j > 1 && t[j-1].Text == "-" && number.Adjacent(t, j) && number.Adjacent(t, j-1) && t[j-2].Kind == number.Word {
		return Q{}, false // "SCP-173"
	}
	v := n.Value
	if neg {
		v = v.Neg()
	}
	e := n.Last
	q := Q{First: i, Value: v, HasValue: true, OfStart: -1, OfEnd: -1, Linked: -1}
	hyph := e < len(t) && t[e].Text == "-" && number.Adjacent(t, e) && e+1 < len(t) && number.Adjacent(t, e+1)
	k := e
	if hyph {
		k++
	}
	// temperatures: "40 deg celsius", "98.6 degrees f", "90 fahrenheit", "5 degrees"
	if !hyph {
		kk := k
		deg := false
		if degreeWords[m.word(kk)] {
			deg = true
			kk++
			if m.text(kk) == "." && number.Adjacent(t, kk) {
				kk++
			}
		}
		if sc, ok := tempScales[m.word(kk)]; ok && (deg || len(m.word(kk)) > 1) {
			q.Kind, q.UnitName, q.Unit, q.Last = Temperature, sc, sc, kk+1
			return q, true
		}
		if deg {
			q.Kind, q.UnitName, q.Unit, q.Last = Temperature, "Degree", "degree", kk
			return q, true
		}
	}
	// ages: "five years old", "3 years of age", "90 day old", "6-year-old"
	if au, ok := ageUnits[m.word(k)]; ok {
		if m.word(k+1) == "old" {
			q.Kind, q.UnitName, q.Unit, q.Last = Age, au, strings.ToLower(au), k+2
			return q, true
		}
		if m.word(k+1) == "of" && m.word(k+2) == "age" {
			q.Kind, q.UnitName, q.Unit, q.Last = Age, au, strings.ToLower(au), k+3
			return q, true
		}
	}
	// dimensions, longest unit name first
	for span := 3; span >= 1; span-- {
		if k+span > len(t) {
			continue
		}
		var b strings.Builder
		good := true
		for x := k; x < k+span; x++ {
			if x > k {
				if !t[x].Space && t[x].Text != "/" && t[x-1].Text != "/" {
					good = span == 1
				}
				if t[x].Text != "/" && t[x-1].Text != "/" {
					b.WriteByte(' ')
				}
			}
			b.WriteString(t[x].Text)
		}
		if !good {
			continue
		}
		key := b.String()
		if span == 1 && t[k].Kind == number.Num && len(t[k].Text) == 1 && number.Adjacent(t, k) && t[k-1].Text == "km" {
			continue
		}
		if u, ok := caseUnits[m.src[t[k].Start:t[k].End]]; ok && span == 1 {
			q.Kind, q.UnitName, q.Unit, q.ISO, q.Last = Dimension, u.Name, strings.ToLower(u.Name), u.Subtype, k+1
			return q, true
		}
		if u, ok := dimUnits[key]; ok {
			if key == "in" && !(k+1 >= len(t) || t[k+1].Kind == number.Punct) {
				continue // "in" is a unit only at the end of a phrase
			}
			if (key == "m" || key == "g" || key == "l") && !number.Adjacent(t, k) && !(k+1 >= len(t) || t[k+1].Kind != number.Word) {
				continue
			}
			end := k + span
			if key == "km" && end < len(t) && t[end].Text == "2" && number.Adjacent(t, end) {
				u, end = dimUnits["km2"], end+1
			}
			if end < len(t) && number.Adjacent(t, end) && (t[end].Kind != number.Punct || t[end].Text == "-") && t[end].Text != "/" {
				continue // "24703L202", "m212": a code, not a unit
			}
			q.Kind, q.UnitName, q.Unit, q.ISO, q.Last = Dimension, u.Name, strings.ToLower(u.Name), u.Subtype, end
			// "5 feet 2 inches", "5 ft 2 in": one length in the larger unit
			if u.Name == "Foot" {
				x := end
				if m.word(x) == "and" {
					x++
				}
				if n2, ok := m.num(x); ok && n2.Err == "" {
					if u2, ok := dimUnits[m.word(n2.Last)]; ok && u2.Name == "Inch" {
						q.Value = q.Value.Add(n2.Value.Div(decimal.NewFromInt(12)))
						q.Last = n2.Last + 1
					}
				}
			}
			return q, true
		}
	}
	return Q{}, false
}
