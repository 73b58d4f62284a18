package event

import (
	"os"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/eval"
)

// goldDocs reads testdata/gold.parsed: hand-written UD parses of the gold
// stories with the actor codes a knowledge base would give their names.
// withActors=false leaves the entities out (fallback lexicon only).
func goldDocs(t *testing.T, withActors bool) map[string]*doc.Doc {
	t.Helper()
	b, err := os.ReadFile("testdata/gold.parsed")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/gold.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	stories, err := eval.ReadEventStories(f)
	if err != nil {
		t.Fatal(err)
	}
	pub := map[string]string{}
	for _, s := range stories {
		pub[s.ID] = s.Published
	}
	docs := map[string]*doc.Doc{}
	for _, block := range strings.Split(string(b), "\n# g")[1:] {
		lines := strings.Split(strings.TrimSpace(block), "\n")
		id := "g" + strings.TrimSpace(lines[0])
		actors := map[string]string{}
		if withActors && strings.HasPrefix(lines[1], "# actors:") {
			for _, kv := range strings.Split(strings.TrimPrefix(lines[1], "# actors:"), "|") {
				k, v, _ := strings.Cut(kv, "=")
				actors[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
		d := mkDoc(t, strings.Join(lines[2:], "\n"), actors)
		d.ID, d.Meta.Published = id, pub[id]
		docs[id] = d
	}
	if len(docs) != len(stories) {
		t.Fatalf("%d parsed stories for %d gold stories", len(docs), len(stories))
	}
	return docs
}

// TestGoldSet scores the stage on the team's gold stories from gold
// parses: with knowledge-base actor codes, and with the fallback lexicon
// alone.
func TestGoldSet(t *testing.T) {
	f, err := os.Open("testdata/gold.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	stories, err := eval.ReadEventStories(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	st := testStage(t)
	for _, withActors := range []bool{true, false} {
		docs := goldDocs(t, withActors)
		for _, d := range docs {
			run(t, st, d)
		}
		sc := eval.ScoreEvents(stories, docs)
		p := float64(sc.TP) / float64(max(1, sc.TP+sc.FP))
		r := float64(sc.TP) / float64(max(1, sc.TP+sc.FN))
		t.Logf("actors from entities=%v: precision %.3f recall %.3f (tp %d fp %d fn %d); by root P %.3f R %.3f", withActors, p, r, sc.TP, sc.FP, sc.FN,
			float64(sc.RootTP)/float64(max(1, sc.RootTP+sc.RootFP)), float64(sc.RootTP)/float64(max(1, sc.RootTP+sc.RootFN)))
		if testing.Verbose() {
			for _, m := range sc.Misses {
				t.Log("  ", m)
			}
		}
		if withActors && (p < 0.9 || r < 0.9) {
			t.Errorf("gold set with entity actors: precision %.2f recall %.2f, want ≥ 0.9", p, r)
		}
	}
}
