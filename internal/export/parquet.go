package export

import (
	"fmt"
	"io"

	"github.com/parquet-go/parquet-go"

	"github.com/newsgraph/newsgraph/internal/doc"
)

// EventRow is one event in the Parquet events table.
type EventRow struct {
	EventID       string  `parquet:"event_id"`
	DocID         string  `parquet:"doc_id"`
	DocKey        string  `parquet:"doc_key"`
	Date          string  `parquet:"date"`
	SourceCode    string  `parquet:"source_code"`
	SourceName    string  `parquet:"source_name"`
	TargetCode    string  `parquet:"target_code"`
	TargetName    string  `parquet:"target_name"`
	Cameo         string  `parquet:"cameo"`
	Root          string  `parquet:"root"`
	QuadClass     int32   `parquet:"quad_class"`
	Goldstein     float64 `parquet:"goldstein"`
	PloverType    string  `parquet:"plover_type"`
	Country       string  `parquet:"country"`
	Lat           float64 `parquet:"lat"`
	Lon           float64 `parquet:"lon"`
	GeonameID     int64   `parquet:"geonameid"`
	Negated       bool    `parquet:"negated"`
	Modality      string  `parquet:"modality"`
	Confidence    float64 `parquet:"confidence"`
	SentenceStart int64   `parquet:"sentence_start"`
	SentenceEnd   int64   `parquet:"sentence_end"`
	TriggerStart  int64   `parquet:"trigger_start"`
	TriggerEnd    int64   `parquet:"trigger_end"`
	Sentence      string  `parquet:"sentence"`
	URL           string  `parquet:"url"`
}

// EntityRow is one entity of one document in the Parquet entities table.
type EntityRow struct {
	EntityID  string   `parquet:"entity_id"`
	DocID     string   `parquet:"doc_id"`
	DocKey    string   `parquet:"doc_key"`
	Kind      string   `parquet:"kind"`
	Name      string   `parquet:"name"`
	ActorCode string   `parquet:"actor_code"`
	Aliases   []string `parquet:"aliases,list"`
	Mentions  int32    `parquet:"mentions"`
}

type parquetWriter struct {
	events   *parquet.GenericWriter[EventRow]
	entities *parquet.GenericWriter[EntityRow]
}

func newParquet(w io.Writer, table string) (*parquetWriter, error) {
	switch table {
	case "", "events":
		return &parquetWriter{events: parquet.NewGenericWriter[EventRow](w)}, nil
	case "entities":
		return &parquetWriter{entities: parquet.NewGenericWriter[EntityRow](w)}, nil
	}
	return nil, fmt.Errorf("export: unknown parquet table %q (events or entities)", table)
}

func (p *parquetWriter) Write(d *doc.Doc) error {
	if p.entities != nil {
		rows := make([]EntityRow, 0, len(d.Entities))
		for _, e := range d.Entities {
			r := EntityRow{EntityID: e.ID, DocID: d.ID, DocKey: docKey(d), Kind: e.Kind, Name: e.Name, ActorCode: e.ActorCode, Mentions: int32(len(e.Mentions))}
			for _, a := range e.Aliases {
				r.Aliases = append(r.Aliases, a.Text)
			}
			rows = append(rows, r)
		}
		_, err := p.entities.Write(rows)
		return err
	}
	rows := make([]EventRow, 0, len(d.Events))
	for i := range d.Events {
		ev := &d.Events[i]
		r := EventRow{EventID: eventID(d, ev), DocID: d.ID, DocKey: docKey(d), Date: ev.Date,
			SourceCode: ev.Source.Code, TargetCode: ev.Target.Code, Cameo: ev.Code, Root: ev.Root,
			QuadClass: int32(ev.QuadClass), Goldstein: ev.Goldstein, PloverType: ev.PloverType,
			Negated: ev.Negated, Modality: ev.Modality, Confidence: ev.Confidence,
			SentenceStart: int64(ev.Sentence.Start), SentenceEnd: int64(ev.Sentence.End),
			TriggerStart: int64(ev.Trigger.Start), TriggerEnd: int64(ev.Trigger.End), URL: d.Meta.URL}
		if r.Date == "" {
			r.Date = d.Meta.Published
		}
		if ev.Source.Entity >= 0 && ev.Source.Entity < len(d.Entities) {
			r.SourceName = d.Entities[ev.Source.Entity].Name
		}
		if ev.Target.Entity >= 0 && ev.Target.Entity < len(d.Entities) {
			r.TargetName = d.Entities[ev.Target.Entity].Name
		}
		if pl := eventPlace(d, ev); pl != nil && pl.Resolved {
			r.Country, r.Lat, r.Lon, r.GeonameID = pl.Country, pl.Lat, pl.Lon, pl.GeonameID
		}
		if ev.Sentence.Valid(len(d.Text)) {
			r.Sentence = d.Text[ev.Sentence.Start:ev.Sentence.End]
		}
		rows = append(rows, r)
	}
	_, err := p.events.Write(rows)
	return err
}

func (p *parquetWriter) Close() error {
	if p.entities != nil {
		return p.entities.Close()
	}
	return p.events.Close()
}
