package tag

import "testing"

func TestLemmaFallbackStems(t *testing.T) {
	tg, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ form, xpos, want string }{
		{"praised", "VBD", "praise"}, {"imposed", "VBD", "impose"}, {"criticised", "VBD", "criticise"},
		{"expelled", "VBD", "expel"}, {"exchanged", "VBD", "exchange"}, {"sentenced", "VBN", "sentence"},
		{"called", "VBD", "call"}, {"stopped", "VBD", "stop"}, {"hoped", "VBD", "hope"},
		{"seizing", "VBG", "seize"}, {"talking", "VBG", "talk"}, {"pressed", "VBD", "press"},
		// British doubled l: the lexicon's more frequent spelling decides.
		{"signalled", "VBD", "signal"}, {"patrolling", "VBG", "patrol"}, {"initialled", "VBD", "initial"},
		{"fuelled", "VBN", "fuel"}, {"compelled", "VBN", "compel"}, {"levelled", "VBD", "level"},
		{"killed", "VBD", "kill"}, {"recalled", "VBD", "recall"}, {"installed", "VBN", "install"},
		{"filling", "VBG", "fill"}, {"controlled", "VBD", "control"},
	}
	for _, c := range cases {
		if got := tg.Lemma(c.form, Tag{UPOS: "VERB", XPOS: c.xpos}); got != c.want {
			t.Errorf("Lemma(%s/%s) = %q, want %q", c.form, c.xpos, got, c.want)
		}
	}
}
