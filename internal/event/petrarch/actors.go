package petrarch

import (
	"fmt"
	"sort"
	"strings"
)

// DatedCode is an actor code valid in [From, To] (YYYYMMDD, inclusive; 0
// means open).
type DatedCode struct {
	Code     string
	From, To int
}

// Actor is one actor dictionary entry: its default code and date-restricted
// codes. Restrictions are tried in file order; the first that covers the
// sentence date wins (overlapping ranges are allowed, as in PETRARCH).
type Actor struct {
	Phrases []string // the entry's phrases, as written
	Default string
	Dated   []DatedCode
	Line    int
	File    string
}

// CodeAt returns the actor's code on date (YYYYMMDD; 0 = unknown, which
// takes the default). "" means the actor has no code on that date.
func (a *Actor) CodeAt(date int) string {
	if date > 0 {
		for _, d := range a.Dated {
			if (d.From == 0 || date >= d.From) && (d.To == 0 || date <= d.To) {
				return d.Code
			}
		}
	}
	if a.Default == "" && date == 0 && len(a.Dated) > 0 {
		return a.Dated[len(a.Dated)-1].Code
	}
	return a.Default
}

type phrase struct {
	words []string
	actor *Actor
	agent *Agent
}

// phraseIndex finds the longest dictionary phrase starting at a word.
type phraseIndex map[string][]*phrase

func (ix phraseIndex) add(p *phrase) {
	if len(p.words) == 0 {
		return
	}
	ix[p.words[0]] = append(ix[p.words[0]], p)
}

func (ix phraseIndex) finish() {
	for _, ps := range ix {
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].words) > len(ps[j].words) })
	}
}

// match returns the longest phrase that begins at words[i], or nil.
func (ix phraseIndex) match(words []string, i int) *phrase {
	for _, p := range ix[words[i]] {
		if i+len(p.words) > len(words) {
			continue
		}
		ok := true
		for k := 1; k < len(p.words); k++ {
			if words[i+k] != p.words[k] {
				ok = false
				break
			}
		}
		if ok {
			return p
		}
	}
	return nil
}

// ActorDict maps phrases to actors.
type ActorDict struct {
	Entries []*Actor
	index   phraseIndex
}

// NewActorDict returns an empty actor dictionary.
func NewActorDict() *ActorDict { return &ActorDict{index: phraseIndex{}} }

func (d *ActorDict) finish() { d.index.finish() }

// Len is the number of phrases.
func (d *ActorDict) Len() int {
	n := 0
	for _, ps := range d.index {
		n += len(ps)
	}
	return n
}

// Match returns the actor whose phrase is longest at words[i] and its
// length in words.
func (d *ActorDict) Match(words []string, i int) (*Actor, int) {
	if p := d.index.match(words, i); p != nil {
		return p.actor, len(p.words)
	}
	return nil, 0
}

// parseCodeBlock reads "HOBGOV 19950601 - 19990815", "HOB < 950601",
// "HOBREB >990816" or "ARN".
func parseCodeBlock(s string) (code string, dc DatedCode, dated bool, err error) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return "", dc, false, nil
	}
	rest := ""
	if c := f[0]; strings.ContainsAny(c[:1], "<>0123456789") && len(c) >= 6 && !strings.ContainsAny(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		// a restriction with no code: "[ >030101]"
		rest = strings.Join(f, "")
	} else {
		code = strings.ToUpper(f[0])
		rest = strings.Join(f[1:], "")
	}
	if rest == "" {
		return code, dc, false, nil
	}
	dc.Code = code
	switch {
	case rest[0] == '<':
		dc.To, err = parseDate(rest[1:])
		if err == nil {
			dc.To-- // "< D" is strictly before D
		}
	case rest[0] == '>':
		dc.From, err = parseDate(rest[1:])
	default:
		a, b, ok := strings.Cut(rest, "-")
		if !ok {
			return "", dc, false, fmt.Errorf("bad date restriction %q", rest)
		}
		if dc.From, err = parseDate(a); err == nil {
			dc.To, err = parseDate(b)
		}
		if err == nil && dc.To < dc.From {
			dc.From, dc.To = dc.To, dc.From
		}
	}
	return code, dc, err == nil, err
}

func (d *ActorDict) load(file string, lines []line) []error {
	var errs []error
	var cur *Actor
	bad := func(l line, f string, a ...any) {
		errs = append(errs, &LineError{File: file, Line: l.n, Msg: fmt.Sprintf(f, a...)})
	}
	warn := func(l line, f string, a ...any) {
		errs = append(errs, &LineError{File: file, Line: l.n, Msg: fmt.Sprintf(f, a...), Warn: true})
	}
	addPhrase := func(a *Actor, s string) {
		s = strings.TrimSpace(s)
		if s == "" {
			return
		}
		a.Phrases = append(a.Phrases, s)
		d.index.add(&phrase{words: phraseWords(s), actor: a})
	}
	addCodes := func(l line, a *Actor, rest string) {
		for rest != "" {
			_, code, after, ok, err := splitCode(rest)
			if err != nil {
				bad(l, "%v", err)
				return
			}
			if !ok {
				if strings.TrimSpace(rest) != "" {
					warn(l, "ignored text %q after code", rest)
				}
				return
			}
			c, dc, dated, err := parseCodeBlock(code)
			switch {
			case err != nil:
				warn(l, "restriction skipped: %v", err)
			case dated:
				a.Dated = append(a.Dated, dc)
			case c != "":
				a.Default = c
			}
			rest = after
		}
	}
	for _, l := range lines {
		t := l.text
		switch {
		case strings.HasPrefix(t, "["):
			if cur == nil {
				bad(l, "code block before any actor")
				continue
			}
			addCodes(l, cur, t)
		case strings.HasPrefix(t, "+"):
			if cur == nil {
				bad(l, "synonym before any actor")
				continue
			}
			before, _, _, ok, err := splitCode(t[1:])
			if err != nil {
				bad(l, "%v", err)
				continue
			}
			addPhrase(cur, before)
			if ok {
				addCodes(l, cur, t[1+strings.IndexByte(t[1:], '['):])
			}
		default:
			cur = &Actor{Line: l.n, File: file}
			d.Entries = append(d.Entries, cur)
			before, _, _, ok, err := splitCode(t)
			if err != nil {
				bad(l, "%v", err)
				continue
			}
			if strings.ContainsAny(before, "{}") {
				before = strings.NewReplacer("{", " ", "}", " ").Replace(before)
			}
			addPhrase(cur, before)
			if ok {
				addCodes(l, cur, t[strings.IndexByte(t, '['):])
			}
		}
	}
	return errs
}
