// Package actor codes noun phrases as CAMEO actors (country + role, or a
// full code from a dictionary of people and organisations), from the
// project's own dictionaries in data/actors or a user's files in the same
// format. It is a library, not a stage: the entity linker and the event
// coder both use it.
package actor

import (
	"bufio"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/newsgraph/newsgraph/data/actors"
)

// Dict is a loaded set of actor dictionaries. Read-only after Load, safe for
// concurrent use.
type Dict struct {
	country  map[string]string // lower-case name or demonym → code
	capital  map[string]string // lower-case seat of government → code
	names    map[string]string // code → canonical country name
	roles    map[string]string // lower-case phrase → type
	orgs     map[string]string // exact name → code
	orgCanon map[string]string // exact name → canonical name
	people   map[string][]person
	maxWords int
	// Hash identifies the dictionary content, for provenance on events.
	Hash string
}

type person struct {
	code, from, to, canon string
}

var (
	defOnce sync.Once
	defDict *Dict
	defErr  error
)

// Default returns the embedded dictionaries, loaded once.
func Default() (*Dict, error) {
	defOnce.Do(func() { defDict, defErr = Load(actors.FS) })
	return defDict, defErr
}

// Load reads every known dictionary file in fsys (countries.tsv, roles.tsv,
// orgs.tsv, people.tsv; missing ones are skipped). A malformed line is an
// error naming the file and line.
func Load(fsys fs.FS) (*Dict, error) {
	d := &Dict{country: map[string]string{}, capital: map[string]string{}, names: map[string]string{},
		roles: map[string]string{}, orgs: map[string]string{}, orgCanon: map[string]string{}, people: map[string][]person{}}
	h := fnv64()
	for _, name := range []string{"countries.tsv", "roles.tsv", "orgs.tsv", "people.tsv"} {
		f, err := fsys.Open(name)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<16), 1<<20)
		line := 0
		for sc.Scan() {
			line++
			s := sc.Text()
			h.write(s)
			if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
				continue
			}
			cols := strings.Split(s, "\t")
			if err := d.add(name, cols); err != nil {
				f.Close()
				return nil, fmt.Errorf("%s:%d: %w", path.Base(name), line, err)
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	d.Hash = fmt.Sprintf("%016x", h.sum)
	return d, nil
}

func (d *Dict) add(file string, c []string) error {
	words := func(s string) {
		if n := len(strings.Fields(s)); n > d.maxWords {
			d.maxWords = n
		}
	}
	switch file {
	case "countries.tsv":
		if len(c) < 2 || len(c[0]) != 3 {
			return fmt.Errorf("want code and names, got %q", strings.Join(c, "\t"))
		}
		names := split(c[1])
		if len(names) == 0 {
			return fmt.Errorf("country %s has no name", c[0])
		}
		d.names[c[0]] = names[0]
		for _, n := range names {
			d.country[strings.ToLower(n)] = c[0]
			words(n)
		}
		if len(c) > 2 {
			for _, n := range split(c[2]) {
				d.country[strings.ToLower(n)] = c[0]
				words(n)
				if p := DemonymPlural(n); p != "" {
					if _, ok := d.country[strings.ToLower(p)]; !ok {
						d.country[strings.ToLower(p)] = c[0]
					}
				}
			}
		}
		if len(c) > 3 {
			for _, n := range split(c[3]) {
				d.capital[strings.ToLower(n)] = c[0]
				words(n)
			}
		}
	case "roles.tsv":
		if len(c) < 2 || len(c[1]) != 3 {
			return fmt.Errorf("want phrase and 3-letter type, got %q", strings.Join(c, "\t"))
		}
		d.roles[strings.ToLower(strings.TrimSpace(c[0]))] = c[1]
		words(c[0])
	case "orgs.tsv":
		if len(c) < 2 || len(c[0]) < 3 {
			return fmt.Errorf("want code and names, got %q", strings.Join(c, "\t"))
		}
		names := split(c[1])
		for _, n := range names {
			d.orgs[n] = c[0]
			d.orgCanon[n] = names[0]
			words(n)
		}
	case "people.tsv":
		if len(c) < 4 || len(c[0]) < 3 {
			return fmt.Errorf("want code, from, to, names, got %q", strings.Join(c, "\t"))
		}
		for _, dt := range c[1:3] {
			if dt != "" && !isDate(dt) {
				return fmt.Errorf("bad date %q", dt)
			}
		}
		names := split(c[3])
		if len(names) == 0 {
			return fmt.Errorf("person without a name")
		}
		for _, n := range names {
			d.people[n] = append(d.people[n], person{code: c[0], from: c[1], to: c[2], canon: names[0]})
			words(n)
		}
	}
	return nil
}

// DemonymPlural is the plural of a demonym that names the people
// ("Kenyan" → "Kenyans", "Israeli" → "Israelis"), or "" for one whose
// plural is itself ("Chinese", "Swiss", "French", "British").
func DemonymPlural(d string) string {
	l := strings.ToLower(d)
	for _, suf := range []string{"ese", "ss", "sh", "ch", "s", "x", "z"} {
		if strings.HasSuffix(l, suf) {
			return ""
		}
	}
	if strings.Contains(d, " ") || len(d) < 3 {
		return ""
	}
	return d + "s"
}

func split(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func isDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range s {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// Result is a coded phrase. Code is country + type ("CHNGOV"), a full code
// from the dictionaries ("IGOIMF"), a bare country ("CHN") or a bare type.
type Result struct {
	Code    string `json:"code"`
	Country string `json:"country,omitempty"`
	Type    string `json:"type,omitempty"`
	// From and To are the word indexes [From, To) of the evidence.
	From, To int
	// Source says which dictionary decided: person, org, country, capital, role.
	Source string `json:"source"`
	// Canonical is the dictionary's canonical name when a person or org matched.
	Canonical string `json:"canonical,omitempty"`
}

type match struct {
	from, to int
	kind     string // person, org, country, capital, role
	code     string
	canon    string
}

// Code codes a phrase given as words (possessive endings may be attached or
// separate tokens). date (YYYY-MM-DD, may be empty) selects dated entries.
// ok is false when nothing in the phrase is known.
func (d *Dict) Code(ws []string, date string) (Result, bool) {
	clean := make([]string, len(ws))
	for i, w := range ws {
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		if w == "'s" || w == "’s" || w == "'" {
			w = ""
		}
		clean[i] = w
	}
	var ms []match
	for i := 0; i < len(clean); i++ {
		if clean[i] == "" {
			continue
		}
		for j := min(len(clean), i+d.maxWords); j > i; j-- {
			phrase := strings.Join(clean[i:j], " ")
			if m, ok := d.lookup(phrase, date); ok {
				if m.kind != "role" && (PlaceName(clean, i, j) || EventName(clean, i, j)) {
					// "Indian Ocean", "Sea of Japan", "Amazon River": a
					// place, not the country or the company; "Asian
					// Games": an event.
					i = j - 1
					break
				}
				m.from, m.to = i, j
				ms = append(ms, m)
				i = j - 1
				break
			}
		}
	}
	if len(ms) == 0 {
		return Result{}, false
	}
	// A person or organisation decides alone: the last one, the head.
	for k := len(ms) - 1; k >= 0; k-- {
		if m := ms[k]; m.kind == "person" || m.kind == "org" {
			r := Result{Code: m.code, From: m.from, To: m.to, Source: m.kind, Canonical: m.canon}
			if len(m.code) >= 6 && d.names[m.code[:3]] != "" {
				r.Country, r.Type = m.code[:3], m.code[3:6]
			}
			return r, true
		}
	}
	var r Result
	r.From, r.To = len(clean), 0
	for _, m := range ms {
		switch m.kind {
		case "country":
			if r.Country == "" {
				r.Country = m.code
				r.From, r.To = min(r.From, m.from), max(r.To, m.to)
			}
		case "capital":
			if r.Country == "" {
				r.Country = m.code
				r.From, r.To = min(r.From, m.from), max(r.To, m.to)
				if len(ms) == 1 {
					r.Type = "GOV" // the seat of government stands for it
				}
			}
		case "role":
			r.Type = m.code // the last role word is the head
			r.From, r.To = min(r.From, m.from), max(r.To, m.to)
		}
	}
	r.Code = r.Country + r.Type
	switch {
	case r.Country != "" && r.Type != "":
		r.Source = "country+role"
	case r.Country != "":
		r.Source = "country"
	default:
		r.Source = "role"
	}
	return r, r.Code != ""
}

func (d *Dict) lookup(phrase, date string) (match, bool) {
	if ps := d.people[phrase]; len(ps) > 0 {
		if p, ok := pick(ps, date); ok {
			return match{kind: "person", code: p.code, canon: p.canon}, true
		}
	}
	if c, ok := d.orgs[phrase]; ok {
		return match{kind: "org", code: c, canon: d.orgCanon[phrase]}, true
	}
	low := strings.ToLower(phrase)
	if c, ok := d.country[low]; ok && (phrase != low || len(phrase) > 3) {
		return match{kind: "country", code: c}, true
	}
	if c, ok := d.capital[low]; ok && phrase != low {
		return match{kind: "capital", code: c}, true
	}
	if t, ok := d.roles[low]; ok {
		return match{kind: "role", code: t}, true
	}
	return match{}, false
}

// pick returns the entry valid at date, else the latest one.
func pick(ps []person, date string) (person, bool) {
	if date != "" {
		for _, p := range ps {
			if (p.from == "" || p.from <= date) && (p.to == "" || date < p.to) {
				return p, true
			}
		}
	}
	best := ps[0]
	for _, p := range ps[1:] {
		if p.from > best.from {
			best = p
		}
	}
	return best, date == ""
}

// CountryName returns the canonical name of a country code.
func (d *Dict) CountryName(code string) string { return d.names[code] }

// IsCountry reports whether s names a country (or region) or is its demonym.
func (d *Dict) IsCountry(s string) (string, bool) {
	c, ok := d.country[strings.ToLower(s)]
	return c, ok
}

// Capital reports whether s is a seat of government standing for a country.
func (d *Dict) Capital(s string) (string, bool) {
	c, ok := d.capital[strings.ToLower(s)]
	return c, ok
}

// Role returns the actor type of a role word or phrase.
func (d *Dict) Role(s string) (string, bool) {
	t, ok := d.roles[strings.ToLower(s)]
	return t, ok
}

// Aliases returns every name the dictionaries give the person or
// organisation called name, sorted, name included; nil when unknown.
func (d *Dict) Aliases(name string) []string {
	var canon string
	if ps := d.people[name]; len(ps) > 0 {
		canon = ps[0].canon
		var out []string
		for n, rows := range d.people {
			for _, p := range rows {
				if p.canon == canon {
					out = append(out, n)
					break
				}
			}
		}
		sort.Strings(out)
		return out
	}
	if c, ok := d.orgCanon[name]; ok {
		var out []string
		for n, cn := range d.orgCanon {
			if cn == c {
				out = append(out, n)
			}
		}
		sort.Strings(out)
		return out
	}
	return nil
}

type fnv struct{ sum uint64 }

func fnv64() *fnv { return &fnv{sum: 14695981039346656037} }

func (f *fnv) write(s string) {
	for i := 0; i < len(s); i++ {
		f.sum ^= uint64(s[i])
		f.sum *= 1099511628211
	}
	f.sum ^= '\n'
	f.sum *= 1099511628211
}
