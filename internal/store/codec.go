package store

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"

	"github.com/newsgraph/newsgraph/internal/doc"
)

// Body encodings of a stored Doc (documents.enc in both backends). New
// bodies are written as JSON or S2: S2 compresses at several hundred MB/s
// and still halves a Doc whose stories repeat its text; zstd (1) is read
// for bodies written by other tools or earlier builds.
const (
	EncJSON = 0
	EncZstd = 1
	EncS2   = 2
)

// compressMin is the JSON size below which compressing rarely pays for the
// frame overhead and the decode cost.
const compressMin = 512

var (
	zOnce sync.Once
	zDec  *zstd.Decoder
)

func zstdDecoder() *zstd.Decoder {
	zOnce.Do(func() {
		// DecodeAll is safe for concurrent use.
		zDec, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0))
	})
	return zDec
}

// EncodeDoc returns a Doc's stored body and its encoding: S2-compressed
// JSON when that saves at least a tenth, plain JSON otherwise.
func EncodeDoc(d *doc.Doc) (int, []byte, error) {
	js, err := json.Marshal(d)
	if err != nil {
		return 0, nil, err
	}
	if len(js) < compressMin {
		return EncJSON, js, nil
	}
	z := s2.Encode(nil, js)
	if len(z) > len(js)*9/10 {
		return EncJSON, js, nil
	}
	return EncS2, z, nil
}

// DecodeDoc reads a body EncodeDoc (or an earlier zstd writer) produced.
func DecodeDoc(enc int, body []byte) (*doc.Doc, error) {
	var err error
	switch enc {
	case EncJSON:
	case EncS2:
		if body, err = s2.Decode(nil, body); err != nil {
			return nil, fmt.Errorf("decompress document: %w", err)
		}
	case EncZstd:
		if body, err = zstdDecoder().DecodeAll(body, nil); err != nil {
			return nil, fmt.Errorf("decompress document: %w", err)
		}
	default:
		return nil, fmt.Errorf("unknown document encoding %d", enc)
	}
	d := new(doc.Doc)
	if err := json.Unmarshal(body, d); err != nil {
		return nil, fmt.Errorf("decode document: %w", err)
	}
	return d, nil
}
