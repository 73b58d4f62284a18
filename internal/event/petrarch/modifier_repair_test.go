package petrarch

import "testing"

// TestRepairModifierClauses: our own sentences with a verb read as a
// clause modifying its subject noun; changed gives the words (1-based)
// whose "HEAD DEPREL" the repair must change, and nothing else may move.
func TestRepairModifierClauses(t *testing.T) {
	cases := []struct {
		name, rows string
		changed    map[int]string
	}{{
		// "Arnor guards seized a Gondor spy near the gate, the herald said."
		name: "object hung on the reporting verb",
		rows: `
Arnor PROPN NNP 2 compound
guards NOUN NNS 13 nsubj
seized VERB VBN 2 acl
a DET DT 6 det
Gondor PROPN NNP 6 compound
spy NOUN NN 13 obl:unmarked
near ADP IN 9 case
the DET DT 9 det
gate NOUN NN 6 nmod
, PUNCT , 13 punct
the DET DT 12 det
herald NOUN NN 13 nsubj
said VERB VBD 0 root
. PUNCT . 13 punct`,
		changed: map[int]string{6: "3 obj"},
	}, {
		// "Gondor guards seized two spies on Monday." with the name as the
		// root and "guards" a list item of it.
		name: "name cut off from its noun",
		rows: `
Gondor PROPN NNP 0 root
guards NOUN NNS 1 list
seized VERB VBN 2 acl
two NUM CD 5 nummod
spies NOUN NNS 3 obj
on ADP IN 7 case
Monday PROPN NNP 3 obl
. PUNCT . 1 punct`,
		changed: map[int]string{1: "2 compound", 2: "0 root", 8: "2 punct"},
	}, {
		// "the spy arrested yesterday was released": a real reduced
		// relative, with the time on either verb.
		name: "reduced relative, time its own",
		rows: `
the DET DT 2 det
spy NOUN NN 6 nsubj:pass
arrested VERB VBN 2 acl
yesterday NOUN NN 3 obl:tmod
was AUX VBD 6 aux:pass
released VERB VBN 0 root`,
	}, {
		name: "reduced relative, time on the main verb",
		rows: `
the DET DT 2 det
spy NOUN NN 6 nsubj:pass
arrested VERB VBN 2 acl
yesterday NOUN NN 6 obl:tmod
was AUX VBD 6 aux:pass
released VERB VBN 0 root`,
	}, {
		// "the spy arrested in Arnor was released"
		name: "reduced relative, place on the main verb",
		rows: `
the DET DT 2 det
spy NOUN NN 7 nsubj:pass
arrested VERB VBN 2 acl
in ADP IN 5 case
Arnor PROPN NNP 7 obl
was AUX VBD 7 aux:pass
released VERB VBN 0 root`,
	}, {
		// "Gondor — guards seized two spies": a dash keeps the name apart
		// (a dateline), though the object repair still applies.
		name: "dateline before the noun",
		rows: `
Gondor PROPN NNP 0 root
— PUNCT , 3 punct
guards NOUN NNS 1 appos
seized VERB VBN 3 acl
two NUM CD 6 nummod
spies NOUN NNS 4 obj`,
	}}
	for _, c := range cases {
		checkRepair(t, c.name, c.rows, RepairModifierClauses, c.changed)
	}
}

// TestModifierClauseCoded: the petrarch coder codes the repaired clause.
func TestModifierClauseCoded(t *testing.T) {
	c := NewCoder(testDicts(t))
	tr := FromDependencies(deps(t, `
Arnor PROPN NNP 0 root
guards NOUN NNS 1 list
met VERB VBD 2 acl
Gondor PROPN NNP 3 obj
. PUNCT . 1 punct`))
	got := map[string]bool{}
	for _, e := range c.CodeTree(tr, 19950101, DefaultConfig).Events {
		got[e.Source+">"+e.Target+":"+e.Code] = true
	}
	if len(got) != 2 || !got["ARN>GON:031"] || !got["GON>ARN:031"] {
		t.Errorf("events %v\n%s", got, tr.Root)
	}
}
