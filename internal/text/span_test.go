package text

import "testing"

func TestSpan(t *testing.T) {
	a, b := Span{2, 5}, Span{4, 9}
	if !a.Overlaps(b) || a.Contains(b) || !(Span{0, 10}).Contains(b) {
		t.Fatal("overlap/contain wrong")
	}
	if (Span{5, 5}).Overlaps(Span{5, 6}) {
		t.Fatal("empty span must not overlap")
	}
	if got := (Span{1, 3}).Of("abcdef"); got != "bc" {
		t.Fatalf("Of = %q", got)
	}
	if (Span{3, 2}).Valid(10) || !(Span{0, 10}).Valid(10) || (Span{0, 11}).Valid(10) {
		t.Fatal("Valid wrong")
	}
}

func TestBuilderMap(t *testing.T) {
	src := "<p>Hello</p>\n<p>world &amp; more</p>"
	var b Builder
	b.WriteFrom("Hello", 3)
	b.WriteSynthetic("\n", 12)
	b.WriteFrom("world ", 16)
	b.WriteFrom("&", 22) // "&amp;" decoded
	b.WriteFrom(" more", 27)
	got := b.String()
	if got != "Hello\nworld & more" {
		t.Fatalf("text %q", got)
	}
	m := b.Map()
	cases := []struct{ d, s int }{
		{0, 3}, {4, 7}, {5, 12}, {6, 16}, {12, 22}, {13, 27}, {17, 31},
	}
	for _, c := range cases {
		if s := m.ToSource(c.d); s != c.s {
			t.Errorf("ToSource(%d) = %d, want %d", c.d, s, c.s)
		}
	}
	sp := m.SpanToSource(Span{6, 11})
	if sp.Of(src) != "world" {
		t.Fatalf("mapped span %v = %q", sp, sp.Of(src))
	}
	var id *OffsetMap
	if id.ToSource(7) != 7 {
		t.Fatal("nil map must be identity")
	}
}
