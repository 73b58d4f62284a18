package sqlq

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/newsgraph/newsgraph/internal/store"
)

// runsSQL is the query both backends answer Store.Runs with: newest first,
// at most limit rows when limit > 0 (a ? placeholder; PostgreSQL rebinds).
func runsSQL(limit int) (string, []any) {
	q := `SELECT id, started, coalesce(finished, ''), status, build, stages, sources, options, counts FROM runs ORDER BY id DESC`
	if limit <= 0 {
		return q, nil
	}
	return q + ` LIMIT ?`, []any{limit}
}

// readRuns reads the rows of runsSQL; the JSON columns were written by the
// store itself, so a column that does not decode is left empty.
func readRuns(rows store.Rows) ([]store.Run, error) {
	var out []store.Run
	for rows.Next() {
		var r store.Run
		var started, finished, stages, sources, options, counts string
		if err := rows.Scan(&r.ID, &started, &finished, &r.Status, &r.Build, &stages, &sources, &options, &counts); err != nil {
			return nil, store.Errorf(store.CodeInternal, "runs", "%v", err)
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
		return nil, store.Errorf(store.CodeInternal, "runs", "%v", err)
	}
	return out, nil
}

// Runs is store.Store.Runs.
func Runs(ctx context.Context, c Conn, limit int) ([]store.Run, error) {
	q, args := runsSQL(limit)
	rows, err := c.Query(ctx, q, args...)
	if err != nil {
		return nil, internal("runs", err)
	}
	defer rows.Close()
	return readRuns(rows)
}

// BeginRunSQL records a run's start; the arguments are BeginRunArgs.
const BeginRunSQL = `INSERT INTO runs(started, status, build, stages, sources, options) VALUES(?,?,?,?,?,?)`

// BeginRunArgs are the values of BeginRunSQL: the lists and options as
// JSON text.
func BeginRunArgs(r store.RunInfo) []any {
	stages, _ := json.Marshal(nonNil(r.Stages))
	sources, _ := json.Marshal(nonNil(r.Sources))
	opts := r.Options
	if opts == nil {
		opts = map[string]string{}
	}
	options, _ := json.Marshal(opts)
	return []any{runTime(r.Started), store.RunRunning, r.Build, string(stages), string(sources), string(options)}
}

// FinishRun is store.Store.FinishRun.
func FinishRun(ctx context.Context, c Conn, runID int64, f store.RunFinish) error {
	const op = "finish run"
	counts, _ := json.Marshal(f.Counts)
	if f.Status == "" {
		f.Status = store.RunDone
	}
	n, err := c.Exec(ctx, `UPDATE runs SET finished = ?, status = ?, counts = ? WHERE id = ?`, runTime(f.Finished), f.Status, string(counts), runID)
	if err != nil {
		return internal(op, err)
	}
	if n == 0 {
		return &store.Error{Code: store.CodeNotFound, Op: op, Err: fmt.Errorf("no run %d", runID)}
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// runTime is how the runs table keeps a time: RFC 3339 text in UTC, NULL
// for the zero time.
func runTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339Nano)
}
