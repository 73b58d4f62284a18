package perceptron

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"sort"
)

// File format (little endian):
//
//	magic "NGPM" | version u32 | header length u32 | header JSON
//	| nFeatures u32 | nWeights u32
//	| features: (key u64, count u16) × nFeatures, sorted by key
//	| weights: (class u16, weight f32) × nWeights, in feature order
//	| CRC-32 (IEEE) of everything before it, u32
//
// Loading rebuilds the hash table, so the file does not depend on it.
const (
	magic       = "NGPM"
	fileVersion = 1
	maxHeader   = 16 << 20
	maxClasses  = 1 << 16
)

type header struct {
	Classes []string          `json:"classes"`
	Meta    map[string]string `json:"meta,omitempty"`
}

// ErrCorrupt is returned for a model file that is truncated or damaged.
var ErrCorrupt = errors.New("perceptron: corrupt model file")

// WriteTo writes the model.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	var buf bytes.Buffer
	buf.WriteString(magic)
	hdr, err := json.Marshal(header{Classes: m.Classes, Meta: m.Meta})
	if err != nil {
		return 0, err
	}
	put32 := func(v uint32) { _ = binary.Write(&buf, binary.LittleEndian, v) }
	put32(fileVersion)
	put32(uint32(len(hdr)))
	buf.Write(hdr)
	// Rows in key order for a deterministic file.
	type row struct {
		key  uint64
		a, b uint32
	}
	var rows []row
	for _, e := range m.slots {
		if e.key != 0 {
			rows = append(rows, row{e.key, e.a, e.b})
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].key < rows[j].key })
	put32(uint32(len(rows)))
	put32(uint32(len(m.cw)))
	for _, r := range rows {
		_ = binary.Write(&buf, binary.LittleEndian, r.key)
		_ = binary.Write(&buf, binary.LittleEndian, uint16(r.b-r.a))
	}
	for _, r := range rows {
		for j := r.a; j < r.b; j++ {
			_ = binary.Write(&buf, binary.LittleEndian, m.cw[j].c)
			_ = binary.Write(&buf, binary.LittleEndian, math.Float32bits(m.cw[j].w))
		}
	}
	put32(crc32.ChecksumIEEE(buf.Bytes()))
	n, err := w.Write(buf.Bytes())
	return int64(n), err
}

// Save writes the model to a file.
func (m *Model) Save(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	if _, err := m.WriteTo(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Load reads a model file.
func Load(path string) (*Model, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m, err := Decode(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// Decode parses a model from bytes. Any inconsistency is ErrCorrupt with a
// reason; it never panics on bad input.
func Decode(b []byte) (*Model, error) {
	h, body, p, nf, nw, err := decodeHeader(b)
	if err != nil {
		return nil, err
	}
	m, why := buildDirect(h.Classes, h.Meta, body, p, nf, nw)
	if m == nil {
		return nil, fmt.Errorf("%w: %s", ErrCorrupt, why)
	}
	return m, nil
}

// DecodeHeader checks a model file as Decode does up to its weights (magic,
// checksum, version, header, section sizes) and returns its classes and
// meta without building the weight table: for a caller that reads the
// weights into its own layout and needs the Model only later, if at all.
func DecodeHeader(b []byte) (classes []string, meta map[string]string, err error) {
	h, _, _, _, _, err := decodeHeader(b)
	if err != nil {
		return nil, nil, err
	}
	return h.Classes, h.Meta, nil
}

// decodeHeader validates b up to the weights and returns the header, the
// checksummed body, the offset of the weights and their section sizes.
func decodeHeader(b []byte) (h header, body []byte, p int, nf, nw uint32, err error) {
	bad := func(why string) error { return fmt.Errorf("%w: %s", ErrCorrupt, why) }
	if len(b) < 4+4+4+4+4+4 || string(b[:4]) != magic {
		return h, nil, 0, 0, 0, bad("bad magic or too short")
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return h, nil, 0, 0, 0, bad("checksum mismatch (truncated or damaged)")
	}
	p = 4
	u32 := func() (uint32, bool) {
		if p+4 > len(body) {
			return 0, false
		}
		v := binary.LittleEndian.Uint32(body[p:])
		p += 4
		return v, true
	}
	ver, _ := u32()
	if ver != fileVersion {
		return h, nil, 0, 0, 0, bad(fmt.Sprintf("unsupported version %d", ver))
	}
	hl, ok := u32()
	if !ok || hl > maxHeader || p+int(hl) > len(body) {
		return h, nil, 0, 0, 0, bad("header length")
	}
	if err := json.Unmarshal(body[p:p+int(hl)], &h); err != nil {
		return h, nil, 0, 0, 0, bad("header: " + err.Error())
	}
	p += int(hl)
	if len(h.Classes) == 0 || len(h.Classes) > maxClasses {
		return h, nil, 0, 0, 0, bad("class count")
	}
	nf, ok1 := u32()
	nw, ok2 := u32()
	if !ok1 || !ok2 || uint64(nf)*10+uint64(nw)*6 != uint64(len(body)-p) {
		return h, nil, 0, 0, 0, bad("section sizes")
	}
	return h, body, p, nf, nw, nil
}
