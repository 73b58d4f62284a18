// Package gazetteer matches token sequences against name lists (countries,
// demonyms, cities, regions, first names, actor names, organisation words,
// titles) and reports, per token and list, where the token sits in a match:
// Begin, Inside, Last or Unit, the encoding the NER uses as features.
package gazetteer

import (
	"bufio"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/newsgraph/newsgraph/data/names"
)

// Match positions, 4 bits per list in a token's mask.
const (
	B = 1 << iota
	I
	L
	U
)

// MaxLists is the most lists a Gazetteer can hold (4 bits each in a uint64).
const MaxLists = 16

// maxLen bounds the tokens in an entry, which bounds matching work per token.
const maxLen = 8

// Gazetteer is an immutable set of lists; safe for concurrent use.
type Gazetteer struct {
	Lists []string          // list names, index = list id
	m     map[uint64]uint32 // sequence hash → list bits | prefixBit
}

const prefixBit = 1 << 31

var (
	defOnce sync.Once
	defG    *Gazetteer
	defErr  error
)

// Default returns the gazetteer built from the embedded lists in data/names.
func Default() (*Gazetteer, error) {
	defOnce.Do(func() { defG, defErr = FromFS(names.FS) })
	return defG, defErr
}

// FromFS loads every *.txt in the root of fsys, one list per file, in name order.
func FromFS(fsys fs.FS) (*Gazetteer, error) {
	files, err := fs.Glob(fsys, "*.txt")
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	if len(files) > MaxLists {
		return nil, fmt.Errorf("gazetteer: %d lists, at most %d", len(files), MaxLists)
	}
	g := &Gazetteer{m: map[uint64]uint32{}}
	for id, f := range files {
		r, err := fsys.Open(f)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			g.add(id, sc.Text())
		}
		r.Close()
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("gazetteer: %s: %w", f, err)
		}
		g.Lists = append(g.Lists, strings.TrimSuffix(path.Base(f), ".txt"))
	}
	return g, nil
}

// New builds a gazetteer from in-memory lists (tests, tools).
func New(lists map[string][]string) *Gazetteer {
	keys := make([]string, 0, len(lists))
	for k := range lists {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	g := &Gazetteer{m: map[uint64]uint32{}}
	for id, k := range keys {
		if id >= MaxLists {
			break
		}
		for _, e := range lists[k] {
			g.add(id, e)
		}
		g.Lists = append(g.Lists, k)
	}
	return g
}

func (g *Gazetteer) add(id int, entry string) {
	toks := strings.Fields(strings.ToLower(entry))
	if len(toks) == 0 || len(toks) > maxLen {
		return
	}
	h := seed
	for i, t := range toks {
		h = Step(h, HashToken(t))
		if i < len(toks)-1 {
			g.m[h] |= prefixBit
		}
	}
	g.m[h] |= 1 << id
}

const seed uint64 = 0x243F6A8885A308D3

// HashToken hashes a lower-cased token (FNV-1a). Callers that already
// lower-case tokens pass them here once and reuse the hashes.
func HashToken(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// Step extends a sequence hash by one token hash.
func Step(h, t uint64) uint64 {
	h ^= t
	h *= 0x9E3779B97F4A7C15
	return h ^ h>>29
}

// Match fills masks[i] (len(masks) == len(hashes)) with 4 bits per list
// (B, I, L, U at bit 4*list) for every match covering token i; hashes are
// HashToken of the lower-cased tokens. Work is at most maxLen lookups per token.
func (g *Gazetteer) Match(hashes []uint64, masks []uint64) {
	for i := range masks {
		masks[i] = 0
	}
	if g == nil {
		return
	}
	for i := range hashes {
		h := uint64(seed)
		for j := i; j < len(hashes) && j-i < maxLen; j++ {
			h = Step(h, hashes[j])
			v, ok := g.m[h]
			if !ok {
				break
			}
			lists := v &^ prefixBit
			for lists != 0 {
				id := trailingZeros(lists)
				lists &= lists - 1
				sh := uint(4 * id)
				if j == i {
					masks[i] |= U << sh
					continue
				}
				masks[i] |= B << sh
				for k := i + 1; k < j; k++ {
					masks[k] |= I << sh
				}
				masks[j] |= L << sh
			}
			if v&prefixBit == 0 {
				break
			}
		}
	}
}

func trailingZeros(v uint32) int {
	n := 0
	for v&1 == 0 {
		v >>= 1
		n++
	}
	return n
}

// ListIndex returns the id of a list name, or -1.
func (g *Gazetteer) ListIndex(name string) int {
	for i, l := range g.Lists {
		if l == name {
			return i
		}
	}
	return -1
}

// Contains reports whether the lower-cased, space-separated entry is in the named list.
func (g *Gazetteer) Contains(list, entry string) bool {
	id := g.ListIndex(list)
	if id < 0 {
		return false
	}
	h := uint64(seed)
	for _, t := range strings.Fields(strings.ToLower(entry)) {
		h = Step(h, HashToken(t))
	}
	return g.m[h]&(1<<id) != 0
}
