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
	Reason string   `json:"reason,omitempty"`
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
	cfg := DefaultConfig
	if r.Config != nil {
		cfg = *r.Config
	}
	if strings.TrimSpace(r.Parse) == "" {
		out.Error, out.Reason = "bad_input_parse", "record has no parse"
		return out
	}
	t, err := ParseTree(r.Parse)
	if err != nil {
		out.Error, out.Reason = "bad_input_parse", err.Error()
		return out
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

// isDateline reports a sentence with no verb at all that starts with an
// upper-case place and a dash or agency mark ("ARNOR, Jan 1 (AFP) -").
func isDateline(t *Tree) bool {
	for _, w := range t.Words {
		if strings.HasPrefix(w.Label, "VB") {
			return false
		}
	}
	if len(t.Words) == 0 {
		return false
	}
	w := t.Words[0].Word
	return w == strings.ToUpper(w) && len(w) > 1
}

// String renders a triple for messages.
func (t Triple) String() string { return fmt.Sprintf("%s>%s:%s", t.Source, t.Target, t.Code) }
