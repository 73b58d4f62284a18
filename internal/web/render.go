package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/store"
)

// cameoRoots names the 20 CAMEO root codes.
var cameoRoots = map[string]string{
	"01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate", "04": "Consult",
	"05": "Engage in diplomatic cooperation", "06": "Engage in material cooperation", "07": "Provide aid",
	"08": "Yield", "09": "Investigate", "10": "Demand", "11": "Disapprove", "12": "Reject", "13": "Threaten",
	"14": "Protest", "15": "Exhibit force posture", "16": "Reduce relations", "17": "Coerce", "18": "Assault",
	"19": "Fight", "20": "Use unconventional mass violence",
}

var quadNames = map[int]string{1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict"}

// Quad colours: cooperation greens, conflict reds (colour-blind safe pair
// of blues/oranges would lose the familiar reading; the table also prints
// the class).
var quadColors = map[string]string{"1": "#4e9a6b", "2": "#1f6f43", "3": "#e08a3c", "4": "#b3261e"}

// segment is a run of story text covered by the same highlight roles.
type segment struct {
	Text  string
	Roles []string
}

// Class is the CSS classes of the segment's roles.
func (s segment) Class() string {
	var c []string
	for _, r := range s.Roles {
		c = append(c, "hl-"+r)
	}
	return strings.Join(c, " ")
}

// Title lists the roles for the tooltip.
func (s segment) Title() string { return strings.Join(s.Roles, ", ") }

// roleOrder puts the enclosing sentence first so nested roles paint on top.
var roleOrder = map[string]int{"sentence": 0, "date": 1, "place": 2, "source": 3, "target": 4, "trigger": 5}

// segments cuts text at every highlight boundary. Highlights outside the
// text or not on character boundaries are dropped rather than trusted.
func segments(text string, hls []store.Highlight) []segment {
	valid := func(i int) bool { return i == len(text) || (i >= 0 && i < len(text) && utf8.RuneStart(text[i])) }
	var ok []store.Highlight
	cuts := map[int]bool{0: true, len(text): true}
	for _, h := range hls {
		if h.Start < 0 || h.End > len(text) || h.Start >= h.End || !valid(h.Start) || !valid(h.End) {
			continue
		}
		ok = append(ok, h)
		cuts[h.Start], cuts[h.End] = true, true
	}
	var at []int
	for c := range cuts {
		at = append(at, c)
	}
	sort.Ints(at)
	var out []segment
	for i := 0; i+1 < len(at); i++ {
		a, b := at[i], at[i+1]
		var roles []string
		seen := map[string]bool{}
		for _, h := range ok {
			if h.Start <= a && b <= h.End && !seen[h.Role] {
				roles = append(roles, h.Role)
				seen[h.Role] = true
			}
		}
		sort.Slice(roles, func(i, j int) bool { return roleOrder[roles[i]] < roleOrder[roles[j]] })
		out = append(out, segment{Text: text[a:b], Roles: roles})
	}
	return out
}

// Natural Earth projection with the scale and translation the map asset
// was drawn with (see src/build-map.mjs).
func (w *world) project(lon, lat float64) (float64, float64) {
	l, p := lon*math.Pi/180, lat*math.Pi/180
	p2 := p * p
	p4 := p2 * p2
	x := l * (0.8707 - 0.131979*p2 + p4*(-0.013791+p4*(0.003971*p2-0.001529*p4)))
	y := p * (1.007226 + p2*(0.015085+p4*(-0.044475+0.028874*p2-0.005916*p4)))
	return w.Translate[0] + w.Scale*x, w.Translate[1] - w.Scale*y
}

type world struct {
	Width, Height int
	Scale         float64
	Translate     [2]float64
	Sphere        string
	Checks        []struct {
		Lon, Lat float64
		XY       [2]float64
	}
	Countries []struct {
		ISO  string `json:"iso"`
		Name string `json:"name"`
		D    string `json:"d"`
	}
}

func loadWorld(b []byte) (*world, error) {
	var w world
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, err
	}
	return &w, nil
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// mapSVG draws countries shaded by event count and the event places as
// circles sized by how many events happened there. linkBase is the
// current query without country, so a click narrows to a country.
func (w *world) mapSVG(counts []store.CountryCount, places map[string]*placeDot, linkBase string) template.HTML {
	var b strings.Builder
	max := 0
	byISO := map[string]int{}
	for _, c := range counts {
		byISO[c.Country] += c.Count
		if byISO[c.Country] > max {
			max = byISO[c.Country]
		}
	}
	fmt.Fprintf(&b, `<svg class="map" viewBox="0 0 %d %d" role="img" aria-label="Events per country"><path class="sphere" d="%s"/>`, w.Width, w.Height, w.Sphere)
	for _, c := range w.Countries {
		n := byISO[c.ISO]
		fill := "#e9ecef"
		if n > 0 {
			t := math.Log1p(float64(n)) / math.Log1p(float64(max))
			fill = fmt.Sprintf("rgb(%d,%d,%d)", int(222-150*t), int(235-130*t), int(247-60*t))
		}
		title := fmt.Sprintf("%s: %d events", c.Name, n)
		if c.ISO != "" && n > 0 {
			fmt.Fprintf(&b, `<a href="/?%scountry=%s"><path class="country" data-iso="%s" fill="%s" d="%s"><title>%s</title></path></a>`,
				esc(linkBase), c.ISO, c.ISO, fill, c.D, esc(title))
		} else {
			fmt.Fprintf(&b, `<path class="country" data-iso="%s" fill="%s" d="%s"><title>%s</title></path>`, c.ISO, fill, c.D, esc(title))
		}
	}
	keys := make([]string, 0, len(places))
	for k := range places {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return places[keys[i]].N > places[keys[j]].N || places[keys[i]].N == places[keys[j]].N && keys[i] < keys[j]
	})
	for _, k := range keys {
		p := places[k]
		x, y := w.project(p.Lon, p.Lat)
		r := 2.5 + 2*math.Sqrt(float64(p.N))
		fmt.Fprintf(&b, `<circle class="place" cx="%.1f" cy="%.1f" r="%.1f"><title>%s: %d events</title></circle>`, x, y, math.Min(r, 18), esc(p.Name), p.N)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

type placeDot struct {
	Name     string
	Lat, Lon float64
	N        int
}

// timelineSVG draws events per day stacked by quad class. Days without
// events are gaps, so bursts read as bursts.
func timelineSVG(buckets []store.TimelineBucket, linkBase string) template.HTML {
	if len(buckets) == 0 {
		return template.HTML(`<p class="muted">No dated events.</p>`)
	}
	type day struct {
		n   map[string]int
		sum int
		g   float64
	}
	days := map[string]*day{}
	first, last := buckets[0].Day, buckets[0].Day
	for _, b := range buckets {
		if len(b.Day) != 10 {
			continue
		}
		d := days[b.Day]
		if d == nil {
			d = &day{n: map[string]int{}}
			days[b.Day] = d
		}
		d.n[b.Key] += b.Count
		d.g += b.AvgGoldstein * float64(b.Count)
		d.sum += b.Count
		first, last = min(first, b.Day), max(last, b.Day)
	}
	t0, err0 := time.Parse("2006-01-02", first)
	t1, err1 := time.Parse("2006-01-02", last)
	if err0 != nil || err1 != nil {
		return ""
	}
	nDays := int(t1.Sub(t0).Hours()/24) + 1
	if nDays < 14 { // a few days still read as days, not as walls
		t0 = t0.AddDate(0, 0, -(14-nDays)/2)
		nDays = 14
	}
	if nDays > 3660 { // a decade at most, drawn
		t0 = t1.AddDate(0, 0, -3659)
		nDays = 3660
	}
	maxN := 1
	for _, d := range days {
		maxN = max(maxN, d.sum)
	}
	const W, H, left, bottom, top = 960.0, 180.0, 40.0, 22.0, 8.0
	bw := (W - left) / float64(nDays)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="timeline" viewBox="0 0 %.0f %.0f" role="img" aria-label="Events per day by quad class">`, W, H)
	fmt.Fprintf(&b, `<text class="axis" x="%.0f" y="%.0f" text-anchor="end">%d</text><line class="grid" x1="%.0f" x2="%.0f" y1="%.0f" y2="%.0f"/>`,
		left-4, top+4, maxN, left, W, top, top)
	fmt.Fprintf(&b, `<line class="grid" x1="%.0f" x2="%.0f" y1="%.0f" y2="%.0f"/>`, left, W, H-bottom, H-bottom)
	scale := (H - bottom - top) / float64(maxN)
	for i := 0; i < nDays; i++ {
		t := t0.AddDate(0, 0, i)
		key := t.Format("2006-01-02")
		d := days[key]
		if d == nil {
			continue
		}
		x := left + float64(i)*bw
		y := H - bottom
		next := t.AddDate(0, 0, 1).Format("2006-01-02")
		fmt.Fprintf(&b, `<a href="/?%sfrom=%s&amp;to=%s"><g class="day">`, esc(linkBase), key, next)
		for _, q := range []string{"1", "2", "3", "4"} {
			n := d.n[q]
			if n == 0 {
				continue
			}
			h := float64(n) * scale
			y -= h
			fmt.Fprintf(&b, `<rect x="%.2f" y="%.2f" width="%.2f" height="%.2f" fill="%s"/>`, x, y, math.Max(bw-0.5, 0.6), h, quadColors[q])
		}
		fmt.Fprintf(&b, `<title>%s: %d events (cooperation %d/%d, conflict %d/%d verbal/material), mean Goldstein %.1f</title></g></a>`,
			key, d.sum, d.n["1"], d.n["2"], d.n["3"], d.n["4"], d.g/float64(d.sum))
	}
	// Date ticks: first, last and up to five between.
	ticks := min(nDays-1, 6)
	lastK := -1
	for i := 0; i <= ticks; i++ {
		k := i * (nDays - 1) / max(ticks, 1)
		if k == lastK {
			continue
		}
		lastK = k
		x := left + (float64(k)+0.5)*bw
		anchor := "middle"
		if i == 0 {
			anchor = "start"
		} else if i == ticks {
			anchor = "end"
		}
		fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%.0f" text-anchor="%s">%s</text>`, x, H-6, anchor, t0.AddDate(0, 0, k).Format("2 Jan 2006"))
		if ticks == 0 {
			break
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// codeSpansSVG draws an entity's actor codes as bars over its time span.
func codeSpansSVG(spans []store.CodeSpan) template.HTML {
	if len(spans) == 0 {
		return ""
	}
	var t0, t1 time.Time
	type row struct {
		s    store.CodeSpan
		a, b time.Time
	}
	var rows []row
	for _, s := range spans {
		a, err1 := time.Parse("2006-01-02", s.From)
		z, err2 := time.Parse("2006-01-02", s.To)
		if err1 != nil || err2 != nil {
			continue
		}
		z = z.AddDate(0, 0, 1)
		rows = append(rows, row{s, a, z})
		if t0.IsZero() || a.Before(t0) {
			t0 = a
		}
		if z.After(t1) {
			t1 = z
		}
	}
	if len(rows) == 0 {
		return ""
	}
	total := t1.Sub(t0).Hours()
	const W, rh, left = 960.0, 22.0, 110.0
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="codes" viewBox="0 0 %.0f %.0f" role="img" aria-label="Actor codes over time">`, W, rh*float64(len(rows))+18)
	for i, r := range rows {
		y := float64(i) * rh
		x := left + (W-left)*r.a.Sub(t0).Hours()/total
		w := math.Max((W-left)*r.b.Sub(r.a).Hours()/total, 3)
		fmt.Fprintf(&b, `<text class="axis" x="0" y="%.0f">%s</text><rect x="%.1f" y="%.0f" width="%.1f" height="%.0f" class="codebar"><title>%s: %s to %s, %d events</title></rect>`,
			y+15, esc(r.s.Code), x, y+3, w, rh-6, esc(r.s.Code), r.s.From, r.s.To, r.s.Count)
	}
	fmt.Fprintf(&b, `<text class="axis" x="%.0f" y="%.0f">%s</text><text class="axis" x="%.0f" y="%.0f" text-anchor="end">%s</text></svg>`,
		left, rh*float64(len(rows))+14, t0.Format("2 Jan 2006"), W, rh*float64(len(rows))+14, t1.AddDate(0, 0, -1).Format("2 Jan 2006"))
	return template.HTML(b.String())
}

// dayBarsSVG draws an entity's daily counts.
func dayBarsSVG(days []store.DayCount) template.HTML {
	var bs []store.TimelineBucket
	for _, d := range days {
		bs = append(bs, store.TimelineBucket{Day: d.Day, Key: "1", Count: d.Count})
	}
	return timelineSVG(bs, "")
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
