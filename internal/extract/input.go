package extract

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/doc"
)

// Input formats of DocFromInput.
const (
	FormatAuto = ""     // by file name: .html/.htm is HTML, anything else text
	FormatText = "text" // plain text
	FormatHTML = "html" // HTML page
	FormatJSON = "json" // one JSON object {"id","text"|"html","url","title","published"}
)

// jsonInput is the JSON input object of `extract --format json` (the same
// fields as a line of `annotate`'s JSONL input).
type jsonInput struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	HTML      string `json:"html"`
	URL       string `json:"url"`
	Title     string `json:"title"`
	Published string `json:"published"`
}

// DocFromInput makes a Doc from the bytes of one input named name (a file
// path, or "-" for stdin). Invalid UTF-8 is replaced and recorded as a
// diagnostic. It errors only on input it cannot read as the format at all
// (malformed JSON, a JSON object with neither text nor html).
func DocFromInput(name string, data []byte, format string) (*doc.Doc, error) {
	if format == FormatAuto {
		switch strings.ToLower(filepath.Ext(name)) {
		case ".html", ".htm", ".xhtml":
			format = FormatHTML
		case ".json":
			format = FormatJSON
		default:
			format = FormatText
			if looksHTML(data) {
				format = FormatHTML
			}
		}
	}
	if format != FormatJSON && binary(data) {
		return nil, errors.New("binary file (NUL bytes), skipped")
	}
	sum := sha256.Sum256(data)
	id := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	if name == "-" || name == "" {
		id = "stdin"
	}
	d := doc.New(id, "")
	d.Meta.SourceName = name
	d.Meta.ContentHash = hex.EncodeToString(sum[:])
	clean := func(s string) string {
		if utf8.ValidString(s) {
			return s
		}
		d.Diag(StageID, "input.invalid_utf8", doc.SevWarning, "invalid UTF-8 replaced with U+FFFD", nil)
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	switch format {
	case FormatText:
		d.Meta.SourceKind = "text"
		d.Text = clean(string(data))
	case FormatHTML:
		d.Meta.SourceKind = "html"
		d.RawHTML = clean(string(data))
	case FormatJSON:
		var in jsonInput
		dec := json.NewDecoder(strings.NewReader(string(data)))
		if err := dec.Decode(&in); err != nil {
			return nil, fmt.Errorf("invalid JSON input: %v", err)
		}
		if in.Text == "" && in.HTML == "" {
			return nil, errors.New(`JSON input has neither "text" nor "html"`)
		}
		if in.ID != "" {
			d.ID = in.ID
		}
		d.Meta.SourceKind = "json"
		d.Meta.URL, d.Meta.Title = in.URL, in.Title
		if in.Published != "" {
			d.Meta.Published, d.Meta.PublishedSource = in.Published, "input"
		}
		if in.HTML != "" && in.Text == "" {
			d.RawHTML = clean(in.HTML)
		} else {
			d.Text = clean(in.Text)
		}
	default:
		return nil, fmt.Errorf("unknown format %q (text, html, json)", format)
	}
	if strings.TrimSpace(d.Text) == "" && strings.TrimSpace(d.RawHTML) == "" {
		d.Diag(StageID, "input.empty", doc.SevWarning, "empty document", nil)
	}
	return d, nil
}

// looksHTML sniffs a page served without an .html name (stdin, .txt).
func looksHTML(data []byte) bool {
	head := strings.ToLower(strings.TrimSpace(string(data[:min(len(data), 512)])))
	head = strings.TrimPrefix(head, "\ufeff")
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html")
}

// binary reports NUL bytes in the first 8 KB, which text never has.
func binary(data []byte) bool {
	return strings.IndexByte(string(data[:min(len(data), 8192)]), 0) >= 0
}

// Run is the logic of `newsgraph extract`: a Doc from the input, through
// extract.article.v1.
func Run(ctx context.Context, name string, data []byte, format string) (*doc.Doc, error) {
	d, err := DocFromInput(name, data, format)
	if err != nil {
		return nil, err
	}
	st := &Stage{HTML: DefaultHTMLOptions}
	if err := st.Process(ctx, d); err != nil {
		return nil, err
	}
	return d, nil
}

// MainText is what the extraction benchmark scores: the stories' texts (so
// credit lines are left out) joined by newlines; a page with no stories
// scores its Text.
func MainText(d *doc.Doc) string {
	if len(d.Stories) == 0 {
		return d.Text
	}
	parts := make([]string, len(d.Stories))
	for i, s := range d.Stories {
		parts[i] = s.Text
	}
	return strings.Join(parts, "\n")
}
