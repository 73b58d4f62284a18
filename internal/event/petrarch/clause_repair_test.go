package petrarch

import "testing"

// TestClauseRepairs: our own sentences with a clause or coordination the
// parser hung loosely; changed gives the words (1-based) whose "HEAD
// DEPREL" the repair must change, and nothing else may move.
func TestClauseRepairs(t *testing.T) {
	cases := []struct {
		name, rows string
		repair     func([]DepToken)
		changed    map[int]string
	}{{
		// "Arnor expressed hope on Monday that Gondor would join the talks."
		name:   "that-clause read as parataxis",
		repair: repairThatParataxis,
		rows: `
Arnor PROPN NNP 2 nsubj
expressed VERB VBD 0 root
hope NOUN NN 2 obj
on ADP IN 5 case
Monday PROPN NNP 2 obl
that SCONJ IN 9 mark
Gondor PROPN NNP 9 nsubj
would AUX MD 9 aux
join VERB VB 2 parataxis
the DET DT 11 det
talks NOUN NNS 9 obj
. PUNCT . 2 punct`,
		changed: map[int]string{9: "2 ccomp"},
	}, {
		// "Arnor will attend, the herald said.": a loose clause with no
		// complementiser.
		name:   "reporting parataxis",
		repair: repairThatParataxis,
		rows: `
Arnor PROPN NNP 3 nsubj
will AUX MD 3 aux
attend VERB VB 0 root
, PUNCT , 7 punct
the DET DT 6 det
herald NOUN NN 7 nsubj
said VERB VBD 3 parataxis
. PUNCT . 3 punct`,
	}, {
		// "Arnor's old and wise minister Elrond met Gondor." with "old" on
		// Elrond and "and wise" on "minister".
		name:   "adjectives split over two nouns",
		repair: repairAdjectiveCoordination,
		rows: `
Arnor PROPN NNP 7 nmod:poss
's PART POS 1 case
old ADJ JJ 7 amod
and CCONJ CC 6 cc
wise ADJ JJ 6 amod
minister NOUN NN 7 compound
Elrond PROPN NNP 8 nsubj
met VERB VBD 0 root
Gondor PROPN NNP 8 obj
. PUNCT . 8 punct`,
		changed: map[int]string{4: "5 cc", 5: "3 conj"},
	}, {
		// "Old and new envoys of Arnor met Gondor.": coordinated already.
		name:   "coordinated adjectives",
		repair: repairAdjectiveCoordination,
		rows: `
Old ADJ JJ 4 amod
and CCONJ CC 3 cc
new ADJ JJ 1 conj
envoys NOUN NNS 7 nsubj
of ADP IN 6 case
Arnor PROPN NNP 4 nmod
met VERB VBD 0 root
Gondor PROPN NNP 7 obj
. PUNCT . 7 punct`,
	}, {
		// "Arnor praised its trust in Gondor, and Rohan's help." with
		// "help" a modifier of "trust".
		name:   "conjunct read as a modifier",
		repair: repairCoordinatedModifier,
		rows: `
Arnor PROPN NNP 2 nsubj
praised VERB VBD 0 root
its PRON PRP$ 4 nmod:poss
trust NOUN NN 2 obj
in ADP IN 6 case
Gondor PROPN NNP 4 nmod
, PUNCT , 11 punct
and CCONJ CC 11 cc
Rohan PROPN NNP 11 nmod:poss
's PART POS 9 case
help NOUN NN 4 nmod
. PUNCT . 2 punct`,
		changed: map[int]string{11: "4 conj"},
	}, {
		// "Arnor praised its trust in Gondor and Rohan's help.": no comma,
		// so the conjunction may join the names alone.
		name:   "modifier after a conjunction without a comma",
		repair: repairCoordinatedModifier,
		rows: `
Arnor PROPN NNP 2 nsubj
praised VERB VBD 0 root
its PRON PRP$ 4 nmod:poss
trust NOUN NN 2 obj
in ADP IN 6 case
Gondor PROPN NNP 4 nmod
and CCONJ CC 10 cc
Rohan PROPN NNP 10 nmod:poss
's PART POS 8 case
help NOUN NN 4 nmod
. PUNCT . 2 punct`,
	}, {
		// "Arnor praised its trust in Gondor and in Rohan.": the second
		// phrase has its own preposition.
		name:   "modifier with a preposition",
		repair: repairCoordinatedModifier,
		rows: `
Arnor PROPN NNP 2 nsubj
praised VERB VBD 0 root
its PRON PRP$ 4 nmod:poss
trust NOUN NN 2 obj
in ADP IN 6 case
Gondor PROPN NNP 4 nmod
and CCONJ CC 9 cc
in ADP IN 9 case
Rohan PROPN NNP 4 nmod
. PUNCT . 2 punct`,
	}, {
		// "Arnor will restore, it appears, full ties with Gondor." with
		// "ties" a conjunct of "appears".
		name:   "noun phrase read as a conjunct of a verb",
		repair: repairNominalConjunct,
		rows: `
Arnor PROPN NNP 3 nsubj
will AUX MD 3 aux
restore VERB VB 0 root
, PUNCT , 6 punct
it PRON PRP 6 nsubj
appears VERB VBZ 3 parataxis
, PUNCT , 9 punct
full ADJ JJ 9 amod
ties NOUN NNS 6 conj
with ADP IN 11 case
Gondor PROPN NNP 9 nmod
. PUNCT . 3 punct`,
		changed: map[int]string{9: "6 obj"},
	}, {
		// "Arnor met Gondor, and talks with Rohan." with "talks" a
		// conjunct of "met": a conjunction joins them, and the verb has
		// its object.
		name:   "noun phrase after a conjunction",
		repair: repairNominalConjunct,
		rows: `
Arnor PROPN NNP 2 nsubj
met VERB VBD 0 root
Gondor PROPN NNP 2 obj
, PUNCT , 6 punct
and CCONJ CC 6 cc
talks NOUN NNS 2 conj
with ADP IN 8 case
Rohan PROPN NNP 6 nmod
. PUNCT . 2 punct`,
	}, {
		// "Arnor signed a pact with Gondorian trader Minas." with "with" on
		// "trader", a compound of "Minas".
		name:   "preposition on a compound",
		repair: RepairCaseOnCompound,
		rows: `
Arnor PROPN NNP 2 nsubj
signed VERB VBD 0 root
a DET DT 4 det
pact NOUN NN 2 obj
with ADP IN 7 case
Gondorian ADJ JJ 7 amod
trader NOUN NN 8 compound
Minas PROPN NNP 4 nmod
. PUNCT . 2 punct`,
		changed: map[int]string{5: "8 case"},
	}, {
		// "Arnor met with Gondor's trade envoy Minas." with "with" on
		// "trade": it climbs both compounds.
		name:   "preposition on a compound of a compound",
		repair: RepairCaseOnCompound,
		rows: `
Arnor PROPN NNP 2 nsubj
met VERB VBD 0 root
with ADP IN 6 case
Gondor PROPN NNP 8 nmod:poss
's PART POS 4 case
trade NOUN NN 7 compound
envoy NOUN NN 8 compound
Minas PROPN NNP 2 obl
. PUNCT . 2 punct`,
		changed: map[int]string{3: "8 case"},
	}, {
		// "Arnor sent aid via Rohan to Gondor camps." with "Rohan" read as
		// a compound of "camps": the head has its own preposition, so
		// "via" stays where it is.
		name:   "head with its own preposition",
		repair: RepairCaseOnCompound,
		rows: `
Arnor PROPN NNP 2 nsubj
sent VERB VBD 0 root
aid NOUN NN 2 obj
via ADP IN 5 case
Rohan PROPN NNP 8 compound
to ADP IN 8 case
Gondor PROPN NNP 8 compound
camps NOUN NNS 2 obl
. PUNCT . 2 punct`,
	}, {
		// "On Monday, traders in Arnor sold." with "Monday" read as a
		// compound of "traders": the comma keeps them apart.
		name:   "compound cut off by a comma",
		repair: RepairCaseOnCompound,
		rows: `
On ADP IN 2 case
Monday PROPN NNP 4 compound
, PUNCT , 2 punct
traders NOUN NNS 7 nsubj
in ADP IN 6 case
Arnor PROPN NNP 4 nmod
sold VERB VBD 0 root
. PUNCT . 7 punct`,
	}, {
		// "Prices fell, mostly in the Arnorian and Gondorian pound." with
		// "Arnorian" read as a compound of "pound" with its own determiner.
		name:   "compound with a determiner",
		repair: RepairCaseOnCompound,
		rows: `
Prices NOUN NNS 2 nsubj
fell VERB VBD 0 root
, PUNCT , 10 punct
mostly ADV RB 10 advmod
in ADP IN 7 case
the DET DT 7 det
Arnorian PROPN NNP 10 compound
and CCONJ CC 9 cc
Gondorian ADJ JJ 10 amod
pound NOUN NN 2 obl
. PUNCT . 2 punct`,
	}, {
		// "Arnor's envoy, in a letter sent on Monday, urged Gondor to
		// attend." with "envoy" the passive subject of "sent".
		name:   "subject read as a bare participle's",
		repair: RepairParticipleSubject,
		rows: `
Arnor PROPN NNP 3 nmod:poss
's PART POS 1 case
envoy NOUN NN 8 nsubj:pass
, PUNCT , 3 punct
in ADP IN 7 case
a DET DT 7 det
letter NOUN NN 8 obl
sent VERB VBN 12 advcl
on ADP IN 10 case
Monday PROPN NNP 8 obl
, PUNCT , 8 punct
urged VERB VBD 0 root
Gondor PROPN NNP 12 obj
to PART TO 15 mark
attend VERB VB 12 xcomp
. PUNCT . 12 punct`,
		changed: map[int]string{3: "12 nsubj", 7: "3 nmod", 8: "7 acl", 11: "3 punct"},
	}, {
		// "The votes counted, Arnor's envoy urged Gondor to attend.": an
		// absolute phrase before a verb with a subject of its own.
		name:   "absolute participle phrase",
		repair: RepairParticipleSubject,
		rows: `
The DET DT 2 det
votes NOUN NNS 3 nsubj:pass
counted VERB VBN 8 advcl
, PUNCT , 3 punct
Arnor PROPN NNP 7 nmod:poss
's PART POS 5 case
envoy NOUN NN 8 nsubj
urged VERB VBD 0 root
Gondor PROPN NNP 8 obj
to PART TO 11 mark
attend VERB VB 8 xcomp
. PUNCT . 8 punct`,
	}, {
		// "Arnor's envoy, who was sent on Monday, urged Gondor to
		// attend." read with "envoy" the subject of "sent": a passive with
		// its auxiliary is a clause of its own.
		name:   "passive with an auxiliary",
		repair: RepairParticipleSubject,
		rows: `
Arnor PROPN NNP 3 nmod:poss
's PART POS 1 case
envoy NOUN NN 7 nsubj:pass
, PUNCT , 3 punct
who PRON WP 7 nsubj:pass
was AUX VBD 7 aux:pass
sent VERB VBN 11 advcl
on ADP IN 9 case
Monday PROPN NNP 7 obl
, PUNCT , 7 punct
urged VERB VBD 0 root
Gondor PROPN NNP 11 obj
to PART TO 14 mark
attend VERB VB 11 xcomp
. PUNCT . 11 punct`,
	}}
	for _, c := range cases {
		checkRepair(t, c.name, c.rows, c.repair, c.changed)
	}
}
