//go:build unix

package main

import (
	"syscall"
	"time"
)

// procCPU is the process's user+system CPU time, so benchmarks can report
// throughput per CPU-second on a machine shared with other work.
func procCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
