package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/text"
)

// RunQuerier runs the Querier conformance tests: every backend must give
// the same answers over the same hand-built documents. open must return a
// store that also implements store.Querier.
func RunQuerier(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store, q store.Querier, f *fixture)
	}{
		{"EventFilters", testEventFilters},
		{"EventPagination", testEventPagination},
		{"EventDetail", testEventDetail},
		{"Entities", testEntities},
		{"EntityDetail", testEntityDetail},
		{"Aggregates", testAggregates},
		{"Recode", testRecode},
		{"BadInput", testQueryBadInput},
		{"Documents", testDocuments},
		{"ConcurrentQueriesDuringIngest", testConcurrentQueries},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			q, ok := s.(store.Querier)
			if !ok {
				t.Fatalf("%T does not implement store.Querier", s)
			}
			f := loadFixture(t, s)
			tc.fn(t, s, q, f)
		})
	}
}

// builder makes a Doc with layers whose spans are found in its text.
type builder struct {
	d *doc.Doc
}

func newBuilder(id, body, published, site string) *builder {
	d := newDoc(id, body)
	d.Meta.Published = published
	d.Meta.Site = site
	d.Meta.URL = "https://" + site + "/" + id
	for i, s := range d.Stories {
		_ = i
		// Sentences: split the story at ". ".
		start := s.Start
		for _, part := range strings.SplitAfter(s.Text, ". ") {
			end := start + len(strings.TrimRight(part, " "))
			d.Sentences = append(d.Sentences, doc.Sentence{Span: text.Span{Start: start, End: end}, Story: i})
			start += len(part)
		}
	}
	for _, l := range []string{doc.LayerSentences, doc.LayerMentions, doc.LayerEntities, doc.LayerPlaces, doc.LayerTimexes, doc.LayerEvents} {
		d.MarkLayer(l, "test."+l+".v1")
	}
	return &builder{d: d}
}

// span finds the nth (0-based) occurrence of sub.
func (b *builder) span(sub string, nth int) text.Span {
	off := 0
	for {
		i := strings.Index(b.d.Text[off:], sub)
		if i < 0 {
			panic(fmt.Sprintf("%q not in %q", sub, b.d.Text))
		}
		if nth == 0 {
			return text.Span{Start: off + i, End: off + i + len(sub)}
		}
		nth--
		off += i + len(sub)
	}
}

func (b *builder) entity(id, kind, name, code string, aliases ...doc.Alias) int {
	e := doc.Entity{ID: id, Kind: kind, Name: name, ActorCode: code, Aliases: aliases}
	sp := b.span(name, 0)
	b.d.Mentions = append(b.d.Mentions, doc.Mention{Span: sp, Text: name, Kind: kind, Entity: len(b.d.Entities)})
	e.Mentions = []int{len(b.d.Mentions) - 1}
	b.d.Entities = append(b.d.Entities, e)
	return len(b.d.Entities) - 1
}

func (b *builder) place(name, country string, lat, lon float64, geo int64) int {
	b.d.Places = append(b.d.Places, doc.Place{Span: b.span(name, 0), Text: name, Resolved: true, Name: name, Country: country,
		Lat: lat, Lon: lon, GeonameID: geo, Precision: "city", Confidence: 0.9})
	return len(b.d.Places) - 1
}

func (b *builder) timex(s, value string) int {
	b.d.Timexes = append(b.d.Timexes, doc.Timex{Span: b.span(s, 0), Text: s, Type: "DATE", Value: value})
	return len(b.d.Timexes) - 1
}

type actor struct {
	code, text string
	entity     int
	nth        int
}

func (b *builder) event(src, tgt actor, trigger, code string, quad int, gold float64, place, timex int, date string) {
	tr := b.span(trigger, 0)
	var sent text.Span
	for _, s := range b.d.Sentences {
		if tr.Start >= s.Start && tr.End <= s.End {
			sent = s.Span
		}
	}
	side := func(a actor) doc.Actor {
		sp := b.span(a.text, a.nth)
		return doc.Actor{Code: a.code, Entity: a.entity, Span: &sp, Text: a.text}
	}
	b.d.Events = append(b.d.Events, doc.Event{ID: fmt.Sprintf("e%d", len(b.d.Events)), Source: side(src), Target: side(tgt),
		Code: code, Root: code[:2], QuadClass: quad, Goldstein: gold, Date: date, DatePrecision: "day", DateTimex: timex,
		Place: place, Sentence: sent, Trigger: tr, Pattern: "test pattern", Confidence: 0.75, Coder: "test.coder.v1", Dictionary: "dict-a"})
}

// Our own sentences, written for these tests.
const (
	storyMeeting = "Foreign Minister Lena Markova met Premier Tomas Varga in Vienna on Thursday. Markova later accused the northern militia of shelling Linz."
	storyProtest = "Protesters in Lyon demanded the resignation of Mayor Henri Dubois. Police in Lyon fired tear gas at the crowd."
)

type fixture struct {
	run                   int64
	meetKey, copyKey      string
	protestKey, plainKey  string
	militia               string // the unlinked entity's name-based id
	meetEvent, protestRow store.EventRow
}

func meetingDoc(id, site string) *doc.Doc {
	b := newBuilder(id, storyMeeting, "2024-05-02", site)
	mk := b.entity("kb:markova", doc.KindPER, "Lena Markova", "RUSGOV",
		doc.Alias{Text: "Лена Маркова", Script: "Cyrl", Source: "dictionary", Confidence: 0.9},
		doc.Alias{Text: "Markova", Script: "Latn", Source: "coref", Confidence: 0.8})
	va := b.entity("kb:varga", doc.KindPER, "Tomas Varga", "AUTGOV",
		doc.Alias{Text: "瓦尔加", Script: "Hani", Source: "romanisation", Confidence: 0.7})
	mi := b.entity("", doc.KindORG, "northern militia", "AUTREB")
	vienna := b.place("Vienna", "AT", 48.2082, 16.3738, 2761369)
	linz := b.place("Linz", "AT", 48.3064, 14.2861, 2772400)
	th := b.timex("Thursday", "2024-05-02")
	b.event(actor{"RUSGOV", "Lena Markova", mk, 0}, actor{"AUTGOV", "Tomas Varga", va, 0}, "met", "043", 1, 2.8, vienna, th, "2024-05-02")
	b.event(actor{"RUSGOV", "Markova", mk, 1}, actor{"AUTREB", "northern militia", mi, 0}, "accused", "112", 3, -2.0, linz, -1, "")
	return b.d
}

func protestDoc(code string, withPolice bool) *doc.Doc {
	b := newBuilder("q-protest", storyProtest, "2024-06-10", "valley-post.example")
	du := b.entity("kb:dubois", doc.KindPER, "Henri Dubois", "FRAGOV")
	po := b.entity("kb:lyon-police", doc.KindORG, "Police", "FRACOP")
	lyon := b.place("Lyon", "FR", 45.7640, 4.8357, 2996944)
	b.event(actor{"FRAOPP", "Protesters", -1, 0}, actor{"FRAGOV", "Henri Dubois", du, 0}, "demanded", code, 3, -6.5, lyon, -1, "")
	if withPolice {
		b.event(actor{"FRACOP", "Police", po, 0}, actor{"FRAOPP", "crowd", -1, 0}, "fired tear gas", "175", 4, -9.0, lyon, -1, "")
	}
	return b.d
}

func loadFixture(t *testing.T, s store.Store) *fixture {
	t.Helper()
	f := &fixture{run: beginRun(t, s)}
	plain := newDoc("q-plain", texts[2])
	r := put(t, s, f.run, meetingDoc("q-meet", "harbour-times.example"), meetingDoc("q-copy", "river-daily.example"), protestDoc("1411", true), plain)
	f.meetKey, f.copyKey, f.protestKey, f.plainKey = r.Keys[0], r.Keys[1], r.Keys[2], r.Keys[3]
	f.militia = store.EntityID(&doc.Doc{Entities: []doc.Entity{{Kind: doc.KindORG, Name: "northern militia"}}}, 0)
	q := s.(store.Querier)
	p, err := q.Events(context.Background(), store.EventFilter{DocKey: f.meetKey, Sort: "date"})
	if err != nil || len(p.Events) != 2 {
		t.Fatalf("events of the meeting story: %v %+v", err, p)
	}
	f.meetEvent = p.Events[0]
	if f.meetEvent.Code != "043" {
		p.Events[0], p.Events[1] = p.Events[1], p.Events[0]
		f.meetEvent = p.Events[0]
	}
	return f
}

func events(t *testing.T, q store.Querier, f store.EventFilter) []store.EventRow {
	t.Helper()
	p, err := q.Events(context.Background(), f)
	if err != nil {
		t.Fatalf("Events(%+v): %v", f, err)
	}
	return p.Events
}

func codes(rows []store.EventRow) string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Code)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func testEventFilters(t *testing.T, s store.Store, q store.Querier, f *fixture) {
	g := func(v float64) *float64 { return &v }
	cases := []struct {
		name string
		f    store.EventFilter
		want string // sorted codes
	}{
		{"all", store.EventFilter{}, "043,043,112,112,1411,175"},
		{"actor country either side", store.EventFilter{Actor: "AUT"}, "043,043,112,112"},
		{"actor full code", store.EventFilter{Actor: "FRACOP"}, "175"},
		{"actor both sides once", store.EventFilter{Actor: "FRA"}, "1411,175"},
		{"source", store.EventFilter{Source: "RUS"}, "043,043,112,112"},
		{"source none", store.EventFilter{Source: "AUT"}, ""},
		{"target full", store.EventFilter{Target: "AUTGOV"}, "043,043"},
		{"target short prefix", store.EventFilter{Target: "FR"}, "1411,175"},
		{"code root prefix", store.EventFilter{Code: "04"}, "043,043"},
		{"code long prefix", store.EventFilter{Code: "141"}, "1411"},
		{"code exact", store.EventFilter{Code: "112"}, "112,112"},
		{"root", store.EventFilter{Root: "17"}, "175"},
		{"quad", store.EventFilter{Quad: 3}, "112,112,1411"},
		{"country", store.EventFilter{Country: "FR"}, "1411,175"},
		{"country lower case", store.EventFilter{Country: "at"}, "043,043,112,112"},
		{"bbox around Lyon", store.EventFilter{BBox: &[4]float64{4, 45, 5, 46}}, "1411,175"},
		{"bbox around Linz", store.EventFilter{BBox: &[4]float64{14, 48, 15, 49}}, "112,112"},
		{"bbox of the world", store.EventFilter{BBox: &[4]float64{-180, -90, 180, 90}}, "043,043,112,112,1411,175"},
		{"bbox at sea", store.EventFilter{BBox: &[4]float64{-40, -10, -30, 0}}, ""},
		{"from", store.EventFilter{From: "2024-06-01"}, "1411,175"},
		{"to", store.EventFilter{To: "2024-06-01"}, "043,043,112,112"},
		{"goldstein max", store.EventFilter{GoldsteinMax: g(-5)}, "1411,175"},
		{"goldstein range", store.EventFilter{GoldsteinMin: g(-3), GoldsteinMax: g(0)}, "112,112"},
		{"text", store.EventFilter{Text: "tear gas"}, "175"},
		{"text any case", store.EventFilter{Text: "SHELLING"}, "112,112"},
		{"text with operators stays literal", store.EventFilter{Text: `Lyon" (`}, "1411,175"},
		{"entity either side", store.EventFilter{Entity: "kb:markova"}, "043,043,112,112"},
		{"entity target", store.EventFilter{Entity: "kb:dubois"}, "1411"},
		{"unlinked entity by name id", store.EventFilter{Entity: f.militia}, "112,112"},
		{"entity and actor", store.EventFilter{Entity: "kb:markova", Actor: "AUTREB"}, "112,112"},
		{"doc", store.EventFilter{DocKey: f.protestKey}, "1411,175"},
		{"combined", store.EventFilter{Actor: "RUS", Quad: 1, Country: "AT", From: "2024-05-01", To: "2024-05-03"}, "043,043"},
		{"sql-looking text", store.EventFilter{Actor: "'; DROP TABLE events; --"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := codes(events(t, q, c.f)); got != c.want {
				t.Fatalf("codes %q, want %q", got, c.want)
			}
		})
	}
	// Rows carry what the list shows.
	r := f.meetEvent
	if r.Source.Code != "RUSGOV" || r.Source.EntityID != "kb:markova" || r.Source.Name != "Lena Markova" || r.Target.EntityID != "kb:varga" ||
		r.Root != "04" || r.QuadClass != 1 || r.Goldstein != 2.8 || r.Date != "2024-05-02" || r.DatePrecision != "day" ||
		r.Place == nil || r.Place.Name != "Vienna" || r.Place.Country != "AT" || r.Place.GeonameID != 2761369 || r.Place.Lat != 48.2082 ||
		r.Sentence != "Foreign Minister Lena Markova met Premier Tomas Varga in Vienna on Thursday." || r.Confidence != 0.75 ||
		r.DocID != "q-meet" || r.URL != "https://harbour-times.example/q-meet" || r.RunID != f.run || r.ID == "" {
		t.Fatalf("event row: %+v", r)
	}
	// The same event in the exact copy from another outlet: one event
	// cluster, counted like GDELT's NumMentions/NumArticles/NumSources.
	if r.Mentions != 2 || r.Stories != 2 || r.Sources != 2 {
		t.Fatalf("cluster counts of a copied event: mentions %d stories %d sources %d, want 2 2 2", r.Mentions, r.Stories, r.Sources)
	}
	for _, e := range events(t, q, store.EventFilter{DocKey: f.protestKey}) {
		if e.Mentions != 1 || e.Stories != 1 || e.Sources != 1 {
			t.Fatalf("unique event counts: %+v", e)
		}
	}
	// The undated event takes the publication day.
	for _, e := range events(t, q, store.EventFilter{Code: "112"}) {
		if e.Date != "2024-05-02" {
			t.Fatalf("undated event: date %q", e.Date)
		}
	}
}

func testEventPagination(t *testing.T, s store.Store, q store.Querier, f *fixture) {
	ctx := context.Background()
	for _, sortBy := range []string{"", "-date", "date", "-goldstein", "goldstein"} {
		for _, flt := range []store.EventFilter{{}, {Actor: "RUS"}, {Entity: "kb:markova"}} {
			flt.Sort = sortBy
			all := events(t, q, flt)
			var paged []store.EventRow
			flt.Limit = 1
			for pages := 0; ; pages++ {
				if pages > 10 {
					t.Fatalf("sort %q: pagination does not end", sortBy)
				}
				p, err := q.Events(ctx, flt)
				if err != nil {
					t.Fatal(err)
				}
				paged = append(paged, p.Events...)
				if p.Next == "" {
					break
				}
				flt.Cursor = p.Next
			}
			if len(paged) != len(all) {
				t.Fatalf("sort %q %+v: %d paged, %d in one page", sortBy, flt, len(paged), len(all))
			}
			seen := map[string]bool{}
			for i := range all {
				if paged[i].ID != all[i].ID {
					t.Fatalf("sort %q: page order differs at %d: %s vs %s", sortBy, i, paged[i].ID, all[i].ID)
				}
				if seen[all[i].ID] {
					t.Fatalf("sort %q: %s twice", sortBy, all[i].ID)
				}
				seen[all[i].ID] = true
				if i == 0 {
					continue
				}
				a, b := all[i-1], all[i]
				var ok bool
				switch sortBy {
				case "", "-date":
					ok = a.Date >= b.Date
				case "date":
					ok = a.Date <= b.Date
				case "-goldstein":
					ok = a.Goldstein >= b.Goldstein
				case "goldstein":
					ok = a.Goldstein <= b.Goldstein
				}
				if !ok {
					t.Fatalf("sort %q: out of order at %d: %+v then %+v", sortBy, i, a, b)
				}
			}
		}
	}
	// Same query, same order: run it twice.
	a, b := events(t, q, store.EventFilter{}), events(t, q, store.EventFilter{})
	for i := range a {
		if a[i].ID != b[i].ID {
			t.Fatal("order is not deterministic")
		}
	}
	if got := events(t, q, store.EventFilter{Sort: "goldstein"}); got[0].Code != "175" {
		t.Fatalf("lowest Goldstein first: %+v", got[0])
	}
	// Pages of 2 over 6 events: 2, 2, 2 and no cursor after the last.
	p, _ := q.Events(ctx, store.EventFilter{Limit: 2})
	p2, _ := q.Events(ctx, store.EventFilter{Limit: 2, Cursor: p.Next})
	p3, _ := q.Events(ctx, store.EventFilter{Limit: 2, Cursor: p2.Next})
	if len(p.Events) != 2 || len(p2.Events) != 2 || len(p3.Events) != 2 || p3.Next != "" {
		t.Fatalf("pages %d %d %d, last cursor %q", len(p.Events), len(p2.Events), len(p3.Events), p3.Next)
	}
	// A huge limit is capped, not an error.
	if _, err := q.Events(ctx, store.EventFilter{Limit: 1 << 30}); err != nil {
		t.Fatalf("huge limit: %v", err)
	}
}

func testEventDetail(t *testing.T, s store.Store, q store.Querier, f *fixture) {
	ctx := context.Background()
	d, err := q.Event(ctx, f.meetEvent.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.StoryText != storyMeeting || d.StoryStart != 0 || d.Coder != "test.coder.v1" || d.Dictionary != "dict-a" || d.Pattern != "test pattern" {
		t.Fatalf("detail: %+v", d)
	}
	got := map[string]string{}
	for _, h := range d.Highlights {
		if h.Start < 0 || h.End > len(d.StoryText) || h.Start > h.End {
			t.Fatalf("highlight out of the story: %+v", h)
		}
		got[h.Role] = d.StoryText[h.Start:h.End]
	}
	want := map[string]string{"source": "Lena Markova", "target": "Tomas Varga", "trigger": "met", "place": "Vienna", "date": "Thursday",
		"sentence": "Foreign Minister Lena Markova met Premier Tomas Varga in Vienna on Thursday."}
	for role, w := range want {
		if got[role] != w {
			t.Fatalf("highlight %s = %q, want %q (all %v)", role, got[role], w, got)
		}
	}
	if len(d.Copies) != 1 || d.Copies[0].DocID != "q-copy" || d.Copies[0].URL != "https://river-daily.example/q-copy" {
		t.Fatalf("copies: %+v", d.Copies)
	}
	// A story that is not the document's first: offsets are story-relative.
	two := newBuilder("q-two", texts[0]+"\n\n"+storyProtest, "2024-06-11", "valley-post.example")
	du := two.entity("kb:dubois", doc.KindPER, "Henri Dubois", "FRAGOV")
	two.event(actor{"FRAOPP", "Protesters", -1, 0}, actor{"FRAGOV", "Henri Dubois", du, 0}, "demanded", "1411", 3, -6.5, -1, -1, "")
	r := put(t, s, beginRun(t, s), two.d)
	rows := events(t, q, store.EventFilter{DocKey: r.Keys[0]})
	if len(rows) != 1 || rows[0].Story != 1 || rows[0].Place != nil {
		t.Fatalf("second-story event: %+v", rows)
	}
	d, err = q.Event(ctx, rows[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.StoryText != storyProtest || d.StoryStart != len(texts[0])+2 {
		t.Fatalf("second story: start %d text %q", d.StoryStart, d.StoryText)
	}
	for _, h := range d.Highlights {
		if h.Role == "target" && d.StoryText[h.Start:h.End] != "Henri Dubois" {
			t.Fatalf("second story target highlight %+v", h)
		}
	}
	for _, id := range []string{"999999", "nope", "", "1 OR 1=1"} {
		if _, err := q.Event(ctx, id); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Event(%q): %v, want not found", id, err)
		}
	}
}

func testEntities(t *testing.T, s store.Store, q store.Querier, f *fixture) {
	ctx := context.Background()
	ids := func(eq store.EntityQuery) string {
		p, err := q.Entities(ctx, eq)
		if err != nil {
			t.Fatalf("Entities(%+v): %v", eq, err)
		}
		var out []string
		for _, e := range p.Entities {
			out = append(out, e.ID)
		}
		return strings.Join(out, ",")
	}
	cases := []struct {
		q    store.EntityQuery
		want string
	}{
		{store.EntityQuery{Text: "lena"}, "kb:markova"},
		{store.EntityQuery{Text: "Markova"}, "kb:markova"},
		{store.EntityQuery{Text: "ЛЕНА"}, "kb:markova"}, // Cyrillic alias, any case
		{store.EntityQuery{Text: "瓦尔"}, "kb:varga"},     // Han alias, by prefix
		{store.EntityQuery{Text: "henri dub"}, "kb:dubois"},
		{store.EntityQuery{Text: "zzz"}, ""},
		{store.EntityQuery{Kind: doc.KindORG}, f.militia + ",kb:lyon-police"},
		{store.EntityQuery{Text: "'; DROP TABLE entities; --"}, ""},
	}
	for _, c := range cases {
		if got := ids(c.q); got != c.want {
			t.Fatalf("Entities(%+v) = %q, want %q", c.q, got, c.want)
		}
	}
	p, err := q.Entities(ctx, store.EntityQuery{Text: "lena"})
	if err != nil {
		t.Fatal(err)
	}
	e := p.Entities[0]
	// Two documents (the story and its copy) mention her.
	if e.Name != "Lena Markova" || e.Kind != doc.KindPER || e.ActorCode != "RUSGOV" || e.Documents != 2 || e.Mentions != 2 ||
		e.FirstSeen != "2024-05-02" || e.LastSeen != "2024-05-02" || len(e.Aliases) != 2 {
		t.Fatalf("entity row: %+v", e)
	}
	// Pagination by mentions then id covers all entities once.
	all := ids(store.EntityQuery{})
	var paged []string
	eq := store.EntityQuery{Limit: 2}
	for i := 0; ; i++ {
		if i > 10 {
			t.Fatal("entity pagination does not end")
		}
		p, err := q.Entities(ctx, eq)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range p.Entities {
			paged = append(paged, e.ID)
		}
		if p.Next == "" {
			break
		}
		eq.Cursor = p.Next
	}
	if strings.Join(paged, ",") != all || len(paged) != 5 {
		t.Fatalf("paged entities %v, all %q", paged, all)
	}
}

func testEntityDetail(t *testing.T, s store.Store, q store.Querier, f *fixture) {
	ctx := context.Background()
	d, err := q.Entity(ctx, "kb:markova")
	if err != nil {
		t.Fatal(err)
	}
	var alias *store.AliasRow
	for i := range d.AliasDetails {
		if d.AliasDetails[i].Text == "Лена Маркова" {
			alias = &d.AliasDetails[i]
		}
	}
	if alias == nil || alias.Count != 2 || alias.Script != "Cyrl" || alias.Source != "dictionary" || alias.DocKey == "" {
		t.Fatalf("alias details: %+v", d.AliasDetails)
	}
	if len(d.Codes) != 1 || d.Codes[0] != (store.CodeSpan{Code: "RUSGOV", From: "2024-05-02", To: "2024-05-02", Count: 4}) {
		t.Fatalf("codes: %+v", d.Codes)
	}
	if len(d.Timeline) != 1 || d.Timeline[0] != (store.DayCount{Day: "2024-05-02", Count: 4}) {
		t.Fatalf("timeline: %+v", d.Timeline)
	}
	if len(d.Neighbours) != 2 || d.Neighbours[0].Count != 2 {
		t.Fatalf("neighbours: %+v", d.Neighbours)
	}
	nb := map[string]bool{}
	for _, n := range d.Neighbours {
		nb[n.ID] = true
	}
	if !nb["kb:varga"] || !nb[f.militia] {
		t.Fatalf("neighbours: %+v", d.Neighbours)
	}
	if codes(d.Events) != "043,043,112,112" {
		t.Fatalf("entity events: %s", codes(d.Events))
	}
	if _, err := q.Entity(ctx, "kb:nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown entity: %v", err)
	}
}

func testAggregates(t *testing.T, s store.Store, q store.Querier, f *fixture) {
	ctx := context.Background()
	tl, err := q.Timeline(ctx, store.EventFilter{}, "quad")
	if err != nil {
		t.Fatal(err)
	}
	want := []store.TimelineBucket{tb("2024-05-02", "1", 2, 2.8), tb("2024-05-02", "3", 2, -2), tb("2024-06-10", "3", 1, -6.5), tb("2024-06-10", "4", 1, -9)}
	if fmt.Sprint(tl) != fmt.Sprint(want) {
		t.Fatalf("timeline by quad:\n got %v\nwant %v", tl, want)
	}
	// The same question answered from the roll-up and from the events
	// themselves (a Goldstein bound forces the scan) agrees.
	g := 100.0
	for _, by := range []string{"root", "quad"} {
		a, err := q.Timeline(ctx, store.EventFilter{Country: "AT"}, by)
		if err != nil {
			t.Fatal(err)
		}
		b, err := q.Timeline(ctx, store.EventFilter{Country: "AT", GoldsteinMax: &g}, by)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(a) != fmt.Sprint(b) || len(a) != 2 {
			t.Fatalf("timeline by %s: roll-up %v, scan %v", by, a, b)
		}
	}
	tl, _ = q.Timeline(ctx, store.EventFilter{Actor: "FRA"}, "root")
	if fmt.Sprint(tl) != fmt.Sprint([]store.TimelineBucket{tb("2024-06-10", "14", 1, -6.5), tb("2024-06-10", "17", 1, -9)}) {
		t.Fatalf("timeline by root for FRA: %v", tl)
	}
	// An actor's timeline from the actor roll-up (3- and 6-letter
	// prefixes) agrees with the scan of the events.
	for _, actor := range []string{"FRACOP", "RUS", "AUTREB", "AUT"} {
		a, err := q.Timeline(ctx, store.EventFilter{Actor: actor}, "quad")
		if err != nil {
			t.Fatal(err)
		}
		b, err := q.Timeline(ctx, store.EventFilter{Actor: actor, GoldsteinMax: &g}, "quad")
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(a) != fmt.Sprint(b) || len(a) == 0 {
			t.Fatalf("timeline of %s: roll-up %v, scan %v", actor, a, b)
		}
	}
	pairs, err := q.ActorPairs(ctx, store.EventFilter{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	wantPairs := []store.PairCount{pc("RUSGOV", "AUTGOV", 2), pc("RUSGOV", "AUTREB", 2), pc("FRACOP", "FRAOPP", 1), pc("FRAOPP", "FRAGOV", 1)}
	if fmt.Sprint(pairs) != fmt.Sprint(wantPairs) {
		t.Fatalf("pairs: %v", pairs)
	}
	pairs, _ = q.ActorPairs(ctx, store.EventFilter{From: "2024-01-01"}, 2)
	if fmt.Sprint(pairs) != fmt.Sprint(wantPairs[:2]) {
		t.Fatalf("pairs by scan, limit 2: %v", pairs)
	}
	pairs, _ = q.ActorPairs(ctx, store.EventFilter{Quad: 4}, 10)
	if fmt.Sprint(pairs) != fmt.Sprint([]store.PairCount{pc("FRACOP", "FRAOPP", 1)}) {
		t.Fatalf("pairs of quad 4: %v", pairs)
	}
	cs, err := q.Countries(ctx, store.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(cs) != fmt.Sprint([]store.CountryCount{cc("AT", 4), cc("FR", 2)}) {
		t.Fatalf("countries: %v", cs)
	}
	cs, _ = q.Countries(ctx, store.EventFilter{Actor: "FRACOP"})
	if fmt.Sprint(cs) != fmt.Sprint([]store.CountryCount{cc("FR", 1)}) {
		t.Fatalf("countries for FRACOP: %v", cs)
	}
	nw, err := q.Network(ctx, store.EventFilter{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(nw.Edges) != 4 || len(nw.Nodes) != 6 {
		t.Fatalf("network: %+v", nw)
	}
	if e := nw.Edges[0]; e.Source != "kb:markova" || e.Target != "kb:varga" || e.Weight != 2 || e.AvgGoldstein != 2.8 {
		t.Fatalf("strongest edge: %+v", e)
	}
	if n := nw.Nodes[0]; n.ID != "kb:markova" || n.Weight != 4 || n.Label != "Lena Markova" || n.Code != "RUSGOV" {
		t.Fatalf("heaviest node: %+v", n)
	}
	var protesters bool
	for _, n := range nw.Nodes {
		protesters = protesters || (n.ID == "code:FRAOPP" && n.Label == "FRAOPP")
	}
	if !protesters {
		t.Fatalf("actors without an entity are code nodes: %+v", nw.Nodes)
	}
	nw, _ = q.Network(ctx, store.EventFilter{Country: "FR"}, 1)
	if len(nw.Edges) != 1 || len(nw.Nodes) != 2 {
		t.Fatalf("network limit 1: %+v", nw)
	}
	checkTextAggregates(t, q, 2)
}

// checkTextAggregates compares the full-text-filtered aggregates (served
// from the facet tables) with the same counts made here from the event
// list, over several words and filters; lyon is how many current events
// mention Lyon.
func checkTextAggregates(t *testing.T, q store.Querier, lyon int) {
	t.Helper()
	ctx := context.Background()
	g0 := 0.0
	filters := []store.EventFilter{{}, {Quad: 3}, {Root: "11"}, {Code: "043"}, {Country: "at"}, {From: "2024-05-01", To: "2024-06-01"},
		{From: "2024-06-01"}, {GoldsteinMax: &g0}, {Actor: "RUS"}, {Actor: "FRAOPP"}, {Source: "FRA"}, {Target: "AUTGOV"}, {Actor: "AUT", Quad: 3}}
	total := 0
	for _, word := range []string{"Markova", "Lyon", "the", "markova vienna", "Лена", "no-such-word"} {
		for _, base := range filters {
			f := base
			f.Text = word
			var all []store.EventRow
			for p := (store.EventFilter{}); ; {
				g := f
				g.Limit, g.Cursor = 100, p.Cursor
				page, err := q.Events(ctx, g)
				if err != nil {
					t.Fatalf("Events(%+v): %v", g, err)
				}
				all = append(all, page.Events...)
				if page.Next == "" {
					break
				}
				p.Cursor = page.Next
			}
			if word == "Lyon" && base == (store.EventFilter{}) && len(all) != lyon {
				t.Fatalf("events mentioning Lyon: %d, want %d", len(all), lyon)
			}
			total += len(all)
			for _, by := range []string{"quad", "root"} {
				sums := map[[2]string]*store.TimelineBucket{}
				gs := map[[2]string]float64{}
				for _, r := range all {
					k := [2]string{r.Date, fmt.Sprint(r.QuadClass)}
					if by == "root" {
						k[1] = r.Root
					}
					if sums[k] == nil {
						sums[k] = &store.TimelineBucket{Day: r.Date, Key: k[1]}
					}
					sums[k].Count++
					gs[k] += r.Goldstein
				}
				want := []store.TimelineBucket{}
				for k, b := range sums {
					b.AvgGoldstein = math.Round(gs[k]/float64(b.Count)*100) / 100
					want = append(want, *b)
				}
				sort.Slice(want, func(i, j int) bool {
					return want[i].Day < want[j].Day || want[i].Day == want[j].Day && want[i].Key < want[j].Key
				})
				got, err := q.Timeline(ctx, f, by)
				if err != nil {
					t.Fatal(err)
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("timeline by %s of %+v:\n got %v\nwant %v", by, f, got, want)
				}
			}
			ccs := map[string]int{}
			pairs := map[[2]string]int{}
			for _, r := range all {
				if r.Place != nil && r.Place.Country != "" {
					ccs[r.Place.Country]++
				}
				if r.Source.Code != "" && r.Target.Code != "" {
					pairs[[2]string{r.Source.Code, r.Target.Code}]++
				}
			}
			wantCC := []store.CountryCount{}
			for c, n := range ccs {
				wantCC = append(wantCC, cc(c, n))
			}
			sort.Slice(wantCC, func(i, j int) bool {
				return wantCC[i].Count > wantCC[j].Count || wantCC[i].Count == wantCC[j].Count && wantCC[i].Country < wantCC[j].Country
			})
			gotCC, err := q.Countries(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(gotCC) != fmt.Sprint(wantCC) {
				t.Fatalf("countries of %+v: got %v, want %v", f, gotCC, wantCC)
			}
			wantPairs := []store.PairCount{}
			for k, n := range pairs {
				wantPairs = append(wantPairs, pc(k[0], k[1], n))
			}
			sort.Slice(wantPairs, func(i, j int) bool {
				a, b := wantPairs[i], wantPairs[j]
				return a.Count > b.Count || a.Count == b.Count && (a.Source < b.Source || a.Source == b.Source && a.Target < b.Target)
			})
			gotPairs, err := q.ActorPairs(ctx, f, 10)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(gotPairs) != fmt.Sprint(wantPairs) {
				t.Fatalf("actor pairs of %+v: got %v, want %v", f, gotPairs, wantPairs)
			}
			// The network's edges: entities, or codes for actors without one.
			node := func(a store.ActorRef) string {
				if a.EntityID != "" {
					return a.EntityID
				}
				return "code:" + a.Code
			}
			wantEdges := map[string]int{}
			for _, r := range all {
				if r.Source.Code != "" && r.Target.Code != "" {
					wantEdges[node(r.Source)+" > "+node(r.Target)]++
				}
			}
			nw, err := q.Network(ctx, f, 100)
			if err != nil {
				t.Fatal(err)
			}
			gotEdges := map[string]int{}
			for _, e := range nw.Edges {
				gotEdges[e.Source+" > "+e.Target] = e.Weight
			}
			if fmt.Sprint(gotEdges) != fmt.Sprint(wantEdges) {
				t.Fatalf("network of %+v: got %v, want %v", f, gotEdges, wantEdges)
			}
		}
	}
	if total == 0 {
		t.Fatal("no word matched any event")
	}
}

func testRecode(t *testing.T, s store.Store, q store.Querier, f *fixture) {
	ctx := context.Background()
	checkTextAggregates(t, q, 2) // before: a store may now keep facets in memory
	run2 := beginRun(t, s)
	// New dictionaries: the demand is coded 1412 and the tear gas is no
	// longer an event.
	r := put(t, s, run2, protestDoc("1412", false))
	if r.Stored != 0 || r.Existing != 1 || r.Keys[0] != f.protestKey {
		t.Fatalf("re-coded put: %+v", r)
	}
	if got := codes(events(t, q, store.EventFilter{DocKey: f.protestKey})); got != "1412" {
		t.Fatalf("current events after re-coding: %q", got)
	}
	cur := events(t, q, store.EventFilter{DocKey: f.protestKey})
	if cur[0].RunID != run2 {
		t.Fatalf("current run %d, want %d", cur[0].RunID, run2)
	}
	if got := codes(events(t, q, store.EventFilter{DocKey: f.protestKey, RunID: f.run})); got != "1411,175" {
		t.Fatalf("first run's events: %q", got)
	}
	if got := codes(events(t, q, store.EventFilter{RunID: run2})); got != "1412" {
		t.Fatalf("second run's events: %q", got)
	}
	// The roll-ups follow the current coding.
	tl, _ := q.Timeline(ctx, store.EventFilter{Country: "FR"}, "root")
	if fmt.Sprint(tl) != fmt.Sprint([]store.TimelineBucket{tb("2024-06-10", "14", 1, -6.5)}) {
		t.Fatalf("timeline after re-coding: %v", tl)
	}
	cs, _ := q.Countries(ctx, store.EventFilter{})
	if fmt.Sprint(cs) != fmt.Sprint([]store.CountryCount{cc("AT", 4), cc("FR", 1)}) {
		t.Fatalf("countries after re-coding: %v", cs)
	}
	pairs, _ := q.ActorPairs(ctx, store.EventFilter{Root: "17"}, 10)
	if len(pairs) != 0 {
		t.Fatalf("pairs of a retired event: %v", pairs)
	}
	// The text aggregates (and any facets a store keeps in memory) follow
	// the re-coding at once: never an answer from before the write.
	for i := 0; i < 3; i++ {
		checkTextAggregates(t, q, 1)
	}
	// Putting the same coding again in the same run changes nothing.
	put(t, s, run2, protestDoc("1412", false))
	if got := codes(events(t, q, store.EventFilter{})); got != "043,043,112,112,1412" {
		t.Fatalf("all current events: %q", got)
	}
	// The runs compare: the demand changed code, the tear gas went away.
	re, ok := s.(store.RunEventer)
	if !ok {
		t.Fatalf("%T does not implement store.RunEventer", s)
	}
	d, err := store.DiffRuns(ctx, re, f.run, run2, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Changed) != 1 || d.Changed[0].A.Code != "1411" || d.Changed[0].B.Code != "1412" || strings.Join(d.Changed[0].Fields, ",") != "code" ||
		len(d.Removed) != 1 || d.Removed[0].Code != "175" || len(d.Added) != 0 || d.Unchanged != 0 {
		t.Fatalf("diff of the common documents: %+v", d)
	}
	d, err = store.DiffRuns(ctx, re, f.run, run2, false)
	if err != nil || len(d.Removed) != 5 || len(d.Changed) != 1 {
		t.Fatalf("diff of everything: %v %d removed %d changed", err, len(d.Removed), len(d.Changed))
	}
	d, err = store.DiffRuns(ctx, re, run2, f.run, true)
	if err != nil || len(d.Added) != 1 || d.Added[0].Code != "175" {
		t.Fatalf("reverse diff: %v %+v", err, d)
	}
	// Entity counts are per document, not per run.
	e, err := q.Entity(ctx, "kb:dubois")
	if err != nil || e.Documents != 1 {
		t.Fatalf("entity after re-coding: %v %+v", err, e.EntityRow)
	}
}

func testQueryBadInput(t *testing.T, s store.Store, q store.Querier, f *fixture) {
	ctx := context.Background()
	bad := []store.EventFilter{{Sort: "name"}, {Cursor: "!!!"}, {Cursor: store.EncodeCursor("x")}, {Cursor: store.EncodeCursor("2024-01-01", "x")},
		{Sort: "goldstein", Cursor: store.EncodeCursor("abc", "1")}, {Quad: 7}, {BBox: &[4]float64{10, 0, 0, 1}}}
	for _, flt := range bad {
		if _, err := q.Events(ctx, flt); store.ErrorCode(err) != store.CodeInvalid {
			t.Fatalf("Events(%+v): %v, want invalid", flt, err)
		}
	}
	if _, err := q.Timeline(ctx, store.EventFilter{}, "month"); store.ErrorCode(err) != store.CodeInvalid {
		t.Fatalf("timeline by month: %v", err)
	}
	if _, err := q.Entities(ctx, store.EntityQuery{Cursor: "%%"}); store.ErrorCode(err) != store.CodeInvalid {
		t.Fatalf("entities bad cursor: %v", err)
	}
	if _, err := q.ActorPairs(ctx, store.EventFilter{Sort: "x"}, 5); store.ErrorCode(err) != store.CodeInvalid {
		t.Fatalf("pairs bad sort: %v", err)
	}
}

// testDocuments lists every stored document, with or without events, in
// content key order, a page at a time, by published date and by run.
func testDocuments(t *testing.T, s store.Store, q store.Querier, f *fixture) {
	ctx := context.Background()
	list := func(dq store.DocumentQuery) (ids []string, keys []string) {
		t.Helper()
		for pages := 0; ; pages++ {
			p, err := q.Documents(ctx, dq)
			if err != nil {
				t.Fatalf("Documents(%+v): %v", dq, err)
			}
			if pages > 10 {
				t.Fatalf("Documents(%+v): no end", dq)
			}
			for _, d := range p.Documents {
				ids, keys = append(ids, d.ID), append(keys, d.Key)
			}
			if p.Next == "" {
				return ids, keys
			}
			if len(p.Documents) != store.PageSize(dq.Limit) {
				t.Fatalf("short page %d with a next cursor: %+v", len(p.Documents), p)
			}
			dq.Cursor = p.Next
		}
	}
	want := []string{f.meetKey, f.copyKey, f.protestKey, f.plainKey}
	sort.Strings(want)
	byKey := map[string]string{f.meetKey: "q-meet", f.copyKey: "q-copy", f.protestKey: "q-protest", f.plainKey: "q-plain"}
	var wantIDs []string
	for _, k := range want {
		wantIDs = append(wantIDs, byKey[k])
	}
	for _, limit := range []int{0, 1, 3, 4} {
		ids, keys := list(store.DocumentQuery{Limit: limit})
		if fmt.Sprint(keys) != fmt.Sprint(want) || fmt.Sprint(ids) != fmt.Sprint(wantIDs) {
			t.Fatalf("limit %d: %v %v, want %v %v", limit, ids, keys, wantIDs, want)
		}
	}
	p, err := q.Documents(ctx, store.DocumentQuery{Limit: 4})
	if err != nil || p.Next != "" || len(p.Documents) != 4 {
		t.Fatalf("one full page: %v %+v", err, p)
	}
	for _, d := range p.Documents {
		if d.Key != f.protestKey {
			continue
		}
		if d.ID != "q-protest" || d.URL != "https://valley-post.example/q-protest" || d.Title != "Title of q-protest" ||
			d.Published != "2024-06-10" || d.Language != "en" || d.RunID != f.run {
			t.Fatalf("protest row: %+v", d)
		}
	}
	// The plain document has no published date: a date range leaves it out.
	dates := []struct {
		from, to string
		want     string
	}{
		{"2024-05-02", "", "[q-copy q-meet q-protest]"},
		{"2024-05-03", "", "[q-protest]"},
		{"", "2024-05-03", "[q-copy q-meet]"},
		{"2024-05-02", "2024-06-10", "[q-copy q-meet]"},
		{"2024-06-10", "2024-06-11", "[q-protest]"},
		{"2025-01-01", "", "[]"},
	}
	for _, c := range dates {
		ids, _ := list(store.DocumentQuery{From: c.from, To: c.to, Limit: 1})
		sort.Strings(ids)
		if got := fmt.Sprint(ids); got != c.want && !(c.want == "[]" && ids == nil) {
			t.Fatalf("[%s, %s): %s, want %s", c.from, c.to, got, c.want)
		}
	}
	// A second run stores one new document and re-codes an old one: only
	// the new document is the run's.
	run2 := beginRun(t, s)
	r := put(t, s, run2, newDoc("q-late", texts[1]), protestDoc("1412", false))
	if ids, _ := list(store.DocumentQuery{RunID: run2}); fmt.Sprint(ids) != "[q-late]" || r.Stored != 1 {
		t.Fatalf("run 2 documents: %v (put %+v)", ids, r)
	}
	if ids, _ := list(store.DocumentQuery{RunID: f.run}); len(ids) != 4 {
		t.Fatalf("run 1 documents: %v", ids)
	}
	if ids, _ := list(store.DocumentQuery{RunID: run2 + 100}); ids != nil {
		t.Fatalf("unknown run: %v", ids)
	}
	for _, bad := range []store.DocumentQuery{{Cursor: "!!!"}, {Cursor: store.EncodeCursor("a", "b")}, {From: "2024-5-1"}, {To: "yesterday"}} {
		if _, err := q.Documents(ctx, bad); store.ErrorCode(err) != store.CodeInvalid {
			t.Fatalf("Documents(%+v): %v, want invalid", bad, err)
		}
	}
}

// testConcurrentQueries reads events while a writer stores documents with
// events: no reader may see a lock error.
func testConcurrentQueries(t *testing.T, s store.Store, q store.Querier, f *fixture) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				if _, err := q.Events(ctx, store.EventFilter{Actor: "RUS"}); err != nil && ctx.Err() == nil {
					errs <- err
					return
				}
				if _, err := q.Timeline(ctx, store.EventFilter{}, "root"); err != nil && ctx.Err() == nil {
					errs <- err
					return
				}
			}
		}()
	}
	run := beginRun(t, s)
	for i := 0; i < 30; i++ {
		d := meetingDoc(fmt.Sprintf("conc-%d", i), fmt.Sprintf("site%d.example", i))
		if _, err := s.Put(context.Background(), run, []*doc.Doc{d}); err != nil {
			t.Fatalf("put %d: %v", i, err)
		}
	}
	cancel()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("reader during ingest: %v", err)
	}
	if n := len(events(t, q, store.EventFilter{Entity: "kb:varga", Limit: 1000})); n != 32 {
		t.Fatalf("events with Varga after ingest: %d, want 32", n)
	}
}

func tb(day, key string, n int, avg float64) store.TimelineBucket {
	return store.TimelineBucket{Day: day, Key: key, Count: n, AvgGoldstein: avg}
}

func pc(src, tgt string, n int) store.PairCount {
	return store.PairCount{Source: src, Target: tgt, Count: n}
}

func cc(c string, n int) store.CountryCount { return store.CountryCount{Country: c, Count: n} }
