package extract

import (
	"bufio"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/abadojack/whatlanggo"

	"github.com/newsgraph/newsgraph/internal/shared"
)

// checkSameLang fails when latinDetect and whatlanggo disagree on s.
func checkSameLang(t *testing.T, s string) {
	t.Helper()
	want := whatlanggo.DetectWithOptions(s, langOpts)
	if lang, conf := detectLang(s); conf != want.Confidence || (conf > 0 && lang != want.Lang) {
		t.Errorf("detectLang(%.60q) = %v %v, whatlanggo %v %v", s, lang, conf, want.Lang, want.Confidence)
	}
	if whatlanggo.DetectScript(s) != unicode.Latin {
		return
	}
	lang, conf := latinDetect(s)
	if conf != want.Confidence || (conf > 0 && lang != want.Lang) {
		t.Errorf("latinDetect(%.60q) = %v %v, whatlanggo %v %v", s, lang, conf, want.Lang, want.Confidence)
	}
}

func TestLatinDetectMatchesWhatlanggo(t *testing.T) {
	if !latinReady {
		t.Fatal("whatlanggo's Latin profiles were not linked")
	}
	for _, s := range []string{
		"", " ", "a", "ab", "12 34 !!", "The harbour board met on Tuesday to approve the new ferry timetable.",
		"Le conseil municipal a voté mardi un nouveau budget pour les écoles.",
		"Der Stadtrat hat am Dienstag einen neuen Haushalt für die Schulen beschlossen.",
		"El ayuntamiento aprobó el martes un nuevo presupuesto para las escuelas.",
		"A câmara municipal aprovou na terça-feira um novo orçamento para as escolas.",
		"Rada miasta przyjęła we wtorek nowy budżet dla szkół.",
		"SHR 12 CTS VS 10 CTS NET 1.2 MLN VS 900,000 REVS 15.6 MLN VS 14.1 MLN",
		"Ça   va?  Oui\tça va.\n\nÉté… «bien»", "x\uFFFDy\xffz quite broken text here",
	} {
		checkSameLang(t, s)
	}
	// Real text: samples of the news corpus, as Language cuts them.
	n := 0
	for _, f := range []string{"reuters21578.jsonl", "bbc.jsonl"} {
		p := shared.Path("data", "news-corpus", f)
		fh, err := os.Open(p)
		if err != nil {
			t.Logf("skipping %s: %v", f, err)
			continue
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() && n < 1500 {
			var rec struct{ Text string }
			if json.Unmarshal(sc.Bytes(), &rec) != nil {
				continue
			}
			for _, st := range Segment(rec.Text) {
				s := st.Text
				if len(s) > langSample {
					s = s[:langSample]
				}
				checkSameLang(t, s)
				n++
			}
		}
		fh.Close()
	}
	t.Logf("%d corpus samples compared", n)
}

// simHashRef is the plain Charikar sum the counting in simHashWords
// replaces.
func simHashRef(ws []string) string {
	var v [64]int
	add := func(x uint64) {
		for i := 0; i < 64; i++ {
			v[i] += int(x>>uint(i)&1)*2 - 1
		}
	}
	switch {
	case len(ws) == 0:
		return "0000000000000000"
	case len(ws) < 3:
		add(fnv64a(fnvOffset, strings.Join(ws, " ")))
	default:
		for i := 0; i+3 <= len(ws); i++ {
			add(fnv64a(fnvOffset, ws[i]+" "+ws[i+1]+" "+ws[i+2]))
		}
	}
	var x uint64
	for i := 0; i < 64; i++ {
		if v[i] > 0 {
			x |= 1 << uint(i)
		}
	}
	return fmtHex64(x)
}

func TestSimHashCounting(t *testing.T) {
	var ws []string
	for n := 0; n < 1200; n++ {
		// Long enough texts to cross the 255-hash flush, words repeating.
		ws = append(ws, strings.Repeat(string(rune('a'+n%7)), 1+n%5), strconv.Itoa(n%13))
		if n%97 == 0 || n < 5 {
			if got, want := simHashWords(ws), simHashRef(ws); got != want {
				t.Fatalf("%d words: %s, want %s", len(ws), got, want)
			}
		}
	}
}

func TestDetectLangMatchesWhatlanggo(t *testing.T) {
	for _, s := range []string{"", "1234 !!", "\x01\x02 3", "abc def", "The committee met on Friday.", "Ünïcode text here", "日本語のテキスト"} {
		want := whatlanggo.DetectWithOptions(s, langOpts)
		lang, conf := detectLang(s)
		if conf != want.Confidence || (conf > 0 && lang != want.Lang) {
			t.Errorf("detectLang(%q) = %v %v, whatlanggo %v %v", s, lang, conf, want.Lang, want.Confidence)
		}
	}
}

func TestMaybeKickerNecessary(t *testing.T) {
	for _, s := range []string{"UNITED: The club said", "GOLDEN OPPORTUNITY： a", "TAIWAN DEFENSE:  x", "Q: what", "ÉTÉ 2024: y",
		"AB-12 & CO.: z", "Lower: no", "NOTE: x", "no kicker here", "A B C D E F: too many", ""} {
		if reKicker.MatchString(s) && !maybeKicker(s) {
			t.Errorf("maybeKicker(%q) = false, but reKicker matches", s)
		}
	}
}

// FuzzFastPaths checks the fast paths against what they stand for:
// maybeKicker against reKicker, detectLang against whatlanggo.
func FuzzFastPaths(f *testing.F) {
	for _, s := range []string{"UNITED: The club", "Ça va: oui", "Der Rat hat am Dienstag beschlossen.", "x\xffy"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if reKicker.MatchString(s) && !maybeKicker(s) {
			t.Errorf("maybeKicker(%q) = false, but reKicker matches", s)
		}
		checkSameLang(t, s)
	})
}
