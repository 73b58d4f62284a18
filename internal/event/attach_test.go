package event

import "testing"

// Our own sentences with attachments the BiLSTM-combined parser favours;
// the rows give form, lemma, UPOS, head, deprel.
func TestAmountKindOnVerb(t *testing.T) {
	actors := map[string]string{"Chile": "CHL", "Peru": "PER", "Bolivia": "BOL"}
	cases := []struct {
		name, rows string
		want       []want
	}{{
		// "Chile pledged $40 million in loans to Bolivia on Friday." with
		// "in loans" on the verb and "to Bolivia" under "loans".
		name: "kind of the amount on the verb",
		rows: `
Chile chile PROPN 2 nsubj
pledged pledge VERB 0 root
$ $ SYM 2 obj
40 40 NUM 5 compound
million million NUM 3 nummod
in in ADP 7 case
loans loan NOUN 2 obl
to to ADP 9 case
Bolivia bolivia PROPN 7 nmod
on on ADP 11 case
Friday friday PROPN 7 nmod
. . PUNCT 2 punct`,
		want: []want{{"CHL", "BOL", "0331", false, ""}},
	}, {
		// "LIMA — Peru will provide 9 billion pesos in grants to Bolivia."
		// with the dateline a second subject.
		name: "kind on the verb, dateline subject",
		rows: `
LIMA lima PROPN 5 nsubj
— — PUNCT 1 punct
Peru peru PROPN 5 nsubj
will will AUX 5 aux
provide provide VERB 0 root
9 9 NUM 7 compound
billion billion NUM 8 nummod
pesos peso NOUN 5 obj
in in ADP 10 case
grants grant NOUN 5 obl
to to ADP 12 case
Bolivia bolivia PROPN 10 nmod
. . PUNCT 5 punct`,
		want: []want{{"PER", "BOL", "033", false, "intent"}},
	}, {
		// "Chile provided food to the region in talks with Peru.": an
		// "in" phrase away from the object is no kind of it.
		name: "in-phrase not next to the object",
		rows: `
Chile chile PROPN 2 nsubj
provided provide VERB 0 root
food food NOUN 2 obj
to to ADP 6 case
the the DET 6 det
region region NOUN 2 obl
in in ADP 8 case
talks talk NOUN 2 obl
with with ADP 10 case
Peru peru PROPN 8 nmod
. . PUNCT 2 punct`,
		want: nil,
	}}
	for _, c := range cases {
		check(t, c.name, run(t, testStage(t), mkDoc(t, c.rows, actors)), c.want)
	}
}

// TestWarnedInfinitive: "Peru's ministry warned Chile of measures over its
// plans to host more Bolivian troops." with "to host" a complement of the
// warning (and, in the second row set, the plain "warned Chile to host no
// troops"): the hosting is warned about, not done.
func TestWarnedInfinitive(t *testing.T) {
	actors := map[string]string{"Chile": "CHL", "Peru": "PER", "Bolivian": "BOL"}
	cases := []struct {
		name, rows string
		want       []want
	}{{
		name: "infinitive hung on the warning",
		rows: `
Peru peru PROPN 4 nmod:poss
's 's PART 1 case
foreign foreign ADJ 4 amod
ministry ministry NOUN 5 nsubj
warned warn VERB 0 root
Chile chile PROPN 5 iobj
of of ADP 8 case
measures measure NOUN 6 nmod
over over ADP 11 case
its its PRON 11 nmod:poss
plans plan NOUN 5 obl
to to PART 13 mark
host host VERB 5 xcomp
more more ADJ 16 amod
Bolivian bolivian ADJ 16 amod
troops troop NOUN 13 obj
. . PUNCT 5 punct`,
		want: []want{{"PERGOV", "CHL", "130", false, ""}},
	}, {
		name: "warned to host",
		rows: `
Peru peru PROPN 2 nsubj
warned warn VERB 0 root
Chile chile PROPN 2 obj
to to PART 5 mark
host host VERB 2 xcomp
no no DET 8 det
Bolivian bolivian ADJ 8 amod
troops troop NOUN 5 obj
. . PUNCT 2 punct`,
		want: []want{{"PER", "CHL", "130", false, ""}},
	}}
	for _, c := range cases {
		check(t, c.name, run(t, testStage(t), mkDoc(t, c.rows, actors)), c.want)
	}
}

// TestPrepositionReadAsMark: "Chile's president spoke by phone with Peru's
// president on Sunday, the agency reported." with "with" a marker of
// "reported" and Peru's president its second subject.
func TestPrepositionReadAsMark(t *testing.T) {
	actors := map[string]string{"Chile": "CHL", "Peru": "PER"}
	d := mkDoc(t, `
Chile chile PROPN 3 nmod:poss
's 's PART 1 case
president president NOUN 4 nsubj
spoke speak VERB 0 root
by by ADP 6 case
phone phone NOUN 4 obl
with with ADP 16 mark
Peru peru PROPN 10 nmod:poss
's 's PART 8 case
president president NOUN 16 nsubj
on on ADP 12 case
Sunday sunday PROPN 10 nmod
, , PUNCT 10 punct
the the DET 15 det
agency agency NOUN 16 nsubj
reported report VERB 4 advcl
. . PUNCT 4 punct`, actors)
	check(t, "with-phrase read as a subject", run(t, testStage(t), d), []want{{"CHLGOV", "PERGOV", "041", false, ""}})
}

// TestApposedList: a list apposed to a nominal names actors: the members
// of a group word with no actor of its own, the rest of a list after a
// name; a head with an actor keeps it.
func TestApposedList(t *testing.T) {
	actors := map[string]string{"Chile": "CHL", "Peru": "PER", "Bolivia": "BOL"}
	cases := []struct {
		name, rows string
		want       []want
	}{{
		// "The group, Chile and Peru, met Bolivia."
		name: "group word",
		rows: `
The the DET 2 det
group group NOUN 8 nsubj
, , PUNCT 4 punct
Chile chile PROPN 2 appos
and and CCONJ 6 cc
Peru peru PROPN 4 conj
, , PUNCT 2 punct
met meet VERB 0 root
Bolivia bolivia PROPN 8 obj
. . PUNCT 8 punct`,
		want: []want{{"CHL", "BOL", "040", false, ""}, {"PER", "BOL", "040", false, ""}},
	}, {
		// "Chile, Peru and Bolivia met." read as Chile appos (Peru and
		// Bolivia).
		name: "name before the list",
		rows: `
Chile chile PROPN 6 nsubj
, , PUNCT 3 punct
Peru peru PROPN 1 appos
and and CCONJ 5 cc
Bolivia bolivia PROPN 3 conj
met meet VERB 0 root
. . PUNCT 6 punct`,
		want: []want{{"CHL", "PER", "040", false, ""}, {"CHL", "BOL", "040", false, ""}, {"PER", "CHL", "040", false, ""}, {"PER", "BOL", "040", false, ""}, {"BOL", "CHL", "040", false, ""}, {"BOL", "PER", "040", false, ""}},
	}, {
		// "Peru's officials, the envoy and the minister, met Chile."
		name: "head with an actor",
		rows: `
Peru peru PROPN 3 nmod:poss
's 's PART 1 case
officials official NOUN 11 nsubj
, , PUNCT 6 punct
the the DET 6 det
envoy envoy NOUN 3 appos
and and CCONJ 9 cc
the the DET 9 det
minister minister NOUN 6 conj
, , PUNCT 3 punct
met meet VERB 0 root
Chile chile PROPN 11 obj
. . PUNCT 11 punct`,
		want: []want{{"PERGOV", "CHL", "040", false, ""}},
	}}
	for _, c := range cases {
		check(t, c.name, run(t, testStage(t), mkDoc(t, c.rows, actors)), c.want)
	}
}

// TestObjectReadAsSubject: "Chile's president told Peru's congress he
// would resign." with the congress a subject of "resign".
func TestObjectReadAsSubject(t *testing.T) {
	actors := map[string]string{"Chile": "CHL", "Peru": "PER"}
	d := mkDoc(t, `
Chile chile PROPN 3 nmod:poss
's 's PART 1 case
president president NOUN 4 nsubj
told tell VERB 0 root
Peru peru PROPN 7 nmod:poss
's 's PART 5 case
congress congress NOUN 10 nsubj
he he PRON 10 nsubj
would would AUX 10 aux
resign resign VERB 4 ccomp
. . PUNCT 4 punct`, actors)
	check(t, "object read as a subject", run(t, testStage(t), d), []want{{"CHLGOV", "PER", "010", false, ""}})
}
