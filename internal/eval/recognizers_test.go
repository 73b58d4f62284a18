package eval

import (
	"path/filepath"
	"testing"

	"github.com/newsgraph/newsgraph/internal/shared"
)

// The project's own news-money/percent/points/count cases must all pass.
func TestNewsQuantitySpec(t *testing.T) {
	p := filepath.Join("..", "quantity", "testdata", "NewsQuantityModel.json")
	cases, err := LoadRecSpec(p)
	if err != nil {
		t.Fatal(err)
	}
	pred, err := Recognize("NewsQuantityModel", cases)
	if err != nil {
		t.Fatal(err)
	}
	s := ScoreRec("NewsQuantityModel", cases, pred)
	for _, f := range s.Failures {
		t.Errorf("fails: %q gold %+v pred %+v", f.Input, f.Gold, f.Pred)
	}
}

// Guard the dev-split scores of the upstream specs against regressions.
func TestRecognizerSpecsFloor(t *testing.T) {
	floors := map[string]float64{"NumberModel": 95, "PercentModel": 100, "CurrencyModel": 97, "DateTimeModel": 79}
	for model, floor := range floors {
		dir := map[string]string{"NumberModel": "Number", "PercentModel": "Number", "CurrencyModel": "NumberWithUnit", "DateTimeModel": "DateTime"}[model]
		p := shared.Require(t, "data", "recognizers", dir, "English", model+".json")
		cases, err := LoadRecSpec(p)
		if err != nil {
			t.Fatal(err)
		}
		pred, _ := Recognize(model, cases)
		s := ScoreRec(model, cases, pred)
		if got := 100 * float64(s.Full) / float64(s.N); got < floor {
			t.Errorf("%s full pass %.1f%% < %.0f%%", model, got, floor)
		}
	}
}

func TestUTF16Offsets(t *testing.T) {
	x := newUTF16Index("€2.5bn and 𝟙 x")
	r := x.result(0, len("€2.5bn"), "currency", nil, false)
	if r.Start != 0 || r.End != 5 {
		t.Fatalf("got %d..%d", r.Start, r.End)
	}
	s := len("€2.5bn and 𝟙 ")
	r = x.result(s, s+1, "x", nil, false)
	if r.Start != 14 || r.End != 14 {
		t.Fatalf("astral: got %d..%d", r.Start, r.End)
	}
}
