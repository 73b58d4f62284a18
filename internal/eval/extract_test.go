package eval

import (
	"math"
	"reflect"
	"testing"
)

func TestWords(t *testing.T) {
	got := Words("It’s 3.07 percent—of_all, 習近平 said")
	want := []string{"It", "s", "3", "07", "percent", "of_all", "習近平", "said"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Words = %q", got)
	}
}

func TestShingles(t *testing.T) {
	if s := Shingles("", 4); len(s) != 0 {
		t.Fatalf("empty: %v", s)
	}
	if s := Shingles("two words", 4); len(s) != 1 || s["two words"] != 1 {
		t.Fatalf("short: %v", s)
	}
	s := Shingles("a b c d a b c d", 4)
	if s["a b c d"] != 2 || s["b c d a"] != 1 || len(s) != 4 {
		t.Fatalf("shingles: %v", s)
	}
}

func TestMatchAndAggregate(t *testing.T) {
	gold := "one two three four five six"
	// 3 gold shingles; the prediction keeps the first two and adds one.
	p := MatchShingles("x", gold, "one two three four five seven")
	if p.TP != 2 || p.FP != 1 || p.FN != 1 {
		t.Fatalf("match %+v", p)
	}
	empty := MatchShingles("e", gold, "")
	if empty.Precision() != 0 || empty.Recall() != 0 || empty.TP+empty.FP != 0 {
		t.Fatalf("empty prediction %+v", empty)
	}
	// Case is kept, punctuation dropped.
	if c := MatchShingles("y", gold, "One two three four five six!"); c.TP != 2 || c.FN != 1 {
		t.Fatalf("case is kept: %+v", c)
	}
	if c := MatchShingles("y", gold, "one, two; three (four) five six."); c.FP+c.FN != 0 {
		t.Fatalf("punctuation is dropped: %+v", c)
	}
	same := MatchShingles("z", gold, gold)
	agg := Aggregate([]PageScore{p, empty, same})
	// Precision: mean over pages with a prediction (p, same) = (2/3+1)/2;
	// recall: mean over all three = (2/3+0+1)/3.
	wantP, wantR := (2.0/3+1)/2, (2.0/3+0+1)/3
	if math.Abs(agg.Precision-wantP) > 1e-12 || math.Abs(agg.Recall-wantR) > 1e-12 {
		t.Fatalf("aggregate %+v", agg)
	}
	if wantF := 2 * wantP * wantR / (wantP + wantR); math.Abs(agg.F1-wantF) > 1e-12 {
		t.Fatalf("F1 %v want %v", agg.F1, wantF)
	}
	if math.Abs(agg.Accuracy-1.0/3) > 1e-12 {
		t.Fatalf("accuracy %v", agg.Accuracy)
	}
	Bootstrap(&agg, []PageScore{p, empty, same}, 200, 1)
	if agg.F1SD <= 0 || agg.F1SD > 1 {
		t.Fatalf("bootstrap sd %v", agg.F1SD)
	}
}
