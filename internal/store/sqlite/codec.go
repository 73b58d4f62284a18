package sqlite

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"

	"github.com/newsgraph/newsgraph/internal/doc"
)

// Body encodings in documents.enc.
const (
	encJSON = 0
	encZstd = 1
)

// compressMin is the JSON size below which compressing rarely pays for the
// frame overhead and the decode cost.
const compressMin = 512

var (
	zOnce sync.Once
	zEnc  *zstd.Encoder
	zDec  *zstd.Decoder
)

func codecs() (*zstd.Encoder, *zstd.Decoder) {
	zOnce.Do(func() {
		// EncodeAll/DecodeAll are safe for concurrent use.
		zEnc, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1), zstd.WithLowerEncoderMem(true))
		zDec, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0))
	})
	return zEnc, zDec
}

// encodeDoc returns the stored body: zstd-compressed JSON when that saves
// at least a tenth, plain JSON otherwise.
func encodeDoc(d *doc.Doc) (int, []byte, error) {
	js, err := json.Marshal(d)
	if err != nil {
		return 0, nil, err
	}
	if len(js) < compressMin {
		return encJSON, js, nil
	}
	enc, _ := codecs()
	z := enc.EncodeAll(js, make([]byte, 0, len(js)/2))
	if len(z) > len(js)*9/10 {
		return encJSON, js, nil
	}
	return encZstd, z, nil
}

func decodeDoc(enc int, body []byte) (*doc.Doc, error) {
	switch enc {
	case encJSON:
	case encZstd:
		_, dec := codecs()
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
