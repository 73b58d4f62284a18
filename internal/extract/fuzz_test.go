package extract

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

func addExamples(f *testing.F, pattern string) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "examples", pattern))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
}

// checkStoriesValid asserts the invariants every segmentation must keep.
func checkStoriesValid(t *testing.T, src string, sts []doc.Story) {
	prev := 0
	for i, s := range sts {
		if !s.Span.Valid(len(src)) || s.Start < prev || s.Empty() {
			t.Fatalf("story %d span %v invalid (prev end %d, len %d)", i, s.Span, prev, len(src))
		}
		prev = s.End
		for _, r := range []*doc.Ref{s.Kicker, s.Headline} {
			if r != nil && (!s.Contains(r.Span) || src[r.Start:r.End] != r.Text) {
				t.Fatalf("story %d ref %v %q outside story %v", i, r.Span, r.Text, s.Span)
			}
		}
		for _, c := range s.Credits {
			if !s.Contains(c.Span) || src[c.Start:c.End] != c.Value {
				t.Fatalf("story %d credit %+v outside story or wrong value", i, c)
			}
		}
		if utf8.ValidString(src) && !utf8.ValidString(s.Text) {
			t.Fatalf("story %d text not UTF-8", i)
		}
		if len(s.Text) > s.Len() {
			t.Fatalf("story %d text longer than its span", i)
		}
	}
}

func FuzzSegment(f *testing.F) {
	addExamples(f, "*.txt")
	f.Add("UNITED: a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee\nNOTE - x\n Reuter")
	f.Add("Photo: AFP\n\n(Reporting by A; Editing by B)\nBy X\n\r\n")
	f.Add("A: \nB:\n\n…")
	f.Fuzz(func(t *testing.T, src string) {
		checkStoriesValid(t, src, Stories(src))
	})
}

func FuzzExtractHTML(f *testing.F) {
	addExamples(f, "*.html")
	f.Add("<p>one &amp; two</p><p>three<b>four</b> five &#x4e2d; &bogus; six</p>")
	f.Add("<html><script>var a='<p>x</p>'</script><body><article><p>" + strings.Repeat("word ", 60) + "</p></article>")
	f.Add("<p>\x00\xff<<>></p")
	f.Fuzz(func(t *testing.T, raw string) {
		d := doc.New("f", "")
		d.RawHTML = raw
		if err := (&Stage{HTML: DefaultHTMLOptions}).Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		if d.TextMap != nil {
			prevD, prevS := -1, -1
			for i := range d.TextMap.Derived {
				if d.TextMap.Derived[i] <= prevD || d.TextMap.Source[i] < 0 || d.TextMap.Source[i] > len(raw) {
					t.Fatalf("anchor %d (%d→%d) out of order or outside raw", i, d.TextMap.Derived[i], d.TextMap.Source[i])
				}
				if d.TextMap.Source[i] < prevS {
					t.Fatalf("anchor %d goes back in raw", i)
				}
				prevD, prevS = d.TextMap.Derived[i], d.TextMap.Source[i]
			}
			if s := d.TextMap.SpanToSource(text.Span{Start: 0, End: len(d.Text)}); !s.Valid(len(raw)) {
				t.Fatalf("whole text maps to %v of %d", s, len(raw))
			}
		}
		checkStoriesValid(t, d.Text, d.Stories)
	})
}

// FuzzDocFromInput feeds arbitrary bytes to the extract command's input
// path in every format.
func FuzzDocFromInput(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"Flood.\nPhoto: AFP","published":"2024-01-02"}`), uint8(0))
	f.Add([]byte(`{"id":"b","html":"<p>x &amp; y</p>"}`), uint8(0))
	f.Add([]byte("<!doctype html><p>caf\xe9</p>"), uint8(1))
	f.Add([]byte("plain \x00 text"), uint8(2))
	formats := []string{FormatJSON, FormatAuto, FormatText, FormatHTML}
	f.Fuzz(func(t *testing.T, data []byte, fm uint8) {
		d, err := Run(context.Background(), "in", data, formats[int(fm)%len(formats)])
		if err != nil {
			return
		}
		if !utf8.ValidString(d.Text) {
			t.Fatal("text not UTF-8")
		}
		checkStoriesValid(t, d.Text, d.Stories)
	})
}
