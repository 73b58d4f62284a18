package kb

import (
	"context"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

// mentionsOf builds mentions from (surface, kind, occurrence) triples.
func mentionsOf(src string, ms ...[3]string) []doc.Mention {
	var out []doc.Mention
	for _, m := range ms {
		n := 0
		if m[2] != "" {
			n = int(m[2][0] - '0')
		}
		off := 0
		for ; n > 0; n-- {
			off += strings.Index(src[off:], m[0]) + len(m[0])
		}
		i := off + strings.Index(src[off:], m[0])
		out = append(out, doc.Mention{Span: text.Span{Start: i, End: i + len(m[0])}, Text: m[0], Kind: m[1], Entity: -1})
	}
	return out
}

func TestLink(t *testing.T) {
	src := "Chinese President Xi Jinping (習近平) met Premier Cho Jung-tai (卓榮泰) of Taiwan on paper only. " +
		"Taiwan's Ministry of Foreign Affairs (MOFA) said the talks never happened. " +
		"Xi later spoke in Beijing. MOFA repeated its denial, and the ministry posted a statement. " +
		"The premier said nothing. The IMF kept quiet."
	d := doc.New("t", src)
	d.Meta.Published = "2025-02-01"
	d.Mentions = mentionsOf(src,
		[3]string{"Chinese", doc.KindNORP, ""},
		[3]string{"Xi Jinping", doc.KindPER, ""},
		[3]string{"Cho Jung-tai", doc.KindPER, ""},
		[3]string{"Taiwan", doc.KindLOC, ""},
		[3]string{"Ministry of Foreign Affairs", doc.KindORG, ""},
		[3]string{"Xi", doc.KindPER, "1"},
		[3]string{"Beijing", doc.KindLOC, ""},
		[3]string{"MOFA", doc.KindORG, "1"},
		[3]string{"IMF", doc.KindORG, ""},
	)
	l, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	byName := map[string]doc.Entity{}
	for _, e := range d.Entities {
		byName[e.Name] = e
	}
	xi, ok := byName["Xi Jinping"]
	if !ok || len(xi.Mentions) != 2 || xi.ActorCode != "CHNGOV" {
		t.Fatalf("Xi entity %+v (all %+v)", xi, d.Entities)
	}
	if xi.Actor == nil || xi.Actor.Text != "Xi Jinping" {
		t.Errorf("Xi actor evidence %+v", xi.Actor)
	}
	var han, hans bool
	for _, a := range xi.Aliases {
		if a.Text == "習近平" && a.Source == "parenthetical+pinyin" && a.Confidence > 0.9 && src[a.Evidence.Start:a.Evidence.End] == "習近平" {
			han = true
		}
		if a.Text == "习近平" && a.Script == "Hans" {
			hans = true
		}
	}
	if !han || !hans {
		t.Errorf("Xi aliases %+v", xi.Aliases)
	}
	cho := byName["Cho Jung-tai"]
	if len(cho.Aliases) == 0 || cho.Aliases[0].Source != "parenthetical+wade-giles" || cho.ActorCode != "TWNGOV" {
		t.Errorf("Cho %+v", cho)
	}
	if len(cho.Coref) != 1 || cho.Coref[0].Text != "The premier" {
		t.Errorf("premier coref %+v", cho.Coref)
	}
	mofa := byName["Ministry of Foreign Affairs"]
	if len(mofa.Mentions) != 2 || mofa.ActorCode != "TWNGOV" {
		t.Errorf("MOFA %+v", mofa)
	}
	if len(mofa.Aliases) != 1 || mofa.Aliases[0].Text != "MOFA" || mofa.Aliases[0].Confidence < 0.9 {
		t.Errorf("MOFA aliases %+v", mofa.Aliases)
	}
	if len(mofa.Coref) != 1 || mofa.Coref[0].Text != "the ministry" {
		t.Errorf("ministry coref %+v", mofa.Coref)
	}
	if e := byName["International Monetary Fund"]; e.ActorCode != "IGOIMF" {
		t.Errorf("IMF %+v", e)
	}
	if e := byName["Beijing"]; e.ActorCode != "CHNGOV" {
		t.Errorf("Beijing %+v", e)
	}
	for i, m := range d.Mentions {
		if m.Entity < 0 || m.Entity >= len(d.Entities) {
			t.Errorf("mention %d not linked", i)
		}
	}
	// Ids are stable across documents.
	if StableID(doc.KindPER, "Xi Jinping") != xi.ID || !strings.HasPrefix(xi.ID, "per-") {
		t.Errorf("unstable id %s", xi.ID)
	}
}

func TestRomanisation(t *testing.T) {
	cases := []struct{ latin, han, want string }{
		{"Xi Jinping", "習近平", "pinyin"},
		{"Lu Shaye", "盧沙野", "pinyin"},
		{"Cho Jung-tai", "卓榮泰", "wade-giles"},
		{"Joe Biden", "習近平", ""},
	}
	for _, c := range cases {
		if got := romanisationMatch(c.latin, c.han); got != c.want {
			t.Errorf("%s / %s = %q, want %q", c.latin, c.han, got, c.want)
		}
	}
}

func FuzzProcess(f *testing.F) {
	f.Add("Xi Jinping (習近平) met the premier (PM).", 0, 10)
	l, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src string, a, b int) {
		d := doc.New("f", src)
		if a >= 0 && b > a && b <= len(src) {
			d.Mentions = []doc.Mention{{Span: text.Span{Start: a, End: b}, Kind: doc.KindPER, Entity: -1}}
		}
		if err := l.Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	})
}

func TestOwnCountryBeatsContext(t *testing.T) {
	// Our own sentence: the country words before a mention are someone
	// else's when the mention names its own region or country.
	src := "Peru is ready to help Central Asian nations, said the host of the Peru-Central Asia Forum."
	d := doc.New("t", src)
	d.Meta.Published = "2025-02-01"
	d.Mentions = mentionsOf(src,
		[3]string{"Peru", doc.KindLOC, ""},
		[3]string{"Central Asian", doc.KindMISC, ""},
		[3]string{"Central Asia Forum", doc.KindORG, ""},
	)
	l, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range d.Entities {
		got[e.Name] = e.ActorCode
	}
	if got["Central Asian"] != "CAS" || got["Central Asia Forum"] != "CAS" || got["Peru"] != "PER" {
		t.Fatalf("codes %v", got)
	}
}

func TestPluralCoref(t *testing.T) {
	// Our own sentences: a coordinated list, then a numbered plural
	// description; a mismatched number is not resolved.
	src := "Chile, Peru and Bolivia signed a water pact. Brazil praised the three countries. Later the two countries met."
	d := doc.New("t", src)
	d.Mentions = mentionsOf(src,
		[3]string{"Chile", doc.KindLOC, ""},
		[3]string{"Peru", doc.KindLOC, ""},
		[3]string{"Bolivia", doc.KindLOC, ""},
		[3]string{"Brazil", doc.KindLOC, ""},
	)
	l, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	at := strings.Index(src, "the three countries")
	for _, e := range d.Entities {
		var got []string
		for _, c := range e.Coref {
			got = append(got, c.Text)
			if c.Text == "the three countries" && (c.Start != at || c.Reason == "") {
				t.Errorf("%s: coref %+v", e.Name, c)
			}
		}
		want := e.Name != "Brazil"
		if (len(got) == 1 && got[0] == "the three countries") != want {
			t.Errorf("%s: corefs %v, want the list member: %v", e.Name, got, want)
		}
	}
}

func TestMentionCutShortByNER(t *testing.T) {
	// Our own sentence: the NER marked only "Asian" of "Central Asian".
	src := "Peru will help Central Asian nations."
	d := doc.New("t", src)
	d.Mentions = mentionsOf(src, [3]string{"Asian", doc.KindNORP, ""})
	l, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if len(d.Entities) != 1 || d.Entities[0].ActorCode != "CAS" || d.Entities[0].Actor == nil || d.Entities[0].Actor.Text != "Central Asian" {
		t.Fatalf("entities %+v", d.Entities)
	}
}

func TestCreditParenthesisIsNotAnAlias(t *testing.T) {
	src := "HARBOURTON (Wire Service) - Chile said it would cut fees. Harbourton is calm."
	d := doc.New("t", src)
	d.Mentions = mentionsOf(src,
		[3]string{"HARBOURTON", doc.KindLOC, ""},
		[3]string{"Wire Service", doc.KindORG, ""},
		[3]string{"Chile", doc.KindLOC, ""},
		[3]string{"Harbourton", doc.KindLOC, ""},
	)
	l, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if len(d.Entities) != 3 {
		t.Fatalf("entities %+v", d.Entities)
	}
	for _, e := range d.Entities {
		if e.Kind == doc.KindLOC && len(e.Aliases) > 0 {
			t.Errorf("credit taken as alias: %+v", e)
		}
		if e.Kind == doc.KindLOC && len(e.Mentions) == 2 && e.Name != "Harbourton" {
			t.Errorf("dateline capitals kept as the name: %q", e.Name)
		}
	}
}
