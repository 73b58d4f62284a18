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
	"sentence_start", "sentence_end", "trigger_start", "trigger_end", "sentence", "url",
	"num_mentions", "num_articles", "num_sources", "run_id"}

type csvWriter struct {
	cw  *csv.Writer
	row []string
}

func newCSV(w io.Writer) *csvWriter {
	cw := csv.NewWriter(w)
	cw.Write(csvHeader)
	return &csvWriter{cw: cw, row: make([]string, 0, len(csvHeader))}
}

// spanInt writes an offset, empty when unknown.
func spanInt(n int) string {
	if n < 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func (c *csvWriter) writeRecord(r *record) error {
	var place, country, lat, lon, gid string
	place = r.PlaceName
	if p := r.Place; p != nil {
		place, country = placeFullName(p), p.Country
		lat, lon = ftoa(p.Lat, 5), ftoa(p.Lon, 5)
		if p.GeonameID != 0 {
			gid = strconv.FormatInt(p.GeonameID, 10)
		}
	}
	run := ""
	if r.RunID > 0 {
		run = strconv.FormatInt(r.RunID, 10)
	}
	c.row = append(c.row[:0], r.ID, r.DocID, r.DocKey, r.Date, r.DatePrecision,
		r.Source.Code, r.Source.Name, r.Source.Text, r.Target.Code, r.Target.Name, r.Target.Text,
		r.Code, r.Root, strconv.Itoa(r.Quad), ftoa(r.Goldstein, 1), r.PloverType, r.PloverMode,
		place, country, lat, lon, gid,
		b2s(r.Negated), r.Modality, ftoa(r.Confidence, 3), r.Pattern, r.Coder, r.Dictionary, r.Model,
		spanInt(r.Sentence.Start), spanInt(r.Sentence.End), spanInt(r.Trigger.Start), spanInt(r.Trigger.End),
		r.SentenceText, r.URL,
		strconv.Itoa(max(r.Mentions, 1)), strconv.Itoa(max(r.Articles, 1)), strconv.Itoa(max(r.Sources, 1)), run)
	return c.cw.Write(c.row)
}

func (c *csvWriter) Close() error {
	c.cw.Flush()
	return c.cw.Error()
}
