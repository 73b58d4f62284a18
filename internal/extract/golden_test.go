package extract

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/shared"
	"github.com/newsgraph/newsgraph/internal/text"
)

var update = flag.Bool("update", false, "rewrite golden files")

// goldenStory is what the golden file pins about a story: spans, flags,
// labels, credit values and hashes, never the seed's sentences (its text
// stays in ../shared).
type goldenStory struct {
	Span      text.Span    `json:"span"`
	Kicker    *goldenRef   `json:"kicker,omitempty"`
	Headline  *text.Span   `json:"headline,omitempty"`
	Truncated bool         `json:"truncated"`
	Language  string       `json:"language"`
	Credits   []doc.Credit `json:"credits,omitempty"`
	TextLen   int          `json:"text_len"`
	Hash      string       `json:"hash"`
	SimHash   string       `json:"simhash"`
}

type goldenRef struct {
	Span  text.Span `json:"span"`
	Label string    `json:"label"` // an upper-case kicker label, not a sentence
}

type goldenDoc struct {
	TextLen  int           `json:"text_len"`
	Language string        `json:"language"`
	Stories  []goldenStory `json:"stories"`
}

func toGolden(d *doc.Doc) goldenDoc {
	g := goldenDoc{TextLen: len(d.Text), Language: d.Meta.Language}
	for _, s := range d.Stories {
		gs := goldenStory{Span: s.Span, Truncated: s.Truncated, Language: s.Language, Credits: s.Credits,
			TextLen: len(s.Text), Hash: s.Hash, SimHash: s.SimHash}
		if s.Kicker != nil {
			gs.Kicker = &goldenRef{Span: s.Kicker.Span, Label: s.Kicker.Text}
		}
		if s.Headline != nil {
			h := s.Headline.Span
			gs.Headline = &h
		}
		g.Stories = append(g.Stories, gs)
	}
	return g
}

// TestSeedGolden runs the extract command's logic on the seed page: one
// full story with its credits as metadata, then four teasers, three with
// kickers, all four truncated.
func TestSeedGolden(t *testing.T) {
	path := shared.Require(t, "seed", "000_1952783f04c9b560.txt")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Run(context.Background(), path, data, FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Stories) != 5 {
		t.Fatalf("%d stories, want 5", len(d.Stories))
	}
	kickers, truncated := 0, 0
	for i, s := range d.Stories {
		if s.Kicker != nil {
			kickers++
		}
		if s.Truncated {
			truncated++
		}
		if i > 0 && s.Start <= d.Stories[i-1].End {
			t.Errorf("story %d overlaps the one before", i)
		}
	}
	if kickers != 3 || truncated != 4 || d.Stories[0].Truncated || len(d.Stories[0].Credits) != 2 {
		t.Errorf("kickers %d truncated %d, first story truncated=%v credits %+v", kickers, truncated, d.Stories[0].Truncated, d.Stories[0].Credits)
	}
	got, err := json.MarshalIndent(toGolden(d), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "seed.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if string(got) != string(want) {
		t.Errorf("seed output differs from %s (rerun with -update if intended):\n%s", golden, got)
	}
}

// TestReutersOneStory: a Reuters story from the news corpus with its
// dateline put back in front is one story, its sign-off a credit.
func TestReutersOneStory(t *testing.T) {
	f, err := os.Open(shared.Require(t, "data", "news-corpus", "reuters21578.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	n, one, signed := 0, 0, 0
	for n < 300 {
		var r struct{ Text, Dateline string }
		if err := dec.Decode(&r); err != nil {
			break
		}
		n++
		st := Segment(r.Dateline + " " + r.Text)
		if len(st) == 1 {
			one++
		}
		if len(st) > 0 {
			for _, c := range st[len(st)-1].Credits {
				if c.Kind == CreditSignoff {
					signed++
				}
			}
		}
		if n == 1 && (len(st) != 1 || len(st[0].Credits) != 1 || st[0].Credits[0].Kind != CreditSignoff) {
			t.Fatalf("first story: %d stories, %+v", len(st), st)
		}
	}
	// Wire digests with several datelines exist but are rare.
	if n < 300 || one < n*97/100 || signed < n*90/100 {
		t.Errorf("of %d wire stories, %d segmented as one, %d with a sign-off credit", n, one, signed)
	}
}
