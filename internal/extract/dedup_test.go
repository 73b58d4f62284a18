package extract

import (
	"strings"
	"testing"
)

func TestNormWords(t *testing.T) {
	got := strings.Join(NormWords("  The Premier’s “plan” — US$3.7 billion; 習近平 said. "), "|")
	if want := "the|premier|s|plan|us|3|7|billion|習|近|平|said"; got != want {
		t.Fatalf("NormWords = %q want %q", got, want)
	}
}

func TestHash(t *testing.T) {
	a := Hash("Dock workers walked off the job on Tuesday.")
	if a != Hash("dock  workers walked off the job, on Tuesday") || len(a) != 32 {
		t.Fatalf("copies differing in case, punctuation and spacing must share a hash: %s", a)
	}
	if a == Hash("Dock workers walked off the job on Wednesday.") {
		t.Fatal("different texts share a hash")
	}
}

func TestSimHash(t *testing.T) {
	base := "Army helicopters dropped food and drinking water to 37 villages in northeastern Bangladesh on Friday, a week after flash floods cut them off from the rest of the division, the ministry said. About 180,000 people remain stranded and at least 23 have died since the river burst its banks."
	near := strings.Replace(base, "at least 23", "at least 24", 1) + " Reporting by staff."
	far := "The European Central Bank cut its deposit rate by 25 basis points on Thursday as inflation in the euro zone slowed, and lowered its growth forecast for next year, citing weak industrial output."
	a, b, c := SimHash(base), SimHash(near), SimHash(far)
	if len(a) != 16 || SimHash("") != "0000000000000000" || len(SimHash("one two")) != 16 {
		t.Fatalf("simhash form: %q", a)
	}
	if d := Hamming(a, b); d < 0 || d > 12 {
		t.Errorf("near copy: Hamming %d, want ≤ 12", d)
	}
	if d := Hamming(a, c); d < 16 {
		t.Errorf("unrelated texts: Hamming %d, want ≥ 16", d)
	}
	if Hamming(a, a) != 0 || Hamming("00000000000000ff", "0000000000000000") != 8 {
		t.Error("Hamming wrong")
	}
	if Hamming("xyz", a) != -1 || Hamming(a, "123") != -1 {
		t.Error("malformed keys must give -1")
	}
}

func TestLanguage(t *testing.T) {
	cases := map[string]string{
		"The government said on Monday that it would raise fuel prices by ten percent next month.":                    "en",
		"Le gouvernement a annoncé lundi qu'il augmenterait les prix du carburant de dix pour cent le mois prochain.": "fr",
		"Die Regierung kündigte am Montag an, die Kraftstoffpreise im nächsten Monat um zehn Prozent zu erhöhen.":     "de",
		"short": "",
	}
	for s, want := range cases {
		if got := Language(s); got != want {
			t.Errorf("Language(%q) = %q want %q", s, got, want)
		}
	}
}
