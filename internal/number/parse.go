package number

import (
	"math"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Subtypes of a parsed number.
const (
	Integer  = "integer"
	Decimal  = "decimal"
	Fraction = "fraction"
	Power    = "power"
)

// Number is one parsed number: tokens [First, Last) and bytes [Start, End).
type Number struct {
	Start, End  int
	First, Last int
	Value       decimal.Decimal
	Subtype     string
	Spelled     bool   // contains a spelled word
	Scaled      bool   // a scale word or abbreviation applied ("3.7bn", "two million")
	Abbrev      string // the scale abbreviation used, if any ("bn")
	Err         string // set when the number is too large to represent; Value is then zero
}

// Opts tunes what the parser accepts.
type Opts struct {
	// ScaleAbbrev accepts k/m/bn/... after digits.
	ScaleAbbrev bool
	// NoSign disables leading minus/negative.
	NoSign bool
}

// MaxExponent bounds powers and scale products: larger values are reported
// in Err rather than computed.
const MaxExponent = 60

// MaxDigits bounds a digit run (with grouping) that is read as one number.
const MaxDigits = 40

type parser struct {
	t   []Tok
	opt Opts
}

func (p *parser) word(j int) string {
	if j < len(p.t) && p.t[j].Kind == Word {
		return p.t[j].Text
	}
	return ""
}

func (p *parser) punct(j int, s string) bool {
	return j < len(p.t) && p.t[j].Kind == Punct && p.t[j].Text == s
}

func (p *parser) adj(j int) bool { return Adjacent(p.t, j) }

// numeral reads a digit numeral at j: grouping, decimals, Indian and
// European grouping, space-grouped thousands. It returns the value text
// (ASCII, '.' decimal point), the next token index and whether it is decimal.
func (p *parser) numeral(j int) (string, int, bool, bool) {
	t := p.t
	if j >= len(t) {
		return "", j, false, false
	}
	// leading-dot decimal ".25"
	if t[j].Kind == Punct && t[j].Text == "." && j+1 < len(t) && t[j+1].Kind == Num && p.adj(j+1) &&
		(j == 0 || !p.adj(j) || t[j-1].Kind == Punct) {
		if p.adj(j+2) && (p.punct(j+2, ".") || p.punct(j+2, ",")) && j+3 < len(t) && t[j+3].Kind == Num {
			return "", j, false, false
		}
		return "0." + t[j+1].Text, j + 2, true, true
	}
	if t[j].Kind != Num {
		return "", j, false, false
	}
	first := t[j].Text
	k := j + 1
	var b strings.Builder
	b.WriteString(first)
	// comma (or dot, European) groups of three
	groupSep := ""
	if len(first) <= 3 {
		for _, sep := range []string{",", "."} {
			n := 0
			m := k
			for m+1 < len(t) && p.punct(m, sep) && p.adj(m) && t[m+1].Kind == Num && p.adj(m+1) && len(t[m+1].Text) == 3 {
				n++
				m += 2
			}
			if n == 0 {
				continue
			}
			// a following sep+digits of another length breaks the pattern ("22,24,26")
			if p.punct(m, sep) && p.adj(m) && m+1 < len(t) && t[m+1].Kind == Num && p.adj(m+1) {
				if sep == "," {
					break
				}
				// "1.2.3" IP-like: no grouping
				break
			}
			if sep == "." {
				// European only when a decimal comma follows ("1.111,11") or there are two groups
				if !(p.punct(m, ",") && p.adj(m) && m+1 < len(t) && t[m+1].Kind == Num && p.adj(m+1) && len(t[m+1].Text) <= 2) && n < 2 {
					continue
				}
				if n >= 2 && !(p.punct(m, ",") && p.adj(m)) {
					// "192.168.001" style: treat as IP-like, not grouping
					continue
				}
			}
			for q := k; q < m; q += 2 {
				b.WriteString(t[q+1].Text)
			}
			k = m
			groupSep = sep
			break
		}
		// Indian grouping "12,34,567"
		if groupSep == "" && len(first) <= 2 && p.punct(k, ",") && p.adj(k) && k+1 < len(t) && t[k+1].Kind == Num && len(t[k+1].Text) == 2 && p.adj(k+1) {
			m := k
			var parts []string
			for m+1 < len(t) && p.punct(m, ",") && p.adj(m) && t[m+1].Kind == Num && p.adj(m+1) && len(t[m+1].Text) == 2 {
				parts = append(parts, t[m+1].Text)
				m += 2
			}
			if p.punct(m, ",") && p.adj(m) && m+1 < len(t) && t[m+1].Kind == Num && p.adj(m+1) && len(t[m+1].Text) == 3 {
				for _, x := range parts {
					b.WriteString(x)
				}
				b.WriteString(t[m+1].Text)
				k = m + 2
				groupSep = ","
			}
		}
		// space-grouped thousands "1 234 567", "40 000"
		if groupSep == "" {
			m := k
			n := 0
			for m < len(t) && t[m].Kind == Num && t[m].Gap == 1 && len(t[m].Text) == 3 && !p.digitsFollow(m) {
				n++
				m++
			}
			if n > 0 && !p.nextIsDigitish(m) {
				for q := k; q < m; q++ {
					b.WriteString(t[q].Text)
				}
				k = m
				groupSep = " "
			}
		}
	}
	isDec := false
	decSep := "."
	if j > 1 && p.adj(j) && p.punct(j-1, ".") && t[j-2].Kind == Num && p.adj(j-1) {
		return b.String(), k, false, true // a later part of "192.168.1.2"
	}
	if groupSep == "." {
		decSep = ","
	}
	if p.punct(k, decSep) && p.adj(k) && k+1 < len(t) && t[k+1].Kind == Num && p.adj(k+1) {
		// IP addresses and dotted versions: "192.168.1.2"
		if p.punct(k+2, decSep) && p.adj(k+2) && k+3 < len(t) && t[k+3].Kind == Num && p.adj(k+3) {
			if groupSep == "" {
				return b.String(), k, false, true
			}
		} else {
			{
				b.WriteByte('.')
				b.WriteString(t[k+1].Text)
				k += 2
				isDec = true
			}
		}
	}
	if !isDec && groupSep == "" && p.punct(k, ",") && p.adj(k) && k+1 < len(t) && t[k+1].Kind == Num && p.adj(k+1) &&
		len(t[k+1].Text) <= 2 && !(p.punct(k+2, ",") && p.adj(k+2)) && !(j > 0 && p.punct(j-1, ",") && p.adj(j)) {
		b.WriteByte('.')
		b.WriteString(t[k+1].Text)
		k += 2
		isDec = true
	}
	return b.String(), k, isDec, true
}

// digitsFollow: token m is glued to further digits or a decimal part in a
// way that makes it not a plain 3-digit group.
func (p *parser) digitsFollow(m int) bool {
	return m+1 < len(p.t) && p.adj(m+1) && p.t[m+1].Kind == Num
}

func (p *parser) nextIsDigitish(m int) bool {
	return m < len(p.t) && p.adj(m) && p.t[m].Kind == Num
}

type element struct {
	class int
	val   decimal.Decimal
	end   int // token index after the element
}

// Parse reads one number starting at token i. ok is false when no number
// starts there.
func Parse(toks []Tok, i int, opt Opts) (Number, bool) {
	p := &parser{t: toks, opt: opt}
	return p.parse(i)
}

func (p *parser) parse(i int) (Number, bool) {
	t := p.t
	neg := false
	j := i
	if !p.opt.NoSign {
		if w := p.word(j); w == "minus" || w == "negative" {
			neg = true
			j++
		} else if p.punct(j, "-") && (j == 0 || !p.adj(j) || t[j-1].Kind == Punct) && j+1 < len(t) && t[j+1].Kind == Num {
			neg = true
			j++
		}
	}
	n, ok := p.unsigned(j)
	if !ok {
		return Number{}, false
	}
	n = p.ratio(n)
	n.First = i
	n.Start = t[i].Start
	if neg {
		n.Value = n.Value.Neg()
	}
	return n, true
}

func (p *parser) finish(first, last int, v decimal.Decimal, sub string) Number {
	return Number{Start: p.t[first].Start, End: p.t[last-1].End, First: first, Last: last, Value: v, Subtype: sub}
}

// unsigned parses a number without sign at j.
func (p *parser) unsigned(j int) (Number, bool) {
	t := p.t
	if j >= len(t) {
		return Number{}, false
	}
	// vulgar fraction alone
	if t[j].Kind == Punct {
		if r := []rune(t[j].Text); len(r) == 1 {
			if f, ok := vulgar[r[0]]; ok {
				n := p.finish(j, j+1, divide(dec(f[0]), dec(f[1])), Fraction)
				return p.scaleAfter(n), true
			}
		}
	}
	if t[j].Kind == Num || (t[j].Kind == Punct && t[j].Text == ".") {
		s, k, isDec, ok := p.numeral(j)
		if !ok {
			return Number{}, false
		}
		if len(strings.ReplaceAll(s, ".", "")) > MaxDigits {
			n := p.finish(j, k, decimal.Zero, Integer)
			n.Err = "digit run too long to be read as one number"
			return n, true
		}
		v, err := decimal.NewFromString(s)
		if err != nil {
			return Number{}, false
		}
		sub := Integer
		if isDec {
			sub = Decimal
		}
		// power forms: 1.1^23, 1.3x10^6, 1.3e6, 6.23x10^-4
		if n, ok := p.power(j, k, v); ok {
			return n, true
		}
		// mixed fraction "1 4/5" and simple "3/4"
		if !isDec {
			if n, ok := p.digitFraction(j, k, v); ok {
				return n, true
			}
			// glued vulgar "2½"
			if k < len(t) && p.adj(k) && t[k].Kind == Punct {
				if r := []rune(t[k].Text); len(r) == 1 {
					if f, ok := vulgar[r[0]]; ok {
						return p.finish(j, k+1, v.Add(divide(dec(f[0]), dec(f[1]))), Fraction), true
					}
				}
			}
		}
		return p.cardinal(j, &element{class: -1, val: v, end: k}, sub)
	}
	if t[j].Kind == Word {
		return p.cardinal(j, nil, Integer)
	}
	return Number{}, false
}

func divide(a, b decimal.Decimal) decimal.Decimal {
	if b.IsZero() {
		return decimal.Zero
	}
	return a.DivRound(b, 28)
}

func (p *parser) power(j, k int, base decimal.Decimal) (Number, bool) {
	t := p.t
	expAt := -1
	tenBase := false
	switch {
	case p.punct(k, "^") && p.adj(k):
		expAt = k + 1
	case p.word(k) == "x" && p.adj(k) && k+2 < len(t) && t[k+1].Kind == Num && t[k+1].Text == "10" && p.adj(k+1) && p.punct(k+2, "^"):
		expAt, tenBase = k+3, true
	case p.word(k) == "e" && p.adj(k) && k+1 < len(t) && p.adj(k+1) && (t[k+1].Kind == Num || ((p.punct(k+1, "-") || p.punct(k+1, "+")) && k+2 < len(t) && t[k+2].Kind == Num)):
		expAt, tenBase = k+1, true
	default:
		return Number{}, false
	}
	neg := false
	if p.punct(expAt, "-") || p.punct(expAt, "+") {
		neg = t[expAt].Text == "-"
		expAt++
	}
	if expAt >= len(t) || t[expAt].Kind != Num || !p.adj(expAt) {
		return Number{}, false
	}
	e, err := strconv.Atoi(t[expAt].Text)
	n := p.finish(j, expAt+1, decimal.Zero, Power)
	if err != nil || e > MaxExponent*10 {
		n.Err = "exponent too large"
		return n, true
	}
	if neg {
		e = -e
	}
	if tenBase {
		n.Value = base.Shift(int32(e))
		return n, true
	}
	bf, _ := base.Float64()
	v := math.Pow(bf, float64(e))
	if math.IsInf(v, 0) || math.IsNaN(v) || math.Abs(v) > 1e60 {
		n.Err = "power too large"
		return n, true
	}
	n.Value = decimal.NewFromFloat(v)
	return n, true
}

func (p *parser) digitFraction(j, k int, v decimal.Decimal) (Number, bool) {
	t := p.t
	// "3/4"
	if p.punct(k, "/") && p.adj(k) && k+1 < len(t) && t[k+1].Kind == Num && p.adj(k+1) &&
		!(p.punct(k+2, "/") && p.adj(k+2)) && !(p.punct(k+2, "-") && p.adj(k+2)) && len(t[k+1].Text) <= 4 {
		d, _ := decimal.NewFromString(t[k+1].Text)
		if d.IsZero() {
			return Number{}, false
		}
		return p.finish(j, k+2, divide(v, d), Fraction), true
	}
	// "1 4/5"
	if k+2 < len(t) && t[k].Kind == Num && t[k].Space && p.punct(k+1, "/") && p.adj(k+1) && t[k+2].Kind == Num && p.adj(k+2) &&
		!(p.punct(k+3, "/") && p.adj(k+3)) {
		a, _ := decimal.NewFromString(t[k].Text)
		d, _ := decimal.NewFromString(t[k+2].Text)
		if d.IsZero() || a.GreaterThanOrEqual(d) {
			return Number{}, false
		}
		return p.finish(j, k+3, v.Add(divide(a, d)), Fraction), true
	}
	return Number{}, false
}

// cardinal parses digits/words combined with scale words. first is a
// numeral element already read at j, or nil to start from words.
func (p *parser) cardinal(j int, first *element, sub string) (Number, bool) {
	t := p.t
	var (
		total, cur  = decimal.Zero, decimal.Zero
		last        = 0 // class of the last element; -1 numeral
		hasHundred  bool
		lastScale   int64
		k           = j
		goodEnd     = -1
		goodTotal   decimal.Decimal
		spelled     bool
		scaled      bool
		abbrev      string
		afterAnd    bool
		ckEnd       = -1
		ckTotal     decimal.Decimal
		isFrac      bool
		tensAt      = -1 // token index of the last tens word, for fraction denominators
		beforeTens  decimal.Decimal
		pendingFrac = decimal.Zero
		hasPending  bool
	)
	mark := func() {
		goodEnd = k
		goodTotal = total.Add(cur)
	}
	if first != nil {
		cur = first.val
		last = -1
		k = first.end
		mark()
	}
	for k < len(t) {
		tk := t[k]
		// numeral after a scale or hundred ("4 thousand 3 hundred and 21")
		if tk.Kind == Num {
			if !(last == cScale || last == cHundred) || !cur.IsZero() && last != cHundred {
				break
			}
			if last == cHundred && !afterAnd && tk.Gap != 1 {
				break
			}
			s, e, isDec, ok := p.numeral(k)
			if !ok || isDec || len(s) > 3 {
				break
			}
			v, _ := decimal.NewFromString(s)
			cur = cur.Add(v)
			last = -1
			k = e
			afterAnd = false
			mark()
			continue
		}
		if tk.Kind == Punct {
			// hyphen joins "twenty-one", "fifty - two"
			if tk.Text == "-" && last == cTens && k+1 < len(t) {
				if w, ok := cardinalWords[p.word(k+1)]; ok && w.class == cUnit && w.val > 0 {
					k++
					continue
				}
				if _, ok := denominators[p.word(k+1)]; ok {
					k++
					continue
				}
			}
			if tk.Text == "-" && (last == cHundred || last == cScale) && k+1 < len(t) {
				if _, ok := denominators[p.word(k+1)]; ok && p.adj(k) {
					k++
					continue
				}
			}
			break
		}
		w := tk.Text
		// abbreviations glued or one space after digits
		if last == -1 && p.opt.ScaleAbbrev && lastScale == 0 && !hasHundred {
			if s, ok := scaleAbbrev[w]; ok && (p.adj(k) || (tk.Gap >= 1 && (len(w) > 1 || w == "k" || w == "g" || w == "m"))) {
				// a glued abbreviation must end the word ("10ml" is not 10 m + l)
				cur = cur.Mul(dec(s))
				total = total.Add(cur)
				cur = decimal.Zero
				lastScale = s
				last = cScale
				scaled = true
				abbrev = w
				k++
				mark()
				break
			}
		}
		if w == "and" {
			if last == cScale || last == cTens || last == cUnit || last == cTeen || last == -1 {
				// fraction continuation "and a half", "and two thirds"
				if f, e, ok := p.andFraction(k + 1); ok {
					if lastScale > 0 && cur.IsZero() {
						pendingFrac, hasPending = f, true
						k = e
						// a following scale applies to the fraction
						if sw, ok := cardinalWords[p.word(k)]; ok && sw.class == cScale && sw.val < lastScale {
							total = total.Add(f.Mul(dec(sw.val)))
							hasPending = false
							k++
						} else {
							total = total.Add(pendingFrac.Mul(dec(lastScale)))
							hasPending = false
						}
					} else {
						cur = cur.Add(f)
						k = e
						if sw, ok := cardinalWords[p.word(k)]; ok && sw.class == cScale && (lastScale == 0 || sw.val < lastScale) {
							total = total.Add(cur.Mul(dec(sw.val)))
							cur = decimal.Zero
							lastScale = sw.val
							k++
						}
					}
					isFrac = true
					mark()
					break
				}
			}
			if last == cHundred || last == cScale {
				ckEnd, ckTotal = goodEnd, goodTotal
				afterAnd = true
				k++
				continue
			}
			break
		}
		nw, ok := cardinalWords[w]
		if w == "a" && last == 0 {
			// "a hundred", "a dozen", "a million"
			if nx, ok2 := cardinalWords[p.word(k+1)]; ok2 && (nx.class == cHundred || nx.class == cScale || nx.class == cDozen) {
				cur = dec(1)
				last = cUnit
				spelled = true
				k++
				continue
			}
			break
		}
		if !ok {
			break
		}
		valid := true
		switch nw.class {
		case cUnit, cTeen:
			switch {
			case last == 0 || last == cHundred || last == cScale:
			case last == cTens && nw.class == cUnit && nw.val > 0:
			default:
				valid = false
			}
			if valid {
				cur = cur.Add(dec(nw.val))
			}
		case cTens:
			if !(last == 0 || last == cHundred || last == cScale) {
				valid = false
				break
			}
			tensAt = k
			beforeTens = cur
			cur = cur.Add(dec(nw.val))
		case cHundred:
			if last == 0 && w == "hundred" {
				cur = dec(1)
			} else if last == 0 || last == cScale || hasHundred || last == cHundred {
				valid = false
				break
			}
			if cur.IsZero() && last != cUnit && last != cScale {
				valid = false
				break
			}
			cur = cur.Mul(dec(100))
			hasHundred = true
			scaled = true
		case cScale:
			if last == 0 || last == cScale || (lastScale != 0 && nw.val >= lastScale) {
				valid = false
				break
			}
			total = total.Add(cur.Mul(dec(nw.val)))
			cur = decimal.Zero
			lastScale = nw.val
			hasHundred = false
			scaled = true
			ckEnd = -1
		case cDozen:
			if last == 0 || last == cScale || last == cDozen {
				valid = false
				break
			}
			cur = cur.Mul(dec(12))
		}
		if !valid {
			if ckEnd >= 0 {
				goodEnd, goodTotal = ckEnd, ckTotal
			}
			break
		}
		spelled = true
		last = nw.class
		afterAnd = false
		k++
		mark()
	}
	_ = hasPending
	// a fraction whose numerator is what we just read: "three fifths",
	// "twenty twenty fifths", "fifty-four hundredths"
	if goodEnd >= 0 && spelled && !isFrac {
		e := goodEnd
		hy := false
		if p.punct(e, "-") {
			e++
			hy = true
		}
		if dn, ok := denominators[p.word(e)]; ok && (!hy || p.adj(e)) {
			num := goodTotal
			den := dec(dn.val)
			ok2 := true
			if tensAt >= 0 && tensAt == goodEnd-1 && tensAt > j && dn.val < 10 && !(tensAt > 0 && p.word(tensAt-1) == "and") {
				num = beforeTens
				den = dec(cardinalWords[t[tensAt].Text].val + dn.val)
				if !num.IsZero() && num.Equal(decimal.NewFromInt(1)) || true {
					_ = ok2
				}
			}
			if !dn.plural && !num.Equal(dec(1)) {
				ok2 = false
			}
			if ok2 && !num.IsZero() {
				n := p.finish(j, e+1, divide(num, den), Fraction)
				n.Spelled = true
				return p.scaleAfter(n), true
			}
		}
	}
	if goodEnd < 0 {
		// "half a dozen", "half million", "a fifth", "three quarters billion"
		if n, ok := p.leadingFraction(j); ok {
			return n, true
		}
		return Number{}, false
	}
	if !spelled && first == nil {
		return Number{}, false
	}
	if isFrac {
		sub = Fraction
	} else if sub == Decimal && scaled && goodTotal.IsInteger() {
		sub = Integer
	}
	n := p.finish(j, goodEnd, goodTotal, sub)
	n.Spelled = spelled
	n.Scaled = scaled
	n.Abbrev = abbrev
	// "two hundred point zero three"
	if spelled && p.word(goodEnd) == "point" {
		if ds, e := p.pointDigits(goodEnd + 1); e > goodEnd+1 {
			v, err := decimal.NewFromString(goodTotal.String() + "." + ds)
			if err == nil && goodTotal.IsInteger() {
				n = p.finish(j, e, v, Decimal)
				n.Spelled = true
			}
		}
	}
	return n, true
}

// pointDigits reads spelled digits after "point".
func (p *parser) pointDigits(j int) (string, int) {
	var b strings.Builder
	for j < len(p.t) {
		w := p.word(j)
		nw, ok := cardinalWords[w]
		if !ok || nw.class > cTens {
			if p.t[j].Kind == Num && b.Len() == 0 {
				b.WriteString(p.t[j].Text)
				j++
			}
			break
		}
		if nw.class == cTens && p.punct(j+1, "-") {
			if u, ok := cardinalWords[p.word(j+2)]; ok && u.class == cUnit {
				b.WriteString(strconv.FormatInt(nw.val+u.val, 10))
				j += 3
				continue
			}
		}
		b.WriteString(strconv.FormatInt(nw.val, 10))
		j++
	}
	return b.String(), j
}

// andFraction reads "a half", "a quarter", "two thirds" after "and".
func (p *parser) andFraction(j int) (decimal.Decimal, int, bool) {
	num := dec(1)
	k := j
	if p.word(k) == "a" || p.word(k) == "one" {
		k++
	} else {
		sub := &parser{t: p.t, opt: Opts{NoSign: true}}
		n, ok := sub.cardinal(k, nil, Integer)
		if !ok || n.Subtype != Fraction {
			return decimal.Zero, j, false
		}
		return n.Value, n.Last, true
	}
	dn, ok := denominators[p.word(k)]
	if !ok || dn.plural {
		return decimal.Zero, j, false
	}
	return divide(num, dec(dn.val)), k + 1, true
}

// leadingFraction handles fractions that start with a fraction word:
// "half a dozen", "half million", "a quarter", "a fifth", "a twenty-first".
func (p *parser) leadingFraction(j int) (Number, bool) {
	k := j
	if w := p.word(j); w == "a" || w == "one" {
		k++
	}
	w := p.word(k)
	if w == "half" || w == "quarter" {
		v := divide(dec(1), dec(denominators[w].val))
		e := k + 1
		nx := p.word(e)
		if nx == "a" {
			if d, ok := cardinalWords[p.word(e+1)]; ok && (d.class == cDozen || d.class == cScale || d.class == cHundred) {
				n := p.finish(j, e+2, v.Mul(dec(d.val)), Integer)
				n.Spelled = true
				return n, true
			}
		}
		if d, ok := cardinalWords[nx]; ok && (d.class == cScale || d.class == cHundred) {
			n := p.finish(j, e+1, v.Mul(dec(d.val)), Fraction)
			n.Spelled, n.Scaled = true, true
			return n, true
		}
		if k > j {
			n := p.finish(j, e, v, Fraction)
			n.Spelled = true
			return n, true
		}
		return Number{}, false
	}
	if k == j {
		return Number{}, false
	}
	if dn, ok := denominators[w]; ok && !dn.plural {
		n := p.finish(j, k+1, divide(dec(1), dec(dn.val)), Fraction)
		n.Spelled = true
		return n, true
	}
	if tw, ok := cardinalWords[w]; ok && tw.class == cTens {
		e := k + 1
		if p.punct(e, "-") {
			e++
		}
		if ov, ok := ordinalWords[p.word(e)]; ok && ov < 10 {
			n := p.finish(j, e+1, divide(dec(1), dec(tw.val+ov)), Fraction)
			n.Spelled = true
			return n, true
		}
	}
	return Number{}, false
}

// scaleAfter applies a scale word following a fraction ("three quarters billion").
func (p *parser) scaleAfter(n Number) Number {
	if d, ok := cardinalWords[p.word(n.Last)]; ok && d.class == cScale {
		n.Value = n.Value.Mul(dec(d.val))
		n.End = p.t[n.Last].End
		n.Last++
		n.Scaled = true
	}
	return n
}

// Ordinal reads an ordinal at token i: "21st", "first", "twenty-first",
// "one hundredth". It returns the value and the token index after it.
func Ordinal(toks []Tok, i int) (int64, int, bool) {
	p := &parser{t: toks}
	if i >= len(toks) {
		return 0, i, false
	}
	t := toks[i]
	if t.Kind == Num && len(t.Text) <= 9 && i+1 < len(toks) && p.adj(i+1) {
		suf := p.word(i + 1)
		v, _ := strconv.ParseInt(t.Text, 10, 64)
		if suf == "st" || suf == "nd" || suf == "rd" || suf == "th" {
			return v, i + 2, true
		}
		return 0, i, false
	}
	if t.Kind != Word {
		return 0, i, false
	}
	if v, ok := ordinalWords[t.Text]; ok {
		return v, i + 1, true
	}
	if nw, ok := cardinalWords[t.Text]; ok && nw.class == cTens {
		j := i + 1
		if p.punct(j, "-") {
			j++
		}
		if v, ok := ordinalWords[p.word(j)]; ok && v < 10 {
			return nw.val + v, j + 1, true
		}
	}
	return 0, i, false
}

var durationish = map[string]bool{"year": true, "years": true, "month": true, "months": true, "week": true, "weeks": true,
	"day": true, "days": true, "hour": true, "hours": true, "minute": true, "minutes": true, "second": true, "seconds": true}

// ratio turns "1 over 3", "1 in twenty-one", "two out of five hundred" into
// a fraction; "in"/"out of" only when the numerator is the smaller.
func (p *parser) ratio(n Number) Number {
	if n.Err != "" || n.Subtype != Integer || n.Scaled && n.Abbrev != "" {
		return n
	}
	k := n.Last
	w := p.word(k)
	var m Number
	var ok bool
	switch {
	case w == "over" || w == "in":
		m, ok = p.unsigned(k + 1)
	case w == "out" && p.word(k+1) == "of":
		m, ok = p.unsigned(k + 2)
	default:
		return n
	}
	if !ok || m.Err != "" || m.Subtype != Integer || m.Value.IsZero() || durationish[p.word(m.Last)] {
		return n
	}
	if w != "over" && !n.Value.Abs().LessThan(m.Value) {
		return n
	}
	if w == "over" && n.First > 0 && p.t[n.First-1].Text == "$" {
		return n
	}
	v := divide(n.Value, m.Value)
	out := p.finish(n.First, m.Last, v, Fraction)
	out.Spelled = n.Spelled || m.Spelled
	return out
}
