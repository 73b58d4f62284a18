// Package quantity recognises amounts with units in news text: money with
// its currency ("US$3.7bn", "26 billion yuan (US$3.7 billion)", "NT$1.2
// trillion"), percentages, percentage points and basis points, index points
// (only with an index cue), counts of people and things ("12 people", and
// vague "thousands of") and plain numbers. It is built on the shared number
// grammar in internal/number; values are exact decimals.
package quantity

import (
	"strings"

	"github.com/newsgraph/newsgraph/internal/number"
	"github.com/shopspring/decimal"
)

// Kinds of quantity.
const (
	Money            = "money"
	Percent          = "percent"
	PercentagePoints = "percentage_points"
	BasisPoints      = "basis_points"
	Points           = "points"
	Count            = "count"
	Plain            = "number"
)

// Q is one recognised quantity. Byte spans index the scanned text.
type Q struct {
	Start, End  int
	First, Last int // tokens [First, Last)
	Kind        string
	Value       decimal.Decimal
	HasValue    bool
	Upper       decimal.Decimal
	HasUpper    bool
	Unit        string // ISO 4217 for money, "%" for percent ...
	UnitName    string // Recognizers-Text display name ("United States dollar")
	ISO         string // ISO code only when the text names the country's unit
	SubUnit     bool   // written in cents/pence: Value is in the sub-unit
	Approx      bool
	Modifier    string
	OfStart     int // counted noun, -1 when none
	OfEnd       int
	Linked      int // index of an equivalent amount, -1 when none
	Err         string
}

type matcher struct {
	src  string
	t    []number.Tok
	nums map[int]number.Number // number starting at token index
}

func (m *matcher) word(j int) string {
	if j >= 0 && j < len(m.t) && m.t[j].Kind == number.Word {
		return m.t[j].Text
	}
	return ""
}

func (m *matcher) text(j int) string {
	if j >= 0 && j < len(m.t) {
		return m.t[j].Text
	}
	return ""
}

// near: token j follows j-1 with at most one space.
func (m *matcher) near(j int) bool {
	return j > 0 && j < len(m.t) && m.t[j].Gap <= 1
}

func (m *matcher) num(j int) (number.Number, bool) {
	if j >= len(m.t) || j < 0 || !number.CanStart(m.t[j]) {
		return number.Number{}, false
	}
	if n, ok := m.nums[j]; ok {
		return n, true
	}
	n, ok := number.Parse(m.t, j, number.Opts{ScaleAbbrev: true, NoSign: true})
	if ok {
		m.nums[j] = n
	}
	return n, ok
}

// marker matches a currency written at token j: a multi-word name, a
// symbol that may span tokens ("us $", "NT$"), or an ISO code. prefix
// restricts names to those that may precede a number.
func (m *matcher) marker(j int, prefix bool) (cur, int, bool) {
	if j >= len(m.t) {
		return cur{}, j, false
	}
	if f := m.t[j].Text; !markerFirst[f] && !validLower[f] && !(len(f) == 4 && f[0] == 'm' && commonCodes[f[1:]]) {
		return cur{}, j, false
	}
	// longest first, up to 4 tokens
	for k := 4; k >= 1; k-- {
		if j+k > len(m.t) {
			continue
		}
		var sp, ns strings.Builder
		okSeq := true
		for q := j; q < j+k; q++ {
			if q > j {
				if m.t[q].Gap > 1 {
					okSeq = false
					break
				}
				if m.t[q].Space {
					sp.WriteByte(' ')
				}
			}
			sp.WriteString(m.t[q].Text)
			ns.WriteString(m.t[q].Text)
		}
		if !okSeq {
			continue
		}
		if c, ok := symbols[ns.String()]; ok {
			if k > 1 && m.t[j+1].Space && (m.t[j].Text == "a" || m.t[j].Text == "s" || m.t[j].Text == "r") {
				continue // "a $ 4 billion" is not A$
			}
			if k > 1 || m.t[j].Kind != number.Word || len(m.t[j].Text) > 1 {
				return c, j + k, true
			}
		}
		if c, ok := names[sp.String()]; ok {
			if !prefix || sp.String() == "dollar" || sp.String() == "dollars" || sp.String() == "euro" || sp.String() == "euros" {
				return c, j + k, true
			}
		}
	}
	if m.t[j].Kind == number.Word {
		if c, ok := codeCur(m.t[j].Text, m.src[m.t[j].Start:m.t[j].End]); ok {
			return c, j + 1, true
		}
	}
	return cur{}, j, false
}

func (m *matcher) money(q *Q, c cur, n number.Number) {
	q.Kind = Money
	q.Value, q.HasValue = n.Value, true
	if c.Scale > 0 {
		q.Value = q.Value.Mul(decimal.NewFromInt(c.Scale))
	}
	q.Unit = c.News
	if c.ISO != "" {
		q.Unit = c.ISO
	}
	q.UnitName, q.ISO, q.SubUnit = c.Name, c.ISO, c.Sub
}

// moneyAt tries the money patterns at token i.
func (m *matcher) moneyAt(i int) (Q, bool) {
	q := Q{OfStart: -1, OfEnd: -1, Linked: -1}
	// prefix: "$ 75 million", "US$3.7bn", "USD 20", "MAUD 60"
	if c, e, ok := m.marker(i, true); ok && e < len(m.t) && m.near(e) {
		if n, ok := m.num(e); ok && n.Err == "" {
			m.money(&q, c, n)
			last := n.Last
			// "$ 10 dollars": the unit repeated after the amount
			if c2, e2, ok := m.marker(last, false); ok && m.near(last) && c2.Name == c.Name && !c2.Sub && m.word(last) != "" {
				last = e2
			}
			q.First, q.Last = i, last
			return q, true
		}
	}
	n, ok := m.num(i)
	if !ok || n.Err != "" {
		return q, false
	}
	e := n.Last
	hyph := false
	if e < len(m.t) && m.t[e].Text == "-" && number.Adjacent(m.t, e) && e+1 < len(m.t) && number.Adjacent(m.t, e+1) {
		e++
		hyph = true
	}
	if e >= len(m.t) || !(m.near(e) || hyph) {
		return q, false
	}
	c, me, ok := m.marker(e, false)
	if !ok {
		return q, false
	}
	// "3 USD50": the code belongs to the glued number
	if me < len(m.t) && number.Adjacent(m.t, me) && m.t[me].Kind == number.Num {
		return q, false
	}
	// "1 $ 10 dollars": the symbol belongs to the next amount
	if isSymbolTok(m.t[e].Text) && me < len(m.t) && m.t[me].Kind == number.Num {
		if n2, ok := m.num(me); ok {
			if c2, _, ok := m.marker(n2.Last, false); ok && !c2.Sub {
				return q, false
			}
		}
	}
	m.money(&q, c, n)
	last := me
	// "75 USD million"
	if sc, ok := scaleWord(m.word(last)); ok && m.near(last) && !n.Scaled {
		q.Value = q.Value.Mul(decimal.NewFromInt(sc))
		last++
	}
	// "3 dollars 50 cents", "thirteen dollars and forty-five cents", "15 dollars 50"
	if !c.Sub && !n.Scaled && n.Value.IsInteger() && last < len(m.t) {
		k := last
		if m.word(k) == "and" {
			k++
		}
		if n2, ok := m.num(k); ok && n2.Err == "" && n2.Value.IsInteger() && n2.Value.Sign() > 0 && n2.Value.LessThan(decimal.NewFromInt(100)) && !n2.Scaled && m.t[k].Gap <= 2 {
			if c2, e2, ok := m.marker(n2.Last, false); ok && c2.Sub {
				q.Value = q.Value.Add(n2.Value.Div(decimal.NewFromInt(100)))
				last = e2
			} else if _, _, isCur := m.marker(n2.Last, false); !isCur && !isUnitWord(m.word(n2.Last)) && m.text(n2.Last) != "%" {
				q.Value = q.Value.Add(n2.Value.Div(decimal.NewFromInt(100)))
				last = n2.Last
			}
		}
	}
	q.First, q.Last = i, last
	return q, true
}

func isSymbolTok(s string) bool {
	switch s {
	case "$", "€", "£", "¥", "₹", "₩", "₿", "元":
		return true
	}
	return false
}

func scaleWord(w string) (int64, bool) {
	switch w {
	case "thousand":
		return 1e3, true
	case "million", "mn", "mln", "m":
		return 1e6, true
	case "billion", "bn", "b":
		return 1e9, true
	case "trillion", "tn", "trn":
		return 1e12, true
	}
	return 0, false
}

var unitWords = map[string]bool{"percent": true, "per": true, "points": true, "point": true, "pct": true, "years": true,
	"year": true, "days": true, "day": true, "months": true, "month": true, "people": true, "times": true, "time": true,
	"weeks": true, "week": true, "hours": true, "hour": true}

func isUnitWord(w string) bool { return unitWords[w] }

// markerFirst holds the first token of every symbol and name, so most
// tokens are rejected with one map lookup.
var markerFirst = map[string]bool{}

func init() {
	for k := range symbols {
		for _, t := range number.Scan(k) {
			markerFirst[t.Text] = true
			break
		}
	}
	for k := range names {
		for _, t := range number.Scan(k) {
			markerFirst[t.Text] = true
			break
		}
	}
}
