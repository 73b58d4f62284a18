package timex

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/number"
)

// Reference: Tuesday 2024-03-12.
func TestRecognize(t *testing.T) {
	ref, _ := ParseRef("2024-03-12")
	cases := []struct {
		in   string
		want []string // "start:end TYPE value"
	}{
		{"The minister said on Thursday that talks had failed.", []string{"21:29 DATE 2024-03-07"}},
		{"The leaders will meet on Thursday in Geneva.", []string{"25:33 DATE 2024-03-14"}},
		{"Output fell last year.", []string{"12:21 DATE 2023"}},
		{"Prices rose in February last year.", []string{"15:33 DATE 2023-02"}},
		{"The bridge should be finished by August.", []string{"33:39 DATE 2024-08 BEFORE"}},
		{"Officials met yesterday and will report next week.", []string{"14:23 DATE 2024-03-11", "40:49 DATE 2024-W12"}},
		{"The company was founded in 1998.", []string{"27:31 DATE 1998"}},
		{"Shares fell 3 percent in the third quarter.", []string{"25:42 DATE 2023-Q3"}},
		{"Negotiations lasted three days.", []string{"20:30 DURATION P3D"}},
		{"The rebels attacked two weeks ago.", []string{"20:33 DATE 2024-W09"}},
		{"He was elected on Jan. 9, 2019, officials said.", []string{"18:30 DATE 2019-01-09"}},
		{"The vote is set for 2024-11-05.", []string{"20:30 DATE 2024-11-05"}},
		{"Markets open at 9:30 a.m. tomorrow.", []string{"16:34 TIME 2024-03-13T09:30"}},
		{"The paper is published daily.", []string{"23:28 SET P1D"}},
		// vague stretches up to now or from now are DURATIONs of unknown length
		{"Exports have grown in recent years.", []string{"22:34 DURATION PXY"}},
		{"Rates may fall in the coming months.", []string{"18:35 DURATION PXM"}},
		// fractions in whole finer units
		{"The crew spent 5 1/2 hours in orbit.", []string{"15:26 DURATION PT5H30M"}},
		{"They lived abroad for 2 1/2 years.", []string{"22:33 DURATION P2Y6M"}},
		{"The ferry takes one and a half hours.", []string{"16:36 DURATION PT1H30M"}},
		// "soon" beside a modal
		{"The plant will soon reopen.", []string{"15:19 DATE FUTURE_REF"}},
		{"As soon as the rain stopped, he was soon asleep.", nil},
		// a bare month without a tense cue is past; a deadline is ahead
		{"In June the board chose a new chairman.", []string{"3:7 DATE 2023-06"}},
		{"The loan must be repaid by January.", []string{"27:34 DATE 2025-01 BEFORE"}},
		// a day without a year a little ahead of a past-tense clause is this year's
		{"The board said the dividend was payable May 2.", []string{"40:45 DATE 2024-05-02"}},
		// narrative offsets: the duration, with "later"/"earlier" as a signal
		{"The storm hit the coast. Three days later, the roads reopened.", []string{"25:35 DURATION P3D"}},
		{"An hour earlier, the guards had left.", []string{"0:7 DURATION PT1H"}},
		{"A few weeks later the pair split.", []string{"0:11 DURATION PXW"}},
		// sets: quarters stay quarters, a month name after "each"/"every" recurs yearly
		{"Interest is paid every quarter.", []string{"17:30 SET P1Q"}},
		{"The fair opens each July.", []string{"15:24 SET XXXX-07"}},
		// "quarters of" + a determiner is a fraction; of a year or of losses, time
		{"The region imports three-quarters of its grain.", nil},
		{"It lost money for several quarters of the year.", []string{"18:34 DURATION PXQ", "38:46 DATE 2024"}},
		{"It lost money for two quarters of losses.", []string{"18:30 DURATION P2Q"}},
		// a clock time, a zone, a comma and a day are one expression
		{"Bids are due at 5 p.m. EST, April 6.", []string{"16:35 TIME 2024-04-06T17:00"}},
		// "the following month" counts from the narrative's last date; "next month" from the reference
		{"In June 2021 the firm was sold. The following month its chief left.", []string{"3:12 DATE 2021-06", "32:51 DATE 2021-07"}},
		{"In June 2021 the firm was sold; talks resume next month.", []string{"3:12 DATE 2021-06", "45:55 DATE 2024-04"}},
		{"The mill opened in 1998 and later that year it flooded.", []string{"19:23 DATE 1998", "28:43 DATE 1998"}},
		{"Nobody knew in 2019 that year-end figures were due.", []string{"15:19 DATE 2019"}},
		// the end of the reference year
		{"Sales should recover by year-end.", []string{"24:32 DATE 2024 END"}},
		{"The deal will close before year's end.", []string{"27:37 DATE 2024 END"}},
		{"Shares have doubled since year-end.", []string{"26:34 DATE 2023 END"}},
		// a deadline or "as early as" with no tense cue points ahead (ref is a Tuesday)
		{"The boy could fly home as early as Friday.", []string{"35:41 DATE 2024-03-15"}},
		{"The report must reach us by Monday.", []string{"28:34 DATE 2024-03-18 BEFORE"}},
		// negatives
		{"You may leave now, but they march on.", []string{"14:17 DATE PRESENT_REF"}},
		{"The Sunday Times reported the leak.", nil},
		{"The match ended 3-2 after extra time.", nil},
		{"Call 555-123-4567 or install version 2.1.3.", nil},
		{"He paid $2021 for 2,021 tickets.", nil},
	}
	for _, c := range cases {
		var got []string
		for _, x := range Scan(c.in, ref) {
			g := fmt.Sprintf("%d:%d %s %s", x.Start, x.End, x.Type, x.Value)
			if x.Mod != "" {
				g += " " + x.Mod
			}
			got = append(got, g)
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestStageNoReference(t *testing.T) {
	d := doc.New("x", "The talks collapsed on Friday, a year after the 2019 accord.")
	st := &stage{}
	if err := st.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if len(d.Diagnostics) == 0 || d.Diagnostics[0].Code != "timex.no_reference" {
		t.Fatalf("want a no_reference diagnostic, got %+v", d.Diagnostics)
	}
	for _, x := range d.Timexes {
		if x.Relative && x.Value != "" {
			t.Errorf("relative %q resolved without a reference: %s", x.Text, x.Value)
		}
		if x.Text == "2019" && x.Value != "2019" {
			t.Errorf("absolute year lost: %+v", x)
		}
	}
}

func TestStageInterval(t *testing.T) {
	d := doc.New("x", "Inflation eased last month.")
	d.Meta.Published = "2024-03-12"
	(&stage{}).Process(context.Background(), d)
	if len(d.Timexes) != 1 {
		t.Fatalf("got %+v", d.Timexes)
	}
	x := d.Timexes[0]
	if x.Value != "2024-02" || x.IntervalStart != "2024-02-01" || x.IntervalEnd != "2024-03-01" || x.Granularity != "month" || x.Anchor != "2024-03-12" {
		t.Fatalf("got %+v", x)
	}
}

func TestLinearTime(t *testing.T) {
	ref, _ := ParseRef("2024-03-12")
	s := strings.Repeat("the last three days of early next March 2019 and ", 4000)
	xs := Scan(s, ref)
	if len(xs) == 0 {
		t.Fatal("nothing found")
	}
}

func FuzzTimex(f *testing.F) {
	for _, s := range []string{"said on Thursday", "in February last year", "by August", "9 a.m. Tuesday", "the 1990s",
		"February 30", "10^400", "２０２４年", "the year-earlier quarter", "Jan. 9, 2019", "3-2", "every other Friday",
		"from 10:30 to 3 on 1/1/2015", "may twenty nine", "the last week of july", "between 9 to 10:30", "ten past 9 in the evening"} {
		f.Add(s)
	}
	ref, _ := ParseRef("2024-03-12")
	f.Fuzz(func(t *testing.T, s string) {
		for _, x := range Scan(s, ref) {
			if x.Start < 0 || x.End > len(s) || x.Start >= x.End {
				t.Fatalf("bad span %+v in %q", x, s)
			}
		}
		for _, x := range RecognizeWith(s, number.Scan(s), ref, Options{Recognizers: true, DayFirst: len(s)%2 == 0}) {
			if x.Start < 0 || x.End > len(s) || x.Start >= x.End {
				t.Fatalf("bad span %+v in %q", x, s)
			}
		}
		for _, x := range Scan(s, Ref{}) {
			if x.Relative && x.Value != "" {
				t.Fatalf("relative value without reference: %+v", x)
			}
		}
	})
}
