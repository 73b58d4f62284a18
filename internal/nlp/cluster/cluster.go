// Package cluster looks up word classes learned from unlabelled text: the
// spherical k-means clusters (64, 256 and 1024 classes) of GloVe 6B vectors
// built by tools/clusters. The tagger, the parser and the NER use them as
// features; they carry what a word's neighbourhood in a large corpus says
// about it, which the small labelled sets cannot.
package cluster

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/models/clusters"
)

// Table maps lower-cased words to their clusters. It is read-only and safe
// for concurrent use.
type Table struct {
	m map[string]uint32 // c64 | c256<<8 | c1024<<16 (c64 < 256, c256 < 256, c1024 < 65536)
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
	t := &Table{m: make(map[string]uint32, 160000)}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if s == "" || s[0] == '#' {
			continue
		}
		f := strings.Split(s, "\t")
		if len(f) != 4 || f[0] == "" {
			return nil, fmt.Errorf("cluster: line %d: want 4 fields", line)
		}
		var c [3]uint64
		for i, lim := range []int{8, 8, 16} {
			v, err := strconv.ParseUint(f[i+1], 10, lim)
			if err != nil {
				return nil, fmt.Errorf("cluster: line %d: %v", line, err)
			}
			c[i] = v
		}
		if _, dup := t.m[f[0]]; !dup {
			t.m[f[0]] = uint32(c[0]) | uint32(c[1])<<8 | uint32(c[2])<<16
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	if len(t.m) == 0 {
		return nil, fmt.Errorf("cluster: empty table")
	}
	return t, nil
}

// Len is the number of words in the table.
func (t *Table) Len() int { return len(t.m) }

// Lookup returns the word's clusters at 64, 256 and 1024 classes, matched
// case-insensitively; -1 each when the word is unknown.
func (t *Table) Lookup(word string) (c64, c256, c1024 int32) {
	p := t.Packed(word)
	if p == unknown {
		return -1, -1, -1
	}
	return int32(p & 0xff), int32(p >> 8 & 0xff), int32(p >> 16)
}

// Packed is Lookup as one value (c64 | c256<<8 | c1024<<16), or 0xFFFFFFFF
// for an unknown word; handy as a single feature key.
func (t *Table) Packed(word string) uint32 {
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
