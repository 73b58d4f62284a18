//go:build !unix

package main

// geoCPUSeconds is unavailable here; bench geo then reports wall time only.
func geoCPUSeconds() float64 { return 0 }
