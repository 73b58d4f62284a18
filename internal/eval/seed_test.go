package eval

import (
	"bytes"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

// seedEvent places an event on the first occurrence of trigger in the
// sentence that contains it.
func seedEvent(t *testing.T, d *doc.Doc, src, tgt, code, trigger string) doc.Event {
	t.Helper()
	i := strings.Index(d.Text, trigger)
	if i < 0 {
		t.Fatalf("no %q", trigger)
	}
	start := strings.LastIndex(d.Text[:i], "\n") + 1
	end := strings.IndexByte(d.Text[i:], '\n')
	if end < 0 {
		end = len(d.Text)
	} else {
		end += i
	}
	return doc.Event{Source: doc.Actor{Code: src}, Target: doc.Actor{Code: tgt}, Code: code,
		Trigger: text.Span{Start: i, End: i + len(trigger)}, Sentence: text.Span{Start: start, End: end}}
}

// TestCheckSeed runs the seed checks on a page the team wrote in the same
// shape (the real page is scored by `newsgraph eval events --seed`).
func TestCheckSeed(t *testing.T) {
	d := doc.New("s", strings.Join([]string{
		"Beijing would lend 5 billion yuan to Kyrgyzstan, the minister said.",
		"Taiwan's foreign ministry denounced the communique.",
		"Kazakhstan pledged to keep oil flowing to China.",
		"Since Russia attacked Ukraine, Moscow has leaned on Beijing.",
		"Tokayev signed a declaration with Xi.",
		"Trump threatened tariffs on phones.",
	}, "\n"))
	d.Events = []doc.Event{
		seedEvent(t, d, "CHNGOV", "KGZ", "0331", "lend"),
		seedEvent(t, d, "TWNGOV", "", "111", "denounced"),
		seedEvent(t, d, "KAZ", "CHN", "0311", "pledged"),
		seedEvent(t, d, "RUS", "UKR", "190", "attacked"),
		seedEvent(t, d, "RUS", "CHN", "030", "leaned"),
		seedEvent(t, d, "KAZGOV", "CHNGOV", "057", "signed"),
		seedEvent(t, d, "USAGOV", "CHN", "1312", "threatened"),
	}
	neg := seedEvent(t, d, "UZB", "CHN", "0311", "pledged")
	neg.Negated = true
	d.Events = append(d.Events, neg)

	got := map[string]SeedResult{}
	for _, r := range CheckSeed(d, SeedChecks) {
		got[r.ID] = r
	}
	want := map[string][2]bool{ // pass, exact
		"china-aid-intent":            {true, true},
		"taiwan-mofa-condemns":        {true, false}, // no target
		"kazakhstan-gas-intent":       {true, true},
		"uzbekistan-gas-intent":       {false, false}, // only a negated event
		"bilateral-statements-signed": {true, false},  // one signatory of four
		"trump-chip-tariff-threat":    {true, true},
		"philippines-arrest-spies":    {false, false},
		"no-since-background":         {false, false}, // the attack is coded
	}
	if len(got) != len(want) {
		t.Fatalf("%d results, want %d", len(got), len(want))
	}
	for id, w := range want {
		r := got[id]
		if r.Pass != w[0] || r.Exact != w[1] {
			t.Errorf("%s: pass %v exact %v, want %v %v (evidence %+v)", id, r.Pass, r.Exact, w[0], w[1], r.Evidence)
		}
	}
	// The main clause after the comma is not background.
	if ev := got["no-since-background"].Evidence; len(ev) != 1 || ev[0].Event.Trigger != "attacked" {
		t.Errorf("since-clause evidence %+v", ev)
	}
	var b bytes.Buffer
	if n := WriteSeed(&b, CheckSeed(d, SeedChecks)); n != 5 {
		t.Errorf("%d passed, want 5", n)
	}
	if s := b.String(); !strings.Contains(s, "PASS china-aid-intent") || !strings.Contains(s, "NEAR bilateral-statements-signed") ||
		!strings.Contains(s, `* CHNGOV>KGZ 0331 trigger "lend" [14,18)`) || !strings.Contains(s, "FAIL no-since-background") {
		t.Errorf("report:\n%s", s)
	}
}
