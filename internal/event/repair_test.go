package event

import "testing"

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
