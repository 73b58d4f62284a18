package gazetteer

import (
	"testing"

	"github.com/newsgraph/newsgraph/data/names"
)

func TestMatch(t *testing.T) {
	g := New(map[string][]string{
		"cities":    {"New York", "York", "San Francisco Bay Area"},
		"countries": {"France"},
	})
	toks := []string{"from", "new", "york", "to", "france", "and", "san", "francisco", "bay", "area"}
	h := make([]uint64, len(toks))
	for i, s := range toks {
		h[i] = HashToken(s)
	}
	m := make([]uint64, len(toks))
	g.Match(h, m)
	ci, co := uint(4*g.ListIndex("cities")), uint(4*g.ListIndex("countries"))
	want := []uint64{0, B << ci, (L | U) << ci, 0, U << co, 0, B << ci, I << ci, I << ci, L << ci}
	for i := range want {
		if m[i] != want[i] {
			t.Errorf("token %d %q: mask %b, want %b", i, toks[i], m[i], want[i])
		}
	}
	if !g.Contains("countries", "FRANCE") || g.Contains("countries", "york") {
		t.Error("Contains")
	}
}

func TestDefault(t *testing.T) {
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ list, entry string }{
		{"countries", "germany"}, {"demonyms", "uzbek"}, {"cities", "nairobi"},
		{"first_names", "maria"}, {"org_words", "ministry"},
	} {
		if !g.Contains(c.list, c.entry) {
			t.Errorf("%s lacks %q", c.list, c.entry)
		}
	}
}

// BenchmarkLoad measures building the gazetteer from the embedded lists.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := FromFS(names.FS); err != nil {
			b.Fatal(err)
		}
	}
}
