package eval

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/internal/number"
	"github.com/newsgraph/newsgraph/internal/timex"
)

func init() {
	recModelFuncs["DateTimeModel"] = func(in, ref string) []RecResult { return recDateTime(in, ref, false) }
	// en-GB and other day-first cultures (the EnglishOthers specs)
	recModelFuncs["DateTimeModelDayFirst"] = func(in, ref string) []RecResult { return recDateTime(in, ref, true) }
}

// recDateTimeModel renders timex expressions in the datetimeV2 shapes:
// an underspecified expression lists its past and future readings.
func recDateTime(input, ref string, dayFirst bool) []RecResult {
	r, err := timex.ParseRef(ref)
	if err != nil {
		return nil
	}
	toks := number.Scan(input)
	x := newUTF16Index(input)
	var items []msItem
	for _, e := range timex.RecognizeWith(input, toks, r, timex.Options{Recognizers: true, DayFirst: dayFirst}) {
		typ, vals := msValues(e, r.T)
		if typ == "" {
			continue
		}
		items = append(items, msItem{first: e.First, last: e.Last, typ: typ, vals: vals, e: e, ref: r.T})
	}
	var out []RecResult
	for _, it := range msCompose(toks, items) {
		out = append(out, x.result(toks[it.first].Start, toks[it.last-1].End, "datetimeV2."+it.typ, map[string]any{"values": it.vals}, true))
	}
	return out
}

func msDate(t time.Time) string     { return t.Format("2006-01-02") }
func msDateTime(t time.Time) string { return t.Format("2006-01-02 15:04:05") }

func msTimeTimex(s timex.Sem) string {
	t := fmt.Sprintf("T%02d", s.HH)
	if s.MinGiven || s.MI != 0 {
		t += fmt.Sprintf(":%02d", s.MI)
	}
	if s.Exact {
		t = fmt.Sprintf("T%02d:%02d:%02d", s.HH, s.MI, s.SS)
	}
	return t
}

var durUnitSeconds = map[byte]int64{'Y': 31536000, 'W': 604800, 'D': 86400, 'H': 3600, 'S': 1}

// durSeconds converts P3D / PT30M to seconds.
func durSeconds(d string) (int64, bool) {
	if !strings.HasPrefix(d, "P") {
		return 0, false
	}
	if strings.HasSuffix(d, "WE") {
		// weekends of two days: "P3WE"
		n, err := strconv.ParseFloat(d[1:len(d)-2], 64)
		return int64(n * 2 * 86400), err == nil
	}
	var total int64
	inT := false
	num := ""
	for i := 1; i < len(d); i++ {
		c := d[i]
		switch {
		case c == 'T':
			inT = true
		case c >= '0' && c <= '9' || c == '.':
			num += string(c)
		default:
			v, err := strconv.ParseFloat(num, 64)
			if err != nil {
				return 0, false
			}
			num = ""
			var u int64
			switch c {
			case 'M':
				if inT {
					u = 60
				} else {
					u = 2592000
				}
			default:
				u = durUnitSeconds[c]
			}
			if u == 0 {
				return 0, false
			}
			total += int64(v * float64(u))
		}
	}
	return total, true
}

func msValues(e timex.Expr, ref time.Time) (string, []any) {
	s := e.Sem
	one := func(m map[string]any) []any { return []any{m} }
	switch {
	case s.Kind == "SET":
		return "set", one(map[string]any{"timex": e.Value, "type": "set", "value": "not resolved"})
	case s.Kind == "DURATION":
		sec, ok := durSeconds(e.Value)
		if !ok || strings.Contains(e.Value, "X") {
			return "", nil
		}
		m := map[string]any{"timex": e.Value, "type": "duration", "value": strconv.FormatInt(sec, 10)}
		return "duration", one(m)
	case s.RangeDur != "" && s.RangeTime:
		return "datetimerange", one(map[string]any{"timex": e.Value, "type": "datetimerange", "start": msDateTime(s.RangeB), "end": msDateTime(s.RangeE)})
	case s.RangeDur != "":
		return "daterange", one(map[string]any{"timex": e.Value, "type": "daterange", "start": msDate(s.RangeB), "end": msDate(s.RangeE)})
	case s.ToDate:
		return "daterange", one(map[string]any{"timex": "PRESENT_REF", "Mod": "before", "type": "daterange", "end": msDate(ref)})
	case s.MonthOpen && s.D > 0:
		day := time.Date(ref.Year(), ref.Month(), ref.Day(), 0, 0, 0, 0, time.UTC)
		m := time.Date(ref.Year(), ref.Month(), 1, 0, 0, 0, 0, time.UTC)
		past := m.AddDate(0, 0, s.D-1)
		if !past.Before(day) {
			past = m.AddDate(0, -1, s.D-1)
		}
		fut := m.AddDate(0, 0, s.D-1)
		if fut.Before(day) {
			fut = m.AddDate(0, 1, s.D-1)
		}
		p := fmt.Sprintf("XXXX-XX-%02d", s.D)
		return "date", []any{map[string]any{"timex": p, "type": "date", "value": msDate(past)}, map[string]any{"timex": p, "type": "date", "value": msDate(fut)}}
	case s.Ref == "PRESENT_REF":
		return "datetime", one(map[string]any{"timex": "PRESENT_REF", "type": "datetime", "value": msDateTime(ref)})
	case s.Ref != "":
		return "", nil
	}
	if s.Kind == "TIMERANGE" {
		return msTimeRange(e, ref)
	}
	if s.WeekdayDay && !s.HasTime {
		past, fut := timex.WeekdayDayDates(ref, s.WD, s.D)
		tx := fmt.Sprintf("XXXX-WXX-%d", s.WD)
		var vs []any
		for _, d := range []time.Time{past, fut} {
			if !d.IsZero() {
				vs = append(vs, map[string]any{"timex": tx, "type": "date", "value": msDate(d)})
			}
		}
		return "date", vs
	}
	if s.WeekOfMonth != 0 && s.M > 0 {
		mk := func(y int) map[string]any {
			mon, idx := timex.MonthWeek(y, s.M, s.WeekOfMonth)
			tx := fmt.Sprintf("%04d-%02d-W%02d", y, s.M, idx)
			if s.YearOpen {
				tx = fmt.Sprintf("XXXX-%02d-W%02d", s.M, idx)
			}
			return map[string]any{"timex": tx, "type": "daterange", "start": msDate(mon), "end": msDate(mon.AddDate(0, 0, 7))}
		}
		if !s.YearOpen {
			return "daterange", one(mk(s.Y))
		}
		y := ref.Year()
		if m0, _ := timex.MonthWeek(y, s.M, s.WeekOfMonth); !m0.Before(ref) {
			y--
		}
		return "daterange", []any{mk(y), mk(y + 1)}
	}
	if s.D2 > 0 && s.M > 0 {
		mk := func(y int) map[string]any {
			b := time.Date(y, time.Month(s.M), s.D, 0, 0, 0, 0, time.UTC)
			en := time.Date(y, time.Month(s.M), s.D2, 0, 0, 0, 0, time.UTC)
			ta, tb := msDate(b), msDate(en)
			if s.YearOpen {
				ta, tb = "XXXX"+ta[4:], "XXXX"+tb[4:]
			}
			return map[string]any{"timex": fmt.Sprintf("(%s,%s,P%dD)", ta, tb, s.D2-s.D), "type": "daterange", "start": msDate(b), "end": msDate(en)}
		}
		if !s.YearOpen {
			return "daterange", one(mk(s.Y))
		}
		y := ref.Year()
		past := y
		if !time.Date(y, time.Month(s.M), s.D, 0, 0, 0, 0, time.UTC).Before(ref) {
			past = y - 1
		}
		return "daterange", []any{mk(past), mk(past + 1)}
	}
	if e.Value == "" && s.YearOpen && s.D > 0 && s.M > 0 {
		// "feb 30": no such day in any year
		return "date", one(map[string]any{"timex": fmt.Sprintf("XXXX-%02d-%02d", s.M, s.D), "type": "date", "value": "not resolved"})
	}
	// points with a day
	if s.D > 0 || s.WeekOpen {
		timexStr := e.Value
		open := s.YearOpen || s.WeekOpen
		if open {
			timexStr = e.Pattern
		}
		if s.HasTime {
			timexStr = strings.SplitN(timexStr, "T", 2)[0] + msTimeTimex(s)
		}
		typ := "date"
		if s.HasTime {
			typ = "datetime"
		}
		if s.POD != "" && !s.HasTime {
			// "this evening": a datetime range over the part of day
			b, en := podHalf(s.POD, s.Mod)
			mk := func(d time.Time, tx string) map[string]any {
				m := map[string]any{"timex": tx + "T" + s.POD, "type": "datetimerange",
					"start": msDateTime(d.Add(b)), "end": msDateTime(d.Add(en))}
				if s.Mod != "" {
					m["Mod"] = strings.ToLower(s.Mod)
				}
				return m
			}
			if open {
				if !s.WeekOpen {
					return "", nil
				}
				day := time.Date(ref.Year(), ref.Month(), ref.Day(), 0, 0, 0, 0, time.UTC)
				cur := int(day.Weekday())
				if cur == 0 {
					cur = 7
				}
				diff := (cur - s.WD + 7) % 7
				if diff == 0 {
					diff = 7
				}
				past := day.AddDate(0, 0, -diff)
				return "datetimerange", []any{mk(past, e.Pattern), mk(past.AddDate(0, 0, 7), e.Pattern)}
			}
			d := time.Date(s.Y, time.Month(s.M), s.D, 0, 0, 0, 0, time.UTC)
			return "datetimerange", one(mk(d, d.Format("2006-01-02")))
		}
		val := func(d time.Time) map[string]any {
			m := map[string]any{"timex": timexStr, "type": typ}
			if s.HasTime {
				m["value"] = msDateTime(time.Date(d.Year(), d.Month(), d.Day(), s.HH, s.MI, s.SS, 0, time.UTC))
			} else {
				m["value"] = msDate(d)
			}
			return m
		}
		if !open {
			if s.M >= 1 && s.M <= 12 && s.D > time.Date(s.Y, time.Month(s.M)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
				return "date", one(map[string]any{"timex": fmt.Sprintf("%04d-%02d-%02d", s.Y, s.M, s.D), "type": "date", "value": "not resolved"})
			}
			d := time.Date(s.Y, time.Month(s.M), s.D, 0, 0, 0, 0, time.UTC)
			if s.HasTime && s.AmbigHour {
				s2 := s
				s2.HH = altHour(s.HH)
				v2 := map[string]any{"timex": strings.SplitN(timexStr, "T", 2)[0] + msTimeTimex(s2), "type": typ,
					"value": msDateTime(time.Date(d.Year(), d.Month(), d.Day(), s2.HH, s2.MI, s2.SS, 0, time.UTC))}
				return typ, []any{val(d), v2}
			}
			return typ, one(val(d))
		}
		day := time.Date(ref.Year(), ref.Month(), ref.Day(), 0, 0, 0, 0, time.UTC)
		var past, fut time.Time
		if s.WeekOpen {
			cur := int(day.Weekday())
			if cur == 0 {
				cur = 7
			}
			diff := (cur - s.WD + 7) % 7
			if diff == 0 {
				diff = 7
			}
			past = day.AddDate(0, 0, -diff)
			fut = past.AddDate(0, 0, 7)
		} else {
			mk := func(y int) (time.Time, bool) {
				t := time.Date(y, time.Month(s.M), s.D, 0, 0, 0, 0, time.UTC)
				return t, t.Day() == s.D
			}
			y := ref.Year()
			var ok bool
			for past, ok = mk(y); !ok || past.After(day); past, ok = mk(y) {
				y--
				if y < ref.Year()-8 {
					break
				}
			}
			y = ref.Year()
			for fut, ok = mk(y); !ok || !fut.After(day); fut, ok = mk(y) {
				y++
				if y > ref.Year()+8 {
					break
				}
			}
		}
		vs := []any{val(past), val(fut)}
		if s.HasTime && s.AmbigHour {
			s2 := s
			s2.HH = altHour(s.HH)
			ts := strings.SplitN(timexStr, "T", 2)[0] + msTimeTimex(s2)
			for _, d := range []time.Time{past, fut} {
				vs = append(vs, map[string]any{"timex": ts, "type": typ, "value": msDateTime(time.Date(d.Year(), d.Month(), d.Day(), s2.HH, s2.MI, s2.SS, 0, time.UTC))})
			}
		}
		return typ, vs
	}
	if s.POD != "" && s.D == 0 && !s.HasTime {
		b, en := podHalf(s.POD, s.Mod)
		m := map[string]any{"timex": "T" + s.POD, "type": "timerange", "start": clock(b), "end": clock(en)}
		if s.Mod != "" {
			m["Mod"] = strings.ToLower(s.Mod)
		}
		return "timerange", one(m)
	}
	if s.HasTime {
		t := msTimeTimex(s)
		vs := []any{map[string]any{"timex": t, "type": "time", "value": fmt.Sprintf("%02d:%02d:%02d", s.HH, s.MI, s.SS)}}
		if s.AmbigHour {
			s2 := s
			s2.HH = altHour(s.HH)
			vs = append(vs, map[string]any{"timex": msTimeTimex(s2), "type": "time", "value": fmt.Sprintf("%02d:%02d:%02d", s2.HH, s2.MI, s2.SS)})
		}
		return "time", vs
	}
	if s.Fiscal {
		p := "FY"
		if s.School {
			p = "SY"
		}
		if s.FiscalOpen || s.Y == 0 {
			return "daterange", one(map[string]any{"timex": p + "XXXX", "type": "daterange", "value": "not resolved"})
		}
		return "daterange", one(map[string]any{"timex": fmt.Sprintf("%s%04d", p, s.Y), "type": "daterange", "value": "not resolved"})
	}
	if s.Century != 0 {
		return "daterange", one(map[string]any{"timex": fmt.Sprintf("(%s,%s,P100Y)", msDate(e.Begin), msDate(e.Fin)), "type": "daterange", "start": msDate(e.Begin), "end": msDate(e.Fin)})
	}
	// ranges: month, year, week, quarter, season, decade
	if e.Begin.IsZero() && s.Season == "" {
		return "", nil
	}
	if s.Season != "" {
		t := e.Value
		if s.YearOpen {
			t = "XXXX-" + s.Season
		}
		return "daterange", one(map[string]any{"timex": t, "type": "daterange", "value": "not resolved"})
	}
	if s.Decade != 0 {
		tx := fmt.Sprintf("(%s,%s,P10Y)", msDate(e.Begin), msDate(e.Fin))
		if s.CenturyOpen {
			tx = fmt.Sprintf("(XX%s,XX%s,P10Y)", msDate(e.Begin)[2:], msDate(e.Fin)[2:])
			return "daterange", []any{
				map[string]any{"timex": tx, "type": "daterange", "start": msDate(e.Begin), "end": msDate(e.Fin)},
				map[string]any{"timex": tx, "type": "daterange", "start": msDate(e.Begin.AddDate(100, 0, 0)), "end": msDate(e.Fin.AddDate(100, 0, 0))}}
		}
		return "daterange", one(map[string]any{"timex": tx, "type": "daterange", "start": msDate(e.Begin), "end": msDate(e.Fin)})
	}
	if s.Half > 0 {
		return "daterange", one(map[string]any{"timex": fmt.Sprintf("(%s,%s,P6M)", msDate(e.Begin), msDate(e.Fin)), "type": "daterange", "start": msDate(e.Begin), "end": msDate(e.Fin)})
	}
	if s.Q > 0 {
		return "daterange", one(map[string]any{"timex": fmt.Sprintf("(%s,%s,P3M)", msDate(e.Begin), msDate(e.Fin)), "type": "daterange", "start": msDate(e.Begin), "end": msDate(e.Fin)})
	}
	if s.YearOpen && s.M > 0 {
		// a month alone: last and next occurrence
		day := time.Date(ref.Year(), ref.Month(), 1, 0, 0, 0, 0, time.UTC)
		y := ref.Year()
		past := time.Date(y, time.Month(s.M), 1, 0, 0, 0, 0, time.UTC)
		if !past.Before(day) {
			past = past.AddDate(-1, 0, 0)
		}
		fut := time.Date(y, time.Month(s.M), 1, 0, 0, 0, 0, time.UTC)
		if fut.Before(day) {
			fut = fut.AddDate(1, 0, 0)
		}
		if fut.Equal(past) {
			fut = fut.AddDate(1, 0, 0)
		}
		mk := func(t time.Time) map[string]any {
			b, en := msModSpan(s, t, t.AddDate(0, 1, 0))
			m := map[string]any{"timex": e.Pattern, "type": "daterange", "start": msDate(b), "end": msDate(en)}
			if s.Mod != "" {
				m["Mod"] = strings.ToLower(s.Mod)
			}
			return m
		}
		return "daterange", []any{mk(past), mk(fut)}
	}
	b, en := msModSpan(s, e.Begin, e.Fin)
	if s.Half2 != "" {
		var mid time.Time
		switch {
		case s.Week > 0:
			mid = b.AddDate(0, 0, 3)
		case s.M > 0:
			mid = b.AddDate(0, 0, 15)
		default:
			mid = b.AddDate(0, 6, 0)
		}
		if s.Half2 == "earlier" {
			en = mid
		} else {
			b = mid
		}
	}
	m := map[string]any{"timex": e.Value, "type": "daterange", "start": msDate(b), "end": msDate(en)}
	if s.RefUndef {
		m["Mod"] = "ref_undef"
		switch {
		case s.Weekend:
			m["timex"] = "XXXX-WXX-WE"
		case s.Week > 0:
			m["timex"] = "XXXX-WXX"
		case s.M > 0:
			m["timex"] = "XXXX-XX"
		default:
			m["timex"] = "XXXX"
		}
	}
	if s.Mod == "START" || s.Mod == "MID" || s.Mod == "END" {
		m["Mod"] = strings.ToLower(s.Mod)
	}
	return "daterange", one(m)
}

// msModSpan narrows a month or year for early/mid/late (Recognizers
// convention: month 1-16 / 10-21 / 16-end; year Jan-May / May-Sep / Sep-Dec).
func msModSpan(s timex.Sem, b, e time.Time) (time.Time, time.Time) {
	switch {
	case s.M > 0 && s.D == 0:
		switch s.Mod {
		case "START":
			return b, b.AddDate(0, 0, 15)
		case "MID":
			return b.AddDate(0, 0, 9), b.AddDate(0, 0, 20)
		case "END":
			return b.AddDate(0, 0, 15), e
		}
	case s.Week > 0:
		switch s.Mod {
		case "START":
			return b, b.AddDate(0, 0, 3)
		case "END":
			return b.AddDate(0, 0, 3), e
		}
	case s.Y > 0 && s.M == 0 && s.Q == 0 && s.Week == 0 && s.Season == "":
		switch s.Mod {
		case "START":
			return b, b.AddDate(0, 4, 0)
		case "MID":
			return b.AddDate(0, 4, 0), b.AddDate(0, 8, 0)
		case "END":
			return b.AddDate(0, 8, 0), e
		}
	}
	return b, e
}

func podHours(p string) (time.Duration, time.Duration) {
	switch p {
	case "MO":
		return 8 * time.Hour, 12 * time.Hour
	case "AF":
		return 12 * time.Hour, 16 * time.Hour
	case "EV":
		return 16 * time.Hour, 20 * time.Hour
	case "NI":
		return 20 * time.Hour, 23*time.Hour + 59*time.Minute + 59*time.Second
	case "DT":
		return 8 * time.Hour, 18 * time.Hour
	case "NT":
		return 0, 8 * time.Hour
	}
	return 0, 0
}

// podHalf narrows a part of day to its first or second half for
// "early"/"late" (the Recognizers convention).
func podHalf(p, mod string) (time.Duration, time.Duration) {
	b, e := podHours(p)
	if p == "NI" {
		e = 24 * time.Hour
	}
	mid := b + (e-b)/2
	switch mod {
	case "START":
		e = mid
	case "END":
		b = mid
	}
	if p == "NI" && e == 24*time.Hour {
		e = 23*time.Hour + 59*time.Minute + 59*time.Second
	}
	return b, e
}

func clock(d time.Duration) string {
	s := int(d.Seconds())
	return fmt.Sprintf("%02d:%02d:%02d", s/3600, s/60%60, s%60)
}

func msHM(h, m int, minGiven bool) string {
	h %= 24
	if minGiven || m != 0 {
		return fmt.Sprintf("T%02d:%02d", h, m)
	}
	return fmt.Sprintf("T%02d", h)
}

func msDur(d time.Duration) string {
	h, m := int(d.Hours()), int(d.Minutes())%60
	switch {
	case h > 0 && m > 0:
		return fmt.Sprintf("PT%dH%dM", h, m)
	case h > 0:
		return fmt.Sprintf("PT%dH", h)
	}
	return fmt.Sprintf("PT%dM", m)
}

// msTimeRange renders "5 to 6pm" (timerange) or "3:00 to 4:00 tomorrow"
// (datetimerange), with the pm reading too when the hours are bare.
func msTimeRange(e timex.Expr, ref time.Time) (string, []any) {
	s := e.Sem
	variants := [][2]int{{s.HH, s.HH2}}
	if s.AmbigHour && s.HH < 12 {
		variants = append(variants, [2]int{s.HH + 12, s.HH2 + 12})
	}
	var days []time.Time
	dayTimex := ""
	hasDay := s.D > 0 || s.WeekOpen
	if hasDay {
		if s.WeekOpen {
			day := time.Date(ref.Year(), ref.Month(), ref.Day(), 0, 0, 0, 0, time.UTC)
			cur := int(day.Weekday())
			if cur == 0 {
				cur = 7
			}
			diff := (cur - s.WD + 7) % 7
			if diff == 0 {
				diff = 7
			}
			past := day.AddDate(0, 0, -diff)
			days = []time.Time{past, past.AddDate(0, 0, 7)}
			dayTimex = fmt.Sprintf("XXXX-WXX-%d", s.WD)
		} else {
			d := time.Date(s.Y, time.Month(s.M), s.D, 0, 0, 0, 0, time.UTC)
			days = []time.Time{d}
			dayTimex = d.Format("2006-01-02")
			if s.YearOpen {
				dayTimex = fmt.Sprintf("XXXX-%02d-%02d", s.M, s.D)
				y := ref.Year()
				past := time.Date(y, time.Month(s.M), s.D, 0, 0, 0, 0, time.UTC)
				if !past.Before(ref) {
					past = past.AddDate(-1, 0, 0)
				}
				days = []time.Time{past, past.AddDate(1, 0, 0)}
			}
		}
	}
	var vals []any
	for _, v := range variants {
		b := time.Duration(v[0])*time.Hour + time.Duration(s.MI)*time.Minute
		en := time.Duration(v[1])*time.Hour + time.Duration(s.MI2)*time.Minute
		dur := en - b
		if dur <= 0 {
			dur += 24 * time.Hour
		}
		t1, t2 := msHM(v[0], s.MI, s.MinGiven), msHM(v[1], s.MI2, s.MinGiven2)
		if !hasDay {
			vals = append(vals, map[string]any{"timex": "(" + t1 + "," + t2 + "," + msDur(dur) + ")", "type": "timerange",
				"start": clock(b), "end": clock(b + dur)})
			continue
		}
		for _, d := range days {
			vals = append(vals, map[string]any{"timex": "(" + dayTimex + t1 + "," + dayTimex + t2 + "," + msDur(dur) + ")",
				"type": "datetimerange", "start": msDateTime(d.Add(b)), "end": msDateTime(d.Add(b + dur))})
		}
	}
	if !hasDay {
		return "timerange", vals
	}
	return "datetimerange", vals
}

// altHour is the other reading of an hour written without am/pm.
func altHour(h int) int {
	if h == 12 {
		return 0
	}
	return h + 12
}
