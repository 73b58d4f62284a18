package sqlite

import (
	"context"
	"database/sql/driver"

	"modernc.org/sqlite"

	"github.com/newsgraph/newsgraph/internal/store"
)

// The event full-text index (event_text) keys each event by its date and
// id, so FTS5 hands a query's matches out newest first (ORDER BY rowid
// DESC is free in FTS5) and a text-only event list reads one page of
// matches instead of sorting all of them: "talks" matches a sixth of a
// million-event store.
//
// eventKey orders like the event lists' (date, id): a canonical date
// (YYYY, YYYY-MM or YYYY-MM-DD, or empty) becomes a number that sorts as
// the string does (a missing part below every present one), shifted above
// the id. Any other date, or an id of 32 bits or more, gets the key -id:
// still unique, but out of order, so the lists check hasOffKeys and fall
// back to the plans that do not need the order.
func eventKey(date string, id int64) int64 {
	d, ok := datePart(date)
	if !ok || id < 0 || id >= 1<<32 {
		return -id
	}
	return d<<32 | id
}

// eventID recovers the event id from its key (SQL: eventIDSQL).
func eventID(key int64) int64 {
	if key < 0 {
		return -key
	}
	return key & (1<<32 - 1)
}

// offKeys reports whether some event_text key is out of date order (-id),
// which the plans that read the keys in order must then leave alone.
func (db *DB) offKeys(ctx context.Context) (bool, error) {
	var off bool
	err := db.r.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM event_text WHERE rowid < 0)`).Scan(&off)
	return off, err
}

// keyBounds adds f's date range as bounds on the event_text key col, so
// the index skips what is out of range (the keys must be in order).
func keyBounds(c *store.Cond, col string, f store.EventFilter) {
	if d, ok := datePart(f.From); ok && f.From != "" {
		c.Add(col+" >= ?", d<<32)
	}
	if d, ok := datePart(f.To); ok && f.To != "" {
		c.Add(col+" < ?", d<<32)
	}
}

// eventIDSQL is eventID over the rowid of event_text.
const eventIDSQL = `(CASE WHEN event_text.rowid < 0 THEN -event_text.rowid ELSE event_text.rowid & 4294967295 END)`

// datePart maps a canonical date to a positive number with the string's
// order: "" → 1, then year, month and day each one more than its value so
// that an absent part (0) sorts first.
func datePart(s string) (int64, bool) {
	if s == "" {
		return 1, true
	}
	num := func(t string) (int64, bool) {
		var v int64
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return 0, false
			}
			v = v*10 + int64(t[i]-'0')
		}
		return v, true
	}
	var y, m, d int64
	var ok bool
	switch len(s) {
	case 4, 7, 10:
	default:
		return 0, false
	}
	if y, ok = num(s[:4]); !ok {
		return 0, false
	}
	if len(s) >= 7 {
		if s[4] != '-' {
			return 0, false
		}
		if m, ok = num(s[5:7]); !ok {
			return 0, false
		}
		m++
	}
	if len(s) == 10 {
		if s[7] != '-' {
			return 0, false
		}
		if d, ok = num(s[8:10]); !ok {
			return 0, false
		}
		d++
	}
	return ((y+2)*101+m)*101 + d, true
}

func init() {
	sqlite.MustRegisterDeterministicScalarFunction("newsgraph_event_key", 2, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		var date string
		switch v := args[0].(type) {
		case string:
			date = v
		case []byte:
			date = string(v)
		}
		id, _ := args[1].(int64)
		return eventKey(date, id), nil
	})
}
