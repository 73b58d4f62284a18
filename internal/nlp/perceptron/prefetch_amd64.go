package perceptron

import "unsafe"

//go:noescape
func prefetch(base unsafe.Pointer, offs []uintptr)
