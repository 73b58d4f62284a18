//go:build !unix

package geo

import "time"

var start = time.Now()

// cpuSeconds falls back to wall time where rusage is not available.
func cpuSeconds() float64 { return time.Since(start).Seconds() }
