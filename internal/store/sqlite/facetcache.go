package sqlite

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/facet"
)

// facetCacheMax bounds the events whose facets a reader keeps in memory
// (about 40 bytes each); a larger store answers from event_facet in SQL.
var facetCacheMax = 8_000_000

// facetCache holds a facet.Index of event_facet as of one facet_version.
// The first full-text aggregate builds it (about a second per million
// events); after a write changes the facets, the next one starts a rebuild
// in the background and the aggregates read SQL until it is done, so a
// store being written to never answers from stale facets.
type facetCache struct {
	mu       sync.Mutex
	ix       *facet.Index // nil: none yet, or too many events
	version  int64        // facet_version the index (or the "too many" verdict) is of
	built    bool
	building bool
	// took and done time the last build: under a steady stream of writes
	// a rebuild waits ten times its own length after the last, so the
	// cache costs at most a tenth of a core.
	took time.Duration
	done time.Time
}

// facetIndex returns an index of the current facets, or nil when the
// aggregate should read SQL.
func (db *DB) facetIndex(ctx context.Context) *facet.Index {
	var v int64
	if err := db.r.QueryRowContext(ctx, `SELECT v FROM facet_version`).Scan(&v); err != nil {
		return nil
	}
	c := &db.facets
	c.mu.Lock()
	if c.built && c.version == v {
		ix := c.ix
		c.mu.Unlock()
		return ix
	}
	if c.building || (c.built && time.Since(c.done) < 10*c.took) {
		c.mu.Unlock()
		return nil
	}
	c.building = true
	first := !c.built
	c.mu.Unlock()
	max := facetCacheMax // read here: a build in the background must not read the variable
	if !first {
		go db.buildFacets(context.Background(), max)
		return nil
	}
	db.buildFacets(ctx, max)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.built && c.version == v {
		return c.ix
	}
	return nil
}

// buildFacets reads event_facet and its version in one snapshot.
func (db *DB) buildFacets(ctx context.Context, max int) {
	c := &db.facets
	t0 := time.Now()
	ix, v, err := db.readFacets(ctx, max)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.building = false
	if err != nil {
		return // try again on the next aggregate
	}
	c.ix, c.version, c.built = ix, v, true
	c.took, c.done = time.Since(t0), time.Now()
}

// Warm loads the facets now (serve calls it at start), so the first
// full-text aggregate does not wait for them.
func (db *DB) Warm(ctx context.Context) {
	db.facetIndex(ctx)
}

func (db *DB) readFacets(ctx context.Context, max int) (*facet.Index, int64, error) {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	var v int64
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT v, (SELECT count(*) FROM event_facet) FROM facet_version`).Scan(&v, &n); err != nil {
		return nil, 0, err
	}
	if n > max {
		return nil, v, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT k, date, code, root, quad, goldstein, country, source_code, target_code FROM event_facet ORDER BY k`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	b := facet.NewBuilder(n)
	for rows.Next() {
		var r facet.Row
		if err := rows.Scan(&r.Key, &r.Date, &r.Code, &r.Root, &r.Quad, &r.Goldstein, &r.Country, &r.Source, &r.Target); err != nil {
			return nil, 0, err
		}
		if !b.Add(r) {
			return nil, v, nil // cannot happen: k is the primary key
		}
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return b.Index(), v, nil
}

// facetKeys are the event_text keys matching f's text (and date range, as
// key bounds when every key is in date order), ascending.
func (db *DB) facetKeys(ctx context.Context, f store.EventFilter) ([]int64, error) {
	var c cond
	c.Add("event_text MATCH ?", quoteWords(ftsText(f.Text)))
	if f.From != "" || f.To != "" {
		off, err := db.offKeys(ctx)
		if err != nil {
			return nil, err
		}
		if !off {
			keyBounds(&c, "rowid", f)
		}
	}
	rows, err := db.r.QueryContext(ctx, `SELECT rowid FROM event_text WHERE `+c.Where()+` ORDER BY rowid`, c.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys []int64
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, rows.Err()
}

// fromFacets answers a full-text-filtered aggregate from the in-memory
// facets: ok is false when the caller should read SQL instead.
func (db *DB) fromFacets(ctx context.Context, f store.EventFilter, agg func(ix *facet.Index, keys []int64)) (bool, error) {
	if !facet.Supports(f) {
		return false, nil
	}
	ix := db.facetIndex(ctx)
	if ix == nil {
		return false, nil
	}
	keys, err := db.facetKeys(ctx, f)
	if err != nil {
		return false, err
	}
	agg(ix, keys)
	return true, nil
}
