package eval

import (
	"math"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/nlp/conllu"
)

func readUD(t *testing.T, s string) []*conllu.Sentence {
	t.Helper()
	ss, err := conllu.ReadAll(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

const udGold = "1\tWe\twe\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n4\tagree\tagree\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n"

func near(a, b float64) bool { return math.Abs(a-b) < 0.01 }

func TestScoreUDGoldTokens(t *testing.T) {
	gold := readUD(t, udGold)
	// One wrong head (word 5 → 1) and one wrong subtype-only label.
	sys := readUD(t, strings.Replace(strings.Replace(udGold, "\t4\tpunct", "\t1\tpunct", 1), "\tnsubj\t", "\tnsubj:pass\t", 1))
	sc, err := ScoreUD(gold, sys)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Words != 100 || sc.Tokens != 100 || !near(sc.UAS, 80) || !near(sc.LAS, 80) || !near(sc.LASFull, 60) || sc.UPOS != 100 {
		t.Fatalf("%+v", sc)
	}
}

func TestScoreUDTokenisation(t *testing.T) {
	gold := readUD(t, udGold)
	// The system does not split "don't": 4 words, one token "don't" unsplit.
	sys := readUD(t, "1\tWe\twe\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n2\tdon't\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n3\tagree\tagree\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n")
	sc, err := ScoreUD(gold, sys)
	if err != nil {
		t.Fatal(err)
	}
	// tokens: 4 of 4 match; words: 3 aligned of 5 gold / 4 system.
	if sc.Tokens != 100 || !near(sc.Words, 200*3/9.0) || !near(sc.UAS, 200*3/9.0) {
		t.Fatalf("%+v", sc)
	}
	if _, err := ScoreUD(gold, readUD(t, "1\tThey\t_\t_\t_\t_\t0\troot\t_\t_\n\n")); err == nil {
		t.Fatal("different texts must be an error")
	}
}
