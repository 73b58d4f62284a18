//go:build !unix

package main

import "time"

func procCPU() time.Duration { return 0 }
