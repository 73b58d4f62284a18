package quantity

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/number"
)

func TestFind(t *testing.T) {
	cases := []struct {
		in   string
		want []string // start:end kind value unit [upper] [of] [link]
	}{
		{"The carrier ordered jets worth US$3.7bn on Monday.", []string{"31:39 money 3700000000 USD"}},
		{"Chip sales reached NT$1.2 trillion last year.", []string{"19:34 money 1200000000000 TWD"}},
		{"The deal is valued at 26 billion yuan (US$3.7 billion).", []string{"22:37 money 26000000000 CNY link=1", "39:53 money 3700000000 USD link=0"}},
		{"Inflation eased to 6.4 percent in March.", []string{"19:30 percent 6.4 %"}},
		{"The bank raised rates by 25 basis points.", []string{"25:40 basis_points 25 bp"}},
		{"Unemployment fell 0.3 percentage points.", []string{"18:39 percentage_points 0.3 pp"}},
		{"The Taiex fell 488.7 points to close lower.", []string{"15:27 points 488.7 points"}},
		{"The team scored 3 points in the final minute.", []string{"16:17 number 3 "}},
		{"Officials said 12 people were killed.", []string{"15:17 count 12  of=people"}},
		{"Thousands of protesters marched.", []string{"0:9 count 2000  of=protesters"}},
		{"Prices rose 5-7% this year.", []string{"12:16 percent 5 % upper=7"}},
		{"The fine was £300m and €2.5bn in damages.", []string{"13:19 money 300000000 GBP", "24:32 money 2500000000 EUR"}},
		{"It paid HK$500 million for the site.", []string{"8:22 money 500000000 HKD"}},
		{"He held 3.2 million shares in 2016.", []string{"8:19 count 3200000  of=shares"}},
	}
	for _, c := range cases {
		var got []string
		for _, q := range Find(c.in, number.Scan(c.in)) {
			s := fmt.Sprintf("%d:%d %s %s %s", q.Start, q.End, q.Kind, q.Value.String(), q.Unit)
			if q.HasUpper {
				s += " upper=" + q.Upper.String()
			}
			if q.OfStart >= 0 {
				s += " of=" + c.in[q.OfStart:q.OfEnd]
			}
			if q.Linked >= 0 {
				s += fmt.Sprintf(" link=%d", q.Linked)
			}
			got = append(got, s)
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestStage(t *testing.T) {
	d := doc.New("t", "It cost 50 cents and a 10,000-digit number: "+strings.Repeat("7", 5000)+".")
	qs := Annotate(d)
	if len(qs) == 0 || qs[0].Kind != Money || qs[0].Value != "0.5" {
		t.Fatalf("cents: %+v", qs)
	}
	if len(d.Diagnostics) == 0 {
		t.Fatalf("absurd number: no diagnostic")
	}
	_ = context.Background()
}

func FuzzQuantity(f *testing.F) {
	for _, s := range []string{"US$3.7bn", "26 billion yuan (US$3.7 billion)", "5-7%", "thousands of people", "c $ 16.4 million", "10 $ 30 cent"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, q := range FindMeasures(s, number.Scan(s)) {
			if q.Start < 0 || q.End > len(s) || q.Start > q.End {
				t.Fatalf("bad measure span %+v", q)
			}
		}
		for _, q := range Find(s, number.Scan(s)) {
			if q.Start < 0 || q.End > len(s) || q.Start > q.End {
				t.Fatalf("bad span %+v", q)
			}
		}
	})
}

func TestFullWidth(t *testing.T) {
	s := "成长率为１２．５％，高于预期。"
	qs := Find(s, number.Scan(s))
	if len(qs) != 1 || qs[0].Kind != Percent || qs[0].Value.String() != "12.5" || s[qs[0].Start:qs[0].End] != "１２．５％" {
		t.Fatalf("got %+v", qs)
	}
}

func TestFindMeasures(t *testing.T) {
	cases := map[string]string{
		"Temperatures reached 46.5 degrees Celsius in the city.": "21:41 temperature 46.5 C",
		"The storm dumped snow across a 3-mile stretch.":         "31:37 dimension 3 mile",
		"Rescuers found a boy, five years old, in the rubble.":   "22:36 age 5 year",
		"The tanker held 500,000 barrels of crude.":              "16:31 dimension 500000 barrel",
		"Part number SCP-173 m was recalled.":                    "",
	}
	for in, want := range cases {
		var got []string
		for _, q := range FindMeasures(in, number.Scan(in)) {
			got = append(got, fmt.Sprintf("%d:%d %s %s %s", q.Start, q.End, q.Kind, q.Value, q.Unit))
		}
		if strings.Join(got, "|") != want {
			t.Errorf("%q: got %q want %q", in, got, want)
		}
	}
}
