package event

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/internal/event/cameo"
)

// cond is a lemma condition: a word, a set, or any word at all.
type cond struct {
	words map[string]bool
	any   bool
	// none (written "-") requires the slot to be empty: "obj=-" keeps
	// "protesters demonstrated" apart from "the data demonstrates a trend".
	none bool
}

func (c *cond) ok(lemma string) bool {
	if c == nil {
		return true
	}
	return c.any || c.words[lemma]
}

// Entry is one line of the project's verb dictionary (data/cameo/verbs.txt).
type Entry struct {
	Code     string
	Lemma    string // trigger head lemma
	Particle string // "down" in crack_down
	Noun     bool
	Pre      []string // words before the noun head (n:hunger_strike → hunger)
	Obj      *cond
	Prep     string
	PrepArg  *cond
	Xcomp    *cond
	Tgt      string
	ID       string
	nconds   int
	order    int
}

// Dict is the verb dictionary: entries by trigger lemma, most specific first.
type Dict struct {
	Entries []*Entry
	byLemma map[string][]*Entry
	sets    map[string]map[string]bool
	Hash    string
}

// LoadDict reads verb dictionary files from fsys (in the given order);
// syntax errors come back with file:line and the rest loads.
func LoadDict(fsys fs.FS, names ...string) (*Dict, []error) {
	d := &Dict{byLemma: map[string][]*Entry{}, sets: map[string]map[string]bool{}}
	h := sha256.New()
	var errs []error
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		h.Write([]byte(n))
		h.Write(b)
		errs = append(errs, d.load(n, strings.NewReader(string(b)))...)
	}
	for _, es := range d.byLemma {
		sort.SliceStable(es, func(i, j int) bool {
			if es[i].nconds != es[j].nconds {
				return es[i].nconds > es[j].nconds
			}
			return es[i].order < es[j].order
		})
	}
	d.Hash = "sha256:" + hex.EncodeToString(h.Sum(nil))[:16]
	return d, errs
}

func (d *Dict) load(name string, r io.Reader) []error {
	var errs []error
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	n := 0
	var pending []struct {
		n int
		f []string
	}
	bad := func(line int, f string, a ...any) {
		errs = append(errs, fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(f, a...)))
	}
	for sc.Scan() {
		n++
		t := sc.Text()
		if i := strings.IndexByte(t, '#'); i >= 0 {
			t = t[:i]
		}
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if strings.HasPrefix(t, "&") {
			nm, vals, ok := strings.Cut(t, "=")
			nm = strings.TrimSpace(nm[1:])
			if !ok || nm == "" {
				bad(n, "word set needs &NAME = words")
				continue
			}
			m := map[string]bool{}
			if strings.ContainsAny(vals, "=&") {
				// Two set lines run together ("levies&SANCTION = ..."): one
				// error for the line, the words before the junk still load.
				bad(n, "word set %s: '=' or '&' among its words", nm)
				vals = vals[:strings.IndexAny(vals, "=&")]
			}
			for _, w := range strings.Fields(strings.ToLower(vals)) {
				m[w] = true
			}
			d.sets[strings.ToUpper(nm)] = m
			continue
		}
		pending = append(pending, struct {
			n int
			f []string
		}{n, strings.Fields(t)})
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s:%d: %v", name, n+1, err))
	}
	// Entries after sets, so a set may be defined below its first use.
	for _, p := range pending {
		e, err := d.parseEntry(p.f)
		if err != nil {
			bad(p.n, "%v", err)
			continue
		}
		e.ID = fmt.Sprintf("%s:%d", name, p.n)
		e.order = len(d.Entries)
		d.Entries = append(d.Entries, e)
		d.byLemma[e.Lemma] = append(d.byLemma[e.Lemma], e)
	}
	return errs
}

func (d *Dict) cond(s string) (*cond, error) {
	if s == "-" {
		return &cond{none: true}, nil
	}
	if strings.HasPrefix(s, "&") {
		nm := strings.ToUpper(s[1:])
		if nm == "ANY" {
			return &cond{any: true}, nil
		}
		m, ok := d.sets[nm]
		if !ok {
			return nil, fmt.Errorf("unknown word set %s", s)
		}
		return &cond{words: m}, nil
	}
	if s == "" {
		return nil, fmt.Errorf("empty condition")
	}
	return &cond{words: map[string]bool{strings.ToLower(s): true}}, nil
}

func (d *Dict) parseEntry(f []string) (*Entry, error) {
	if len(f) < 2 {
		return nil, fmt.Errorf("entry needs CODE TRIGGER")
	}
	e := &Entry{Code: f[0]}
	for _, c := range strings.SplitN(e.Code, ":", 2) {
		if _, ok := cameo.Lookup(c); !ok || strings.Trim(c, "0123456789") != "" {
			return nil, fmt.Errorf("unknown CAMEO code %q", c)
		}
	}
	trig := strings.ToLower(f[1])
	if strings.HasPrefix(trig, "n:") {
		e.Noun = true
		ws := strings.Split(trig[2:], "_")
		e.Lemma, e.Pre = ws[len(ws)-1], ws[:len(ws)-1]
	} else {
		ws := strings.Split(trig, "_")
		e.Lemma = ws[0]
		if len(ws) > 1 {
			e.Particle = ws[1]
		}
	}
	if e.Lemma == "" {
		return nil, fmt.Errorf("empty trigger")
	}
	for _, c := range f[2:] {
		k, v, ok := strings.Cut(c, "=")
		if !ok {
			return nil, fmt.Errorf("condition %q needs KEY=VALUE", c)
		}
		var err error
		switch k {
		case "obj":
			e.Obj, err = d.cond(v)
		case "xcomp":
			e.Xcomp, err = d.cond(v)
		case "prep":
			p, arg, has := strings.Cut(v, ":")
			e.Prep = strings.ToLower(p)
			if has {
				e.PrepArg, err = d.cond(arg)
			}
		case "tgt":
			e.Tgt = strings.ToLower(v)
			e.nconds--
		default:
			return nil, fmt.Errorf("unknown condition %q", k)
		}
		if err != nil {
			return nil, err
		}
		e.nconds++
	}
	return e, nil
}

// inSet reports whether lemma is in the dictionary's word set name.
func (d *Dict) inSet(name, lemma string) bool {
	return d != nil && d.sets[name][lemma]
}
