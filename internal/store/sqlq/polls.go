package sqlq

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/internal/store"
)

// Poll SQL both backends run (? placeholders; PostgreSQL rebinds). Times
// are RFC 3339 text, as in runs; the interval is whole milliseconds.
const (
	pollColumns = `id, url, interval_ms, date, created, last_poll, last_status, last_error, last_run,
		rounds, not_modified, errors, items, stored, etag, last_modified`
	// savePollSQL inserts or replaces a poll by id (SQLite and PostgreSQL
	// share the upsert syntax).
	savePollSQL = `INSERT INTO polls(` + pollColumns + `) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT(id) DO UPDATE SET url = excluded.url, interval_ms = excluded.interval_ms, date = excluded.date,
		created = excluded.created, last_poll = excluded.last_poll, last_status = excluded.last_status,
		last_error = excluded.last_error, last_run = excluded.last_run, rounds = excluded.rounds,
		not_modified = excluded.not_modified, errors = excluded.errors, items = excluded.items,
		stored = excluded.stored, etag = excluded.etag, last_modified = excluded.last_modified`
	pollsSQL      = `SELECT ` + pollColumns + ` FROM polls ORDER BY id`
	deletePollSQL = `DELETE FROM polls WHERE id = ?`
)

// savePollArgs checks p and returns the arguments of savePollSQL.
func savePollArgs(p store.Poll) ([]any, error) {
	switch {
	case p.ID < 1:
		return nil, store.Errorf(store.CodeInvalid, "save poll", "poll id %d: want 1 or more", p.ID)
	case strings.TrimSpace(p.URL) == "":
		return nil, store.Errorf(store.CodeInvalid, "save poll", "poll %d has no URL", p.ID)
	case p.Interval < time.Millisecond:
		return nil, store.Errorf(store.CodeInvalid, "save poll", "poll %d: interval %v under a millisecond", p.ID, p.Interval)
	}
	return []any{p.ID, p.URL, p.Interval.Milliseconds(), p.Date, pollTime(p.Created), pollTime(p.LastPoll),
		p.LastStatus, p.LastError, p.LastRun, p.Rounds, p.NotModified, p.Errors, p.Items, p.Stored,
		p.ETag, p.LastModified}, nil
}

func pollTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// readPolls reads the rows of pollsSQL.
func readPolls(rows store.Rows) ([]store.Poll, error) {
	out := []store.Poll{}
	for rows.Next() {
		var p store.Poll
		var ms int64
		var created, last string
		if err := rows.Scan(&p.ID, &p.URL, &ms, &p.Date, &created, &last, &p.LastStatus, &p.LastError, &p.LastRun,
			&p.Rounds, &p.NotModified, &p.Errors, &p.Items, &p.Stored, &p.ETag, &p.LastModified); err != nil {
			return nil, store.Errorf(store.CodeInternal, "polls", "%v", err)
		}
		p.Interval = time.Duration(ms) * time.Millisecond
		p.Created, _ = time.Parse(time.RFC3339Nano, created)
		if last != "" {
			p.LastPoll, _ = time.Parse(time.RFC3339Nano, last)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, store.Errorf(store.CodeInternal, "polls", "%v", err)
	}
	return out, nil
}

// SavePoll is store.PollStore.SavePoll; urlTaken tells the error of a URL
// another poll has.
func SavePoll(ctx context.Context, c Conn, p store.Poll, urlTaken func(error) bool) error {
	args, err := savePollArgs(p)
	if err != nil {
		return err
	}
	if _, err := c.Exec(ctx, savePollSQL, args...); err != nil {
		if urlTaken(err) {
			return &store.Error{Code: store.CodeConflict, Op: "save poll", Err: fmt.Errorf("%s is already polled", p.URL)}
		}
		return internal("save poll", err)
	}
	return nil
}

// DeletePoll is store.PollStore.DeletePoll.
func DeletePoll(ctx context.Context, c Conn, id int64) error {
	n, err := c.Exec(ctx, deletePollSQL, id)
	if err != nil {
		return internal("delete poll", err)
	}
	if n == 0 {
		return &store.Error{Code: store.CodeNotFound, Op: "delete poll", Err: fmt.Errorf("no poll %d", id)}
	}
	return nil
}

// Polls is store.PollStore.Polls.
func Polls(ctx context.Context, c Conn) ([]store.Poll, error) {
	rows, err := c.Query(ctx, pollsSQL)
	if err != nil {
		return nil, internal("polls", err)
	}
	defer rows.Close()
	return readPolls(rows)
}
