package number

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Find returns the numbers in toks left to right, without overlaps.
func Find(toks []Tok, opt Opts) []Number {
	var out []Number
	for i := 0; i < len(toks); {
		if toks[i].Kind == Punct && toks[i].Text != "-" && toks[i].Text != "." && len(toks[i].Text) == 1 {
			i++
			continue
		}
		if !CanStart(toks[i]) {
			i++
			continue
		}
		n, ok := Parse(toks, i, opt)
		if !ok || n.Last <= i {
			i++
			continue
		}
		out = append(out, n)
		i = n.Last
	}
	return out
}

// Format15 renders v the way .NET prints a double with 15 significant
// digits ("0.666666666666667", "1E-10"): the convention of the
// Recognizers-Text specs. Integers below 10^15 print exactly.
func Format15(v decimal.Decimal) string {
	if v.IsZero() {
		return "0"
	}
	if v.IsInteger() && v.Abs().LessThan(decimal.New(1, 15)) {
		return v.String()
	}
	neg := v.Sign() < 0
	a := v.Abs()
	// exponent of the first significant digit
	coef := a.Coefficient().String()
	exp := int(a.Exponent()) + len(coef) - 1
	r := a.Round(int32(14 - exp))
	coef = r.Coefficient().String()
	exp = int(r.Exponent()) + len(coef) - 1
	var s string
	if exp < -5 || exp >= 15 {
		digits := strings.TrimRight(coef, "0")
		if digits == "" {
			digits = "0"
		}
		m := digits[:1]
		if len(digits) > 1 {
			m += "." + digits[1:]
		}
		sign := "+"
		e := exp
		if e < 0 {
			sign, e = "-", -e
		}
		es := decimal.NewFromInt(int64(e)).String()
		if len(es) < 2 {
			es = "0" + es
		}
		if sign == "-" {
			s = m + "E-" + es
		} else {
			s = m + "E+" + es
		}
	} else {
		s = r.String()
		if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
	}
	if neg {
		s = "-" + s
	}
	return s
}

// CanStart reports whether a number can start at token t; callers use it
// to skip the parser on ordinary words.
func CanStart(t Tok) bool {
	switch t.Kind {
	case Num:
		return true
	case Word:
		if _, ok := cardinalWords[t.Text]; ok {
			return true
		}
		switch t.Text {
		case "a", "half", "quarter", "minus", "negative", "one":
			return true
		}
		_, ok := denominators[t.Text]
		return ok
	case Punct:
		if t.Text == "-" || t.Text == "." {
			return true
		}
		r := []rune(t.Text)
		if len(r) == 1 {
			_, ok := vulgar[r[0]]
			return ok
		}
	}
	return false
}
