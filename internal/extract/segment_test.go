package extract

import (
	"os"
	"reflect"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

// storyWant is what a table test pins about one story.
type storyWant struct {
	span      text.Span
	kicker    *text.Span
	headline  *text.Span
	truncated bool
	credits   []doc.Credit
}

func sp(a, b int) *text.Span { return &text.Span{Start: a, End: b} }

func credit(a, b int, kind, v string) doc.Credit {
	return doc.Credit{Span: text.Span{Start: a, End: b}, Kind: kind, Value: v}
}

func checkStories(t *testing.T, src string, got []doc.Story, want []storyWant) {
	t.Helper()
	if len(got) != len(want) {
		for _, s := range got {
			t.Logf("got %v %q", s.Span, s.Text)
		}
		t.Fatalf("%d stories, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Span != w.span {
			t.Errorf("story %d span %v want %v (%q)", i, g.Span, w.span, src[g.Start:g.End])
		}
		ref := func(name string, r *doc.Ref, want *text.Span) {
			switch {
			case r == nil && want != nil:
				t.Errorf("story %d: no %s, want %v %q", i, name, *want, src[want.Start:want.End])
			case r != nil && want == nil:
				t.Errorf("story %d: %s %v %q, want none", i, name, r.Span, r.Text)
			case r != nil && (r.Span != *want || r.Text != src[r.Start:r.End]):
				t.Errorf("story %d: %s %v %q, want %v %q", i, name, r.Span, r.Text, *want, src[want.Start:want.End])
			}
		}
		ref("kicker", g.Kicker, w.kicker)
		ref("headline", g.Headline, w.headline)
		if g.Truncated != w.truncated {
			t.Errorf("story %d truncated=%v want %v", i, g.Truncated, w.truncated)
		}
		if !reflect.DeepEqual(g.Credits, w.credits) && !(len(g.Credits) == 0 && len(w.credits) == 0) {
			t.Errorf("story %d credits %+v want %+v", i, g.Credits, w.credits)
		}
		for _, c := range g.Credits {
			if src[c.Start:c.End] != c.Value {
				t.Errorf("story %d credit span %v = %q, value %q", i, c.Span, src[c.Start:c.End], c.Value)
			}
		}
	}
}

func TestSegmentTable(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []storyWant
	}{
		{
			name: "one story, photo credit inside, reporting credit closes",
			src:  "The river rose two metres overnight, officials said.\nPhoto: AFP\nSchools stayed shut on Monday.\nAdditional reporting by CNA\n",
			want: []storyWant{{span: text.Span{Start: 0, End: 122},
				credits: []doc.Credit{credit(60, 63, CreditPhoto, "AFP"), credit(119, 122, CreditReporting, "CNA")}}},
		},
		{
			name: "kicker teasers, glued standfirst, truncated",
			src: "The mayor opened the new bridge on Sunday.\n" +
				"BRIDGE TOLLS: Drivers will pay a fee from next year, the council said The council voted to charge drivers a toll of two dollars on the new bridge from January, and said the money would pay for repairs on the old ferry pier and the roads that lead to\n" +
				"STORM DAMAGE: Farmers counted their losses after the hail storm Farmers in the valley said hail had destroyed up to half of their apple crop on Friday night, and asked the province for emergency help before the harvest season ends in",
			want: []storyWant{
				{span: text.Span{Start: 0, End: 42}},
				{span: text.Span{Start: 43, End: 292}, kicker: sp(43, 55), headline: sp(57, 112), truncated: true},
				// A standfirst that runs into a capitalised noun ("storm
				// Farmers") has no function word or attribution to split at.
				{span: text.Span{Start: 293, End: 526}, kicker: sp(293, 305), truncated: true},
			},
		},
		{
			name: "teaser without kicker after a cut-off paragraph",
			src: "Officials said the vote would be held in June, although the opposition has asked for a delay until the new voter rolls are ready and checked by the\n" +
				"Police arrested two men on Tuesday after a car chase through the old town.",
			want: []storyWant{
				{span: text.Span{Start: 0, End: 147}, truncated: true},
				{span: text.Span{Start: 148, End: 222}},
			},
		},
		{
			name: "wire story with dateline, parenthesised credits",
			src:  "OSLO, May 2 (Reuters) - Norway's wealth fund lost 1.2 percent in the first quarter.\n(Reporting by Kari Berg; Editing by Tom Hale)\n",
			want: []storyWant{{span: text.Span{Start: 0, End: 129},
				credits: []doc.Credit{credit(98, 107, CreditReporting, "Kari Berg"), credit(120, 128, CreditEditing, "Tom Hale")}}},
		},
		{
			name: "staff writer with agency; headline line",
			src:  "Port strike ends\nDock workers returned to work on Friday after a deal on pay.\nStaff writer, with CNA",
			want: []storyWant{{span: text.Span{Start: 0, End: 100}, headline: sp(0, 16),
				credits: []doc.Credit{credit(78, 90, CreditByline, "Staff writer"), credit(97, 100, CreditAgency, "CNA")}}},
		},
		{
			name: "sign-off closes a story, dateline opens the next",
			src:  "LIMA, June 3 - Copper output rose 4 pct in April.\n Reuter\nQUITO, June 3 - Ecuador raised fuel prices by 10 pct.\n Reuter\n",
			want: []storyWant{
				{span: text.Span{Start: 0, End: 57}, credits: []doc.Credit{credit(51, 57, CreditSignoff, "Reuter")}},
				{span: text.Span{Start: 58, End: 119}, credits: []doc.Credit{credit(113, 119, CreditSignoff, "Reuter")}},
			},
		},
		{
			name: "empty and blank text",
			src:  " \n\n  \n",
			want: nil,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkStories(t, c.src, Segment(c.src), c.want)
		})
	}
}

// TestStoryText: credit lines leave Story.Text with their line breaks.
func TestStoryText(t *testing.T) {
	src := "First line of the story.\nPhoto: AFP\nSecond line.\nAdditional reporting by CNA\n"
	st := Segment(src)
	if len(st) != 1 {
		t.Fatalf("%d stories", len(st))
	}
	if want := "First line of the story.\nSecond line."; st[0].Text != want {
		t.Fatalf("text %q want %q", st[0].Text, want)
	}
}

// TestSegmentExamples pins the example front page: a full story with two
// credits, two kicker teasers and a teaser without a kicker.
func TestSegmentExamples(t *testing.T) {
	b, err := os.ReadFile("../../examples/02-front-page.txt")
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	checkStories(t, src, Segment(src), []storyWant{
		{span: text.Span{Start: 0, End: 834}, credits: []doc.Credit{credit(478, 481, CreditPhoto, "AFP"), credit(831, 834, CreditReporting, "CNA")}},
		{span: text.Span{Start: 835, End: 1284}, kicker: sp(835, 846), headline: sp(848, 954), truncated: true},
		{span: text.Span{Start: 1285, End: 1724}, kicker: sp(1285, 1296), headline: sp(1298, 1363), truncated: true},
		{span: text.Span{Start: 1725, End: 2062}, truncated: true},
	})
}

// TestNewswireOneStory: hard-wrapped wire copy is one story, its sign-off a
// credit, even though most lines stop mid-sentence.
func TestNewswireOneStory(t *testing.T) {
	b, err := os.ReadFile("../../examples/09-wire-grain.txt")
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	st := Segment(src)
	if len(st) != 1 || st[0].Truncated || len(st[0].Credits) != 1 || st[0].Credits[0].Kind != CreditSignoff {
		t.Fatalf("stories %+v", st)
	}
}

// TestTranscriptLabels: speaker labels that repeat are not kickers.
func TestTranscriptLabels(t *testing.T) {
	src := "The minister spoke to reporters on Friday.\nREPORTER: Will the bridge open on time?\nMINISTER: We expect it to open in May.\nREPORTER: And the cost?\nMINISTER: It stays within the budget."
	st := Segment(src)
	if len(st) != 1 || st[0].Kicker != nil {
		t.Fatalf("transcript split into %d stories: %+v", len(st), st)
	}
}

func TestLineCredits(t *testing.T) {
	cases := []struct {
		line string
		want []doc.Credit
	}{
		{"Photo: AFP", []doc.Credit{credit(7, 10, CreditPhoto, "AFP")}},
		{"Jane Roe contributed reporting from Lagos.", []doc.Credit{credit(0, 8, CreditReporting, "Jane Roe")}},
		{"[사진=KBS]", []doc.Credit{credit(8, 11, CreditPhoto, "KBS")}},
		{"Staff Reports", []doc.Credit{credit(0, 13, CreditByline, "Staff Reports")}},
		{"REUTER...", []doc.Credit{credit(0, 6, CreditSignoff, "REUTER")}},
		{"Advertisement", []doc.Credit{credit(0, 13, CreditBoilerplate, "Advertisement")}},
		{"-----", []doc.Credit{credit(0, 5, CreditBoilerplate, "-----")}},
		{"The photo shows the bridge.", nil},
		{"By the end of the week the river had fallen.", nil},
		{"Reporting by the state broadcaster was limited.", nil},
	}
	for _, c := range cases {
		got := lineCredits(c.line)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("lineCredits(%q) = %+v want %+v", c.line, got, c.want)
		}
	}
}
