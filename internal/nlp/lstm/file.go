package lstm

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
)

// File format "NGLS": magic, version (uint32), In, Hidden, Layers
// (uint32 each), the parameters as little-endian float32, and a CRC-32
// (IEEE) of everything before it.
const (
	magic   = "NGLS"
	version = 1
	header  = 4 + 4*4
)

// Encode returns the network's file.
func (n *Net) Encode() []byte {
	b := make([]byte, 0, header+4*len(n.P)+4)
	b = append(b, magic...)
	for _, v := range []int{version, n.In, n.Hidden, n.Layers} {
		b = binary.LittleEndian.AppendUint32(b, uint32(v))
	}
	for _, x := range n.P {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	return binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

// Decode reads a file written by Encode; a damaged file is an error.
func Decode(b []byte) (*Net, error) {
	if len(b) < header+4 || string(b[:4]) != magic {
		return nil, errors.New("lstm: not an NGLS file")
	}
	body := b[:len(b)-4]
	if crc32.ChecksumIEEE(body) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return nil, errors.New("lstm: checksum mismatch (file damaged)")
	}
	u := func(i int) int { return int(binary.LittleEndian.Uint32(b[4+4*i:])) }
	if v := u(0); v != version {
		return nil, fmt.Errorf("lstm: file version %d, want %d", v, version)
	}
	c := Config{In: u(1), Hidden: u(2), Layers: u(3)}
	if err := c.check(); err != nil {
		return nil, err
	}
	bs, size := c.layout()
	if len(body)-header != 4*size {
		return nil, fmt.Errorf("lstm: %d parameter bytes, want %d", len(body)-header, 4*size)
	}
	n := &Net{Config: c, P: make([]float32, size), blocks: bs}
	for i := range n.P {
		x := math.Float32frombits(binary.LittleEndian.Uint32(body[header+4*i:]))
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return nil, errors.New("lstm: parameter not finite")
		}
		n.P[i] = x
	}
	return n, nil
}
