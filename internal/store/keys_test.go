package store

import (
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

func TestFallbackKeys(t *testing.T) {
	a := "The river port reopened on Monday after floods closed it for a week, officials said."
	if TextHash(a) != TextHash("the  RIVER port reopened, on Monday after floods closed it for a week -- officials said") {
		t.Error("TextHash must ignore case, spacing and punctuation")
	}
	if TextHash(a) == TextHash(a+" Again.") {
		t.Error("TextHash must see an added word")
	}
	long := strings.Repeat("Grain exports from the northern provinces rose sharply in the spring quarter. ", 3) +
		"Traders expect prices to ease once the new harvest reaches the coast."
	v1, ok1 := SimHash(long)
	v2, ok2 := SimHash(strings.Replace(long, "ease", "fall", 1))
	v3, _ := SimHash("An entirely different story about a football match in the capital, won by the visitors after extra time.")
	if !ok1 || !ok2 {
		t.Fatal("long texts must have a SimHash")
	}
	if d := Hamming(v1, v2); d > 12 {
		t.Errorf("one word changed: distance %d, want small", d)
	}
	if d := Hamming(v1, v3); d < 16 {
		t.Errorf("unrelated texts: distance %d, want large", d)
	}
	if _, ok := SimHash("Too short."); ok {
		t.Error("short text must have no SimHash")
	}
}

func TestBands(t *testing.T) {
	v := uint64(0x1111_2222_3333_4444)
	want := []uint16{0x4444, 0x3333, 0x2222, 0x1111}
	for b := 0; b < Bands; b++ {
		if got := Band(v, b); got != want[b] {
			t.Errorf("band %d = %x, want %x", b, got, want[b])
		}
	}
	// Pigeonhole: any 3 flipped bits leave one band equal.
	for i := 0; i < 64; i += 7 {
		for j := i + 1; j < 64; j += 11 {
			for k := j + 1; k < 64; k += 13 {
				w := v ^ 1<<i ^ 1<<j ^ 1<<k
				eq := false
				for b := 0; b < Bands; b++ {
					eq = eq || Band(v, b) == Band(w, b)
				}
				if !eq {
					t.Fatalf("bits %d,%d,%d: no band agrees", i, j, k)
				}
			}
		}
	}
}

func TestStoryRowsAndKeys(t *testing.T) {
	d := doc.New("k1", "First story text here.\n\nSecond story with a good many more words in it than the minimum needed for a SimHash, since short formulaic items would otherwise cluster by accident.")
	if StoryRows(d)[0].Implicit != true || len(StoryRows(d)) != 1 {
		t.Fatal("no stories layer: one implicit story")
	}
	d.Stories = []doc.Story{{Span: text.Span{Start: 0, End: 22}, Text: "First story text here.", SimHash: "00000000000000ff"},
		{Span: text.Span{Start: 24, End: len(d.Text)}, SimHash: "zz"}}
	d.MarkLayer(doc.LayerStories, "x.y.v1")
	rows := StoryRows(d)
	if len(rows) != 2 || rows[0].HasSim || rows[1].Text != d.Text[24:] || !rows[1].HasSim || rows[1].Hash == "" {
		t.Fatalf("rows %+v", rows)
	}
	d.Stories = nil
	if len(StoryRows(d)) != 0 {
		t.Fatal("an empty stories layer stores no stories")
	}
	k := ContentKey(d)
	d2 := doc.New("k2", d.Text)
	if k == ContentKey(d2) {
		t.Fatal("the same text under another id is another document")
	}
	d.Meta.ContentHash = "abc"
	if k == ContentKey(d) {
		t.Fatal("the content hash is part of the key")
	}
}

func TestScheme(t *testing.T) {
	for dsn, want := range map[string]string{
		"newsgraph.db": "", "/data/x.db": "", "sqlite:///tmp/x.db": "sqlite", "file:x.db?mode=ro": "sqlite",
		"postgres://u@h/db": "postgres", "postgresql://h/db": "postgres", "MySQL://h/db": "mysql", "dir with ://odd/name": "",
	} {
		if got := Scheme(dsn); got != want {
			t.Errorf("Scheme(%q) = %q, want %q", dsn, got, want)
		}
	}
}
