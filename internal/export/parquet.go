package export

import (
	"io"

	"github.com/parquet-go/parquet-go"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
)

// EventRow is one event in the Parquet events table. Optional columns are
// NULL where the value is unknown (no resolved place, no evidence span).
type EventRow struct {
	EventID       string   `parquet:"event_id"`
	DocID         string   `parquet:"doc_id"`
	DocKey        string   `parquet:"doc_key"`
	Date          string   `parquet:"date"`
	Day           *int32   `parquet:"day,optional,date"` // Date as a DATE (days since 1970-01-01), when it names a day
	DatePrecision string   `parquet:"date_precision"`
	SourceCode    string   `parquet:"source_code"`
	SourceName    string   `parquet:"source_name"`
	SourceEntity  string   `parquet:"source_entity"`
	SourceText    string   `parquet:"source_text"`
	TargetCode    string   `parquet:"target_code"`
	TargetName    string   `parquet:"target_name"`
	TargetEntity  string   `parquet:"target_entity"`
	TargetText    string   `parquet:"target_text"`
	Cameo         string   `parquet:"cameo"`
	Root          string   `parquet:"root"`
	QuadClass     int32    `parquet:"quad_class"`
	Goldstein     float64  `parquet:"goldstein"`
	PloverType    string   `parquet:"plover_type"`
	PloverMode    string   `parquet:"plover_mode"`
	Place         string   `parquet:"place"`
	Country       string   `parquet:"country"` // ISO 3166-1 alpha-2
	Admin1        string   `parquet:"admin1"`
	Lat           *float64 `parquet:"lat,optional"`
	Lon           *float64 `parquet:"lon,optional"`
	GeonameID     *int64   `parquet:"geonameid,optional"`
	Negated       bool     `parquet:"negated"`
	Modality      string   `parquet:"modality"`
	Confidence    float64  `parquet:"confidence"`
	Pattern       string   `parquet:"pattern"`
	Coder         string   `parquet:"coder"`
	Dictionary    string   `parquet:"dictionary"`
	Model         string   `parquet:"model"`
	SentenceStart *int64   `parquet:"sentence_start,optional"` // byte offsets into the document text
	SentenceEnd   *int64   `parquet:"sentence_end,optional"`
	TriggerStart  *int64   `parquet:"trigger_start,optional"`
	TriggerEnd    *int64   `parquet:"trigger_end,optional"`
	Sentence      string   `parquet:"sentence"`
	URL           string   `parquet:"url"`
	NumMentions   int32    `parquet:"num_mentions"`
	NumArticles   int32    `parquet:"num_articles"`
	NumSources    int32    `parquet:"num_sources"`
	RunID         *int64   `parquet:"run_id,optional"`
}

// EntityRow is one entity in the Parquet entities table. From a store an
// entity spans documents and DocID/DocKey are NULL; from Doc JSONL each row
// is one document's entity.
type EntityRow struct {
	EntityID  string   `parquet:"entity_id"`
	Kind      string   `parquet:"kind"`
	Name      string   `parquet:"name"`
	ActorCode string   `parquet:"actor_code"`
	Aliases   []string `parquet:"aliases,list"`
	Mentions  int64    `parquet:"mentions"`
	Documents int64    `parquet:"documents"`
	FirstSeen string   `parquet:"first_seen"`
	LastSeen  string   `parquet:"last_seen"`
	DocID     *string  `parquet:"doc_id,optional"`
	DocKey    *string  `parquet:"doc_key,optional"`
}

// rowGroupRows bounds a row group: parquet-go holds a row group in memory
// until it is flushed, so this is what keeps a long export in constant
// memory. 32k rows of events are a few MB.
var rowGroupRows int64 = 32 << 10

func writerOptions() []parquet.WriterOption {
	return []parquet.WriterOption{parquet.MaxRowsPerRowGroup(rowGroupRows), parquet.Compression(&parquet.Snappy),
		parquet.CreatedBy("newsgraph", "", "")}
}

type parquetEvents struct {
	w   *parquet.GenericWriter[EventRow]
	buf []EventRow
}

func newParquetEvents(w io.Writer) *parquetEvents {
	return &parquetEvents{w: parquet.NewGenericWriter[EventRow](w, writerOptions()...), buf: make([]EventRow, 0, 256)}
}

func i64p(n int) *int64 {
	if n < 0 {
		return nil
	}
	v := int64(n)
	return &v
}

func (p *parquetEvents) writeRecord(r *record) error {
	row := EventRow{EventID: r.ID, DocID: r.DocID, DocKey: r.DocKey, Date: r.Date, DatePrecision: r.DatePrecision,
		SourceCode: r.Source.Code, SourceName: r.Source.Name, SourceEntity: r.Source.EntityID, SourceText: r.Source.Text,
		TargetCode: r.Target.Code, TargetName: r.Target.Name, TargetEntity: r.Target.EntityID, TargetText: r.Target.Text,
		Cameo: r.Code, Root: r.Root, QuadClass: int32(r.Quad), Goldstein: r.Goldstein, PloverType: r.PloverType, PloverMode: r.PloverMode,
		Place: r.PlaceName, Negated: r.Negated, Modality: r.Modality, Confidence: r.Confidence,
		Pattern: r.Pattern, Coder: r.Coder, Dictionary: r.Dictionary, Model: r.Model,
		SentenceStart: i64p(r.Sentence.Start), SentenceEnd: i64p(r.Sentence.End),
		TriggerStart: i64p(r.Trigger.Start), TriggerEnd: i64p(r.Trigger.End),
		Sentence: r.SentenceText, URL: r.URL,
		NumMentions: int32(max(r.Mentions, 1)), NumArticles: int32(max(r.Articles, 1)), NumSources: int32(max(r.Sources, 1))}
	// parquet-go v0.32 writes a time.Time DATE column wrongly, so the
	// days are counted here.
	if t, ok := day(r.Date); ok {
		days := int32(t.Unix() / 86400)
		row.Day = &days
	}
	if pl := r.Place; pl != nil {
		lat, lon := pl.Lat, pl.Lon
		row.Country, row.Admin1, row.Lat, row.Lon = pl.Country, pl.Admin1, &lat, &lon
		if pl.GeonameID != 0 {
			g := pl.GeonameID
			row.GeonameID = &g
		}
	}
	if r.RunID > 0 {
		run := r.RunID
		row.RunID = &run
	}
	p.buf = append(p.buf, row)
	if len(p.buf) == cap(p.buf) {
		return p.flush()
	}
	return nil
}

func (p *parquetEvents) flush() error {
	if len(p.buf) == 0 {
		return nil
	}
	_, err := p.w.Write(p.buf)
	clear(p.buf)
	p.buf = p.buf[:0]
	return err
}

func (p *parquetEvents) Close() error {
	if err := p.flush(); err != nil {
		return err
	}
	return p.w.Close()
}

type parquetEntities struct {
	w *parquet.GenericWriter[EntityRow]
}

func newParquetEntities(w io.Writer) *parquetEntities {
	return &parquetEntities{w: parquet.NewGenericWriter[EntityRow](w, writerOptions()...)}
}

// Write adds a Doc's entities, one row each.
func (p *parquetEntities) Write(d *doc.Doc) error {
	rows := make([]EntityRow, 0, len(d.Entities))
	id, key := d.ID, docKey(d)
	date := store.DocDate(d)
	for i, e := range d.Entities {
		r := EntityRow{EntityID: store.EntityID(d, i), Kind: e.Kind, Name: e.Name, ActorCode: e.ActorCode,
			Mentions: int64(len(e.Mentions)), Documents: 1, FirstSeen: date, LastSeen: date, DocID: &id, DocKey: &key}
		for _, a := range e.Aliases {
			r.Aliases = append(r.Aliases, a.Text)
		}
		rows = append(rows, r)
	}
	_, err := p.w.Write(rows)
	return err
}

// writeStored adds entities listed by a store.
func (p *parquetEntities) writeStored(es []store.EntityRow) error {
	rows := make([]EntityRow, len(es))
	for i, e := range es {
		rows[i] = EntityRow{EntityID: e.ID, Kind: e.Kind, Name: e.Name, ActorCode: e.ActorCode, Aliases: e.Aliases,
			Mentions: int64(e.Mentions), Documents: int64(e.Documents), FirstSeen: e.FirstSeen, LastSeen: e.LastSeen}
	}
	_, err := p.w.Write(rows)
	return err
}

func (p *parquetEntities) Close() error { return p.w.Close() }
