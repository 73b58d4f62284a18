package kb

import (
	"context"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
)

// Our own sentences: a geographic name with a country's name or adjective
// in it is no actor, whatever type the NER gave it, and an ORG-typed one
// does not take the country of the words before it; the adjective before
// other words still names the country.
func TestPlaceNamesHaveNoActor(t *testing.T) {
	l, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		src  string
		ms   [][3]string
		want map[string]string
	}{
		{"Iran threatened to close the Strait of Hormuz.",
			[][3]string{{"Iran", doc.KindLOC, ""}, {"Strait of Hormuz", doc.KindORG, ""}},
			map[string]string{"Iran": "IRN", "Strait of Hormuz": ""}},
		{"China accused Vietnam of drilling in the South China Sea.",
			[][3]string{{"China", doc.KindLOC, ""}, {"Vietnam", doc.KindLOC, ""}, {"South China Sea", doc.KindORG, ""}},
			map[string]string{"China": "CHN", "Vietnam": "VNM", "South China Sea": ""}},
		{"Indian troops sailed into the Indian Ocean.",
			[][3]string{{"Indian", doc.KindNORP, ""}, {"Indian Ocean", doc.KindLOC, ""}},
			map[string]string{"Indian": "IND", "Indian Ocean": ""}},
		{"Tehran said the Persian Gulf was calm.",
			[][3]string{{"Tehran", doc.KindLOC, ""}, {"Persian Gulf", doc.KindLOC, ""}},
			map[string]string{"Tehran": "IRNGOV", "Persian Gulf": "PGS"}}, // the dictionary's region
	} {
		d := doc.New("t", c.src)
		d.Mentions = mentionsOf(c.src, c.ms...)
		if err := l.Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, e := range d.Entities {
			got[e.Name] = e.ActorCode
		}
		for name, code := range c.want {
			if g, ok := got[name]; !ok || g != code {
				t.Errorf("%q: %s coded %q, want %q (%v)", c.src, name, g, code, got)
			}
		}
	}
}
