package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"unicode/utf8"
)

// jsonlSource reads one JSON object per line:
// {"id","text"|"html","url","title","published"}. "date" is read as
// "published" when that is absent; other fields go to Meta. A bad line fails
// alone, with its line number.
type jsonlSource struct {
	name string
	rc   io.ReadCloser
	br   *bufio.Reader
	opt  Options
	line int
	done bool
}

func newJSONLSource(name string, rc io.ReadCloser, opt Options) *jsonlSource {
	br, ok := rc.(*readCloser)
	var r *bufio.Reader
	if ok {
		if b, ok := br.Reader.(*bufio.Reader); ok {
			r = b
		}
	}
	if r == nil {
		r = bufio.NewReaderSize(rc, 64<<10)
	}
	return &jsonlSource{name: name, rc: rc, br: r, opt: opt}
}

func (s *jsonlSource) Next(ctx context.Context) (*RawDoc, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if s.done {
			return nil, io.EOF
		}
		line, tooLong, err := readLine(s.br, s.opt.MaxBytes)
		if err == io.EOF {
			s.done = true
			if len(line) == 0 && !tooLong {
				return nil, io.EOF
			}
		} else if err != nil {
			return nil, fmt.Errorf("%s: line %d: %w", s.name, s.line+1, err)
		}
		s.line++
		where := s.name + ":" + strconv.Itoa(s.line)
		if tooLong {
			return failed(KindJSONL, where, "", fmt.Errorf("%w: line longer than %d bytes", ErrTooLarge, s.opt.MaxBytes)), nil
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue // blank lines separate nothing
		}
		return ParseJSONLine(line, s.name, s.line), nil
	}
}

func (s *jsonlSource) Close() error { return s.rc.Close() }

// readLine reads one line without its newline. A line over max bytes is
// consumed and dropped, with tooLong set, so one huge line cannot exhaust
// memory and the lines after it are still read.
func readLine(br *bufio.Reader, max int64) (line []byte, tooLong bool, err error) {
	for {
		frag, e := br.ReadSlice('\n')
		if !tooLong {
			if int64(len(line)+len(frag)) > max+1 { // +1: the newline
				tooLong = true
				line = nil
			} else {
				line = append(line, frag...)
			}
		}
		if e == bufio.ErrBufferFull {
			continue
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		return line, tooLong, e
	}
}

// ParseJSONLine makes the RawDoc of one JSONL line (lineNo counts from 1).
// Errors are on the RawDoc, naming the line.
func ParseJSONLine(line []byte, sourceName string, lineNo int) *RawDoc {
	where := sourceName + ":" + strconv.Itoa(lineNo)
	rec, err := decodeObject(line)
	if err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			err = fmt.Errorf("malformed JSON at column %d: %v", se.Offset, err)
		} else {
			err = fmt.Errorf("not a JSON object: %v", err)
		}
		return failed(KindJSONL, where, "", err)
	}
	if rec == nil {
		return failed(KindJSONL, where, "", errors.New("not a JSON object: null"))
	}
	str := func(k string) (string, error) {
		v, ok := rec[k]
		if !ok {
			return "", nil
		}
		delete(rec, k)
		return scalar(v, k)
	}
	var errs []error
	get := func(k string) string {
		v, err := str(k)
		if err != nil {
			errs = append(errs, err)
		}
		return v
	}
	_, hasText := rec["text"]
	_, hasHTML := rec["html"]
	r := &RawDoc{Kind: KindJSONL, SourceName: where}
	r.ID = get("id")
	txt, htm := get("text"), get("html")
	r.URL = get("url")
	r.Title = get("title")
	pub := get("published")
	if date := get("date"); pub == "" {
		pub = date
	} else if date != "" {
		r.setMeta("date", date)
	}
	if len(errs) > 0 {
		return failed(KindJSONL, where, r.ID, errs[0])
	}
	if r.ID == "" {
		r.ID = StableID(sourceName, "line:"+strconv.Itoa(lineNo))
	}
	if pub != "" {
		r.Published = NormDate(pub)
		r.PublishedSource = PublishedInput
	}
	// Other fields are kept as metadata, strings as they are and anything
	// else as compact JSON.
	keys := make([]string, 0, len(rec))
	for k := range rec {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := rec[k]
		if s, err := scalar(v, k); err == nil {
			r.setMeta(k, s)
		} else {
			var b bytes.Buffer
			if json.Compact(&b, v) == nil && b.String() != "null" {
				r.setMeta(k, b.String())
			}
		}
	}
	switch {
	case txt != "":
		err = r.setBody([]byte(txt), TypeText)
	case htm != "":
		err = r.setBody([]byte(htm), TypeHTML)
		if err == nil && r.Title == "" {
			r.Title = htmlTitle(r.Body, r.Meta["http_content_type"])
		}
	case hasText || hasHTML:
		err = ErrEmpty
	default:
		err = fmt.Errorf("%w: no \"text\" or \"html\" field", ErrEmpty)
	}
	if err != nil {
		return failed(KindJSONL, where, r.ID, err)
	}
	return r
}

// scalar reads a JSON string, number or bool as text; null is "".
func scalar(v json.RawMessage, k string) (string, error) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return "", nil
	}
	switch v[0] {
	case '"':
		if s, ok := unquoteSimple(v); ok {
			return s, nil
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return "", fmt.Errorf("field %q: %v", k, err)
		}
		return s, nil
	case 't', 'f':
		return string(v), nil
	case '[', '{':
		return "", fmt.Errorf("field %q: want a string, got %s", k, kindOfJSON(v[0]))
	}
	if _, err := strconv.ParseFloat(string(v), 64); err != nil {
		return "", fmt.Errorf("field %q: bad value %.20s", k, v)
	}
	return string(v), nil
}

func kindOfJSON(c byte) string {
	if c == '[' {
		return "an array"
	}
	return "an object"
}

// unquoteSimple decodes a JSON string already validated by the line's
// json.Unmarshal, as encoding/json would, in one pass (the text field is most
// of a line). It declines (ok false) strings with \u escapes or invalid
// UTF-8, which go to encoding/json for its replacement-character rules.
func unquoteSimple(v []byte) (string, bool) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", false
	}
	v = v[1 : len(v)-1]
	esc := bytes.IndexByte(v, '\\')
	if esc < 0 {
		if !utf8.Valid(v) {
			return "", false
		}
		return string(v), true
	}
	b := make([]byte, 0, len(v))
	for len(v) > 0 {
		if esc < 0 {
			b = append(b, v...)
			break
		}
		b = append(b, v[:esc]...)
		if esc+1 >= len(v) {
			return "", false
		}
		switch c := v[esc+1]; c {
		case '"', '\\', '/':
			b = append(b, c)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		default: // \u and anything unexpected
			return "", false
		}
		v = v[esc+2:]
		esc = bytes.IndexByte(v, '\\')
	}
	if !utf8.Valid(b) {
		return "", false
	}
	return string(b), true
}

// decodeObject is json.Unmarshal into a map of raw values, with
// splitObject's fast path.
func decodeObject(line []byte) (map[string]json.RawMessage, error) {
	if rec, ok := splitObject(line); ok {
		return rec, nil
	}
	var rec map[string]json.RawMessage
	err := json.Unmarshal(line, &rec)
	return rec, err
}

// splitObject is json.Unmarshal(line, &map[string]json.RawMessage) for the
// common line: a valid object whose keys have no escapes. The values alias
// line instead of being copied, and the line is scanned twice instead of
// three times. ok is false for anything else, left to encoding/json (and
// its error messages).
func splitObject(line []byte) (map[string]json.RawMessage, bool) {
	if !json.Valid(line) {
		return nil, false
	}
	i := skipWS(line, 0)
	if i >= len(line) || line[i] != '{' {
		return nil, false
	}
	rec := make(map[string]json.RawMessage, 8)
	i = skipWS(line, i+1)
	if line[i] == '}' {
		return rec, true
	}
	for {
		// Key: a string (valid JSON guarantees it).
		end := skipString(line, i)
		key := line[i+1 : end-1]
		if bytes.IndexByte(key, '\\') >= 0 || !utf8.Valid(key) {
			return nil, false
		}
		i = skipWS(line, end)
		i = skipWS(line, i+1) // the colon
		vEnd := skipValue(line, i)
		rec[string(key)] = json.RawMessage(line[i:vEnd:vEnd])
		i = skipWS(line, vEnd)
		if line[i] == '}' {
			return rec, true
		}
		i = skipWS(line, i+1) // the comma
	}
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the offset after the valid JSON string at b[i].
func skipString(b []byte, i int) int {
	for i++; ; {
		j := bytes.IndexAny(b[i:], `"\\`)
		i += j
		if b[i] == '"' {
			return i + 1
		}
		i += 2 // an escape; \uXXXX's hex digits hold no quote or backslash
	}
}

// skipValue returns the offset after the valid JSON value at b[i].
func skipValue(b []byte, i int) int {
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for ; ; i++ {
			switch b[i] {
			case '"':
				i = skipString(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
	}
	for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' && b[i] != '\t' && b[i] != '\n' && b[i] != '\r' {
		i++
	}
	return i
}
