package parse

import (
	"encoding/binary"
	"strings"
)

func univ(rel string) string {
	r, _, _ := strings.Cut(rel, ":")
	return r
}

// reader reads the little-endian fields of the parser's own file formats
// (the network's and the combined one); a read past the end fails with
// short and consumes nothing.
type reader struct {
	b     []byte
	short error
}

func (r *reader) u32() (int, error) {
	if len(r.b) < 4 {
		return 0, r.short
	}
	x := binary.LittleEndian.Uint32(r.b)
	r.b = r.b[4:]
	return int(x), nil
}

// str reads a u16 length and that many bytes.
func (r *reader) str() (string, error) {
	if len(r.b) < 2 {
		return "", r.short
	}
	n := int(binary.LittleEndian.Uint16(r.b))
	if len(r.b) < 2+n {
		return "", r.short
	}
	s := string(r.b[2 : 2+n])
	r.b = r.b[2+n:]
	return s, nil
}
