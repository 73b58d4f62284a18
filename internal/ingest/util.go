package ingest

import (
	"bytes"
	"html"
	"strings"
	"time"

	"golang.org/x/text/encoding/unicode"
)

// decodeUTF16 converts UTF-16 with a byte-order mark to UTF-8.
func decodeUTF16(b []byte) []byte {
	dec := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder()
	out, err := dec.Bytes(b)
	if err != nil {
		return b
	}
	return out
}

// htmlTitle returns the text of the first <title> in the first 64 KB, or "",
// decoded by the page's charset (contentType is the HTTP header, if any).
func htmlTitle(b []byte, contentType string) string {
	if len(b) > 1<<16 {
		b = b[:1<<16]
	}
	s, _ := decodeHTML(b, contentType)
	b = []byte(strings.ToValidUTF8(s, "\uFFFD"))
	l := asciiLower(b)
	i := bytes.Index(l, []byte("<title"))
	if i < 0 {
		return ""
	}
	j := bytes.IndexByte(l[i:], '>')
	if j < 0 {
		return ""
	}
	start := i + j + 1
	k := bytes.Index(l[start:], []byte("</title"))
	if k < 0 {
		return ""
	}
	t := html.UnescapeString(string(b[start : start+k]))
	return strings.Join(strings.Fields(t), " ")
}

var dateLayouts = []struct {
	layout string
	out    string // "" keeps RFC 3339
}{
	{time.RFC3339Nano, ""},
	{"2006-01-02T15:04:05Z0700", ""},
	{time.RFC1123Z, ""},
	{time.RFC1123, ""},
	{time.RFC850, ""},
	{"Mon, 2 Jan 2006 15:04:05 -0700", ""},
	{"2 Jan 2006 15:04:05 -0700", ""},
	{"2006-01-02", "2006-01-02"},
	{"2006-01-02T15:04:05", "2006-01-02T15:04:05"},
	{"2006-01-02 15:04:05", "2006-01-02T15:04:05"},
	{"2006-01-02T15:04", "2006-01-02T15:04:05"},
	{"2006/01/02", "2006-01-02"},
}

// NormDate normalises a publication date to YYYY-MM-DD, RFC 3339 when the
// zone is known, or YYYY-MM-DDTHH:MM:SS when it is not. A string none of the
// layouts read is returned trimmed, as given.
func NormDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	// The two zone-less ISO shapes that JSONL corpora carry: only their own
	// layout can read them, so the eight that fail first are skipped.
	if isoShape(s, "dddd-dd-dd") || isoShape(s, "dddd-dd-ddTdd:dd:dd") {
		layout := "2006-01-02T15:04:05"[:len(s)]
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(layout)
		}
		return s
	}
	for _, l := range dateLayouts {
		t, err := time.Parse(l.layout, s)
		if err != nil {
			continue
		}
		if l.out != "" {
			return t.Format(l.out)
		}
		return t.Format(time.RFC3339)
	}
	return s
}

// asciiLower lowers ASCII letters only, so offsets stay those of b.
func asciiLower(b []byte) []byte {
	l := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		l[i] = c
	}
	return l
}

// isoShape reports whether s has the shape of pattern, 'd' a digit.
func isoShape(s, pattern string) bool {
	if len(s) != len(pattern) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if p := pattern[i]; p == 'd' {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		} else if s[i] != p {
			return false
		}
	}
	return true
}
