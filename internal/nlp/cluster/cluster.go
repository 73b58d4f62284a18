// Package cluster looks up word classes learned from unlabelled text: the
// spherical k-means clusters (64, 256 and 1024 classes) of GloVe 6B vectors
// built by tools/clusters. The tagger, the parser and the NER use them as
// features; they carry what a word's neighbourhood in a large corpus says
// about it, which the small labelled sets cannot.
package cluster

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math/bits"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/models/clusters"
)

// Table maps lower-cased words to their clusters. It is read-only and safe
// for concurrent use.
type Table struct {
	// c64 | c256<<8 | c1024<<16 (each < 256, < 256, < 1024) | rank bucket<<26,
	// where the bucket is bits.Len of the word's frequency rank (1 = most frequent).
	m map[string]uint32
}

const unknown = ^uint32(0)

var (
	defOnce  sync.Once
	defTable *Table
	defErr   error
)

// Default returns the embedded table, decoding it on first use.
func Default() (*Table, error) {
	defOnce.Do(func() { defTable, defErr = Decode(clusters.Table) })
	return defTable, defErr
}

// Decode reads a gzip'd table: "word TAB c64 TAB c256 TAB c1024" lines, with
// "#" comment lines. Bad input is an error, never a panic.
func Decode(b []byte) (*Table, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	return Read(zr)
}

// Read reads an uncompressed table.
func Read(r io.Reader) (*Table, error) {
	b, err := io.ReadAll(io.LimitReader(r, 256<<20))
	if err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	return parse(string(b))
}

// parse reads the whole text at once; the words are substrings of it, which
// saves an allocation per word and makes loading fast.
func parse(text string) (*Table, error) {
	t := &Table{m: make(map[string]uint32, strings.Count(text, "\n")+1)}
	line := 0
	for len(text) > 0 {
		line++
		var s string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			s, text = text[:i], text[i+1:]
		} else {
			s, text = text, ""
		}
		s = strings.TrimSuffix(s, "\r")
		if s == "" || s[0] == '#' {
			continue
		}
		tab := strings.IndexByte(s, '\t')
		if tab <= 0 {
			return nil, fmt.Errorf("cluster: line %d: want 4 fields", line)
		}
		word, rest := s[:tab], s[tab+1:]
		var c [3]uint32
		for i, lim := range [3]uint32{256, 256, 1024} {
			v, n := uint32(0), 0
			for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' && v < lim {
				v = v*10 + uint32(rest[n]-'0')
				n++
			}
			if n == 0 || v >= lim {
				return nil, fmt.Errorf("cluster: line %d: bad cluster number", line)
			}
			rest = rest[n:]
			if i < 2 {
				if rest == "" || rest[0] != '\t' {
					return nil, fmt.Errorf("cluster: line %d: want 4 fields", line)
				}
				rest = rest[1:]
			}
			c[i] = v
		}
		if rest != "" {
			return nil, fmt.Errorf("cluster: line %d: want 4 fields", line)
		}
		if _, dup := t.m[word]; !dup {
			rank := min(bits.Len(uint(len(t.m)+1)), 63)
			t.m[word] = c[0] | c[1]<<8 | c[2]<<16 | uint32(rank)<<26
		}
	}
	if len(t.m) == 0 {
		return nil, fmt.Errorf("cluster: empty table")
	}
	return t, nil
}

// Len is the number of words in the table.
func (t *Table) Len() int { return len(t.m) }

// RankBucket returns bits.Len of the word's frequency rank in the vectors'
// corpus (1 for the most frequent word, about 18 for the 150,000th), or 0
// when the word is unknown: a cheap "how common is this word" signal.
func (t *Table) RankBucket(word string) int {
	p := t.lookup(word)
	if p == unknown {
		return 0
	}
	return int(p >> 26)
}

// Lookup returns the word's clusters at 64, 256 and 1024 classes, matched
// case-insensitively; -1 each when the word is unknown.
func (t *Table) Lookup(word string) (c64, c256, c1024 int32) {
	p := t.Packed(word)
	if p == unknown {
		return -1, -1, -1
	}
	return int32(p & 0xff), int32(p >> 8 & 0xff), int32(p >> 16 & 0x3ff)
}

// Packed is Lookup as one value (c64 | c256<<8 | c1024<<16), or 0xFFFFFFFF
// for an unknown word; handy as a single feature key.
func (t *Table) Packed(word string) uint32 {
	p := t.lookup(word)
	if p == unknown {
		return p
	}
	return p & (1<<26 - 1)
}

// PackedRank is Packed and RankBucket from one lookup.
func (t *Table) PackedRank(word string) (uint32, int) {
	p := t.lookup(word)
	if p == unknown {
		return p, 0
	}
	return p & (1<<26 - 1), int(p >> 26)
}

func (t *Table) lookup(word string) uint32 {
	if t == nil {
		return unknown
	}
	var buf [48]byte
	if len(word) <= len(buf) {
		ascii, upper := true, false
		for i := 0; i < len(word); i++ {
			c := word[i]
			if c >= utf8.RuneSelf {
				ascii = false
				break
			}
			if 'A' <= c && c <= 'Z' {
				upper = true
			}
		}
		if ascii {
			if !upper {
				return t.get(word)
			}
			b := buf[:len(word)]
			for i := 0; i < len(word); i++ {
				c := word[i]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				b[i] = c
			}
			if v, ok := t.m[string(b)]; ok { // no allocation: map index by converted bytes
				return v
			}
			return unknown
		}
	}
	return t.get(strings.ToLower(word))
}

func (t *Table) get(w string) uint32 {
	if v, ok := t.m[w]; ok {
		return v
	}
	return unknown
}

func clustersTable() []byte { return clusters.Table }
