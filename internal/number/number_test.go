package number

import (
	"strings"
	"testing"
)

func TestFind(t *testing.T) {
	cases := []struct {
		in   string
		want []string // "start:end=value"
	}{
		{"The ministry spent 3.7bn on roads.", []string{"19:24=3700000000"}},
		{"Exports rose to 1,234,567 tonnes", []string{"16:25=1234567"}},
		{"about twenty-six boats and one hundred and five crew", []string{"6:16=26", "27:47=105"}},
		{"a population of 1 414 021 100 people", []string{"16:29=1414021100"}},
		{"two thirds of voters", []string{"0:10=0.6666666666666666666666666667"}},
		{"five and a half million barrels", []string{"0:23=5500000"}},
		{"the server at 10.0.0.1 failed", []string{"14:16=10", "17:18=0", "19:20=0", "21:22=1"}},
		{"The deficit hit −12.5 percent", []string{"16:23=-12.5"}},
		{"Ｔhe ｆｕｌｌ-width １２３ apples", []string{"25:34=123"}},
		{"half a dozen eggs", []string{"0:12=6"}},
		{"a 1.3e6 value", []string{"2:7=1300000"}},
	}
	for _, c := range cases {
		toks := Scan(c.in)
		var got []string
		for _, n := range Find(toks, Opts{ScaleAbbrev: true}) {
			got = append(got, itoa(n.Start)+":"+itoa(n.End)+"="+n.Value.String())
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%q: got %v want %v", c.in, got, c.want)
		}
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	s := ""
	for i > 0 {
		s = string(rune('0'+i%10)) + s
		i /= 10
	}
	return s
}

func TestFormat15(t *testing.T) {
	toks := Scan("one hundred and three and two thirds")
	n, ok := Parse(toks, 0, Opts{})
	if !ok || Format15(n.Value) != "103.666666666667" {
		t.Fatalf("got %v %s", ok, Format15(n.Value))
	}
	toks = Scan("a hundred trillionths")
	n, _ = Parse(toks, 0, Opts{})
	if Format15(n.Value) != "1E-10" {
		t.Fatalf("got %s", Format15(n.Value))
	}
}

func TestAbsurdInput(t *testing.T) {
	long := strings.Repeat("9", 5000)
	ns := Find(Scan(long), Opts{})
	if len(ns) == 0 || ns[0].Err == "" {
		t.Fatalf("5000-digit run: want a diagnosable error, got %+v", ns)
	}
	ns = Find(Scan("10^400"), Opts{})
	if len(ns) != 1 || ns[0].Err == "" {
		t.Fatalf("10^400: want an error, got %+v", ns)
	}
}

func TestOrdinal(t *testing.T) {
	for in, want := range map[string]int64{"21st": 21, "twenty-first": 21, "third": 3, "100th": 100} {
		v, e, ok := Ordinal(Scan(in), 0)
		if !ok || v != want || e == 0 {
			t.Errorf("%q: %d %v", in, v, ok)
		}
	}
}

func FuzzNumber(f *testing.F) {
	for _, s := range []string{"3.7bn", "one hundred and five", "1 4/5", "10^400", "1,234.5", "½", "−12", "nine point nought four", "2000 over 3", "１２３"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := Scan(s)
		for _, tk := range toks {
			if tk.Start < 0 || tk.End > len(s) || tk.Start >= tk.End {
				t.Fatalf("bad token %+v", tk)
			}
		}
		for _, n := range Find(toks, Opts{ScaleAbbrev: true}) {
			if n.Start < 0 || n.End > len(s) || n.Start > n.End {
				t.Fatalf("bad span %+v", n)
			}
			_ = Format15(n.Value)
		}
	})
}
