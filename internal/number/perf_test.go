package number

import (
	"strings"
	"testing"
	"time"
)

// Pathological inputs must stay near-linear.
func TestLinearTime(t *testing.T) {
	for _, unit := range []string{"one ", "hundred and ", "1 000 ", "- ", "1/", "twenty-", "a ", "1,", "1.", "and a half ", "1 over ", "½"} {
		s := strings.Repeat(unit, 20000)
		start := time.Now()
		Find(Scan(s), Opts{ScaleAbbrev: true})
		if d := time.Since(start); d > 2*time.Second || testing.Verbose() {
			t.Errorf("%q x20000 took %v", unit, d)
		}
	}
}
