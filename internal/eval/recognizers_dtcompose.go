package eval

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/internal/number"
	"github.com/newsgraph/newsgraph/internal/timex"
)

// msItem is one rendered expression with its token extent.
type msItem struct {
	first, last int // tokens
	typ         string
	vals        []any
	e           timex.Expr
	ref         time.Time // the reference date
}

// msCompose applies the Recognizers-Text composition rules our core
// grammar leaves out: ranges "from A to B" / "between A and B" and bounds
// "since A", "after A", "before A", "until A", "more than 3 days".
func msCompose(toks []number.Tok, items []msItem) []msItem {
	word := func(j int) string {
		if j >= 0 && j < len(toks) && toks[j].Kind == number.Word {
			return toks[j].Text
		}
		return ""
	}
	text := func(j int) string {
		if j >= 0 && j < len(toks) {
			return toks[j].Text
		}
		return ""
	}
	var out []msItem
	for k := 0; k < len(items); k++ {
		a := items[k]
		// ranges
		if k+1 < len(items) {
			b := items[k+1]
			if b.first == a.last+1 || b.first == a.last+2 && word(a.last+1) == "the" {
				conn := text(a.last)
				pre := word(a.first - 1)
				theShift := 0
				if pre == "the" && (word(a.first-2) == "between" || word(a.first-2) == "from") {
					theShift = 1
					pre = word(a.first - 2)
				}
				ok := conn == "to" || conn == "till" || conn == "until" || conn == "through" || conn == "thru" || conn == "-" || conn == "~" || (conn == "and" && pre == "between")
				if ok {
					if r, good := msRange(a, b); good {
						if pre == "from" || pre == "between" {
							r.first = a.first - 1 - theShift
						}
						out = append(out, r)
						k++
						continue
					}
				}
			}
		}
		// "from 2pm for 2 hours", "for 2 hours from 2pm", with an optional day before
		if r, used, ok := msTimeFor(toks, items, k, word); ok {
			out = append(out, r)
			k += used - 1
			continue
		}
		// "6am everyday", "every evening at 7:13 p.m.": a time that recurs
		if k+1 < len(items) {
			b := items[k+1]
			if a.typ == "time" && b.typ == "set" && b.first == a.last && len(a.vals) >= 1 {
				tx := a.vals[0].(map[string]any)["timex"]
				out = append(out, msItem{first: a.first, last: b.last, typ: "set", e: b.e, vals: []any{map[string]any{"timex": tx, "type": "set", "value": "not resolved"}}})
				k++
				continue
			}
			if a.typ == "set" && b.typ == "time" && (b.first == a.last+1 && word(a.last) == "at") && len(b.vals) >= 1 {
				tx := b.vals[0].(map[string]any)["timex"]
				out = append(out, msItem{first: a.first, last: b.last, typ: "set", e: b.e, vals: []any{map[string]any{"timex": tx, "type": "set", "value": "not resolved"}}})
				k++
				continue
			}
		}
		// "3 days from tuesday", "2 weeks before christmas"
		if a.typ == "duration" && k+1 < len(items) && items[k+1].first == a.last+1 {
			w := word(a.last)
			b := items[k+1]
			if (w == "from" || w == "after" || w == "before") && (b.typ == "date") {
				if d, ok := msShift(a.e.Value, b, w == "before"); ok {
					p1, p2 := word(a.first-2), word(a.first-1)
					switch {
					case p1 == "more" && p2 == "than" && w == "before":
						// "more than 2 weeks before today": any day up to that one
						out = append(out, msItem{first: a.first - 2, last: b.last, typ: "daterange", e: b.e,
							vals: []any{map[string]any{"timex": d, "Mod": "before", "type": "daterange", "end": d}}})
					case p1 == "less" && p2 == "than" && w != "before":
						// "less than 3 days after tomorrow": the days between
						st := fmt.Sprint(b.vals[len(b.vals)-1].(map[string]any)["value"])
						st0, err1 := time.Parse("2006-01-02", st)
						en, err2 := time.Parse("2006-01-02", d)
						if err1 != nil || err2 != nil {
							break
						}
						out = append(out, msItem{first: a.first - 2, last: b.last, typ: "daterange", e: b.e,
							vals: []any{map[string]any{"timex": fmt.Sprintf("(%s,%s,P%dD)", st, d, int(en.Sub(st0).Hours()/24)), "type": "daterange", "start": st, "end": d}}})
					default:
						out = append(out, msItem{first: a.first, last: b.last, typ: "date", e: b.e,
							vals: []any{map[string]any{"timex": d, "type": "date", "value": d}}})
					}
					k++
					continue
				}
			}
		}
		// bounds
		if w2 := word(a.first - 2); word(a.first) == "year" && word(a.first-1) == "the" && (w2 == "before" || w2 == "after" || w2 == "since" || w2 == "until") {
			a.first-- // "before the year 2019": the bound takes "the"
		}
		p1, p2, p3 := word(a.first-1), word(a.first-2), word(a.first-3)
		mod, n := "", 0
		switch {
		case p3 == "as" && p2 == "early" && p1 == "as":
			mod, n = "since", 3
		case p3 == "as" && p2 == "late" && p1 == "as":
			mod, n = "until", 3
		case p2 == "more" && p1 == "than", p2 == "later" && p1 == "than":
			mod, n = "more", 2
		case p2 == "less" && p1 == "than", p2 == "earlier" && p1 == "than":
			mod, n = "less", 2
		case p2 == "beginning" && p1 == "on":
			mod, n = "since", 2
		case p1 == "since" || p1 == "beginning" || p1 == "starting":
			mod, n = "since", 1
		case p1 == "after":
			mod, n = "after", 1
		case p1 == "before":
			mod, n = "before", 1
		case p1 == "until" || p1 == "till":
			mod, n = "until", 1
		case (p1 == "around" || p1 == "about" || p1 == "approximately") && a.typ == "time":
			mod, n = "approx", 1
		}
		if mod == "" && word(a.last) == "or" && (word(a.last+1) == "later" || word(a.last+1) == "after") {
			// "3 pm or later", "2018 or later"
			if r, good := msBound(a, "since"); good {
				r.last = a.last + 2
				out = append(out, r)
				continue
			}
		}
		if mod != "" {
			if r, good := msBound(a, mod); good {
				r.first = a.first - n
				out = append(out, r)
				continue
			}
		}
		out = append(out, a)
	}
	return msDayBound(msWeekdayOf(toks, out))
}

// msWeekdayOf joins a date and a weekday into that weekday of the date's
// week: "in 3 days on Friday", "Monday two weeks from now".
func msWeekdayOf(toks []number.Tok, items []msItem) []msItem {
	word := func(j int) string {
		if j >= 0 && j < len(toks) && toks[j].Kind == number.Word {
			return toks[j].Text
		}
		return ""
	}
	single := func(it msItem) (time.Time, bool) {
		if it.typ != "date" || len(it.vals) != 1 || it.e.Sem.WeekOpen {
			return time.Time{}, false
		}
		t, err := time.Parse("2006-01-02", fmt.Sprint(it.vals[0].(map[string]any)["value"]))
		return t, err == nil
	}
	var out []msItem
	for k := 0; k < len(items); k++ {
		a := items[k]
		if k+1 < len(items) {
			b := items[k+1]
			var d time.Time
			wd := 0
			ok := false
			switch {
			case b.e.Sem.WeekOpen && !b.e.Sem.HasTime && b.first == a.last+1 && word(a.last) == "on":
				if t, good := single(a); good {
					d, wd, ok = t, b.e.Sem.WD, true
				}
			case a.e.Sem.WeekOpen && !a.e.Sem.HasTime && (b.first == a.last || b.first == a.last+1 && toks[a.last].Text == ","):
				if t, good := single(b); good {
					d, wd, ok = t, a.e.Sem.WD, true
				}
			}
			if ok {
				cur := int(d.Weekday())
				if cur == 0 {
					cur = 7
				}
				v := d.AddDate(0, 0, wd-cur).Format("2006-01-02")
				out = append(out, msItem{first: a.first, last: b.last, typ: "date", e: a.e,
					vals: []any{map[string]any{"timex": v, "type": "date", "value": v}}})
				k++
				continue
			}
		}
		out = append(out, a)
	}
	return out
}

// msDayBound joins a day and the bounded time after it: "tomorrow before
// 5pm", "1/1/2015 after 2:00".
func msDayBound(items []msItem) []msItem {
	var out []msItem
	for k := 0; k < len(items); k++ {
		a := items[k]
		// "tomorrow before 5pm", "1/1/2015 after 2:00": a day and a bounded time
		if (a.typ == "date") && k+1 < len(items) && items[k+1].first == a.last && items[k+1].typ == "timerange" {
			b := items[k+1]
			if bm, ok := b.vals[0].(map[string]any); ok {
				if mod, _ := bm["Mod"].(string); mod == "before" || mod == "after" || mod == "since" {
					var vals []any
					for _, v := range a.vals {
						dm := v.(map[string]any)
						dt, err := time.Parse("2006-01-02", fmt.Sprint(dm["value"]))
						if err != nil {
							break
						}
						for _, tv := range b.vals {
							tm := tv.(map[string]any)
							tx := fmt.Sprint(dm["timex"]) + fmt.Sprint(tm["timex"])
							key, clk := "start", tm["start"]
							if mod == "before" {
								key, clk = "end", tm["end"]
							}
							c, err := time.Parse("15:04:05", fmt.Sprint(clk))
							if err != nil {
								continue
							}
							at := dt.Add(time.Duration(c.Hour())*time.Hour + time.Duration(c.Minute())*time.Minute)
							vals = append(vals, map[string]any{"timex": tx, "Mod": mod, "type": "datetimerange", key: msDateTime(at)})
						}
					}
					if len(vals) > 0 {
						out = append(out, msItem{first: a.first, last: b.last, typ: "datetimerange", e: a.e, vals: vals})
						k++
						continue
					}
				}
			}
		}
		out = append(out, a)
	}
	return out
}

func msBound(a msItem, mod string) (msItem, bool) {
	if a.typ == "duration" {
		if mod != "more" && mod != "less" {
			return a, false
		}
		var vs []any
		for _, v := range a.vals {
			m := copyMap(v.(map[string]any))
			m["Mod"] = mod
			vs = append(vs, m)
		}
		a.vals = vs
		return a, true
	}
	switch mod {
	case "more":
		mod = "after"
	case "less":
		mod = "before"
	case "approx":
		var vs []any
		for _, v := range a.vals {
			m := copyMap(v.(map[string]any))
			m["Mod"] = "approx"
			if a.typ == "time" {
				m["type"] = "timerange"
			} else {
				m["type"] = "daterange"
			}
			vs = append(vs, m)
		}
		if a.typ != "time" {
			a.typ = "daterange"
		}
		a.vals = vs
		return a, true
	}
	var vs []any
	outTyp := "daterange"
	for _, v := range a.vals {
		m := v.(map[string]any)
		var start, end, se string
		switch a.typ {
		case "date":
			start, se = m["value"].(string), "datetimepoint"
			end = start
		case "daterange":
			s1, ok1 := m["start"].(string)
			e1, ok2 := m["end"].(string)
			if !ok1 || !ok2 {
				return a, false
			}
			start, end, se = s1, e1, "datetimerange"
		case "time":
			start, se = m["value"].(string), "datetimepoint"
			end = start
			outTyp = "timerange"
		case "datetime":
			start, se = m["value"].(string), "datetimepoint"
			end = start
			outTyp = "datetimerange"
		default:
			return a, false
		}
		nm := mod
		if bm, ok := m["Mod"].(string); ok && bm != "" {
			nm = mod + "-" + bm // "since late july": since-end
		}
		n := map[string]any{"timex": m["timex"], "Mod": nm, "type": outTyp, "sourceEntity": se}
		switch mod {
		case "since":
			n["start"] = start
		case "after":
			if se == "datetimerange" {
				n["start"] = end
			} else {
				n["start"] = start
			}
		case "before":
			n["end"] = start
			if m["Mod"] == "end" {
				n["end"] = end // "before end of this year"
			}
		case "until":
			n["end"] = end
		}
		if outTyp == "datetimerange" || outTyp == "timerange" {
			delete(n, "sourceEntity")
			if outTyp == "timerange" {
				n["sourceEntity"] = se
			}
		}
		vs = append(vs, n)
	}
	a.typ, a.vals = outTyp, vs
	return a, true
}

func copyMap(m map[string]any) map[string]any {
	n := make(map[string]any, len(m)+1)
	for k, v := range m {
		n[k] = v
	}
	return n
}

// msRange builds "(A,B,duration)" for two dates, months or years: the
// duration is counted in the finer unit of the two; open readings pair up
// (past with past, future with future).
func msRange(a, b msItem) (msItem, bool) {
	sa, sb := a.e.Sem, b.e.Sem
	gran := func(s timex.Sem) int {
		switch {
		case s.HasTime || s.Week > 0 || s.Season != "" || s.Ref != "" || s.Decade != 0 || s.Century != 0 || s.RangeDur != "":
			return 0
		case s.Q > 0:
			return 2
		case s.D > 0:
			return 3
		case s.M > 0:
			return 2
		case s.Y > 0:
			return 1
		}
		return 0
	}
	ga, gb := gran(sa), gran(sb)
	if sa.Ref == "PRESENT_REF" && gb == 3 && len(b.vals) >= 1 {
		// "between now and November 15th": from the reference day
		refDay, ok := msStartAt(b, len(b.vals)-1)
		if !ok {
			return a, false
		}
		st, err := time.Parse("2006-01-02 15:04:05", fmt.Sprint(a.vals[0].(map[string]any)["value"]))
		if err != nil {
			return a, false
		}
		st = time.Date(st.Year(), st.Month(), st.Day(), 0, 0, 0, 0, time.UTC)
		if !refDay.After(st) {
			return a, false
		}
		tb := refDay.Format("2006-01-02")
		if sb.YearOpen {
			tb = "XXXX" + tb[4:]
		}
		return msItem{first: a.first, last: b.last, typ: "daterange", e: a.e, vals: []any{map[string]any{
			"timex": fmt.Sprintf("(%s,%s,P%dD)", st.Format("2006-01-02"), tb, int(refDay.Sub(st).Hours()/24)), "type": "daterange",
			"start": st.Format("2006-01-02"), "end": refDay.Format("2006-01-02")}}}, true
	}
	if ga == 0 || gb == 0 {
		return a, false
	}
	g := ga
	if gb > g {
		g = gb
	}
	type pair struct{ s, e time.Time }
	var pairs []pair
	starts := func(it msItem) []time.Time {
		var ts []time.Time
		for k := range it.vals {
			if t, ok := msStartAt(it, k); ok {
				ts = append(ts, t)
			}
		}
		return ts
	}
	as, bs := starts(a), starts(b)
	// "the end of 2007", "the middle of March" as range ends
	modded := false
	if sa.Mod != "" && len(as) == 1 && !a.e.Begin.IsZero() {
		modded = true
		switch sa.Mod {
		case "END":
			as[0] = a.e.Fin
		case "MID":
			as[0] = a.e.Begin.Add(a.e.Fin.Sub(a.e.Begin) / 2)
			as[0] = time.Date(as[0].Year(), as[0].Month(), as[0].Day(), 0, 0, 0, 0, time.UTC)
			if sa.M > 0 {
				as[0] = a.e.Begin.AddDate(0, 0, 15)
			}
		default:
			as[0] = a.e.Begin
		}
	}
	if sa.Mod == "MID" && len(as) == 2 && sa.M > 0 && sa.D == 0 {
		modded = true
		for k := range as {
			as[k] = time.Date(as[k].Year(), time.Month(sa.M), 16, 0, 0, 0, 0, time.UTC)
		}
	}
	if sb.Mod == "END" && len(bs) >= 1 {
		modded = true
		if len(bs) == 1 && !b.e.Fin.IsZero() {
			bs[0] = b.e.Fin
		} else if sb.M > 0 && sb.D == 0 {
			for k := range bs {
				bs[k] = time.Date(bs[k].Year(), time.Month(sb.M), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0)
			}
		}
	}
	// "26 june to 28 june in 2020": the year said once serves both ends
	if len(as) == 2 && len(bs) == 1 && sa.YearOpen && !sb.YearOpen {
		y := bs[0].Year()
		t := time.Date(y, as[0].Month(), as[0].Day(), 0, 0, 0, 0, time.UTC)
		if t.Before(bs[0]) {
			as = []time.Time{t}
			sa.YearOpen = false
		}
	}
	if modded && g < 2 {
		g = 2
	}
	switch {
	case len(as) == 1 && len(bs) >= 1:
		for _, t := range bs {
			if t.After(as[0]) {
				pairs = append(pairs, pair{as[0], t})
				break
			}
		}
	case len(as) == 2 && len(bs) == 1:
		for k := len(as) - 1; k >= 0; k-- {
			if as[k].Before(bs[0]) {
				pairs = append(pairs, pair{as[k], bs[0]})
				break
			}
		}
	case len(as) == 2 && len(bs) == 2:
		for k := 0; k < 2; k++ {
			e := bs[k]
			if !e.After(as[k]) {
				e = e.AddDate(1, 0, 0)
			}
			pairs = append(pairs, pair{as[k], e})
		}
		// the Recognizers convention: a range that holds the reference has one reading
		ref := a.ref
		for _, p := range pairs {
			inside := false
			if g == 2 {
				rm := ref.Year()*12 + int(ref.Month())
				inside = p.s.Year()*12+int(p.s.Month()) < rm && rm <= p.e.Year()*12+int(p.e.Month())
			} else {
				inside = !ref.Before(p.s) && ref.Before(p.e)
			}
			if inside {
				pairs = []pair{p}
				break
			}
		}
	}
	if len(pairs) == 0 {
		return a, false
	}
	var vals []any
	for _, p := range pairs {
		var dur string
		switch g {
		case 3:
			dur = fmt.Sprintf("P%dD", int(p.e.Sub(p.s).Hours()/24))
		case 2:
			dur = fmt.Sprintf("P%dM", (p.e.Year()-p.s.Year())*12+int(p.e.Month())-int(p.s.Month()))
		default:
			dur = fmt.Sprintf("P%dY", p.e.Year()-p.s.Year())
		}
		ta, tb := p.s.Format("2006-01-02"), p.e.Format("2006-01-02")
		if sa.YearOpen {
			ta = "XXXX" + ta[4:]
		}
		if sb.YearOpen {
			tb = "XXXX" + tb[4:]
		}
		vals = append(vals, map[string]any{"timex": "(" + ta + "," + tb + "," + dur + ")", "type": "daterange",
			"start": p.s.Format("2006-01-02"), "end": p.e.Format("2006-01-02")})
	}
	return msItem{first: a.first, last: b.last, typ: "daterange", e: a.e, vals: vals}, true
}

func msStartAt(a msItem, k int) (time.Time, bool) {
	m, ok := a.vals[k].(map[string]any)
	if !ok {
		return time.Time{}, false
	}
	for _, key := range []string{"value", "start"} {
		if s, ok := m[key].(string); ok && len(s) >= 10 && !strings.Contains(s, ":") {
			t, err := time.Parse("2006-01-02", s[:10])
			return t, err == nil
		}
	}
	return time.Time{}, false
}

func msStart(a msItem) (time.Time, bool) {
	m, ok := a.vals[0].(map[string]any)
	if !ok {
		return time.Time{}, false
	}
	for _, k := range []string{"value", "start"} {
		if s, ok := m[k].(string); ok && len(s) >= 10 && !strings.Contains(s, ":") {
			t, err := time.Parse("2006-01-02", s[:10])
			return t, err == nil
		}
	}
	return time.Time{}, false
}

// msShift adds a duration (P3D, P2W, P4M, P1Y) to the date of b: its only
// reading, or the future one when b is open.
func msShift(dur string, b msItem, back bool) (string, bool) {
	if len(dur) < 3 || dur[0] != 'P' || len(b.vals) == 0 {
		return "", false
	}
	n, err := strconv.Atoi(dur[1 : len(dur)-1])
	if err != nil {
		return "", false
	}
	if back {
		n = -n
	}
	m, ok := b.vals[len(b.vals)-1].(map[string]any)
	if !ok {
		return "", false
	}
	v, _ := m["value"].(string)
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return "", false
	}
	switch dur[len(dur)-1] {
	case 'D':
		t = t.AddDate(0, 0, n)
	case 'W':
		t = t.AddDate(0, 0, 7*n)
	case 'M':
		t = t.AddDate(0, n, 0)
	case 'Y':
		t = t.AddDate(n, 0, 0)
	default:
		return "", false
	}
	return t.Format("2006-01-02"), true
}

// msTimeFor joins a clock time and a duration in hours/minutes into a
// time range: "from 9 for 2.5 hrs", "for 3 hours from 10 am", optionally
// after a day ("14th feb from 9:30am for 7 hours"). It returns the item
// and how many input items it used.
func msTimeFor(toks []number.Tok, items []msItem, k int, word func(int) string) (msItem, int, bool) {
	var day *msItem
	start := k
	if items[k].typ == "date" && k+1 < len(items) {
		day = &items[k]
		k++
	}
	// a bare hour: "for 2.5 hours from 9", "from 9 for 2.5 hrs"
	if day == nil && items[k].typ == "duration" {
		d := items[k]
		bare := func(j int) (int, bool) {
			if j < 0 || j >= len(toks) || toks[j].Kind != number.Num || len(toks[j].Text) > 2 {
				return 0, false
			}
			h, err := strconv.Atoi(toks[j].Text)
			return h, err == nil && h >= 1 && h <= 12 && !(j+1 < len(toks) && number.Adjacent(toks, j+1) && toks[j+1].Kind != number.Punct)
		}
		var h, first, last int
		ok := false
		if word(d.last) == "from" && !(k+1 < len(items) && items[k+1].first == d.last+1) {
			if hh, good := bare(d.last + 1); good {
				h, first, last, ok = hh, d.first, d.last+2, true
				if word(first-1) == "for" {
					first--
				}
			}
		} else if word(d.first-1) == "for" && word(d.first-3) == "from" {
			if hh, good := bare(d.first - 2); good {
				h, first, last, ok = hh, d.first-3, d.last, true
			}
		}
		if ok {
			if sec, good := durSeconds(d.e.Value); good && sec > 0 && sec <= 12*3600 {
				b0 := time.Duration(h) * time.Hour
				e0 := b0 + time.Duration(sec)*time.Second
				endT := fmt.Sprintf("T%02d:%02d:00", int(e0.Hours())%24, int(e0.Minutes())%60)
				return msItem{first: first, last: last, typ: "timerange", e: d.e, vals: []any{map[string]any{
					"timex": "(" + msHM(h, 0, false) + "," + endT + "," + msDur(time.Duration(sec)*time.Second) + ")", "type": "timerange",
					"start": clock(b0), "end": clock(e0)}}}, 1, true
			}
		}
	}
	if k+1 >= len(items) {
		return msItem{}, 0, false
	}
	a, b := items[k], items[k+1]
	var t, d msItem
	switch {
	case a.typ == "time" && b.typ == "duration" && word(a.last) == "for" && b.first == a.last+1:
		t, d = a, b
	case a.typ == "duration" && b.typ == "time" && word(a.last) == "from" && b.first == a.last+1:
		t, d = b, a
	default:
		return msItem{}, 0, false
	}
	if day != nil && day.last != items[k].first && !(day.last+1 == items[k].first && (word(day.last) == "for" || word(day.last) == "from")) {
		return msItem{}, 0, false
	}
	sec, ok := durSeconds(d.e.Value)
	if !ok || sec <= 0 || sec > 24*3600 {
		return msItem{}, 0, false
	}
	ts := t.e.Sem
	if ts.AmbigHour && ts.HH < 12 && ts.HH >= 1 && ts.HH < 8 {
		ts.HH += 12
	}
	b0 := time.Duration(ts.HH)*time.Hour + time.Duration(ts.MI)*time.Minute
	e0 := b0 + time.Duration(sec)*time.Second
	endT := fmt.Sprintf("T%02d:%02d:00", int(e0.Hours())%24, int(e0.Minutes())%60)
	startT := msHM(ts.HH, ts.MI, ts.MinGiven)
	dur := msDur(time.Duration(sec) * time.Second)
	first := a.first
	if w := word(first - 1); w == "from" || w == "for" {
		first--
	}
	if day == nil {
		return msItem{first: first, last: b.last, typ: "timerange", e: t.e, vals: []any{map[string]any{
			"timex": "(" + startT + "," + endT + "," + dur + ")", "type": "timerange", "start": clock(b0), "end": clock(e0)}}}, 2, true
	}
	var vals []any
	for _, v := range day.vals {
		m := v.(map[string]any)
		ds, _ := m["value"].(string)
		dt, err := time.Parse("2006-01-02", ds)
		if err != nil {
			return msItem{}, 0, false
		}
		tx, _ := m["timex"].(string)
		vals = append(vals, map[string]any{"timex": "(" + tx + startT + "," + tx + endT + "," + dur + ")", "type": "datetimerange",
			"start": msDateTime(dt.Add(b0)), "end": msDateTime(dt.Add(e0))})
	}
	return msItem{first: day.first, last: b.last, typ: "datetimerange", e: t.e, vals: vals}, k - start + 2, true
}
