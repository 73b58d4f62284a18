package facet

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/newsgraph/newsgraph/internal/store"
)

func testIndex(t *testing.T) *Index {
	t.Helper()
	b := NewBuilder(0)
	for _, r := range []Row{
		{Key: 10, Date: "2024-05-01", Code: "043", Root: "04", Quad: 1, Goldstein: 2.8, Country: "AT", Source: "RUSGOV", Target: "AUTGOV"},
		{Key: 20, Date: "2024-05-01", Code: "112", Root: "11", Quad: 3, Goldstein: -2, Country: "AT", Source: "RUSGOV", Target: "AUTREB"},
		{Key: 30, Date: "2024-05-02", Code: "043", Root: "04", Quad: 1, Goldstein: 2.8, Country: "", Source: "RUSGOV", Target: "AUTGOV"},
		{Key: 40, Date: "2024-06-10", Code: "1411", Root: "14", Quad: 3, Goldstein: -6.5, Country: "FR", Source: "FRAOPP", Target: ""},
		{Key: 50, Date: "2024-06-10", Code: "175", Root: "17", Quad: 4, Goldstein: -9, Country: "FR", Source: "FRACOP", Target: "FRAOPP"},
	} {
		if !b.Add(r) {
			t.Fatalf("Add(%+v) refused", r)
		}
	}
	ix := b.Index()
	if ix == nil || ix.Len() != 5 {
		t.Fatalf("index: %v", ix)
	}
	return ix
}

func TestAggregates(t *testing.T) {
	ix := testIndex(t)
	g0 := 0.0
	all := []int64{10, 20, 30, 40, 50}
	tests := []struct {
		name string
		keys []int64
		f    store.EventFilter
		tl   string // Timeline by quad
		cc   string
		pr   string
	}{
		{"all", all, store.EventFilter{},
			"[{2024-05-01 1 1 2.8} {2024-05-01 3 1 -2} {2024-05-02 1 1 2.8} {2024-06-10 3 1 -6.5} {2024-06-10 4 1 -9}]",
			"[{AT 2} {FR 2}]", "[{RUSGOV AUTGOV 2} {FRACOP FRAOPP 1} {RUSGOV AUTREB 1}]"},
		{"keys not held are skipped", []int64{5, 10, 15, 35, 50, 60}, store.EventFilter{},
			"[{2024-05-01 1 1 2.8} {2024-06-10 4 1 -9}]", "[{AT 1} {FR 1}]", "[{FRACOP FRAOPP 1} {RUSGOV AUTGOV 1}]"},
		{"no keys", nil, store.EventFilter{}, "[]", "[]", "[]"},
		{"quad", all, store.EventFilter{Quad: 3}, "[{2024-05-01 3 1 -2} {2024-06-10 3 1 -6.5}]", "[{AT 1} {FR 1}]", "[{RUSGOV AUTREB 1}]"},
		{"code prefix", all, store.EventFilter{Code: "141"}, "[{2024-06-10 3 1 -6.5}]", "[{FR 1}]", "[]"},
		{"leaf code", all, store.EventFilter{Code: "0430"}, "[]", "[]", "[]"},
		{"root code", all, store.EventFilter{Code: "04"}, "[{2024-05-01 1 1 2.8} {2024-05-02 1 1 2.8}]", "[{AT 1}]", "[{RUSGOV AUTGOV 2}]"},
		{"root", all, store.EventFilter{Root: "17"}, "[{2024-06-10 4 1 -9}]", "[{FR 1}]", "[{FRACOP FRAOPP 1}]"},
		{"country, any case", all, store.EventFilter{Country: "fr"}, "[{2024-06-10 3 1 -6.5} {2024-06-10 4 1 -9}]", "[{FR 2}]", "[{FRACOP FRAOPP 1}]"},
		{"date range", all, store.EventFilter{From: "2024-05-02", To: "2024-06-10"}, "[{2024-05-02 1 1 2.8}]", "[]", "[{RUSGOV AUTGOV 1}]"},
		{"actor, either side", all, store.EventFilter{Actor: "FRAOPP"}, "[{2024-06-10 3 1 -6.5} {2024-06-10 4 1 -9}]", "[{FR 2}]", "[{FRACOP FRAOPP 1}]"},
		{"target prefix", all, store.EventFilter{Target: "AUT"}, "[{2024-05-01 1 1 2.8} {2024-05-01 3 1 -2} {2024-05-02 1 1 2.8}]",
			"[{AT 2}]", "[{RUSGOV AUTGOV 2} {RUSGOV AUTREB 1}]"},
		{"source prefix", all, store.EventFilter{Source: "FRAC"}, "[{2024-06-10 4 1 -9}]", "[{FR 1}]", "[{FRACOP FRAOPP 1}]"},
		{"goldstein", all, store.EventFilter{GoldsteinMax: &g0}, "[{2024-05-01 3 1 -2} {2024-06-10 3 1 -6.5} {2024-06-10 4 1 -9}]",
			"[{FR 2} {AT 1}]", "[{FRACOP FRAOPP 1} {RUSGOV AUTREB 1}]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := fmt.Sprint(ix.Timeline(tc.keys, tc.f, "quad")); got != tc.tl {
				t.Errorf("timeline: %s, want %s", got, tc.tl)
			}
			if got := fmt.Sprint(ix.Countries(tc.keys, tc.f)); got != tc.cc {
				t.Errorf("countries: %s, want %s", got, tc.cc)
			}
			if got := fmt.Sprint(ix.ActorPairs(tc.keys, tc.f, 10)); got != tc.pr {
				t.Errorf("pairs: %s, want %s", got, tc.pr)
			}
		})
	}
	if got := fmt.Sprint(ix.Timeline(all, store.EventFilter{}, "root")); got != "[{2024-05-01 04 1 2.8} {2024-05-01 11 1 -2} {2024-05-02 04 1 2.8} {2024-06-10 14 1 -6.5} {2024-06-10 17 1 -9}]" {
		t.Errorf("timeline by root: %s", got)
	}
	if got := fmt.Sprint(ix.ActorPairs(all, store.EventFilter{}, 1)); got != "[{RUSGOV AUTGOV 2}]" {
		t.Errorf("pairs, limit 1: %s", got)
	}
}

func TestBuilderRefusesDisorder(t *testing.T) {
	b := NewBuilder(2)
	b.Add(Row{Key: 5})
	if b.Add(Row{Key: 5}) || b.Add(Row{Key: 7}) || b.Index() != nil {
		t.Fatal("a repeated key must spoil the builder")
	}
}

// TestGallopMatchesLookup checks the galloping merge against a map on
// random key sets, sparse and dense.
func TestGallopMatchesLookup(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 50; round++ {
		b := NewBuilder(0)
		held := map[int64]bool{}
		k := int64(-50)
		for i := 0; i < 1+r.IntN(400); i++ {
			k += 1 + int64(r.IntN(5))
			held[k] = true
			b.Add(Row{Key: k, Date: "d", Country: "C"})
		}
		ix := b.Index()
		var keys []int64
		want := 0
		q := int64(-60)
		for i := 0; i < r.IntN(300); i++ {
			q += 1 + int64(r.IntN(1+r.IntN(20)))
			keys = append(keys, q)
			if held[q] {
				want++
			}
		}
		got := 0
		if cs := ix.Countries(keys, store.EventFilter{}); len(cs) == 1 {
			got = cs[0].Count
		}
		if got != want {
			t.Fatalf("round %d: %d keys found, want %d", round, got, want)
		}
	}
}

func BenchmarkTimeline(b *testing.B) {
	const n = 1_000_000
	bl := NewBuilder(n)
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < n; i++ {
		bl.Add(Row{Key: int64(i) * 3, Date: fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28), Code: "043", Root: fmt.Sprintf("%02d", 1+r.IntN(20)),
			Quad: 1 + r.IntN(4), Goldstein: 1, Country: "AT", Source: "A", Target: "B"})
	}
	ix := bl.Index()
	var keys []int64
	for i := 0; i < n; i += 6 {
		keys = append(keys, int64(i)*3)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.Timeline(keys, store.EventFilter{Text: "x"}, "quad")
	}
}
