// Package kb turns mentions into entities: it clusters the mentions of one
// person, organisation or place within a document ("Chinese President Xi
// Jinping", "Xi", "習近平"), mines aliases from parentheticals with their
// evidence ("Ministry of Foreign Affairs (MOFA)", "Cho Jung-tai (卓榮泰)"),
// checks romanisations, links Traditional and Simplified forms, resolves
// definite descriptions ("the ministry") to the nearest compatible entity,
// and gives each entity a CAMEO actor code with the words that decided it.
// Entity ids are stable across documents, so a store can grow one knowledge
// base as stories come in.
package kb

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"

	"github.com/newsgraph/newsgraph/internal/actor"
	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/pipeline"
	"github.com/newsgraph/newsgraph/internal/text"
)

// StageID is the stage's registry id.
const StageID = "kb.link.v1"

func init() {
	pipeline.Register(pipeline.Info{
		ID:       StageID,
		Requires: []string{doc.LayerMentions},
		Assigns:  []string{doc.LayerEntities},
		New:      func(pipeline.Env) (pipeline.Stage, error) { return New() },
	})
}

// Linker is the provisioned stage; safe for concurrent use.
type Linker struct {
	dict     *actor.Dict
	t2s, s2t *opencc.OpenCC
}

// New loads the actor dictionaries and the OpenCC tables.
func New() (*Linker, error) {
	d, err := actor.Default()
	if err != nil {
		return nil, fmt.Errorf("kb: actor dictionaries: %w", err)
	}
	t2s, err := opencc.New("t2s")
	if err != nil {
		return nil, fmt.Errorf("kb: opencc t2s: %w", err)
	}
	s2t, err := opencc.New("s2t")
	if err != nil {
		return nil, fmt.Errorf("kb: opencc s2t: %w", err)
	}
	return &Linker{dict: d, t2s: t2s, s2t: s2t}, nil
}

// ent is an entity being built.
type ent struct {
	kind     string
	mentions []int
	names    map[string]bool // lower-case names and aliases, for matching
	aliases  []doc.Alias
	canon    string
	dictName string // canonical name from the dictionaries, if any
	code     actor.Result
	codeEv   text.Span
	hasCode  bool
	coref    []doc.Coref
}

// Process links the mentions of d into d.Entities and sets Mention.Entity.
func (l *Linker) Process(_ context.Context, d *doc.Doc) error {
	date := ""
	if len(d.Meta.Published) >= 10 {
		date = d.Meta.Published[:10]
	}
	order := make([]int, len(d.Mentions))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return d.Mentions[order[a]].Start < d.Mentions[order[b]].Start })

	var ents []*ent
	owner := make([]int, len(d.Mentions))
	for i := range owner {
		owner[i] = -1
	}
	type claim struct {
		span text.Span
		e    int
	}
	var claims []claim // parentheticals that belong to an entity
	for _, mi := range order {
		m := d.Mentions[mi]
		if m.End > len(d.Text) || m.Start < 0 || m.Start >= m.End {
			continue
		}
		surface := d.Text[m.Start:m.End]
		e := -1
		for _, c := range claims {
			if c.span.Contains(m.Span) {
				e = c.e
				break
			}
		}
		if e < 0 {
			e = l.match(ents, m.Kind, surface)
		}
		if e < 0 {
			ents = append(ents, &ent{kind: m.Kind, names: map[string]bool{}})
			e = len(ents) - 1
		}
		en := ents[e]
		en.mentions = append(en.mentions, mi)
		owner[mi] = e
		key := norm(surface)
		en.names[key] = true
		if !hasHan(surface) && (len(surface) > len(en.canon) && (!allCaps(surface) || allCaps(en.canon)) ||
			allCaps(en.canon) && !allCaps(surface)) {
			// The longest name, but a dateline's "NAIROBI" gives way to "Nairobi".
			en.canon = stripPossessive(surface)
		}
		if al := l.dict.Aliases(surface); len(al) > 0 {
			for _, a := range al {
				en.names[norm(a)] = true
			}
		}
		if ps, ok := parenthetical(d.Text, m.End); ok && !holdsOtherKind(d, ps, m.Kind) {
			for _, a := range l.aliases(d.Text, surface, m.Kind, ps) {
				en.aliases = append(en.aliases, a)
				en.names[norm(a.Text)] = true
			}
			claims = append(claims, claim{ps, e})
		}
	}
	// Actor codes: the mention's own words plus the words just before it.
	for _, en := range ents {
		for _, mi := range en.mentions {
			m := d.Mentions[mi]
			ws, spans, first := contextWords(d.Text, m.Span)
			if m.Kind == doc.KindLOC || m.Kind == doc.KindGPE || m.Kind == doc.KindNORP || m.Kind == doc.KindMISC || actor.HasPlaceName(ws[first:]) {
				// A place (an ORG to the NER too: "Strait of Hormuz"), a
				// nationality or a miscellaneous name ("Central Asian") is
				// coded by its own name only, but for a word the NER cut
				// off that makes a longer name with it ("Central" +
				// "Asian" is CAS, not ASA).
				from := first
				if first > 0 {
					if r, ok := l.dict.Code(ws[first-1:], date); ok && r.Source == "country" && r.From == 0 && r.To >= 2 {
						from = first - 1
					}
				}
				ws, spans, first = ws[from:], spans[from:], 0
			}
			r, ok := l.dict.Code(ws, date)
			if !ok || r.To <= 0 {
				continue
			}
			if own, ok := l.dict.Code(ws[first:], date); ok && own.Country != "" && own.Country != r.Country {
				// The mention names its own country ("Central Asia" after
				// "China-"): a country in the words before it is someone
				// else's.
				own.From, own.To = own.From+first, own.To+first
				r = own
			}
			if (r.Source == "person" || r.Source == "org") && r.To <= first {
				continue // a name in the context words is someone else
			}
			if !en.hasCode || better(r, en.code) {
				en.code, en.hasCode = r, true
				en.codeEv = text.Span{Start: spans[r.From].Start, End: spans[r.To-1].End}
				if r.Canonical != "" && (r.Source == "person" || r.Source == "org") {
					en.dictName = r.Canonical
				}
			}
		}
	}
	l.corefer(d, ents)
	l.corefPlural(d, ents, owner)

	d.Entities = d.Entities[:0]
	for _, en := range ents {
		out := doc.Entity{Kind: en.kind, Name: en.canon, Mentions: en.mentions, Aliases: en.aliases, Coref: en.coref}
		if en.dictName != "" {
			out.Name = en.dictName
		}
		if out.Name == "" && len(en.mentions) > 0 {
			m := d.Mentions[en.mentions[0]]
			out.Name = d.Text[m.Start:m.End]
		}
		out.ID = StableID(en.kind, out.Name)
		if en.hasCode {
			out.ActorCode = en.code.Code
			out.Actor = &doc.Ref{Span: en.codeEv, Text: d.Text[en.codeEv.Start:en.codeEv.End]}
			out.Notes = append(out.Notes, "actor code from "+en.code.Source)
		}
		sort.Ints(out.Mentions)
		d.Entities = append(d.Entities, out)
	}
	for mi, e := range owner {
		d.Mentions[mi].Entity = e
	}
	return nil
}

// better prefers dictionary people and organisations, then country+role,
// then longer evidence.
func better(a, b actor.Result) bool {
	rank := func(r actor.Result) int {
		switch r.Source {
		case "person", "org":
			return 3
		case "country+role":
			return 2
		}
		return 1
	}
	if rank(a) != rank(b) {
		return rank(a) > rank(b)
	}
	return len(a.Code) > len(b.Code)
}

// match finds the entity a new mention belongs to, the most recent first.
func (l *Linker) match(ents []*ent, kind, surface string) int {
	key := norm(surface)
	words := strings.Fields(key)
	for i := len(ents) - 1; i >= 0; i-- {
		e := ents[i]
		if !compatible(e.kind, kind) {
			continue
		}
		if e.names[key] {
			return i
		}
		switch kind {
		case doc.KindPER:
			// "Xi" after "Xi Jinping", "Biden" after "Joe Biden", and the reverse.
			cw := strings.Fields(norm(e.canon))
			if len(words) == 1 && len(cw) > 1 && (words[0] == cw[0] || words[0] == cw[len(cw)-1]) {
				return i
			}
			if len(cw) == 1 && len(words) > 1 && (cw[0] == words[0] || cw[0] == words[len(words)-1]) {
				return i
			}
		case doc.KindORG:
			if isAcronym(surface) && acronymOf(e.canon, surface) {
				return i
			}
			if len(words) >= 2 && strings.HasSuffix(norm(e.canon), " "+key) {
				return i
			}
		}
	}
	return -1
}

func compatible(a, b string) bool {
	if a == b {
		return true
	}
	loc := func(k string) bool { return k == doc.KindLOC || k == doc.KindGPE }
	return loc(a) && loc(b)
}

// StableID derives an entity id from its kind and canonical name, so the
// same entity gets the same id in every document and every run.
func StableID(kind, name string) string {
	h := uint64(14695981039346656037)
	for _, b := range []byte(strings.ToLower(kind) + "\x00" + norm(name)) {
		h ^= uint64(b)
		h *= 1099511628211
	}
	return fmt.Sprintf("%s-%012x", strings.ToLower(kind), h&0xffffffffffff)
}

// norm folds case, possessives and a leading article for matching.
func norm(s string) string {
	s = stripPossessive(strings.TrimSpace(s))
	s = strings.ToLower(s)
	s = strings.TrimPrefix(s, "the ")
	s = strings.ReplaceAll(s, "’", "'")
	return strings.Join(strings.Fields(s), " ")
}

func stripPossessive(s string) string {
	for _, suf := range []string{"'s", "’s"} {
		s = strings.TrimSuffix(s, suf)
	}
	return s
}

// holdsOtherKind reports whether a parenthetical holds a mention of a kind
// the named thing cannot be: "NAIROBI (Reuters)" is a credit, not an alias.
func holdsOtherKind(d *doc.Doc, ps text.Span, kind string) bool {
	for _, m := range d.Mentions {
		if ps.Overlaps(m.Span) && !compatible(kind, m.Kind) && m.Kind != doc.KindMISC {
			return true
		}
	}
	return false
}

func allCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > 1
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func isAcronym(s string) bool {
	n := 0
	for _, r := range s {
		if !unicode.IsUpper(r) && r != '.' {
			return false
		}
		n++
	}
	return n >= 2 && n <= 10
}

// acronymOf reports whether acr abbreviates name, with or without the
// initials of its function words ("MOFA" and "MFA" for "Ministry of
// Foreign Affairs").
func acronymOf(name, acr string) bool {
	acr = strings.ReplaceAll(acr, ".", "")
	if acronym(name) == acr {
		return true
	}
	var b strings.Builder
	for _, w := range strings.Fields(stripPossessive(name)) {
		r, _ := utf8.DecodeRuneInString(w)
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String() == acr
}

// acronym is the initials of a name's capitalised words ("Ministry of
// Foreign Affairs" → "MFA"; the function words are skipped).
func acronym(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		w = stripPossessive(w)
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// contextWords returns the words of the mention and up to six words before
// it in the same clause, with their spans.
// first is the index of the mention's first word.
func contextWords(src string, m text.Span) (ws []string, sp []text.Span, first int) {
	start := m.Start
	lo := max(0, m.Start-80)
	for i := m.Start - 1; i >= lo; i-- {
		c := src[i]
		if c == '.' || c == ',' || c == ';' || c == ':' || c == '\n' || c == '"' || c == '(' || c == ')' {
			break
		}
		start = i
	}
	i := start
	for i < m.End {
		for i < m.End && (src[i] == ' ' || src[i] == '\t') {
			i++
		}
		j := i
		for j < m.End && src[j] != ' ' && src[j] != '\t' && (j == i || j != m.Start) {
			j++ // a word is cut where the mention starts ("China-|Central Asia")
		}
		if j > i {
			w := src[i:j]
			// Split a possessive into its own word, as the tokenizer does.
			for _, suf := range []string{"'s", "’s"} {
				if strings.HasSuffix(w, suf) && len(w) > len(suf) {
					ws = append(ws, w[:len(w)-len(suf)], suf)
					sp = append(sp, text.Span{Start: i, End: j - len(suf)}, text.Span{Start: j - len(suf), End: j})
					w = ""
					break
				}
			}
			if w != "" {
				ws = append(ws, w)
				sp = append(sp, text.Span{Start: i, End: j})
			}
		}
		i = j
	}
	// Keep the mention and at most six words before it.
	from := 0
	for k, s := range sp {
		if s.Start >= m.Start {
			from, first = max(0, k-6), k
			break
		}
	}
	return ws[from:], sp[from:], first - from
}
