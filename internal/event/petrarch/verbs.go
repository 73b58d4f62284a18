package petrarch

import (
	"fmt"
	"sort"
	"strings"
)

// ElemKind is what one pattern element matches.
type ElemKind uint8

// Pattern element kinds.
const (
	EWord     ElemKind = iota // a literal word
	ESynset                   // &NAME: any entry of the synset
	ESource                   // $: the source actor
	ETarget                   // +: the target actor
	ECompound                 // %: a compound actor (both ends of the event)
	ESkip                     // ^: skip one noun phrase
	ENPOpen                   // { (PETRARCH-2 noun phrase)
	ENPClose                  // }
	EPPOpen                   // ( (PETRARCH-2 prepositional phrase)
	EPPClose                  // )
)

// Elem is one pattern element. Adj means the next element (away from the
// verb) must follow immediately: TABARI's '_' connector.
type Elem struct {
	Kind ElemKind
	Text string
	Adj  bool
}

// Pattern is one "- UPPER * LOWER [CODE]" line. Upper is stored nearest
// the verb first, the order it is matched in.
type Pattern struct {
	Upper    []Elem
	Lower    []Elem
	Code     string
	VerbAdjU bool // '_' between the upper part and '*'
	VerbAdjL bool // '_' between '*' and the lower part
	Text     string
	ID       string // file:line
}

// VerbBlock is a "--- NAME [CODE] ---" block: synonymous verbs sharing
// patterns and a default code.
type VerbBlock struct {
	Name     string
	Code     string
	Patterns []*Pattern
	ID       string
}

// VerbForm is one inflected form of a (possibly multi-word) verb: Pre and
// Post are the words that must come right before and after it.
type VerbForm struct {
	Pre, Post []string
	Code      string // the line's own code, else the block's
	Block     *VerbBlock
	Base      string
}

// Transform is a PETRARCH-2 "~ a (a b ATTACK) SAY = a b 015" rule, kept
// as written.
type Transform struct {
	Text string
	ID   string
}

// VerbDict holds verb blocks, synsets and inflected forms.
type VerbDict struct {
	Blocks     []*VerbBlock
	Synsets    map[string][][]string // name (no '&') → entries, each a word list that may hold &refs
	Forms      map[string][]*VerbForm
	Transforms []Transform
	expanded   map[string][][]string
}

// NewVerbDict returns an empty verb dictionary.
func NewVerbDict() *VerbDict {
	return &VerbDict{Synsets: map[string][][]string{}, Forms: map[string][]*VerbForm{}}
}

// Lookup returns the verb forms whose main word is w (upper case).
func (d *VerbDict) Lookup(w string) []*VerbForm { return d.Forms[w] }

// verbInflections makes the regular forms of an upper-case verb.
func verbInflections(w string) []string {
	if w == "" {
		return nil
	}
	var s, ed, ing string
	vowel := func(c byte) bool { return strings.IndexByte("AEIOU", c) >= 0 }
	n := len(w)
	switch {
	case strings.HasSuffix(w, "Y") && n > 1 && !vowel(w[n-2]):
		s, ed, ing = w[:n-1]+"IES", w[:n-1]+"IED", w+"ING"
	case strings.HasSuffix(w, "EE"):
		s, ed, ing = w+"S", w+"D", w+"ING"
	case strings.HasSuffix(w, "E"):
		s, ed, ing = w+"S", w+"D", w[:n-1]+"ING"
	case strings.HasSuffix(w, "S"), strings.HasSuffix(w, "X"), strings.HasSuffix(w, "Z"),
		strings.HasSuffix(w, "CH"), strings.HasSuffix(w, "SH"):
		s, ed, ing = w+"ES", w+"ED", w+"ING"
	default:
		s, ed, ing = w+"S", w+"ED", w+"ING"
	}
	return []string{w, s, ed, ing}
}

// splitVerbPhrase reads "WIRE_+TAP", "+BREAK_DOWN" or "LASH OUT": the
// words before the verb, the verb, the words after.
func splitVerbPhrase(s string) (pre []string, verb string, post []string) {
	ws := strings.FieldsFunc(strings.ToUpper(s), func(r rune) bool { return r == '_' || r == ' ' || r == '\t' })
	vi := -1
	for i, w := range ws {
		if strings.HasPrefix(w, "+") {
			ws[i] = strings.TrimLeft(w, "+")
			if vi < 0 {
				vi = i
			}
		}
	}
	if vi < 0 {
		vi = 0
	}
	if len(ws) == 0 {
		return nil, "", nil
	}
	return ws[:vi], ws[vi], ws[vi+1:]
}

func (d *VerbDict) addForm(pre []string, verb string, post []string, code string, b *VerbBlock, base string) {
	if verb == "" {
		return
	}
	for _, f := range d.Forms[verb] {
		if f.Block == b && eqWords(f.Pre, pre) && eqWords(f.Post, post) {
			return
		}
	}
	d.Forms[verb] = append(d.Forms[verb], &VerbForm{Pre: pre, Post: post, Code: code, Block: b, Base: base})
}

func eqWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func (d *VerbDict) load(file string, lines []line) []error {
	var errs []error
	bad := func(l line, f string, a ...any) {
		errs = append(errs, &LineError{File: file, Line: l.n, Msg: fmt.Sprintf(f, a...)})
	}
	var blk *VerbBlock
	var syn string // current synset name while reading '+' entries
	for _, l := range lines {
		t := l.text
		switch {
		case strings.HasPrefix(t, "---"):
			syn = ""
			body := strings.TrimSpace(strings.Trim(t, "-"))
			name, code, rest, ok, err := splitCode(body)
			if err != nil {
				bad(l, "%v", err)
				blk = nil
				continue
			}
			if !ok {
				bad(l, "verb block without [CODE]")
				name = body
			}
			_ = rest
			blk = &VerbBlock{Name: strings.ToUpper(strings.TrimRight(strings.TrimSpace(name), "_")), Code: strings.TrimSpace(code), ID: fmt.Sprintf("%s:%d", baseName(file), l.n)}
			d.Blocks = append(d.Blocks, blk)
		case strings.HasPrefix(t, "&"):
			name := strings.ToUpper(strings.TrimRight(strings.Fields(t)[0][1:], "_"))
			if name == "" {
				bad(l, "synset without a name")
				continue
			}
			syn = name
			if _, ok := d.Synsets[name]; !ok {
				d.Synsets[name] = nil
			}
			blk = nil
		case strings.HasPrefix(t, "~"):
			d.Transforms = append(d.Transforms, Transform{Text: t, ID: fmt.Sprintf("%s:%d", baseName(file), l.n)})
		case strings.HasPrefix(t, "- ") || t == "-":
			syn = ""
			if blk == nil {
				bad(l, "pattern outside a verb block")
				continue
			}
			p, err := parsePattern(t[1:])
			if err != nil {
				bad(l, "%v", err)
				continue
			}
			p.ID = fmt.Sprintf("%s:%d", baseName(file), l.n)
			blk.Patterns = append(blk.Patterns, p)
		case strings.HasPrefix(t, "+") && syn != "":
			ws := phraseWords(strings.TrimLeft(t, "+"))
			if len(ws) == 0 {
				bad(l, "empty synset entry")
				continue
			}
			d.Synsets[syn] = append(d.Synsets[syn], ws)
		default:
			syn = ""
			if blk == nil {
				bad(l, "verb outside a verb block: %q", t)
				continue
			}
			before, code, _, _, err := splitCode(t)
			if err != nil {
				bad(l, "%v", err)
				continue
			}
			if code == "" {
				code = blk.Code
			}
			main, forms := before, ""
			if i := strings.IndexByte(before, '{'); i >= 0 {
				j := strings.IndexByte(before, '}')
				if j < i {
					bad(l, "unclosed '{'")
					continue
				}
				main, forms = before[:i], before[i+1:j]
			}
			pre, verb, post := splitVerbPhrase(strings.TrimSpace(main))
			if verb == "" {
				bad(l, "verb line without a verb")
				continue
			}
			for _, f := range verbInflections(verb) {
				d.addForm(pre, f, post, code, blk, verb)
			}
			for _, f := range strings.Fields(forms) {
				p2, v2, q2 := splitVerbPhrase(f)
				d.addForm(p2, v2, q2, code, blk, verb)
			}
		}
	}
	return errs
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, "/\\"); i >= 0 {
		return p[i+1:]
	}
	return p
}

// parsePattern reads the text after "- ": elements, '*', and [CODE].
func parsePattern(s string) (*Pattern, error) {
	before, code, _, ok, err := splitCode(s)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("pattern without [CODE]: %q", strings.TrimSpace(s))
	}
	p := &Pattern{Code: strings.TrimSpace(code), Text: strings.TrimSpace(s)}
	var elems []Elem
	star := -1
	adjStarL := false
	adjStarU := false
	// Put spaces around grouping marks so "{A B}" and "(IN X)" split.
	before = strings.NewReplacer("{", " { ", "}", " } ", "(", " ( ", ")", " ) ").Replace(before)
	for _, tok := range strings.Fields(before) {
		if len(tok) > 1 && tok[0] == '*' && tok[1] != '_' {
			// "*SCEPTICAL" (a missing space) occurs in CAMEO.2.0.txt.
			tok = "*_" + tok[1:]
		}
		parts := strings.Split(tok, "_")
		for k, w := range parts {
			adj := k < len(parts)-1
			if w == "" {
				// "IN_ *" or a trailing "_": the connector binds to the next token.
				if len(elems) > 0 {
					elems[len(elems)-1].Adj = true
				} else if star >= 0 {
					adjStarL = true
				}
				continue
			}
			w = strings.ToUpper(w)
			if w == "*" {
				if star >= 0 {
					return nil, fmt.Errorf("pattern with two '*': %q", p.Text)
				}
				star = len(elems)
				if len(elems) > 0 && elems[len(elems)-1].Adj {
					adjStarU = true
					elems[len(elems)-1].Adj = false
				}
				if adj {
					adjStarL = true
				}
				continue
			}
			e := Elem{Text: w, Adj: adj}
			switch {
			case w == "+": // TABARI: '+' marks the target, '$' the source
				e.Kind = ETarget
			case w == "$":
				e.Kind = ESource
			case w == "%":
				e.Kind = ECompound
			case w == "^":
				e.Kind = ESkip
			case w == "{":
				e.Kind = ENPOpen
			case w == "}":
				e.Kind = ENPClose
			case w == "(":
				e.Kind = EPPOpen
			case w == ")":
				e.Kind = EPPClose
			case strings.HasPrefix(w, "&") && len(w) > 1:
				e.Kind, e.Text = ESynset, w[1:]
			default:
				e.Kind = EWord
			}
			elems = append(elems, e)
		}
	}
	if star < 0 {
		return nil, fmt.Errorf("pattern without '*': %q", p.Text)
	}
	up := elems[:star]
	for i := len(up) - 1; i >= 0; i-- {
		// Reverse; adjacency moves to the element nearer the verb.
		e := up[i]
		e.Adj = false
		if i > 0 {
			e.Adj = up[i-1].Adj
		}
		p.Upper = append(p.Upper, e)
	}
	p.Lower = append(p.Lower, elems[star:]...)
	p.VerbAdjU, p.VerbAdjL = adjStarU, adjStarL
	return p, nil
}

// finish expands synsets (nested references included; a cycle stops at
// the set already being expanded) and orders each block's patterns.
func (d *VerbDict) finish() {
	d.expanded = map[string][][]string{}
	names := make([]string, 0, len(d.Synsets))
	for n := range d.Synsets {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		d.expand(n, map[string]bool{})
	}
}

// Synset returns the entries of a synset with nested references expanded.
func (d *VerbDict) Synset(name string) [][]string { return d.expanded[name] }

func (d *VerbDict) expand(name string, busy map[string]bool) [][]string {
	if e, ok := d.expanded[name]; ok {
		return e
	}
	if busy[name] {
		return nil // cycle: the set contributes nothing more to itself
	}
	busy[name] = true
	var out [][]string
	for _, ent := range d.Synsets[name] {
		alts := [][]string{nil}
		for _, w := range ent {
			if strings.HasPrefix(w, "&") && len(w) > 1 {
				sub := d.expand(w[1:], busy)
				var next [][]string
				for _, a := range alts {
					for _, s := range sub {
						next = append(next, append(append([]string(nil), a...), s...))
						if len(next) > 10000 {
							break
						}
					}
				}
				alts = next
				continue
			}
			for i := range alts {
				alts[i] = append(alts[i], w)
			}
		}
		out = append(out, alts...)
	}
	delete(busy, name)
	d.expanded[name] = out
	return out
}
