package geo

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/doc"
)

// FuzzPlaces runs recognition and resolution on arbitrary text: no panic,
// every span inside the text on rune boundaries, in order.
func FuzzPlaces(f *testing.F) {
	for _, s := range []string{
		"Officials met in Xian, Shaanxi, on Monday.",
		"Ships sailed near the Spratly Islands (Nansha Islands, 南沙群島).",
		"A Beijing-based firm; the Sichuan province; Miami, Fla.; U.S.-led talks.",
		"WASHINGTON (AP) — CHINA SAID ON FRIDAY",
		"Paris, Texas's mayor. O'Hare's gate. Xi'an’s walls.",
		"Париж и Москва, 東京と大阪, القاهرة",
		strings.Repeat("London, Paris, Berlin, ", 50),
		"\xff\xfe broken UTF-8 Texas\x00",
		"the X region (((((",
	} {
		f.Add(s)
	}
	gp, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := doc.New("f", s)
		ps := gp.Places(d, nil)
		last := 0
		for _, p := range ps {
			if p.Start < last || p.End <= p.Start || p.End > len(s) {
				t.Fatalf("bad span %d-%d (last %d) in %q", p.Start, p.End, last, s)
			}
			if utf8.ValidString(s) && (!utf8.RuneStart(s[p.Start]) || (p.End < len(s) && !utf8.RuneStart(s[p.End]))) {
				t.Fatalf("span %d-%d splits a rune in %q", p.Start, p.End, s)
			}
			if p.Resolved && (p.Lat < -90 || p.Lat > 90 || p.Lon < -180 || p.Lon > 180) {
				t.Fatalf("bad point %+v", p)
			}
			last = p.End
		}
	})
}

// TestLongLists keeps very long lists of places bounded.
func TestLongLists(t *testing.T) {
	s := strings.Repeat("Springfield, Paris, London, Georgia, Jordan and Washington; ", 800)
	gp, _ := New()
	ps := gp.Places(doc.New("l", s), nil)
	if len(ps) == 0 || len(ps) > MaxPlaces {
		t.Fatalf("%d places", len(ps))
	}
}
