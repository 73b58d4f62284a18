package perceptron

import "unsafe"

// PrefetchAt asks the CPU to bring the cache lines at base+offs[i] into the
// caches, without waiting for them and without faulting. Scoring is bound
// by the latency of table lookups that miss the caches; issuing every
// feature's line first lets the misses overlap instead of following one
// another. It is only a hint: it changes no memory and no result, and
// where there is no instruction for it (not amd64) it does nothing.
// base must point into an allocation that spans every base+offs[i].
func PrefetchAt(base unsafe.Pointer, offs []uintptr) {
	if len(offs) > 0 {
		prefetch(base, offs)
	}
}
