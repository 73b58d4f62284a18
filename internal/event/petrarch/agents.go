package petrarch

import (
	"fmt"
	"strings"
)

// Agent is a generic role ("PRESIDENT" → ~GOV) that composes with the
// nearest actor: a suffix agent (~GOV) follows the actor's code, a prefix
// agent (NGO~) precedes it.
type Agent struct {
	Phrase string
	Code   string
	Prefix bool
	Line   int
}

// AgentDict maps phrases (with generated plurals) to agents.
type AgentDict struct {
	Entries []*Agent
	index   phraseIndex
}

// NewAgentDict returns an empty agent dictionary.
func NewAgentDict() *AgentDict { return &AgentDict{index: phraseIndex{}} }

func (d *AgentDict) finish() { d.index.finish() }

// Match returns the longest agent phrase at words[i] and its length.
func (d *AgentDict) Match(words []string, i int) (*Agent, int) {
	if p := d.index.match(words, i); p != nil {
		return p.agent, len(p.words)
	}
	return nil, 0
}

// plural makes the regular English plural of an upper-case word.
func plural(w string) string {
	switch {
	case w == "":
		return w
	case strings.HasSuffix(w, "MAN"):
		return w[:len(w)-3] + "MEN"
	case strings.HasSuffix(w, "Y") && len(w) > 1 && !strings.ContainsAny(w[len(w)-2:len(w)-1], "AEIOU"):
		return w[:len(w)-1] + "IES"
	case strings.HasSuffix(w, "S"), strings.HasSuffix(w, "X"), strings.HasSuffix(w, "Z"),
		strings.HasSuffix(w, "CH"), strings.HasSuffix(w, "SH"):
		return w + "ES"
	}
	return w + "S"
}

func (d *AgentDict) load(file string, lines []line) []error {
	var errs []error
	subs := map[string][]string{}
	bad := func(l line, f string, a ...any) {
		errs = append(errs, &LineError{File: file, Line: l.n, Msg: fmt.Sprintf(f, a...)})
	}
	for _, l := range lines {
		t := l.text
		if strings.HasPrefix(t, "!") && strings.Contains(t, "=") && !strings.Contains(t, "[") {
			name, vals, _ := strings.Cut(t, "=")
			name = strings.ToUpper(strings.TrimSpace(name))
			if len(name) < 3 || !strings.HasSuffix(name, "!") {
				bad(l, "bad substitution set name %q", name)
				continue
			}
			for _, v := range strings.Split(vals, ",") {
				if v = strings.ToUpper(strings.TrimSpace(v)); v != "" {
					subs[name] = append(subs[name], v)
				}
			}
			continue
		}
		before, code, _, ok, err := splitCode(t)
		if err != nil {
			bad(l, "%v", err)
			continue
		}
		if !ok {
			errs = append(errs, &LineError{File: file, Line: l.n, Msg: "agent without a [~CODE] skipped", Warn: true})
			continue
		}
		code = strings.ToUpper(strings.TrimSpace(code))
		ag := &Agent{Line: l.n}
		switch {
		case strings.HasPrefix(code, "~"):
			ag.Code = code[1:]
		case strings.HasSuffix(code, "~"):
			ag.Code, ag.Prefix = code[:len(code)-1], true
		default:
			bad(l, "agent code %q has no '~'", code)
			continue
		}
		ag.Code = strings.TrimSpace(ag.Code)
		// Phrase and optional {plurals}.
		phr, plur := before, ""
		autoPlural := true
		if i := strings.IndexByte(before, '{'); i >= 0 {
			j := strings.IndexByte(before, '}')
			if j < i {
				bad(l, "unclosed '{'")
				continue
			}
			phr, plur = strings.TrimSpace(before[:i]), before[i+1:j]
			autoPlural = false
		}
		phr = strings.ToUpper(strings.TrimSpace(phr))
		if phr == "" {
			bad(l, "agent without a phrase")
			continue
		}
		ag.Phrase = phr
		d.Entries = append(d.Entries, ag)
		forms := expandSubs(phr, subs)
		if len(forms) == 0 {
			bad(l, "unknown substitution set in %q", phr)
			continue
		}
		for _, f := range forms {
			w := phraseWords(f)
			d.index.add(&phrase{words: w, agent: ag})
			if autoPlural && len(w) > 0 && !strings.Contains(phr, "!") {
				p := append(append([]string(nil), w[:len(w)-1]...), plural(w[len(w)-1]))
				d.index.add(&phrase{words: p, agent: ag})
			}
		}
		for _, p := range strings.Fields(plur) {
			d.index.add(&phrase{words: phraseWords(p), agent: ag})
		}
	}
	return errs
}

// expandSubs replaces each !SET! in s with every member of the set.
func expandSubs(s string, subs map[string][]string) []string {
	i := strings.IndexByte(s, '!')
	if i < 0 {
		return []string{s}
	}
	j := strings.IndexByte(s[i+1:], '!')
	if j < 0 {
		return nil
	}
	name := s[i : i+j+2]
	vals, ok := subs[name]
	if !ok {
		return nil
	}
	var out []string
	for _, v := range vals {
		out = append(out, expandSubs(s[:i]+v+s[i+j+2:], subs)...)
		if len(out) > 1000 {
			break
		}
	}
	return out
}
