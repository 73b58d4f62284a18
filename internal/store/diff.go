package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// RunEventer streams every event one run wrote, in document order, for
// comparing runs. Both backends implement it beside Querier.
type RunEventer interface {
	RunEvents(ctx context.Context, runID int64, fn func(EventRow) error) error
}

// EventChange is one event of run A matched to one of run B whose coding
// differs.
type EventChange struct {
	A, B   EventRow
	Fields []string // what differs: code, source, target, date, place, goldstein, quad
}

// RunDiff is what changed between two runs.
type RunDiff struct {
	A, B      int64
	Added     []EventRow // in B only
	Removed   []EventRow // in A only
	Changed   []EventChange
	Unchanged int
}

// diffKey places an event where a re-coding would put it again: the same
// document, story, sentence and actor mentions.
func diffKey(e EventRow) string {
	return e.DocKey + "\x1f" + fmt.Sprint(e.Story) + "\x1f" + e.Sentence + "\x1f" + e.Source.Text + "\x1f" + e.Target.Text
}

func changedFields(a, b EventRow) []string {
	var out []string
	if a.Code != b.Code {
		out = append(out, "code")
	}
	if a.Source.Code != b.Source.Code || a.Source.EntityID != b.Source.EntityID {
		out = append(out, "source")
	}
	if a.Target.Code != b.Target.Code || a.Target.EntityID != b.Target.EntityID {
		out = append(out, "target")
	}
	if a.Date != b.Date {
		out = append(out, "date")
	}
	pa, pb := "", ""
	if a.Place != nil {
		pa = a.Place.Name + "|" + a.Place.Country
	}
	if b.Place != nil {
		pb = b.Place.Name + "|" + b.Place.Country
	}
	if pa != pb {
		out = append(out, "place")
	}
	if a.QuadClass != b.QuadClass {
		out = append(out, "quad")
	}
	if a.Goldstein != b.Goldstein {
		out = append(out, "goldstein")
	}
	if a.Negated != b.Negated || a.Modality != b.Modality {
		out = append(out, "modality")
	}
	return out
}

// DiffRuns compares the events of runs a and b. With common set, only
// documents that have events in both runs are compared (a partial
// re-coding then does not list the rest of the archive as removed).
func DiffRuns(ctx context.Context, s RunEventer, a, b int64, common bool) (RunDiff, error) {
	d := RunDiff{A: a, B: b}
	load := func(run int64) (map[string][]EventRow, map[string]bool, error) {
		m := map[string][]EventRow{}
		docs := map[string]bool{}
		err := s.RunEvents(ctx, run, func(e EventRow) error {
			k := diffKey(e)
			m[k] = append(m[k], e)
			docs[e.DocKey] = true
			return nil
		})
		return m, docs, err
	}
	ea, da, err := load(a)
	if err != nil {
		return d, err
	}
	eb, db, err := load(b)
	if err != nil {
		return d, err
	}
	keys := map[string]bool{}
	for k := range ea {
		keys[k] = true
	}
	for k := range eb {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	for _, k := range sorted {
		as, bs := ea[k], eb[k]
		doc := strings.SplitN(k, "\x1f", 2)[0]
		if common && !(da[doc] && db[doc]) {
			continue
		}
		// Identical codings pair first; what remains pairs as changes.
		used := make([]bool, len(bs))
		var restA []EventRow
		for _, x := range as {
			found := false
			for j, y := range bs {
				if !used[j] && len(changedFields(x, y)) == 0 {
					used[j], found = true, true
					d.Unchanged++
					break
				}
			}
			if !found {
				restA = append(restA, x)
			}
		}
		var restB []EventRow
		for j, y := range bs {
			if !used[j] {
				restB = append(restB, y)
			}
		}
		n := min(len(restA), len(restB))
		for i := 0; i < n; i++ {
			d.Changed = append(d.Changed, EventChange{A: restA[i], B: restB[i], Fields: changedFields(restA[i], restB[i])})
		}
		d.Removed = append(d.Removed, restA[n:]...)
		d.Added = append(d.Added, restB[n:]...)
	}
	return d, nil
}
