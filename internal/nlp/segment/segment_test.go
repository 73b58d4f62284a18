package segment

import (
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

func TestSegment(t *testing.T) {
	src := "HEADLINE\nThe minister didn't resign. Talks go on.\nfooter"
	d := doc.New("x", src)
	st := strings.Index(src, "The")
	en := strings.Index(src, "\nfooter")
	d.Stories = []doc.Story{{Span: text.Span{Start: st, End: en}}}
	Segment(d)
	if len(d.Sentences) != 2 {
		t.Fatalf("%+v", d.Sentences)
	}
	if got := d.Span(d.Sentences[0].Span); got != "The minister didn't resign." {
		t.Fatalf("sentence 0 = %q", got)
	}
	var forms []string
	for _, tk := range d.SentenceTokens(0) {
		forms = append(forms, tk.Form)
		if d.Span(tk.Span) != tk.Form || tk.Head != -1 {
			t.Fatalf("token %+v", tk)
		}
	}
	if strings.Join(forms, " ") != "The minister did n't resign ." {
		t.Fatal(forms)
	}
	if d.Sentences[1].Story != 0 || d.Sentences[1].TokenStart != 6 || d.Sentences[1].TokenEnd != 10 {
		t.Fatalf("%+v", d.Sentences[1])
	}
}

func TestSegmentCut(t *testing.T) {
	src := strings.Repeat("go ", 600)
	d := doc.New("x", src)
	d.Stories = []doc.Story{{Span: text.Span{Start: 0, End: len(src)}}}
	Segment(d)
	if len(d.Sentences) != 3 || !d.Sentences[0].Cut || len(d.Diagnostics) != 2 {
		t.Fatalf("%d sentences, %d diagnostics", len(d.Sentences), len(d.Diagnostics))
	}
}
