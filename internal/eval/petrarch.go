// Package eval holds the scorers behind `newsgraph eval NAME`.
package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/internal/event/petrarch"
)

// PetrarchRecord is a validation record with its answers.
type PetrarchRecord struct {
	petrarch.Record
	Category       string            `json:"category"`
	Expected       []petrarch.Triple `json:"expected"`
	ExpectNoEvents bool              `json:"expect_no_events"`
	ExpectedError  *string           `json:"expected_error"`
}

// ReadPetrarchRecords reads JSON lines of validation records.
func ReadPetrarchRecords(r io.Reader) ([]PetrarchRecord, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	var out []PetrarchRecord
	n := 0
	for sc.Scan() {
		n++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var rec PetrarchRecord
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		}
		out = append(out, rec)
	}
	return out, sc.Err()
}

// PetrarchCount is passed/total for one group.
type PetrarchCount struct{ Pass, Total int }

// PetrarchReport is the score of a run: records passing (exact set of
// source/target/code triples) overall and per category, and event-level
// precision and recall over distinct triples.
type PetrarchReport struct {
	All        PetrarchCount
	ByCategory map[string]*PetrarchCount
	TP, FP, FN int
	Failed     []PetrarchFailure
}

// PetrarchFailure is one record that did not pass.
type PetrarchFailure struct {
	ID       string
	Category string
	Want     []string
	Got      []string
	Error    string
}

func tripleSet(ts []petrarch.Triple) map[string]bool {
	m := map[string]bool{}
	for _, t := range ts {
		m[t.String()] = true
	}
	return m
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ScorePetrarch scores outputs (by record id) against the records.
func ScorePetrarch(recs []PetrarchRecord, got map[string]petrarch.Output) *PetrarchReport {
	rep := &PetrarchReport{ByCategory: map[string]*PetrarchCount{}}
	for _, r := range recs {
		o := got[r.ID]
		want := tripleSet(r.Expected)
		if r.ExpectNoEvents || r.ExpectedError != nil {
			want = map[string]bool{}
		}
		have := tripleSet(o.Events)
		pass := len(want) == len(have)
		for k := range want {
			if have[k] {
				rep.TP++
			} else {
				rep.FN++
				pass = false
			}
		}
		for k := range have {
			if !want[k] {
				rep.FP++
			}
		}
		c := rep.ByCategory[r.Category]
		if c == nil {
			c = &PetrarchCount{}
			rep.ByCategory[r.Category] = c
		}
		c.Total++
		rep.All.Total++
		if pass {
			c.Pass++
			rep.All.Pass++
		} else {
			rep.Failed = append(rep.Failed, PetrarchFailure{ID: r.ID, Category: r.Category, Want: sortedKeys(want), Got: sortedKeys(have), Error: o.Error})
		}
	}
	return rep
}

// Write prints the report.
func (r *PetrarchReport) Write(w io.Writer, verbose bool) {
	pct := func(c PetrarchCount) float64 {
		if c.Total == 0 {
			return 0
		}
		return 100 * float64(c.Pass) / float64(c.Total)
	}
	fmt.Fprintf(w, "records passing: %d/%d = %.1f%%\n", r.All.Pass, r.All.Total, pct(r.All))
	p, rc := 0.0, 0.0
	if r.TP+r.FP > 0 {
		p = float64(r.TP) / float64(r.TP+r.FP)
	}
	if r.TP+r.FN > 0 {
		rc = float64(r.TP) / float64(r.TP+r.FN)
	}
	fmt.Fprintf(w, "events: precision %.3f recall %.3f (tp %d fp %d fn %d)\n", p, rc, r.TP, r.FP, r.FN)
	var cats []string
	for c := range r.ByCategory {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	for _, c := range cats {
		x := *r.ByCategory[c]
		fmt.Fprintf(w, "  %-10s %3d/%-3d %5.1f%%\n", c, x.Pass, x.Total, pct(x))
	}
	if verbose {
		for _, f := range r.Failed {
			fmt.Fprintf(w, "FAIL %s [%s] want %v got %v %s\n", f.ID, f.Category, f.Want, f.Got, f.Error)
		}
	}
}
