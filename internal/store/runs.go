package store

import (
	"encoding/json"
	"time"
)

// RunsSQL is the query both backends answer Store.Runs with: newest first,
// at most limit rows when limit > 0 (a ? placeholder; PostgreSQL rebinds).
func RunsSQL(limit int) (string, []any) {
	q := `SELECT id, started, coalesce(finished, ''), status, build, stages, sources, options, counts FROM runs ORDER BY id DESC`
	if limit <= 0 {
		return q, nil
	}
	return q + ` LIMIT ?`, []any{limit}
}

// ReadRuns reads the rows of RunsSQL; the JSON columns were written by the
// store itself, so a column that does not decode is left empty.
func ReadRuns(rows Rows) ([]Run, error) {
	var out []Run
	for rows.Next() {
		var r Run
		var started, finished, stages, sources, options, counts string
		if err := rows.Scan(&r.ID, &started, &finished, &r.Status, &r.Build, &stages, &sources, &options, &counts); err != nil {
			return nil, Errorf(CodeInternal, "runs", "%v", err)
		}
		r.Started, _ = time.Parse(time.RFC3339Nano, started)
		if finished != "" {
			r.Finished, _ = time.Parse(time.RFC3339Nano, finished)
		}
		json.Unmarshal([]byte(stages), &r.Stages)
		json.Unmarshal([]byte(sources), &r.Sources)
		json.Unmarshal([]byte(options), &r.Options)
		json.Unmarshal([]byte(counts), &r.Counts)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, Errorf(CodeInternal, "runs", "%v", err)
	}
	return out, nil
}
