package quote

import (
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

// at returns the span of the n-th occurrence (0-based) of sub in s.
func at(s, sub string, n int) text.Span {
	off := 0
	for ; n > 0; n-- {
		off += strings.Index(s[off:], sub) + len(sub)
	}
	i := off + strings.Index(s[off:], sub)
	return text.Span{Start: i, End: i + len(sub)}
}

func TestFind(t *testing.T) {
	type want struct {
		content, speaker, verb string
		partial                bool
	}
	cases := []struct {
		name string
		src  string
		want []want
	}{
		{"after comma", "“We will rebuild the harbour,” Mayor Ana Ruiz said on Monday.",
			[]want{{"We will rebuild the harbour,", "Mayor Ana Ruiz", "said", false}}},
		{"inverted", "\"The talks were useful,\" said Foreign Minister Lars Holm.",
			[]want{{"The talks were useful,", "Foreign Minister Lars Holm", "said", false}}},
		{"colon intro", "The minister told reporters: “Prices will fall next year.”",
			[]want{{"Prices will fall next year.", "The minister", "told", false}}},
		{"partial in clause", "Holm said the plan was “a serious mistake” and would be reviewed.",
			[]want{{"a serious mistake", "Holm", "said", true}}},
		{"according to", "The fleet will sail in “the coming weeks,” according to the Harbour Authority.",
			[]want{{"the coming weeks,", "the Harbour Authority", "", true}}},
		{"nested", "“He told me ‘never again’ twice,” Ruiz said.",
			[]want{{"He told me ‘never again’ twice,", "Ruiz", "said", false}, {"never again", "He", "told", true}}},
		{"unclosed at paragraph end", "“This is the end\nNext paragraph here.",
			[]want{{"This is the end", "", "", false}}},
		{"adverb between speaker and verb", "At the forum, Lee also stressed that the pact has “clear limits” for all.",
			[]want{{"clear limits", "Lee", "stressed", true}}},
		{"time phrase between", "Mayor Ruiz on Friday told council members the dam was “safe enough.”",
			[]want{{"safe enough.", "Mayor Ruiz", "told", true}}},
		{"noun that looks like a verb", "Three former Baltic states backed the “open skies” plan.",
			[]want{{"open skies", "", "", true}}},
		{"full quote after a quoted sentence", "Ruiz told aides “we are ready.” “The harbour opens soon,” Ruiz said.",
			[]want{{"we are ready.", "Ruiz", "told", true}, {"The harbour opens soon,", "Ruiz", "said", false}}},
		{"apostrophe is not a quote", "The mayor’s office said nothing.", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := doc.New("t", c.src)
			got := Find(d)
			if len(got) != len(c.want) {
				t.Fatalf("got %d quotes %+v, want %d", len(got), got, len(c.want))
			}
			for i, w := range c.want {
				q := got[i]
				if q.Text != w.content || d.Text[q.Content.Start:q.Content.End] != w.content {
					t.Errorf("quote %d content %q", i, q.Text)
				}
				sp := ""
				if q.Speaker != nil {
					sp = q.Speaker.Text
					if d.Text[q.Speaker.Start:q.Speaker.End] != sp {
						t.Errorf("speaker span %v does not hold %q", q.Speaker.Span, sp)
					}
				}
				vb := ""
				if q.Verb != nil {
					vb = q.Verb.Text
				}
				if sp != w.speaker || vb != w.verb || q.Partial != w.partial {
					t.Errorf("quote %d: speaker %q verb %q partial %v; want %q %q %v (reason %q)", i, sp, vb, q.Partial, w.speaker, w.verb, w.partial, q.Reason)
				}
			}
		})
	}
}

func TestExactOffsetsAndPronoun(t *testing.T) {
	src := "“Stocks will recover,” analyst Mei Lin said. She added: “Do not panic.”"
	d := doc.New("t", src)
	d.Mentions = []doc.Mention{{Span: at(src, "Mei Lin", 0), Kind: doc.KindPER, Entity: 3}}
	got := Find(d)
	if len(got) != 2 {
		t.Fatalf("got %d quotes", len(got))
	}
	if got[0].Span != (text.Span{Start: 0, End: len("“Stocks will recover,”")}) {
		t.Errorf("quote 0 span %v", got[0].Span)
	}
	if got[0].Content != (text.Span{Start: len("“"), End: len("“Stocks will recover,")}) {
		t.Errorf("quote 0 content %v", got[0].Content)
	}
	if got[0].Entity != 3 || got[0].Speaker.Span != at(src, "analyst Mei Lin", 0) {
		t.Errorf("quote 0 speaker %+v entity %d", got[0].Speaker, got[0].Entity)
	}
	if got[1].Speaker == nil || got[1].Speaker.Text != "She" || got[1].Entity != 3 || !strings.Contains(got[1].Reason, "pronoun she → analyst Mei Lin") {
		t.Errorf("quote 1 %+v", got[1])
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"“a,” b said.", "\"x", "‘’“”«»\"\"", "He said: “", "“\n”", "according to"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := doc.New("f", s)
		for _, q := range Find(d) {
			if !q.Span.Valid(len(s)) || !q.Content.Valid(len(s)) || !q.Span.Contains(q.Content) {
				t.Fatalf("bad spans %+v in %q", q, s)
			}
			if q.Speaker != nil && !q.Speaker.Span.Valid(len(s)) {
				t.Fatalf("bad speaker span %+v", q.Speaker)
			}
		}
	})
}

func BenchmarkFind(b *testing.B) {
	src := strings.Repeat("“We will rebuild the harbour,” Mayor Ana Ruiz said on Monday. The council met. ", 200)
	d := doc.New("b", src)
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		Find(d)
	}
}
