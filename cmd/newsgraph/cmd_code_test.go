package main

import (
	"testing"

	"github.com/newsgraph/newsgraph/internal/event/petrarch"
)

func TestSplitJoined(t *testing.T) {
	in := []petrarch.DepToken{
		{Form: "Arnor", UPOS: "PROPN", Head: 1, Deprel: "nsubj"},
		{Form: "met", UPOS: "VERB", Head: -1, Deprel: "root"},
		{Form: "Minas_Tirith", UPOS: "PROPN", Head: 1, Deprel: "obj"},
		{Form: "_", UPOS: "PUNCT", Head: 1, Deprel: "punct"},
	}
	got := splitJoined(in)
	want := []petrarch.DepToken{
		{Form: "Arnor", UPOS: "PROPN", Head: 1, Deprel: "nsubj"},
		{Form: "met", UPOS: "VERB", Head: -1, Deprel: "root"},
		{Form: "Minas", Lemma: "Minas", UPOS: "PROPN", Head: 1, Deprel: "obj"},
		{Form: "Tirith", Lemma: "Tirith", UPOS: "PROPN", Head: 2, Deprel: "flat"},
		{Form: "_", UPOS: "PUNCT", Head: 1, Deprel: "punct"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%d: got %+v want %+v", i, got[i], want[i])
		}
	}
}
