// Package apitest holds an in-memory store.Store + store.Querier over a
// fixed set of events, for the API and web tests before (and besides) the
// real backends. It filters, sorts and pages like the contract says, so
// handler tests exercise real behaviour; the end-to-end tests run the
// real SQLite backend.
package apitest

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
)

// Fake is the in-memory backend. Set Down to make every call fail the way
// a vanished database does.
type Fake struct {
	mu         sync.Mutex
	EventList  []store.EventDetail
	EntityList []store.EntityDetail
	Docs       map[string]*doc.Doc
	RunList    []store.Run
	down       bool
	docRun     map[string]int64 // run that stored each document (Documents' RunID filter)
	Calls      int              // Events calls, to observe caching
	Puts       int
}

var (
	_ store.Store   = (*Fake)(nil)
	_ store.Querier = (*Fake)(nil)
)

// ErrDown is what a down Fake returns: the message database/sql gives for a
// closed pool.
var ErrDown = errors.New("sql: database is closed")

// SetDown makes the backend go away (true) or come back (false).
func (f *Fake) SetDown(down bool) {
	f.mu.Lock()
	f.down = down
	f.mu.Unlock()
}

func (f *Fake) check() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return ErrDown
	}
	return nil
}

func (f *Fake) BeginRun(ctx context.Context, r store.RunInfo) (int64, error) {
	if err := f.check(); err != nil {
		return 0, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	id := int64(len(f.RunList) + 1)
	f.RunList = append([]store.Run{{ID: id, Started: r.Started, Status: store.RunRunning, Build: r.Build, Stages: r.Stages, Sources: r.Sources, Options: r.Options}}, f.RunList...)
	return id, nil
}

func (f *Fake) Put(ctx context.Context, runID int64, docs []*doc.Doc) (store.PutResult, error) {
	if err := f.check(); err != nil {
		return store.PutResult{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.Docs == nil {
		f.Docs = map[string]*doc.Doc{}
	}
	var r store.PutResult
	for _, d := range docs {
		key := "k-" + d.ID
		r.Keys = append(r.Keys, key)
		if _, ok := f.Docs[key]; ok {
			r.Existing++
			continue
		}
		f.Docs[key] = d
		if f.docRun == nil {
			f.docRun = map[string]int64{}
		}
		f.docRun[key] = runID
		r.Stored++
		f.Puts++
		for i, ev := range d.Events {
			f.EventList = append(f.EventList, store.EventDetail{EventRow: store.EventRow{
				ID: key + "-" + strconv.Itoa(i), DocKey: key, DocID: d.ID, Date: d.Meta.Published, Code: ev.Code, RunID: runID}})
		}
	}
	return r, nil
}

func (f *Fake) FinishRun(ctx context.Context, runID int64, fin store.RunFinish) error {
	if err := f.check(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.RunList {
		if f.RunList[i].ID == runID {
			f.RunList[i].Finished, f.RunList[i].Status, f.RunList[i].Counts = fin.Finished, fin.Status, fin.Counts
		}
	}
	return nil
}

func (f *Fake) Doc(ctx context.Context, idOrKey string) (*doc.Doc, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if d, ok := f.Docs[idOrKey]; ok {
		return d, nil
	}
	for _, k := range sortedKeys(f.Docs) {
		if f.Docs[k].ID == idOrKey {
			return f.Docs[k], nil
		}
	}
	return nil, &store.Error{Code: store.CodeNotFound, Op: "doc"}
}

// Documents implements store.Querier over Docs in key order, with the SQL
// backends' argument checks (store.DocumentSQL).
func (f *Fake) Documents(ctx context.Context, q store.DocumentQuery) (store.DocumentPage, error) {
	if err := f.check(); err != nil {
		return store.DocumentPage{}, err
	}
	if _, _, _, err := store.DocumentSQL(q); err != nil {
		return store.DocumentPage{Documents: []store.DocumentRow{}}, err
	}
	after := ""
	if q.Cursor != "" {
		parts, _ := store.DecodeCursor("documents", q.Cursor, 1)
		after = parts[0]
	}
	limit := store.PageSize(q.Limit)
	f.mu.Lock()
	defer f.mu.Unlock()
	var rows []store.DocumentRow
	for _, k := range sortedKeys(f.Docs) {
		d, pub := f.Docs[k], f.Docs[k].Meta.Published
		switch {
		case after != "" && k <= after,
			q.From != "" && pub < q.From,
			q.To != "" && (pub == "" || pub >= q.To),
			q.RunID != 0 && f.docRun[k] != q.RunID:
			continue
		}
		rows = append(rows, store.DocumentRow{Key: k, ID: d.ID, URL: d.Meta.URL, Title: d.Meta.Title, Published: pub, Language: d.Meta.Language, RunID: f.docRun[k]})
		if len(rows) > limit {
			break
		}
	}
	return store.DocumentPageOf(rows, limit), nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Search matches the words of the query against event sentences.
func (f *Fake) Search(ctx context.Context, q store.SearchQuery) ([]store.Hit, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var hits []store.Hit
	for _, e := range f.EventList {
		if strings.Contains(strings.ToLower(e.StoryText), strings.ToLower(q.Text)) {
			hits = append(hits, store.Hit{DocID: e.DocID, DocKey: e.DocKey, Story: e.Story, Title: e.Title, Snippet: e.Sentence, Score: 1, Copies: 1})
		}
	}
	return hits, nil
}

func (f *Fake) Cluster(ctx context.Context, storyID int64) (store.Cluster, error) {
	if err := f.check(); err != nil {
		return store.Cluster{}, err
	}
	if storyID != 1 {
		return store.Cluster{}, &store.Error{Code: store.CodeNotFound, Op: "cluster"}
	}
	return store.Cluster{ID: 1, Stories: []store.ClusterMember{{StoryID: 1, DocID: "d1", DocKey: "k1", Kind: store.DupFirst}}}, nil
}

func (f *Fake) Stats(ctx context.Context) (store.Stats, error) {
	if err := f.check(); err != nil {
		return store.Stats{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return store.Stats{Documents: len(f.Docs), Runs: len(f.RunList), Schema: 1}, nil
}

func (f *Fake) Runs(ctx context.Context, limit int) ([]store.Run, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.RunList
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return append([]store.Run(nil), out...), nil
}

func (f *Fake) Close() error { return nil }

func match(e *store.EventRow, flt store.EventFilter) bool {
	side := func(a store.ActorRef, p string) bool { return p == "" || strings.HasPrefix(a.Code, p) }
	if flt.Actor != "" && !side(e.Source, flt.Actor) && !side(e.Target, flt.Actor) {
		return false
	}
	if !side(e.Source, flt.Source) || !side(e.Target, flt.Target) {
		return false
	}
	if flt.Entity != "" && e.Source.EntityID != flt.Entity && e.Target.EntityID != flt.Entity {
		return false
	}
	if !strings.HasPrefix(e.Code, flt.Code) || (flt.Root != "" && e.Root != flt.Root) || (flt.Quad != 0 && e.QuadClass != flt.Quad) {
		return false
	}
	if flt.Country != "" && (e.Place == nil || e.Place.Country != flt.Country) {
		return false
	}
	if b := flt.BBox; b != nil && (e.Place == nil || e.Place.Lon < b[0] || e.Place.Lat < b[1] || e.Place.Lon > b[2] || e.Place.Lat > b[3]) {
		return false
	}
	if (flt.From != "" && e.Date < flt.From) || (flt.To != "" && e.Date >= flt.To) {
		return false
	}
	if (flt.GoldsteinMin != nil && e.Goldstein < *flt.GoldsteinMin) || (flt.GoldsteinMax != nil && e.Goldstein > *flt.GoldsteinMax) {
		return false
	}
	if flt.Text != "" && !strings.Contains(strings.ToLower(e.Sentence), strings.ToLower(flt.Text)) {
		return false
	}
	return flt.DocKey == "" || e.DocKey == flt.DocKey
}

func (f *Fake) filtered(flt store.EventFilter) []store.EventRow {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []store.EventRow
	for i := range f.EventList {
		if match(&f.EventList[i].EventRow, flt) {
			out = append(out, f.EventList[i].EventRow)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch flt.Sort {
		case "date":
			return a.Date < b.Date || a.Date == b.Date && a.ID < b.ID
		case "goldstein":
			return a.Goldstein < b.Goldstein || a.Goldstein == b.Goldstein && a.ID < b.ID
		case "-goldstein":
			return a.Goldstein > b.Goldstein || a.Goldstein == b.Goldstein && a.ID < b.ID
		}
		return a.Date > b.Date || a.Date == b.Date && a.ID < b.ID
	})
	return out
}

// Events pages with an offset cursor.
func (f *Fake) Events(ctx context.Context, flt store.EventFilter) (store.EventPage, error) {
	if err := f.check(); err != nil {
		return store.EventPage{}, err
	}
	f.mu.Lock()
	f.Calls++
	f.mu.Unlock()
	all := f.filtered(flt)
	off := 0
	if flt.Cursor != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(flt.Cursor, "o"))
		if err != nil || !strings.HasPrefix(flt.Cursor, "o") || n < 0 {
			return store.EventPage{}, store.Errorf(store.CodeInvalid, "events", "bad cursor")
		}
		off = n
	}
	limit := flt.Limit
	if limit <= 0 {
		limit = store.DefaultPageSize
	}
	var p store.EventPage
	if off < len(all) {
		end := min(off+limit, len(all))
		p.Events = all[off:end]
		if end < len(all) {
			p.Next = "o" + strconv.Itoa(end)
		}
	}
	return p, nil
}

func (f *Fake) Event(ctx context.Context, id string) (store.EventDetail, error) {
	if err := f.check(); err != nil {
		return store.EventDetail{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, e := range f.EventList {
		if e.ID == id {
			return e, nil
		}
	}
	return store.EventDetail{}, &store.Error{Code: store.CodeNotFound, Op: "event"}
}

func (f *Fake) Entities(ctx context.Context, q store.EntityQuery) (store.EntityPage, error) {
	if err := f.check(); err != nil {
		return store.EntityPage{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var p store.EntityPage
	for _, e := range f.EntityList {
		if q.Kind != "" && e.Kind != q.Kind {
			continue
		}
		ok := q.Text == ""
		for _, a := range append([]string{e.Name}, e.Aliases...) {
			ok = ok || strings.HasPrefix(strings.ToLower(a), strings.ToLower(q.Text))
		}
		if ok {
			p.Entities = append(p.Entities, e.EntityRow)
		}
	}
	return p, nil
}

func (f *Fake) Entity(ctx context.Context, id string) (store.EntityDetail, error) {
	if err := f.check(); err != nil {
		return store.EntityDetail{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, e := range f.EntityList {
		if e.ID == id {
			return e, nil
		}
	}
	return store.EntityDetail{}, &store.Error{Code: store.CodeNotFound, Op: "entity"}
}

func quadKey(e store.EventRow, by string) string {
	if by == "root" {
		return e.Root
	}
	return strconv.Itoa(e.QuadClass)
}

func (f *Fake) Timeline(ctx context.Context, flt store.EventFilter, by string) ([]store.TimelineBucket, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	type k struct{ day, key string }
	sum := map[k]*store.TimelineBucket{}
	for _, e := range f.filtered(flt) {
		kk := k{e.Date, quadKey(e, by)}
		b := sum[kk]
		if b == nil {
			b = &store.TimelineBucket{Day: e.Date, Key: kk.key}
			sum[kk] = b
		}
		b.AvgGoldstein = (b.AvgGoldstein*float64(b.Count) + e.Goldstein) / float64(b.Count+1)
		b.Count++
	}
	var out []store.TimelineBucket
	for _, b := range sum {
		out = append(out, *b)
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Day < out[j].Day || out[i].Day == out[j].Day && out[i].Key < out[j].Key
	})
	return out, nil
}

func (f *Fake) ActorPairs(ctx context.Context, flt store.EventFilter, limit int) ([]store.PairCount, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	n := map[[2]string]int{}
	for _, e := range f.filtered(flt) {
		n[[2]string{e.Source.Code, e.Target.Code}]++
	}
	var out []store.PairCount
	for p, c := range n {
		out = append(out, store.PairCount{Source: p[0], Target: p[1], Count: c})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return a.Count > b.Count || a.Count == b.Count && (a.Source < b.Source || a.Source == b.Source && a.Target < b.Target)
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (f *Fake) Countries(ctx context.Context, flt store.EventFilter) ([]store.CountryCount, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	n := map[string]int{}
	for _, e := range f.filtered(flt) {
		if e.Place != nil && e.Place.Country != "" {
			n[e.Place.Country]++
		}
	}
	var out []store.CountryCount
	for _, c := range sortedKeys(n) {
		out = append(out, store.CountryCount{Country: c, Count: n[c]})
	}
	return out, nil
}

func (f *Fake) Network(ctx context.Context, flt store.EventFilter, limit int) (store.Network, error) {
	if err := f.check(); err != nil {
		return store.Network{}, err
	}
	nodes := map[string]*store.NetworkNode{}
	type ek struct{ s, t string }
	edges := map[ek]*store.NetworkEdge{}
	id := func(a store.ActorRef) string {
		if a.EntityID != "" {
			return a.EntityID
		}
		return "code:" + a.Code
	}
	for _, e := range f.filtered(flt) {
		if e.Source.Code == "" || e.Target.Code == "" {
			continue
		}
		for _, a := range []store.ActorRef{e.Source, e.Target} {
			n := nodes[id(a)]
			if n == nil {
				label := a.Name
				if label == "" {
					label = a.Code
				}
				n = &store.NetworkNode{ID: id(a), Label: label, Code: a.Code}
				nodes[id(a)] = n
			}
			n.Weight++
		}
		k := ek{id(e.Source), id(e.Target)}
		ed := edges[k]
		if ed == nil {
			ed = &store.NetworkEdge{Source: k.s, Target: k.t}
			edges[k] = ed
		}
		ed.AvgGoldstein = (ed.AvgGoldstein*float64(ed.Weight) + e.Goldstein) / float64(ed.Weight+1)
		ed.Weight++
	}
	var out store.Network
	for _, k := range sortedKeys(nodes) {
		out.Nodes = append(out.Nodes, *nodes[k])
	}
	for _, e := range edges {
		out.Edges = append(out.Edges, *e)
	}
	sort.Slice(out.Edges, func(i, j int) bool {
		a, b := out.Edges[i], out.Edges[j]
		return a.Weight > b.Weight || a.Weight == b.Weight && (a.Source < b.Source || a.Source == b.Source && a.Target < b.Target)
	})
	if limit > 0 && len(out.Edges) > limit {
		out.Edges = out.Edges[:limit]
	}
	return out, nil
}

// Sample builds a Fake with a small, hand-written world: three events in
// two documents with full evidence, and two entities.
func Sample() *Fake {
	story := "Beijing, 3 March 2025. Chinese Foreign Minister Wang Yi met Philippine President Ferdinand Marcos in Manila on Monday. Philippine coast guard vessels were blocked near the Spratly Islands the next day."
	idx := func(s string) (int, int) { i := strings.Index(story, s); return i, i + len(s) }
	hl := func(role, s string) store.Highlight {
		a, b := idx(s)
		return store.Highlight{Start: a, End: b, Role: role}
	}
	wang := store.ActorRef{Code: "CHNGOV", Name: "Wang Yi", EntityID: "e-wang", Text: "Chinese Foreign Minister Wang Yi"}
	marcos := store.ActorRef{Code: "PHLGOV", Name: "Ferdinand Marcos", EntityID: "e-marcos", Text: "Philippine President Ferdinand Marcos"}
	pcg := store.ActorRef{Code: "PHLMIL", Name: "Philippine coast guard", Text: "Philippine coast guard"}
	manila := &store.PlaceRef{Name: "Manila", Country: "PH", Lat: 14.6, Lon: 120.98, GeonameID: 1701668}
	spratly := &store.PlaceRef{Name: "Spratly Islands", Country: "PH", Lat: 10.0, Lon: 114.3}
	s1 := "Chinese Foreign Minister Wang Yi met Philippine President Ferdinand Marcos in Manila on Monday."
	s2 := "Philippine coast guard vessels were blocked near the Spratly Islands the next day."
	f := &Fake{Docs: map[string]*doc.Doc{}}
	d := doc.New("manila-visit", story)
	d.Meta.Published = "2025-03-03"
	f.Docs["k1"] = d
	f.EventList = []store.EventDetail{
		{EventRow: store.EventRow{ID: "ev1", DocKey: "k1", DocID: "manila-visit", Date: "2025-03-03", DatePrecision: "day", Source: wang, Target: marcos,
			Code: "040", Root: "04", QuadClass: 1, Goldstein: 1, PloverType: "CONSULT", Place: manila, Sentence: s1, Confidence: 0.9,
			Mentions: 2, Stories: 2, Sources: 2, Title: "Wang Yi meets Marcos", URL: "https://example.org/manila", RunID: 1},
			StoryText: story, Highlights: []store.Highlight{hl("sentence", s1), hl("source", wang.Text), hl("trigger", "met"), hl("target", marcos.Text), hl("place", "Manila"), hl("date", "on Monday")},
			Pattern: "MEET", Coder: "event.cameo.v1", Dictionary: "cameo-own@1",
			Copies: []store.EventCopy{{DocKey: "k2", DocID: "copy", URL: "https://example.net/copy"}}},
		{EventRow: store.EventRow{ID: "ev2", DocKey: "k1", DocID: "manila-visit", Date: "2025-03-04", DatePrecision: "day", Source: wang, Target: pcg,
			Code: "191", Root: "19", QuadClass: 4, Goldstein: -9, PloverType: "ASSAULT", Place: spratly, Sentence: s2, Confidence: 0.7,
			Mentions: 1, Stories: 1, Sources: 1, Title: "Wang Yi meets Marcos", RunID: 1},
			StoryText: story, Highlights: []store.Highlight{hl("sentence", s2), hl("target", pcg.Text), hl("trigger", "blocked"), hl("place", "Spratly Islands"), hl("date", "the next day")},
			Coder: "event.cameo.v1"},
		{EventRow: store.EventRow{ID: "ev3", DocKey: "k3", DocID: "talks", Date: "2025-02-20", Source: marcos, Target: store.ActorRef{Code: "USA", Name: "United States"},
			Code: "036", Root: "03", QuadClass: 1, Goldstein: 4, Place: &store.PlaceRef{Name: "Washington", Country: "US", Lat: 38.9, Lon: -77.04}, Sentence: "Marcos said he would meet American officials.", Confidence: 0.8, Mentions: 1, Stories: 1, Sources: 1, RunID: 1},
			StoryText: "Marcos said he would meet American officials.", Coder: "event.cameo.v1"},
	}
	wangRow := store.EntityRow{ID: "e-wang", Kind: "PER", Name: "Wang Yi", ActorCode: "CHNGOV", Aliases: []string{"王毅", "Wang"}, Mentions: 3, Documents: 1, FirstSeen: "2025-03-03", LastSeen: "2025-03-04"}
	marcosRow := store.EntityRow{ID: "e-marcos", Kind: "PER", Name: "Ferdinand Marcos", ActorCode: "PHLGOV", Aliases: []string{"Marcos", "Bongbong Marcos"}, Mentions: 2, Documents: 2, FirstSeen: "2025-02-20", LastSeen: "2025-03-03"}
	f.EntityList = []store.EntityDetail{
		{EntityRow: wangRow,
			AliasDetails: []store.AliasRow{{Text: "Wang Yi", Script: "Latn", Source: "mention", Confidence: 1, Count: 2, DocKey: "k1", Start: 48, End: 55}, {Text: "王毅", Script: "Hani", Source: "parenthetical", Confidence: 0.9, Count: 1, DocKey: "k1"}},
			Codes:        []store.CodeSpan{{Code: "CHNGOV", From: "2025-03-03", To: "2025-03-04", Count: 2}},
			Timeline:     []store.DayCount{{Day: "2025-03-03", Count: 1}, {Day: "2025-03-04", Count: 1}},
			Neighbours:   []store.Neighbour{{EntityRow: marcosRow, Count: 1}},
			Events:       []store.EventRow{f.EventList[1].EventRow, f.EventList[0].EventRow}},
		{EntityRow: marcosRow,
			AliasDetails: []store.AliasRow{{Text: "Ferdinand Marcos", Script: "Latn", Source: "mention", Confidence: 1, Count: 2}},
			Codes:        []store.CodeSpan{{Code: "PHLGOV", From: "2025-02-20", To: "2025-03-03", Count: 2}},
			Timeline:     []store.DayCount{{Day: "2025-02-20", Count: 1}, {Day: "2025-03-03", Count: 1}},
			Neighbours:   []store.Neighbour{{EntityRow: wangRow, Count: 1}},
			Events:       []store.EventRow{f.EventList[0].EventRow, f.EventList[2].EventRow}},
	}
	f.RunList = []store.Run{{ID: 1, Status: store.RunDone, Stages: []string{"event.cameo.v1"}, Sources: []string{"examples"}}}
	return f
}
