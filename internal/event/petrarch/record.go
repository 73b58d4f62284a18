package petrarch

import (
	"fmt"
	"strconv"
	"strings"
)

// Record is one line of the PETRARCH validation format. Answer fields
// (expected ...) are not read here; see internal/eval.
type Record struct {
	ID     string  `json:"id"`
	Date   string  `json:"date"`
	Text   string  `json:"text"`
	Parse  string  `json:"parse"`
	Config *Config `json:"config"`
}

// Triple is one coded event in the output format.
type Triple struct {
	Source string `json:"source"`
	Target string `json:"target"`
	Code   string `json:"code"`
}

// Output is one line of `newsgraph code --petrarch` output.
type Output struct {
	ID     string   `json:"id"`
	Events []Triple `json:"events"`
	Error  string   `json:"error,omitempty"`
	Reason string   `json:"-"` // a longer why, for messages; not part of the output contract
}

// ParseDate reads YYYYMMDD (or YYYY-MM-DD); 0 when absent or malformed.
func ParseDate(s string) int {
	s = strings.ReplaceAll(strings.TrimSpace(s), "-", "")
	if len(s) < 8 {
		return 0
	}
	v, err := strconv.Atoi(s[:8])
	if err != nil {
		return 0
	}
	return v
}

// CodeRecord codes a record from its parse tree.
func (c *Coder) CodeRecord(r *Record) Output {
	out := Output{ID: r.ID, Events: []Triple{}}
	if strings.TrimSpace(r.Parse) == "" {
		out.Error, out.Reason = "bad_input_parse", "record has no parse"
		return out
	}
	t, err := ParseTree(r.Parse)
	if err != nil {
		out.Error, out.Reason = "bad_input_parse", err.Error()
		return out
	}
	return c.CodeRecordTree(r, t)
}

// CodeRecordTree codes a record from a phrase tree built elsewhere (such
// as FromDependencies over the project's own parse), with the same
// record-level checks as CodeRecord: a dateline gives no events.
func (c *Coder) CodeRecordTree(r *Record, t *Tree) Output {
	out := Output{ID: r.ID, Events: []Triple{}}
	cfg := DefaultConfig
	if r.Config != nil {
		cfg = *r.Config
	}
	if isDateline(t) {
		out.Error, out.Reason = "dateline", "sentence is a dateline, not a clause"
		return out
	}
	res := c.CodeTree(t, ParseDate(r.Date), cfg)
	if res.Error != "" {
		out.Error, out.Reason = res.Error, res.Reason
		return out
	}
	for _, e := range res.Events {
		out.Events = append(out.Events, Triple{Source: e.Source, Target: e.Target, Code: e.Code})
	}
	return out
}

// isDateline reports a dateline rather than a sentence: an all-capitals
// place name, a comma and, within a few words, an agency mark or a dash
// ("ARNOR, Jan 1 (AFP) - ..."), or a verbless line that starts in capitals.
func isDateline(t *Tree) bool {
	ws := t.Words
	if len(ws) == 0 {
		return false
	}
	caps := func(w string) bool {
		letters := 0
		for _, r := range w {
			switch {
			case r >= 'a' && r <= 'z':
				return false
			case r >= 'A' && r <= 'Z':
				letters++
			}
		}
		return letters >= 2
	}
	k := 0
	for k < len(ws) && k < 4 && caps(ws[k].Word) {
		k++
	}
	if k > 0 && k < len(ws) && ws[k].Word == "," {
		for j := k + 1; j < len(ws) && j <= k+8; j++ {
			w := strings.ToUpper(ws[j].Word)
			if w == "-" || w == "--" || w == "AFP" || w == "REUTERS" || w == "AP" || w == "XINHUA" || w == "UPI" {
				return true
			}
		}
	}
	for _, w := range ws {
		if strings.HasPrefix(w.Label, "VB") {
			return false
		}
	}
	return caps(ws[0].Word)
}

// String renders a triple for messages.
func (t Triple) String() string { return fmt.Sprintf("%s>%s:%s", t.Source, t.Target, t.Code) }
