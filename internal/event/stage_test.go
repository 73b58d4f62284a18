package event

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	cameodata "github.com/newsgraph/newsgraph/data/cameo"
	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/event/cameo"
	"github.com/newsgraph/newsgraph/internal/event/petrarch"
	"github.com/newsgraph/newsgraph/internal/pipeline"
	"github.com/newsgraph/newsgraph/internal/text"
)

// mkDoc builds a one-sentence Doc from CoNLL-U-like lines
// "FORM LEMMA UPOS HEAD DEPREL" (HEAD 1-based, 0 = root), words joined by
// spaces, and marks the given phrases as entities with actor codes.
func mkDoc(t *testing.T, rows string, actors map[string]string) *doc.Doc {
	t.Helper()
	var toks []doc.Token
	var sb strings.Builder
	for _, ln := range strings.Split(strings.TrimSpace(rows), "\n") {
		f := strings.Fields(ln)
		if len(f) != 5 {
			t.Fatalf("bad row %q", ln)
		}
		h, err := strconv.Atoi(f[3])
		if err != nil {
			t.Fatal(err)
		}
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		start := sb.Len()
		sb.WriteString(f[0])
		toks = append(toks, doc.Token{Span: text.Span{Start: start, End: sb.Len()}, Form: f[0], Lemma: f[1], UPOS: f[2], Head: h - 1, Deprel: f[4], SpaceAfter: true})
	}
	d := doc.New("t1", sb.String())
	d.Meta.Published = "2026-11-20"
	d.Tokens = toks
	d.Sentences = []doc.Sentence{{Span: text.Span{Start: 0, End: sb.Len()}, Story: -1, TokenStart: 0, TokenEnd: len(toks)}}
	for phrase, code := range actors {
		if !strings.Contains(d.Text, phrase) {
			continue
		}
		d.Entities = append(d.Entities, doc.Entity{ID: phrase, Name: phrase, ActorCode: code})
		for from := 0; ; {
			i := strings.Index(d.Text[from:], phrase)
			if i < 0 {
				break
			}
			i += from
			d.Mentions = append(d.Mentions, doc.Mention{Span: text.Span{Start: i, End: i + len(phrase)}, Text: phrase, Kind: doc.KindGPE, Entity: len(d.Entities) - 1})
			from = i + len(phrase)
		}
	}
	return d
}

func testStage(t *testing.T) *Stage {
	t.Helper()
	d, errs := LoadDict(cameodata.FS, "verbs.txt")
	for _, e := range errs {
		t.Error(e)
	}
	return &Stage{Dict: d, Actors: defaultLexicon()}
}

type want struct {
	src, tgt, code string
	neg            bool
	mod            string
}

func run(t *testing.T, st *Stage, d *doc.Doc) []doc.Event {
	t.Helper()
	if err := st.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	return d.Events
}

func check(t *testing.T, name string, got []doc.Event, ws []want) {
	t.Helper()
	if len(got) != len(ws) {
		t.Errorf("%s: got %d events %+v, want %d", name, len(got), got, len(ws))
		return
	}
	for i, w := range ws {
		g := got[i]
		if g.Source.Code != w.src || g.Target.Code != w.tgt || g.Code != w.code || g.Negated != w.neg || g.Modality != w.mod {
			t.Errorf("%s: event %d = %s>%s:%s neg=%v mod=%q, want %+v", name, i, g.Source.Code, g.Target.Code, g.Code, g.Negated, g.Modality, w)
		}
	}
}

func TestCompoundIntent(t *testing.T) {
	// Our own sentence: compound source, control verb, intent.
	d := mkDoc(t, `
Kazakhstan kazakhstan PROPN 4 nsubj
and and CCONJ 3 cc
Uzbekistan uzbekistan PROPN 1 conj
vowed vow VERB 0 root
to to PART 6 mark
ensure ensure VERB 4 xcomp
gas gas NOUN 8 compound
supply supply NOUN 6 obj
to to ADP 10 case
China china PROPN 6 obl
. . PUNCT 4 punct`, map[string]string{"Kazakhstan": "KAZ", "Uzbekistan": "UZB", "China": "CHN"})
	evs := run(t, testStage(t), d)
	check(t, "compound", evs, []want{{"KAZ", "CHN", "0311", false, "intent"}, {"UZB", "CHN", "0311", false, "intent"}})
	e := evs[0]
	if d.Span(e.Trigger) != "vowed to ensure" {
		t.Errorf("trigger %q", d.Span(e.Trigger))
	}
	if e.Source.Text != "Kazakhstan" || *e.Source.Span != (text.Span{Start: 0, End: 10}) || e.Target.Text != "China" {
		t.Errorf("actors %+v / %+v", e.Source, e.Target)
	}
	if e.Root != "03" || e.QuadClass != 1 || e.PloverType != "AGREE" || e.Date != "2026-11-20" || e.DatePrecision != "publication" ||
		e.Pattern != "verbs.txt:"+lineOf(t, "061 ensure obj=&SUPPLY") || e.Coder != Coder || !strings.HasPrefix(e.Dictionary, "sha256:") || e.Confidence <= 0 || e.ID == "" {
		t.Errorf("fields %+v", e)
	}
}

func lineOf(t *testing.T, entry string) string {
	b, err := cameodata.FS.ReadFile("verbs.txt")
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(l) == entry {
			return strconv.Itoa(i + 1)
		}
	}
	t.Fatalf("entry %q not found", entry)
	return ""
}

func TestPassiveNegationThreat(t *testing.T) {
	st := testStage(t)
	actors := map[string]string{"Gondor": "GON", "Arnor": "ARN", "Rohan": "ROH"}
	check(t, "passive", run(t, st, mkDoc(t, `
Gondor gondor PROPN 3 nsubj:pass
was be AUX 3 aux:pass
condemned condemn VERB 0 root
by by ADP 5 case
Arnor arnor PROPN 3 obl:agent
. . PUNCT 3 punct`, actors)), []want{{"ARN", "GON", "111", false, ""}})

	check(t, "negated", run(t, st, mkDoc(t, `
Arnor arnor PROPN 4 nsubj
did do AUX 4 aux
not not PART 4 advmod
sign sign VERB 0 root
the the DET 6 det
agreement agreement NOUN 4 obj
with with ADP 8 case
Gondor gondor PROPN 4 obl
. . PUNCT 4 punct`, actors)), []want{{"ARN", "GON", "057", true, ""}})

	check(t, "threat", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
threatened threaten VERB 0 root
to to PART 4 mark
impose impose VERB 2 xcomp
tariffs tariff NOUN 4 obj
on on ADP 7 case
Arnor arnor PROPN 4 obl
. . PUNCT 2 punct`, actors)), []want{{"ROH", "ARN", "1312", false, "threat"}})

	// A background clause gives no event; the main clause does.
	check(t, "background", run(t, st, mkDoc(t, `
Since since SCONJ 3 mark
Arnor arnor PROPN 3 nsubj
attacked attack VERB 7 advcl
Gondor gondor PROPN 3 obj
, , PUNCT 7 punct
Rohan rohan PROPN 7 nsubj
sent send VERB 0 root
food food NOUN 7 obj
to to ADP 10 case
Gondor gondor PROPN 7 obl
. . PUNCT 7 punct`, actors)), []want{{"ROH", "GON", "073", false, ""}})

	// Noun trigger with a possessor and intent: "Arnor's offer of loans to Gondor".
	check(t, "noun", run(t, st, mkDoc(t, `
Arnor arnor PROPN 3 nmod:poss
's 's PART 1 case
offer offer NOUN 8 nsubj
of of ADP 5 case
loans loan NOUN 3 nmod
to to ADP 7 case
Gondor gondor PROPN 3 nmod
surprised surprise VERB 0 root
analysts analyst NOUN 8 obj
. . PUNCT 8 punct`, actors)), []want{{"ARN", "GON", "0331", false, ""}})

	// A visit is paired with the hosting.
	check(t, "visit", run(t, st, mkDoc(t, `
Arnor arnor PROPN 2 nsubj
visited visit VERB 0 root
Gondor gondor PROPN 2 obj
. . PUNCT 2 punct`, actors)), []want{{"ARN", "GON", "042", false, ""}, {"GON", "ARN", "043", false, ""}})

	// "will" makes a visit an intent to meet; reported speech codes the
	// reported clause.
	check(t, "reported", run(t, st, mkDoc(t, `
Arnor arnor PROPN 2 nsubj
said say VERB 0 root
Rohan rohan PROPN 5 nsubj
will will AUX 5 aux
visit visit VERB 2 ccomp
Gondor gondor PROPN 5 obj
. . PUNCT 2 punct`, actors)), []want{{"ROH", "GON", "036", false, "intent"}})
}

func TestFallbackLexicon(t *testing.T) {
	// No entities layer: country names and role words from data/actors.
	d := mkDoc(t, `
Philippine philippine ADJ 2 amod
police police NOUN 3 nsubj
arrested arrest VERB 0 root
two two NUM 6 nummod
Chinese chinese ADJ 6 amod
nationals national NOUN 3 obj
. . PUNCT 3 punct`, nil)
	evs := run(t, testStage(t), d)
	if len(evs) != 1 || evs[0].Code != "173" || evs[0].Source.Code != "PHLCOP" || evs[0].Target.Code != "CHN" {
		t.Fatalf("events %+v", evs)
	}
}

func TestDictionaryCoversCAMEO(t *testing.T) {
	d, errs := LoadDict(cameodata.FS, "verbs.txt")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	roots := map[string]bool{}
	for _, e := range d.Entries {
		for _, c := range strings.Split(e.Code, ":") {
			if !cameo.Valid(c) {
				t.Errorf("%s: %s is not a CAMEO code", e.ID, c)
			}
		}
		roots[e.Code[:2]] = true
	}
	for _, r := range cameo.Roots() {
		if !roots[r.Code] {
			t.Errorf("no entry for root %s %s", r.Code, r.Label)
		}
	}
	// Syntax errors name file and line; the rest loads.
	bad := "&S = a b\n999 foo\n111 condemn obj=&NOPE\n111 condemn\nxx\n"
	d2, errs := LoadDict(mapFS{"b.txt": bad}, "b.txt")
	if len(errs) != 3 || !strings.HasPrefix(errs[0].Error(), "b.txt:2:") || len(d2.Entries) != 1 {
		t.Fatalf("errs %v entries %d", errs, len(d2.Entries))
	}
}

func BenchmarkStage(b *testing.B) {
	t := &testing.T{}
	d := mkDoc(t, `
Kazakhstan kazakhstan PROPN 4 nsubj
and and CCONJ 3 cc
Uzbekistan uzbekistan PROPN 1 conj
vowed vow VERB 0 root
to to PART 6 mark
ensure ensure VERB 4 xcomp
gas gas NOUN 8 compound
supply supply NOUN 6 obj
to to ADP 10 case
China china PROPN 6 obl
. . PUNCT 4 punct`, map[string]string{"Kazakhstan": "KAZ", "Uzbekistan": "UZB", "China": "CHN"})
	dd, _ := LoadDict(cameodata.FS, "verbs.txt")
	st := &Stage{Dict: dd, Actors: defaultLexicon()}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		st.Process(context.Background(), d)
	}
}

// mapFS is a tiny in-memory fs.FS for loader tests.
type mapFS map[string]string

func (m mapFS) Open(name string) (fs.File, error) {
	s, ok := m[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return &memFile{Reader: strings.NewReader(s), name: name, size: int64(len(s))}, nil
}

type memFile struct {
	*strings.Reader
	name string
	size int64
}

func (f *memFile) Stat() (fs.FileInfo, error) { return memInfo{f.name, f.size}, nil }
func (f *memFile) Close() error               { return nil }

type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o444 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }

func TestGoldSetWellFormed(t *testing.T) {
	b, err := os.ReadFile("testdata/gold.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ln := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var s struct {
			ID     string `json:"id"`
			Text   string `json:"text"`
			Events []struct{ Source, Target, Code string }
		}
		if err := json.Unmarshal([]byte(ln), &s); err != nil {
			t.Fatalf("%s: %v", ln, err)
		}
		for _, e := range s.Events {
			if !cameo.Valid(e.Code) || e.Source == "" {
				t.Errorf("%s: bad gold event %+v", s.ID, e)
			}
		}
		n++
	}
	if n < 30 {
		t.Errorf("gold set has %d stories, want 30+", n)
	}
}

func TestObjectsAndAgents(t *testing.T) {
	st := testStage(t)
	actors := map[string]string{"Gondor": "GON", "Arnor": "ARN", "Rohan": "ROH"}
	// Object condition seen through "in": "5 billion dollars in financing support".
	check(t, "financing", run(t, st, mkDoc(t, `
Rohan rohan PROPN 3 nsubj
would would AUX 3 aux
provide provide VERB 0 root
5 5 NUM 5 nummod
billion billion NUM 6 nummod
dollars dollar NOUN 3 obj
in in ADP 9 case
financing financing NOUN 9 compound
support support NOUN 6 nmod
to to ADP 11 case
Gondor gondor PROPN 3 obl
. . PUNCT 3 punct`, actors)), []want{{"ROH", "GON", "0331", false, "intent"}})

	// Conjoined verbs share the object; the statement's author is the target.
	evs := run(t, st, mkDoc(t, `
Arnor arnor PROPN 3 nsubj
strongly strongly ADV 3 advmod
protested protest VERB 0 root
and and CCONJ 5 cc
condemned condemn VERB 3 conj
two two NUM 7 nummod
statements statement NOUN 3 obj
issued issue VERB 7 acl
by by ADP 10 case
Gondor gondor PROPN 8 obl
. . PUNCT 3 punct`, actors))
	check(t, "protest+condemn", evs, []want{{"ARN", "GON", "111", false, ""}})
	if len(evs) == 1 && evs[0].Mentions != 2 {
		t.Errorf("mentions = %d, want 2", evs[0].Mentions)
	}

	// "the leaders of X and Y": one event per country.
	check(t, "leaders of", run(t, st, mkDoc(t, `
The the DET 2 det
leaders leader NOUN 7 nsubj
of of ADP 4 case
Arnor arnor PROPN 2 nmod
and and CCONJ 6 cc
Rohan rohan PROPN 4 conj
signed sign VERB 0 root
statements statement NOUN 7 obj
with with ADP 10 case
Gondor gondor PROPN 7 obl
. . PUNCT 7 punct`, actors)), []want{{"ARNGOV", "GON", "057", false, ""}, {"ROHGOV", "GON", "057", false, ""}})

	// Agentless passive: the event stays, its source unknown; a recent
	// event in an "after" clause is coded.
	check(t, "agentless", run(t, st, mkDoc(t, `
Gondor gondor PROPN 2 compound
spies spy NOUN 5 nsubj:pass
have have AUX 5 aux
been be AUX 5 aux:pass
arrested arrest VERB 0 root
after after SCONJ 8 mark
Rohan rohan PROPN 8 nsubj
threatened threaten VERB 5 advcl
to to PART 10 mark
sanction sanction VERB 8 xcomp
Arnor arnor PROPN 10 obj
. . PUNCT 5 punct`, actors)), []want{{"", "GON", "173", false, ""}, {"ROH", "ARN", "1312", false, "threat"}})
}

// Sending arms is military aid (072); sending drones is not coded as
// aid, since "sent drones into X" is usually an attack.
func TestSendArms(t *testing.T) {
	st := testStage(t)
	actors := map[string]string{"Gondor": "GON", "Rohan": "ROH"}
	check(t, "sent howitzers", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
sent send VERB 0 root
air air NOUN 6 compound
- - PUNCT 3 punct
defence defence NOUN 6 compound
systems system NOUN 2 obj
to to ADP 8 case
Gondor gondor PROPN 6 nmod
. . PUNCT 2 punct`, actors)), []want{{"ROH", "GON", "072", false, ""}})
	for _, c := range []string{"072", "070", "073"} {
		for _, e := range run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
sent send VERB 0 root
drones drone NOUN 2 obj
into into ADP 5 case
Gondor gondor PROPN 2 obl
. . PUNCT 2 punct`, actors)) {
			if e.Code == c {
				t.Errorf("drones sent into a country coded as aid %s", c)
			}
		}
	}
}

// A protest's target is what it is against, or the author of the measure
// it is against; a bare role there takes the protesters' country.
func TestProtestAgainst(t *testing.T) {
	st := testStage(t)
	actors := map[string]string{"Gondor": "GON", "Rohan": "ROH"}
	check(t, "in protest against X's policy", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 compound
farmers farmer NOUN 3 nsubj
blocked block VERB 0 root
roads road NOUN 3 obj
in in ADP 6 case
protest protest NOUN 3 obl
against against ADP 11 case
the the DET 9 det
government government NOUN 11 nmod:poss
's 's PART 9 case
policy policy NOUN 6 nmod
. . PUNCT 3 punct`, actors)), []want{{"ROH", "ROHGOV", "144", false, ""}})
	check(t, "protesting against the decision of X", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 compound
students student NOUN 3 nsubj
marched march VERB 0 root
, , PUNCT 5 punct
protesting protest VERB 3 advcl
against against ADP 8 case
the the DET 8 det
decision decision NOUN 5 obl
of of ADP 10 case
Gondor gondor PROPN 8 nmod
. . PUNCT 3 punct`, actors)), []want{{"ROH", "GON", "141", false, ""}})
	// Blocking a highway to demand a titled person's resignation: the
	// person (a role alone, GOV) takes the protesters' country.
	check(t, "blocked a highway demanding", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 compound
students student NOUN 3 nsubj
blocked block VERB 0 root
a a DET 5 det
highway highway NOUN 3 obj
, , PUNCT 7 punct
demanding demand VERB 3 advcl
the the DET 9 det
resignation resignation NOUN 7 obj
of of ADP 13 case
Prime prime PROPN 12 compound
Minister minister PROPN 13 compound
Roe roe PROPN 9 nmod
. . PUNCT 3 punct`, map[string]string{"Rohan": "ROH", "Roe": "GOV"})), []want{{"ROH", "ROHGOV", "1441", false, ""}})
	// A strike called against a government's measures.
	check(t, "called a strike against", run(t, st, mkDoc(t, `
Rohan rohan PROPN 3 nmod:poss
's 's PART 1 case
union union NOUN 4 nsubj
called call VERB 0 root
a a DET 7 det
general general ADJ 7 amod
strike strike NOUN 4 obj
against against ADP 11 case
Gondor gondor PROPN 11 nmod:poss
's 's PART 9 case
measures measure NOUN 7 nmod
. . PUNCT 4 punct`, actors)), []want{{"ROH", "GON", "143", false, ""}})
	// Marching to protest a role's conduct: "to protest police brutality".
	check(t, "marched to protest", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 compound
students student NOUN 3 nsubj
marched march VERB 0 root
to to PART 5 mark
protest protest VERB 3 advcl
police police NOUN 7 compound
brutality brutality NOUN 5 obj
. . PUNCT 3 punct`, actors)), []want{{"ROH", "ROHCOP", "141", false, ""}})
}

// Conjoined country adjectives name one actor each, with the noun's role,
// whether the second adjective is a conjunct of the first or a sibling;
// exchanging fire and clashing are fighting between them.
func TestCoordDemonyms(t *testing.T) {
	st := testStage(t)
	both := []want{{"INDMIL", "PAKMIL", "193", false, ""}, {"PAKMIL", "INDMIL", "193", false, ""}}
	check(t, "conj adjectives", run(t, st, mkDoc(t, `
Indian indian ADJ 4 amod
and and CCONJ 3 cc
Pakistani pakistani ADJ 1 conj
troops troop NOUN 5 nsubj
exchanged exchange VERB 0 root
fire fire NOUN 5 obj
overnight overnight ADV 5 advmod
. . PUNCT 5 punct`, nil)), both)
	check(t, "sibling adjectives", run(t, st, mkDoc(t, `
Indian indian ADJ 4 amod
and and CCONJ 4 cc
Pakistani pakistani ADJ 4 amod
soldiers soldier NOUN 5 nsubj
clashed clash VERB 0 root
. . PUNCT 5 punct`, nil)), both)
	// A typed actor keeps its own type rather than the noun's.
	check(t, "typed conjunct", run(t, st, mkDoc(t, `
Israeli israeli ADJ 4 amod
and and CCONJ 3 cc
Hamas hamas PROPN 1 conj
officials official NOUN 5 nsubj
held hold VERB 0 root
talks talk NOUN 5 obj
. . PUNCT 5 punct`, nil)), []want{{"ISRGOV", "PSEREB", "046", false, ""}, {"PSEREB", "ISRGOV", "046", false, ""}})
	// One country and an adjective that names none: no split.
	check(t, "one country", run(t, st, mkDoc(t, `
Indian indian ADJ 4 amod
and and CCONJ 3 cc
local local ADJ 1 conj
officials official NOUN 5 nsubj
condemned condemn VERB 0 root
Pakistan pakistan PROPN 5 obj
. . PUNCT 5 punct`, nil)), []want{{"INDGOV", "PAK", "111", false, ""}})
}

// A capital's court is the country's judiciary, and sentencing is a
// legal action (173).
func TestCapitalCourtSentences(t *testing.T) {
	st := testStage(t)
	check(t, "Moscow court", run(t, st, mkDoc(t, `
A a DET 3 det
Moscow moscow PROPN 3 compound
court court NOUN 4 nsubj
sentenced sentence VERB 0 root
a a DET 7 det
Gondor gondor PROPN 7 compound
journalist journalist NOUN 4 obj
. . PUNCT 4 punct`, map[string]string{"Moscow": "RUSGOV", "Gondor": "GON"})), []want{{"RUSJUD", "GON", "173", false, ""}})
}

// Drones launched at a target are an aerial attack, wherever the parser
// hangs "at X"; launched with no target they are no event.
func TestLaunchAerial(t *testing.T) {
	st := testStage(t)
	actors := map[string]string{"Gondor": "GON", "Rohan": "ROH"}
	check(t, "at X on the object", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
launched launch VERB 0 root
drones drone NOUN 2 obj
at at ADP 5 case
Gondor gondor PROPN 3 nmod
. . PUNCT 2 punct`, actors)), []want{{"ROH", "GON", "195", false, ""}})
	check(t, "no target", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
launched launch VERB 0 root
two two NUM 4 nummod
missiles missile NOUN 2 obj
. . PUNCT 2 punct`, actors)), nil)
}

// People "from" two actors act for each: negotiators from X and Y held
// talks with each other.
func TestPeopleFrom(t *testing.T) {
	st := testStage(t)
	actors := map[string]string{"Gondor": "GON", "Rohan": "ROH"}
	check(t, "negotiators from", run(t, st, mkDoc(t, `
Negotiators negotiator NOUN 6 nsubj
from from ADP 3 case
Gondor gondor PROPN 1 nmod
and and CCONJ 5 cc
Rohan rohan PROPN 3 conj
held hold VERB 0 root
talks talk NOUN 6 obj
. . PUNCT 6 punct`, actors)), []want{{"GON", "ROH", "046", false, ""}, {"ROH", "GON", "046", false, ""}})
	// Things "from" a country are not its actors.
	check(t, "imports from", run(t, st, mkDoc(t, `
Imports import NOUN 4 nsubj
from from ADP 3 case
Gondor gondor PROPN 1 nmod
condemned condemn VERB 0 root
Rohan rohan PROPN 4 obj
. . PUNCT 4 punct`, actors)), nil)
}

// Agreeing to extend sanctions is the sanction decision; vowing to
// impose them is an intent (a threat, 1312).
func TestAgreedSanctions(t *testing.T) {
	st := testStage(t)
	actors := map[string]string{"Gondor": "GON", "Rohan": "ROH"}
	rows := `
Rohan rohan PROPN 2 nsubj
%s %s VERB 0 root
to to PART 4 mark
%s %s VERB 2 xcomp
its its PRON 6 nmod:poss
sanctions sanction NOUN 4 obj
against against ADP 8 case
Gondor gondor PROPN 6 nmod
. . PUNCT 2 punct`
	check(t, "agreed to extend", run(t, st, mkDoc(t, fmt.Sprintf(rows, "agreed", "agree", "extend", "extend"), actors)),
		[]want{{"ROH", "GON", "163", false, ""}})
	check(t, "vowed to impose", run(t, st, mkDoc(t, fmt.Sprintf(rows, "vowed", "vow", "impose", "impose"), actors)),
		[]want{{"ROH", "GON", "1312", false, "intent"}})
}

// A show of force around a country is aimed at it, whether "around X"
// hangs on the verb or on what was deployed.
func TestForceAround(t *testing.T) {
	st := testStage(t)
	actors := map[string]string{"Gondor": "GON", "Rohan": "ROH"}
	check(t, "around on the object", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
deployed deploy VERB 0 root
warships warship NOUN 2 obj
around around ADP 5 case
Gondor gondor PROPN 3 nmod
. . PUNCT 2 punct`, actors)), []want{{"ROH", "GON", "154", false, ""}})
	check(t, "near on the verb", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
massed mass VERB 0 root
troops troop NOUN 2 obj
near near ADP 5 case
Gondor gondor PROPN 2 obl
. . PUNCT 2 punct`, actors)), []want{{"ROH", "GON", "154", false, ""}})
}

// A demand that X do something is made of X.
func TestDemandThat(t *testing.T) {
	st := testStage(t)
	actors := map[string]string{"Gondor": "GON", "Rohan": "ROH"}
	evs := run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
demanded demand VERB 0 root
that that SCONJ 5 mark
Gondor gondor PROPN 5 nsubj
restore restore VERB 2 ccomp
the the DET 7 det
rights right NOUN 5 obj
. . PUNCT 2 punct`, actors))
	if len(evs) != 1 || evs[0].Source.Code != "ROH" || evs[0].Target.Code != "GON" || !strings.HasPrefix(evs[0].Code, "10") {
		t.Fatalf("demanded that Gondor restore: %+v", evs)
	}
}

// Gunmen are unaligned armed forces and police officers police (a role
// phrase ending at the head); both take the country they act in.
func TestGunmenAndRolePhrases(t *testing.T) {
	st := testStage(t)
	check(t, "gunmen killed police officers", run(t, st, mkDoc(t, `
Gunmen gunman NOUN 2 nsubj
killed kill VERB 0 root
five five NUM 5 nummod
police police NOUN 5 compound
officers officer NOUN 2 obj
in in ADP 7 case
Gondor gondor PROPN 2 obl
. . PUNCT 2 punct`, map[string]string{"Gondor": "GON"})), []want{{"GONUAF", "GONCOP", "1823", false, ""}})
}

// Calls for, agreements to and brokering of a ceasefire (Phoenix's codes);
// a truce "in X" is aimed at X.
func TestCeasefire(t *testing.T) {
	st := testStage(t)
	actors := map[string]string{"Gondor": "GON", "Rohan": "ROH", "Arnor": "ARN"}
	check(t, "called for a ceasefire in", run(t, st, mkDoc(t, `
Arnor arnor PROPN 2 nsubj
called call VERB 0 root
for for ADP 5 case
a a DET 5 det
ceasefire ceasefire NOUN 2 obl
in in ADP 7 case
Gondor gondor PROPN 5 nmod
. . PUNCT 2 punct`, actors)), []want{{"ARN", "GON", "0256", false, ""}})
	check(t, "agreed to a ceasefire", run(t, st, mkDoc(t, `
Gondor gondor PROPN 4 nsubj
and and CCONJ 3 cc
Rohan rohan PROPN 1 conj
agreed agree VERB 0 root
to to ADP 6 case
ceasefire ceasefire NOUN 4 obl
. . PUNCT 4 punct`, actors)), []want{{"GON", "ROH", "0356", false, ""}, {"ROH", "GON", "0356", false, ""}})
	check(t, "brokered a ceasefire between", run(t, st, mkDoc(t, `
Arnor arnor PROPN 2 nsubj
brokered broker VERB 0 root
a a DET 4 det
ceasefire ceasefire NOUN 2 obj
between between ADP 6 case
Gondor gondor PROPN 4 nmod
and and CCONJ 8 cc
Rohan rohan PROPN 6 conj
. . PUNCT 2 punct`, actors)), []want{{"ARN", "GON", "045", false, ""}, {"ARN", "ROH", "045", false, ""}})
}

// Lawsuits, border closures and clashes with police where the
// protesters are.
func TestLawsuitBorderClash(t *testing.T) {
	st := testStage(t)
	actors := map[string]string{"Gondor": "GON", "Rohan": "ROH", "Edoras": "ROH"}
	check(t, "filed a case against", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
filed file VERB 0 root
a a DET 4 det
case case NOUN 2 obj
against against ADP 6 case
Gondor gondor PROPN 4 nmod
. . PUNCT 2 punct`, actors)), []want{{"ROH", "GON", "115", false, ""}})
	check(t, "closed its border with", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
closed close VERB 0 root
its its PRON 4 nmod:poss
border border NOUN 2 obj
with with ADP 6 case
Gondor gondor PROPN 4 nmod
. . PUNCT 2 punct`, actors)), []want{{"ROH", "GON", "160", false, ""}})
	check(t, "protesters in X clashed with police", run(t, st, mkDoc(t, `
Protesters protester NOUN 4 nsubj
in in ADP 3 case
Edoras edoras PROPN 1 nmod
clashed clash VERB 0 root
with with ADP 6 case
police police NOUN 4 obl
. . PUNCT 4 punct`, actors)), []want{{"ROHOPP", "ROHCOP", "193", false, ""}})
}

// A title with the name as its apposition is the named person; a denied
// gerund is a negated event.
func TestApposNameAndDeniedGerund(t *testing.T) {
	st := testStage(t)
	actors := map[string]string{"Gondor": "GON", "Jane Roe": "ROHGOV", "Arnor": "ARN"}
	check(t, "title then name", run(t, st, mkDoc(t, `
Secretary secretary PROPN 4 nsubj
Jane jane PROPN 1 appos
Roe roe PROPN 2 flat
visited visit VERB 0 root
Gondor gondor PROPN 4 obj
. . PUNCT 4 punct`, actors)), []want{{"ROHGOV", "GON", "042", false, ""}, {"GON", "ROHGOV", "043", false, ""}})
	check(t, "denied supplying", run(t, st, mkDoc(t, `
Arnor arnor PROPN 2 nsubj
denied deny VERB 0 root
supplying supply VERB 2 xcomp
weapons weapon NOUN 3 obj
to to ADP 6 case
Gondor gondor PROPN 3 obl
. . PUNCT 2 punct`, actors)), []want{{"ARN", "GON", "072", true, ""}})
}

// Tear gas or water cannon against protesters is repression (175); the
// place may hang on the oblique that names the targets.
func TestRiotGear(t *testing.T) {
	st := testStage(t)
	actors := map[string]string{"Edoras": "ROH"}
	check(t, "used water cannon against demonstrators in X", run(t, st, mkDoc(t, `
Police police NOUN 2 nsubj
used use VERB 0 root
water water NOUN 4 compound
cannon cannon NOUN 2 obj
against against ADP 6 case
demonstrators demonstrator NOUN 2 obl
in in ADP 8 case
Edoras edoras PROPN 6 nmod
. . PUNCT 2 punct`, actors)), []want{{"ROHCOP", "ROHOPP", "175", false, ""}})
}

// Supporting a plan or a bid is endorsement (051), not aid.
func TestSupportPlan(t *testing.T) {
	st := testStage(t)
	actors := map[string]string{"Gondor": "GON", "Rohan": "ROH"}
	check(t, "supports X's bid", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
supports support VERB 0 root
Gondor gondor PROPN 4 nmod:poss
bid bid NOUN 2 obj
. . PUNCT 2 punct`, actors)), []want{{"ROH", "GON", "051", false, ""}})
	check(t, "supports X with weapons", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
supports support VERB 0 root
Gondor gondor PROPN 2 obj
. . PUNCT 2 punct`, actors)), []want{{"ROH", "GON", "070", false, ""}})
}

// A warning with no target is a forecast unless it warns of force or
// sanctions.
func TestWarningForecast(t *testing.T) {
	st := testStage(t)
	actors := map[string]string{"Rohan": "ROH"}
	check(t, "warned that", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
warned warn VERB 0 root
that that SCONJ 6 mark
prices price NOUN 6 nsubj
would would AUX 6 aux
rise rise VERB 2 ccomp
. . PUNCT 2 punct`, actors)), nil)
	check(t, "warned of retaliation", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
warned warn VERB 0 root
of of ADP 4 case
retaliation retaliation NOUN 2 obl
. . PUNCT 2 punct`, actors)), []want{{"ROH", "", "130", false, ""}})
	check(t, "warned someone", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
warned warn VERB 0 root
outside outside ADJ 4 amod
powers power NOUN 2 obj
against against SCONJ 6 mark
meddling meddle VERB 2 advcl
. . PUNCT 2 punct`, actors)), []want{{"ROH", "", "130", false, ""}})
	check(t, "threatened (of nothing)", run(t, st, mkDoc(t, `
Rohan rohan PROPN 3 nsubj
rarely rarely ADV 3 advmod
threatened threaten VERB 0 root
. . PUNCT 3 punct`, actors)), nil)
}

// Released figures or reports are published, not freed.
func TestReleasedPublication(t *testing.T) {
	st := testStage(t)
	actors := map[string]string{"Rohan": "ROH", "Gondor": "GON"}
	check(t, "figures were released", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nmod:poss
output output NOUN 4 nsubj:pass
was be AUX 4 aux:pass
released release VERB 0 root
. . PUNCT 4 punct`, actors)), nil)
	check(t, "released prisoners", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
released release VERB 0 root
Gondor gondor PROPN 4 compound
prisoners prisoner NOUN 2 obj
. . PUNCT 2 punct`, actors)), []want{{"ROH", "GON", "0841", false, ""}})
}

// An accusation is coded, not the act it alleges; a deal is struck, not
// attacked; a policy is attacked in words.
func TestAllegedDealsAndVerbalAttacks(t *testing.T) {
	st := testStage(t)
	actors := map[string]string{"Gondor": "GON", "Rohan": "ROH", "Arnor": "ARN"}
	check(t, "accused of attacking", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
accused accuse VERB 0 root
Gondor gondor PROPN 2 obj
of of SCONJ 5 mark
attacking attack VERB 2 advcl
Arnor arnor PROPN 5 obj
. . PUNCT 2 punct`, actors)), []want{{"ROH", "GON", "112", false, ""}})
	check(t, "struck a deal", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
struck strike VERB 0 root
a a DET 4 det
deal deal NOUN 2 obj
with with ADP 6 case
Gondor gondor PROPN 2 obl
. . PUNCT 2 punct`, actors)), []want{{"ROH", "GON", "057", false, ""}})
	check(t, "attacked X's policy", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
attacked attack VERB 0 root
Gondor gondor PROPN 4 nmod:poss
policy policy NOUN 2 obj
. . PUNCT 2 punct`, actors)), []want{{"ROH", "GON", "111", false, ""}})
}

// A place whose actor is a bare role ("at milk firm Yili": BUS) gives no
// country; the actor's country is taken instead.
func TestBareRolePlaceIsNoCountry(t *testing.T) {
	st := testStage(t)
	check(t, "executives at a firm", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 compound
police police NOUN 3 nsubj
detained detain VERB 0 root
executives executive NOUN 3 obj
at at ADP 6 case
Yili yili PROPN 3 obl
. . PUNCT 3 punct`, map[string]string{"Rohan": "ROH", "Yili": "BUS"})), []want{{"ROH", "ROHBUS", "173", false, ""}})
	// Nor does a source that is a bare role lend its "country".
	evs := run(t, st, mkDoc(t, `
Yili yili PROPN 2 nsubj
demanded demand VERB 0 root
the the DET 4 det
resignation resignation NOUN 2 obj
of of ADP 7 case
the the DET 7 det
minister minister NOUN 4 nmod
. . PUNCT 2 punct`, map[string]string{"Yili": "BUS"}))
	for _, e := range evs {
		if strings.HasPrefix(e.Target.Code, "BUS") {
			t.Errorf("target %s took the bare-role source's type as its country", e.Target.Code)
		}
	}
}

// Police with no country who arrest someone are the arrested person's
// country's; an opposition leader is the opposition.
func TestArrestByPolice(t *testing.T) {
	st := testStage(t)
	check(t, "the arrest of X by police", run(t, st, mkDoc(t, `
The the DET 2 det
arrest arrest NOUN 9 nsubj
of of ADP 6 case
Pakistani pakistani ADJ 6 amod
opposition opposition NOUN 6 compound
leader leader NOUN 2 nmod
by by ADP 8 case
police police NOUN 2 nmod
sparked spark VERB 0 root
protests protest NOUN 9 obj
. . PUNCT 9 punct`, nil)), []want{{"PAKCOP", "PAKOPP", "173", false, ""}})
}

// Vowing revenge is a threat of force; pledging arms an intent to give
// military aid.
func TestRevengeAndPledgedArms(t *testing.T) {
	st := testStage(t)
	actors := map[string]string{"Gondor": "GON", "Rohan": "ROH"}
	check(t, "vowed revenge", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
vowed vow VERB 0 root
revenge revenge NOUN 2 obj
against against ADP 5 case
Gondor gondor PROPN 2 obl
. . PUNCT 2 punct`, actors)), []want{{"ROH", "GON", "138", false, ""}})
	check(t, "pledged tanks", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
pledged pledge VERB 0 root
tanks tank NOUN 2 obj
to to ADP 5 case
Gondor gondor PROPN 2 obl
. . PUNCT 2 punct`, actors)), []want{{"ROH", "GON", "0332", false, ""}})
}

// Games are not assaults or meetings; a refused act is negated.
func TestSportsAndRefusals(t *testing.T) {
	st := testStage(t)
	actors := map[string]string{"Gondor": "GON", "Rohan": "ROH"}
	check(t, "beat X 2-1", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
beat beat VERB 0 root
Gondor gondor PROPN 2 obj
2-1 2-1 NUM 2 obl
. . PUNCT 2 punct`, actors)), nil)
	check(t, "team beat X in the final", run(t, st, mkDoc(t, `
The the DET 3 det
Rohan rohan PROPN 3 compound
team team NOUN 4 nsubj
beat beat VERB 0 root
Gondor gondor PROPN 4 obj
in in ADP 8 case
the the DET 8 det
final final NOUN 4 obl
. . PUNCT 4 punct`, actors)), nil)
	check(t, "a government team met", run(t, st, mkDoc(t, `
A a DET 4 det
Rohan rohan PROPN 4 compound
government government NOUN 4 compound
team team NOUN 5 nsubj
met meet VERB 0 root
Gondor gondor PROPN 5 obj
. . PUNCT 5 punct`, actors)), []want{{"ROH", "GON", "040", false, ""}})
	check(t, "refuses to recognise", run(t, st, mkDoc(t, `
Rohan rohan PROPN 2 nsubj
refuses refuse VERB 0 root
to to PART 4 mark
recognise recognise VERB 2 xcomp
Gondor gondor PROPN 4 obj
. . PUNCT 2 punct`, actors)), []want{{"ROH", "GON", "054", true, ""}})
}

// Drills held together are military cooperation (062; as an intent,
// 0312), not a show of force.
func TestJointDrills(t *testing.T) {
	st := testStage(t)
	actors := map[string]string{"Gondor": "GON", "Rohan": "ROH"}
	check(t, "agreed to hold joint drills", run(t, st, mkDoc(t, `
Gondor gondor PROPN 4 nsubj
and and CCONJ 3 cc
Rohan rohan PROPN 1 conj
agreed agree VERB 0 root
to to PART 6 mark
hold hold VERB 4 xcomp
joint joint ADJ 8 amod
drills drill NOUN 6 obj
. . PUNCT 4 punct`, actors)), []want{{"GON", "ROH", "0312", false, "intent"}, {"ROH", "GON", "0312", false, "intent"}})
}

func FuzzLoadDict(f *testing.F) {
	f.Add("&A = x y\n111 condemn obj=&A\n057 n:signing tgt=with\n0331 offer prep=of:&A tgt=to\n")
	f.Add("999 x\n&=\n111 a_b xcomp=\n")
	f.Fuzz(func(t *testing.T, s string) {
		d, _ := LoadDict(mapFS{"f.txt": s}, "f.txt")
		st := &Stage{Dict: d}
		doc := mkDoc(t, `
Arnor arnor PROPN 2 nsubj
condemned condemn VERB 0 root
Gondor gondor PROPN 2 obj`, map[string]string{"Arnor": "ARN", "Gondor": "GON"})
		st.Process(context.Background(), doc)
	})
}

func TestReadyDatePlace(t *testing.T) {
	st := testStage(t)
	d := mkDoc(t, `
Rohan rohan PROPN 3 nsubj
is be AUX 3 cop
ready ready ADJ 0 root
to to PART 5 mark
help help VERB 3 xcomp
Gondor gondor PROPN 5 obj
in in ADP 8 case
Minas minas PROPN 5 obl
Tirith tirith PROPN 8 flat
on on ADP 11 case
Monday monday PROPN 5 obl
. . PUNCT 3 punct`, map[string]string{"Gondor": "GON", "Rohan": "ROH"})
	mon := strings.Index(d.Text, "Monday")
	d.Timexes = []doc.Timex{{Span: text.Span{Start: mon, End: mon + 6}, Text: "Monday", Type: "DATE", Value: "2026-11-16", Granularity: "day"}}
	mt := strings.Index(d.Text, "Minas Tirith")
	d.Places = []doc.Place{{Span: text.Span{Start: mt, End: mt + 12}, Text: "Minas Tirith", Resolved: true}}
	evs := run(t, st, d)
	check(t, "ready", evs, []want{{"ROH", "GON", "033", false, "intent"}})
	if len(evs) == 1 {
		e := evs[0]
		if e.Date != "2026-11-16" || e.DatePrecision != "day" || e.DateTimex != 0 || e.Place != 0 || d.Span(e.Trigger) != "ready to help" {
			t.Errorf("date %s/%s/%d place %d trigger %q", e.Date, e.DatePrecision, e.DateTimex, e.Place, d.Span(e.Trigger))
		}
	}
}

func TestPetrarchStage(t *testing.T) {
	d := petrarchTestDicts(t)
	ps := &PetrarchStage{Coder: petrarch.NewCoder(d)}
	dc := mkDoc(t, `
Arnor arnor PROPN 3 nsubj
will will AUX 3 aux
restore restore VERB 0 root
diplomatic diplomatic ADJ 5 amod
ties tie NOUN 3 obj
with with ADP 7 case
Gondor gondor PROPN 3 obl
. . PUNCT 3 punct`, nil)
	for i := range dc.Tokens {
		dc.Tokens[i].XPOS = map[string]string{"PROPN": "NNP", "AUX": "MD", "VERB": "VB", "ADJ": "JJ", "NOUN": "NNS", "ADP": "IN", "PUNCT": "."}[dc.Tokens[i].UPOS]
	}
	if err := ps.Process(context.Background(), dc); err != nil {
		t.Fatal(err)
	}
	if len(dc.Events) != 1 {
		t.Fatalf("events %+v", dc.Events)
	}
	e := dc.Events[0]
	if e.Source.Code != "ARN" || e.Target.Code != "GON" || e.Code != "064" || e.Source.Text != "Arnor" || e.Target.Text != "Gondor" ||
		dc.Span(e.Trigger) != "restore" || e.Root != "06" || e.QuadClass != 2 || e.Pattern != "v.txt:3" {
		t.Errorf("event %+v", e)
	}
}

func petrarchTestDicts(t *testing.T) *petrarch.Dictionaries {
	d := petrarch.NewDictionaries()
	d.Load("actors", "a.txt", strings.NewReader("ARNOR [ARN]\nGONDOR [GON]\n"))
	d.Load("verbs", "v.txt", strings.NewReader("--- RESTORE [064] ---\nRESTORE\n- * TIES [064]\n"))
	d.Finish()
	return d
}

func TestRegistry(t *testing.T) {
	p, ok := pipeline.Provider(doc.LayerEvents)
	if !ok || p.ID != StageID {
		t.Fatalf("events provider = %+v", p)
	}
	// What the coder reads must be produced before it, or a request for
	// events alone codes fewer of them.
	for _, l := range []string{doc.LayerParse, doc.LayerMentions, doc.LayerEntities, doc.LayerTimexes, doc.LayerPlaces} {
		if !slices.Contains(p.Requires, l) {
			t.Errorf("events stage does not require %s", l)
		}
	}
	if _, ok := pipeline.Lookup(PetrarchStageID); !ok {
		t.Fatal("petrarch stage not registered")
	}
	if _, err := p.New(pipeline.Env{}); err != nil {
		t.Fatal(err)
	}
}

func TestNounTrigger(t *testing.T) {
	st := testStage(t)
	actors := map[string]string{"Gondor": "GON", "Arnor": "ARN", "Rohan": "ROH"}
	// "Arnor condemned Gondor's arrest of Rohan journalists": the noun
	// trigger gives GON→ROH 173; the target of the condemnation is the
	// arrest's agent.
	check(t, "arrest of", run(t, st, mkDoc(t, `
Arnor arnor PROPN 2 nsubj
condemned condemn VERB 0 root
Gondor gondor PROPN 5 nmod:poss
's 's PART 3 case
arrest arrest NOUN 2 obj
of of ADP 8 case
Rohan rohan PROPN 8 compound
journalists journalist NOUN 5 nmod
. . PUNCT 2 punct`, actors)), []want{{"ARN", "GON", "111", false, ""}, {"GON", "ROH", "173", false, ""}})
}

// FuzzStageHeads codes arbitrary head/relation structures (cycles, heads
// out of range) over a fixed sentence: nothing may panic or hang.
func FuzzStageHeads(f *testing.F) {
	f.Add([]byte{4, 4, 0, 4, 4, 5, 4})
	f.Add([]byte{2, 3, 1, 9, 200, 0, 0})
	st := testStage(&testing.T{})
	forms := []string{"Arnor", "and", "Rohan", "vowed", "to", "attack", "Gondor", "since", "not", "by"}
	lemmas := []string{"arnor", "and", "rohan", "vow", "to", "attack", "gondor", "since", "not", "by"}
	upos := []string{"PROPN", "CCONJ", "PROPN", "VERB", "PART", "VERB", "PROPN", "SCONJ", "PART", "ADP"}
	rels := []string{"nsubj", "cc", "conj", "root", "mark", "xcomp", "obj", "mark", "advmod", "case", "nsubj:pass", "obl", "advcl", "ccomp", "nmod", "acl"}
	f.Fuzz(func(t *testing.T, hs []byte) {
		if len(hs) > 200 {
			hs = hs[:200]
		}
		var rows []string
		for i, h := range hs {
			k := i % len(forms)
			rows = append(rows, strings.Join([]string{forms[k], lemmas[k], upos[k], strconv.Itoa(int(h) % (len(hs) + 2)), rels[int(h)%len(rels)]}, " "))
		}
		if len(rows) == 0 {
			return
		}
		d := mkDoc(t, strings.Join(rows, "\n"), map[string]string{"Arnor": "ARN", "Gondor": "GON", "Rohan": "ROH"})
		st.Process(context.Background(), d)
	})
}

func TestDemonymEntityTakesHeadRole(t *testing.T) {
	// Our own sentence: the NER marks only the demonym, whose entity is
	// coded RUS; the head noun's role must still reach the actor code.
	d := mkDoc(t, `
Russian russian ADJ 2 amod
police police NOUN 3 nsubj
detained detain VERB 0 root
two two NUM 6 nummod
French french ADJ 6 amod
students student NOUN 3 obj
. . PUNCT 3 punct`, map[string]string{"Russian": "RUS", "French": "FRA"})
	evs := run(t, testStage(t), d)
	if len(evs) != 1 || evs[0].Source.Code != "RUSCOP" || evs[0].Target.Code != "FRAEDU" || evs[0].Source.Entity < 0 {
		t.Fatalf("events %+v", evs)
	}
}

func TestThreatWithoutTargetAndTransitiveDemonstrate(t *testing.T) {
	// Our own sentences.
	d := mkDoc(t, `
Ruiz ruiz PROPN 2 nsubj
threatened threaten VERB 0 root
to to PART 4 mark
impose impose VERB 2 xcomp
tariffs tariff NOUN 4 obj
. . PUNCT 2 punct`, map[string]string{"Ruiz": "CHLGOV"})
	evs := run(t, testStage(t), d)
	if len(evs) != 1 || evs[0].Code != "1312" || evs[0].Source.Code != "CHLGOV" || evs[0].Target.Code != "" {
		t.Fatalf("threat: %+v", evs)
	}
	d = mkDoc(t, `
Chile chile PROPN 2 nsubj
demonstrates demonstrate VERB 0 root
its its PRON 4 nmod:poss
resolve resolve NOUN 2 obj
. . PUNCT 2 punct`, map[string]string{"Chile": "CHL"})
	if evs := run(t, testStage(t), d); len(evs) != 0 {
		t.Fatalf("transitive demonstrate coded: %+v", evs)
	}
}
