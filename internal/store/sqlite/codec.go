package sqlite

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"

	"github.com/newsgraph/newsgraph/internal/doc"
)

// Body encodings in documents.enc. New bodies are written as JSON or S2:
// S2 compresses at several hundred MB/s and still halves a Doc whose
// stories repeat its text; zstd (1) is read for bodies written by
// other tools or earlier builds.
const (
	encJSON = 0
	encZstd = 1
	encS2   = 2
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

// encodeDoc returns the stored body: S2-compressed JSON when that saves at
// least a tenth, plain JSON otherwise.
func encodeDoc(d *doc.Doc) (int, []byte, error) {
	js, err := json.Marshal(d)
	if err != nil {
		return 0, nil, err
	}
	if len(js) < compressMin {
		return encJSON, js, nil
	}
	z := s2.Encode(nil, js)
	if len(z) > len(js)*9/10 {
		return encJSON, js, nil
	}
	return encS2, z, nil
}

func decodeDoc(enc int, body []byte) (*doc.Doc, error) {
	switch enc {
	case encJSON:
	case encS2:
		var err error
		if body, err = s2.Decode(nil, body); err != nil {
			return nil, fmt.Errorf("decompress document: %w", err)
		}
	case encZstd:
		dec := zstdDecoder()
		var err error
		if body, err = dec.DecodeAll(body, nil); err != nil {
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
