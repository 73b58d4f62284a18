//go:build !unix

package main

import "time"

// processCPU is unavailable here; callers report wall time only.
func processCPU() time.Duration { return 0 }
