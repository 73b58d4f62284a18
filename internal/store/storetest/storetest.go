// Package storetest is the conformance suite every store.Store backend runs,
// so SQLite and PostgreSQL behave the same: idempotent puts, document round
// trips, full-text search, duplicate clusters, stats, runs, and reads that
// keep working while a writer is busy.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/text"
)

// Opener returns a new, empty store; the suite closes it.
type Opener func(t *testing.T) store.Store

// Run runs every conformance test against fresh stores from open.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"IdempotentPut", testIdempotentPut},
		{"DocRoundTrip", testDocRoundTrip},
		{"Stories", testStories},
		{"Search", testSearch},
		{"ExactDuplicates", testExactDuplicates},
		{"NearDuplicates", testNearDuplicates},
		{"Stats", testStats},
		{"Runs", testRuns},
		{"Writer", testWriter},
		{"ConcurrentReadDuringWrite", testConcurrentRead},
		{"Polls", testPolls},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			tc.fn(t, s)
		})
	}
}

var clock = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

func beginRun(t *testing.T, s store.Store) int64 {
	t.Helper()
	id, err := s.BeginRun(context.Background(), store.RunInfo{Started: clock, Build: "test", Stages: []string{"extract.article.v1"}, Sources: []string{"mem"}})
	if err != nil {
		t.Fatalf("BeginRun: %v", err)
	}
	return id
}

func put(t *testing.T, s store.Store, run int64, docs ...*doc.Doc) store.PutResult {
	t.Helper()
	r, err := s.Put(context.Background(), run, docs)
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	if len(r.Keys) != len(docs) {
		t.Fatalf("Put returned %d keys for %d docs", len(r.Keys), len(docs))
	}
	return r
}

// newDoc makes a Doc whose stories layer holds one story per paragraph
// (paragraphs separated by a blank line).
func newDoc(id, body string) *doc.Doc {
	d := doc.New(id, body)
	d.Meta.Title = "Title of " + id
	d.Meta.SourceKind = "text"
	d.Meta.Language = "en"
	start := 0
	for _, para := range strings.Split(body, "\n\n") {
		end := start + len(para)
		if strings.TrimSpace(para) != "" {
			d.Stories = append(d.Stories, doc.Story{Span: text.Span{Start: start, End: end}, Text: para, Language: "en"})
		}
		start = end + 2
	}
	d.MarkLayer(doc.LayerStories, "test.stories.v1")
	return d
}

// Our own sentences, written for these tests.
var texts = []string{
	"The harbour authority in Port Vella approved a new ferry terminal on Tuesday after three years of planning. Local fishermen said the project would crowd the northern quay.",
	"Farmers in the Ostrava valley reported the wettest spring in four decades. The agriculture office said wheat planting was delayed by at least two weeks across the region.",
	"A regional court ordered the mining company to pay compensation to villagers whose wells ran dry. The company said it would appeal the decision within thirty days.",
	"The central bank of Eldoria held its benchmark rate at 4.5 percent, citing stubborn food prices. Analysts had expected a cut after inflation eased in the autumn.",
	"Rescue teams searched collapsed buildings through the night after the earthquake struck the coastal town. Officials said the tremor measured 6.1 on the local scale.",
}

func testIdempotentPut(t *testing.T, s store.Store) {
	ctx := context.Background()
	run := beginRun(t, s)
	docs := []*doc.Doc{newDoc("a", texts[0]), newDoc("b", texts[1]), newDoc("c", texts[2])}
	r := put(t, s, run, docs...)
	if r.Stored != 3 || r.Existing != 0 || r.Stories != 3 {
		t.Fatalf("first put: %+v, want 3 stored, 3 stories", r)
	}
	r = put(t, s, run, newDoc("a", texts[0]), newDoc("b", texts[1]), newDoc("c", texts[2]))
	if r.Stored != 0 || r.Existing != 3 || r.Stories != 0 {
		t.Fatalf("second put: %+v, want 3 existing and nothing new", r)
	}
	// The same document twice within one batch is stored once.
	r = put(t, s, run, newDoc("d", texts[3]), newDoc("d", texts[3]))
	if r.Stored != 1 || r.Existing != 1 {
		t.Fatalf("in-batch repeat: %+v, want 1 stored, 1 existing", r)
	}
	if r.Keys[0] != r.Keys[1] {
		t.Fatalf("same input, different keys %q %q", r.Keys[0], r.Keys[1])
	}
	// The key is the source id with the ingest content hash when there is
	// one: the same hash under the same id meets the stored copy even when
	// the text differs in how it was decoded.
	d := newDoc("e", texts[4])
	d.Meta.ContentHash = "0123abcd"
	e2 := newDoc("e", texts[4]+" ")
	e2.Meta.ContentHash = "0123abcd"
	r = put(t, s, run, d, e2)
	if r.Keys[0] != r.Keys[1] || r.Stored != 1 || r.Existing != 1 {
		t.Fatalf("content-hash keys: %+v", r)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 5 || st.Stories != 5 {
		t.Fatalf("stats after repeats: %d documents, %d stories; want 5, 5", st.Documents, st.Stories)
	}
	// An empty batch is fine.
	if _, err := s.Put(ctx, run, nil); err != nil {
		t.Fatalf("empty put: %v", err)
	}
}

func testDocRoundTrip(t *testing.T, s store.Store) {
	ctx := context.Background()
	run := beginRun(t, s)
	d := newDoc("round-1", texts[0]+"\n\n"+texts[1])
	d.Meta.URL = "https://example.org/news/1"
	d.Meta.Published = "2024-02-28"
	d.Meta.Extra = map[string]string{"category": "ports"}
	d.Diag("test.stage.v1", "odd", doc.SevWarning, "something odd", &text.Span{Start: 4, End: 12})
	small := newDoc("round-2", "Short note.")
	r := put(t, s, run, d, small)
	want, _ := json.Marshal(d)
	for _, k := range []string{r.Keys[0], "round-1"} {
		got, err := s.Doc(ctx, k)
		if err != nil {
			t.Fatalf("Doc(%q): %v", k, err)
		}
		gotJS, _ := json.Marshal(got)
		if string(gotJS) != string(want) {
			t.Fatalf("Doc(%q) round trip differs:\n got %s\nwant %s", k, gotJS, want)
		}
	}
	got, err := s.Doc(ctx, "round-2")
	if err != nil || got.Text != "Short note." {
		t.Fatalf("small doc: %v %+v", err, got)
	}
	_, err = s.Doc(ctx, "no-such-doc")
	if !errors.Is(err, store.ErrNotFound) || store.ErrorCode(err) != store.CodeNotFound {
		t.Fatalf("missing doc: err %v, want not_found", err)
	}
}

func testStories(t *testing.T, s store.Store) {
	ctx := context.Background()
	run := beginRun(t, s)
	multi := newDoc("multi", texts[0]+"\n\n"+texts[3])
	// No stories layer: the whole text is one implicit story, still searchable.
	bare := doc.New("bare", texts[4])
	r := put(t, s, run, multi, bare)
	if r.Stories != 3 {
		t.Fatalf("stories %d, want 3 (2 + 1 implicit)", r.Stories)
	}
	hits, err := s.Search(ctx, store.SearchQuery{Text: "earthquake"})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0].DocID != "bare" || hits[0].Story != 0 {
		t.Fatalf("implicit story search: %+v", hits)
	}
	hits, err = s.Search(ctx, store.SearchQuery{Text: "benchmark rate"})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0].DocID != "multi" || hits[0].Story != 1 {
		t.Fatalf("second story search: %+v", hits)
	}
}

func testSearch(t *testing.T, s store.Store) {
	ctx := context.Background()
	run := beginRun(t, s)
	var docs []*doc.Doc
	for i, tx := range texts {
		docs = append(docs, newDoc(fmt.Sprintf("s%d", i), tx))
	}
	put(t, s, run, docs...)
	hits, err := s.Search(ctx, store.SearchQuery{Text: "ferry terminal"})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0].DocID != "s0" {
		t.Fatalf("ferry terminal: %+v", hits)
	}
	h := hits[0]
	if !strings.Contains(h.Snippet, "[ferry]") || !strings.Contains(h.Snippet, "[terminal]") {
		t.Fatalf("snippet %q does not mark the matches", h.Snippet)
	}
	if h.Title != "Title of s0" || h.Copies != 1 || h.StoryID == 0 || h.DocKey == "" {
		t.Fatalf("hit fields: %+v", h)
	}
	// Phrase, OR, NOT and a prefix.
	for q, want := range map[string]int{`"wheat planting"`: 1, `wheat OR earthquake`: 2, `well*`: 1, `wheat NOT earthquake`: 1} {
		hits, err := s.Search(ctx, store.SearchQuery{Text: q})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if len(hits) != want {
			t.Errorf("%s: %d hits, want %d: %+v", q, len(hits), want, hits)
		}
	}
	// Text the query syntax cannot parse is searched as plain words.
	for _, q := range []string{"U.S.", `"unbalanced`, "rate: 4.5", "(", "AND", "*"} {
		if _, err := s.Search(ctx, store.SearchQuery{Text: q}); err != nil && store.ErrorCode(err) != store.CodeInvalid {
			t.Errorf("%q: %v", q, err)
		}
	}
	// A dotted abbreviation is a phrase of its parts, not any word "s".
	d := newDoc("abbr", "Talks between the U.S. and its allies resumed.")
	d2 := newDoc("abbr2", "Rates rose as investors sold bonds.")
	put(t, s, run, d, d2)
	hits, err = s.Search(ctx, store.SearchQuery{Text: "U.S."})
	if err != nil || len(hits) != 1 || hits[0].DocID != "abbr" {
		t.Fatalf("U.S.: %v %+v", err, hits)
	}
	// A word inside a run of Chinese characters (no spaces) is found, and
	// the snippet shows the text as written.
	zh := newDoc("zh", "港口工人周一结束了为期九天的罢工。")
	put(t, s, run, zh)
	for _, q := range []string{"罢工", "港口工人", "九天"} {
		hits, err = s.Search(ctx, store.SearchQuery{Text: q})
		if err != nil || len(hits) != 1 || hits[0].DocID != "zh" || !strings.Contains(hits[0].Snippet, "["+q+"]") {
			t.Fatalf("%s: %v %+v", q, err, hits)
		}
	}
	if hits, _ = s.Search(ctx, store.SearchQuery{Text: "工港"}); len(hits) != 0 {
		t.Fatalf("characters out of order must not match: %+v", hits)
	}
	hits, err = s.Search(ctx, store.SearchQuery{Text: "rate 4.5"})
	if err != nil || len(hits) != 1 || hits[0].DocID != "s3" {
		t.Fatalf("rate 4.5: %v %+v", err, hits)
	}
	if _, err := s.Search(ctx, store.SearchQuery{Text: "  "}); store.ErrorCode(err) != store.CodeInvalid {
		t.Fatalf("empty query: %v, want invalid", err)
	}
	hits, err = s.Search(ctx, store.SearchQuery{Text: "the", Limit: 2})
	if err != nil || len(hits) != 2 {
		t.Fatalf("limit 2: %v, %d hits", err, len(hits))
	}
	if hits[0].Score < hits[1].Score {
		t.Fatalf("hits not best first: %v < %v", hits[0].Score, hits[1].Score)
	}
}

func testExactDuplicates(t *testing.T, s store.Store) {
	ctx := context.Background()
	run := beginRun(t, s)
	r := put(t, s, run, newDoc("orig", texts[1]), newDoc("other", texts[2]))
	// Same story text under other ids: a syndicated copy, one in the same
	// batch as a third copy. Different spacing and case still count.
	copy2 := newDoc("copy-2", texts[1])
	copy3 := newDoc("copy-3", strings.ToUpper(strings.ReplaceAll(texts[1], " ", "  ")))
	r = put(t, s, run, copy2, copy3)
	if r.Stored != 2 || r.ExactDups != 2 {
		t.Fatalf("copies: %+v, want 2 stored as 2 exact duplicates", r)
	}
	hits, err := s.Search(ctx, store.SearchQuery{Text: "wettest spring"})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0].Copies != 3 || hits[0].DocID != "orig" {
		t.Fatalf("collapsed search: %+v, want one hit on orig with 3 copies", hits)
	}
	all, err := s.Search(ctx, store.SearchQuery{Text: "wettest spring", AllCopies: true})
	if err != nil || len(all) != 3 {
		t.Fatalf("all copies: %v %d hits", err, len(all))
	}
	c, err := s.Cluster(ctx, all[2].StoryID)
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != hits[0].StoryID || len(c.Stories) != 3 {
		t.Fatalf("cluster %+v", c)
	}
	want := []string{"orig/first", "copy-2/exact", "copy-3/exact"}
	for i, m := range c.Stories {
		if got := m.DocID + "/" + m.Kind; got != want[i] {
			t.Errorf("cluster member %d: %s, want %s", i, got, want[i])
		}
	}
	if _, err := s.Cluster(ctx, 1<<40); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown story cluster: %v", err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Clusters != 1 || st.ClusteredStories != 3 || st.ExactDups != 2 || st.NearDups != 0 || st.LargestCluster != 3 {
		t.Fatalf("stats %+v", st)
	}
}

func withSim(d *doc.Doc, v uint64) *doc.Doc {
	d.Stories[0].SimHash = fmt.Sprintf("%016x", v)
	return d
}

func testNearDuplicates(t *testing.T, s store.Store) {
	ctx := context.Background()
	run := beginRun(t, s)
	const base = uint64(0x0123_4567_89ab_cdef)
	// One bit flipped in each of three different bands: distance 3, and
	// only the fourth band still agrees, so the banded index must find it.
	near3 := base ^ (1 << 1) ^ (1 << 17) ^ (1 << 33)
	far4 := base ^ (1 << 2) ^ (1 << 18) ^ (1 << 34) ^ (1 << 50) // 4 bits, one per band
	put(t, s, run, withSim(newDoc("base", texts[0]), base))
	r := put(t, s, run,
		withSim(newDoc("near", texts[0]+" Updated at noon."), near3),
		withSim(newDoc("far", texts[0]+" Corrected later."), far4),
		withSim(newDoc("unrelated", texts[3]), ^base))
	if r.NearDups != 1 || r.ExactDups != 0 || r.Stories != 3 {
		t.Fatalf("put: %+v, want exactly one near duplicate", r)
	}
	hits, err := s.Search(ctx, store.SearchQuery{Text: "noon", AllCopies: true})
	if err != nil || len(hits) != 1 {
		t.Fatalf("noon: %v %+v", err, hits)
	}
	c, err := s.Cluster(ctx, hits[0].StoryID)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Stories) != 2 || c.Stories[0].DocID != "base" || c.Stories[1].Kind != store.DupNear || c.Stories[1].Distance != 3 {
		t.Fatalf("near cluster: %+v", c)
	}
	hits, err = s.Search(ctx, store.SearchQuery{Text: "corrected", AllCopies: true})
	if err != nil || len(hits) != 1 || hits[0].Copies != 1 || hits[0].Cluster != hits[0].StoryID {
		t.Fatalf("distance 4 must stay apart: %v %+v", err, hits)
	}
	// Search collapses near copies too: "fishermen" is in base, near and far.
	hits, err = s.Search(ctx, store.SearchQuery{Text: "fishermen"})
	if err != nil || len(hits) != 2 {
		t.Fatalf("collapsed fishermen: %v %+v, want base cluster and far", err, hits)
	}
}

func testStats(t *testing.T, s store.Store) {
	ctx := context.Background()
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 0 || st.Stories != 0 || st.Schema < 1 {
		t.Fatalf("empty store stats %+v", st)
	}
	run := beginRun(t, s)
	d := newDoc("x", texts[0]+"\n\n"+texts[1])
	d.Stories[1].Language = "de"
	put(t, s, run, d, newDoc("y", texts[2]))
	st, err = s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 2 || st.Stories != 3 || st.Runs != 1 || st.Clusters != 0 {
		t.Fatalf("stats %+v", st)
	}
	if st.TextBytes != int64(len(d.Text)+len(texts[2])) {
		t.Fatalf("text bytes %d", st.TextBytes)
	}
	if st.Languages["en"] != 2 || st.Languages["de"] != 1 || st.SourceKinds["text"] != 2 {
		t.Fatalf("languages %v kinds %v", st.Languages, st.SourceKinds)
	}
}

func testRuns(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := beginRun(t, s)
	b, err := s.BeginRun(ctx, store.RunInfo{Started: clock.Add(time.Hour), Stages: []string{"a.b.v1", "c.d.v2"}, Options: map[string]string{"layers": "stories"}})
	if err != nil {
		t.Fatal(err)
	}
	counts := store.RunCounts{Seen: 10, Stored: 8, Existing: 1, Failed: 1, Stories: 9, ExactDups: 1, InputBytes: 1234}
	if err := s.FinishRun(ctx, b, store.RunFinish{Finished: clock.Add(2 * time.Hour), Status: store.RunFailed, Counts: counts}); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishRun(ctx, 1<<40, store.RunFinish{Finished: clock}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("finish unknown run: %v", err)
	}
	runs, err := s.Runs(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].ID != b || runs[1].ID != a {
		t.Fatalf("runs %+v", runs)
	}
	r := runs[0]
	if !r.Started.Equal(clock.Add(time.Hour)) || !r.Finished.Equal(clock.Add(2*time.Hour)) || r.Status != store.RunFailed ||
		r.Counts != counts || strings.Join(r.Stages, ",") != "a.b.v1,c.d.v2" || r.Options["layers"] != "stories" {
		t.Fatalf("run %+v", r)
	}
	if runs[1].Status != store.RunRunning || !runs[1].Finished.IsZero() || runs[1].Build != "test" {
		t.Fatalf("unfinished run %+v", runs[1])
	}
	one, err := s.Runs(ctx, 1)
	if err != nil || len(one) != 1 {
		t.Fatalf("limit 1: %v %d", err, len(one))
	}
}

// testConcurrentRead writes batches while readers search, count and fetch;
// no reader may fail (in particular with "database is locked").
func testConcurrentRead(t *testing.T, s store.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	run := beginRun(t, s)
	put(t, s, run, newDoc("seed", texts[0]))
	const batches, per = 30, 40
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	reads := make([]int, 3)
	for r := 0; r < 3; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			for ctx.Err() == nil {
				var err error
				switch reads[r] % 3 {
				case 0:
					_, err = s.Search(ctx, store.SearchQuery{Text: "harbour OR planting"})
				case 1:
					_, err = s.Stats(ctx)
				case 2:
					_, err = s.Doc(ctx, "seed")
				}
				if err != nil && ctx.Err() == nil {
					errs <- fmt.Errorf("reader %d: %w", r, err)
					return
				}
				reads[r]++
			}
		}(r)
	}
	for b := 0; b < batches; b++ {
		var docs []*doc.Doc
		for i := 0; i < per; i++ {
			docs = append(docs, newDoc(fmt.Sprintf("w%d-%d", b, i), fmt.Sprintf("%s Batch %d item %d.", texts[(b+i)%len(texts)], b, i)))
		}
		if _, err := s.Put(context.Background(), run, docs); err != nil {
			cancel()
			wg.Wait()
			t.Fatalf("put during reads: %v", err)
		}
	}
	cancel()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 1+batches*per {
		t.Fatalf("documents %d, want %d", st.Documents, 1+batches*per)
	}
	if reads[0]+reads[1]+reads[2] < 3 {
		t.Fatalf("readers barely ran: %v", reads)
	}
}

func testWriter(t *testing.T, s store.Store) {
	ctx := context.Background()
	run := beginRun(t, s)
	w := store.NewWriter(ctx, s, run, 3)
	var puts int
	w.OnPut = func(store.PutResult) { puts++ }
	for i := 0; i < 10; i++ {
		if err := w.Add(ctx, newDoc(fmt.Sprintf("w%d", i), texts[i%len(texts)])); err != nil {
			t.Fatal(err)
		}
	}
	c, err := w.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Stored != 10 || c.Stories != 10 || c.ExactDups != 5 || puts != 4 {
		t.Fatalf("writer counts %+v after %d puts; want 10 stored, 5 exact copies, 4 batches", c, puts)
	}
}
