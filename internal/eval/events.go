package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/internal/doc"
)

// This file scores coded events against a news-style gold set that the team
// writes (testdata/events/gold.jsonl): precision, recall and F1 at several
// strictnesses, per story category, with the misses and false alarms listed
// so that each error can be traced to its sentence and trigger.

// GoldStory is one story of the event gold set.
type GoldStory struct {
	ID        string      `json:"id"`
	Text      string      `json:"text"`
	Published string      `json:"published,omitempty"`
	Category  string      `json:"category,omitempty"`
	Expected  []GoldEvent `json:"expected"`
	// Events is the key internal/event/testdata/gold.jsonl uses; it is read
	// as Expected so that both sets score with the same command.
	Events []GoldEvent `json:"events,omitempty"`
	Note   string      `json:"note,omitempty"`
}

// GoldEvent is an expected event. An empty Target means the event has no
// coded target (protests, force posture). Alt lists other codes accepted as
// exact where CAMEO itself leaves the choice open; Optional marks an event a
// coder may or may not produce: it is neither a miss when absent nor a false
// alarm when present.
type GoldEvent struct {
	Source   string   `json:"source"`
	Target   string   `json:"target"`
	Code     string   `json:"code"`
	Trigger  string   `json:"trigger,omitempty"` // the trigger word as written (first occurrence), for diagnosis
	Alt      []string `json:"alt,omitempty"`
	Optional bool     `json:"optional,omitempty"`
	Note     string   `json:"note,omitempty"`
}

func (g GoldEvent) codes() []string { return append([]string{g.Code}, g.Alt...) }

func (g GoldEvent) String() string {
	s := fmt.Sprintf("%s>%s %s", orDash(g.Source), orDash(g.Target), g.Code)
	if len(g.Alt) > 0 {
		s += "|" + strings.Join(g.Alt, "|")
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

var (
	cameoCodeRE = regexp.MustCompile(`^[0-2][0-9]{1,3}$`)
	actorCodeRE = regexp.MustCompile(`^[A-Z]{3}([A-Z]{3})*$`)
	isoDateRE   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// ReadGoldStories reads a gold set (JSONL, one story a line) and checks it:
// ids unique, text present, codes shaped like CAMEO event codes, actor codes
// made of three-letter parts, dates as YYYY-MM-DD. Errors name the line.
func ReadGoldStories(r io.Reader) ([]GoldStory, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	var out []GoldStory
	seen := map[string]int{}
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		var s GoldStory
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&s); err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		}
		if len(s.Expected) == 0 {
			s.Expected = s.Events
		} else if len(s.Events) > 0 {
			return nil, fmt.Errorf("line %d: story %q has both \"expected\" and \"events\"", n, s.ID)
		}
		s.Events = nil
		if err := checkStory(s); err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		}
		if prev, dup := seen[s.ID]; dup {
			return nil, fmt.Errorf("line %d: story id %q already used on line %d", n, s.ID, prev)
		}
		seen[s.ID] = n
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %v", n+1, err)
	}
	return out, nil
}

func checkStory(s GoldStory) error {
	if s.ID == "" {
		return fmt.Errorf("story without id")
	}
	if strings.TrimSpace(s.Text) == "" {
		return fmt.Errorf("story %q: empty text", s.ID)
	}
	if s.Published != "" && !isoDateRE.MatchString(s.Published) {
		return fmt.Errorf("story %q: published %q is not YYYY-MM-DD", s.ID, s.Published)
	}
	for i, e := range s.Expected {
		for _, c := range e.codes() {
			if !cameoCodeRE.MatchString(c) {
				return fmt.Errorf("story %q event %d: %q is not a CAMEO event code", s.ID, i, c)
			}
		}
		if e.Source != "" && !actorCodeRE.MatchString(e.Source) {
			return fmt.Errorf("story %q event %d: bad source actor code %q", s.ID, i, e.Source)
		}
		if e.Target != "" && !actorCodeRE.MatchString(e.Target) {
			return fmt.Errorf("story %q event %d: bad target actor code %q", s.ID, i, e.Target)
		}
		if e.Source == "" && e.Target == "" {
			return fmt.Errorf("story %q event %d: neither source nor target", s.ID, i)
		}
	}
	return nil
}

// Scoring levels, strictest first.
const (
	LevelFull    = "source,target,code"
	LevelRoot    = "source,target,root"
	LevelCountry = "country,country,root"
	LevelCode    = "code"
)

// GoldLevels lists the levels in report order. The country level compares
// only the first three letters of each actor code (CHNGOV ~ CHN), so an
// actor role error is told apart from a wrong event.
var GoldLevels = []string{LevelFull, LevelRoot, LevelCountry, LevelCode}

// Counts are the tallies behind precision and recall at one level.
type Counts struct {
	Gold    int `json:"gold"`
	Pred    int `json:"pred"`
	Correct int `json:"correct"`
}

// P is precision (0 when nothing was predicted).
func (c Counts) P() float64 { return ratio(c.Correct, c.Pred) }

// R is recall (0 when nothing was expected).
func (c Counts) R() float64 { return ratio(c.Correct, c.Gold) }

// F1 is the harmonic mean of P and R.
func (c Counts) F1() float64 {
	p, r := c.P(), c.R()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func (c *Counts) add(o Counts) {
	c.Gold, c.Pred, c.Correct = c.Gold+o.Gold, c.Pred+o.Pred, c.Correct+o.Correct
}

// PredEvent is a coded event as the scorer sees it, with its evidence.
type PredEvent struct {
	Source   string `json:"source"`
	Target   string `json:"target"`
	Code     string `json:"code"`
	Trigger  string `json:"trigger,omitempty"`
	Sentence string `json:"sentence,omitempty"`
	Pattern  string `json:"pattern,omitempty"`
	Modality string `json:"modality,omitempty"`
}

func (p PredEvent) key() string { return p.Source + ">" + p.Target + " " + p.Code }

func (p PredEvent) String() string {
	return fmt.Sprintf("%s>%s %s", orDash(p.Source), orDash(p.Target), p.Code)
}

// GoldMiss is an expected event the coder did not produce (at the full level).
type GoldMiss struct {
	Story    string      `json:"story"`
	Category string      `json:"category"`
	Event    GoldEvent   `json:"event"`
	Nearest  string      `json:"nearest,omitempty"` // the strictest level at which it did match, if any
	Parse    string      `json:"parse,omitempty"`   // how the pipeline read the gold trigger word
	Got      []PredEvent `json:"got,omitempty"`     // the story's unmatched predictions
}

// FalseAlarm is a coded event that matches no expected event (full level).
type FalseAlarm struct {
	Story    string    `json:"story"`
	Category string    `json:"category"`
	Event    PredEvent `json:"event"`
}

// GoldReport is the result of scoring a gold set.
type GoldReport struct {
	Stories     int                           `json:"stories"`
	Events      int                           `json:"events"`   // required expected events
	Optional    int                           `json:"optional"` // optional expected events
	Negated     int                           `json:"negated"`  // negated predictions, not scored
	Total       map[string]Counts             `json:"total"`    // by level
	ByCategory  map[string]map[string]Counts  `json:"by_category"`
	Misses      []GoldMiss                    `json:"misses"`
	FalseAlarms []FalseAlarm                  `json:"false_alarms"`
	NoDoc       []string                      `json:"no_doc,omitempty"` // stories with no annotated document
	Diagnostics map[string]int                `json:"diagnostics,omitempty"`
	byStory     map[string]map[string]*Counts // level → story → counts, for tests
}

// PredEvents turns a Doc's events into scorer events: negated events are
// left out (the coder keeps them flagged; the gold lists what happened), and
// repeats of the same source, target and code count once.
func PredEvents(d *doc.Doc) (out []PredEvent, negated int) {
	seen := map[string]bool{}
	for _, e := range d.Events {
		if e.Negated {
			negated++
			continue
		}
		p := PredEvent{Source: e.Source.Code, Target: e.Target.Code, Code: e.Code, Pattern: e.Pattern, Modality: e.Modality,
			Trigger: spanText(d.Text, e.Trigger.Start, e.Trigger.End), Sentence: spanText(d.Text, e.Sentence.Start, e.Sentence.End)}
		if seen[p.key()] {
			continue
		}
		seen[p.key()] = true
		out = append(out, p)
	}
	return out, negated
}

func spanText(s string, a, b int) string {
	if a < 0 || b > len(s) || a >= b {
		return ""
	}
	return s[a:b]
}

func country(code string) string {
	if len(code) > 3 {
		return code[:3]
	}
	return code
}

func codeRoot(c string) string {
	if len(c) > 2 {
		return c[:2]
	}
	return c
}

// matches reports whether a prediction matches an expected event at a level.
func matches(level string, g GoldEvent, p PredEvent) bool {
	codeOK := func(root bool) bool {
		for _, c := range g.codes() {
			if (!root && c == p.Code) || (root && codeRoot(c) == codeRoot(p.Code)) {
				return true
			}
		}
		return false
	}
	switch level {
	case LevelFull:
		return g.Source == p.Source && g.Target == p.Target && codeOK(false)
	case LevelRoot:
		return g.Source == p.Source && g.Target == p.Target && codeOK(true)
	case LevelCountry:
		return country(g.Source) == country(p.Source) && country(g.Target) == country(p.Target) && codeOK(true)
	case LevelCode:
		return codeOK(false)
	}
	return false
}

// matchStory pairs expected and predicted events one to one at a level:
// exact pairs first, so that a lenient match never takes a prediction an
// exact one needs, then required events before optional ones. It returns
// the counts and, per required expected event and per prediction, the index
// of its partner (-1 when none; -2 for a prediction absorbed by an optional
// event).
func matchStory(level string, exp []GoldEvent, pred []PredEvent) (c Counts, gold2pred, pred2gold []int) {
	gold2pred = make([]int, len(exp))
	pred2gold = make([]int, len(pred))
	for i := range gold2pred {
		gold2pred[i] = -1
	}
	for i := range pred2gold {
		pred2gold[i] = -1
	}
	order := make([]int, 0, len(exp))
	for i, g := range exp {
		if !g.Optional {
			order = append(order, i)
		}
	}
	for i, g := range exp {
		if g.Optional {
			order = append(order, i)
		}
	}
	for _, lv := range []string{LevelFull, level} {
		for _, gi := range order {
			if gold2pred[gi] >= 0 {
				continue
			}
			for pi, p := range pred {
				if pred2gold[pi] == -1 && matches(lv, exp[gi], p) {
					gold2pred[gi], pred2gold[pi] = pi, gi
					break
				}
			}
		}
	}
	for gi, g := range exp {
		if g.Optional {
			if pi := gold2pred[gi]; pi >= 0 {
				pred2gold[pi] = -2
			}
			continue
		}
		c.Gold++
		if gold2pred[gi] >= 0 {
			c.Correct++
		}
	}
	for _, gi := range pred2gold {
		if gi != -2 {
			c.Pred++
		}
	}
	return c, gold2pred, pred2gold
}

// ScoreGold scores the events of each Doc (by story id) against the gold.
func ScoreGold(gold []GoldStory, docs map[string]*doc.Doc) *GoldReport {
	rep := &GoldReport{Total: map[string]Counts{}, ByCategory: map[string]map[string]Counts{},
		byStory: map[string]map[string]*Counts{}, Diagnostics: map[string]int{}}
	for _, lv := range GoldLevels {
		rep.byStory[lv] = map[string]*Counts{}
	}
	for _, s := range gold {
		rep.Stories++
		cat := s.Category
		if cat == "" {
			cat = "(none)"
		}
		for _, e := range s.Expected {
			if e.Optional {
				rep.Optional++
			} else {
				rep.Events++
			}
		}
		var pred []PredEvent
		d := docs[s.ID]
		if d == nil {
			rep.NoDoc = append(rep.NoDoc, s.ID)
		} else {
			var neg int
			pred, neg = PredEvents(d)
			rep.Negated += neg
			for _, dg := range d.Diagnostics {
				if dg.Severity == doc.SevError || dg.Severity == doc.SevWarning {
					rep.Diagnostics[dg.Stage+":"+dg.Code]++
				}
			}
		}
		if rep.ByCategory[cat] == nil {
			rep.ByCategory[cat] = map[string]Counts{}
		}
		matchedAt := make([]string, len(s.Expected))
		for li := len(GoldLevels) - 1; li >= 0; li-- {
			lv := GoldLevels[li]
			c, g2p, p2g := matchStory(lv, s.Expected, pred)
			t := rep.Total[lv]
			t.add(c)
			rep.Total[lv] = t
			cc := rep.ByCategory[cat][lv]
			cc.add(c)
			rep.ByCategory[cat][lv] = cc
			rep.byStory[lv][s.ID] = &c
			for gi, pi := range g2p {
				if pi >= 0 {
					matchedAt[gi] = lv
				}
			}
			if lv != LevelFull {
				continue
			}
			var unmatched []PredEvent
			for pi, gi := range p2g {
				if gi == -1 {
					unmatched = append(unmatched, pred[pi])
					rep.FalseAlarms = append(rep.FalseAlarms, FalseAlarm{Story: s.ID, Category: cat, Event: pred[pi]})
				}
			}
			for gi, e := range s.Expected {
				if e.Optional || g2p[gi] >= 0 {
					continue
				}
				m := GoldMiss{Story: s.ID, Category: cat, Event: e, Nearest: matchedAt[gi], Got: unmatched}
				if d != nil && e.Trigger != "" {
					m.Parse = TriggerParse(d, e.Trigger)
				}
				rep.Misses = append(rep.Misses, m)
			}
		}
	}
	return rep
}

// Categories lists the categories in the report, sorted.
func (r *GoldReport) Categories() []string {
	out := make([]string, 0, len(r.ByCategory))
	for c := range r.ByCategory {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Write prints the report: totals per level, per-category scores at the
// full and root levels, and (verbose) each miss and false alarm with its
// evidence.
func (r *GoldReport) Write(w io.Writer, verbose bool) {
	fmt.Fprintf(w, "gold: %d stories, %d expected events (+%d optional); %d negated predictions not scored\n",
		r.Stories, r.Events, r.Optional, r.Negated)
	if len(r.NoDoc) > 0 {
		fmt.Fprintf(w, "no document for %d stories: %s\n", len(r.NoDoc), strings.Join(r.NoDoc, ", "))
	}
	fmt.Fprintf(w, "%-22s %5s %5s %7s %7s %7s %7s\n", "level", "gold", "pred", "correct", "P", "R", "F1")
	for _, lv := range GoldLevels {
		c := r.Total[lv]
		fmt.Fprintf(w, "%-22s %5d %5d %7d %7.3f %7.3f %7.3f\n", lv, c.Gold, c.Pred, c.Correct, c.P(), c.R(), c.F1())
	}
	fmt.Fprintf(w, "\nper category: %s | %s\n", LevelFull, LevelRoot)
	fmt.Fprintf(w, "%-12s %5s %5s %6s %6s %6s | %6s %6s %6s\n", "category", "gold", "pred", "P", "R", "F1", "P", "R", "F1")
	for _, cat := range r.Categories() {
		f, rt := r.ByCategory[cat][LevelFull], r.ByCategory[cat][LevelRoot]
		fmt.Fprintf(w, "%-12s %5d %5d %6.3f %6.3f %6.3f | %6.3f %6.3f %6.3f\n", cat, f.Gold, f.Pred, f.P(), f.R(), f.F1(), rt.P(), rt.R(), rt.F1())
	}
	if len(r.Diagnostics) > 0 {
		keys := make([]string, 0, len(r.Diagnostics))
		for k := range r.Diagnostics {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		fmt.Fprintf(w, "\nstage diagnostics (warning/error):")
		for _, k := range keys {
			fmt.Fprintf(w, " %s×%d", k, r.Diagnostics[k])
		}
		fmt.Fprintln(w)
	}
	if !verbose {
		fmt.Fprintf(w, "\n%d misses, %d false alarms at %s (-v lists them)\n", len(r.Misses), len(r.FalseAlarms), LevelFull)
		return
	}
	fmt.Fprintf(w, "\nmisses (%d, at %s):\n", len(r.Misses), LevelFull)
	for _, m := range r.Misses {
		near := "nowhere"
		if m.Nearest != "" {
			near = "at " + m.Nearest
		}
		fmt.Fprintf(w, "  MISS %s [%s] %s (matched %s)", m.Story, m.Category, m.Event, near)
		if m.Event.Note != "" {
			fmt.Fprintf(w, " — %s", m.Event.Note)
		}
		fmt.Fprintln(w)
		if m.Parse != "" {
			fmt.Fprintf(w, "       parse: %s\n", m.Parse)
		}
		for _, p := range m.Got {
			fmt.Fprintf(w, "       story has %s\n", p)
		}
	}
	fmt.Fprintf(w, "\nfalse alarms (%d, at %s):\n", len(r.FalseAlarms), LevelFull)
	for _, f := range r.FalseAlarms {
		p := f.Event
		fmt.Fprintf(w, "  FA %s [%s] %s trigger %q", f.Story, f.Category, p, p.Trigger)
		if p.Modality != "" {
			fmt.Fprintf(w, " (%s)", p.Modality)
		}
		if p.Pattern != "" {
			fmt.Fprintf(w, " %s", p.Pattern)
		}
		fmt.Fprintf(w, "\n       in: %s\n", clip(p.Sentence, 160))
	}
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && s[cut]&0xC0 == 0x80 { // keep UTF-8 whole
		cut--
	}
	return s[:cut] + "…"
}

// TriggerParse says how the pipeline read a word of the story (its first
// occurrence): form/XPOS, lemma, relation to its head, and its dependents.
// Printed beside each miss, it shows at a glance whether the tagger, the
// lemmatiser, the parser or the coder lost the event.
func TriggerParse(d *doc.Doc, word string) string {
	off := strings.Index(d.Text, word)
	if off < 0 {
		return "trigger word not in text"
	}
	ti := -1
	for i, t := range d.Tokens {
		if t.Start <= off && off < t.End {
			ti = i
			break
		}
	}
	if ti < 0 {
		return "no token at the trigger (tokens layer missing?)"
	}
	t := d.Tokens[ti]
	var b strings.Builder
	fmt.Fprintf(&b, "%s/%s lemma=%s", t.Form, orDash(t.XPOS), orDash(t.Lemma))
	if t.Deprel == "" {
		b.WriteString(" (no parse)")
		return b.String()
	}
	if t.Head >= 0 && t.Head < len(d.Tokens) {
		h := d.Tokens[t.Head]
		fmt.Fprintf(&b, " %s<-%s/%s", t.Deprel, h.Form, orDash(h.XPOS))
	} else {
		fmt.Fprintf(&b, " %s", t.Deprel)
	}
	var deps []string
	for i, c := range d.Tokens {
		if c.Head == ti && i != ti && c.Deprel != "punct" && c.Deprel != "det" {
			deps = append(deps, c.Deprel+"="+c.Form)
		}
	}
	if len(deps) > 0 {
		b.WriteString("; " + strings.Join(deps, " "))
	}
	return b.String()
}
