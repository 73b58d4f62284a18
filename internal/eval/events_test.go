package eval

import (
	"bytes"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

func ev(src, tgt, code string) doc.Event {
	return doc.Event{Source: doc.Actor{Code: src}, Target: doc.Actor{Code: tgt}, Code: code}
}

func TestReadGoldStories(t *testing.T) {
	good := `{"id":"a","text":"x","published":"2025-01-02","category":"aid","expected":[{"source":"JPNGOV","target":"MMR","code":"0331","alt":["033"]}]}

{"id":"b","text":"y","events":[{"source":"FRA","target":"","code":"141"}]}
`
	s, err := ReadGoldStories(strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 2 || len(s[1].Expected) != 1 || s[1].Expected[0].Code != "141" || s[1].Events != nil {
		t.Fatalf("read %+v", s)
	}
	for _, bad := range []struct{ in, want string }{
		{`{"id":"a","text":"x","expected":[]}` + "\n" + `{"id":"a","text":"y","expected":[]}`, "line 2: story id \"a\" already used on line 1"},
		{`{"id":"a","text":"x","expected":[{"source":"CHN","target":"KAZ","code":"33a"}]}`, "line 1: story \"a\" event 0: \"33a\" is not a CAMEO event code"},
		{`{"id":"a","text":"x","expected":[{"source":"CHNG","target":"KAZ","code":"033"}]}`, "bad source actor code"},
		{`{"id":"a","text":"x","expected":[{"source":"","target":"","code":"033"}]}`, "neither source nor target"},
		{`{"id":"a","text":"x","published":"20 May","expected":[]}`, "not YYYY-MM-DD"},
		{`{"id":"a","text":" ","expected":[]}`, "empty text"},
		{`{"id":"a","text":"x","expectd":[]}`, "unknown field"},
		{`{"id":"a","text":"x","expected":[{"source":"CHN","target":"KAZ","code":"033"}],"events":[{"source":"CHN","target":"KAZ","code":"033"}]}`, "both"},
	} {
		_, err := ReadGoldStories(strings.NewReader(bad.in))
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: error %v, want %q", bad.in, err, bad.want)
		}
	}
}

func TestScoreGold(t *testing.T) {
	gold := []GoldStory{
		{ID: "s1", Category: "aid", Expected: []GoldEvent{
			{Source: "JPNGOV", Target: "MMR", Code: "0331"},
			{Source: "MMR", Target: "JPNGOV", Code: "043", Optional: true},
		}},
		{ID: "s2", Category: "arrest", Expected: []GoldEvent{
			{Source: "PHLCOP", Target: "CHNSPY", Code: "173"},
			{Source: "CHN", Target: "PHL", Code: "111", Alt: []string{"112"}},
		}},
		{ID: "s3", Category: "arrest", Expected: []GoldEvent{{Source: "TURCOP", Target: "TUROPP", Code: "173"}}},
		{ID: "s4", Category: "statement", Expected: nil},
	}
	d1 := doc.New("s1", "Japan pledged aid to Myanmar.")
	d1.Events = []doc.Event{ev("JPNGOV", "MMR", "0331"), ev("JPNGOV", "MMR", "0331"), ev("MMR", "JPNGOV", "043"), ev("JPNGOV", "MMR", "036")}
	d1.Events[3].Trigger, d1.Events[3].Sentence, d1.Events[3].Pattern = text.Span{Start: 6, End: 13}, text.Span{Start: 0, End: 29}, "verbs.txt:9"
	d2 := doc.New("s2", "…")
	// Role wrong on the arrest; the accusation coded with its accepted
	// alternative; a negated event that must not count.
	d2.Events = []doc.Event{ev("PHL", "CHNSPY", "173"), ev("CHN", "PHL", "112"), ev("CHN", "PHL", "057")}
	d2.Events[2].Negated = true
	d4 := doc.New("s4", "…")
	d4.Events = []doc.Event{ev("USA", "CHN", "010")}
	rep := ScoreGold(gold, map[string]*doc.Doc{"s1": d1, "s2": d2, "s4": d4})

	want := map[string]Counts{
		// gold: s1 1, s2 2, s3 1 = 4. pred: s1 2 (dup folded, optional absorbed), s2 2, s4 1 = 5.
		LevelFull:    {Gold: 4, Pred: 5, Correct: 2},
		LevelRoot:    {Gold: 4, Pred: 5, Correct: 2},
		LevelCountry: {Gold: 4, Pred: 5, Correct: 3}, // PHL ~ PHLCOP
		// code only: 0331, 173 and 112 (alt) match; 036 and 010 do not.
		LevelCode: {Gold: 4, Pred: 5, Correct: 3},
	}
	for lv, w := range want {
		if got := rep.Total[lv]; got != w {
			t.Errorf("%s: %+v, want %+v", lv, got, w)
		}
	}
	if rep.Stories != 4 || rep.Events != 4 || rep.Optional != 1 || rep.Negated != 1 {
		t.Errorf("stories %d events %d optional %d negated %d", rep.Stories, rep.Events, rep.Optional, rep.Negated)
	}
	if got := rep.ByCategory["arrest"][LevelFull]; got != (Counts{Gold: 3, Pred: 2, Correct: 1}) {
		t.Errorf("arrest: %+v", got)
	}
	if len(rep.NoDoc) != 1 || rep.NoDoc[0] != "s3" {
		t.Errorf("no doc %v", rep.NoDoc)
	}
	if len(rep.Misses) != 2 || rep.Misses[0].Story != "s2" || rep.Misses[0].Nearest != LevelCountry || rep.Misses[1].Nearest != "" {
		t.Errorf("misses %+v", rep.Misses)
	}
	if len(rep.FalseAlarms) != 3 {
		t.Fatalf("false alarms %+v", rep.FalseAlarms)
	}
	fa := rep.FalseAlarms[0].Event
	if fa.Code != "036" || fa.Trigger != "pledged" || fa.Pattern != "verbs.txt:9" {
		t.Errorf("false alarm evidence %+v", fa)
	}
	c := rep.Total[LevelFull]
	if p, r := c.P(), c.R(); p != 0.4 || r != 0.5 || c.F1() < 0.444 || c.F1() > 0.445 {
		t.Errorf("P %v R %v F1 %v", p, r, c.F1())
	}
	var b bytes.Buffer
	rep.Write(&b, true)
	for _, s := range []string{"4 stories, 4 expected events (+1 optional)", "MISS s2 [arrest] PHLCOP>CHNSPY 173 (matched at country,country,root)",
		"FA s1 [aid] JPNGOV>MMR 036 trigger \"pledged\" verbs.txt:9", "no document for 1 stories: s3"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("report lacks %q:\n%s", s, b.String())
		}
	}
}

// An exact pair is never broken up by a lenient one: the root-level pass
// runs after every exact pair is made.
func TestMatchStoryExactFirst(t *testing.T) {
	exp := []GoldEvent{{Source: "A", Target: "B", Code: "0331"}, {Source: "A", Target: "B", Code: "033"}}
	pred := []PredEvent{{Source: "A", Target: "B", Code: "033"}, {Source: "A", Target: "B", Code: "0331"}}
	if c, _, _ := matchStory(LevelRoot, exp, pred); c.Correct != 2 {
		t.Errorf("%+v", c)
	}
	if c, _, _ := matchStory(LevelFull, exp, pred); c.Correct != 2 {
		t.Errorf("%+v", c)
	}
}

func TestClip(t *testing.T) {
	if got := clip("ab  cd\nef", 100); got != "ab cd ef" {
		t.Errorf("%q", got)
	}
	if got := clip("aé", 2); got != "a…" {
		t.Errorf("%q", got)
	}
}

func TestTriggerParse(t *testing.T) {
	d := doc.New("x", "Oslo praised Rome.")
	d.Tokens = []doc.Token{
		{Span: text.Span{Start: 0, End: 4}, Form: "Oslo", XPOS: "NNP", Lemma: "Oslo", Head: 1, Deprel: "nsubj"},
		{Span: text.Span{Start: 5, End: 12}, Form: "praised", XPOS: "VBD", Lemma: "prais", Head: -1, Deprel: "root"},
		{Span: text.Span{Start: 13, End: 17}, Form: "Rome", XPOS: "NNP", Lemma: "Rome", Head: 1, Deprel: "obj"},
		{Span: text.Span{Start: 17, End: 18}, Form: ".", XPOS: ".", Lemma: ".", Head: 1, Deprel: "punct"},
	}
	for word, want := range map[string]string{
		"praised": "praised/VBD lemma=prais root; nsubj=Oslo obj=Rome",
		"Rome":    "Rome/NNP lemma=Rome obj<-praised/VBD",
		"Paris":   "trigger word not in text",
	} {
		if got := TriggerParse(d, word); got != want {
			t.Errorf("%s: %q, want %q", word, got, want)
		}
	}
	d.Tokens = nil
	if got := TriggerParse(d, "praised"); !strings.Contains(got, "no token") {
		t.Errorf("no tokens: %q", got)
	}
}
