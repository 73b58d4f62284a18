package eval

import (
	"syscall"
	"time"

	"github.com/newsgraph/newsgraph/internal/number"
	"github.com/newsgraph/newsgraph/internal/quantity"
	"github.com/newsgraph/newsgraph/internal/timex"
)

// TimexQuantityPass runs what the timex and quantity stages do for one
// text: one scan, timex recognition against ref, quantity and measure
// recognition.
// It returns how many expressions and quantities were found.
func TimexQuantityPass(text, ref string) (int, int) {
	r, _ := timex.ParseRef(ref)
	toks := number.Scan(text)
	return len(timex.Recognize(text, toks, r)), len(quantity.Find(text, toks)) + len(quantity.FindMeasures(text, toks))
}

// CPUTime is the process's user+system CPU time, for throughput figures
// that do not depend on how busy a shared machine is.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
