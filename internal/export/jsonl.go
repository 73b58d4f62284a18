package export

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"

	"github.com/newsgraph/newsgraph/internal/doc"
)

type jsonlWriter struct {
	bw  *bufio.Writer
	enc *json.Encoder
}

func newJSONL(w io.Writer) *jsonlWriter {
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &jsonlWriter{bw: bw, enc: enc}
}

func (j *jsonlWriter) Write(d *doc.Doc) error { return j.enc.Encode(d) }
func (j *jsonlWriter) Close() error           { return j.bw.Flush() }

// csvHeader is newsgraph's own event table: every field of the event
// record with its evidence, one row per event.
var csvHeader = []string{"event_id", "doc_id", "doc_key", "date", "date_precision",
	"source_code", "source_name", "source_text", "target_code", "target_name", "target_text",
	"cameo", "root", "quad_class", "goldstein", "plover_type", "plover_mode",
	"place", "country", "lat", "lon", "geonameid",
	"negated", "modality", "confidence", "pattern", "coder", "dictionary", "model",
	"sentence_start", "sentence_end", "trigger_start", "trigger_end", "sentence", "url"}

type csvWriter struct {
	cw *csv.Writer
}

func newCSV(w io.Writer) *csvWriter {
	cw := csv.NewWriter(w)
	cw.Write(csvHeader)
	return &csvWriter{cw: cw}
}

func (c *csvWriter) Write(d *doc.Doc) error {
	for i := range d.Events {
		ev := &d.Events[i]
		name := func(a doc.Actor) string {
			if a.Entity >= 0 && a.Entity < len(d.Entities) {
				return d.Entities[a.Entity].Name
			}
			return ""
		}
		p := eventPlace(d, ev)
		var place, country, lat, lon, gid string
		if p != nil && p.Resolved {
			place, country = placeFullName(p), p.Country
			lat, lon = ftoa(p.Lat, 5), ftoa(p.Lon, 5)
			if p.GeonameID != 0 {
				gid = strconv.FormatInt(p.GeonameID, 10)
			}
		}
		sentence := ""
		if ev.Sentence.Valid(len(d.Text)) {
			sentence = d.Text[ev.Sentence.Start:ev.Sentence.End]
		}
		date := ev.Date
		if date == "" {
			date = d.Meta.Published
		}
		if err := c.cw.Write([]string{eventID(d, ev), d.ID, docKey(d), date, ev.DatePrecision,
			ev.Source.Code, name(ev.Source), ev.Source.Text, ev.Target.Code, name(ev.Target), ev.Target.Text,
			ev.Code, ev.Root, strconv.Itoa(ev.QuadClass), ftoa(ev.Goldstein, 1), ev.PloverType, ev.PloverMode,
			place, country, lat, lon, gid,
			b2s(ev.Negated), ev.Modality, ftoa(ev.Confidence, 3), ev.Pattern, ev.Coder, ev.Dictionary, ev.Model,
			strconv.Itoa(ev.Sentence.Start), strconv.Itoa(ev.Sentence.End), strconv.Itoa(ev.Trigger.Start), strconv.Itoa(ev.Trigger.End),
			sentence, d.Meta.URL}); err != nil {
			return err
		}
	}
	return c.cw.Error()
}

func (c *csvWriter) Close() error {
	c.cw.Flush()
	return c.cw.Error()
}
