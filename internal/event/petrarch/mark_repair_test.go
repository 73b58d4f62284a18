package petrarch

import "testing"

// TestRepairPrepositionMark: our own sentences with a preposition read as
// the marker of a later clause; changed gives the words (1-based) whose
// "HEAD DEPREL" the repair must change, and nothing else may move.
func TestRepairPrepositionMark(t *testing.T) {
	cases := []struct {
		name, rows string
		changed    map[int]string
	}{{
		// "Arnor spoke by phone with the king of Gondor on Sunday, the
		// herald reported."
		name: "with-phrase read as a second subject of the reporting clause",
		rows: `
Arnor PROPN NNP 2 nsubj
spoke VERB VBD 0 root
by ADP IN 4 case
phone NOUN NN 2 obl
with ADP IN 15 mark
the DET DT 7 det
king NOUN NN 15 nsubj
of ADP IN 9 case
Gondor PROPN NNP 7 nmod
on ADP IN 11 case
Sunday PROPN NNP 7 nmod
, PUNCT , 7 punct
the DET DT 14 det
herald NOUN NN 15 nsubj
reported VERB VBD 2 advcl
. PUNCT . 2 punct`,
		changed: map[int]string{5: "7 case", 7: "2 obl"},
	}, {
		// "The lords of the Shire were expected to meet Gondor." with "of"
		// and "the" hung on "expected" and the Shire its second subject.
		name: "of-phrase read as a second subject",
		rows: `
The DET DT 2 det
lords NOUN NNS 7 nsubj:pass
of ADP IN 7 mark
the DET DT 7 det
Shire PROPN NNP 7 nsubj:pass
were AUX VBD 7 aux:pass
expected VERB VBN 0 root
to PART TO 9 mark
meet VERB VB 7 xcomp
Gondor PROPN NNP 9 obj
. PUNCT . 7 punct`,
		changed: map[int]string{3: "5 case", 4: "5 det", 5: "2 nmod"},
	}, {
		// "Arnor left after the king of Gondor arrived.": one subject, a
		// real clause.
		name: "clause with one subject",
		rows: `
Arnor PROPN NNP 2 nsubj
left VERB VBD 0 root
after ADP IN 8 mark
the DET DT 5 det
king NOUN NN 8 nsubj
of ADP IN 7 case
Gondor PROPN NNP 5 nmod
arrived VERB VBD 2 advcl
. PUNCT . 2 punct`,
	}, {
		// "Arnor met Gondor, while the king and the herald watched.": a
		// conjunction, not a preposition, marks it.
		name: "conjunction marker",
		rows: `
Arnor PROPN NNP 2 nsubj
met VERB VBD 0 root
Gondor PROPN NNP 2 obj
, PUNCT , 11 punct
while SCONJ IN 11 mark
the DET DT 7 det
king NOUN NN 11 nsubj
and CCONJ CC 10 cc
the DET DT 10 det
herald NOUN NN 11 nsubj
watched VERB VBD 2 advcl
. PUNCT . 2 punct`,
	}}
	for _, c := range cases {
		checkRepair(t, c.name, c.rows, RepairPrepositionMark, c.changed)
	}
}

// TestRepairObjectAsSubject: our own sentences with the object of a verb
// read as the first of two subjects of its complement clause.
func TestRepairObjectAsSubject(t *testing.T) {
	cases := []struct {
		name, rows string
		changed    map[int]string
	}{{
		// "Arnor told the king he would leave."
		name: "object read as a subject of the complement",
		rows: `
Arnor PROPN NNP 2 nsubj
told VERB VBD 0 root
the DET DT 4 det
king NOUN NN 7 nsubj
he PRON PRP 7 nsubj
would AUX MD 7 aux
leave VERB VB 2 ccomp
. PUNCT . 2 punct`,
		changed: map[int]string{4: "2 iobj"},
	}, {
		// "Arnor said the king and he would leave.": one compound subject.
		name: "coordinated subjects",
		rows: `
Arnor PROPN NNP 2 nsubj
said VERB VBD 0 root
the DET DT 4 det
king NOUN NN 8 nsubj
and CCONJ CC 6 cc
he PRON PRP 4 conj
would AUX MD 8 aux
leave VERB VB 2 ccomp
. PUNCT . 2 punct`,
	}}
	for _, c := range cases {
		checkRepair(t, c.name, c.rows, RepairObjectAsSubject, c.changed)
	}
}
