package event

import (
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

// Our own sentences, with the parser's typical mistakes written into the
// trees, and the events the repairs must still give.
func TestParserMistakeRepairs(t *testing.T) {
	actors := map[string]string{"Chile": "CHL", "Peru": "PER", "Bolivia": "BOL", "Lima": "PERGOV",
		"Chile's Ministry of Defence": "CHLGOV", "Ecuador": "ECU", "Quito": "ECUGOV", "SANTIAGO": "CHLGOV", "Argentina": "ARG"}
	cases := []struct {
		name, rows string
		want       []want
	}{{
		// "On Friday, Chile and Peru vowed to ensure gas supply to Bolivia."
		// with "Friday" as subject and the countries as its apposition and
		// conjunct.
		name: "fronted time phrase",
		rows: `
On on ADP 2 case
Friday friday PROPN 7 nsubj
, , PUNCT 4 punct
Chile chile PROPN 2 appos
and and CCONJ 6 cc
Peru peru PROPN 2 conj
vowed vow VERB 0 root
to to PART 9 mark
ensure ensure VERB 7 xcomp
gas gas NOUN 11 compound
supply supply NOUN 9 obj
to to ADP 13 case
Bolivia bolivia PROPN 9 obl
. . PUNCT 7 punct`,
		want: []want{{"CHL", "BOL", "0311", false, "intent"}, {"PER", "BOL", "0311", false, "intent"}},
	}, {
		// "In Lima, Chile's Ministry of Defence yesterday condemned Ecuador."
		// with the ministry and "yesterday" as conjuncts of the fronted place.
		name: "fronted place phrase",
		rows: `
In in ADP 2 case
Lima lima PROPN 10 obl
, , PUNCT 6 punct
Chile chile PROPN 6 nmod:poss
's 's PART 4 case
Ministry ministry PROPN 2 conj
of of ADP 8 case
Defence defence PROPN 6 nmod
yesterday yesterday NOUN 2 conj
condemned condemn VERB 0 root
Ecuador ecuador PROPN 10 obj
. . PUNCT 10 punct`,
		want: []want{{"CHLGOV", "ECU", "111", false, ""}},
	}, {
		// "SANTIAGO — Chile expelled two diplomats from Quito ..." simplified:
		// the dateline and the country both hang as subjects.
		name: "dateline subject",
		rows: `
SANTIAGO santiago PROPN 4 nsubj
— — PUNCT 1 punct
Chile chile PROPN 4 nsubj
condemned condemn VERB 0 root
Argentina argentina PROPN 4 obj
. . PUNCT 4 punct`,
		want: []want{{"CHL", "ARG", "111", false, ""}},
	}, {
		// "Peru and Bolivia signed an agreement on trade in Quito.": the
		// capital inside the object's modifiers is a place, not a party.
		name: "place in object modifier",
		rows: `
Peru peru PROPN 4 nsubj
and and CCONJ 3 cc
Bolivia bolivia PROPN 1 conj
signed sign VERB 0 root
an a DET 6 det
agreement agreement NOUN 4 obj
on on ADP 8 case
trade trade NOUN 6 nmod
in in ADP 10 case
Quito quito PROPN 8 nmod
. . PUNCT 4 punct`,
		want: []want{{"PER", "BOL", "057", false, ""}, {"BOL", "PER", "057", false, ""}},
	}, {
		// "Chile pledged 20 million dollars in aid to Peru." with "to Peru"
		// under "aid": the target is still found.
		name: "target under the object's modifier",
		rows: `
Chile chile PROPN 2 nsubj
pledged pledge VERB 0 root
20 20 NUM 4 nummod
million million NUM 5 nummod
dollars dollar NOUN 2 obj
in in ADP 7 case
aid aid NOUN 5 nmod
to to ADP 9 case
Peru peru PROPN 7 nmod
. . PUNCT 2 punct`,
		want: []want{{"CHL", "PER", "033", false, ""}},
	}}
	for _, c := range cases {
		d := mkDoc(t, c.rows, actors)
		check(t, c.name, run(t, testStage(t), d), c.want)
	}
}

// Our own sentences: lemmatiser mistakes, clause-as-noun-modifier parses,
// role words with no country, and the entries added for phone calls.
func TestRolesLemmasAndAcl(t *testing.T) {
	actors := map[string]string{"Chile": "CHL", "Peru": "PER", "Lima": "PERGOV", "Chilean": "CHL", "Peruvian": "PER", "Bolivia": "BOL"}
	cases := []struct {
		name, rows string
		want       []want
	}{{
		name: "lemma lost its e",
		rows: `
Chile chile PROPN 2 nsubj
criticised criticis VERB 0 root
Peru peru PROPN 2 obj
. . PUNCT 2 punct`,
		want: []want{{"CHL", "PER", "111", false, ""}},
	}, {
		name: "lemma kept a doubled consonant",
		rows: `
Chile chile PROPN 2 nsubj
expelled expell VERB 0 root
two two NUM 5 nummod
Peruvian peruvian ADJ 5 amod
diplomats diplomat NOUN 2 obj
. . PUNCT 2 punct`,
		want: []want{{"CHL", "PERGOV", "166", false, ""}},
	}, {
		// "Chilean rebels kidnapped two Peruvian soldiers." parsed as a noun
		// phrase with the verb as a clause modifying "rebels".
		name: "clause modifier with an object",
		rows: `
Chilean chilean ADJ 2 amod
rebels rebel NOUN 0 root
kidnapped kidnap VERB 2 acl
two two NUM 6 nummod
Peruvian peruvian ADJ 6 amod
soldiers soldier NOUN 3 obj
. . PUNCT 2 punct`,
		want: []want{{"CHLREB", "PERMIL", "181", false, ""}},
	}, {
		// "Thousands of farmers protested in Lima." with the same mistake.
		name: "crowd of a role protests in a capital",
		rows: `
Thousands thousand NOUN 0 root
of of ADP 3 case
farmers farmer NOUN 1 nmod
protested protest VERB 3 acl
in in ADP 6 case
Lima lima PROPN 4 obl
. . PUNCT 1 punct`,
		want: []want{{"PERAGR", "", "140", false, ""}},
	}, {
		name: "role target acted on at home",
		rows: `
Chilean chilean ADJ 2 amod
police police NOUN 3 nsubj
detained detain VERB 0 root
a a DET 6 det
former former ADJ 6 amod
minister minister NOUN 3 obj
. . PUNCT 3 punct`,
		want: []want{{"CHLCOP", "CHLGOV", "173", false, ""}},
	}, {
		// "The Chilean minister met her Peruvian counterpart." with "her" as
		// the object and the counterpart as a bare oblique.
		name: "bare oblique target",
		rows: `
The the DET 3 det
Chilean chilean ADJ 3 amod
minister minister NOUN 4 nsubj
met meet VERB 0 root
her she PRON 4 obj
Peruvian peruvian ADJ 7 amod
counterpart counterpart NOUN 4 obl
. . PUNCT 4 punct`,
		want: []want{{"CHLGOV", "PERGOV", "040", false, ""}},
	}, {
		name: "spoke by phone with",
		rows: `
Chile chile PROPN 2 nsubj
spoke speak VERB 0 root
by by ADP 4 case
phone phone NOUN 2 obl
with with ADP 6 case
Bolivia bolivia PROPN 4 nmod
. . PUNCT 2 punct`,
		want: []want{{"CHL", "BOL", "041", false, ""}},
	}, {
		name: "spoke by phone with, both obliques on the verb",
		rows: `
Chile chile PROPN 2 nsubj
spoke speak VERB 0 root
by by ADP 4 case
phone phone NOUN 2 obl
with with ADP 6 case
Bolivia bolivia PROPN 2 obl
. . PUNCT 2 punct`,
		want: []want{{"CHL", "BOL", "041", false, ""}},
	}, {
		name: "asked for funding",
		rows: `
Peru peru PROPN 2 nsubj
asked ask VERB 0 root
Chile chile PROPN 2 obj
for for ADP 5 case
funding funding NOUN 2 obl
. . PUNCT 2 punct`,
		want: []want{{"PER", "CHL", "0231", false, ""}},
	}}
	for _, c := range cases {
		d := mkDoc(t, c.rows, actors)
		check(t, c.name, run(t, testStage(t), d), c.want)
	}
}

func TestLemmaRepairs(t *testing.T) {
	for _, c := range []struct{ lemma, form, want string }{
		{"criticis", "criticised", "criticise"},
		{"impos", "imposed", "impose"},
		{"expell", "expelled", "expel"},
		{"initiall", "initialled", "initial"},
	} {
		found := false
		for _, r := range lemmaRepairs(c.lemma, c.form) {
			if r == c.want {
				found = true
			}
		}
		if !found {
			t.Errorf("%s/%s: %v lacks %s", c.lemma, c.form, lemmaRepairs(c.lemma, c.form), c.want)
		}
	}
}

func TestClauseInsideObjectSpanIsNotItsActor(t *testing.T) {
	// Our own sentence: "Chile signed statements with Bolivia following the
	// Peru-Andes Forum, according to the ministry." The "according to"
	// phrase stretches the object's span over the clause naming Peru.
	d := mkDoc(t, `
Chile chile PROPN 2 nsubj
signed sign VERB 0 root
statements statement NOUN 2 obj
with with ADP 5 case
Bolivia bolivia PROPN 3 nmod
following follow VERB 3 acl
the the DET 9 det
Peru peru PROPN 9 compound
Forum forum PROPN 6 obj
according accord VERB 13 case
to to ADP 10 fixed
the the DET 13 det
ministry ministry NOUN 3 nmod
. . PUNCT 2 punct`, map[string]string{"Chile": "CHL", "Bolivia": "BOLGOV", "Peru": "PER"})
	check(t, "clause in span", run(t, testStage(t), d), []want{{"CHL", "BOLGOV", "057", false, ""}})
}

// Our own sentences for coordination-as-compound, mislabelled agents, the
// nominal arrest with its by-phrase hung low, coreferent descriptions and
// the aid-recipient restriction.
func TestMoreParserRepairs(t *testing.T) {
	actors := map[string]string{"Chile": "CHL", "Peru": "PER", "Bolivia": "BOL", "Chilean": "CHL", "Peruvian": "PER", "Lima": "PERGOV"}
	cases := []struct {
		name, rows string
		want       []want
	}{{
		// "Chile and Peru agreed to resume talks." with both names parsed as
		// compounds of "Peru".
		name: "coordination parsed as compounds",
		rows: `
Chile chile PROPN 3 compound
and and CCONJ 3 cc
Peru peru PROPN 4 nsubj
agreed agree VERB 0 root
to to PART 6 mark
resume resume VERB 4 xcomp
talks talk NOUN 6 obj
. . PUNCT 4 punct`,
		want: []want{{"PER", "CHL", "036", false, "intent"}, {"CHL", "PER", "036", false, "intent"}},
	}, {
		// "Chilean police arrested three Peruvian spies." as a noun phrase,
		// with the spies as an agent with no "by".
		name: "agent without by is the object",
		rows: `
Chilean chilean ADJ 2 amod
police police NOUN 0 root
arrested arrest VERB 2 acl
three three NUM 6 nummod
Peruvian peruvian ADJ 6 amod
spies spy NOUN 3 obl:agent
. . PUNCT 2 punct`,
		want: []want{{"CHLCOP", "PERSPY", "173", false, ""}},
	}, {
		// "The arrest of the opposition leader by Chilean police ..." with
		// the by-phrase under the leader.
		name: "nominal arrest, by-phrase under its object",
		rows: `
The the DET 2 det
arrest arrest NOUN 0 root
of of ADP 6 case
the the DET 6 det
opposition opposition NOUN 6 compound
leader leader NOUN 2 nmod
by by ADP 9 case
Chilean chilean ADJ 9 amod
police police NOUN 6 nmod
. . PUNCT 2 punct`,
		want: []want{{"CHLCOP", "CHLOPP", "173", false, ""}},
	}, {
		// "Chile provided cover from Bolivia." : "from" names no recipient.
		name: "aid takes no target from 'from'",
		rows: `
Chile chile PROPN 2 nsubj
provided provide VERB 0 root
aid aid NOUN 2 obj
from from ADP 5 case
Bolivia bolivia PROPN 2 obl
. . PUNCT 2 punct`,
		want: nil,
	}}
	for _, c := range cases {
		d := mkDoc(t, c.rows, actors)
		check(t, c.name, run(t, testStage(t), d), c.want)
	}
}

func TestCorefDescriptionIsTarget(t *testing.T) {
	// Our own sentence: "Chile will send food to the two countries." where
	// the linker resolved "the two countries" to Peru and Bolivia.
	d := mkDoc(t, `
Chile chile PROPN 3 nsubj
will will AUX 3 aux
send send VERB 0 root
food food NOUN 3 obj
to to ADP 8 case
the the DET 8 det
two two NUM 8 nummod
countries country NOUN 3 obl
. . PUNCT 3 punct`, map[string]string{"Chile": "CHL"})
	at := len("Chile will send food to ")
	sp := doc.Coref{Span: text.Span{Start: at, End: at + len("the two countries")}, Text: "the two countries", Reason: "test"}
	d.Entities = append(d.Entities, doc.Entity{ID: "per", Name: "Peru", ActorCode: "PER", Coref: []doc.Coref{sp}},
		doc.Entity{ID: "bol", Name: "Bolivia", ActorCode: "BOL", Coref: []doc.Coref{sp}})
	check(t, "coref", run(t, testStage(t), d), []want{{"CHL", "PER", "0333", false, "intent"}, {"CHL", "BOL", "0333", false, "intent"}})
}

// Our own sentences: circumstances are not targets; protests at a mission
// target its government.
func TestCircumstancesAndMissions(t *testing.T) {
	actors := map[string]string{"Chile": "CHL", "Peru": "PER", "Lima": "PERGOV", "Bolivian": "BOL", "Quito": "ECUGOV"}
	cases := []struct {
		name, rows string
		want       []want
	}{{
		// "Chile and Peru signed a pact during a visit to Lima."
		name: "no target through 'during'",
		rows: `
Chile chile PROPN 4 nsubj
and and CCONJ 3 cc
Peru peru PROPN 1 conj
signed sign VERB 0 root
a a DET 6 det
pact pact NOUN 4 obj
during during ADP 9 case
a a DET 9 det
visit visit NOUN 6 nmod
to to ADP 11 case
Lima lima PROPN 9 nmod
. . PUNCT 4 punct`,
		want: []want{{"CHL", "PER", "057", false, ""}, {"PER", "CHL", "057", false, ""}},
	}, {
		// "Students protested outside the Bolivian embassy in Quito."
		name: "protest at an embassy",
		rows: `
Students student NOUN 2 nsubj
protested protest VERB 0 root
outside outside ADP 6 case
the the DET 6 det
Bolivian bolivian ADJ 6 amod
embassy embassy NOUN 2 obl
in in ADP 8 case
Quito quito PROPN 6 nmod
. . PUNCT 2 punct`,
		// A protest held outside a place is a demonstration (141).
		want: []want{{"ECUEDU", "BOLGOV", "141", false, ""}},
	}}
	for _, c := range cases {
		d := mkDoc(t, c.rows, actors)
		check(t, c.name, run(t, testStage(t), d), c.want)
	}
}

// Our own sentences: appeals whose request is parsed as a purpose clause,
// restored ties under "agree", and protesters located by a place under
// the subject demanding a resignation at home.
func TestAppealsTiesAndDomesticDemands(t *testing.T) {
	actors := map[string]string{"Chile": "CHL", "Peru": "PER", "Lima": "PERGOV"}
	cases := []struct {
		name, rows string
		want       []want
	}{{
		// "Chile called on Peru to release the prisoners."
		name: "appeal with a purpose-clause request",
		rows: `
Chile chile PROPN 2 nsubj
called call VERB 0 root
on on ADP 4 case
Peru peru PROPN 2 obl
to to PART 6 mark
release release VERB 2 advcl
the the DET 8 det
prisoners prisoner NOUN 6 obj
. . PUNCT 2 punct`,
		want: []want{{"CHL", "PER", "0253", false, ""}},
	}, {
		name: "agreed to restore ties",
		rows: `
Chile chile PROPN 4 nsubj
and and CCONJ 3 cc
Peru peru PROPN 1 conj
agreed agree VERB 0 root
to to PART 6 mark
restore restore VERB 4 xcomp
diplomatic diplomatic ADJ 8 amod
ties tie NOUN 6 obj
. . PUNCT 4 punct`,
		want: []want{{"CHL", "PER", "0314", false, "intent"}, {"PER", "CHL", "0314", false, "intent"}},
	}, {
		// "Protesters in Lima demanded the resignation of the prime minister."
		name: "protesters at home demand a resignation",
		rows: `
Protesters protester NOUN 4 nsubj
in in ADP 3 case
Lima lima PROPN 1 nmod
demanded demand VERB 0 root
the the DET 6 det
resignation resignation NOUN 4 obj
of of ADP 10 case
the the DET 10 det
prime prime ADJ 10 amod
minister minister NOUN 6 nmod
. . PUNCT 4 punct`,
		want: []want{{"PEROPP", "PERGOV", "1041", false, ""}},
	}}
	for _, c := range cases {
		d := mkDoc(t, c.rows, actors)
		check(t, c.name, run(t, testStage(t), d), c.want)
	}
}

// Our own sentences: irregular past forms left unlemmatised, and the
// sanction entries (freezing assets, banning imports).
func TestIrregularFormsAndSanctions(t *testing.T) {
	actors := map[string]string{"Chile": "CHL", "Peruvian": "PER"}
	cases := []struct {
		name, rows string
		want       []want
	}{{
		name: "froze assets",
		rows: `
Chile chile PROPN 2 nsubj
froze froze VERB 0 root
the the DET 4 det
assets asset NOUN 2 obj
of of ADP 8 case
two two NUM 8 nummod
Peruvian peruvian ADJ 8 amod
oligarchs oligarch NOUN 4 nmod
. . PUNCT 2 punct`,
		want: []want{{"CHL", "PERBUS", "163", false, ""}},
	}, {
		name: "banned imports",
		rows: `
Chile chile PROPN 2 nsubj
banned ban VERB 0 root
imports import NOUN 2 obj
of of ADP 6 case
Peruvian peruvian ADJ 6 amod
copper copper NOUN 3 nmod
. . PUNCT 2 punct`,
		want: []want{{"CHL", "PER", "163", false, ""}},
	}}
	for _, c := range cases {
		d := mkDoc(t, c.rows, actors)
		check(t, c.name, run(t, testStage(t), d), c.want)
	}
}

func TestWordSetJunkIsAnError(t *testing.T) {
	_, errs := LoadDict(mapFS{"v.txt": "&A = aid loans&B = x\n070 give obj=&A\n"}, "v.txt")
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "v.txt:1") {
		t.Fatalf("errors %v", errs)
	}
}

// Our own sentences with the infinitive of an intent or threat verb read
// as an adverbial clause: it is the verb's complement, coded as the
// threat or intent of its action; a purpose clause of another verb, or an
// infinitive with its own subject, stays as it is.
func TestInfinitiveAdvclRepair(t *testing.T) {
	actors := map[string]string{"Arnor": "ARN", "Gondor": "GON", "Rohan": "ROH"}
	cases := []struct {
		name, rows string
		xcomp      int // the word (1-based) read as xcomp after the repair, 0 for none
		want       []want
	}{{
		// "Arnor threatened on Monday to impose tariffs on Gondor."
		name: "threat with a time phrase between",
		rows: `
Arnor arnor PROPN 2 nsubj
threatened threaten VERB 0 root
on on ADP 4 case
Monday monday PROPN 2 obl
to to PART 6 mark
impose impose VERB 2 advcl
tariffs tariff NOUN 6 obj
on on ADP 9 case
Gondor gondor PROPN 6 obl
. . PUNCT 2 punct`,
		xcomp: 6,
		want:  []want{{"ARN", "GON", "1312", false, "threat"}},
	}, {
		// "Rohan pledged in a speech to send food to Gondor."
		name: "pledge with a place phrase between",
		rows: `
Rohan rohan PROPN 2 nsubj
pledged pledge VERB 0 root
in in ADP 5 case
a a DET 5 det
speech speech NOUN 2 obl
to to PART 7 mark
send send VERB 2 advcl
food food NOUN 7 obj
to to ADP 10 case
Gondor gondor PROPN 7 obl
. . PUNCT 2 punct`,
		xcomp: 7,
		want:  []want{{"ROH", "GON", "0333", false, "intent"}},
	}, {
		// "Rohan travelled to Arnor to send food to Gondor.": a purpose
		// clause of a motion verb.
		name: "purpose clause",
		rows: `
Rohan rohan PROPN 2 nsubj
travelled travel VERB 0 root
to to ADP 4 case
Arnor arnor PROPN 2 obl
to to PART 6 mark
send send VERB 2 advcl
food food NOUN 6 obj
to to ADP 9 case
Gondor gondor PROPN 6 obl
. . PUNCT 2 punct`,
		want: []want{{"ROH", "ARN", "042", false, ""}, {"ROH", "GON", "073", false, ""}},
	}, {
		// "Rohan expected Arnor in a week to send food to Gondor.": the
		// infinitive is what the object does.
		name: "verb with an object",
		rows: `
Rohan rohan PROPN 2 nsubj
expected expect VERB 0 root
Arnor arnor PROPN 2 obj
in in ADP 6 case
a a DET 6 det
week week NOUN 2 obl
to to PART 8 mark
send send VERB 2 advcl
food food NOUN 8 obj
to to ADP 11 case
Gondor gondor PROPN 8 obl
. . PUNCT 2 punct`,
	}, {
		// "Arnor threatened Rohan so that Gondor would impose tariffs.":
		// the clause has a subject and no "to".
		name: "finite clause",
		rows: `
Arnor arnor PROPN 2 nsubj
threatened threaten VERB 0 root
Rohan rohan PROPN 2 obj
so so SCONJ 8 mark
that that SCONJ 4 fixed
Gondor gondor PROPN 8 nsubj
would would AUX 8 aux
impose impose VERB 2 advcl
tariffs tariff NOUN 8 obj
. . PUNCT 2 punct`,
	}}
	for _, c := range cases {
		d := mkDoc(t, c.rows, actors)
		toks := repairedTokens(d.Tokens, 0)
		for k, tk := range toks {
			if got, want := tk.Deprel == "xcomp", k+1 == c.xcomp; got != want {
				t.Errorf("%s: word %d %q is %s", c.name, k+1, tk.Form, tk.Deprel)
			}
		}
		if c.want != nil {
			check(t, c.name, run(t, testStage(t), d), c.want)
		}
	}
}

// Our own sentence with the preposition of an agreement's partner hung on
// a compound inside the partner's name: the partner is still the target.
func TestCaseOnCompoundRepair(t *testing.T) {
	actors := map[string]string{"Arnor": "ARN", "Gondor": "GON"}
	// "Arnor signed a deal with Gondor's builder Minas to build roads."
	// with "with" on "builder".
	d := mkDoc(t, `
Arnor arnor PROPN 2 nsubj
signed sign VERB 0 root
a a DET 4 det
deal deal NOUN 2 obj
with with ADP 8 case
Gondor gondor PROPN 8 nmod:poss
's 's PART 6 case
builder builder NOUN 9 compound
Minas minas PROPN 4 nmod
to to PART 11 mark
build build VERB 2 advcl
roads road NOUN 11 obj
. . PUNCT 2 punct`, actors)
	toks := repairedTokens(d.Tokens, 0)
	if h := toks[4].Head; h != 8 {
		t.Errorf("with: head %d, want 8 (Minas)", h)
	}
	check(t, "case on compound", run(t, testStage(t), d), []want{{"ARN", "GON", "057", false, ""}})
}

// Our own sentence with the subject read as a bare participle's passive
// subject: the event coder finds it as the verb's subject.
func TestParticipleSubjectRepair(t *testing.T) {
	actors := map[string]string{"Arnor": "ARN", "Gondor": "GON"}
	// "Arnor, in a letter sent on Monday, accused Gondor." with "Arnor"
	// the passive subject of "sent".
	d := mkDoc(t, `
Arnor arnor PROPN 6 nsubj:pass
, , PUNCT 1 punct
in in ADP 5 case
a a DET 5 det
letter letter NOUN 6 obl
sent send VERB 10 advcl
on on ADP 8 case
Monday monday PROPN 6 obl
, , PUNCT 6 punct
accused accuse VERB 0 root
Gondor gondor PROPN 10 obj
. . PUNCT 10 punct`, actors)
	d.Tokens[5].XPOS = "VBN" // the rows carry no XPOS; the repair reads it
	toks := repairedTokens(d.Tokens, 0)
	if h, r := toks[0].Head, toks[0].Deprel; h != 9 || r != "nsubj" {
		t.Errorf("Arnor: %d %s, want 9 nsubj", h, r)
	}
	check(t, "participle subject", run(t, testStage(t), d), []want{{"ARN", "GON", "112", false, ""}})
}
