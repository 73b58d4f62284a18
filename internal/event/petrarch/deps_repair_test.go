package petrarch

import (
	"strings"
	"testing"
)

// TestFromDependenciesRepairs: parses with the errors a statistical parser
// makes around subjects, reporting clauses and trailing punctuation still
// give the phrase tree the coder needs.
func TestFromDependenciesRepairs(t *testing.T) {
	c := NewCoder(testDicts(t))
	cases := []struct {
		name, rows, tree string
		want             []string
	}{
		{"list parsed as apposition and two subjects", `
Arnor PROPN NNP 9 nsubj
, PUNCT , 4 punct
the DET DT 4 det
Shire PROPN NNP 1 appos
, PUNCT , 9 punct
and CCONJ CC 9 cc
proud ADJ JJ 8 amod
Rohan PROPN NNP 9 nsubj
met VERB VBD 0 root
Gondor PROPN NNP 9 obj
. PUNCT . 9 punct`, "(ROOT (S (NP (NP (NNP Arnor)) (, ,) (NP (DT the) (NNP Shire)) (, ,) (CC and) (NP (JJ proud) (NNP Rohan))) (VP (VBD met) (NP (NNP Gondor))) (. .)))",
			[]string{"ARN>GON:031", "GON>ARN:031", "FRO>GON:031", "GON>FRO:031", "BIL>GON:031", "GON>BIL:031"}},
		{"modifiers split off before the subject", `
the DET DT 2 det
old NOUN NN 5 obl:unmarked
proud ADJ JJ 2 amod
Arnor PROPN NNP 5 nsubj
met VERB VBD 0 root
Gondor PROPN NNP 5 obj
. PUNCT . 5 punct`, "(ROOT (S (NP (DT the) (NN old) (JJ proud) (NNP Arnor)) (VP (VBD met) (NP (NNP Gondor))) (. .)))",
			[]string{"ARN>GON:031", "GON>ARN:031"}},
		{"reporting clause as adverbial clause with two subjects", `
Arnor PROPN NNP 2 nsubj
met VERB VBD 0 root
Gondor PROPN NNP 2 obj
, PUNCT , 6 punct
the DET DT 6 det
radio NOUN NN 8 ccomp
Herald PROPN NNP 8 nsubj
said VERB VBD 2 advcl
. PUNCT . 2 punct`, "(ROOT (S (NP (NNP Arnor)) (VP (VBD met) (NP (NNP Gondor))) (S (NP (, ,) (DT the) (NN radio) (NNP Herald)) (VP (VBD said))) (. .)))",
			[]string{"ARN>GON:031", "GON>ARN:031"}},
		{"full stop after a conjoined clause", `
Arnor PROPN NNP 2 nsubj
met VERB VBD 0 root
Gondor PROPN NNP 2 obj
after ADP IN 5 case
crowds NOUN NNS 2 obl
gathered VERB VBD 5 acl
, PUNCT , 5 punct
an DET DT 9 det
official NOUN NN 10 nsubj
said VERB VBD 2 conj
. PUNCT . 2 punct`, "(ROOT (S (S (NP (NNP Arnor)) (VP (VBD met) (NP (NNP Gondor)) (PP (IN after) (NP (NNS crowds) (VBD gathered) (, ,))))) (S (NP (DT an) (NN official)) (VP (VBD said))) (. .)))",
			[]string{"ARN>GON:031", "GON>ARN:031"}},
		{"word before a preposition and a verb-tagged preposition", `
Arnor PROPN NNP 2 nsubj
met VERB VBD 0 root
Gondor PROPN NNP 2 obj
not PART RB 6 advmod
in ADP IN 6 case
Minas PROPN NNP 2 obl
, PUNCT , 10 punct
according VERB VBG 10 case
to ADP IN 8 fixed
sources NOUN NNS 2 obl
. PUNCT . 2 punct`, "(ROOT (S (NP (NNP Arnor)) (VP (VBD met) (NP (NNP Gondor)) (PP (RB not) (IN in) (NP (NNP Minas))) (PP (, ,) (S (VP (VBG according) (IN to))) (NP (NNS sources)))) (. .)))",
			[]string{"ARN>GON:031", "GON>ARN:031"}},
		{"two subjects with other words between are not a list", `
Arnor PROPN NNP 8 nsubj
met VERB VBD 1 acl
Gondor PROPN NNP 2 obj
two NUM CD 5 nummod
days NOUN NNS 8 obl:unmarked
, PUNCT , 5 punct
officials NOUN NNS 8 nsubj
said VERB VBD 0 root
. PUNCT . 8 punct`, "(ROOT (S (NP (NP (NNP Arnor)) (S (VP (VBD met) (NP (NNP Gondor))))) (NP (CD two) (NNS days) (, ,)) (NP (NNS officials)) (VP (VBD said)) (. .)))",
			nil},
		{"list with nested conjuncts and an apposition", `
Rohan PROPN NNP 9 nsubj
, PUNCT , 3 punct
Arnor PROPN NNP 1 conj
, PUNCT , 5 punct
Dale PROPN NNP 3 appos
and CCONJ CC 8 cc
the DET DT 8 det
Shire PROPN NNP 3 conj
met VERB VBD 0 root
Gondor PROPN NNP 9 obj
. PUNCT . 9 punct`, "(ROOT (S (NP (NP (NNP Rohan)) (, ,) (NP (NNP Arnor)) (, ,) (NP (NNP Dale)) (CC and) (NP (DT the) (NNP Shire))) (VP (VBD met) (NP (NNP Gondor))) (. .)))",
			[]string{"ARN>GON:031", "GON>ARN:031", "FRO>GON:031", "GON>FRO:031", "BIL>GON:031", "GON>BIL:031"}},
		{"clause read as a noun with a reduced relative", `
Arnor PROPN NNP 0 root
's PART POS 1 case
new ADJ JJ 4 amod
king NOUN NN 5 compound
met VERB VBN 1 acl:relcl
Gondor PROPN NNP 5 obj
yesterday NOUN NN 5 obl:unmarked
. PUNCT . 1 punct`, "(ROOT (S (NP (NP (NNP Arnor) (POS 's)) (JJ new) (NN king)) (VP (VBD met) (NP (NNP Gondor)) (NP (NN yesterday))) (. .)))",
			[]string{"ARN>GON:031", "GON>ARN:031"}},
		{"subject read as a bare participle's", `
Arnor PROPN NNP 6 nsubj:pass
, PUNCT , 1 punct
in ADP IN 5 case
a DET DT 5 det
letter NOUN NN 6 obl
sent VERB VBN 9 advcl
yesterday NOUN NN 6 obl:unmarked
, PUNCT , 6 punct
met VERB VBD 0 root
Gondor PROPN NNP 9 obj
. PUNCT . 9 punct`, "(ROOT (S (NP (NP (NNP Arnor) (, ,)) (PP (IN in) (NP (NP (DT a) (NN letter)) (S (VP (VBN sent) (NP (NN yesterday)))))) (, ,)) (VP (VBD met) (NP (NNP Gondor))) (. .)))",
			[]string{"ARN>GON:031", "GON>ARN:031"}},
		{"closing reporting clause hung inside the sentence", `
Arnor PROPN NNP 2 nsubj
restored VERB VBD 0 root
ties NOUN NNS 2 obj
with ADP IN 5 case
Gondor PROPN NNP 3 nmod
two NUM CD 7 nummod
years NOUN NNS 2 obl:unmarked
after ADP IN 10 case
the DET DT 10 det
war NOUN NN 15 obl
, PUNCT , 14 punct
a DET DT 14 det
senior ADJ JJ 14 amod
official NOUN NN 15 nsubj
said VERB VBD 7 acl:relcl
. PUNCT . 2 punct`, "(ROOT (S (NP (NNP Arnor)) (VP (VBD restored) (NP (NP (NNS ties)) (PP (IN with) (NP (NNP Gondor)))) (NP (CD two) (NNS years))) (S (PP (IN after) (NP (DT the) (NN war))) (NP (, ,) (DT a) (JJ senior) (NN official)) (VP (VBD said))) (. .)))",
			[]string{"ARN>GON:064"}},
		{"place name tagged as a gerund subject", `
Arnorong VERB VBG 3 csubj
today NOUN NN 1 obl
met VERB VBD 0 root
Gondor PROPN NNP 3 obj
. PUNCT . 3 punct`, "(ROOT (S (NP (NNP Arnorong) (NN today)) (VP (VBD met) (NP (NNP Gondor))) (. .)))",
			nil},
		{"finite verb read as an adjective of the root's object", `
Arnor PROPN NNP 0 root
met VERB VBD 3 amod
Gondor PROPN NNP 1 obj
today NOUN NN 1 obl:unmarked
. PUNCT . 1 punct`, "(ROOT (S (NP (NNP Arnor)) (VP (VBD met) (NP (NNP Gondor)) (NP (NN today))) (. .)))",
			[]string{"ARN>GON:031", "GON>ARN:031"}},
		{"second predicate read as an adjective after and", `
Arnor PROPN NNP 2 nsubj
met VERB VBD 0 root
Gondor PROPN NNP 2 obj
on ADP IN 5 case
Thursday PROPN NNP 2 obl
and CCONJ CC 7 cc
met VERB VBD 8 amod
Rohan PROPN NNP 5 conj
. PUNCT . 2 punct`, "(ROOT (S (NP (NNP Arnor)) (VP (VP (VBD met) (NP (NNP Gondor)) (PP (IN on) (NP (NNP Thursday)))) (CC and) (VP (VBD met) (NP (NNP Rohan))))))",
			[]string{"ARN>GON:031", "GON>ARN:031"}},
		{"subordinate clause read as a PP and a second predicate", `
Arnor PROPN NNP 2 nsubj
met VERB VBD 0 root
Gondor PROPN NNP 2 obj
after ADP IN 5 case
Rohan PROPN NNP 2 obl
was AUX VBD 7 aux:pass
met VERB VBN 2 conj
. PUNCT . 2 punct`, "(ROOT (S (NP (NNP Arnor)) (VP (VBD met) (NP (NNP Gondor)) (SBAR (IN after) (S (NP (NNP Rohan)) (VP (VBD was) (VP (VBN met)))))) (. .)))",
			[]string{"ARN>GON:031", "GON>ARN:031"}},
		{"list read as a name apposed to a list of names", `
Arnor PROPN NNP 9 nsubj
, PUNCT , 4 punct
the DET DT 4 det
Shire PROPN NNP 1 appos
, PUNCT , 6 punct
Rohan PROPN NNP 4 conj
and CCONJ CC 8 cc
Dale PROPN NNP 4 conj
met VERB VBD 0 root
Gondor PROPN NNP 9 obj
. PUNCT . 9 punct`, "(ROOT (S (NP (NP (NNP Arnor)) (, ,) (NP (DT the) (NNP Shire)) (, ,) (NP (NNP Rohan)) (CC and) (NP (NNP Dale))) (VP (VBD met) (NP (NNP Gondor))) (. .)))",
			[]string{"ARN>GON:031", "GON>ARN:031", "FRO>GON:031", "GON>FRO:031", "BIL>GON:031", "GON>BIL:031"}},
		// The realms are the names: coded through the apposition.
		{"a common noun apposed to a list of names stays an apposition", `
two NUM CD 2 nummod
realms NOUN NNS 9 nsubj
, PUNCT , 5 punct
the DET DT 5 det
Shire PROPN NNP 2 appos
and CCONJ CC 7 cc
Arnor PROPN NNP 5 conj
, PUNCT , 5 punct
met VERB VBD 0 root
Gondor PROPN NNP 9 obj
. PUNCT . 9 punct`, "(ROOT (S (NP (NP (CD two) (NNS realms)) (NP (NP (, ,) (DT the) (NNP Shire)) (CC and) (NP (NNP Arnor)) (, ,))) (VP (VBD met) (NP (NNP Gondor))) (. .)))",
			[]string{"ARN>GON:031", "GON>ARN:031", "FRO>GON:031", "GON>FRO:031", "BIL>GON:031", "GON>BIL:031"}},
		{"a participle before a noun in a list stays an adjective", `
Arnor PROPN NNP 2 nsubj
met VERB VBD 0 root
the DET DT 4 det
old ADJ JJ 2 obj
and CCONJ CC 7 cc
promised VERB VBN 7 amod
lands NOUN NNS 4 conj
. PUNCT . 2 punct`, "(ROOT (S (NP (NNP Arnor)) (VP (VBD met) (ADJP (ADJP (DT the) (JJ old)) (CC and) (NP (VBN promised) (NNS lands)))) (. .)))",
			nil},
	}
	for _, tc := range cases {
		tr := FromDependencies(deps(t, tc.rows))
		res := c.CodeTree(tr, 19950101, DefaultConfig)
		if got := tr.Root.String(); got != tc.tree {
			t.Errorf("%s: tree\n got %s\nwant %s", tc.name, got, tc.tree)
		}
		got := map[string]bool{}
		for _, e := range res.Events {
			got[e.Source+">"+e.Target+":"+e.Code] = true
		}
		ok := len(got) == len(tc.want)
		for _, w := range tc.want {
			ok = ok && got[w]
		}
		if !ok {
			t.Errorf("%s: events %v, want %s\n%s", tc.name, got, strings.Join(tc.want, " "), tr.Root)
		}
	}
}

// TestCodeRecordTree: a tree from our own parse gets the record-level
// checks too (a dateline codes nothing), and otherwise codes as CodeTree.
func TestCodeRecordTree(t *testing.T) {
	c := NewCoder(testDicts(t))
	dateline := FromDependencies(deps(t, `
MINAS PROPN NNP 2 compound
TIRITH PROPN NNP 0 root
, PUNCT , 2 punct
Mar PROPN NNP 2 appos
3 NUM CD 4 nummod
( PUNCT -LRB- 7 punct
AFP PROPN NNP 4 appos
) PUNCT -RRB- 7 punct`))
	out := c.CodeRecordTree(&Record{ID: "d", Date: "19950101"}, dateline)
	if out.Error != "dateline" || len(out.Events) != 0 {
		t.Errorf("dateline: got %+v", out)
	}
	clause := FromDependencies(deps(t, `
Arnor PROPN NNP 2 nsubj
met VERB VBD 0 root
Gondor PROPN NNP 2 obj
. PUNCT . 2 punct`))
	out = c.CodeRecordTree(&Record{ID: "c", Date: "19950101"}, clause)
	if out.Error != "" || len(out.Events) != 2 {
		t.Errorf("clause: got %+v", out)
	}
}
