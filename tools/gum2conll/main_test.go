package main

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// conllu builds CoNLL-U from compact rows "ID FORM LEMMA UPOS XPOS HEAD DEPREL MISC";
// a row starting with "#" is copied, an empty row ends a sentence.
func conllu(rows ...string) string {
	var b strings.Builder
	for _, r := range rows {
		if r == "" || strings.HasPrefix(r, "#") {
			b.WriteString(r + "\n")
			continue
		}
		f := strings.Fields(r)
		b.WriteString(strings.Join([]string{f[0], f[1], f[2], f[3], f[4], "_", f[5], f[6], "_", f[7]}, "\t") + "\n")
	}
	return b.String()
}

// Hand-written sentences (not GUM text) exercising each rule of convert.
var sample = conllu(
	"# newdoc id = GUM_news_sample",
	"# global.Entity = GRP-etype-infstat-salience-centering-minspan-link-identity",
	"1 Yesterday yesterday NOUN NN 5 obl:tmod Entity=(1-time-new-nnnnn-cf1-1-sgl)",
	"2 President President PROPN NNP 3 compound Entity=(2-person-new-nnnnn-cf1-2,3-sgl",
	"3 Ada Ada PROPN NNP 5 nsubj _",
	"4 Lovelace Lovelace PROPN NNP 3 flat Entity=2)",
	"5 visited visit VERB VBD 0 root _",
	"6 the the DET DT 7 det Entity=(3-organization-new-nnnnn-cf2-2-sgl",
	"7 Bank Bank PROPN NNP 5 obj _",
	"8 of of ADP IN 10 case _",
	"9 the the DET DT 10 det Entity=(4-place-new-nnnnn-cf3-2-sgl",
	"10 Netherlands Netherlands PROPN NNPS 7 nmod Entity=4)3)",
	"11 in in ADP IN 12 case _",
	"12 Leiden Leiden PROPN NNP 5 obl Entity=(5-place-new-nnnnn-cf3-1-sgl)",
	"13 . . PUNCT . 5 punct _",
	"",
	"1 Two two NUM CD 3 nummod Entity=(6-person-new-nnnnn-cf1-3-sgl",
	"2 American American ADJ JJ 3 amod _",
	"3 tourists tourist NOUN NNS 4 nsubj Entity=6)",
	"4 met meet VERB VBD 0 root _",
	"5 a a DET DT 6 det Entity=(7-person-new-nnnnn-cf2-2-sgl",
	"6 guide guide NOUN NN 4 obj _",
	"7 from from ADP IN 8 case _",
	"8 Leiden Leiden PROPN NNP 6 nmod Entity=(8-place-giv:act-nnnnn-cf3-1-coref",
	"9 , , PUNCT , 11 punct _",
	"10 a a DET DT 11 det _",
	"11 town town NOUN NN 8 appos _",
	"12 near near ADP IN 13 case _",
	"13 Delft Delft PROPN NNP 11 nmod Entity=(9-place-new-nnnnn-cf4-1-sgl)8)7)",
	"14 on on ADP IN 15 case _",
	"15 Monday Monday PROPN NNP 4 obl Entity=(10-time-new-nnnnn-cf5-1-sgl)",
	"16 . . PUNCT . 4 punct _",
	"",
	"# newdoc id = GUM_fiction_sample",
	"1 Madam Madam PROPN NNP 2 compound Entity=(11-person-new-nnnnn-cf1-1,2-sgl",
	"2 Speaker Speaker PROPN NNP 12 vocative Entity=11)",
	"3 , , PUNCT , 2 punct _",
	"4 the the DET DT 5 det Entity=(12-person-new-nnnnn-cf1-2-sgl(13-person-new-nnnnn-cf2-2-sgl",
	"5 Americans American PROPN NNPS 12 nsubj Entity=13)",
	"6 and and CCONJ CC 7 cc _",
	"7 Kim Kim PROPN NNP 5 conj Entity=(14-person-new-nnnnn-cf3-1-sgl",
	"8 Lee Lee PROPN NNP 7 flat _",
	"9 of of ADP IN 11 case _",
	"10 Acme Acme PROPN NNP 11 compound Entity=(15-organization-new-nnnnn-cf4-2-sgl",
	"11 Corp Corp PROPN NNP 7 nmod Entity=15)14)12)",
	"12-13 can't _ _ _ _ _ _",
	"12 ca can AUX MD 14 aux _",
	"13 n't not PART RB 14 advmod _",
	"14 agree agree VERB VB 0 root _",
	"14.1 agree agree VERB VB _ _ _",
	"15 . . PUNCT . 14 punct _",
	"",
	"1 Millions million NOUN NNS 4 nsubj Entity=(16-person-new-nnnnn-cf1-1-sgl",
	"2 of of ADP IN 3 case _",
	"3 Americans American PROPN NNPS 1 nmod Entity=16)",
	"4 vote vote VERB VBP 0 root _",
	"5 . . PUNCT . 4 punct _",
	"",
)

func TestConvert(t *testing.T) {
	docs, err := readCoNLLU(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || len(docs[0].sents) != 2 || len(docs[1].sents) != 2 {
		t.Fatalf("read %d documents", len(docs))
	}
	if g := []string{docs[0].genre(), docs[1].genre()}; !reflect.DeepEqual(g, []string{"news", "fiction"}) {
		t.Errorf("genres %v", g)
	}
	tests := []struct {
		doc, sent int
		want      string
	}{
		// Title outside the name; "of the" joins inside an organisation; the
		// place nested in it is dropped; a time mention is not a name.
		{0, 0, "O O B-PER I-PER O O B-ORG I-ORG I-ORG I-ORG O B-LOC O"},
		// A demonym adjective is MISC; names inside non-name mentions stay.
		{0, 1, "O B-MISC O O O O O B-LOC O O O O B-LOC O O O"},
		// A title alone is no name; a plural people noun is MISC; people's
		// names take no "and"/"of"; the multi-word token and empty node are skipped.
		{1, 0, "O O O O B-MISC O B-PER I-PER O B-ORG I-ORG O O O O"},
		// A people noun inside a mention headed by a common noun.
		{1, 1, "O O B-MISC O O"},
	}
	for _, tc := range tests {
		got := strings.Join(convert(docs[tc.doc].sents[tc.sent]), " ")
		if got != tc.want {
			t.Errorf("doc %d sentence %d:\n got %s\nwant %s", tc.doc, tc.sent, got, tc.want)
		}
	}
}

func TestMentions(t *testing.T) {
	docs, err := readCoNLLU(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	got := mentions(docs[1].sents[0])
	want := []mention{{0, 2, "person"}, {3, 5, "person"}, {9, 11, "organization"}, {6, 11, "person"}, {3, 11, "person"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("mentions %v, want %v", got, want)
	}
}

func TestWriteCoNLL(t *testing.T) {
	docs, err := readCoNLLU(strings.NewReader(conllu(
		"# newdoc id = GUM_voyage_x",
		"1 See see VERB VB 0 root _",
		"2 Delft Delft PROPN NNP 1 obj Entity=(1-place-new-nnnnn-cf1-1-sgl)",
		"",
	)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	writeCoNLL(&b, docs)
	want := "-DOCSTART- -X- -X- O\n\nSee VB O O\nDelft NNP O B-LOC\n\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}
