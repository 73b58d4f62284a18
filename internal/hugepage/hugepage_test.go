package hugepage

import "testing"

// Make gives a zeroed slice of the asked length at every size, advised or
// not, and its memory is writable end to end.
func TestMake(t *testing.T) {
	for _, n := range []int{0, 1, 1000, minSize/8 - 1, minSize / 8, 3*minSize/8 + 5} {
		s := Make[uint64](n)
		if len(s) != n || cap(s) != n {
			t.Fatalf("n=%d: len %d cap %d", n, len(s), cap(s))
		}
		for i, v := range s {
			if v != 0 {
				t.Fatalf("n=%d: s[%d] = %d", n, i, v)
			}
			s[i] = uint64(i)
		}
		for i, v := range s {
			if v != uint64(i) {
				t.Fatalf("n=%d: s[%d] = %d after write", n, i, v)
			}
		}
	}
}
