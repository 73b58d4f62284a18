package store

import (
	"math"
	"net/url"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/internal/doc"
)

// HasLayers reports whether d carries anything the normalised tables hold;
// documents without NLP layers cost the backends nothing beyond this test.
func HasLayers(d *doc.Doc) bool {
	return len(d.Events)+len(d.Entities)+len(d.Mentions)+len(d.Sentences)+len(d.Places)+
		len(d.Timexes)+len(d.Quantities)+len(d.Quotes) > 0
}

// EntityID is the stable id of entity i of d: the entity layer's id, else
// one made from its kind and case-folded name, so unlinked entities of the
// same name meet across documents.
func EntityID(d *doc.Doc, i int) string {
	if i < 0 || i >= len(d.Entities) {
		return ""
	}
	e := d.Entities[i]
	if e.ID != "" {
		return e.ID
	}
	return "name:" + e.Kind + ":" + NormName(e.Name)
}

// NormName folds a name for prefix search: lower case, single spaces.
func NormName(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// PrefixEnd is the smallest string greater than every string starting with
// p (byte order), for index range scans: p <= x < PrefixEnd(p).
func PrefixEnd(p string) string { return p + "\xf4\x8f\xbf\xbf" }

// Outlet names where a document came from, for counting distinct sources:
// the site, else the URL's host, else the source name.
func Outlet(d *doc.Doc) string {
	if d.Meta.Site != "" {
		return strings.ToLower(d.Meta.Site)
	}
	if u, err := url.Parse(d.Meta.URL); err == nil && u.Host != "" {
		return strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	}
	return d.Meta.SourceName
}

// DocDate is the document's publication day, YYYY-MM-DD, or "".
func DocDate(d *doc.Doc) string {
	p := d.Meta.Published
	if len(p) >= 10 {
		return p[:10]
	}
	return p
}

// EventRec is one event flattened for a table row.
type EventRec struct {
	Idx                          int
	Ev                           *doc.Event
	Story                        int // index in the Doc's stories (0 when none)
	Date                         string
	DateStart, DateEnd           *int
	SourceEntity, TargetEntity   *string
	SourceName, TargetName       string
	SourceStart, SourceEnd       *int
	TargetStart, TargetEnd       *int
	PlaceName, Country, Admin1   string
	Lat, Lon                     *float64
	GeonameID                    int64
	PlaceStart, PlaceEnd         *int
	Sentence                     string
	SourceCC, TargetCC, RootCode string
}

func intp(v int) *int { return &v }

// EventRecs flattens d's events.
func EventRecs(d *doc.Doc) []EventRec {
	out := make([]EventRec, 0, len(d.Events))
	for i := range d.Events {
		ev := &d.Events[i]
		r := EventRec{Idx: i, Ev: ev, Date: ev.Date}
		if len(r.Date) > 10 {
			r.Date = r.Date[:10]
		}
		if r.Date == "" {
			r.Date = DocDate(d)
		}
		for j, s := range d.Stories {
			if ev.Sentence.Start >= s.Start && ev.Sentence.Start < s.End {
				r.Story = j
				break
			}
		}
		if ev.DateTimex >= 0 && ev.DateTimex < len(d.Timexes) {
			t := d.Timexes[ev.DateTimex]
			r.DateStart, r.DateEnd = intp(t.Start), intp(t.End)
		}
		side := func(a doc.Actor, ent **string, name *string, st, en **int) {
			if a.Entity >= 0 && a.Entity < len(d.Entities) {
				id := EntityID(d, a.Entity)
				*ent = &id
				*name = d.Entities[a.Entity].Name
			}
			if a.Span != nil {
				*st, *en = intp(a.Span.Start), intp(a.Span.End)
			}
		}
		side(ev.Source, &r.SourceEntity, &r.SourceName, &r.SourceStart, &r.SourceEnd)
		side(ev.Target, &r.TargetEntity, &r.TargetName, &r.TargetStart, &r.TargetEnd)
		if ev.Place >= 0 && ev.Place < len(d.Places) {
			p := d.Places[ev.Place]
			r.PlaceStart, r.PlaceEnd = intp(p.Start), intp(p.End)
			r.PlaceName = p.Name
			if r.PlaceName == "" {
				r.PlaceName = p.Text
			}
			if p.Resolved {
				r.Country, r.Admin1, r.GeonameID = p.Country, p.Admin1, p.GeonameID
				lat, lon := p.Lat, p.Lon
				r.Lat, r.Lon = &lat, &lon
			}
		}
		if ev.Sentence.Start >= 0 && ev.Sentence.End <= len(d.Text) && ev.Sentence.Start <= ev.Sentence.End {
			r.Sentence = d.Text[ev.Sentence.Start:ev.Sentence.End]
		}
		r.SourceCC, r.TargetCC = cc(ev.Source.Code), cc(ev.Target.Code)
		r.RootCode = ev.Root
		if r.RootCode == "" && len(ev.Code) >= 2 {
			r.RootCode = ev.Code[:2]
		}
		out = append(out, r)
	}
	return out
}

// CC is the first three letters of an actor code: the country or role the
// code prefix indexes serve.
func cc(code string) string {
	if len(code) > 3 {
		return code[:3]
	}
	return code
}

// CC is exported for the backends' query builders.
func CC(code string) string { return cc(code) }

// EntityPairs lists the pairs (a < b) of entity ids that co-occur in d,
// among its maxPairEntities most mentioned entities.
func EntityPairs(d *doc.Doc) [][2]string {
	type em struct {
		id string
		n  int
	}
	seen := map[string]int{}
	for i, e := range d.Entities {
		seen[EntityID(d, i)] += len(e.Mentions) + 1
	}
	ids := make([]em, 0, len(seen))
	for id, n := range seen {
		ids = append(ids, em{id, n})
	}
	sort.Slice(ids, func(i, j int) bool {
		if ids[i].n != ids[j].n {
			return ids[i].n > ids[j].n
		}
		return ids[i].id < ids[j].id
	})
	if len(ids) > maxPairEntities {
		ids = ids[:maxPairEntities]
	}
	var out [][2]string
	for i := range ids {
		for j := i + 1; j < len(ids); j++ {
			a, b := ids[i].id, ids[j].id
			if b < a {
				a, b = b, a
			}
			out = append(out, [2]string{a, b})
		}
	}
	return out
}

const maxPairEntities = 24

// EventKey identifies an event across runs for diffs: the document, the
// trigger and sentence spans, and the actor spans.
func EventKey(docKey string, sentStart, trigStart, trigEnd int, srcText, tgtText string) string {
	return docKey + "|" + itoa(sentStart) + "|" + itoa(trigStart) + "-" + itoa(trigEnd) + "|" + srcText + "|" + tgtText
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// CellDeg is the size of the grid cells that index event places for
// bounding-box queries.
const CellDeg = 5

// Cell is the grid cell of a point.
func Cell(lat, lon float64) int {
	la := int((lat + 90) / CellDeg)
	lo := int((lon + 180) / CellDeg)
	return la*100 + lo
}

// CellsFor lists the cells a box touches, or nil when it touches more
// than max (a box that large is better served by a date-ordered scan).
func CellsFor(b [4]float64, max int) []int {
	clamp := func(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }
	lo0 := Cell(clamp(b[1], -90, 89.999), clamp(b[0], -180, 179.999))
	lo1 := Cell(clamp(b[3], -90, 89.999), clamp(b[2], -180, 179.999))
	rows0, cols0 := lo0/100, lo0%100
	rows1, cols1 := lo1/100, lo1%100
	if (rows1-rows0+1)*(cols1-cols0+1) > max {
		return nil
	}
	var out []int
	for r := rows0; r <= rows1; r++ {
		for c := cols0; c <= cols1; c++ {
			out = append(out, r*100+c)
		}
	}
	return out
}

// ActorKeys are the actor roll-up keys of an event: the 3- and 6-letter
// prefixes (country, country+role) of both codes, each once.
func ActorKeys(src, tgt string) []string {
	var out []string
	add := func(k string) {
		for _, o := range out {
			if o == k {
				return
			}
		}
		out = append(out, k)
	}
	for _, n := range []int{3, 6} {
		for _, c := range []string{src, tgt} {
			if len(c) >= n {
				add(c[:n])
			}
		}
	}
	return out
}
