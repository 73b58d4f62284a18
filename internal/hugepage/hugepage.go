// Package hugepage allocates the large lookup tables of the trained models
// (tens of MB each) so that the kernel backs them with transparent huge
// pages. Filling such a table otherwise costs one page fault per 4 KiB, and
// on a virtual machine those faults were a third or more of a model's load
// time. The advice is only advice: where transparent huge pages are off or
// unsupported, the memory behaves like any other slice.
package hugepage

import "unsafe"

// minSize is the smallest allocation worth advising: below a few huge
// pages the saving is a handful of faults.
const minSize = 4 << 20

// Make is make([]T, n), advised to use huge pages when it is large. The slice
// is an ordinary Go allocation; the advice only changes how the kernel backs
// its pages.
func Make[T any](n int) []T {
	s := make([]T, n)
	var zero T
	if size := uintptr(n) * unsafe.Sizeof(zero); size >= minSize {
		advise(unsafe.Pointer(unsafe.SliceData(s)), size)
	}
	return s
}
