//go:build unix

package main

import "syscall"

// geoCPUSeconds is the process's user+system CPU time, so that bench geo
// can report per-core figures on a busy machine.
func geoCPUSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}
