// Package timex recognises temporal expressions in news text and resolves
// them against the publication date: dates, times, durations and sets, each
// with a TIMEX3 value, an interval [start, end) and a granularity. It works
// on the tokens of the shared number scanner (internal/number) with lexicon
// maps, not regular expressions over raw text, and picks past or future
// readings of underspecified expressions ("on Thursday", "in August") from
// the tense of the clause.
package timex

import (
	"fmt"
	"strconv"
	"time"

	"github.com/newsgraph/newsgraph/internal/number"
)

// Expr is one temporal expression. Byte offsets index the scanned text.
type Expr struct {
	Start, End  int
	First, Last int // tokens [First, Last)
	Type        string
	Value       string // TIMEX3 value resolved against the reference date
	Mod         string
	Gran        string
	Begin, Fin  time.Time // interval [Begin, Fin); zero when none
	Relative    bool      // depends on the reference date
	// Pattern is the TIMEX3 value with what the text leaves open still open
	// (XXXX-07-01, XXXX-WXX-4), for renderings that list candidates.
	Pattern string
	Sem     Sem
}

// Sem is the semantic form of an expression before rendering.
type Sem struct {
	Kind       string // DATE, TIME, DURATION, SET
	Y, M, D    int    // 0 = not given
	Q, Half    int
	Season     string
	Week       int // ISO week when the expression is a week
	WD         int // weekday 1..7 when only a weekday is known
	Weekend    bool
	POD        string // part of day: MO AF EV NI
	HH, MI     int
	HasTime    bool
	MinGiven   bool // minutes written ("9:00" rather than "9")
	DotTime    bool // written "6.45" (Recognizers extent keeps a preceding "at")
	WeekdayDay bool // "Wed 13th": the month is whichever has that weekday on that day
	AmbigHour  bool // no am/pm: "at 4" may be 04:00 or 16:00
	// a time range "5 to 6pm" (Kind TIMERANGE): second end
	HH2, MI2    int
	MinGiven2   bool
	Fiscal      bool   // "fiscal 1989": the company's year, not the calendar's
	School      bool   // "school year"
	Half2       string // Recognizers "earlier"/"later" in a week, month or year: its first or second half
	FiscalOpen  bool   // "fiscal year" without a year
	CenturyOpen bool   // "the nineties": the century is not said
	ToDate      bool   // "to date": up to the reference
	MonthOpen   bool   // "the 4th": day of an unnamed month
	D2          int    // last day of a day range "November 19-20"
	RangeTime   bool   // RangeB/RangeE are moments, not days
	RefUndef    bool   // "that weekend", "the same year": anchored on an unknown event
	WeekOfMonth int    // "the first week of July" (-1: the last)
	RangeDur    string // for "the next 3 days" rendered as a range
	RangeB      time.Time
	RangeE      time.Time
	SS          int
	Exact       bool // a moment to the second ("in 5 minutes")
	Decade      int  // 199 for "the 1990s"
	Century     int
	Gran        string
	YearOpen    bool // year left to the tense
	WeekOpen    bool // weekday left to the tense
	Dur         string
	Ref         string
	Mod         string
	Set         string
	Rel         bool
	DayOffset   int  // for "in 3 days"-style shifts already applied
	PODWeak     bool // part of day kept out of the TIMEX3 value ("Friday night", "tonight"), as TimeML annotators do
}

// Ref is a reference (publication) date.
type Ref struct {
	T  time.Time
	OK bool
}

// ParseRef reads YYYY-MM-DD, an RFC 3339 time or "YYYY-MM-DDTHH:MM:SS".
func ParseRef(s string) (Ref, error) {
	for _, l := range []string{"2006-01-02T15:04:05", time.RFC3339, "2006-01-02", "2006-01-02 15:04:05", "20060102"} {
		if len(s) >= len(l) || l == time.RFC3339 {
			if t, err := time.Parse(l, s); err == nil {
				return Ref{T: time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC), OK: true}, nil
			}
		}
	}
	if len(s) >= 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return Ref{T: t, OK: true}, nil
		}
	}
	return Ref{}, fmt.Errorf("unreadable reference date %q", s)
}

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func ymd(t time.Time) string { return t.Format("2006-01-02") }

func isoWeek(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// weekStart returns the Monday of t's ISO week.
func weekStart(t time.Time) time.Time {
	wd := int(t.Weekday())
	if wd == 0 {
		wd = 7
	}
	return t.AddDate(0, 0, 1-wd)
}

func weekday(t time.Time) int {
	wd := int(t.Weekday())
	if wd == 0 {
		return 7
	}
	return wd
}

func y4(y int) string { return fmt.Sprintf("%04d", y) }

// render fills Value, interval and granularity from s against ref.
func render(s *Sem, ref time.Time, tense int) (value, pattern string, b, e time.Time) {
	switch s.Kind {
	case "DURATION", "SET":
		if s.Set != "" {
			return s.Set, "", b, e
		}
		return s.Dur, "", b, e
	}
	if s.Ref != "" {
		return s.Ref, "", b, e
	}
	if s.RangeDur != "" {
		if s.RangeTime {
			f := "2006-01-02T15:04:05"
			return fmt.Sprintf("(%s,%s,%s)", s.RangeB.Format(f), s.RangeE.Format(f), s.RangeDur), "", s.RangeB, s.RangeE
		}
		return fmt.Sprintf("(%s,%s,%s)", ymd(s.RangeB), ymd(s.RangeE), s.RangeDur), "", s.RangeB, s.RangeE
	}
	if s.Decade != 0 {
		return strconv.Itoa(s.Decade), "", date(s.Decade*10, 1, 1), date(s.Decade*10+10, 1, 1)
	}
	if s.Century != 0 {
		return fmt.Sprintf("%02d", s.Century), "", date(s.Century*100, 1, 1), date(s.Century*100+100, 1, 1)
	}
	if s.WeekOpen && s.WD > 0 {
		d := pickWeekday(ref, s.WD, tense)
		s.Y, s.M, s.D = d.Year(), int(d.Month()), d.Day()
		pattern = fmt.Sprintf("XXXX-WXX-%d", s.WD)
	}
	if s.YearOpen {
		s.Y = pickYear(ref, s, tense)
	}
	if s.WeekdayDay {
		d, _ := WeekdayDayDates(ref, s.WD, s.D)
		s.Y, s.M = d.Year(), int(d.Month())
		return ymd(d), fmt.Sprintf("XXXX-WXX-%d", s.WD), d, d.AddDate(0, 0, 1)
	}
	if s.MonthOpen && s.D > 0 {
		// "the 4th": this month's if not past, else next month's (or the reverse in past tense)
		m := date(ref.Year(), int(ref.Month()), 1)
		d := m.AddDate(0, 0, s.D-1)
		if tense < 0 && d.After(ref) {
			m = m.AddDate(0, -1, 0)
		} else if tense >= 0 && d.Before(date(ref.Year(), int(ref.Month()), ref.Day())) {
			m = m.AddDate(0, 1, 0)
		}
		s.Y, s.M = m.Year(), int(m.Month())
		pattern = fmt.Sprintf("XXXX-XX-%02d", s.D)
	}
	if s.YearOpen && s.D > 0 && s.M >= 1 && s.M <= 12 && s.D > daysIn(s.Y, s.M) && s.D <= 29 {
		// "Feb 29": the nearest leap year
		for k := 1; k <= 4; k++ {
			if s.D <= daysIn(s.Y-k, s.M) {
				s.Y -= k
				break
			}
		}
	}
	if s.WeekOfMonth != 0 && s.M > 0 {
		if s.YearOpen {
			s.Y = pickYear(ref, s, tense)
		}
		mon, idx := MonthWeek(s.Y, s.M, s.WeekOfMonth)
		return fmt.Sprintf("%04d-%02d-W%02d", s.Y, s.M, idx), fmt.Sprintf("XXXX-%02d-W%02d", s.M, idx), mon, mon.AddDate(0, 0, 7)
	}
	switch {
	case s.D > 0:
		if s.M < 1 || s.M > 12 || s.D > daysIn(s.Y, s.M) {
			return "", "", b, e
		}
		b = date(s.Y, s.M, s.D)
		e = b.AddDate(0, 0, 1)
		value = ymd(b)
		if s.YearOpen {
			pattern = fmt.Sprintf("XXXX-%02d-%02d", s.M, s.D)
		}
		if s.HasTime {
			b = b.Add(time.Duration(s.HH)*time.Hour + time.Duration(s.MI)*time.Minute)
			e = b.Add(time.Minute)
			value += fmt.Sprintf("T%02d:%02d", s.HH, s.MI)
		} else if s.POD != "" && !s.WeekOpen && !s.PODWeak {
			value += "T" + s.POD
		}
	case s.Week > 0:
		b = isoWeekStart(s.Y, s.Week)
		e = b.AddDate(0, 0, 7)
		value = fmt.Sprintf("%04d-W%02d", s.Y, s.Week)
		if s.Weekend {
			b = b.AddDate(0, 0, 5)
			value += "-WE"
		}
	case s.M > 0:
		b = date(s.Y, s.M, 1)
		e = b.AddDate(0, 1, 0)
		value = fmt.Sprintf("%04d-%02d", s.Y, s.M)
		if s.YearOpen {
			pattern = fmt.Sprintf("XXXX-%02d", s.M)
		}
	case s.Q > 0:
		b = date(s.Y, 3*s.Q-2, 1)
		e = b.AddDate(0, 3, 0)
		value = fmt.Sprintf("%04d-Q%d", s.Y, s.Q)
	case s.Half > 0:
		b = date(s.Y, 6*s.Half-5, 1)
		e = b.AddDate(0, 6, 0)
		value = fmt.Sprintf("%04d-H%d", s.Y, s.Half)
	case s.Season != "":
		value = y4(s.Y) + "-" + s.Season
		sm := map[string]int{"SP": 3, "SU": 6, "FA": 9, "WI": 12}[s.Season]
		b = date(s.Y, sm, 1)
		e = b.AddDate(0, 3, 0)
	case s.Y > 0:
		b = date(s.Y, 1, 1)
		e = date(s.Y+1, 1, 1)
		value = y4(s.Y)
	case s.Kind == "TIMERANGE":
		value = fmt.Sprintf("(T%02d:%02d,T%02d:%02d)", s.HH, s.MI, s.HH2, s.MI2)
	case s.POD != "" && !s.HasTime:
		value = "T" + s.POD
	case s.HasTime:
		value = fmt.Sprintf("T%02d:%02d", s.HH, s.MI)
		if !ref.IsZero() {
			b = time.Date(ref.Year(), ref.Month(), ref.Day(), s.HH, s.MI, 0, 0, time.UTC)
			e = b.Add(time.Minute)
			value = ymd(ref) + value
		}
	}
	return value, pattern, b, e
}

func isoWeekStart(y, w int) time.Time {
	// Jan 4 is always in week 1
	j4 := date(y, 1, 4)
	return weekStart(j4).AddDate(0, 0, 7*(w-1))
}

func daysIn(y, m int) int { return date(y, m+1, 0).Day() }

// pickWeekday: past tense → the most recent such day on or before ref;
// future → the next one on or after; no cue → the past reading, which is
// what news mostly means.
func pickWeekday(ref time.Time, wd, tense int) time.Time {
	cur := weekday(ref)
	if tense > 0 {
		diff := (wd - cur + 7) % 7
		return ref.AddDate(0, 0, diff)
	}
	diff := (cur - wd + 7) % 7
	return ref.AddDate(0, 0, -diff)
}

// pickYear chooses the year for a month/day, quarter or season whose year
// the text leaves open: in a past-tense clause the latest occurrence that
// starts by the reference date (or within the next month, for reported
// schedules), in a future clause the next one, otherwise the nearest.
func pickYear(ref time.Time, s *Sem, tense int) int {
	y := ref.Year()
	m, d := s.M, s.D
	switch {
	case s.Q > 0:
		m, d = 3*s.Q-2, 1
	case s.Season != "":
		m, d = map[string]int{"SP": 3, "SU": 6, "FA": 9, "WI": 12}[s.Season], 1
	}
	if m == 0 {
		return y
	}
	if d == 0 {
		d = 1
	}
	day := date(ref.Year(), int(ref.Month()), ref.Day())
	at := func(y int) time.Time {
		if d > daysIn(y, m) {
			return date(y, m, daysIn(y, m))
		}
		return date(y, m, d)
	}
	monthStart := date(ref.Year(), int(ref.Month()), 1)
	switch {
	case tense < 0 || tense == 0 && s.D == 0 && s.Q == 0 && s.Season == "":
		// a bare month with no tense cue ("in March, the firm ...") is
		// reported news far more often than a plan: read it as the past
		// a day without a year (AP style drops the current year) may still
		// lie a little ahead in a past-tense clause ("said it will pay on
		// Dec. 15"): allow two months ahead, a bare month one
		ahead := 1
		if d > 0 && s.D > 0 {
			ahead = 2
		}
		for _, c := range []int{y + 1, y, y - 1} {
			if !at(c).After(day.AddDate(0, ahead, 0)) {
				return c
			}
		}
	case tense > 0:
		for _, c := range []int{y - 1, y, y + 1} {
			if !at(c).Before(monthStart) {
				return c
			}
		}
	}
	best, bestD := y, time.Duration(1<<62)
	for _, c := range []int{y - 1, y, y + 1} {
		dd := at(c).Sub(day)
		if dd < 0 {
			dd = -dd
		}
		if dd < bestD {
			best, bestD = c, dd
		}
	}
	return best
}

// Scan is a convenience: tokenise text and recognise.
func Scan(text string, ref Ref) []Expr {
	return Recognize(text, number.Scan(text), ref)
}

// WeekdayDayDates returns the last date on or before ref and the first
// after it whose day of the month is d and weekday wd ("Wed 13th").
func WeekdayDayDates(ref time.Time, wd, d int) (time.Time, time.Time) {
	day := date(ref.Year(), int(ref.Month()), ref.Day())
	var past, fut time.Time
	m := date(ref.Year(), int(ref.Month()), 1)
	for k := 0; k < 40 && past.IsZero(); k++ {
		c := m.AddDate(0, -k, d-1)
		if c.Day() == d && weekday(c) == wd && !c.After(day) {
			past = c
		}
	}
	for k := 0; k < 40 && fut.IsZero(); k++ {
		c := m.AddDate(0, k, d-1)
		if c.Day() == d && weekday(c) == wd && c.After(day) {
			fut = c
		}
	}
	return past, fut
}
