// Package export writes stored documents in the formats existing tools read:
// GDELT 2.0 event and mention tables, a GKG-style table, JSONL of the full
// Doc, CSV of events, and Parquet of events and entities. Every writer
// streams: one Doc in, its rows out, constant memory in the number of
// documents.
package export

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/newsgraph/newsgraph/internal/doc"
)

// Writer takes documents one at a time.
type Writer interface {
	Write(d *doc.Doc) error
	// Close flushes buffered rows and file footers; it does not close the
	// underlying io.Writer.
	Close() error
}

// Options tune the writers.
type Options struct {
	// Added is the DATEADDED stamp of the GDELT tables. Zero uses each
	// document's fetch or publication time (from a store: the start of the
	// run that stored the event), so output depends only on input.
	Added time.Time
	// Header adds a header row to the TSV tables (GDELT's own files have none).
	Header bool
	// Table selects the Parquet table: "events" (default) or "entities".
	Table string
}

// Formats lists the format names New accepts.
var Formats = []string{"gdelt", "mentions", "gkg", "jsonl", "csv", "parquet"}

// eventTable is a per-event format: one row per record.
type eventTable interface {
	writeRecord(r *record) error
	Close() error
}

// docTable is a per-document format: one row or line per Doc.
type docTable interface {
	Write(d *doc.Doc) error
	Close() error
}

// table is what New and FromStore build for a format: exactly one of
// events, docs and entities is set.
type table struct {
	events   eventTable
	docs     docTable
	entities *parquetEntities
}

func newTable(format string, w io.Writer, opt Options) (table, error) {
	switch format {
	case "gdelt", "events":
		return table{events: newTSV(w, gdeltHeader, opt.Header, gdeltRow)}, nil
	case "mentions":
		return table{events: newTSV(w, mentionsHeader, opt.Header, mentionRow)}, nil
	case "gkg":
		return table{docs: newGKG(w, opt)}, nil
	case "jsonl":
		return table{docs: newJSONL(w)}, nil
	case "csv":
		return table{events: newCSV(w)}, nil
	case "parquet":
		switch opt.Table {
		case "", "events":
			return table{events: newParquetEvents(w)}, nil
		case "entities":
			return table{entities: newParquetEntities(w)}, nil
		}
		return table{}, fmt.Errorf("export: unknown parquet table %q (events or entities)", opt.Table)
	}
	return table{}, fmt.Errorf("export: unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// New makes a writer of Docs (annotate's JSONL) for a format.
func New(format string, w io.Writer, opt Options) (Writer, error) {
	t, err := newTable(format, w, opt)
	if err != nil {
		return nil, err
	}
	switch {
	case t.events != nil:
		return &docEvents{t: t.events, opt: opt}, nil
	case t.entities != nil:
		return t.entities, nil
	}
	return t.docs, nil
}

// docEvents feeds a Doc's events to a per-event table.
type docEvents struct {
	t   eventTable
	opt Options
}

func (w *docEvents) Write(d *doc.Doc) error {
	recs := docRecords(d, w.opt)
	for i := range recs {
		if err := w.t.writeRecord(&recs[i]); err != nil {
			return err
		}
	}
	return nil
}

func (w *docEvents) Close() error { return w.t.Close() }

// tsvWriter writes tab-separated rows; tabs and newlines inside fields
// become spaces, as GDELT's files never hold them.
type tsvWriter struct {
	w   io.Writer
	row func(*record) []string
	buf []byte
}

func newTSV(w io.Writer, header []string, withHeader bool, row func(*record) []string) *tsvWriter {
	t := &tsvWriter{w: w, row: row}
	if withHeader {
		t.add(header)
	}
	return t
}

func (t *tsvWriter) add(row []string) {
	for i, f := range row {
		if i > 0 {
			t.buf = append(t.buf, '\t')
		}
		for j := 0; j < len(f); j++ {
			c := f[j]
			if c == '\t' || c == '\n' || c == '\r' {
				c = ' '
			}
			t.buf = append(t.buf, c)
		}
	}
	t.buf = append(t.buf, '\n')
}

func (t *tsvWriter) writeRecord(r *record) error {
	t.add(t.row(r))
	return t.maybeFlush()
}

func (t *tsvWriter) maybeFlush() error {
	if len(t.buf) >= 1<<16 {
		return t.flush()
	}
	return nil
}

func (t *tsvWriter) flush() error {
	_, err := t.w.Write(t.buf)
	t.buf = t.buf[:0]
	return err
}

func (t *tsvWriter) Close() error { return t.flush() }

// gkgWriter writes one GKG row per document.
type gkgWriter struct {
	*tsvWriter
	opt Options
}

func newGKG(w io.Writer, opt Options) *gkgWriter {
	return &gkgWriter{tsvWriter: newTSV(w, gkgHeader, opt.Header, nil), opt: opt}
}

func (g *gkgWriter) Write(d *doc.Doc) error { return g.writeStamped(d, added(d, g.opt)) }

// writeStamped writes d with a DATE chosen by the caller: from a store,
// when the document was stored, as the events' DATEADDED.
func (g *gkgWriter) writeStamped(d *doc.Doc, stamp string) error {
	g.add(gkgRow(d, stamp))
	return g.maybeFlush()
}

// ---- shared helpers ----

// eventID is a stable numeric id (53 bits, safe in JavaScript and
// spreadsheets) from the document key and the event id.
func eventID(d *doc.Doc, ev *doc.Event) string {
	h := uint64(14695981039346656037)
	for _, s := range []string{docKey(d), "\x00", ev.ID} {
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= 1099511628211
		}
	}
	return fmt.Sprint(h & (1<<53 - 1))
}

func docKey(d *doc.Doc) string {
	if d.Meta.ContentHash != "" {
		return d.Meta.ContentHash
	}
	return d.ID
}

// day parses the leading YYYY-MM-DD of a date or date-time.
func day(s string) (time.Time, bool) {
	if len(s) < 10 {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02", s[:10])
	return t, err == nil
}

func stamp(s string) time.Time {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	if t, ok := day(s); ok {
		return t
	}
	return time.Time{}
}

func added(d *doc.Doc, opt Options) string {
	t := opt.Added
	if t.IsZero() {
		t = stamp(d.Meta.Fetched)
	}
	if t.IsZero() {
		t = stamp(d.Meta.Published)
	}
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("20060102150405")
}

// charOffset converts a byte offset into d.Text to a character offset, as
// GDELT counts them.
func charOffset(d *doc.Doc, b int) int {
	if b < 0 || b > len(d.Text) {
		return -1
	}
	return utf8.RuneCountInString(d.Text[:b])
}

func countryName(iso2 string) string {
	if iso2 == "" {
		return ""
	}
	r, err := language.ParseRegion(iso2)
	if err != nil {
		return iso2
	}
	if n := display.English.Regions().Name(r); n != "" {
		return n
	}
	return iso2
}

func placeFullName(p *doc.Place) string {
	parts := []string{}
	name := p.Name
	if name == "" {
		name = p.Text
	}
	cn := countryName(p.Country)
	if p.Precision != "country" && name != "" {
		parts = append(parts, name)
	}
	if p.Admin1Name != "" && p.Admin1Name != name && p.Precision != "country" && p.Precision != "admin1" {
		parts = append(parts, p.Admin1Name)
	}
	if cn != "" {
		parts = append(parts, cn)
	} else if len(parts) == 0 {
		parts = append(parts, name)
	}
	return strings.Join(parts, ", ")
}

// geoType is GDELT's location type: 1 country, 2 US state, 3 US city,
// 4 world city, 5 world state.
func geoType(p *doc.Place) string {
	us := p.Country == "US"
	switch p.Precision {
	case "country":
		return "1"
	case "admin1":
		if us {
			return "2"
		}
		return "5"
	}
	if us {
		return "3"
	}
	return "4"
}

func ftoa(f float64, prec int) string { return fmt.Sprintf("%.*f", prec, f) }
