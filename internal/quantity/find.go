package quantity

import (
	"github.com/newsgraph/newsgraph/internal/number"
	"github.com/shopspring/decimal"
)

var indexCues = map[string]bool{"dow": true, "nasdaq": true, "nikkei": true, "taiex": true, "kospi": true, "seng": true,
	"ftse": true, "dax": true, "cac": true, "sensex": true, "nifty": true, "index": true, "indices": true, "stoxx": true,
	"topix": true, "composite": true, "asx": true, "sti": true, "klci": true, "jci": true, "psei": true, "set": false,
	"benchmark": true, "s&p": true, "russell": true, "ibex": true, "bovespa": true, "tsx": true, "average": true}

var vagueCounts = map[string]int64{"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "millions": 2000000,
	"billions": 2000000000, "tens": 20}

var modifiers = map[string]string{"about": "about", "around": "about", "approximately": "about", "roughly": "about",
	"some": "about", "nearly": "nearly", "almost": "nearly", "over": "more_than", "above": "more_than",
	"under": "less_than", "below": "less_than", "up to": "at_most", "more than": "more_than", "less than": "less_than",
	"fewer than": "less_than", "at least": "at_least", "at most": "at_most", "as many as": "at_most", "as much as": "at_most",
	"an estimated": "about", "estimated": "about", "close to": "nearly", "just over": "more_than", "just under": "less_than",
	"upwards of": "more_than", "in excess of": "more_than"}

var approxMods = map[string]bool{"about": true, "nearly": true}

// countStop are words after a number that are not counted nouns.
var countStop = map[string]bool{"and": true, "or": true, "to": true, "of": true, "in": true, "on": true, "at": true,
	"the": true, "a": true, "an": true, "is": true, "was": true, "were": true, "are": true, "be": true, "has": true,
	"have": true, "had": true, "for": true, "from": true, "by": true, "with": true, "as": true, "that": true, "this": true,
	"per": true, "percent": true, "pct": true, "points": true, "point": true, "times": true, "than": true, "more": true,
	"less": true, "p": true, "am": true, "pm": true, "a.m": true, "years": true, "year": true, "months": true, "month": true,
	"days": true, "day": true, "weeks": true, "week": true, "hours": true, "hour": true, "minutes": true, "seconds": true,
	"decades": true, "centuries": true, "st": true, "nd": true, "rd": true, "th": true, "s": true, "his": true, "her": true,
	"their": true, "its": true, "it": true, "he": true, "she": true, "they": true, "we": true, "said": true, "also": true,
	"will": true, "would": true, "could": true, "can": true, "after": true, "before": true, "since": true, "up": true,
	"down": true, "over": true, "into": true, "out": true, "each": true, "other": true, "percentage": true, "basis": true}

// Find recognises the quantities in src. Numbers that belong to dates and
// times (years, "10:30", "2016-11-07", "11/7") are left to the timex stage.
func Find(src string, toks []number.Tok) []Q {
	m := &matcher{src: src, t: toks, nums: map[int]number.Number{}}
	var out []Q
	for i := 0; i < len(toks); {
		q, ok := m.at(i)
		if !ok || q.Last <= i {
			i++
			continue
		}
		q.Start, q.End = toks[q.First].Start, toks[q.Last-1].End
		m.modifier(&q)
		out = append(out, q)
		i = q.Last
	}
	link(m, out)
	return out
}

func (m *matcher) at(i int) (Q, bool) {
	t := m.t
	if t[i].Kind == number.Punct && !isSymbolTok(t[i].Text) && len([]rune(t[i].Text)) == 1 && t[i].Text != "." {
		if _, ok := symbols[t[i].Text]; !ok {
			return Q{}, false
		}
	}
	if q, ok := m.moneyAt(i); ok {
		return q, true
	}
	// vague counts: "thousands of", "tens of thousands of"
	if v, ok := vagueCounts[m.word(i)]; ok && m.word(i+1) == "of" {
		q := Q{Kind: Count, Value: decimal.NewFromInt(v), HasValue: true, Approx: true, Modifier: "at_least", OfStart: -1, OfEnd: -1, Linked: -1, First: i, Last: i + 1}
		if m.word(i) == "tens" || m.word(i) == "hundreds" {
			if v2, ok := vagueCounts[m.word(i+2)]; ok && m.word(i+3) == "of" && v2 >= 2000 {
				q.Value = decimal.NewFromInt(v / 2 * v2 / 2 * 2) // tens of thousands: 20,000
				q.Last = i + 3
			}
		}
		m.countedNoun(&q, q.Last+1)
		return q, true
	}
	n, ok := m.num(i)
	if !ok || n.Err != "" {
		if ok && n.Err != "" {
			return Q{First: i, Last: n.Last, Kind: Plain, Err: n.Err, OfStart: -1, OfEnd: -1, Linked: -1}, true
		}
		return Q{}, false
	}
	if m.dateLike(n) {
		return Q{}, false
	}
	// the second half of a tokenised decimal "1 . 8500"
	if i > 1 && t[i-1].Text == "." && t[i].Space && t[i-1].Space && t[i-2].Kind == number.Num {
		return Q{}, false
	}
	q := Q{First: i, Last: n.Last, Value: n.Value, HasValue: true, OfStart: -1, OfEnd: -1, Linked: -1}
	e := n.Last
	// ranges "5-7%", "5 to 7 percent"
	if e < len(t) && (t[e].Text == "-" || m.word(e) == "to" || (m.word(e) == "and" && m.word(i-1) == "between")) {
		if n2, ok := m.num(e + 1); ok && n2.Err == "" && n2.Value.GreaterThan(n.Value) {
			if k, u, ok := m.pctUnit(n2.Last); ok {
				q.Kind, q.Unit = k, u
				q.Upper, q.HasUpper = n2.Value, true
				q.Last = m.unitEnd(n2.Last)
				if m.word(i-1) == "between" {
					q.First = i - 1
				}
				return q, true
			}
		}
	}
	if k, u, ok := m.pctUnit(e); ok {
		q.Kind, q.Unit = k, u
		q.Last = m.unitEnd(e)
		if k == Points && !m.indexCue(i, q.Last) {
			q.Kind, q.Unit = Plain, ""
			q.Last = e
		}
		return q, true
	}
	// a glued unit we do not know ("180ml", "5km"): not a count
	if e < len(t) && number.Adjacent(t, e) && t[e].Kind == number.Word {
		q.Kind = Plain
		return q, true
	}
	q.Kind = Plain
	if n.Value.IsInteger() && n.Value.Sign() > 0 {
		m.countedNoun(&q, e)
	}
	return q, true
}

// pctUnit reads a percent/points unit at j.
func (m *matcher) pctUnit(j int) (string, string, bool) {
	switch m.text(j) {
	case "%":
		if m.word(j+1) == "points" || m.word(j+1) == "point" {
			return PercentagePoints, "pp", true
		}
		return Percent, "%", true
	case "percent", "pct", "percentage":
		if m.word(j+1) == "points" || m.word(j+1) == "point" {
			return PercentagePoints, "pp", true
		}
		if m.text(j) == "percentage" {
			return "", "", false
		}
		return Percent, "%", true
	case "per":
		if m.word(j+1) == "cent" {
			if m.word(j+2) == "points" || m.word(j+2) == "point" {
				return PercentagePoints, "pp", true
			}
			return Percent, "%", true
		}
	case "basis":
		if m.word(j+1) == "points" || m.word(j+1) == "point" {
			return BasisPoints, "bp", true
		}
	case "bps", "bp":
		return BasisPoints, "bp", true
	case "points", "pts":
		return Points, "points", true
	case "ppt", "ppts", "pp":
		return PercentagePoints, "pp", true
	}
	return "", "", false
}

func (m *matcher) unitEnd(j int) int {
	switch m.text(j) {
	case "%", "percent", "pct", "percentage", "basis":
		if w := m.word(j + 1); w == "points" || w == "point" {
			return j + 2
		}
		return j + 1
	case "per":
		if w := m.word(j + 2); w == "points" || w == "point" {
			return j + 3
		}
		return j + 2
	}
	return j + 1
}

// indexCue looks for an index name within the clause around [i, e).
func (m *matcher) indexCue(i, e int) bool {
	lo, hi := i-14, e+4
	if lo < 0 {
		lo = 0
	}
	if hi > len(m.t) {
		hi = len(m.t)
	}
	for j := i - 1; j >= lo; j-- {
		if m.t[j].Text == "." && j+1 < len(m.t) && m.t[j+1].Space {
			break // sentence boundary
		}
		if indexCues[m.t[j].Text] {
			return true
		}
	}
	for j := e; j < hi; j++ {
		if m.t[j].Text == "." {
			break
		}
		if indexCues[m.t[j].Text] {
			return true
		}
	}
	return false
}

// dateLike: years and parts of dates and clock times.
func (m *matcher) dateLike(n number.Number) bool {
	t := m.t
	f, l := n.First, n.Last
	if l-f == 1 && t[f].Kind == number.Num {
		s := t[f].Text
		if len(s) == 4 && s >= "1800" && s <= "2100" {
			if !(l < len(t) && (t[l].Text == "%" || m.word(l) == "people" || m.word(l) == "percent")) {
				return true
			}
		}
		if l+1 < len(t) && number.Adjacent(t, l) && (t[l].Text == ":" || t[l].Text == "/") && t[l+1].Kind == number.Num {
			return true
		}
		if f > 1 && number.Adjacent(t, f) && (t[f-1].Text == ":" || t[f-1].Text == "/") && t[f-2].Kind == number.Num {
			return true
		}
		if l+1 < len(t) && number.Adjacent(t, l) && t[l].Text == "-" && t[l+1].Kind == number.Num && len(s) == 4 {
			return true
		}
	}
	return false
}

// countedNoun links a count to the noun after it ("12 people").
func (m *matcher) countedNoun(q *Q, j int) {
	// skip one adjective-like word: "12 Palestinian civilians"
	for k := j; k < j+3 && k < len(m.t); k++ {
		tk := m.t[k]
		if tk.Kind != number.Word || countStop[tk.Text] || len(tk.Text) < 3 {
			return
		}
		w := tk.Text
		if peopleNouns[w] || (len(w) > 3 && w[len(w)-1] == 's' && w[len(w)-2] != 's') {
			q.Kind = Count
			q.OfStart, q.OfEnd = tk.Start, tk.End
			return
		}
	}
}

var peopleNouns = map[string]bool{"people": true, "police": true, "children": true, "men": true, "women": true,
	"personnel": true, "staff": true, "militia": true, "livestock": true, "cattle": true, "aircraft": true}

// modifier records "about", "more than", "nearly" before a quantity.
func (m *matcher) modifier(q *Q) {
	f := q.First
	if f >= 3 {
		if mod, ok := modifiers[m.word(f-3)+" "+m.word(f-2)+" "+m.word(f-1)]; ok {
			q.Modifier = mod
			q.Approx = q.Approx || approxMods[mod]
			return
		}
	}
	if f >= 2 {
		if mod, ok := modifiers[m.word(f-2)+" "+m.word(f-1)]; ok {
			q.Modifier = mod
			q.Approx = q.Approx || approxMods[mod]
			return
		}
	}
	if f >= 1 {
		if mod, ok := modifiers[m.word(f-1)]; ok && q.Kind != Plain {
			q.Modifier = mod
			q.Approx = q.Approx || approxMods[mod]
		}
	}
}

// link pairs "26 billion yuan (US$3.7 billion)".
func link(m *matcher, qs []Q) {
	for i := 0; i+1 < len(qs); i++ {
		a, b := &qs[i], &qs[i+1]
		if a.Kind != Money || b.Kind != Money || a.Last >= len(m.t) {
			continue
		}
		if m.t[a.Last].Text == "(" && b.First == a.Last+1 {
			a.Linked, b.Linked = i+1, i
		} else if (m.t[a.Last].Text == "," || m.word(a.Last) == "or") && b.First == a.Last+1 && a.Unit != b.Unit {
			a.Linked, b.Linked = i+1, i
		}
	}
}
