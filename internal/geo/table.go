package geo

import "hash/maphash"

// nameTable is an open-addressing hash table from normalised names (held
// in one arena string) to the head of their ref chain. Loading inserts
// ~650k keys; a slot keeps 32 bits of the hash beside the key index so that
// a probe rarely touches the arena, which made the build several times
// faster than a map[string]int32.
type nameTable struct {
	seed  maphash.Seed
	arena string
	slots []uint64 // hash<<32 | key index+1; 0 is empty
	keys  [][2]int32
	heads []int32
	mask  uint64
}

// newNameTable sizes the table for at most n keys at a load factor of at
// most 3/4 (n*4/3 rounded up to a power of two).
func newNameTable(arena string, n int) *nameTable {
	size := 1
	for size*3 < n*4 {
		size <<= 1
	}
	return &nameTable{seed: maphash.MakeSeed(), arena: arena, slots: make([]uint64, size),
		keys: make([][2]int32, 0, n), heads: make([]int32, 0, n), mask: uint64(size - 1)}
}

// find returns the slot for a key, its hash tag and whether it holds it.
func (t *nameTable) find(k string) (uint64, uint64, bool) {
	h := maphash.String(t.seed, k)
	tag := h >> 32
	i := h & t.mask
	for {
		s := t.slots[i]
		if s == 0 {
			return i, tag, false
		}
		if s>>32 == tag {
			kk := t.keys[uint32(s)-1]
			if t.arena[kk[0]:kk[1]] == k {
				return i, tag, true
			}
		}
		i = (i + 1) & t.mask
	}
}

// get returns the chain head for k, -1 when absent.
func (t *nameTable) get(k string) int32 {
	if i, _, ok := t.find(k); ok {
		return t.heads[uint32(t.slots[i])-1]
	}
	return -1
}

// slot returns a pointer to the head for the key at arena[a:b], adding the
// key with head -1 when absent; added reports that.
func (t *nameTable) slot(a, b int32) (head *int32, added bool) {
	i, tag, ok := t.find(t.arena[a:b])
	if !ok {
		t.keys = append(t.keys, [2]int32{a, b})
		t.heads = append(t.heads, -1)
		t.slots[i] = tag<<32 | uint64(len(t.keys))
	}
	return &t.heads[uint32(t.slots[i])-1], !ok
}

func (t *nameTable) len() int { return len(t.keys) }
