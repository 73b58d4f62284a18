//go:build unix

package main

import (
	"syscall"
	"time"
)

// codeCPU is the process's user+system CPU time, so `bench code` can
// report throughput per core on a loaded machine.
func codeCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
