package eval

import (
	"testing"

	"github.com/newsgraph/newsgraph/internal/shared"
)

func TestParseTimeMLAndScore(t *testing.T) {
	src := `<?xml version="1.0" ?><TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2024-03-12" functionInDocument="CREATION_TIME">20240312</TIMEX3></DCT>
<TEXT>Ministers met <TIMEX3 tid="t1" type="DATE" value="2024-03-11">yesterday</TIMEX3> &amp; agreed to talk again <TIMEX3 tid="t2" type="DATE" value="2024-W12">next week</TIMEX3>.<TIMEX3 tid="t3" type="DATE" value="X"/></TEXT></TimeML>`
	d, err := ParseTimeML("x.tml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if d.DCT != "2024-03-12" || len(d.Timexs) != 2 {
		t.Fatalf("got dct %q timexes %+v", d.DCT, d.Timexs)
	}
	if got := d.Text[d.Timexs[0].Start:d.Timexs[0].End]; got != "yesterday" {
		t.Fatalf("extent %q", got)
	}
	if got := d.Text[d.Timexs[1].Start:d.Timexs[1].End]; got != "next week" {
		t.Fatalf("extent after entity %q", got)
	}
	pred := RecognizeTE(d)
	s := ScoreTE(d, pred, nil)
	if s.Relaxed != 2 || s.Strict != 2 || s.ValueOK != 2 {
		t.Fatalf("score %+v pred %+v", s, pred)
	}
	if s.ValueF1() != 100 {
		t.Fatalf("value F1 %v", s.ValueF1())
	}
}

// Guard the TempEval-3 training-set value F1 against regressions.
func TestTempEvalFloor(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the TempEval-3 training set")
	}
	docs, err := LoadTempEval(shared.Require(t, "data", "tempeval3", "train"))
	if err != nil {
		t.Fatal(err)
	}
	var s TEScore
	for _, d := range docs {
		s.Add(ScoreTE(d, RecognizeTE(d), nil))
	}
	if v := s.ValueF1(); v < 80 {
		t.Errorf("value F1 %.1f < 80", v)
	}
}
