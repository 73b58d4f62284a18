package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/text"
)

// Source is the read side of a store that exports use: the Querier for
// events and entities, and the stored documents with all their layers.
// Both backends' stores implement it.
type Source interface {
	store.Querier
	Doc(ctx context.Context, idOrKey string) (*doc.Doc, error)
	Runs(ctx context.Context, limit int) ([]store.Run, error)
}

// StoreOptions select and pace an export from a store.
type StoreOptions struct {
	Options
	// Filter selects the events, with the events API's meaning; Limit and
	// Cursor are the exporter's own. The document tables (gkg, jsonl) write
	// each document holding a matching event once, and with no event
	// filter every stored document (see ListsDocuments).
	Filter store.EventFilter
	// Documents selects the documents of the per-document tables (gkg,
	// jsonl) by stored published date and first-storing run, through
	// Querier.Documents; Limit and Cursor are the exporter's own. It
	// applies to those tables only, and not together with an event
	// filter (FromStore refuses both).
	Documents store.DocumentQuery
	// Entities selects the rows of the Parquet entities table.
	Entities store.EntityQuery
	// PageSize is how many events one keyset page holds (default 500).
	PageSize int
	// Workers is how many events' evidence (or documents) are read at once
	// (default 4): the queries are small and latency-bound.
	Workers int
	// Progress, when set, is called after each page.
	Progress func(Counts)
}

// Counts is what an export read and wrote.
type Counts struct {
	Events    int64 // events read from the store
	Rows      int64 // rows (lines) written
	Documents int64 // documents read (gkg, jsonl, mentions)
}

// FromStore streams one table from a store: events page by page through
// the keyset cursor of store.Querier.Events, so memory stays bounded by a
// page whatever the size of the store. The document tables remember the
// documents already written as 8-byte hashes (16 bytes each at most in
// the set), the one thing that grows with the export.
func FromStore(ctx context.Context, src Source, format string, w io.Writer, opt StoreOptions) (Counts, error) {
	var c Counts
	t, err := newTable(format, w, opt.Options)
	if err != nil {
		return c, err
	}
	if opt.PageSize <= 0 {
		opt.PageSize = 500
	}
	opt.PageSize = min(opt.PageSize, store.MaxPageSize)
	if opt.Workers <= 0 {
		opt.Workers = 4
	}
	if err := checkDocumentFilter(format, opt); err != nil {
		return c, err
	}
	switch {
	case t.entities != nil:
		err = exportEntities(ctx, src, t.entities, opt, &c)
	case t.docs != nil:
		err = exportDocs(ctx, src, t.docs, format, opt, &c)
	default:
		err = exportEvents(ctx, src, t.events, format == "mentions", opt, &c)
	}
	if cerr := closeTable(t); err == nil {
		err = cerr
	}
	return c, err
}

// HasDocumentFilter reports whether q selects documents (its Limit and
// Cursor aside).
func HasDocumentFilter(q store.DocumentQuery) bool {
	return q.From != "" || q.To != "" || q.RunID != 0
}

// checkDocumentFilter refuses document filters where they would be
// silently ignored: the event tables, and the document tables with an
// event filter (which walk events, not Querier.Documents).
func checkDocumentFilter(format string, opt StoreOptions) error {
	if !HasDocumentFilter(opt.Documents) {
		return nil
	}
	if format != "gkg" && format != "jsonl" {
		return store.Errorf(store.CodeInvalid, "export", "document filters select the documents of gkg and jsonl; %s writes events (filter them by event date and run)", format)
	}
	if !ListsDocuments(format, opt.Filter) {
		return store.Errorf(store.CodeInvalid, "export", "document filters and event filters do not combine: give one or the other")
	}
	return nil
}

func closeTable(t table) error {
	switch {
	case t.entities != nil:
		return t.entities.Close()
	case t.docs != nil:
		return t.docs.Close()
	}
	return t.events.Close()
}

// pages calls fn with each page of events matching f.
func pages(ctx context.Context, q store.Querier, f store.EventFilter, size int, fn func([]store.EventRow) error) error {
	f.Limit, f.Cursor = size, ""
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		page, err := q.Events(ctx, f)
		if err != nil {
			return err
		}
		if err := fn(page.Events); err != nil {
			return err
		}
		if page.Next == "" || len(page.Events) == 0 {
			return nil
		}
		f.Cursor = page.Next
	}
}

// parallel runs fn(i) for i in [0, n) on up to workers goroutines and
// returns the first error.
func parallel(n, workers int, fn func(i int) error) error {
	if n == 0 {
		return nil
	}
	workers = min(workers, n)
	errs := make([]error, workers)
	var next sync.Mutex
	i := 0
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				next.Lock()
				k := i
				i++
				next.Unlock()
				if k >= n {
					return
				}
				if err := fn(k); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// runStamps maps run ids to their start as a GDELT DATEADDED stamp: when
// the store received the event.
func runStamps(ctx context.Context, src Source, opt Options) (func(int64) string, error) {
	if !opt.Added.IsZero() {
		s := opt.Added.UTC().Format("20060102150405")
		return func(int64) string { return s }, nil
	}
	runs, err := src.Runs(ctx, 0)
	if err != nil {
		return nil, err
	}
	m := make(map[int64]string, len(runs))
	for _, r := range runs {
		if !r.Started.IsZero() {
			m[r.ID] = r.Started.UTC().Format("20060102150405")
		}
	}
	return func(id int64) string { return m[id] }, nil
}

func exportEvents(ctx context.Context, src Source, t eventTable, withDoc bool, opt StoreOptions, c *Counts) error {
	stamp, err := runStamps(ctx, src, opt.Options)
	if err != nil {
		return err
	}
	var docs *docCache
	if withDoc {
		docs = newDocCache(src, 64)
	}
	recs := make([]record, 0, opt.PageSize)
	return pages(ctx, src, opt.Filter, opt.PageSize, func(rows []store.EventRow) error {
		recs = recs[:len(rows)]
		err := parallel(len(rows), opt.Workers, func(i int) error {
			row := &rows[i]
			det, err := src.Event(ctx, row.ID)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("event %s: %w", row.ID, err)
			}
			var d *doc.Doc
			if docs != nil {
				if d, err = docs.get(ctx, row.DocKey); err != nil && !errors.Is(err, store.ErrNotFound) {
					return fmt.Errorf("event %s: document: %w", row.ID, err)
				}
			}
			recs[i] = storedRecord(row, &det, d, stamp(row.RunID))
			return nil
		})
		if err != nil {
			return err
		}
		for i := range recs {
			if err := t.writeRecord(&recs[i]); err != nil {
				return err
			}
			recs[i] = record{} // drop the page's strings before the next one
		}
		c.Events += int64(len(rows))
		c.Rows += int64(len(rows))
		if docs != nil {
			c.Documents = docs.loaded
		}
		if opt.Progress != nil {
			opt.Progress(*c)
		}
		return nil
	})
}

// storedRecord flattens a stored event. det may be empty (the event went
// away between the page and the lookup); d, when given, supplies the
// character offsets and sentence numbers of the mentions table.
func storedRecord(row *store.EventRow, det *store.EventDetail, d *doc.Doc, added string) record {
	r := record{ID: row.ID, DocID: row.DocID, DocKey: row.DocKey, URL: row.URL, Outlet: host(row.URL),
		Date: row.Date, DatePrecision: row.DatePrecision,
		Code: row.Code, Root: row.Root, Quad: row.QuadClass, Goldstein: row.Goldstein,
		PloverType: row.PloverType, PloverMode: row.PloverMode,
		Negated: row.Negated, Modality: row.Modality, Confidence: row.Confidence,
		Pattern: det.Pattern, Coder: det.Coder, Dictionary: det.Dictionary, Model: det.Model,
		Sentence: unknownSpan, Trigger: unknownSpan, SentenceText: row.Sentence,
		Mentions: row.Mentions, Articles: row.Stories, Sources: row.Sources,
		TriggerChar: -1, DocChars: -1, Added: added, RunID: row.RunID}
	r.Source = side{Code: row.Source.Code, Name: row.Source.Name, Text: row.Source.Text, EntityID: row.Source.EntityID, Char: -1}
	r.Target = side{Code: row.Target.Code, Name: row.Target.Name, Text: row.Target.Text, EntityID: row.Target.EntityID, Char: -1}
	if p := row.Place; p != nil {
		r.PlaceName, r.Place = refPlace(p)
	}
	for _, h := range det.Highlights {
		sp := text.Span{Start: det.StoryStart + h.Start, End: det.StoryStart + h.End}
		switch h.Role {
		case "source":
			r.Source.Span = &sp
		case "target":
			r.Target.Span = &sp
		case "trigger":
			r.Trigger = sp
		case "sentence":
			r.Sentence = sp
			lead := strings.IndexByte(det.StoryText, '\n')
			r.IsRoot = lead < 0 || h.Start < lead
		}
	}
	if d != nil {
		if site := d.Meta.Site; site != "" {
			r.Outlet = site
		}
		r.DocChars = utf8.RuneCountInString(d.Text)
		if r.Trigger.Start >= 0 {
			r.TriggerChar = charOffset(d, r.Trigger.Start)
			for k, s := range d.Sentences {
				if s.Contains(r.Trigger) {
					r.SentenceID = k + 1
					break
				}
			}
		}
		for _, s := range []*side{&r.Source, &r.Target} {
			if s.Span != nil {
				s.Char = charOffset(d, s.Span.Start)
			}
		}
	}
	return r
}

// refPlace turns a stored event place back into a Place for the writers.
// The store keeps no precision: a place named as its country is read as
// the country, anything else as a city.
func refPlace(p *store.PlaceRef) (string, *doc.Place) {
	if p.Country == "" && p.GeonameID == 0 && p.Lat == 0 && p.Lon == 0 {
		return p.Name, nil // named but not resolved
	}
	pl := &doc.Place{Name: p.Name, Text: p.Name, Resolved: true, Country: p.Country, Admin1: p.Admin1,
		Lat: p.Lat, Lon: p.Lon, GeonameID: p.GeonameID, Precision: "city"}
	if p.Country != "" && strings.EqualFold(p.Name, countryName(p.Country)) {
		pl.Precision = "country"
	}
	return p.Name, pl
}

// docCache keeps the last documents read, for events of one document that
// come close together; each key is read once even when several workers
// ask for it at the same time.
type docCache struct {
	src    Source
	max    int
	mu     sync.Mutex
	m      map[string]*docEntry
	order  []string
	loaded int64
}

type docEntry struct {
	once sync.Once
	d    *doc.Doc
	err  error
}

func newDocCache(src Source, max int) *docCache {
	return &docCache{src: src, max: max, m: map[string]*docEntry{}}
}

func (c *docCache) get(ctx context.Context, key string) (*doc.Doc, error) {
	c.mu.Lock()
	e, ok := c.m[key]
	if !ok {
		e = &docEntry{}
		c.m[key] = e
		c.order = append(c.order, key)
		if len(c.order) > c.max {
			delete(c.m, c.order[0])
			c.order = append(c.order[:0], c.order[1:]...)
		}
		c.loaded++
	}
	c.mu.Unlock()
	e.once.Do(func() { e.d, e.err = c.src.Doc(ctx, key) })
	return e.d, e.err
}

// ListsDocuments reports whether a per-document table (gkg, jsonl) with
// filter f walks every stored document (Querier.Documents) rather than the
// documents holding a matching event: when f selects no events at all.
func ListsDocuments(format string, f store.EventFilter) bool {
	if format != "gkg" && format != "jsonl" {
		return false
	}
	f.Sort, f.Limit, f.Cursor = "", 0, ""
	return f == store.EventFilter{}
}

func exportDocs(ctx context.Context, src Source, t docTable, format string, opt StoreOptions, c *Counts) error {
	stamp, err := runStamps(ctx, src, opt.Options)
	if err != nil {
		return err
	}
	gkg, _ := t.(*gkgWriter)
	var docs []*doc.Doc
	// write reads the documents a few at a time and writes them: a page's
	// worth of whole documents with every layer would be the largest
	// thing held.
	write := func(keys []string, runs []int64) error {
		for len(keys) > 0 {
			n := min(len(keys), 2*opt.Workers)
			docs = append(docs[:0], make([]*doc.Doc, n)...)
			err := parallel(n, opt.Workers, func(i int) error {
				d, err := src.Doc(ctx, keys[i])
				if err != nil {
					return fmt.Errorf("document %s: %w", keys[i], err)
				}
				docs[i] = d
				return nil
			})
			if err != nil {
				return err
			}
			for i, d := range docs {
				var err error
				if s := stamp(runs[i]); gkg != nil && s != "" {
					err = gkg.writeStamped(d, s)
				} else {
					err = t.Write(d)
				}
				if err != nil {
					return err
				}
				docs[i] = nil
			}
			c.Documents += int64(n)
			c.Rows += int64(n)
			keys, runs = keys[n:], runs[n:]
		}
		if opt.Progress != nil {
			opt.Progress(*c)
		}
		return nil
	}
	var keys []string
	var runs []int64
	if ListsDocuments(format, opt.Filter) {
		// No event filter: every stored document (or those the document
		// filters select), events or not, in key order; nothing to
		// remember between pages.
		q := opt.Documents
		q.Limit, q.Cursor = opt.PageSize, ""
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			page, err := src.Documents(ctx, q)
			if err != nil {
				return err
			}
			keys, runs = keys[:0], runs[:0]
			for _, d := range page.Documents {
				keys, runs = append(keys, d.Key), append(runs, d.RunID)
			}
			if err := write(keys, runs); err != nil {
				return err
			}
			if page.Next == "" || len(page.Documents) == 0 {
				return nil
			}
			q.Cursor = page.Next
		}
	}
	seen := newKeySet()
	return pages(ctx, src, opt.Filter, opt.PageSize, func(rows []store.EventRow) error {
		c.Events += int64(len(rows))
		keys, runs = keys[:0], runs[:0]
		for i := range rows {
			if seen.add(rows[i].DocKey) {
				keys = append(keys, rows[i].DocKey)
				runs = append(runs, rows[i].RunID)
			}
		}
		return write(keys, runs)
	})
}

func exportEntities(ctx context.Context, src Source, t *parquetEntities, opt StoreOptions, c *Counts) error {
	q := opt.Entities
	q.Limit, q.Cursor = store.MaxPageSize, ""
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		page, err := src.Entities(ctx, q)
		if err != nil {
			return err
		}
		if err := t.writeStored(page.Entities); err != nil {
			return err
		}
		c.Rows += int64(len(page.Entities))
		if opt.Progress != nil {
			opt.Progress(*c)
		}
		if page.Next == "" || len(page.Entities) == 0 {
			return nil
		}
		q.Cursor = page.Next
	}
}

// keySet is a set of strings kept as 64-bit FNV-1a hashes in an
// open-addressing table: 16 bytes per key at most, against ~80 for a
// map[string]bool of content keys. Two keys share a hash with probability
// about n²/2⁶⁵ (3·10⁻⁸ for a million documents).
type keySet struct {
	slots []uint64
	n     int
}

func newKeySet() *keySet { return &keySet{slots: make([]uint64, 1024)} }

// add reports whether key was new.
func (s *keySet) add(key string) bool {
	h := uint64(14695981039346656037)
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= 1099511628211
	}
	if h == 0 {
		h = 1 // 0 marks an empty slot
	}
	if !s.insert(h) {
		return false
	}
	s.n++
	if s.n*2 > len(s.slots) {
		old := s.slots
		s.slots = make([]uint64, 2*len(old))
		for _, v := range old {
			if v != 0 {
				s.insert(v)
			}
		}
	}
	return true
}

func (s *keySet) insert(h uint64) bool {
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case 0:
			s.slots[i] = h
			return true
		case h:
			return false
		}
	}
}
