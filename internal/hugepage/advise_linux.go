package hugepage

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// advise asks for transparent huge pages over the whole 2 MiB pages of
// the n bytes at p. It is only advice: where the kernel declines (THP off),
// the memory works as before.
func advise(p unsafe.Pointer, n uintptr) {
	const huge = 2 << 20
	base := uintptr(p)
	start := (base+huge-1)&^(huge-1) - base
	end := (base+n)&^(huge-1) - base
	if end <= start || end > n {
		return
	}
	_ = unix.Madvise(unsafe.Slice((*byte)(p), n)[start:end], unix.MADV_HUGEPAGE)
}
