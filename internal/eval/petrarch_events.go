package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/internal/doc"
)

// EventStory is one story of the team's own event gold set
// (internal/event/testdata/gold.jsonl): text, date and expected events.
type EventStory struct {
	ID        string        `json:"id"`
	Text      string        `json:"text"`
	Published string        `json:"published"`
	Events    []EventTriple `json:"events"`
}

// EventTriple is an expected event; an empty Target means the event has no
// coded target.
type EventTriple struct {
	Source string `json:"source"`
	Target string `json:"target"`
	Code   string `json:"code"`
}

// ReadEventStories reads the gold set.
func ReadEventStories(r io.Reader) ([]EventStory, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	var out []EventStory
	n := 0
	for sc.Scan() {
		n++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var s EventStory
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		}
		out = append(out, s)
	}
	return out, sc.Err()
}

// EventScore is precision and recall of coded events against the gold set,
// on exact (source, target, code) and on (source, target, root).
type EventScore struct {
	TP, FP, FN             int
	RootTP, RootFP, RootFN int
	Misses                 []string
}

// ScoreEvents compares the events of each Doc (by story id) with the gold;
// negated events do not count as predictions.
func ScoreEvents(gold []EventStory, docs map[string]*doc.Doc) *EventScore {
	sc := &EventScore{}
	for _, g := range gold {
		want, wantRoot := map[string]bool{}, map[string]bool{}
		for _, e := range g.Events {
			want[e.Source+">"+e.Target+":"+e.Code] = true
			wantRoot[e.Source+">"+e.Target+":"+root(e.Code)] = true
		}
		have, haveRoot := map[string]bool{}, map[string]bool{}
		if d := docs[g.ID]; d != nil {
			for _, e := range d.Events {
				if e.Negated {
					continue
				}
				have[e.Source.Code+">"+e.Target.Code+":"+e.Code] = true
				haveRoot[e.Source.Code+">"+e.Target.Code+":"+root(e.Code)] = true
			}
		}
		tp, fp, fn := setDiff(want, have)
		sc.TP, sc.FP, sc.FN = sc.TP+tp, sc.FP+fp, sc.FN+fn
		rtp, rfp, rfn := setDiff(wantRoot, haveRoot)
		sc.RootTP, sc.RootFP, sc.RootFN = sc.RootTP+rtp, sc.RootFP+rfp, sc.RootFN+rfn
		if fp+fn > 0 {
			sc.Misses = append(sc.Misses, fmt.Sprintf("%s want %v got %v", g.ID, keys(want), keys(have)))
		}
	}
	return sc
}

func root(code string) string {
	if len(code) >= 2 {
		return code[:2]
	}
	return code
}

func setDiff(want, have map[string]bool) (tp, fp, fn int) {
	for k := range have {
		if want[k] {
			tp++
		} else {
			fp++
		}
	}
	for k := range want {
		if !have[k] {
			fn++
		}
	}
	return
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Write prints the score.
func (s *EventScore) Write(w io.Writer, verbose bool) {
	fmt.Fprintf(w, "events (source, target, code): precision %.3f recall %.3f (tp %d fp %d fn %d)\n",
		ratio(s.TP, s.TP+s.FP), ratio(s.TP, s.TP+s.FN), s.TP, s.FP, s.FN)
	fmt.Fprintf(w, "events (source, target, root): precision %.3f recall %.3f\n",
		ratio(s.RootTP, s.RootTP+s.RootFP), ratio(s.RootTP, s.RootTP+s.RootFN))
	if verbose {
		for _, m := range s.Misses {
			fmt.Fprintln(w, "MISS", m)
		}
	}
}
