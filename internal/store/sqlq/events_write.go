package sqlq

import (
	"database/sql"

	"github.com/newsgraph/newsgraph/internal/store"
)

// EventValueCols are the event columns EventVals fills: all but the run,
// document, story, cluster and outlet, which each write path knows its
// own way.
const EventValueCols = `date, date_precision, date_start, date_end,
	source_code, source_cc, source_entity, source_name, source_text, source_start, source_end,
	target_code, target_cc, target_entity, target_name, target_text, target_start, target_end,
	code, root, quad, goldstein, plover_type, plover_mode,
	place_name, country, admin1, lat, lon, cell, geonameid, place_start, place_end,
	sent_start, sent_end, sentence, trig_start, trig_end, pattern, negated, modality, confidence, mentions, coder, dictionary, model`

// EventVals appends to dst the values of EventValueCols for event r. A
// writer that runs each row at once reuses dst: the values then cost no
// slice of their own per event.
func EventVals(dst []any, r store.EventRec) []any {
	ev := r.Ev
	var cell any // the grid cell of a placed event, else NULL
	if r.Lat != nil {
		cell = store.Cell(*r.Lat, *r.Lon)
	}
	return append(dst, r.Date, ev.DatePrecision, r.DateStart, r.DateEnd,
		ev.Source.Code, r.SourceCC, r.SourceEntity, r.SourceName, ev.Source.Text, r.SourceStart, r.SourceEnd,
		ev.Target.Code, r.TargetCC, r.TargetEntity, r.TargetName, ev.Target.Text, r.TargetStart, r.TargetEnd,
		ev.Code, r.RootCode, ev.QuadClass, ev.Goldstein, ev.PloverType, ev.PloverMode,
		r.PlaceName, r.Country, r.Admin1, r.Lat, r.Lon, cell, r.GeonameID, r.PlaceStart, r.PlaceEnd,
		ev.Sentence.Start, ev.Sentence.End, r.Sentence, ev.Trigger.Start, ev.Trigger.End, ev.Pattern, ev.Negated, ev.Modality,
		ev.Confidence, ev.Mentions, ev.Coder, ev.Dictionary, ev.Model)
}

// OldEventsCols are the columns of a document's current events that
// FoldOld takes out of the roll-ups when a new run supersedes them.
const OldEventsCols = `date, root, quad, country, goldstein, source_code, target_code, source_entity, target_entity`

// FoldOld reads every row of OldEventsCols, closing rows, and folds each
// event into roll with weight -1; it returns how many there were.
func FoldOld(rows Rows, roll *Rollups) (int, error) {
	type old struct {
		date, root, country, src, tgt string
		quad                          int
		gold                          float64
		se, te                        sql.NullString // not *string: database/sql fills those by reflection
	}
	var olds []old
	for rows.Next() {
		var o old
		if err := rows.Scan(&o.date, &o.root, &o.quad, &o.country, &o.gold, &o.src, &o.tgt, &o.se, &o.te); err != nil {
			rows.Close()
			return 0, err
		}
		olds = append(olds, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	str := func(s sql.NullString) *string {
		if !s.Valid {
			return nil
		}
		return &s.String
	}
	for _, o := range olds {
		roll.Event(-1, o.date, o.root, o.quad, o.country, o.gold, o.src, o.tgt, str(o.se), str(o.te))
	}
	return len(olds), nil
}
