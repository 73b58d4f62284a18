package ingest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// sniffLen is how much of a body is looked at to decide what it is.
const sniffLen = 4096

// Format is what a byte stream holds, as decided by Sniff or an extension.
type Format string

// Formats.
const (
	FormatText    Format = "text"
	FormatHTML    Format = "html"
	FormatJSONL   Format = "jsonl"
	FormatFeed    Format = "feed" // RSS, Atom, RDF or JSON Feed
	FormatWARC    Format = "warc" // plain or gzip-compressed
	FormatBinary  Format = "binary"
	FormatEmpty   Format = "empty"
	FormatUnknown Format = ""
)

// FormatByExt maps a file name to a format by its extension; FormatUnknown
// when the extension is not one ingest reads. Ambiguous ones (.xml, .json)
// are settled by Sniff. A further .gz is looked through: the file is read
// decompressed.
func FormatByExt(name string) Format {
	n := strings.ToLower(filepath.Base(name))
	switch {
	case strings.HasSuffix(n, ".warc"), strings.HasSuffix(n, ".warc.gz"):
		return FormatWARC
	}
	// x.jsonl.gz, x.html.gz …: read through gzip (see gzipped).
	n = strings.TrimSuffix(n, ".gz")
	switch filepath.Ext(n) {
	case ".txt", ".text", ".md":
		return FormatText
	case ".html", ".htm", ".xhtml":
		return FormatHTML
	case ".jsonl", ".ndjson":
		return FormatJSONL
	case ".xml", ".rss", ".atom", ".rdf", ".json":
		return FormatFeed
	}
	return FormatUnknown
}

// Sniff decides what a stream holds from its first bytes: a WARC (plain or
// gzip), a feed (RSS/Atom/RDF XML or JSON Feed), JSONL, HTML, plain text, or
// binary data that is not a document.
func Sniff(head []byte) Format {
	if len(head) > sniffLen {
		head = head[:sniffLen]
	}
	if bytes.HasPrefix(head, []byte("WARC/")) {
		return FormatWARC
	}
	if len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b {
		if zr, err := gzip.NewReader(bytes.NewReader(head)); err == nil {
			var b [5]byte
			if n, _ := io.ReadFull(zr, b[:]); n == 5 && string(b[:]) == "WARC/" {
				return FormatWARC
			}
		}
		return FormatBinary
	}
	if isUTF16(head) {
		return FormatText
	}
	if binaryReason(head) != "" {
		return FormatBinary
	}
	t := bytes.TrimSpace(stripBOM(head))
	if len(t) == 0 {
		return FormatEmpty
	}
	switch t[0] {
	case '{':
		if isJSONFeed(t) {
			return FormatFeed
		}
		// The first line must be a JSON object, when it is all there.
		first, _, complete := bytes.Cut(t, []byte("\n"))
		if (complete || len(head) < sniffLen) && !validJSONObjectStart(first) {
			return FormatText
		}
		return FormatJSONL
	case '<':
		if isFeedXML(t) {
			return FormatFeed
		}
		if looksHTML(t) {
			return FormatHTML
		}
	}
	if looksHTML(t) {
		return FormatHTML
	}
	return FormatText
}

// isJSONFeed reports whether a JSON object is a JSON Feed (its "version" is
// a jsonfeed.org URL), judged from its first few KB.
func isJSONFeed(t []byte) bool {
	i := bytes.Index(t, []byte(`"version"`))
	if i < 0 {
		return false
	}
	return bytes.Contains(t[i:min(len(t), i+80)], []byte("jsonfeed.org"))
}

func isFeedXML(t []byte) bool {
	l := bytes.ToLower(t[:min(len(t), 1024)])
	// Skip the XML declaration, comments and processing instructions.
	for _, root := range []string{"<rss", "<feed", "<rdf:rdf", "<rdf "} {
		if i := bytes.Index(l, []byte(root)); i >= 0 && !bytes.Contains(l[:i], []byte("<html")) {
			return true
		}
	}
	return false
}

var htmlMarks = [][]byte{
	[]byte("<!doctype html"), []byte("<html"), []byte("<head"), []byte("<body"),
	[]byte("<meta "), []byte("<title"), []byte("<p>"), []byte("<p "), []byte("<div"),
	[]byte("<article"), []byte("<br"), []byte("<script"), []byte("<!--"), []byte("<h1"), []byte("<table"),
}

func looksHTML(t []byte) bool {
	l := bytes.ToLower(t[:min(len(t), 1024)])
	for _, m := range htmlMarks {
		if bytes.Contains(l, m) {
			return true
		}
	}
	return false
}

func isUTF16(b []byte) bool {
	return len(b) >= 2 && ((b[0] == 0xFE && b[1] == 0xFF) || (b[0] == 0xFF && b[1] == 0xFE))
}

// binaryReason says why the start of a body is not text ("" when it is):
// a NUL byte, a known binary signature, or too many control characters.
func binaryReason(b []byte) string {
	if len(b) > sniffLen {
		b = b[:sniffLen]
	}
	if isUTF16(b) {
		return ""
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return fmt.Sprintf("NUL byte at offset %d", i)
	}
	ctl := 0
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b {
			ctl++
		}
	}
	if ctl > 0 && ctl*20 > len(b) {
		return fmt.Sprintf("%d control bytes in the first %d", ctl, len(b))
	}
	// A file signature alone is not enough: "BM" opens a BMP and many a
	// sentence. It must come with bytes text does not have.
	switch ct := http.DetectContentType(b); {
	case strings.HasPrefix(ct, "text/"), ct == "application/octet-stream",
		strings.HasPrefix(ct, "application/json"), strings.HasSuffix(ct, "xml"):
	default:
		if ctl > 0 || !utf8.Valid(trimPartialRune(b)) {
			return "looks like " + ct
		}
	}
	return ""
}

// stripTags drops markup from the first max bytes of b, keeping text; it is
// only used to decide whether a page has any text at all.
func stripTags(b []byte, max int) []byte {
	if len(b) > max {
		b = b[:max]
	}
	var out []byte
	in := false
	for _, c := range b {
		switch {
		case c == '<':
			in = true
		case c == '>':
			in = false
		case !in:
			out = append(out, c)
		}
	}
	return out
}

// looksMarkup reports whether feed content is HTML rather than plain text.
func looksMarkup(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '<' {
			c := s[i+1]
			if c == '/' || c == '!' || (c|0x20 >= 'a' && c|0x20 <= 'z') {
				if strings.IndexByte(s[i:], '>') > 0 {
					return true
				}
			}
		} else if s[i] == '&' && strings.IndexByte(s[i:min(len(s), i+10)], ';') > 0 {
			return true
		}
	}
	return false
}

// validJSONObjectStart reports whether a whole line is a JSON object, to
// tell JSONL from text that happens to start with '{'.
func validJSONObjectStart(line []byte) bool {
	line = bytes.TrimSpace(line)
	return len(line) > 1 && line[0] == '{' && json.Valid(line)
}

// trimPartialRune drops an incomplete UTF-8 sequence cut off at the end.
func trimPartialRune(b []byte) []byte {
	for i := 1; i <= 3 && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			break
		}
	}
	return b
}
