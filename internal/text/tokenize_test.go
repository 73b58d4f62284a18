package text

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func forms(toks []Token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			if t.Joined {
				b.WriteString("+")
			} else {
				b.WriteString(" ")
			}
		}
		b.WriteString(t.Form)
	}
	return b.String()
}

func TestTokenize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"We don't know.", "We do+n't know ."},
		{"Xi's visit to the U.S. ended.", "Xi+'s visit to the U.S. ended ."},
		{"They can't and won't go; I'm sure they'll've", "They ca+n't and wo+n't go ; I+'m sure they'll+'ve"},
		{"She’s gonna win", "She+’s gon+na win"},
		{"Acme Corp. paid $2,000.50 (about 10%).", "Acme Corp. paid $ 2,000.50 ( about 10 % ) ."},
		{"See https://example.com/a_b?c=1, or mail bob.smith@example.org.", "See https://example.com/a_b?c=1 , or mail bob.smith@example.org ."},
		{"Adm. Smith met No. 2 of the party at 10:30 a.m. today", "Adm. Smith met No. 2 of the party at 10:30 a.m. today"},
		{"a well-known e-mail", "a well - known e-mail"},
		{"习近平访问了美国。", "习近平访问了美国 。"},
		{"「东京」，日本", "「 东京 」 ， 日本"},
		{"Wait... what?!", "Wait ... what ?!"},
		{"call 303-832-8160 :-) or see report.pdf at paulhastings.com b/c $$$ >>", "call 303-832-8160 :-) or see report.pdf at paulhastings.com b/c $$$ >>"},
		{"O'Brien said \"no\"", "O'Brien said \" no \""},
		{"AT&T rose 3.5%", "AT&T rose 3.5 %"},
		{"#breaking @user # 1", "#breaking @user # 1"},
		{"fire 🔥🔥 now 👍🏽", "fire 🔥 🔥 now 👍🏽"},
		{"a\x00b\tc", "a b c"},
		{"", ""},
	} {
		got := forms(Tokenize(c.in))
		if got != c.want {
			t.Errorf("Tokenize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestTokenOffsets(t *testing.T) {
	s := "He isn't here."
	toks := Tokenize(s)
	want := []Span{{0, 2}, {3, 5}, {5, 8}, {9, 13}, {13, 14}}
	if len(toks) != len(want) {
		t.Fatalf("%v", forms(toks))
	}
	for i, tk := range toks {
		if tk.Span != want[i] || tk.Form != s[tk.Start:tk.End] {
			t.Errorf("token %d: %v %q", i, tk.Span, tk.Form)
		}
	}
	if !toks[0].SpaceAfter || toks[1].SpaceAfter || !toks[2].SpaceAfter || toks[3].SpaceAfter {
		t.Errorf("space after: %+v", toks)
	}
}

func sents(s string) []string {
	toks := Tokenize(s)
	var out []string
	for _, se := range SplitSentences(s, toks, 0) {
		out = append(out, s[se.Start:se.End])
	}
	return out
}

func TestSplitSentences(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"Mr. Smith went to Washington. He arrived at 5 p.m. on Monday.", []string{"Mr. Smith went to Washington.", "He arrived at 5 p.m. on Monday."}},
		{"The talks \"failed.\" Both sides left.", []string{"The talks \"failed.\"", "Both sides left."}},
		{"It grew 3.5 percent in the U.S. The rest fell.", []string{"It grew 3.5 percent in the U.S.", "The rest fell."}},
		{"Headline Here\n\nBody text starts. Another one!", []string{"Headline Here", "Body text starts.", "Another one!"}},
		{"Is it? yes it is.", []string{"Is it? yes it is."}},
		{"  Auto workers struck\nGeneral Motors plants, the company said.\n  Talks failed.", []string{"Auto workers struck\nGeneral Motors plants, the company said.", "Talks failed."}},
		{"Ministers Meet\nThe talks were held in the capital on\n26 March and were called productive by both sides.", []string{"Ministers Meet", "The talks were held in the capital on\n26 March and were called productive by both sides."}},
		{"他来了。她走了。", []string{"他来了。", "她走了。"}},
		{"Gen. Lee and Adm. Nimitz met Corp. officials.", []string{"Gen. Lee and Adm. Nimitz met Corp. officials."}},
	} {
		got := sents(c.in)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("SplitSentences(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestLengthGuard(t *testing.T) {
	s := strings.Repeat("word ", 2000)
	toks := Tokenize(s)
	ss := SplitSentences(s, toks, 0)
	if len(toks) != 2000 || len(ss) != 8 || !ss[0].Cut || ss[0].TokEnd-ss[0].TokStart != MaxSentenceTokens {
		t.Fatalf("%d tokens, %d sentences, first %+v", len(toks), len(ss), ss[0])
	}
}

// Bounded time: 2,000-token inputs of several kinds tokenize fast.
func TestLinearTime(t *testing.T) {
	for _, s := range []string{
		strings.Repeat("a", 200000),
		strings.Repeat("a.", 100000),
		strings.Repeat("1,", 100000),
		strings.Repeat("U.S.", 50000),
		strings.Repeat("http://x.com/(", 10000),
		strings.Repeat("'", 100000),
		strings.Repeat("x'", 100000),
		strings.Repeat("🔥\u200d", 50000),
	} {
		t0 := time.Now()
		toks := Tokenize(s)
		SplitSentences(s, toks, 0)
		if d := time.Since(t0); d > 2*time.Second {
			t.Errorf("%q...: %v", s[:10], d)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"We don't know.", "Xi's U.S. trip", "http://a.b/c) x", "习近平。", "a\x00\xff b", "No. 2.", "🔥\u200d🔥", "e-mail me@x.org."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := Tokenize(s)
		last := 0
		for i, tk := range toks {
			if tk.Start < last || tk.End <= tk.Start || tk.End > len(s) || tk.Form != s[tk.Start:tk.End] {
				t.Fatalf("token %d %+v bad (last %d)", i, tk, last)
			}
			if i == 0 && tk.Joined {
				t.Fatal("first token joined")
			}
			if tk.Joined && toks[i-1].End != tk.Start {
				t.Fatal("joined token not adjacent")
			}
			// everything skipped between tokens is whitespace or control
			for _, r := range s[last:tk.Start] {
				if !isSpace(r) {
					t.Fatalf("skipped %q", r)
				}
			}
			last = tk.End
		}
		for _, r := range s[last:] {
			if !isSpace(r) && r != utf8.RuneError {
				t.Fatalf("skipped tail %q", r)
			}
		}
		ss := SplitSentences(s, toks, 50)
		next := 0
		for _, se := range ss {
			if se.TokStart != next || se.TokEnd <= se.TokStart || se.TokEnd-se.TokStart > 50 {
				t.Fatalf("sentence %+v", se)
			}
			next = se.TokEnd
		}
		if next != len(toks) {
			t.Fatalf("sentences cover %d of %d tokens", next, len(toks))
		}
	})
}
