package event

import "testing"

// Our own sentences with the parse mistakes of a verb read as a modifier
// of its subject noun, and of "provide X with Y"; the rows give
// form, lemma, UPOS, head, deprel, and xpos sets the tags the repairs read.
func TestModifierClauseRepairs(t *testing.T) {
	actors := map[string]string{"Chile": "CHL", "Peru": "PER", "Bolivia": "BOL", "Bolivian": "BOL",
		"Peruvian": "PER", "New Zealand": "NZL", "LIMA": "PERGOV"}
	cases := []struct {
		name, rows string
		xpos       map[int]string // token (1-based) → XPOS
		want       []want
	}{{
		// "LIMA — Peruvian police arrested a Bolivian trader hiding near
		// the port, the minister said." with "arrested" a clause of
		// "police" and the trader a bare oblique of "said".
		name: "participle clause whose object hangs off a later verb",
		rows: `
LIMA lima PROPN 16 nsubj
— — PUNCT 4 punct
Peruvian peruvian ADJ 4 amod
police police NOUN 1 appos
arrested arrest VERB 4 acl
a a DET 8 det
Bolivian bolivian ADJ 8 amod
trader trader NOUN 16 obl:unmarked
hiding hide VERB 8 acl
near near ADP 12 case
the the DET 12 det
port port NOUN 9 obl
, , PUNCT 12 punct
the the DET 15 det
minister minister NOUN 16 nsubj
said say VERB 0 root
. . PUNCT 16 punct`,
		xpos: map[int]string{5: "VBN"},
		want: []want{{"PERCOP", "BOL", "173", false, ""}},
	}, {
		// "New Zealand police detained four students on Monday." with the
		// name as the root and "police" a list item after it.
		name: "name cut off from the noun it modifies",
		rows: `
New new PROPN 0 root
Zealand zealand PROPN 1 flat
police police NOUN 1 list
detained detain VERB 3 acl
four four NUM 6 nummod
students student NOUN 4 obj
on on ADP 8 case
Monday monday PROPN 4 obl
. . PUNCT 1 punct`,
		xpos: map[int]string{4: "VBN"},
		want: []want{{"NZLCOP", "NZLEDU", "173", false, ""}},
	}, {
		// "The Peruvian trader arrested yesterday was released by Chile.":
		// a real reduced relative; the release only, no arrest by the
		// trader.
		name: "reduced relative with a time",
		rows: `
The the DET 3 det
Peruvian peruvian ADJ 3 amod
trader trader NOUN 7 nsubj:pass
arrested arrest VERB 3 acl
yesterday yesterday NOUN 4 obl:tmod
was be AUX 7 aux:pass
released release VERB 0 root
by by ADP 9 case
Chile chile PROPN 7 obl
. . PUNCT 7 punct`,
		xpos: map[int]string{4: "VBN", 7: "VBN"},
		want: []want{{"CHL", "PER", "0841", false, ""}},
	}, {
		// The same with "yesterday" hung on the main verb.
		name: "reduced relative, time on the main verb",
		rows: `
The the DET 3 det
Peruvian peruvian ADJ 3 amod
trader trader NOUN 7 nsubj:pass
arrested arrest VERB 3 acl
yesterday yesterday NOUN 7 obl:tmod
was be AUX 7 aux:pass
released release VERB 0 root
by by ADP 9 case
Chile chile PROPN 7 obl
. . PUNCT 7 punct`,
		xpos: map[int]string{4: "VBN", 7: "VBN"},
		want: []want{{"CHL", "PER", "0841", false, ""}},
	}, {
		// "Chile would provide Bolivia with 300 million pesos in loans."
		// with "with" on the number.
		name: "provide a recipient with aid",
		rows: `
Chile chile PROPN 3 nsubj
would would AUX 3 aux
provide provide VERB 0 root
Bolivia bolivia PROPN 3 obj
with with ADP 7 case
300 300 NUM 7 compound
million million NUM 8 nummod
pesos peso NOUN 3 obl
in in ADP 10 case
loans loan NOUN 8 nmod
. . PUNCT 3 punct`,
		want: []want{{"CHL", "BOL", "0331", false, "intent"}},
	}, {
		name: "provided with aid, passive",
		rows: `
Bolivia bolivia PROPN 3 nsubj:pass
was be AUX 3 aux:pass
provided provide VERB 0 root
with with ADP 5 case
food food NOUN 3 obl
by by ADP 7 case
Peru peru PROPN 3 obl
. . PUNCT 3 punct`,
		xpos: map[int]string{3: "VBN"},
		want: []want{{"PER", "BOL", "073", false, ""}},
	}, {
		// "Chile provided the details with aid workers.": the object is
		// no recipient, so "with" is no thing given.
		name: "provide a thing with company",
		rows: `
Chile chile PROPN 2 nsubj
provided provide VERB 0 root
the the DET 4 det
details detail NOUN 2 obj
with with ADP 7 case
aid aid NOUN 7 compound
workers worker NOUN 2 obl
. . PUNCT 2 punct`,
		want: nil,
	}}
	for _, c := range cases {
		d := mkDoc(t, c.rows, actors)
		for k, x := range c.xpos {
			d.Tokens[k-1].XPOS = x
		}
		heads := make([]int, len(d.Tokens))
		for k, tk := range d.Tokens {
			heads[k] = tk.Head
		}
		check(t, c.name, run(t, testStage(t), d), c.want)
		for k, tk := range d.Tokens {
			if tk.Head != heads[k] {
				t.Errorf("%s: the Doc's parse changed at token %d", c.name, k)
			}
		}
	}
}
