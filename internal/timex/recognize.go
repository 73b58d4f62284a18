package timex

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/internal/number"
	"github.com/shopspring/decimal"
)

type rec struct {
	src string
	t   []number.Tok
	ref Ref
	opt Options
	// anchored: the reference is the narrative's last date, not the DCT
	anchored bool
	// memo of count() by token: several rules ask at the same place
	memo map[int]countResult
}

type countResult struct {
	n, e int
	ok   bool
}

// Options selects renderings that differ between annotation schemes.
type Options struct {
	// Recognizers follows the Microsoft Recognizers-Text conventions: "in
	// two weeks" is a date, "the next 3 days" a range, "N units ago" a day.
	Recognizers bool
	// DayFirst reads 11/5 as 11 May (en-GB and most of the world).
	DayFirst bool
}

// MaxExprTokens bounds an expression so a run of date-like words cannot
// grow without end.
const MaxExprTokens = 16

func (r *rec) w(j int) string {
	if j >= 0 && j < len(r.t) && r.t[j].Kind == number.Word {
		return r.t[j].Text
	}
	return ""
}

func (r *rec) txt(j int) string {
	if j >= 0 && j < len(r.t) {
		return r.t[j].Text
	}
	return ""
}

func (r *rec) num(j int) (int, bool) {
	if j >= 0 && j < len(r.t) && r.t[j].Kind == number.Num && len(r.t[j].Text) <= 4 {
		v, err := strconv.Atoi(r.t[j].Text)
		return v, err == nil
	}
	return 0, false
}

func (r *rec) capital(j int) bool {
	if j < 0 || j >= len(r.t) {
		return false
	}
	c := r.src[r.t[j].Start]
	return c >= 'A' && c <= 'Z'
}

// skipDot steps over an abbreviation dot ("Jan.", "p.m.").
func (r *rec) skipDot(j int) int {
	if j < len(r.t) && r.t[j].Text == "." && number.Adjacent(r.t, j) && abbrevDot[r.t[j-1].Text] {
		return j + 1
	}
	return j
}

// count reads a small cardinal for "three days", "a week", "several years".
// It returns -1 for vague counts (X in TIMEX3).
func (r *rec) count(j int) (int, int, bool) {
	if c, ok := r.memo[j]; ok {
		return c.n, c.e, c.ok
	}
	n, e, ok := r.count1(j)
	if r.memo == nil {
		r.memo = map[int]countResult{}
	}
	r.memo[j] = countResult{n, e, ok}
	return n, e, ok
}

func (r *rec) count1(j int) (int, int, bool) {
	if r.w(j) == "a" && (r.w(j+1) == "couple" && r.w(j+2) == "of") {
		return 2, j + 3, true
	}
	switch r.w(j) {
	case "a", "an", "one":
		if r.w(j+1) == "few" {
			return -1, j + 2, true
		}
		return 1, j + 1, true
	case "couple":
		if r.w(j+1) == "of" {
			return 2, j + 2, true
		}
		return -1, j + 1, true
	case "several", "few", "many", "some":
		if r.opt.Recognizers && r.w(j) != "many" && r.w(j) != "some" {
			return 3, j + 1, true // the Recognizers convention
		}
		return -1, j + 1, true
	}
	if r.w(j) == "a" && r.w(j+1) == "couple" && r.w(j+2) == "of" {
		return 2, j + 3, true
	}
	if j >= len(r.t) || !number.CanStart(r.t[j]) {
		return 0, j, false
	}
	n, ok := number.Parse(r.t, j, number.Opts{NoSign: true})
	if ok && !n.Value.IsInteger() && n.Last-1 > j && units[r.w(n.Last-1)] != "" {
		// "three quarters", "two seconds": the unit was read as a denominator
		n, ok = number.Parse(r.t[:n.Last-1], j, number.Opts{NoSign: true})
	}
	if !ok || n.Err != "" || !n.Value.IsInteger() || n.Value.Sign() <= 0 {
		// "half" durations
		if r.w(j) == "half" && r.w(j+1) == "a" {
			return 0, j + 2, true
		}
		return 0, j, false
	}
	v := n.Value.IntPart()
	if v >= 1000 {
		return 0, j, false
	}
	return int(v), n.Last, true
}

// Recognize finds the temporal expressions in toks (scanned from src).
// Without a reference date, expressions that need one get no value.
func Recognize(src string, toks []number.Tok, ref Ref) []Expr {
	return RecognizeWith(src, toks, ref, Options{})
}

// RecognizeWith is Recognize with scheme options.
func RecognizeWith(src string, toks []number.Tok, ref Ref, opt Options) []Expr {
	r := &rec{src: src, t: toks, ref: ref, opt: opt}
	var out []Expr
	urlEnd := -1
	// anchor is the start of the last dated expression: "the following
	// month" and "the previous year" count from the time the narrative has
	// reached, not from the publication date (TIMEX3 anchoring).
	var anchor time.Time
	for i := 0; i < len(toks); {
		r.ref.T = ref.T
		tk := toks[i]
		if i < urlEnd {
			i++
			continue
		}
		if tk.Text == ":" && i+2 < len(toks) && toks[i+1].Text == "/" && toks[i+2].Text == "/" || tk.Text == "www" || tk.Text == "href" {
			// a URL: skip to the next whitespace
			j := i + 1
			for j < len(toks) && !toks[j].Space {
				j++
			}
			urlEnd = j
			out = dropFrom(out, r, i)
			i = j
			continue
		}
		if tk.Kind == number.Punct && tk.Text != "'" && !number.CanStart(tk) || tk.Text == "-" || tk.Text == "." {
			i++
			continue
		}
		if !r.trigger(i) {
			i++
			continue
		}
		r.anchored = false
		if !anchor.IsZero() && !opt.Recognizers && r.narrativeShift(i) {
			r.ref.T, r.anchored = anchor, true
		}
		s, e, ok := r.match(i)
		if !ok || e <= i {
			i++
			continue
		}
		s, e = r.compose(s, i, e)
		if s.Mod == "" && s.Kind != "DURATION" && s.Kind != "SET" && s.Ref == "" {
			// "by August", "before 2020", "since Monday": the expression is a bound
			switch r.w(i - 1) {
			case "by", "before", "until", "till":
				s.Mod = "BEFORE"
			case "after":
				s.Mod = "AFTER"
			case "since":
				s.Mod = "ON_OR_AFTER"
			}
		}
		if r.opt.Recognizers && s.DotTime && r.w(i-1) == "at" {
			i-- // "at 6.45": the Recognizers extent keeps "at" with dotted times
		}
		if r.opt.Recognizers && r.w(i) == "the" && (s.RangeDur != "" || r.w(i+2) == "of" && (r.w(i+1) == "end" || r.w(i+1) == "middle" || r.w(i+1) == "beginning") ||
			(r.w(i+1) == "next" || r.w(i+1) == "coming" || r.w(i+1) == "following") && e == i+3 && r.w(i+2) != "decade" || r.w(i+1) == "year" && e == i+3) {
			i++ // "the last 3 months": the Recognizers extent starts at "last"
		}
		x := Expr{First: i, Last: e, Start: toks[i].Start, End: toks[e-1].End, Type: s.Kind, Mod: s.Mod, Sem: s}
		if s.Kind == "" {
			x.Type = "DATE"
		}
		tense := r.tense(i, e)
		if tense == 0 && (s.YearOpen || s.WeekOpen) && !opt.Recognizers {
			switch r.w(i - 1) {
			case "by", "until", "till", "through", "thru":
				tense = 1 // a deadline with no tense cue lies ahead ("repaid by May")
			case "as":
				if r.w(i-3) == "as" && (r.w(i-2) == "early" || r.w(i-2) == "soon") {
					tense = 1 // "as early as Tuesday": the earliest of future dates
				}
			}
		}
		if s.Rel || s.YearOpen || s.WeekOpen {
			x.Relative = true
		}
		if !ref.OK && x.Relative {
			x.Value = ""
		} else {
			ss := s
			x.Value, x.Pattern, x.Begin, x.Fin = render(&ss, r.ref.T, tense)
			x.Sem = ss
		}
		x.Gran = s.Gran
		if x.Sem.PODWeak || x.Sem.WeekOpen && x.Sem.POD != "" && !x.Sem.HasTime {
			x.Type = "DATE"
		}
		if x.Value == "" && x.Relative && ref.OK && !(opt.Recognizers && s.YearOpen && s.D > 0 && s.M > 0) {
			i++
			continue
		}
		out = append(out, x)
		if x.Type == "DATE" && x.Value != "" && x.Sem.Ref == "" && !x.Begin.IsZero() && x.Sem.Kind != "DURATION" && x.Sem.Kind != "SET" {
			anchor = x.Begin
		}
		i = e
	}
	return out
}

// yearEndNext are the words that may follow a "year-end" that stands alone.
var yearEndNext = map[string]bool{"and": true, "or": true, "but": true, "when": true, "as": true, "than": true, "with": true,
	"for": true, "to": true, "in": true, "of": true, "at": true, "on": true, "the": true, "a": true, "an": true, "it": true,
	"they": true, "he": true, "she": true, "we": true, "is": true, "was": true, "will": true, "s": true}

// yearEndRule: "year-end", "year end", "year's end": the end of the
// reference year (the previous one early in a year, in a past clause).
func (r *rec) yearEndRule(i int) (Sem, int, bool) {
	if r.w(i) != "year" {
		return Sem{}, i, false
	}
	j := i + 1
	switch {
	case r.txt(j) == "-" && number.Adjacent(r.t, j):
		j++
	case r.txt(j) == "'" || r.txt(j) == "’":
		j++
		if r.w(j) != "s" {
			return Sem{}, i, false
		}
		j++
	case r.txt(j) == "'s" || r.txt(j) == "’s":
		j++
	}
	if r.w(j) != "end" || r.txt(j+1) == "-" {
		return Sem{}, i, false
	}
	if nx := r.w(j + 1); nx != "" && !yearEndNext[nx] {
		return Sem{}, i, false // "year-end figures": a modifier, not a time
	}
	y := r.ref.T.Year()
	if r.w(i-1) == "since" || r.ref.T.Month() <= 2 && r.tense(i, j+1) < 0 {
		y-- // the last year-end that has passed
	}
	return Sem{Kind: "DATE", Y: y, Mod: "END", Gran: "year", Rel: true}, j + 1, true
}

// narrativeShift: "the following month", "the previous year", "the next
// day" (with "the"; bare "next month" counts from the publication date).
func (r *rec) narrativeShift(i int) bool {
	if w := r.w(i); w == "later" || w == "earlier" {
		i++ // "later that year"
	}
	if r.w(i) == "that" {
		switch r.w(i + 1) {
		case "year", "month", "quarter":
			return true
		}
		return false
	}
	if r.w(i) != "the" {
		return false
	}
	switch r.w(i + 1) {
	case "following", "previous", "prior", "next":
	default:
		return false
	}
	switch units[r.w(i+2)] {
	case "D", "M", "Y", "Q":
		return true
	}
	return false
}

// triggerWords are the words an expression can start with; every other
// word is skipped without trying the rules, which keeps the scan fast.
var triggerWords = map[string]bool{}

func init() {
	for _, m := range []map[string]int{months, weekdays, dayWords, shiftWords} {
		for w := range m {
			triggerWords[w] = true
		}
	}
	for _, m := range []map[string]string{seasons, units, partsOfDay, setWords, refWords, modWords} {
		for w := range m {
			triggerWords[w] = true
		}
	}
	for w := range holidays {
		triggerWords[w] = true
	}
	for _, w := range []string{"the", "a", "an", "several", "few", "many", "some", "couple", "half", "in", "within",
		"every", "each", "fiscal", "calendar", "q", "new", "at", "these", "noon", "midday", "midnight", "recent",
		"latest", "year", "quarter", "first", "second", "third", "fourth", "final", "current", "for", "over",
		"between", "from", "week", "once", "any", "all", "another", "semi", "bi", "everyday", "annual", "daytime",
		"independence", "earth", "saint", "st", "black", "labor", "labour", "memorial", "mother", "mothers", "father",
		"fathers", "martin", "veterans", "boxing", "cyber", "till", "to", "past", "future", "noonish", "that",
		"international", "workers", "easter", "nineties", "eighties", "seventies", "sixties", "school", "sy", "cy", "fy"} {
		triggerWords[w] = true
	}
}

func (r *rec) trigger(i int) bool {
	t := r.t[i]
	switch t.Kind {
	case number.Num:
		return true
	case number.Word:
		return triggerWords[t.Text] || number.IsCardinalWord(t.Text)
	}
	return t.Text == "'" || number.CanStart(t)
}

// dropFrom removes expressions that started inside the URL chunk that
// contains token i.
func dropFrom(out []Expr, r *rec, i int) []Expr {
	j := i
	for j > 0 && !r.t[j].Space {
		j--
	}
	for len(out) > 0 && out[len(out)-1].Last > j {
		out = out[:len(out)-1]
	}
	return out
}

// tense looks for the nearest tense cue in the clause around [i, e):
// -1 past, +1 future, 0 none.
func (r *rec) tense(i, e int) int {
	best, bestD := 0, 1<<30
	for j := i - 1; j >= 0 && i-j <= 10; j-- {
		t := r.t[j].Text
		if t == "." || t == ";" || t == "\n" {
			break
		}
		if futureCue[t] {
			if i-j < bestD {
				best, bestD = 1, i-j
			}
			break
		}
		if pastCue[t] || r.pastParticiple(j) {
			if i-j < bestD {
				best, bestD = -1, i-j
			}
			break
		}
	}
	for j := e; j < len(r.t) && j-e < 6; j++ {
		t := r.t[j].Text
		if t == "." || t == ";" {
			break
		}
		if futureCue[t] && j-e+1 < bestD {
			return 1
		}
		if (pastCue[t] || r.pastParticiple(j)) && j-e+1 < bestD {
			return -1
		}
	}
	return best
}

func (r *rec) refDate() time.Time { return r.ref.T }

var auxBefore = map[string]bool{"be": true, "been": true, "being": true, "is": true, "are": true, "to": true, "must": true,
	"will": true, "would": true, "should": true, "could": true, "can": true, "may": true, "might": true, "get": true,
	"gets": true, "ll": true, "not": true}

// pastParticiple: an -ed verb that is a simple past, not a passive or
// infinitive ("were killed" counts, "must be returned" does not).
func (r *rec) pastParticiple(j int) bool {
	t := r.t[j]
	if t.Kind != number.Word || len(t.Text) <= 4 || !strings.HasSuffix(t.Text, "ed") {
		return false
	}
	if j > 0 && auxBefore[r.t[j-1].Text] {
		return false
	}
	if j > 1 && auxBefore[r.t[j-2].Text] && r.t[j-2].Text != "ll" && (r.t[j-1].Text == "be" || r.t[j-1].Text == "been") {
		return false
	}
	return true
}

// match tries every rule at i and keeps the longest.
func (r *rec) match(i int) (Sem, int, bool) {
	var best Sem
	bestE := -1
	try := func(s Sem, e int, ok bool) {
		if ok && e > bestE && e-i <= MaxExprTokens {
			best, bestE = s, e
		}
	}
	try(r.modified(i))
	try(r.dayWord(i))
	try(r.refWord(i))
	try(r.weekdayRule(i))
	try(r.monthRule(i))
	try(r.dayMonthRule(i))
	try(r.numericDate(i))
	try(r.alnumDate(i))
	try(r.yearRule(i))
	try(r.shiftRule(i))
	try(r.agoRule(i))
	try(r.durationRule(i))
	try(r.quarterRule(i))
	try(r.timeRule(i))
	try(r.setRule(i))
	try(r.seasonRule(i))
	try(r.holidayRule(i))
	try(r.yearAgoRule(i))
	try(r.miscRule(i))
	try(r.weekOfRule(i))
	if !r.opt.Recognizers {
		try(r.yearEndRule(i))
	}
	if r.opt.Recognizers && (r.w(i-1) == "in" || r.w(i-1) == "of") {
		if y, e, ok := r.spelledYear(i); ok {
			try(Sem{Kind: "DATE", Y: y, Gran: "year"}, e, true)
		}
	}
	if r.opt.Recognizers {
		try(r.inRule(i))
		try(r.podRule(i))
		try(r.timeRangeRule(i))
		try(r.dayRangeRule(i))
		try(r.clockPhraseRule(i))
		try(r.subRangeRule(i))
	}
	return best, bestE, bestE > i
}

func (r *rec) core(i int) (Sem, int, bool) {
	var best Sem
	bestE := -1
	for _, f := range []func(int) (Sem, int, bool){r.dayWord, r.weekdayRule, r.monthRule, r.dayMonthRule, r.yearRule, r.shiftRule, r.quarterRule, r.seasonRule, r.numericDate} {
		if s, e, ok := f(i); ok && e > bestE {
			best, bestE = s, e
		}
	}
	return best, bestE, bestE > i
}

// modified: "early next year", "late November", "the end of the year", "mid-1990s".
func (r *rec) modified(i int) (Sem, int, bool) {
	w := r.w(i)
	mod, ok := modWords[w]
	j := i + 1
	if !ok && w == "the" {
		if m, ok2 := modWords[r.w(i+1)]; ok2 && (r.w(i+2) == "of") {
			mod, ok = m, true
			j = i + 3
		}
	} else if ok && (w == "end" || w == "middle" || w == "beginning" || w == "start") && r.opt.Recognizers && r.w(i+1) == "of" {
		j = i + 2
		if s, e, ok2 := r.core(j); ok2 && s.Kind != "DURATION" {
			s.Mod = mod
			return s, e, true
		}
		return Sem{}, i, false
	} else if ok {
		if r.txt(j) == "-" && number.Adjacent(r.t, j) {
			j++
		} else if r.w(j) == "in" && (w == "early" || w == "late") {
			j++
		}
	}
	if !ok {
		return Sem{}, i, false
	}
	if w == "middle" || w == "beginning" || w == "start" || w == "end" {
		return Sem{}, i, false // only with "the ... of"
	}
	// Recognizers: "earlier in the week", "later this week", "later in the year": half a period
	if r.opt.Recognizers && (w == "earlier" || w == "later") {
		k := j
		if r.w(k) == "in" {
			k++
		}
		if r.w(k) == "the" || r.w(k) == "this" {
			if u := units[r.w(k+1)]; u == "W" || u == "M" || u == "Y" {
				s, _ := r.shiftSem(u, 0)
				s.Half2 = w
				return s, k + 2, true
			}
		}
	}
	s, e, ok := r.core(j)
	if !ok || s.Kind == "DURATION" {
		return Sem{}, i, false
	}
	if mod != "" {
		s.Mod = mod
	} else if r.opt.Recognizers && (w == "later" || w == "earlier") && s.POD != "" {
		s.Mod = map[string]string{"later": "END", "earlier": "START"}[w]
	}
	return s, e, true
}

func (r *rec) dayWord(i int) (Sem, int, bool) {
	w := r.w(i)
	off, ok := dayWords[w]
	e := i + 1
	if !ok {
		// "the day before yesterday", "the day after tomorrow"
		if w == "the" && r.w(i+1) == "day" && (r.w(i+2) == "before" && r.w(i+3) == "yesterday" || r.w(i+2) == "after" && r.w(i+3) == "tomorrow") {
			off = -2
			if r.w(i+3) == "tomorrow" {
				off = 2
			}
			e = i + 4
		} else if (w == "last" || w == "this") && partsOfDay[r.w(i+1)] != "" {
			off = 0
			if w == "last" {
				off = -1
				if r.w(i+1) != "night" {
					return Sem{}, i, false
				}
			}
			d := r.ref.T.AddDate(0, 0, off)
			return Sem{Kind: "TIME", Y: d.Year(), M: int(d.Month()), D: d.Day(), POD: partsOfDay[r.w(i+1)], Gran: "partofday", Rel: true}, i + 2, true
		} else {
			return Sem{}, i, false
		}
	}
	d := r.ref.T.AddDate(0, 0, off)
	s := Sem{Kind: "DATE", Y: d.Year(), M: int(d.Month()), D: d.Day(), Gran: "day", Rel: true}
	if w == "tonight" || w == "tonite" {
		s.POD, s.Kind, s.PODWeak = "NI", "TIME", true
	}
	if p := partsOfDay[r.w(e)]; p != "" && s.POD == "" {
		s.POD, s.Kind, s.PODWeak = p, "TIME", true
		e++
	}
	return s, e, true
}

func (r *rec) refWord(i int) (Sem, int, bool) {
	w := r.w(i)
	switch w {
	case "now", "currently", "nowadays", "recently", "lately":
		return Sem{Kind: "DATE", Ref: refWords[w], Gran: "ref"}, i + 1, true
	case "future", "past":
		if u := units[r.w(i+1)]; u != "" && strings.HasSuffix(r.w(i+1), "s") && r.w(i-1) != "the" && !r.opt.Recognizers {
			ref := "FUTURE_REF"
			if w == "past" {
				ref = "PAST_REF"
			}
			return Sem{Kind: "DATE", Ref: ref, Gran: "ref"}, i + 2, true
		}
	case "recent":
		if u := units[r.w(i+1)]; u != "" && strings.HasSuffix(r.w(i+1), "s") {
			if !r.opt.Recognizers && u != "WE" {
				// "in recent years": a vague stretch reaching back to now,
				// a DURATION of unknown length in TIMEX3 (PXY)
				return Sem{Kind: "DURATION", Dur: durValue(-1, u), Gran: unitGran[u]}, i + 2, true
			}
			return Sem{Kind: "DATE", Ref: "PAST_REF", Gran: "ref"}, i + 2, true
		}
		if !r.opt.Recognizers {
			return Sem{Kind: "DATE", Ref: "PAST_REF", Gran: "ref"}, i + 1, true
		}
	case "soon":
		// "will soon", "may soon", "soon will", "to soon grow": a vague future
		// (FUTURE_REF) only beside a modal; "as soon as", "soon after" and
		// narrative "was soon" are connectives, not references to the future
		if !r.opt.Recognizers && r.w(i+1) != "after" && r.w(i+1) != "as" && r.w(i+1) != "thereafter" &&
			(soonModal[r.w(i-1)] || soonModal[r.w(i+1)]) {
			return Sem{Kind: "DATE", Ref: "FUTURE_REF", Gran: "ref"}, i + 1, true
		}
	case "current":
		if !r.opt.Recognizers && units[r.w(i+1)] == "" {
			return Sem{Kind: "DATE", Ref: "PRESENT_REF", Gran: "ref"}, i + 1, true
		}
	case "a":
		if r.w(i+1) == "later" && r.w(i+2) == "date" && !r.opt.Recognizers {
			return Sem{Kind: "DATE", Ref: "FUTURE_REF", Gran: "ref"}, i + 3, true
		}
	case "the":
		if (r.w(i+1) == "near" || r.w(i+1) == "short") && r.w(i+2) == "term" && !r.opt.Recognizers {
			return Sem{Kind: "DATE", Ref: "FUTURE_REF", Gran: "ref"}, i + 3, true
		}
		if u := units[r.w(i+1)]; u != "" && strings.HasSuffix(r.w(i+1), "s") && r.w(i+2) == "ahead" && !r.opt.Recognizers {
			return Sem{Kind: "DURATION", Dur: durValue(-1, u), Gran: unitGran[u]}, i + 3, true
		}
		if r.w(i+1) == "weekend" {
			s, _ := r.shiftSem("WE", 0)
			if r.tense(i, i+2) < 0 && weekday(r.ref.T) < 6 {
				s, _ = r.shiftSem("WE", -1)
			}
			return s, i + 2, true
		}
		if r.w(i+1) == "future" {
			return Sem{Kind: "DATE", Ref: "FUTURE_REF", Gran: "ref"}, i + 2, true
		}
		if r.w(i+1) == "past" && units[r.w(i+2)] == "" && !r.isCount(i+2) {
			return Sem{Kind: "DATE", Ref: "PAST_REF", Gran: "ref"}, i + 2, true
		}
	case "at":
		if r.w(i+1) == "present" {
			return Sem{Kind: "DATE", Ref: "PRESENT_REF", Gran: "ref"}, i + 2, true
		}
		if (r.w(i+1) == "the" || r.w(i+1) == "this") && (r.w(i+2) == "moment" || r.w(i+2) == "minute" || r.w(i+2) == "time" && r.w(i+1) == "this") {
			return Sem{Kind: "DATE", Ref: "PRESENT_REF", Gran: "ref"}, i + 3, true
		}
		if r.w(i+1) == "the" && r.w(i+2) == "present" && r.w(i+3) == "time" {
			return Sem{Kind: "DATE", Ref: "PRESENT_REF", Gran: "ref"}, i + 4, true
		}
	case "these":
		if r.w(i+1) == "days" {
			return Sem{Kind: "DATE", Ref: "PRESENT_REF", Gran: "ref"}, i + 2, true
		}
	}
	return Sem{}, i, false
}

// fractionOf: after "quarters of" these start the whole that is divided
// ("three-quarters of its food"); "several quarters of losses" is time.
var fractionOf = map[string]bool{"the": true, "its": true, "their": true, "his": true, "her": true, "our": true, "all": true,
	"a": true, "an": true, "those": true, "these": true, "that": true, "this": true, "them": true, "it": true}

// periodAfterOf: the words after "quarters of" name a year ("of 1990",
// "of the year", "of this fiscal year"), so the quarters are time.
func (r *rec) periodAfterOf(j int) bool {
	if y, ok := r.num(j); ok && len(r.txt(j)) == 4 && y >= 1000 {
		return true
	}
	switch r.w(j) {
	case "this", "last", "next", "fiscal", "each", "every":
		return true
	case "the", "its", "their":
		for k := j + 1; k <= j+2; k++ {
			if w := r.w(k); w == "year" || w == "fiscal" || w == "decade" {
				return true
			}
		}
	}
	return false
}

// soonModal are the words beside which "soon" points into the future.
var soonModal = map[string]bool{"will": true, "would": true, "may": true, "might": true, "could": true, "should": true,
	"can": true, "shall": true, "to": true, "ll": true}

func (r *rec) isNum(j int) bool {
	_, ok := r.num(j)
	return ok
}

func (r *rec) isCount(j int) bool {
	_, _, ok := r.count(j)
	return ok
}

func (r *rec) weekdayRule(i int) (Sem, int, bool) {
	w := r.w(i)
	wd, ok := weekdays[w]
	if !ok {
		return Sem{}, i, false
	}
	// "Wed 13th", "Monday 21": a weekday and a day of the month (Recognizers)
	if r.opt.Recognizers {
		k := r.skipDot(i + 1)
		if d, e2, ok := r.dayNum(k); ok && (e2 >= len(r.t) || r.t[e2].Kind == number.Punct && !((r.t[e2].Text == "-" || r.t[e2].Text == "/" || r.t[e2].Text == ":" || r.t[e2].Text == ".") && e2+1 < len(r.t) && r.t[e2+1].Kind == number.Num)) {
			return Sem{Kind: "DATE", WD: wd, D: d, WeekdayDay: true, Gran: "day", Rel: true}, e2, true
		}
	}
	if abbrevDot[w] && !(r.txt(i+1) == "." && number.Adjacent(r.t, i+1)) {
		return Sem{}, i, false // "Sun", "sat", "wed" as words
	}
	if afterWeekdayStop[r.w(i+1)] && r.capital(i+1) {
		return Sem{}, i, false // "Sunday Times"
	}
	e := r.skipDot(i + 1)
	if strings.HasSuffix(w, "s") && w != "tues" && w != "thurs" {
		return Sem{Kind: "SET", Set: fmt.Sprintf("XXXX-WXX-%d", wd), Gran: "day"}, e, true
	}
	// "Friday, Jan. 9, 1998", "Friday 9 January"
	k := e
	if r.txt(k) == "," {
		k++
	}
	if s, e2, ok := r.monthRule(k); ok && s.D > 0 {
		return s, e2, true
	}
	if s, e2, ok := r.dayMonthRule(k); ok && s.D > 0 {
		return s, e2, true
	}
	// "Monday of the following week", "Tuesday of next week"
	if r.w(e) == "of" {
		if ws, e2, ok := r.shiftRule(e + 1); ok && ws.Week > 0 && !ws.Weekend {
			d := isoWeekStart(ws.Y, ws.Week).AddDate(0, 0, wd-1)
			return Sem{Kind: "DATE", Y: d.Year(), M: int(d.Month()), D: d.Day(), Gran: "day", Rel: true}, e2, true
		}
	}
	s := Sem{Kind: "DATE", WD: wd, WeekOpen: true, Gran: "day", Rel: true}
	if p := partsOfDay[r.w(e)]; p != "" {
		s.POD, s.Kind = p, "TIME"
		e++
	}
	return s, e, true
}

// monthOK rejects "may" the modal and "march" the verb.
func (r *rec) monthOK(i int, hasDayOrYear bool) bool {
	w := r.w(i)
	if w != "may" && w != "march" && w != "sept" && w != "jan" && w != "oct" && w != "nov" && w != "dec" && w != "aug" && w != "feb" && w != "apr" && w != "jun" && w != "jul" && w != "mar" && w != "sep" {
		return true
	}
	if w != "may" && w != "march" {
		// abbreviations need a dot, a capital or a day
		if r.opt.Recognizers {
			switch r.w(i - 1) {
			case "from", "to", "between", "and", "since", "until":
				return true
			}
			if r.txt(i+1) == "-" || r.w(i+1) == "to" {
				return true
			}
		}
		return hasDayOrYear || r.txt(i+1) == "."
	}
	if !r.capital(i) && r.t[i].Start > 0 {
		// lower-case "may"/"march" mid-sentence is the verb, unless a
		// preposition precedes and nothing verbal follows ("due in may.")
		p := r.w(i - 1)
		if !(p == "in" || p == "of" || p == "since" || p == "until" || p == "early" || p == "late" || p == "last" || p == "next" || p == "this") {
			return false
		}
		if nx := r.w(i + 1); nx != "" && nx != "and" && nx != "or" && nx != "to" && nx != "last" && nx != "next" && nx != "this" {
			return false
		}
	}
	if hasDayOrYear {
		return true
	}
	switch r.w(i - 1) {
	case "in", "of", "since", "until", "till", "by", "during", "early", "late", "mid", "last", "next", "this", "from", "through", "before", "after", "between", "and", "to", "that":
		return true
	}
	return false
}

// monthRule: "January", "Jan. 9", "January 9, 1998", "July 1997", "March 12th".
func (r *rec) monthRule(i int) (Sem, int, bool) {
	w := r.w(i)
	m, ok := months[w]
	if !ok {
		return Sem{}, i, false
	}
	e := r.skipDot(i + 1)
	s := Sem{Kind: "DATE", M: m, Gran: "month"}
	// day
	if d, ok := r.num(e); ok && d >= 1 && d <= 31 && len(r.txt(e)) <= 2 && !(r.txt(e+1) == ":" && number.Adjacent(r.t, e+1) && e+2 < len(r.t) && r.t[e+2].Kind == number.Num && number.Adjacent(r.t, e+2) || r.txt(e+1) == "%") {
		k := e + 1
		if suf := r.w(k); (suf == "st" || suf == "nd" || suf == "rd" || suf == "th") && number.Adjacent(r.t, k) {
			k++
		}
		if !r.monthOK(i, true) {
			return Sem{}, i, false
		}
		s.D, s.Gran = d, "day"
		e = k
		// year
		k2 := e
		if r.txt(k2) == "," {
			k2++
		}
		if y, ok := r.num(k2); ok && len(r.txt(k2)) == 4 && y >= 1000 && y <= 2999 {
			s.Y = y
			return s, k2 + 1, true
		}
		s.YearOpen = true
		s.Rel = true
		return s, e, true
	} else if v, e2, ok := r.spelledDay(e); ok {
		if !r.monthOK(i, true) {
			return Sem{}, i, false
		}
		s.D, s.Gran, s.YearOpen, s.Rel = v, "day", true, true
		if y, e3, ok := r.spelledYear(e2); ok {
			s.Y, s.YearOpen, s.Rel = y, false, false
			return s, e3, true
		}
		return s, e2, true
	}
	// "July 1997", "May of 1998"
	k := e
	if r.w(k) == "of" || r.txt(k) == "," {
		k++
	}
	if y, ok := r.num(k); ok && len(r.txt(k)) == 4 && y >= 1000 && y <= 2999 {
		if !r.monthOK(i, true) {
			return Sem{}, i, false
		}
		s.Y = y
		return s, k + 1, true
	}
	if !r.monthOK(i, false) {
		return Sem{}, i, false
	}
	s.YearOpen, s.Rel = true, true
	return s, e, true
}

// dayMonthRule: "9 January 1998", "the 5th of May", "15 April of 87".
func (r *rec) dayMonthRule(i int) (Sem, int, bool) {
	if i > 0 && (r.txt(i-1) == "$" || number.Adjacent(r.t, i) && (r.txt(i-1) == "." || r.txt(i-1) == ",")) {
		return Sem{}, i, false // "$12 December", "6,107.31 August"
	}
	j := i
	if r.w(j) == "the" {
		j++
	}
	var d int
	var e int
	if v, ok := r.num(j); ok && len(r.txt(j)) <= 2 {
		d, e = v, j+1
		if suf := r.w(e); (suf == "st" || suf == "nd" || suf == "rd" || suf == "th") && number.Adjacent(r.t, e) {
			e++
		}
	} else if v, e2, ok := r.spelledDay(j); ok {
		d, e = v, e2
	} else {
		return Sem{}, i, false
	}
	if d < 1 || d > 31 {
		return Sem{}, i, false
	}
	// "the 15th day of June", "the twenty-sixth day of the month"
	if r.w(e) == "day" && r.w(e+1) == "of" {
		e++
		if r.w(e+1) == "the" && r.w(e+2) == "month" && r.opt.Recognizers {
			ref := r.ref.T
			return Sem{Kind: "DATE", Y: ref.Year(), M: int(ref.Month()), D: d, Gran: "day", Rel: true}, e + 3, true
		}
	}
	if r.w(e) == "of" {
		e++
	}
	m, ok := months[r.w(e)]
	if !ok || (r.w(e) == "may" || r.w(e) == "march") && !r.capital(e) && r.t[e].Start > 0 && r.w(e-1) != "of" {
		return Sem{}, i, false
	}
	e = r.skipDot(e + 1)
	s := Sem{Kind: "DATE", M: m, D: d, Gran: "day"}
	k := e
	if r.txt(k) == "," || r.w(k) == "of" {
		k++
	}
	if y, ok := r.num(k); ok && len(r.txt(k)) == 4 && y >= 1000 && y <= 2999 {
		s.Y = y
		return s, k + 1, true
	}
	if y, e2, ok := r.spelledYear(k); ok {
		s.Y = y
		return s, e2, true
	}
	if y, ok := r.num(k); ok && len(r.txt(k)) == 2 && r.w(k-1) == "of" {
		s.Y = 1900 + y
		if s.Y+100 <= r.ref.T.Year()+20 {
			s.Y += 100
		}
		return s, k + 1, true
	}
	if j > i && !(r.w(i) == "the") {
		return Sem{}, i, false
	}
	s.YearOpen, s.Rel = true, true
	return s, e, true
}

// alnumDate: "sep-23-2020", "23/sep/2020", "2020/sep/23", "dec-2018",
// and (Recognizers) a bare "22/04" or "2/29".
func (r *rec) alnumDate(i int) (Sem, int, bool) {
	t := r.t
	part := func(j int) bool {
		return j < len(t) && (t[j].Kind == number.Num && len(t[j].Text) <= 4 || months[r.w(j)] > 0 && t[j].Kind == number.Word)
	}
	if !part(i) {
		return Sem{}, i, false
	}
	parts := []int{i}
	sep := ""
	j := i + 1
	for len(parts) < 3 && j+1 < len(t) && (t[j].Text == "-" || t[j].Text == "/") && number.Adjacent(t, j) && number.Adjacent(t, j+1) && part(j+1) {
		if sep != "" && t[j].Text != sep {
			break
		}
		sep = t[j].Text
		parts = append(parts, j+1)
		j += 2
	}
	if len(parts) < 2 || j < len(t) && number.Adjacent(t, j) && (t[j].Kind == number.Num || t[j].Text == sep || t[j].Text == "." && j+1 < len(t) && t[j+1].Kind == number.Num) {
		return Sem{}, i, false
	}
	if i > 0 && number.Adjacent(t, i) && (t[i-1].Text == "." || t[i-1].Text == "-" || t[i-1].Text == "/" || t[i-1].Kind == number.Num) {
		return Sem{}, i, false // "0.8/15", "133-03-03"
	}
	y, m, d := 0, 0, 0
	var nums []int
	for _, p := range parts {
		if mm := months[r.w(p)]; mm > 0 && t[p].Kind == number.Word {
			if m != 0 {
				return Sem{}, i, false
			}
			m = mm
			continue
		}
		v, _ := strconv.Atoi(t[p].Text)
		if len(t[p].Text) == 4 {
			if y != 0 {
				return Sem{}, i, false
			}
			y = v
			continue
		}
		nums = append(nums, v)
	}
	switch {
	case m > 0 && len(nums) == 1 && nums[0] >= 1 && nums[0] <= 31:
		d = nums[0]
	case m > 0 && len(nums) == 0 && y > 0:
	case m == 0 && len(parts) == 2 && len(nums) == 2 && r.opt.Recognizers && sep == "/":
		m, d = nums[0], nums[1]
		if r.opt.DayFirst || m > 12 {
			m, d = d, m
		}
	default:
		return Sem{}, i, false
	}
	if m < 1 || m > 12 {
		return Sem{}, i, false
	}
	s := Sem{Kind: "DATE", Y: y, M: m, D: d, Gran: "day"}
	if d == 0 {
		s.Gran = "month"
	}
	if y == 0 {
		s.YearOpen, s.Rel = true, true
		if d > 29 && m == 2 || d > 30 && (m == 4 || m == 6 || m == 9 || m == 11) {
			return Sem{}, i, false
		}
	} else if d > daysIn(y, m) {
		return Sem{}, i, false
	}
	return s, j, true
}

// numericDate: 2016-11-07, 11/7/2016, 11/07/16.
func (r *rec) numericDate(i int) (Sem, int, bool) {
	t := r.t
	if i+4 >= len(t) || t[i].Kind != number.Num {
		return Sem{}, i, false
	}
	sep := t[i+1].Text
	if (sep != "-" && sep != "/" && sep != ".") || !number.Adjacent(t, i+1) || !number.Adjacent(t, i+2) || t[i+2].Kind != number.Num ||
		t[i+3].Text != sep || !number.Adjacent(t, i+3) || !number.Adjacent(t, i+4) || t[i+4].Kind != number.Num {
		return Sem{}, i, false
	}
	if i+5 < len(t) && number.Adjacent(t, i+5) && (t[i+5].Text == sep || t[i+5].Kind == number.Num) {
		return Sem{}, i, false // phone numbers, versions
	}
	if i > 0 && number.Adjacent(t, i) && (t[i-1].Text == sep || t[i-1].Kind == number.Num || t[i-1].Text == ".") {
		return Sem{}, i, false // "133-03-03-2020"
	}
	a, b, c := t[i].Text, t[i+2].Text, t[i+4].Text
	var y, m, d int
	switch {
	case len(a) == 4:
		y, _ = strconv.Atoi(a)
		m, _ = strconv.Atoi(b)
		d, _ = strconv.Atoi(c)
	case len(c) == 4 || len(c) == 2:
		m, _ = strconv.Atoi(a)
		d, _ = strconv.Atoi(b)
		y, _ = strconv.Atoi(c)
		if len(c) == 2 {
			y += 1900
			if y+100 <= r.ref.T.Year()+20 {
				y += 100
			}
		}
		if r.opt.DayFirst {
			m, d = d, m
		}
		if m > 12 && d <= 12 {
			m, d = d, m
		}
	default:
		return Sem{}, i, false
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) || y < 1000 {
		return Sem{}, i, false
	}
	return Sem{Kind: "DATE", Y: y, M: m, D: d, Gran: "day"}, i + 5, true
}

// plausibleYear: a bare number read as a year.
func (r *rec) plausibleYear(y int) bool {
	hi := 2100
	if r.ref.OK {
		hi = r.ref.T.Year() + 20
	}
	if r.opt.Recognizers {
		hi = 2999
	}
	return y >= 1900 && y <= hi || y >= 1000 && y < 1900 && false
}

var yearPrepositions = map[string]bool{"in": true, "since": true, "by": true, "of": true, "until": true, "from": true,
	"during": true, "fiscal": true, "year": true, "early": true, "late": true, "mid": true, "to": true, "through": true,
	"before": true, "after": true, "and": true, "for": true, "between": true, "summer": true, "spring": true, "winter": true,
	"fall": true, "autumn": true, "calendar": true, "till": true}

// yearRule: "1998", "fiscal 1989", "the 1990s", "the year 2019", "'98".
func (r *rec) yearRule(i int) (Sem, int, bool) {
	j := i
	fiscal := false
	if r.w(j) == "fiscal" || r.w(j) == "calendar" {
		fiscal = true
		j++
		if r.w(j) == "year" {
			j++
		}
	} else if r.w(j) == "the" && r.w(j+1) == "year" {
		j += 2
	}
	t := r.t
	if j >= len(t) || t[j].Kind != number.Num || len(t[j].Text) != 4 {
		// "the 1990s"
		if r.w(i) == "the" && i+2 < len(t) && t[i+1].Kind == number.Num && len(t[i+1].Text) == 4 && strings.HasSuffix(t[i+1].Text, "0") && r.w(i+2) == "s" && number.Adjacent(t, i+2) {
			y, _ := strconv.Atoi(t[i+1].Text)
			return Sem{Kind: "DATE", Decade: y / 10, Gran: "decade"}, i + 3, true
		}
		return Sem{}, i, false
	}
	y, _ := strconv.Atoi(t[j].Text)
	// "1990s", "1990 s"
	if j+1 < len(t) && r.w(j+1) == "s" && (number.Adjacent(t, j+1) || t[j+1].Gap == 1) && y%10 == 0 {
		return Sem{Kind: "DATE", Decade: y / 10, Gran: "decade"}, j + 2, true
	}
	if !r.plausibleYear(y) {
		return Sem{}, i, false
	}
	// not a year: money, counts, scores, parts of numbers
	if j > 0 {
		p := t[j-1].Text
		midYear := p == "-" && j > 1 && number.Adjacent(t, j) && (r.w(j-2) == "mid" || r.w(j-2) == "post" || r.w(j-2) == "pre")
		if !midYear && (p == "$" || p == "#" || p == "£" || p == "€" || p == "no" || (number.Adjacent(t, j) && (p == "," || p == "." || p == "-" || p == "/" || p == ":" || t[j-1].Kind != number.Punct))) {
			return Sem{}, i, false
		}
	}
	if j+1 < len(t) {
		n := t[j+1]
		if number.Adjacent(t, j+1) && (n.Text == "," || n.Text == "-" || n.Text == "/" || n.Text == ":" || n.Text == "%" || n.Kind != number.Punct) {
			if !(n.Text == "," && j+2 < len(t) && t[j+2].Space) && !(n.Text == "-" && j+2 < len(t) && t[j+2].Kind == number.Num && len(t[j+2].Text) == 2 && t[j+2].Text == fmt.Sprintf("%02d", (y+1)%100)) {
				return Sem{}, i, false
			}
		}
		nx := r.w(j + 1)
		if nx != "" && strings.HasSuffix(nx, "s") && len(nx) > 3 && !yearPrepositions[r.w(i-1)] && units[nx] == "" && months[nx] == 0 && !r.capital(j+1) && nx != "was" && nx != "has" && nx != "is" {
			return Sem{}, i, false // "2000 pieces": a count
		}
		if nx == "percent" || nx == "people" || nx == "points" || nx == "shares" || nx == "units" || nx == "tons" || units[nx] != "" && nx != "year" {
			return Sem{}, i, false
		}
	}
	return Sem{Kind: "DATE", Y: y, Gran: "year", Fiscal: fiscal}, j + 1, true
}

var unitGran = map[string]string{"D": "day", "W": "week", "M": "month", "Y": "year", "Q": "quarter", "DE": "decade", "CE": "century", "WE": "weekend"}

// shiftSem computes this/last/next UNIT relative to ref.
func (r *rec) shiftSem(u string, n int) (Sem, bool) {
	ref := r.ref.T
	s := Sem{Kind: "DATE", Rel: true, Gran: unitGran[u]}
	switch u {
	case "D":
		d := ref.AddDate(0, 0, n)
		s.Y, s.M, s.D = d.Year(), int(d.Month()), d.Day()
	case "W", "WE":
		d := ref.AddDate(0, 0, 7*n)
		y, w := d.ISOWeek()
		s.Y, s.Week = y, w
		s.Weekend = u == "WE"
	case "M":
		d := date(ref.Year(), int(ref.Month()), 1).AddDate(0, n, 0)
		s.Y, s.M = d.Year(), int(d.Month())
	case "Y":
		s.Y = ref.Year() + n
	case "Q":
		q := (int(ref.Month())-1)/3 + n
		y := ref.Year()
		for q < 0 {
			q += 4
			y--
		}
		for q > 3 {
			q -= 4
			y++
		}
		s.Y, s.Q = y, q+1
	case "DE":
		s.Decade = ref.Year()/10 + n
	case "CE":
		s.Century = ref.Year()/100 + n
	default:
		return s, false
	}
	return s, true
}

// shiftRule: "last year", "next week", "this month", "last Friday", "next
// March", "this summer", "the past week" (a duration), "the next 7 days".
func (r *rec) shiftRule(i int) (Sem, int, bool) {
	j := i
	the := false
	if r.w(j) == "the" {
		the = true
		j++
	}
	w := r.w(j)
	n, ok := shiftWords[w]
	if !ok && w == "that" && !the && r.anchored && (r.w(j+1) == "year" || r.w(j+1) == "month" || r.w(j+1) == "quarter") && r.txt(j+2) != "-" {
		n, ok = 0, true // "that year": the anchor's year (see narrativeShift)
	}
	if !ok && w == "that" && r.opt.Recognizers && (r.w(j+1) == "weekend" || r.w(j+1) == "week") {
		s, _ := r.shiftSem(units[r.w(j+1)], 0)
		s.RefUndef = true
		return s, j + 2, true
	}
	if !ok {
		return Sem{}, i, false
	}
	j++
	// "the past two years", "the last 3 months": durations
	if c, k, ok := r.count(j); ok && w != "this" && r.w(j) != "a" && r.w(j) != "an" {
		if u := units[r.w(k)]; u != "" && u != "WE" {
			s := Sem{Kind: "DURATION", Dur: r.durVal(c, u), Gran: unitGran[u]}
			if r.opt.Recognizers && c > 0 && u == "Q" {
				// quarter-aligned: the last N whole quarters, or the next N
				cur, _ := r.shiftSem("Q", 0)
				qs := date(cur.Y, 3*cur.Q-2, 1)
				var b, e time.Time
				if n > 0 {
					b = qs.AddDate(0, 3, 0)
					e = b.AddDate(0, 3*c, 0)
				} else {
					e = qs
					b = e.AddDate(0, -3*c, 0)
				}
				return Sem{Kind: "DATERANGE", RangeDur: durValue(c, u), RangeB: b, RangeE: e, Rel: true}, k + 1, true
			}
			if r.opt.Recognizers && c > 0 && (u == "D" || u == "W" || u == "M" || u == "Y") {
				ref := r.ref.T
				day := date(ref.Year(), int(ref.Month()), ref.Day())
				var b, e time.Time
				if n > 0 {
					b = day.AddDate(0, 0, 1)
					e = addUnit(b, u, c)
				} else {
					e = day
					b = addUnit(e, u, -c)
				}
				s = Sem{Kind: "DATERANGE", RangeDur: durValue(c, u), RangeB: b, RangeE: e, Rel: true}
			}
			return s, k + 1, true
		}
	}
	u := units[r.w(j)]
	if u != "" && !strings.HasSuffix(r.w(j), "s") {
		if the && n != 0 && (w == "past" || w == "last") && u != "WE" {
			// "the past week": a duration in TimeML
			return Sem{Kind: "DURATION", Dur: durValue(1, u), Gran: unitGran[u]}, j + 1, true
		}
		if the && w == "same" {
			return Sem{}, i, false
		}
		if w == "same" && r.opt.Recognizers && (u == "W" || u == "Y" || u == "M") {
			s, _ := r.shiftSem(u, 0)
			s.RefUndef = true
			return s, j + 1, true
		}
		if u == "H" || u == "MI" || u == "S" || u == "FN" {
			return Sem{}, i, false
		}
		s, ok := r.shiftSem(u, n)
		if !ok {
			return Sem{}, i, false
		}
		return s, j + 1, true
	}
	if the {
		return Sem{}, i, false
	}
	if wd, ok := weekdays[r.w(j)]; ok {
		ref := r.ref.T
		// last Friday: the one before ref; next Friday: the one after; this Friday: in this week
		var d time.Time
		cur := weekday(ref)
		switch {
		case r.opt.Recognizers && n != 0 && w != "past" && w != "coming":
			// the Recognizers convention: that day of the previous/next calendar week
			d = weekStart(ref).AddDate(0, 0, 7*n+wd-1)
		case n < 0:
			diff := (cur - wd + 7) % 7
			if diff == 0 {
				diff = 7
			}
			d = ref.AddDate(0, 0, -diff)
		case n > 0:
			diff := (wd - cur + 7) % 7
			if diff == 0 {
				diff = 7
			}
			d = ref.AddDate(0, 0, diff)
		default:
			d = weekStart(ref).AddDate(0, 0, wd-1)
		}
		s := Sem{Kind: "DATE", Y: d.Year(), M: int(d.Month()), D: d.Day(), Gran: "day", Rel: true}
		e := j + 1
		if p := partsOfDay[r.w(e)]; p != "" {
			s.POD, s.Kind, s.PODWeak = p, "TIME", true
			e++
		}
		return s, e, true
	}
	if m, ok := months[r.w(j)]; ok && (len(r.w(j)) > 3 || r.txt(j+1) == ".") && !((m == 3 || m == 5) && !r.capital(j) && !r.opt.Recognizers) {
		ref := r.ref.T
		y := ref.Year()
		switch {
		case n < 0:
			if m >= int(ref.Month()) {
				y--
			}
		case n > 0:
			if m <= int(ref.Month()) {
				y++
			}
		}
		return Sem{Kind: "DATE", Y: y, M: m, Gran: "month", Rel: true}, r.skipDot(j + 1), true
	}
	if se, ok := seasons[r.w(j)]; ok {
		y := r.ref.T.Year() + n
		return Sem{Kind: "DATE", Y: y, Season: se, Gran: "season", Rel: true}, j + 1, true
	}
	if (w == "next" || w == "last") && r.opt.Recognizers {
		if p := partsOfDay[r.w(j)]; p != "" && p != "NI" {
			d := r.ref.T.AddDate(0, 0, n)
			return Sem{Kind: "TIME", Y: d.Year(), M: int(d.Month()), D: d.Day(), POD: p, Gran: "partofday", Rel: true}, j + 1, true
		}
	}
	if w == "this" {
		if p := partsOfDay[r.w(j)]; p != "" {
			d := r.ref.T
			return Sem{Kind: "TIME", Y: d.Year(), M: int(d.Month()), D: d.Day(), POD: p, Gran: "partofday", Rel: true}, j + 1, true
		}
	}
	return Sem{}, i, false
}

// durVal is durValue with TimeML's quarter unit ("P2Q") outside the
// Recognizers scheme, which counts quarters in months.
func (r *rec) durVal(n int, u string) string {
	if u == "Q" && !r.opt.Recognizers {
		if n > 0 {
			return "P" + strconv.Itoa(n) + "Q"
		}
		return "PXQ"
	}
	return durValue(n, u)
}

func durValue(n int, u string) string {
	c := "X"
	if n > 0 {
		c = strconv.Itoa(n)
	}
	switch u {
	case "H", "MI", "S":
		if u == "MI" {
			u = "M"
		}
		return "PT" + c + u
	case "DE":
		if n > 0 {
			return "P" + strconv.Itoa(10*n) + "Y"
		}
		return "PXDE"
	case "CE":
		if n > 0 {
			return "P" + strconv.Itoa(100*n) + "Y"
		}
		return "PXCE"
	case "Q":
		if n > 0 {
			return "P" + strconv.Itoa(3*n) + "M"
		}
		return "PXQ"
	case "FN":
		if n > 0 {
			return "P" + strconv.Itoa(2*n) + "W"
		}
		return "PXW"
	case "WE":
		return "P" + c + "WE"
	}
	return "P" + c + u
}

// unitRank orders units from coarse to fine for compound durations.
var unitRank = map[string]int{"Y": 1, "M": 2, "W": 3, "D": 4, "H": 5, "MI": 6, "S": 7}

// durDec renders a fractional duration: PT1.5H, P2.5Y.
func durDec(n, u string) string {
	switch u {
	case "H", "S":
		return "PT" + n + u
	case "MI":
		return "PT" + n + "M"
	}
	return "P" + n + u
}

// subUnit is the next finer unit and how many of it make one of u.
var subUnit = map[string]struct {
	u string
	n int64
}{"Y": {"M", 12}, "W": {"D", 7}, "D": {"H", 24}, "H": {"MI", 60}, "MI": {"S", 60}}

// durFrac renders a fractional duration. TIMEX3 annotation writes
// "5 1/2 hours" as PT5H30M, in whole units, where the fraction is a whole
// number of the next finer unit; the Recognizers scheme keeps the decimal.
func (r *rec) durFrac(v decimal.Decimal, u string) string {
	if !r.opt.Recognizers {
		if su, ok := subUnit[u]; ok {
			whole := v.IntPart()
			rest := v.Sub(decimal.NewFromInt(whole)).Mul(decimal.NewFromInt(su.n))
			if rest.IsInteger() && rest.Sign() > 0 && whole < 1000 {
				if whole == 0 {
					return durValue(int(rest.IntPart()), su.u)
				}
				return durJoin(int(whole), u, int(rest.IntPart()), su.u)
			}
		}
	}
	return durDec(v.String(), u)
}

// durJoin renders "1 hour and 30 minutes" as PT1H30M.
func durJoin(c1 int, u1 string, c2 int, u2 string) string {
	part := func(c int, u string) string {
		if u == "MI" {
			u = "M"
		}
		return strconv.Itoa(c) + u
	}
	timeU := func(u string) bool { return u == "H" || u == "MI" || u == "S" }
	s := "P"
	if !timeU(u1) {
		s += part(c1, u1)
		if timeU(u2) {
			s += "T"
		}
		return s + part(c2, u2)
	}
	return "PT" + part(c1, u1) + part(c2, u2)
}

// agoRule: "two weeks ago", "a year earlier", "three days later", "5 years from now".
func (r *rec) agoRule(i int) (Sem, int, bool) {
	c, k, ok := r.count(i)
	if !ok {
		return Sem{}, i, false
	}
	u := units[r.w(k)]
	if u == "" {
		return Sem{}, i, false
	}
	e := k + 1
	dir := 0
	switch r.w(e) {
	case "ago", "earlier", "before":
		dir = -1
	case "later", "hence":
		dir = 1
	case "from":
		if r.w(e+1) == "now" {
			dir = 1
			e++
		}
	}
	if dir == 0 {
		return Sem{}, i, false
	}
	if dir > 0 && r.opt.Recognizers && (r.w(e+1) == "this" || r.w(e+1) == "next" || r.w(e+1) == "today") {
		return Sem{}, i, false // "30 minutes later this week": "later" goes with the week
	}
	if r.w(e) == "before" || r.w(e) == "later" {
		// "a year before the vote": anchored on an event, keep the duration
		if r.w(e) == "before" && r.w(e+1) != "" && r.w(e+1) != "that" {
			return Sem{}, i, false
		}
	}
	if !r.opt.Recognizers && c != 0 && (r.w(e) == "later" || r.w(e) == "earlier") && (u == "D" || u == "W" || u == "FN" || u == "M" || u == "H" || u == "MI" || u == "S") {
		// "three days later", "an hour earlier": counted from a time in the
		// narrative, not from the publication date, so the value TIMEX3
		// can give is the duration; "later" is its signal, outside the extent
		// ("a year earlier" in results stays a date: it compares periods)
		return Sem{Kind: "DURATION", Dur: r.durVal(c, u), Gran: unitGran[u]}, e, true
	}
	if c < 0 {
		ref := "PAST_REF"
		if dir > 0 {
			ref = "FUTURE_REF"
		}
		return Sem{Kind: "DATE", Ref: ref, Gran: "ref", Rel: true}, e + 1, true
	}
	if c == 0 {
		return Sem{}, i, false
	}
	var s Sem
	ref := r.ref.T
	if r.opt.Recognizers && (u == "D" || u == "W" || u == "M" || u == "Y" || u == "FN") {
		// the Recognizers convention: a day, whatever the unit
		if u == "FN" {
			u, c = "W", 2*c
		}
		d := addUnit(date(ref.Year(), int(ref.Month()), ref.Day()), u, dir*c)
		return Sem{Kind: "DATE", Y: d.Year(), M: int(d.Month()), D: d.Day(), Gran: "day", Rel: true}, e + 1, true
	}
	switch u {
	case "D":
		d := ref.AddDate(0, 0, dir*c)
		s = Sem{Kind: "DATE", Y: d.Year(), M: int(d.Month()), D: d.Day(), Gran: "day"}
	case "W", "FN":
		if u == "FN" {
			c *= 2
		}
		d := ref.AddDate(0, 0, 7*dir*c)
		y, w := d.ISOWeek()
		s = Sem{Kind: "DATE", Y: y, Week: w, Gran: "week"}
	case "M":
		d := date(ref.Year(), int(ref.Month()), 1).AddDate(0, dir*c, 0)
		s = Sem{Kind: "DATE", Y: d.Year(), M: int(d.Month()), Gran: "month"}
	case "Y":
		s = Sem{Kind: "DATE", Y: ref.Year() + dir*c, Gran: "year"}
		if c == 1 && dir < 0 && r.quarterContext(i) {
			// earnings language: "a year ago" is the reported quarter, a year back
			q, _ := r.shiftSem("Q", -1)
			s = Sem{Kind: "DATE", Y: q.Y - 1, Q: q.Q, Gran: "quarter"}
		}
	case "Q":
		s2, _ := r.shiftSem("Q", dir*c)
		s = s2
	case "DE":
		s = Sem{Kind: "DATE", Y: ref.Year() + 10*dir*c, Gran: "year"}
	case "H", "MI", "S":
		dur := time.Duration(c) * map[string]time.Duration{"H": time.Hour, "MI": time.Minute, "S": time.Second}[u]
		d := ref.Add(time.Duration(dir) * dur)
		s = Sem{Kind: "TIME", Y: d.Year(), M: int(d.Month()), D: d.Day(), HH: d.Hour(), MI: d.Minute(), HasTime: true, Gran: "minute"}
	default:
		return Sem{}, i, false
	}
	s.Rel = true
	return s, e + 1, true
}

// yearAgoRule: "the year-earlier quarter", "the year-ago period",
// "year-earlier", "the latest period" in earnings language.
func (r *rec) yearAgoRule(i int) (Sem, int, bool) {
	j := i
	if r.w(j) == "the" {
		j++
	}
	back := 0
	switch {
	case r.w(j) == "year" && r.txt(j+1) == "-" && (r.w(j+2) == "earlier" || r.w(j+2) == "ago"):
		back = 1
		j += 3
	case (r.w(j) == "latest" || r.w(j) == "same") && r.w(j+1) == "period" && j > i:
		j++
	default:
		return Sem{}, i, false
	}
	if r.w(j) == "quarter" || r.w(j) == "period" {
		j++
	} else if back == 1 && j-i == 3 && !r.quarterContext(i) {
		return Sem{}, i, false
	}
	if !r.quarterContext(i) && r.w(j-1) != "quarter" {
		return Sem{Kind: "DATE", Y: r.ref.T.Year() - back, Gran: "year", Rel: true}, j, true
	}
	q, _ := r.shiftSem("Q", -1)
	return Sem{Kind: "DATE", Y: q.Y - back, Q: q.Q, Gran: "quarter", Rel: true}, j, true
}

var teenCentury = map[string]int{"nineteen": 19, "eighteen": 18, "twenty": 20, "seventeen": 17}

// miscRule: spelled years ("nineteen ninety-six", "the year two thousand"),
// centuries ("the 20th century"), "the coming years", "the near future",
// "the (fiscal) year" in company reports.
func (r *rec) miscRule(i int) (Sem, int, bool) {
	w := r.w(i)
	if c, ok := teenCentury[w]; ok && !r.opt.Recognizers {
		j := i + 1
		if tw, ok := tensWord(r.w(j)); ok {
			y := c*100 + tw
			j++
			if r.txt(j) == "-" {
				j++
			}
			if u, ok := unitWord(r.w(j)); ok {
				y += u
				j++
			} else if r.txt(j-1) == "-" {
				j--
			}
			return Sem{Kind: "DATE", Y: y, Gran: "year"}, j, true
		}
	}
	j := i
	if w == "the" {
		j++
	}
	// "week 31", "week 27 of last year"
	if r.w(i) == "week" {
		if n, ok := r.num(i + 1); ok && n >= 1 && n <= 53 && len(r.txt(i+1)) <= 2 {
			s := Sem{Kind: "DATE", Y: r.ref.T.Year(), Week: n, Gran: "week", Rel: true}
			e := i + 2
			if r.w(e) == "of" {
				if e2, y, ok := r.ofYear(e); ok {
					s.Y, e = y, e2
				}
			}
			return s, e, true
		}
	}
	if r.opt.Recognizers {
		switch {
		case w == "nineties" || w == "eighties" || w == "seventies" || w == "sixties":
			d := map[string]int{"nineties": 199, "eighties": 198, "seventies": 197, "sixties": 196}[w]
			return Sem{Kind: "DATE", Decade: d, Gran: "decade", CenturyOpen: true}, i + 1, true
		case r.t[i].Kind == number.Num && len(r.t[i].Text) == 2 && strings.HasSuffix(r.t[i].Text, "0") && r.w(i+1) == "s" && i+1 < len(r.t) && (number.Adjacent(r.t, i+1) || r.t[i+1].Gap == 1):
			v, _ := strconv.Atoi(r.t[i].Text)
			return Sem{Kind: "DATE", Decade: 190 + v/10, Gran: "decade", CenturyOpen: true}, i + 2, true
		case (w == "sy" || w == "cy" || w == "fy") && i+1 < len(r.t) && number.Adjacent(r.t, i+1) && r.t[i+1].Kind == number.Num && len(r.t[i+1].Text) == 2:
			v, _ := strconv.Atoi(r.t[i+1].Text)
			if w == "cy" {
				return Sem{Kind: "DATE", Y: 2000 + v, Gran: "year"}, i + 2, true
			}
			return Sem{Kind: "DATE", Y: 2000 + v, Gran: "year", Fiscal: true, School: w == "sy"}, i + 2, true
		case (w == "fiscal" || w == "school") && r.w(i+1) == "year" || (w == "this" || w == "last" || w == "next") && (r.w(i+1) == "fiscal" || r.w(i+1) == "school") && r.w(i+2) == "year":
			k, n := i, 0
			if w != "fiscal" && w != "school" {
				n = shiftWords[w]
				k++
			}
			school := r.w(k) == "school"
			e := k + 2
			if y, ok := r.num(e); ok && len(r.txt(e)) == 4 {
				return Sem{Kind: "DATE", Y: y, Gran: "year", Fiscal: true, School: school}, e + 1, true
			}
			if k == i {
				return Sem{Kind: "DATE", Gran: "year", Fiscal: true, School: school, FiscalOpen: true}, e, true
			}
			return Sem{Kind: "DATE", Y: r.ref.T.Year() + n, Gran: "year", Fiscal: true, School: school, Rel: true}, e, true
		case w == "easter" && !(r.w(i-1) == "next" || r.w(i-1) == "previous" || r.w(i-1) == "last" || r.w(i-1) == "this"):
			ref := r.ref.T
			day := date(ref.Year(), int(ref.Month()), ref.Day())
			d := easter(ref.Year())
			if !d.After(day) {
				d = easter(ref.Year() + 1) // the Recognizers convention: the coming one
			}
			return Sem{Kind: "DATE", Y: d.Year(), M: int(d.Month()), D: d.Day(), Gran: "day", Rel: true}, i + 1, true
		case w == "easter" || (w == "next" || w == "previous" || w == "last" || w == "this") && r.w(i+1) == "easter":
			k, n := i, 0
			if w != "easter" {
				n = shiftWords[w]
				k++
			}
			ref := r.ref.T
			day := date(ref.Year(), int(ref.Month()), ref.Day())
			d := easter(ref.Year())
			switch {
			case n > 0 && !d.After(day):
				d = easter(ref.Year() + 1)
			case n < 0 && !d.Before(day):
				d = easter(ref.Year() - 1)
			case n == 0 && w == "easter" && r.tense(i, i+1) > 0 && d.Before(day):
				d = easter(ref.Year() + 1)
			}
			return Sem{Kind: "DATE", Y: d.Year(), M: int(d.Month()), D: d.Day(), Gran: "day", Rel: true}, k + 1, true
		case w == "the" && r.w(i+1) == "day" && (r.w(i+2) == "after" || r.w(i+2) == "before") && (i+3 >= len(r.t) || r.t[i+3].Kind == number.Punct):
			off := 1
			if r.w(i+2) == "before" {
				off = -1
			}
			s, _ := r.shiftSem("D", off)
			return s, i + 3, true
		case (w == "end" || w == "beginning" || w == "start" || w == "middle") && r.w(i+1) == "of" && (units[r.w(i+2)] != "" || r.w(i+2) == "the" && units[r.w(i+3)] != ""):
			k := i + 2
			if r.w(k) == "the" {
				k++
			}
			u := units[r.w(k)]
			if u != "W" && u != "M" && u != "Y" {
				break
			}
			s, _ := r.shiftSem(u, 0)
			s.Mod = modWords[w]
			return s, k + 1, true
		case (w == "till" || w == "to") && r.w(i+1) == "date" && r.w(i-1) != "up":
			return Sem{Kind: "DATE", Ref: "PRESENT_REF", Mod: "BEFORE", Gran: "ref", ToDate: true}, i + 2, true
		case w == "weekend" && r.w(i-1) != "the" && r.w(i-1) != "this" && r.w(i-1) != "that":
			s, _ := r.shiftSem("WE", 0)
			return s, i + 1, true
		case r.t[i].Kind == number.Num && len(r.t[i].Text) == 4 && i+2 < len(r.t) && r.txt(i+1) == "-" && number.Adjacent(r.t, i+1) && number.Adjacent(r.t, i+2) && r.t[i+2].Kind == number.Num && len(r.t[i+2].Text) == 4:
			y1, _ := strconv.Atoi(r.t[i].Text)
			y2, _ := strconv.Atoi(r.t[i+2].Text)
			if y1 >= 1900 && y2 > y1 && y2 <= 2100 && !(i+3 < len(r.t) && number.Adjacent(r.t, i+3) && (r.t[i+3].Kind != number.Punct || r.t[i+3].Text == "-")) && !(i > 0 && number.Adjacent(r.t, i)) {
				return Sem{Kind: "DATERANGE", RangeDur: fmt.Sprintf("P%dY", y2-y1), RangeB: date(y1, 1, 1), RangeE: date(y2, 1, 1)}, i + 3, true
			}
		case w == "the":
			if v, e, ok := number.Ordinal(r.t, i+1); ok && v >= 1 && v <= 31 && (e >= len(r.t) || r.t[e].Kind == number.Punct) &&
				(r.w(i-1) == "on" || r.w(i-1) == "by" || r.w(i-1) == "until" || r.w(i-1) == "till" || r.w(i-1) == "before" || r.w(i-1) == "after" || r.w(i-1) == "since") {
				return Sem{Kind: "DATE", D: int(v), MonthOpen: true, Gran: "day", Rel: true}, e, true
			}
		}
	}
	// Recognizers: "the week", "the year", "the day" are the current ones
	if r.opt.Recognizers && w == "the" && !(r.w(i+1) == "week" && r.isNum(i+2)) {
		switch r.w(i + 1) {
		case "week":
			s, _ := r.shiftSem("W", 0)
			return s, i + 2, true
		case "year":
			s, _ := r.shiftSem("Y", 0)
			return s, i + 2, true
		case "day":
			s, _ := r.shiftSem("D", 0)
			return s, i + 2, true
		}
	}
	if r.w(j) == "year" && r.w(j+1) == "two" && r.w(j+2) == "thousand" {
		return Sem{Kind: "DATE", Y: 2000, Gran: "year"}, j + 3, true
	}
	if v, e, ok := number.Ordinal(r.t, j); ok && v >= 1 && v <= 30 && r.w(e) == "century" {
		return Sem{Kind: "DATE", Century: int(v) - 1, Gran: "century"}, e + 1, true
	}
	if u := units[r.w(j+1)]; r.w(j) == "coming" && u != "" && strings.HasSuffix(r.w(j+1), "s") {
		if !r.opt.Recognizers && u != "WE" {
			// "in the coming weeks": the mirror of "recent weeks" (PXW)
			return Sem{Kind: "DURATION", Dur: durValue(-1, u), Gran: unitGran[u]}, j + 2, true
		}
		return Sem{Kind: "DATE", Ref: "FUTURE_REF", Gran: "ref"}, j + 2, true
	}
	if j > i && r.w(j) == "near" && r.w(j+1) == "future" {
		return Sem{Kind: "DATE", Ref: "FUTURE_REF", Gran: "ref"}, j + 2, true
	}
	if j > i && !r.opt.Recognizers {
		k := j
		if r.w(k) == "fiscal" || r.w(k) == "full" {
			k++
		}
		if r.w(k) == "year" {
			if nx := r.w(k + 1); nx == "ended" || nx == "ending" || nx == "earlier" || nx == "ago" || nx == "before" {
				if nx == "ended" || nx == "ending" {
					return Sem{Kind: "DURATION", Dur: "P1Y", Gran: "year"}, k + 1, true
				}
				return Sem{}, i, false
			}
			if p := r.w(i - 1); p == "for" || p == "of" || p == "in" || p == "during" {
				return Sem{Kind: "DATE", Y: r.ref.T.Year(), Gran: "year", Rel: true}, k + 1, true
			}
		}
	}
	return Sem{}, i, false
}

var tensWords = map[string]int{"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
	"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
	"fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}

var unitWords = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}

func tensWord(w string) (int, bool) {
	v, ok := tensWords[w]
	return v, ok
}

func unitWord(w string) (int, bool) {
	v, ok := unitWords[w]
	return v, ok
}

// weekOfRule: "the first week of 2015", "last week of Dec 2016", "the
// last week of July", "3rd week of 2018".
func (r *rec) weekOfRule(i int) (Sem, int, bool) {
	j := i
	if r.w(j) == "the" {
		j++
	}
	n := 0
	switch w := r.w(j); w {
	case "last", "final":
		n = -1
		j++
	default:
		v, e, ok := number.Ordinal(r.t, j)
		if !ok || v < 1 || v > 5 {
			return Sem{}, i, false
		}
		n, j = int(v), e
	}
	if r.w(j) != "week" || r.w(j+1) != "of" {
		return Sem{}, i, false
	}
	k := j + 2
	if y, ok := r.num(k); ok && len(r.txt(k)) == 4 {
		w := n
		if n < 0 {
			_, w = date(y, 12, 28).ISOWeek()
		}
		return Sem{Kind: "DATE", Y: y, Week: w, Gran: "week"}, k + 1, true
	}
	m, ok := months[r.w(k)]
	if !ok {
		return Sem{}, i, false
	}
	k = r.skipDot(k + 1)
	s := Sem{Kind: "DATE", M: m, WeekOfMonth: n, Gran: "week", YearOpen: true, Rel: true}
	if y, ok := r.num(k); ok && len(r.txt(k)) == 4 {
		s.Y, s.YearOpen, s.Rel = y, false, false
		k++
	}
	return s, k, true
}

// MonthWeek returns the Monday starting week n of a month (n -1: the
// last full week) and its index counted from the week holding the 1st.
func MonthWeek(y, m, n int) (time.Time, int) {
	first := date(y, m, 1)
	w1 := weekStart(first)
	var mon time.Time
	if n > 0 {
		mon = w1.AddDate(0, 0, 7*(n-1))
	} else {
		last := date(y, m+1, 0).AddDate(0, 0, -1)
		mon = weekStart(last)
	}
	return mon, int(mon.Sub(w1).Hours()/24)/7 + 1
}

// easter is Easter Sunday of year y (anonymous Gregorian computus).
func easter(y int) time.Time {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return date(y, month, day)
}

// quarterContext: the nearby text talks about quarterly results.
func (r *rec) quarterContext(i int) bool {
	for j := i - 1; j >= 0 && i-j < 120; j-- {
		if w := r.t[j].Text; w == "quarter" || w == "quarterly" {
			return true
		}
	}
	for j := i; j < len(r.t) && j-i < 8; j++ {
		if w := r.t[j].Text; w == "quarter" || w == "period" {
			return true
		}
	}
	return false
}

func addUnit(t time.Time, u string, n int) time.Time {
	switch u {
	case "D":
		return t.AddDate(0, 0, n)
	case "W":
		return t.AddDate(0, 0, 7*n)
	case "M":
		return t.AddDate(0, n, 0)
	case "Y":
		return t.AddDate(n, 0, 0)
	case "H":
		return t.Add(time.Duration(n) * time.Hour)
	case "MI":
		return t.Add(time.Duration(n) * time.Minute)
	case "S":
		return t.Add(time.Duration(n) * time.Second)
	}
	return t
}

// clockAt reads a clock time for ranges: "5", "6pm", "10:30", "9.30",
// "0730", "seven", "noon". ampm is "am", "pm" or "".
func (r *rec) clockAt(j int) (h, m int, minGiven bool, ampm string, e int, ok bool) {
	t := r.t
	if j >= len(t) {
		return
	}
	e = j + 1
	switch {
	case t[j].Kind == number.Num && len(t[j].Text) == 4:
		if w := r.w(j - 1); w != "between" && w != "from" && !(r.txt(j-1) == "-" && (r.w(j-3) == "between" || r.w(j-3) == "from")) {
			return
		}
		v, _ := strconv.Atoi(t[j].Text)
		h, m, minGiven = v/100, v%100, true
	case t[j].Kind == number.Num && len(t[j].Text) <= 2:
		h, _ = strconv.Atoi(t[j].Text)
		if e+1 < len(t) && (t[e].Text == ":" || t[e].Text == ".") && number.Adjacent(t, e) && number.Adjacent(t, e+1) && t[e+1].Kind == number.Num && len(t[e+1].Text) == 2 {
			m, _ = strconv.Atoi(t[e+1].Text)
			minGiven = true
			e += 2
		}
	case r.w(j) == "noon":
		return 12, 0, false, "pm", e, true
	case r.w(j) == "midnight":
		return 0, 0, false, "am", e, true
	default:
		v, ok2 := unitWord(r.w(j))
		if !ok2 {
			v, ok2 = map[string]int{"ten": 10, "eleven": 11, "twelve": 12}[r.w(j)]
		}
		if !ok2 {
			return
		}
		h = v
		if mm, ok3 := tensWord(r.w(e)); ok3 && mm >= 10 && mm < 60 {
			m, minGiven = mm, true
			e++
			if mm >= 20 && r.txt(e) == "-" {
				if u, ok4 := unitWord(r.w(e + 1)); ok4 {
					m += u
					e += 2
				}
			}
		}
	}
	if h > 24 || m > 59 {
		return 0, 0, false, "", j, false
	}
	switch r.w(e) {
	case "am", "pm":
		ampm = r.w(e)
		e++
	case "a", "p":
		if r.txt(e+1) == "." && r.w(e+2) == "m" {
			ampm = r.w(e) + "m"
			e += 3
			if r.txt(e) == "." && number.Adjacent(t, e) {
				e++
			}
		} else if r.w(e+1) == "m" {
			ampm = r.w(e) + "m"
			e += 2
		}
	case "oclock":
		e++
	}
	return h, m, minGiven, ampm, e, true
}

// timeRangeRule (Recognizers scheme): "5 to 6pm", "from 10:30 to 3",
// "between 9 and 10:30", "8-9am".
func (r *rec) timeRangeRule(i int) (Sem, int, bool) {
	j := i
	between := false
	if w := r.w(j); w == "from" || w == "between" {
		between = w == "between"
		j++
	}
	h1, m1, g1, a1, e1, ok := r.clockAt(j)
	if !ok {
		return Sem{}, i, false
	}
	c := r.txt(e1)
	if !(c == "to" || c == "-" || c == "till" || c == "until" || c == "~" || c == "and" && between) {
		return Sem{}, i, false
	}
	h2, m2, g2, a2, e2, ok := r.clockAt(e1 + 1)
	if !ok {
		return Sem{}, i, false
	}
	// bare numbers need some sign of being clock times
	if a1 == "" && a2 == "" && !g1 && !g2 && j == i && r.w(e2) != "oclock" && !r.dayAt(e2) && !r.dayBefore(i) && partsOfDay[r.w(e2+2)] == "" && partsOfDay[r.w(e2+1)] == "" {
		return Sem{}, i, false
	}
	if r.txt(e1) == "-" && (!number.Adjacent(r.t, e1) && a1 == "" && a2 == "" && !g1 || r.t[j].Kind != number.Num || r.t[e1+1].Kind != number.Num) {
		return Sem{}, i, false
	}
	ambig := a1 == "" && a2 == "" && h1 <= 12 && h2 <= 12
	if ambig && h1 == 12 && h2 < 12 {
		h1 = 0 // "12-4": from midnight, or from noon
	} else if ambig && h2 < h1 && h2+12 > h1 {
		h2 += 12         // "from 10:30 to 3": the afternoon
		ambig = c == "-" // "11-4" keeps its night reading too
	}
	if a1 == "pm" && h1 < 12 {
		h1 += 12
	}
	if a2 == "pm" && h2 < 12 {
		h2 += 12
	}
	if a1 == "am" && h1 == 12 {
		h1 = 0
	}
	if a2 == "am" && h2 == 12 {
		h2 = 0
	}
	if a1 == "" && a2 == "pm" && (h1+12)*60+m1 <= h2*60+m2 {
		h1 += 12
	}
	if a1 == "" && a2 == "pm" && h1 == 12 {
		// "12-4 pm"
	}
	if a2 == "" && a1 == "pm" && h2 < 12 && h2+12 >= h1 {
		h2 += 12
	}
	s := Sem{Kind: "TIMERANGE", HH: h1, MI: m1, MinGiven: g1, HH2: h2, MI2: m2, MinGiven2: g2, AmbigHour: ambig, Rel: true, Gran: "minute"}
	// "in the morning"/"in the evening" after the range fixes am/pm
	k := e2
	if r.w(k) == "in" && r.w(k+1) == "the" && partsOfDay[r.w(k+2)] != "" {
		if p := partsOfDay[r.w(k+2)]; (p == "AF" || p == "EV" || p == "NI") && s.HH2 < 12 {
			s.HH += 12
			s.HH2 += 12
		}
		s.AmbigHour = false
		k += 3
	}
	return s, k, true
}

func (r *rec) dayAt(j int) bool {
	if r.w(j) == "on" {
		j++
	}
	if r.w(j) == "next" || r.w(j) == "this" || r.w(j) == "last" {
		j++
	}
	_, wd := weekdays[r.w(j)]
	_, dw := dayWords[r.w(j)]
	return wd || dw
}

func (r *rec) dayBefore(i int) bool {
	_, wd := weekdays[r.w(i-1)]
	_, dw := dayWords[r.w(i-1)]
	return wd || dw || partsOfDay[r.w(i-1)] != ""
}

// subRangeRule (Recognizers scheme): "next hour", "last minute", "5
// coming minutes", "13 last minutes", "3 next weeks", "5 upcoming years".
func (r *rec) subRangeRule(i int) (Sem, int, bool) {
	j := i
	c := 1
	if n, k, ok := r.count(j); ok && n > 0 && r.t[j].Kind == number.Num {
		c, j = n, k
	}
	w := r.w(j)
	dir := 0
	switch w {
	case "next", "coming", "upcoming", "following":
		dir = 1
	case "last", "past", "previous":
		dir = -1
	default:
		return Sem{}, i, false
	}
	u := units[r.w(j+1)]
	if u == "" || u == "WE" || u == "Q" || u == "DE" || u == "CE" || u == "FN" {
		return Sem{}, i, false
	}
	if j > i && !strings.HasSuffix(r.w(j+1), "s") {
		return Sem{}, i, false // "3 next week": the count belongs elsewhere
	}
	if j == i && u != "H" && u != "MI" && u != "S" {
		return Sem{}, i, false // "next week" and friends have their own rule
	}
	ref := r.ref.T
	s := Sem{Kind: "DATERANGE", RangeDur: durValue(c, u), Rel: true}
	if u == "H" || u == "MI" || u == "S" {
		s.RangeTime = true
		if dir > 0 {
			s.RangeB, s.RangeE = ref, addUnit(ref, u, c)
		} else {
			s.RangeB, s.RangeE = addUnit(ref, u, -c), ref
		}
		return s, j + 2, true
	}
	day := date(ref.Year(), int(ref.Month()), ref.Day())
	if dir > 0 {
		b := day.AddDate(0, 0, 1)
		s.RangeB, s.RangeE = b, addUnit(b, u, c)
	} else {
		s.RangeB, s.RangeE = addUnit(day, u, -c), day
	}
	return s, j + 2, true
}

// dayNum reads a day of the month: "19", "9th", "ninth", "twenty-seventh".
func (r *rec) dayNum(j int) (int, int, bool) {
	if v, ok := r.num(j); ok && v >= 1 && v <= 31 && len(r.txt(j)) <= 2 {
		k := j + 1
		if suf := r.w(k); (suf == "st" || suf == "nd" || suf == "rd" || suf == "th") && number.Adjacent(r.t, k) {
			k++
		}
		return v, k, true
	}
	if v, e, ok := number.Ordinal(r.t, j); ok && v >= 1 && v <= 31 {
		return int(v), e, true
	}
	return 0, j, false
}

var dayRangeConn = map[string]bool{"-": true, "to": true, "through": true, "thru": true, "till": true, "until": true, "and": true}

// dayRangeRule (Recognizers scheme): "November 19-20", "april ninth
// through seventeenth", "from ninth till seventeenth of april".
func (r *rec) dayRangeRule(i int) (Sem, int, bool) {
	if r.w(i) == "on" {
		if s, e, ok := r.dayRangeRule(i + 1); ok {
			return s, e, true // the Recognizers extent keeps "on"
		}
	}
	if s, e, ok := r.monthRule(i); ok && s.D > 0 && s.Y == 0 && dayRangeConn[r.txt(e)] && r.txt(e) != "and" {
		if d2, e2, ok := r.dayNum(e + 1); ok && d2 > s.D {
			s.D2 = d2
			k := e2
			if r.txt(k) == "," {
				k++
			}
			if y, ok := r.num(k); ok && len(r.txt(k)) == 4 {
				s.Y, s.YearOpen, s.Rel = y, false, false
				return s, k + 1, true
			}
			return s, e2, true
		}
	}
	j := i
	between := false
	if w := r.w(j); w == "from" || w == "between" {
		between = w == "between"
		j++
	}
	d1, e1, ok := r.dayNum(j)
	if !ok || !dayRangeConn[r.txt(e1)] || r.txt(e1) == "and" && !between {
		return Sem{}, i, false
	}
	d2, e2, ok := r.dayNum(e1 + 1)
	if !ok || d2 <= d1 {
		return Sem{}, i, false
	}
	k := e2
	if r.w(k) == "of" {
		k++
	}
	m, ok := months[r.w(k)]
	if !ok {
		return Sem{}, i, false
	}
	k = r.skipDot(k + 1)
	s := Sem{Kind: "DATE", M: m, D: d1, D2: d2, YearOpen: true, Rel: true, Gran: "day"}
	if y, ok := r.num(k); ok && len(r.txt(k)) == 4 {
		s.Y, s.YearOpen, s.Rel = y, false, false
		k++
	}
	return s, k, true
}

// clockPhraseRule (Recognizers scheme): "in the morning at 7", "one in
// the morning", "ten past 9 in the evening", "20 min past eight".
func (r *rec) clockPhraseRule(i int) (Sem, int, bool) {
	podAfter := func(k int) (string, int) {
		if r.w(k) == "in" && r.w(k+1) == "the" && partsOfDay[r.w(k+2)] != "" {
			return partsOfDay[r.w(k+2)], k + 3
		}
		return "", k
	}
	adjust := func(h int, pod string) int {
		if (pod == "AF" || pod == "EV" || pod == "NI") && h < 12 {
			return h + 12
		}
		return h
	}
	// "in the morning at 7"
	if r.w(i) == "in" && r.w(i+1) == "the" && partsOfDay[r.w(i+2)] != "" && r.w(i+3) == "at" {
		if h, m, mg, ampm, e, ok := r.clockAt(i + 4); ok && ampm == "" && h <= 12 {
			return Sem{Kind: "TIME", HH: adjust(h, partsOfDay[r.w(i+2)]), MI: m, MinGiven: mg, HasTime: true, Rel: true, Gran: "minute"}, e, true
		}
	}
	// "ten past 9", "20 min past eight", "thirty-six minutes past eight"
	if mins, k, ok := r.count(i); ok && mins > 0 && mins < 60 {
		if w := r.w(k); w == "min" || w == "mins" || w == "minute" || w == "minutes" {
			k++
		}
		if r.w(k) == "past" || r.w(k) == "after" {
			if h, _, _, ampm, e, ok := r.clockAt(k + 1); ok && h <= 12 {
				pod, e2 := podAfter(e)
				h = adjust(h, pod)
				if ampm == "pm" && h < 12 {
					h += 12
				}
				return Sem{Kind: "TIME", HH: h, MI: mins, MinGiven: true, HasTime: true, Rel: true, Gran: "minute", AmbigHour: pod == "" && ampm == ""}, e2, true
			}
		}
	}
	// "one in the morning"
	if h, m, mg, ampm, e, ok := r.clockAt(i); ok && ampm == "" && h >= 1 && h <= 12 && r.t[i].Kind == number.Word {
		if pod, e2 := podAfter(e); pod != "" {
			return Sem{Kind: "TIME", HH: adjust(h, pod), MI: m, MinGiven: mg, HasTime: true, Rel: true, Gran: "minute"}, e2, true
		}
	}
	return Sem{}, i, false
}

// spelledDay reads an ordinal day ("fifteenth", "twenty-fourth") or, in
// the Recognizers scheme, a spelled cardinal day ("twenty nine").
func (r *rec) spelledDay(j int) (int, int, bool) {
	if v, e, ok := number.Ordinal(r.t, j); ok && v >= 1 && v <= 31 {
		return int(v), e, true
	}
	// "twenty fourth" written with a space
	if tw, ok := tensWord(r.w(j)); ok && tw >= 20 && tw <= 30 {
		if v, ok := number.OrdinalWord(r.w(j + 1)); ok && v < 10 && tw+int(v) <= 31 {
			return tw + int(v), j + 2, true
		}
	}
	if !r.opt.Recognizers || j >= len(r.t) || r.t[j].Kind != number.Word || r.w(j+1) == "thousand" || r.w(j+1) == "hundred" {
		return 0, j, false
	}
	if tw, ok := tensWord(r.w(j)); ok && tw <= 31 {
		v, e := tw, j+1
		if u, ok := unitWord(r.w(e)); ok && tw >= 20 {
			v, e = tw+u, e+1
		}
		if v <= 31 {
			return v, e, true
		}
	}
	if u, ok := unitWord(r.w(j)); ok {
		return u, j + 1, true
	}
	return 0, j, false
}

// spelledYear reads a year in words: "nineteen eighty six", "nineteen
// hundred ninety three", "two thousand and five" (Recognizers scheme).
func (r *rec) spelledYear(j int) (int, int, bool) {
	if !r.opt.Recognizers || j >= len(r.t) || r.t[j].Kind != number.Word {
		return 0, j, false
	}
	if c, ok := tensWord(r.w(j)); ok && c >= 10 && c <= 20 {
		k := j + 1
		if r.w(k) == "hundred" {
			k++
			if r.w(k) == "and" {
				k++
			}
			y := c * 100
			if t, ok := tensWord(r.w(k)); ok {
				y += t
				k++
				if r.txt(k) == "-" {
					k++
				}
				if u, ok := unitWord(r.w(k)); ok && t >= 20 {
					y += u
					k++
				}
			} else if u, ok := unitWord(r.w(k)); ok {
				y += u
				k++
			}
			return y, k, true
		}
		if t, ok := tensWord(r.w(k)); ok && t >= 10 {
			y := c*100 + t
			k++
			if r.txt(k) == "-" {
				k++
			}
			if u, ok := unitWord(r.w(k)); ok && t >= 20 {
				y += u
				k++
			}
			return y, k, true
		}
		return 0, j, false
	}
	if r.w(j) == "two" && r.w(j+1) == "thousand" {
		n, ok := number.Parse(r.t, j, number.Opts{NoSign: true})
		if ok && n.Err == "" && n.Value.IsInteger() {
			if y := int(n.Value.IntPart()); y >= 2000 && y <= 2999 {
				return y, n.Last, true
			}
		}
	}
	return 0, j, false
}

// podRule (Recognizers scheme): "in the morning", "early morning",
// "later in the afternoon", "evening": a part of day without a date.
func (r *rec) podRule(i int) (Sem, int, bool) {
	j := i
	mod := ""
	switch r.w(j) {
	case "early":
		mod = "START"
		j++
	case "late", "later":
		mod = "END"
		j++
	}
	if r.w(j) == "in" {
		j++
		if r.w(j) == "the" {
			j++
		}
	} else if mod == "" && r.w(j) == "the" {
		return Sem{}, i, false
	}
	w := r.w(j)
	p := partsOfDay[w]
	switch w {
	case "daytime":
		p = "DT"
	case "night":
		if r.txt(j+1) == "-" && r.w(j+2) == "time" {
			p = "NT"
			j += 2
		}
	case "tonight", "overnight", "midday":
		return Sem{}, i, false
	}
	if mod == "" && j == i && (r.w(i-1) == "good" || r.w(i-1) == "the" || r.w(i-1) == "a" || r.w(i-1) == "this" || r.w(i-1) == "last") {
		return Sem{}, i, false // "good night", "the evening news"
	}
	if p == "" {
		return Sem{}, i, false
	}
	// "morning" before a date belongs to that date's rule
	if _, ok := weekdays[r.w(j+1)]; ok {
		return Sem{}, i, false
	}
	return Sem{Kind: "TIME", POD: p, Mod: mod, Gran: "partofday", Rel: true}, j + 1, true
}

// inRule (Recognizers scheme): "in two weeks" is the day two weeks after
// the reference, "in 5 minutes" the moment; "within 9 months" a range.
func (r *rec) inRule(i int) (Sem, int, bool) {
	w := r.w(i)
	if w != "in" && w != "within" {
		return Sem{}, i, false
	}
	j := i + 1
	if w == "within" && r.w(j) == "next" {
		j++
	}
	c, k, ok := r.count(j)
	if !ok || c <= 0 {
		return Sem{}, i, false
	}
	u := units[r.w(k)]
	if u == "FN" {
		u, c = "W", 2*c
	}
	if u == "" || u == "WE" || u == "Q" || u == "DE" || u == "CE" {
		return Sem{}, i, false
	}
	ref := r.ref.T
	if w == "within" {
		if u == "H" || u == "MI" || u == "S" {
			return Sem{Kind: "DATERANGE", RangeDur: durValue(c, u), RangeB: ref, RangeE: addUnit(ref, u, c), RangeTime: true, Rel: true}, k + 1, true
		}
		day := date(ref.Year(), int(ref.Month()), ref.Day())
		return Sem{Kind: "DATERANGE", RangeDur: durValue(c, u), RangeB: day, RangeE: addUnit(day, u, c), Rel: true}, k + 1, true
	}
	if r.w(k+1) == "from" || r.w(k+1) == "after" || r.w(k+1) == "before" {
		return Sem{}, i, false // "two days from today": the duration rule and its anchor
	}
	d := addUnit(ref, u, c)
	if u == "H" || u == "MI" || u == "S" {
		return Sem{Kind: "TIME", Y: d.Year(), M: int(d.Month()), D: d.Day(), HH: d.Hour(), MI: d.Minute(), SS: d.Second(), HasTime: true, Exact: true, Rel: true}, k + 1, true
	}
	return Sem{Kind: "DATE", Y: d.Year(), M: int(d.Month()), D: d.Day(), Gran: "day", Rel: true}, k + 1, true
}

// durationRule: "three days", "a year", "two-year", "the first nine months", "several weeks", "for years".
func (r *rec) durationRule(i int) (Sem, int, bool) {
	j := i
	if r.w(j) == "the" {
		j++
		if r.w(j) == "first" || r.w(j) == "last" || r.w(j) == "past" || r.w(j) == "next" {
			j++
		}
	}
	// fractional amounts: "2.5 hours", "one and a half hours", "½ hour", "half an hour"
	if j < len(r.t) && number.CanStart(r.t[j]) {
		if n, ok := number.Parse(r.t, j, number.Opts{NoSign: true}); ok && n.Err == "" && !n.Value.IsInteger() && n.Value.Sign() > 0 && n.Value.LessThan(decimal.NewFromInt(1000)) {
			k := n.Last
			if (r.w(k) == "an" || r.w(k) == "a") && n.Spelled {
				k++ // "half an hour"
			}
			if u := units[r.w(k)]; u != "" && u != "WE" && u != "Q" && u != "DE" && u != "CE" && u != "FN" {
				return Sem{Kind: "DURATION", Dur: r.durFrac(n.Value, u), Gran: unitGran[u]}, k + 1, true
			}
		}
	}
	c, k, ok := r.count(j)
	if ok {
		// "two-year", "16-hour", "two more weeks"
		if r.txt(k) == "-" && number.Adjacent(r.t, k) {
			k++
		} else if w := r.w(k); (w == "more" || w == "additional" || w == "full" || w == "straight" || w == "consecutive") && units[r.w(k+1)] != "" {
			k++
		}
		u := units[r.w(k)]
		if u == "" && number.Adjacent(r.t, k) && r.t[j].Kind == number.Num {
			u = map[string]string{"h": "H", "d": "D", "y": "Y", "w": "W"}[r.w(k)]
		}
		if u == "" && r.opt.Recognizers && (r.w(k) == "nights" || r.w(k) == "night") {
			u = "D"
		}
		if u == "WE" && r.opt.Recognizers && c > 0 {
			return Sem{Kind: "DURATION", Dur: fmt.Sprintf("P%dWE", c), Gran: "weekend"}, k + 1, true
		}
		if u == "" || u == "WE" {
			if r.w(j) == "half" && units[r.w(k)] != "" {
				u = units[r.w(k)]
			} else {
				return Sem{}, i, false
			}
		}
		if !r.opt.Recognizers && r.capital(k) && r.t[j].Kind == number.Num {
			return Sem{}, i, false // "60 Minutes": a title
		}
		// ages: "a 6-year-old", "52 years old"
		if nx := r.w(k + 1); nx == "old" || nx == "olds" || (r.txt(k+1) == "-" && (r.w(k+2) == "old" || r.w(k+2) == "olds")) {
			return Sem{}, i, false
		}
		if c == 0 { // half a year
			switch u {
			case "Y":
				return Sem{Kind: "DURATION", Dur: "P6M", Gran: "month"}, k + 1, true
			case "D":
				return Sem{Kind: "DURATION", Dur: "PT12H", Gran: "hour"}, k + 1, true
			}
			return Sem{}, i, false
		}
		if u == "S" && r.w(k) == "second" && c == 1 && r.w(j) != "a" && r.w(j) != "one" {
			return Sem{}, i, false
		}
		if (r.w(j) == "a" || r.w(j) == "an") && k == j+1 && (!r.opt.Recognizers || u == "S") && !aDurationBefore[r.w(j-1)] {
			// "24 hours a day", "four flights a week": rates, not durations
			return Sem{}, i, false
		}
		if j > i && r.w(i) == "the" && r.w(i+1) == "first" && j == i+2 {
			// "the first nine months"
		} else if j > i && j == i+1 && c > 0 && units[r.w(k)] != "" && (r.w(j) == "a" || r.w(j) == "an") {
			return Sem{}, i, false
		}
		// "one hour and a half", "1 hour and 30 minutes"
		if c > 0 && r.w(k+1) == "and" {
			if r.w(k+2) == "a" && r.w(k+3) == "quarter" && r.opt.Recognizers {
				return Sem{Kind: "DURATION", Dur: durDec(fmt.Sprintf("%d.25", c), u), Gran: unitGran[u]}, k + 4, true
			}
			if r.w(k+2) == "a" && r.w(k+3) == "half" || r.w(k+2) == "half" {
				e := k + 3
				if r.w(k+2) == "a" {
					e = k + 4
				}
				return Sem{Kind: "DURATION", Dur: r.durFrac(decimal.New(int64(10*c+5), -1), u), Gran: unitGran[u]}, e, true
			}
			if c2, k2, ok2 := r.count(k + 2); ok2 && c2 > 0 {
				if u2 := units[r.w(k2)]; u2 != "" && unitRank[u2] > unitRank[u] && unitRank[u] > 0 {
					return Sem{Kind: "DURATION", Dur: durJoin(c, u, c2, u2), Gran: unitGran[u2]}, k2 + 1, true
				}
			}
		}
		if u == "Q" && !r.opt.Recognizers && r.w(k+1) == "of" && fractionOf[r.w(k+2)] && !r.periodAfterOf(k+2) {
			return Sem{}, i, false // "three-quarters of its food": a fraction
		}
		return Sem{Kind: "DURATION", Dur: r.durVal(c, u), Gran: unitGran[u]}, k + 1, true
	}
	if r.opt.Recognizers && (r.w(i) == "all" || r.w(i) == "another") && r.w(i+1) == "day" {
		return Sem{Kind: "DURATION", Dur: "P1D", Gran: "day"}, i + 2, true
	}
	// "for years", "in months", "for decades"
	if j == i && (r.w(i-1) == "for" || r.w(i-1) == "in" || r.w(i-1) == "over" || r.w(i-1) == "within") {
		if u := units[r.w(i)]; u != "" && strings.HasSuffix(r.w(i), "s") && u != "S" && u != "WE" {
			return Sem{Kind: "DURATION", Dur: durValue(-1, u), Gran: unitGran[u]}, i + 1, true
		}
	}
	return Sem{}, i, false
}

// quarterRule: "the third quarter", "third-quarter", "the latest quarter",
// "the first half", "Q3 2016".
func (r *rec) quarterRule(i int) (Sem, int, bool) {
	j := i
	if r.w(j) == "the" {
		j++
	}
	ref := r.ref.T
	if j > i && (r.w(j) == "whole" || r.w(j) == "entire") {
		j++
	}
	w := r.w(j)
	var q int
	rel := 0
	explicit := false
	yearGiven := 0
	// "2019 q1", "2017-q1", "2019 h2"
	if y, ok := r.num(i); ok && len(r.txt(i)) == 4 && r.plausibleYear(y) {
		k := i + 1
		if r.txt(k) == "-" && number.Adjacent(r.t, k) {
			k++
		}
		if qw := r.w(k); (qw == "q" || qw == "h") && k+1 < len(r.t) && number.Adjacent(r.t, k+1) {
			if v, ok := r.num(k + 1); ok {
				if qw == "q" && v >= 1 && v <= 4 {
					return Sem{Kind: "DATE", Q: v, Y: y, Gran: "quarter"}, k + 2, true
				}
				if qw == "h" && v >= 1 && v <= 2 {
					return Sem{Kind: "DATE", Half: v, Y: y, Gran: "half"}, k + 2, true
				}
			}
		}
	}
	// "the 1988 third quarter"
	if y, ok := r.num(j); ok && len(r.txt(j)) == 4 && r.plausibleYear(y) && j > i {
		yearGiven = y
		j++
		w = r.w(j)
	}
	switch {
	case ordinalQuarter[w] > 0 && w != "last":
		q = ordinalQuarter[w]
		explicit = true
	case w == "latest" || w == "recent" || w == "last" || w == "previous" || w == "year-ago" || w == "current" || w == "fiscal":
		rel = -1
		if w == "current" {
			rel = 0
		}
	case w == "quarter" && j > i:
		rel = -1
		j--
	default:
		// "Q3"
		if strings.HasPrefix(w, "q") && len(w) == 1 {
			if v, ok := r.num(j + 1); ok && v >= 1 && v <= 4 && number.Adjacent(r.t, j+1) {
				s := Sem{Kind: "DATE", Q: v, Gran: "quarter", Y: ref.Year(), YearOpen: true, Rel: true}
				k := j + 2
				if y, ok := r.num(k); ok && len(r.txt(k)) == 4 {
					s.Y, s.YearOpen, s.Rel = y, false, false
					k++
				}
				return s, k, true
			}
		}
		return Sem{}, i, false
	}
	k := j + 1
	if r.txt(k) == "-" && number.Adjacent(r.t, k) {
		k++
	}
	if r.w(j) == "quarter" {
		k = j + 1
	} else if r.w(k) == "fiscal" {
		k++
	}
	half := false
	switch r.w(k) {
	case "quarter":
	case "half":
		half = true
	default:
		return Sem{}, i, false
	}
	e := k + 1
	if half {
		if !explicit || q > 2 {
			return Sem{}, i, false
		}
		s := Sem{Kind: "DATE", Half: q, Gran: "half", Y: ref.Year(), Rel: true}
		if e2, y, ok := r.ofYear(e); ok {
			s.Y, s.Rel, e = y, false, e2
		} else if 6*q-5 > int(ref.Month()) {
			s.Y--
		}
		return s, e, true
	}
	if yearGiven > 0 {
		if !explicit {
			q = 0
			if rel < 0 {
				s, _ := r.shiftSem("Q", -1)
				q = s.Q
			}
		}
		if q == 0 {
			return Sem{}, i, false
		}
		return Sem{Kind: "DATE", Q: q, Gran: "quarter", Y: yearGiven}, e, true
	}
	if explicit {
		s := Sem{Kind: "DATE", Q: q, Gran: "quarter", Y: ref.Year(), Rel: true}
		if e2, y, ok := r.ofYear(e); ok {
			s.Y, s.Rel, e = y, false, e2
		} else if 3*q-2 > int(ref.Month()) && r.tense(i, e) <= 0 {
			s.Y--
		}
		return s, e, true
	}
	s, _ := r.shiftSem("Q", rel)
	return s, e, true
}

// ofYear reads "of 1998", "1998", "of this year", "of last year" after j.
func (r *rec) ofYear(j int) (int, int, bool) {
	k := j
	if r.w(k) == "of" || r.txt(k) == "," || r.w(k) == "in" && r.opt.Recognizers {
		k++
	}
	if y, ok := r.num(k); ok && len(r.txt(k)) == 4 && r.plausibleYear(y) {
		return k + 1, y, true
	}
	if y, e, ok := r.spelledYear(k); ok {
		return e, y, true
	}
	if _, ok := teenCentury[r.w(k)]; ok && !r.opt.Recognizers {
		if s, e, ok := r.miscRule(k); ok && s.Y > 0 && s.M == 0 {
			return e, s.Y, true
		}
	}
	if n, ok := shiftWords[r.w(k)]; ok && r.w(k+1) == "year" && r.w(k) != "same" {
		return k + 2, r.ref.T.Year() + n, true
	}
	if r.w(k) == "the" && r.w(k+1) == "year" && r.w(j) == "of" {
		return k + 2, r.ref.T.Year(), true
	}
	return j, 0, false
}

// timeRule: "10:30", "3 p.m.", "10:30 am", "noon", "midnight", "7 o'clock".
func (r *rec) timeRule(i int) (Sem, int, bool) {
	t := r.t
	w := r.w(i)
	if r.opt.Recognizers && w == "noonish" {
		return Sem{Kind: "TIME", HH: 12, HasTime: true, Gran: "minute", Rel: true}, i + 1, true
	}
	if r.opt.Recognizers && i+1 < len(t) && t[i].Kind == number.Num && len(t[i].Text) <= 2 && r.w(i+1) == "ish" && number.Adjacent(t, i+1) {
		if h, _ := strconv.Atoi(t[i].Text); h <= 23 {
			return Sem{Kind: "TIME", HH: h, HasTime: true, Gran: "minute", Rel: true}, i + 2, true
		}
	}
	if (w == "noon" || w == "midday") && r.w(i-1) != "high" {
		return Sem{Kind: "TIME", HH: 12, HasTime: true, Gran: "minute", Rel: true}, i + 1, true
	}
	if r.opt.Recognizers && w == "mid" && r.w(i+1) == "night" {
		return Sem{Kind: "TIME", HH: 0, HasTime: true, Gran: "minute", Rel: true}, i + 2, true
	}
	if w == "midnight" {
		return Sem{Kind: "TIME", HH: 0, HasTime: true, Gran: "minute", Rel: true}, i + 1, true
	}
	h, ok := r.num(i)
	if !ok {
		// "seven p.m.", "nine a m"
		if v, ok2 := unitWord(w); ok2 || w == "ten" || w == "eleven" || w == "twelve" {
			if !ok2 {
				v = map[string]int{"ten": 10, "eleven": 11, "twelve": 12}[w]
			}
			nx := r.w(i + 1)
			if nx == "pm" || nx == "am" || nx == "p" || nx == "a" || nx == "oclock" || nx == "o" {
				h, ok = v, true
			}
		}
		if !ok {
			return Sem{}, i, false
		}
	} else if len(t[i].Text) > 2 || h > 24 {
		return Sem{}, i, false
	}
	e := i + 1
	mi, sec := 0, 0
	hasMin := false
	dotMin := false
	if r.opt.Recognizers && e+1 < len(t) && t[e].Text == "." && number.Adjacent(t, e) && number.Adjacent(t, e+1) && t[e+1].Kind == number.Num && len(t[e+1].Text) == 2 {
		// "2.30pm", "at 6.45": a dot between hour and minutes
		nx := r.w(e + 2)
		if nx == "am" || nx == "pm" || nx == "a" || nx == "p" || r.w(i-1) == "at" {
			dotMin = true
		}
	}
	if e+1 < len(t) && (t[e].Text == ":" || dotMin) && number.Adjacent(t, e) && number.Adjacent(t, e+1) && t[e+1].Kind == number.Num && len(t[e+1].Text) == 2 {
		mi, _ = strconv.Atoi(t[e+1].Text)
		if mi > 59 {
			return Sem{}, i, false
		}
		e += 2
		hasMin = true
		// seconds
		if e+1 < len(t) && t[e].Text == ":" && number.Adjacent(t, e) && t[e+1].Kind == number.Num && len(t[e+1].Text) == 2 {
			sec, _ = strconv.Atoi(t[e+1].Text)
			e += 2
		}
	}
	ampm := ""
	if r.opt.Recognizers && r.txt(e) == "." && number.Adjacent(t, e) && (r.w(e+1) == "am" || r.w(e+1) == "pm") && number.Adjacent(t, e+1) {
		e++ // "9.am"
	}
	switch r.w(e) {
	case "am", "pm":
		ampm = r.w(e)
		e++
	case "a", "p":
		if r.w(e+1) == "m" && r.t[e+1].Gap == 1 {
			ampm = r.w(e) + "m"
			e += 2
		} else if r.txt(e+1) == "." && r.w(e+2) == "m" {
			ampm = r.w(e) + "m"
			e += 3
			if r.txt(e) == "." && (number.Adjacent(t, e) || t[e-1].Space && t[e].Gap == 1 && (e+1 >= len(t) || t[e+1].Space)) {
				e++
			}
		} else if number.Adjacent(t, e) && (hasMin || r.opt.Recognizers) {
			ampm = r.w(e) + "m"
			e++
		}
	case "o":
		if r.txt(e+1) == "'" && r.w(e+2) == "clock" {
			e += 3
			ampm = "?"
		}
	case "oclock":
		e++
		ampm = "?"
	case "noon":
		if h == 12 {
			ampm = "?"
		}
	}
	if ampm == "" && !hasMin {
		return Sem{}, i, false
	}
	if ampm == "" && hasMin && (r.txt(i-1) == "$" || r.w(e) == "percent") {
		return Sem{}, i, false
	}
	ambiguous := (ampm == "" || ampm == "?") && h >= 1 && h <= 12 && r.w(e-1) != "noon" && r.w(e) != "noon"
	if ampm == "pm" && h < 12 {
		h += 12
	}
	if ampm == "am" && h == 12 {
		h = 0
	}
	if h > 23 {
		return Sem{}, i, false
	}
	if ampm == "?" && r.w(e) == "noon" && h == 12 {
		e++
	}
	s := Sem{Kind: "TIME", HH: h, MI: mi, SS: sec, Exact: sec != 0, HasTime: true, MinGiven: hasMin, Gran: "minute", Rel: true, AmbigHour: ambiguous, DotTime: dotMin}
	return s, e, true
}

// setRule: "daily", "every week", "each Monday", "every year".
func (r *rec) setRule(i int) (Sem, int, bool) {
	w := r.w(i)
	if v, ok := setWords[w]; ok {
		if !r.opt.Recognizers && i+1 < len(r.t) && r.t[i+1].Kind == number.Word && r.capital(i+1) && !r.capital(i) {
			return Sem{}, i, false // "the Communist Party daily Granma": a name
		}
		if !r.opt.Recognizers && w == "quarterly" && i+1 < len(r.t) && r.t[i+1].Kind == number.Word && !countStopAfterSet[r.w(i+1)] {
			return Sem{}, i, false // "quarterly dividend", "daily newspaper": adjectives
		}
		return Sem{Kind: "SET", Set: v, Gran: "set"}, i + 1, true
	}
	if r.opt.Recognizers {
		switch {
		case w == "everyday":
			return Sem{Kind: "SET", Set: "P1D", Gran: "set"}, i + 1, true
		case w == "annual":
			return Sem{Kind: "SET", Set: "P1Y", Gran: "set"}, i + 1, true
		case w == "weekends":
			return Sem{Kind: "SET", Set: "P1WE", Gran: "set"}, i + 1, true
		case (w == "any" || w == "all") && (r.w(i+1) == "weekend" || r.w(i+1) == "weekends"):
			return Sem{Kind: "SET", Set: "P1WE", Gran: "set"}, i + 2, true
		case w == "mornings" || w == "evenings" || w == "afternoons" || w == "nights":
			return Sem{Kind: "SET", Set: "T" + partsOfDay[w], Gran: "set"}, i + 1, true
		case w == "semi" && r.txt(i+1) == "-" && r.w(i+2) == "annually":
			return Sem{Kind: "SET", Set: "P0.5Y", Gran: "set"}, i + 3, true
		case w == "bi" && r.txt(i+1) == "-" && setWords[r.w(i+2)] != "":
			v := setWords[r.w(i+2)]
			return Sem{Kind: "SET", Set: strings.Replace(v, "1", "2", 1), Gran: "set"}, i + 3, true
		case (w == "once" || w == "one") && r.w(i+1) == "a" && units[r.w(i+2)] != "":
			return Sem{Kind: "SET", Set: durValue(1, units[r.w(i+2)]), Gran: "set"}, i + 3, true
		}
	}
	if w == "every" || w == "each" {
		j := i + 1
		other := false
		if r.w(j) == "other" {
			j++
			other = true
		}
		if other && units[r.w(j)] != "" {
			return Sem{Kind: "SET", Set: durValue(2, units[r.w(j)]), Gran: "set"}, j + 1, true
		}
		if r.opt.Recognizers && r.w(j) == "weekend" {
			return Sem{Kind: "SET", Set: "XXXX-WXX-WE", Gran: "set"}, j + 1, true
		}
		if r.opt.Recognizers && r.w(j) == "weekday" {
			return Sem{Kind: "SET", Set: "P1WD", Gran: "set"}, j + 1, true
		}
		c := 1
		if n, k, ok := r.count(j); ok && n > 0 {
			c, j = n, k
		}
		if u := units[r.w(j)]; u != "" {
			return Sem{Kind: "SET", Set: r.durVal(c, u), Gran: "set"}, j + 1, true
		}
		if m, ok := months[r.w(j)]; ok && !r.opt.Recognizers && c == 1 && j == i+1 && (len(r.w(j)) > 3 || r.txt(j+1) == ".") {
			// "each July": the month of every year
			return Sem{Kind: "SET", Set: fmt.Sprintf("XXXX-%02d", m), Gran: "set"}, r.skipDot(j + 1), true
		}
		if wd, ok := weekdays[r.w(j)]; ok {
			return Sem{Kind: "SET", Set: fmt.Sprintf("XXXX-WXX-%d", wd), Gran: "set"}, j + 1, true
		}
		if p := partsOfDay[r.w(j)]; p != "" {
			return Sem{Kind: "SET", Set: "T" + p, Gran: "set"}, j + 1, true
		}
	}
	return Sem{}, i, false
}

// seasonRule: "summer 1998", "the spring", "in the fall".
func (r *rec) seasonRule(i int) (Sem, int, bool) {
	j := i
	if r.w(j) == "the" {
		j++
	}
	se, ok := seasons[r.w(j)]
	if !ok {
		return Sem{}, i, false
	}
	if r.w(j) == "fall" && j == i && !r.capital(j) {
		return Sem{}, i, false // the verb
	}
	s := Sem{Kind: "DATE", Season: se, Gran: "season", Y: r.ref.T.Year(), YearOpen: true, Rel: true}
	if e, y, ok := r.ofYear(j + 1); ok {
		s.Y, s.YearOpen, s.Rel = y, false, false
		return s, e, true
	}
	if j == i && !(r.w(i-1) == "in" || r.w(i-1) == "this" || r.w(i-1) == "during" || r.w(i-1) == "by") {
		return Sem{}, i, false
	}
	return s, j + 1, true
}

// holiday: a fixed day (m, d), or the nth weekday wd of month m (nth -1:
// the last), shifted by off days.
type holiday struct{ m, d, nth, wd, off int }

var holidays = map[string]holiday{"christmas": {12, 25, 0, 0, 0}, "thanksgiving": {11, 0, 4, 4, 0}, "halloween": {10, 31, 0, 0, 0},
	"valentine": {2, 14, 0, 0, 0}}

// holidayFirst holds the first words of holidayPhrases.
var holidayFirst = map[string]bool{}

func init() {
	for k := range holidayPhrases {
		holidayFirst[strings.Fields(k)[0]] = true
	}
}

// holidayPhrases are multi-word holiday names.
var holidayPhrases = map[string]holiday{
	"independence day": {7, 4, 0, 0, 0}, "earth day": {4, 22, 0, 0, 0}, "saint patrick": {3, 17, 0, 0, 0},
	"st patrick": {3, 17, 0, 0, 0}, "st. patrick": {3, 17, 0, 0, 0}, "black friday": {11, 0, 4, 4, 1},
	"labor day": {9, 0, 1, 1, 0}, "labour day": {9, 0, 1, 1, 0}, "memorial day": {5, 0, -1, 1, 0},
	"mother's day": {5, 0, 2, 7, 0}, "mothers day": {5, 0, 2, 7, 0}, "father's day": {6, 0, 3, 7, 0},
	"fathers day": {6, 0, 3, 7, 0}, "martin luther king day": {1, 0, 3, 1, 0}, "veterans day": {11, 11, 0, 0, 0},
	"boxing day": {12, 26, 0, 0, 0}, "christmas eve": {12, 24, 0, 0, 0}, "christmas day": {12, 25, 0, 0, 0},
	"valentine's day": {2, 14, 0, 0, 0}, "thanksgiving day": {11, 0, 4, 4, 0}, "cyber monday": {11, 0, 4, 4, 4},
	"international workers' day": {5, 1, 0, 0, 0}, "workers' day": {5, 1, 0, 0, 0}, "may day": {5, 1, 0, 0, 0},
	"new year": {1, 1, 0, 0, 0}, "new year's day": {1, 1, 0, 0, 0},
}

func (r *rec) holidayRule(i int) (Sem, int, bool) {
	w := r.w(i)
	e := i + 1
	var h holiday
	ok := false
	switch {
	case w == "new" && r.w(i+1) == "year" && r.txt(i+2) == "'" && r.w(i+3) == "s":
		h, ok, e = holiday{1, 1, 0, 0, 0}, true, i+4
		if r.w(e) == "day" {
			e++
		} else if r.w(e) == "eve" {
			h = holiday{12, 31, 0, 0, 0}
			e++
		}
	default:
		// multi-word names first: "black friday", "labor day", "saint patrick's day"
		for n := 4; n >= 2 && !ok && holidayFirst[w]; n-- {
			var b strings.Builder
			k := i
			for q := 0; q < n && k < len(r.t); q++ {
				if q > 0 {
					if r.txt(k) == "'" && r.w(k+1) == "s" {
						b.WriteString("'s")
						k += 2
						q++
						continue
					}
					if r.txt(k) == "'" && number.Adjacent(r.t, k) {
						b.WriteString("'") // "workers' day"
						k++
						continue
					}
					b.WriteByte(' ')
				}
				b.WriteString(r.txt(k))
				k++
			}
			if hh, found := holidayPhrases[b.String()]; found {
				h, ok, e = hh, true, k
				if r.txt(e) == "'" && r.w(e+1) == "s" {
					e += 2
				}
				if r.w(e) == "day" && h.d != 0 {
					e++
				}
			}
		}
		if !ok {
			h, ok = holidays[w]
			if ok && !r.capital(i) && !r.opt.Recognizers {
				return Sem{}, i, false
			}
		}
		if ok && e == i+1 && (r.w(e) == "day" || r.w(e) == "eve") {
			if r.w(e) == "eve" {
				h.d--
			}
			e++
		}
	}
	if !ok {
		return Sem{}, i, false
	}
	s := Sem{Kind: "DATE", M: h.m, D: h.d, Gran: "day", YearOpen: true, Rel: true}
	if k, y, ok := r.ofYear(e); ok {
		s.Y, s.YearOpen, s.Rel = y, false, false
		e = k
	}
	if h.nth > 0 {
		y := s.Y
		nth := func(y int) time.Time {
			if h.nth < 0 {
				last := date(y, h.m+1, 0)
				back := (weekday(last) - h.wd + 7) % 7
				return last.AddDate(0, 0, -back+h.off)
			}
			first := date(y, h.m, 1)
			off := (h.wd - weekday(first) + 7) % 7
			return first.AddDate(0, 0, off+7*(h.nth-1)+h.off)
		}
		if s.YearOpen {
			y = r.ref.T.Year()
			s.YearOpen = false
			if r.tense(i, e) < 0 && nth(y).After(r.ref.T) || r.w(i-1) == "last" {
				y--
			}
		}
		d := nth(y)
		s.Y, s.M, s.D = d.Year(), int(d.Month()), d.Day()
	}
	return s, e, true
}

// compose extends a match: "February last year", "Jan. 9 of this year", "Friday at 3 p.m.", "3 p.m. Friday".
func (r *rec) compose(s Sem, i, e int) (Sem, int) {
	if s.YearOpen && (s.M > 0 || s.Season != "" || s.Q > 0) {
		if e2, y, ok := r.ofYear(e); ok {
			s.Y, s.YearOpen = y, false
			if n, ok2 := shiftWords[r.w(e2-2)]; ok2 && r.w(e2-1) == "year" {
				_ = n
				s.Rel = true
			} else {
				s.Rel = false
			}
			e = e2
		}
	}
	// "this year's third quarter", "last year's quarter"
	if s.Kind == "DATE" && s.Y > 0 && s.M == 0 && s.Q == 0 && s.Week == 0 && s.Season == "" && s.Half == 0 && r.txt(e) == "'" && r.w(e+1) == "s" {
		k := e + 2
		if qs, e2, ok := r.quarterRule(k); ok && qs.Q > 0 {
			if r.w(k) == "quarter" || r.w(k) == "period" {
				p, _ := r.shiftSem("Q", -1)
				qs.Q = p.Q
			}
			qs.Y, qs.Rel = s.Y, true
			return qs, e2
		}
		if r.w(k) == "quarter" || r.w(k) == "period" {
			p, _ := r.shiftSem("Q", -1)
			return Sem{Kind: "DATE", Y: s.Y, Q: p.Q, Gran: "quarter", Rel: true}, k + 1
		}
	}
	// "next week on Tuesday": that day of the week
	if s.Week > 0 && !s.Weekend && s.Kind == "DATE" && r.w(e) == "on" {
		if wd, ok := weekdays[r.w(e+1)]; ok {
			d := isoWeekStart(s.Y, s.Week).AddDate(0, 0, wd-1)
			s = Sem{Kind: "DATE", Y: d.Year(), M: int(d.Month()), D: d.Day(), Gran: "day", Rel: true}
			e += 2
		}
	}
	// a time range and its day: "3:00 to 4:00 tomorrow", "6-8 next monday"
	if s.Kind == "TIMERANGE" {
		k := e
		if r.w(k) == "on" {
			k++
		}
		if d, e2, ok := r.core(k); ok && (d.D > 0 || d.WeekOpen) && d.Kind != "DURATION" && e2-i <= MaxExprTokens {
			d.Kind, d.HH, d.MI, d.MinGiven, d.HH2, d.MI2, d.MinGiven2 = "TIMERANGE", s.HH, s.MI, s.MinGiven, s.HH2, s.MI2, s.MinGiven2
			d.AmbigHour = s.AmbigHour
			if d.POD == "AF" || d.POD == "EV" || d.POD == "NI" {
				if d.HH2 < 12 {
					d.HH2 += 12
				}
				if d.HH < 12 && d.HH+12 <= d.HH2 {
					d.HH += 12
				}
			}
			if d.POD != "" {
				d.AmbigHour = false
			}
			d.POD = ""
			return d, e2
		}
		return s, e
	}
	if (s.D > 0 || s.WeekOpen) && !s.HasTime && r.opt.Recognizers {
		k := e
		if p := partsOfDay[r.w(k)]; p != "" && s.POD == "" {
			s.POD = p
			k++
		}
		if r.txt(k) == "," || r.w(k) == "at" {
			if _, _, ok := r.timeRangeRule(k + 1); ok {
				k++ // "Tuesday, Jan 15, 1:00 PM - 1:15 PM", "December 12th at 4 - 6:30 pm"
			}
		}
		if t, e2, ok := r.timeRangeRule(k); ok && e2-i <= MaxExprTokens {
			t2 := s
			t2.Kind, t2.HH, t2.MI, t2.MinGiven, t2.HH2, t2.MI2, t2.MinGiven2 = "TIMERANGE", t.HH, t.MI, t.MinGiven, t.HH2, t.MI2, t.MinGiven2
			if (s.POD == "AF" || s.POD == "EV" || s.POD == "NI") && t2.HH2 < 12 {
				t2.HH2 += 12
				if t2.HH < 12 && t2.HH+12 <= t2.HH2 {
					t2.HH += 12
				}
			}
			if t2.HH == 12 && t2.HH2 < 12 && t.AmbigHour {
				t2.HH = 0 // "monday 12-4": from midnight
			} else if t2.HH2 < t2.HH {
				t2.HH2 += 12
			}
			t2.AmbigHour = t.AmbigHour && s.POD == "" && t2.HH < 12
			t2.POD = ""
			return t2, e2
		}
	}
	// a time followed by its day: "9 a.m. Tuesday", "4 a.m. EDT Thursday"
	if s.Kind == "TIME" && s.HasTime && s.D == 0 && !s.WeekOpen {
		k := e
		if r.w(k) != "" && len(r.w(k)) == 3 && strings.HasSuffix(r.w(k), "t") && r.capital(k) {
			k++ // EDT, GMT
		}
		if r.txt(k) == "," && !r.opt.Recognizers {
			k++ // "5 p.m. EST, Nov. 6": a day must follow (checked below)
		}
		if r.w(k) == "on" {
			k++
		}
		if d, e2, ok := r.core(k); ok && (d.D > 0 || d.WeekOpen) && d.Kind != "DURATION" && e2-i <= MaxExprTokens {
			d.HH, d.MI, d.HasTime, d.Kind, d.Gran, d.MinGiven, d.AmbigHour = s.HH, s.MI, true, "TIME", "minute", s.MinGiven, s.AmbigHour
			d.POD = ""
			return d, e2
		}
	}
	// date followed by a time: "Friday at 3 p.m."
	if s.D > 0 && !s.HasTime || s.WeekOpen {
		k := e
		at := false
		if r.w(k) == "at" || r.w(k) == "around" || r.txt(k) == "@" {
			k++
			at = true
		}
		if t, e2, ok := r.timeRule(k); ok && e2-i <= MaxExprTokens {
			s.POD, s.PODWeak = "", false
			s.HH, s.MI, s.HasTime, s.Kind, s.Gran, s.MinGiven, s.AmbigHour = t.HH, t.MI, true, "TIME", "minute", t.MinGiven, t.AmbigHour
			e = e2
		} else if h, m, mg, ampm, e2, ok := r.clockAt(k); ok && at && r.opt.Recognizers && ampm == "" && h <= 12 && !(e2 < len(r.t) && number.Adjacent(r.t, e2) && r.t[e2].Kind != number.Punct) {
			ambig := true
			if s.POD == "EV" || s.POD == "NI" || s.POD == "AF" {
				if h < 12 && !(s.POD == "NI" && h < 5) {
					h += 12
				}
				ambig = false
			}
			s.POD, s.PODWeak = "", false
			s.HH, s.MI, s.MinGiven, s.HasTime, s.Kind, s.Gran, s.AmbigHour = h, m, mg, true, "TIME", "minute", ambig && h >= 1 && h < 12
			e = e2
		}
	}
	return s, e
}

// aDurationBefore are the words after which "a week", "an hour" is a duration.
var aDurationBefore = map[string]bool{"for": true, "in": true, "within": true, "about": true, "nearly": true, "than": true,
	"over": true, "past": true, "last": true, "next": true, "around": true, "almost": true, "only": true, "just": true,
	"least": true, "after": true, "lasted": true, "take": true, "takes": true, "took": true, "spent": true, "of": true}
