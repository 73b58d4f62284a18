// Package ingest turns sources (text and HTML files, directories, stdin,
// JSONL, RSS/Atom/JSON feeds, WARC archives and URLs) into RawDocs, one at a
// time: every source streams, so memory does not grow with the number of
// documents. A document that cannot be read comes back as a RawDoc with Err
// set and the batch goes on; only a source that cannot be read at all is an
// error.
//
// Open picks the reader by spec:
//
//	"-"              stdin, sniffed: JSONL, HTML, text, a feed or a WARC
//	http(s)://…      fetched (see Fetcher): a WARC or JSONL body streams, a
//	                 feed becomes its items, a page one document
//	directory        recursive, in name order, files chosen by extension;
//	                 dot-files and unknown extensions are passed over
//	file             .txt .text .md → text; .html .htm .xhtml → HTML;
//	                 .jsonl .ndjson → JSONL; .xml .rss .atom .rdf .json → feed
//	                 (a .json that is not a JSON Feed is read as JSONL);
//	                 .warc .warc.gz → WARC; a further .gz is read through
//	                 gzip; other names are sniffed
//
// Ids are the input's own (JSONL "id", feed GUID or link, WARC-Record-ID, a
// page's URL) or else StableID(source name, locator). SourceName says where
// an item came from: "path", "path:LINE" (JSONL), "path#N" (feed item),
// "path@OFFSET" (WARC record), or the URL.
package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

// Source kinds (RawDoc.Kind, doc.Meta.SourceKind).
const (
	KindText  = "text"
	KindHTML  = "html"
	KindJSONL = "jsonl"
	KindFeed  = "feed"
	KindWARC  = "warc"
	KindURL   = "url"
)

// Where a publication date came from (doc.Meta.PublishedSource).
const (
	PublishedInput = "input"
	PublishedFeed  = "feed"
	PublishedPage  = "page"
)

// Content types of RawDoc.Body.
const (
	TypeText = "text/plain"
	TypeHTML = "text/html"
)

// StageID names ingest in diagnostics.
const StageID = "ingest"

// Reasons an item is skipped; test with errors.Is.
var (
	ErrEmpty    = errors.New("empty document")
	ErrBinary   = errors.New("binary content")
	ErrTooLarge = errors.New("over the size limit")
)

// RawDoc is one document as read from a source, before extraction.
type RawDoc struct {
	ID              string
	Kind            string // text, html, jsonl, feed, warc, url
	SourceName      string // file path, URL, "file:LINE", "file@OFFSET", "feed#N"
	URL             string
	Title           string
	Published       string // YYYY-MM-DD or RFC 3339 (or the input's own ISO form)
	PublishedSource string // input, feed, page
	Fetched         string // RFC 3339 fetch time (WARC-Date, HTTP fetch)
	ContentType     string // TypeText or TypeHTML
	Body            []byte
	ContentHash     string // hex SHA-256 of Body
	// Meta holds source metadata without a field of its own; it becomes
	// doc.Meta.Extra.
	Meta map[string]string
	// Err is set when this item failed; ID and SourceName say which.
	Err error
}

// ItemError is the error of one failed item.
type ItemError struct {
	Source string // where: file, file:LINE, file@OFFSET, URL
	Err    error
}

func (e *ItemError) Error() string { return e.Source + ": " + e.Err.Error() }
func (e *ItemError) Unwrap() error { return e.Err }

// failed makes the RawDoc of an item that could not be read.
func failed(kind, source, id string, err error) *RawDoc {
	if id == "" {
		id = StableID(source, "")
	}
	return &RawDoc{ID: id, Kind: kind, SourceName: source, Err: &ItemError{Source: source, Err: err}}
}

// StableID derives an id from where a document came from: the same source
// name and locator (line, offset, item index) always give the same id.
func StableID(sourceName, locator string) string {
	h := sha256.New()
	h.Write([]byte(sourceName))
	if locator != "" {
		h.Write([]byte{0})
		h.Write([]byte(locator))
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// Hash returns the hex SHA-256 of b.
func Hash(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// setBody sets Body and ContentHash, and checks the body is a document:
// not empty, not binary. It returns the reason when it is not.
func (r *RawDoc) setBody(b []byte, contentType string) error {
	r.Body = b
	r.ContentType = contentType
	r.ContentHash = Hash(b)
	if len(bytes.TrimSpace(stripBOM(b))) == 0 {
		return ErrEmpty
	}
	if why := binaryReason(b); why != "" {
		return fmt.Errorf("%w: %s", ErrBinary, why)
	}
	if contentType == TypeHTML && len(bytes.TrimSpace(stripTags(b, 1<<16))) == 0 {
		// markup without a word of text in its first 64 KB still goes on:
		// scripts may fill it, but extract will find nothing either way.
		r.setMeta("note", "html without visible text")
	}
	return nil
}

func (r *RawDoc) setMeta(k, v string) {
	if v == "" {
		return
	}
	if r.Meta == nil {
		r.Meta = map[string]string{}
	}
	r.Meta[k] = v
}

// Doc makes the doc.Doc of a RawDoc. Text bodies become the Doc's text, with
// invalid UTF-8 replaced by U+FFFD and a diagnostic recorded; HTML bodies
// become RawHTML (decoded to UTF-8 by their declared or sniffed charset) with
// empty Text, for the extract stage to fill.
func (r *RawDoc) Doc() (*doc.Doc, error) {
	if r.Err != nil {
		return nil, r.Err
	}
	var d *doc.Doc
	switch r.ContentType {
	case TypeHTML:
		d = doc.New(r.ID, "")
		h, enc := decodeHTML(r.Body, r.Meta["http_content_type"])
		if enc != "" && enc != "utf-8" {
			d.Diag(StageID, "charset", doc.SevInfo, "decoded from "+enc, nil)
		}
		if !utf8.ValidString(h) {
			var n int
			var first int
			h, n, first = repairUTF8(h)
			d.Diag(StageID, "invalid_utf8", doc.SevWarning,
				fmt.Sprintf("%d invalid UTF-8 sequence(s) in HTML replaced by U+FFFD, first at byte %d", n, first), nil)
		}
		d.RawHTML = h
	case TypeText, "":
		s := string(stripBOM(r.Body))
		var diag string
		var sp *text.Span
		if !utf8.ValidString(s) {
			var n, first int
			s, n, first = repairUTF8(s)
			sp = &text.Span{Start: first, End: first + len("\uFFFD")}
			diag = fmt.Sprintf("%d invalid UTF-8 sequence(s) replaced by U+FFFD", n)
		}
		d = doc.New(r.ID, s)
		if diag != "" {
			d.Diag(StageID, "invalid_utf8", doc.SevWarning, diag, sp)
		}
	default:
		return nil, fmt.Errorf("%s: unsupported content type %q", r.SourceName, r.ContentType)
	}
	d.Meta = doc.Meta{
		URL:             r.URL,
		Title:           r.Title,
		Published:       r.Published,
		PublishedSource: r.PublishedSource,
		Fetched:         r.Fetched,
		SourceKind:      r.Kind,
		SourceName:      r.SourceName,
		ContentHash:     r.ContentHash,
	}
	if r.Published == "" {
		d.Meta.PublishedSource = ""
	}
	if a := r.Meta["author"]; a != "" {
		d.Meta.Author = a
	}
	if len(r.Meta) > 0 {
		d.Meta.Extra = make(map[string]string, len(r.Meta))
		for k, v := range r.Meta {
			d.Meta.Extra[k] = v
		}
	}
	return d, nil
}

// repairUTF8 replaces each invalid byte of s by U+FFFD (as a range loop
// decodes it) and returns the count and the output offset of the first.
func repairUTF8(s string) (out string, n, first int) {
	var b strings.Builder
	b.Grow(len(s) + 16)
	first = -1
	for i := 0; i < len(s); {
		c, w := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && w == 1 {
			if first < 0 {
				first = b.Len()
			}
			n++
			b.WriteString("\uFFFD")
		} else {
			b.WriteString(s[i : i+w])
		}
		i += w
	}
	return b.String(), n, first
}

func stripBOM(b []byte) []byte {
	return bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
}

// decodeHTML converts markup to UTF-8 by its BOM, HTTP Content-Type or <meta>
// charset (the HTML5 sniffing rules), returning the encoding's name.
func decodeHTML(b []byte, contentType string) (string, string) {
	if contentType == "" || !strings.Contains(strings.ToLower(contentType), "charset") {
		contentType = "text/html"
	}
	e, name, _ := charset.DetermineEncoding(b, contentType)
	if name == "utf-8" || name == "" {
		return string(stripBOM(b)), "utf-8"
	}
	if name == "windows-1252" && utf8.Valid(b) {
		// DetermineEncoding defaults to windows-1252 when nothing is
		// declared; text that is valid UTF-8 is far more likely UTF-8.
		return string(b), "utf-8"
	}
	out, err := e.NewDecoder().Bytes(b)
	if err != nil {
		return string(b), ""
	}
	return string(out), name
}
