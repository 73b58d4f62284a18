//go:build !unix

package main

import "time"

// codeCPU is not measured on this platform.
func codeCPU() time.Duration { return 0 }
