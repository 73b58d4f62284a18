package petrarch

import (
	"strings"
)

// ne is an actor-bearing noun phrase found while matching.
type ne struct {
	node  *Node
	codes []string
}

// region is the ordered list of word indexes a pattern half is matched
// against: after the verb (lower) or before it, nearest first (upper).
type region struct {
	idx   []int
	upper bool
	// fail remembers (element, position) pairs already known not to match,
	// so backtracking over long sentences stays polynomial.
	fail map[[2]int]bool
}

// codeVerb codes the verb at word i. coded reports that the verb has a
// code (so its phrase, which ends before end, is used up).
func (s *sent) codeVerb(i int) (evs []Event, coded bool, end int) {
	forms := s.c.D.Verbs.Lookup(s.words[i])
	if len(forms) == 0 {
		return nil, false, 0
	}
	// The form whose surrounding words fit, longest first.
	var vf *VerbForm
	best := -1
	for _, f := range forms {
		if !s.fits(f, i) {
			continue
		}
		if l := len(f.Pre) + len(f.Post); l > best {
			vf, best = f, l
		}
	}
	if vf == nil {
		return nil, false, 0
	}
	leaf := s.t.Words[i]
	vp := leaf.Parent
	if vp == nil {
		return nil, false, 0
	}
	lo, hi := i-len(vf.Pre), i+len(vf.Post)
	// Lower: the rest of the verb's phrase; upper: the sentence before it.
	var lower, upper region
	for k := hi + 1; k < vp.Last; k++ {
		if !s.deleted[k] {
			lower.idx = append(lower.idx, k)
		}
	}
	upper.upper = true
	for k := lo - 1; k >= 0; k-- {
		if !s.deleted[k] {
			upper.idx = append(upper.idx, k)
		}
	}
	code := vf.Code
	pid := vf.Block.ID
	var bind binding
	for _, p := range vf.Block.Patterns {
		if p.Code == "+++" {
			// TABARI's complex-event code: not coded here, so the next
			// pattern decides.
			continue
		}
		var b binding
		lower.fail, upper.fail = nil, nil
		if s.matchElems(p.Lower, p.VerbAdjL, &lower, 0, 0, &b) && s.matchElems(p.Upper, p.VerbAdjU, &upper, 0, 0, &b) {
			code, pid, bind = p.Code, p.ID, b
			break
		}
	}
	if code == "" || code == "---" {
		return nil, false, 0
	}
	end = vp.Last
	subj := s.subject(vp)
	span := func(n *Node) [2]int {
		if n == nil {
			return [2]int{-1, -1}
		}
		return [2]int{n.First, n.Last}
	}
	if bind.compound != nil && bind.source == nil && bind.target == nil {
		// "% HAVE * [191]": the members of a compound act on each other.
		c := bind.compound
		for _, a := range c.codes {
			for _, b := range c.codes {
				if a != b {
					evs = append(evs, s.mk(i, code, pid, a, b, span(c.node), span(c.node), false)...)
				}
			}
		}
		return evs, true, end
	}
	var src, tgt []string
	var srcN, tgtN *Node
	passive := s.passive(leaf, vp)
	if bind.source != nil {
		src, srcN = bind.source.codes, bind.source.node
	}
	if bind.target != nil {
		tgt, tgtN = bind.target.codes, bind.target.node
	}
	if bind.compound != nil && src == nil {
		src, srcN = bind.compound.codes, bind.compound.node
	}
	if passive && bind.source == nil && bind.target == nil {
		if by, ok := s.byAgent(lower); ok {
			// "X was condemned by Y": Y is the source, X the target.
			if by != nil {
				src, srcN = by.codes, by.node
			}
			if subj != nil {
				if c := s.codes(subj); len(c) > 0 {
					tgt, tgtN = c, subj
				}
			}
			return s.events(i, code, pid, src, tgt, srcN, tgtN, true), true, end
		}
	}
	if src == nil {
		srcN, src = s.source(vp, subj)
	}
	if tgt == nil {
		for _, k := range lower.idx {
			if e := s.neAt(k, lower, 0); e != nil && !s.boundBy(e, &bind) && e.node != srcN {
				tgt, tgtN = e.codes, e.node
				break
			}
		}
	}
	if tgt == nil && (!s.cfg.RequireDyad || s.cfg.NewActorLength > 0) {
		// Without a required dyad PETRARCH still takes the first plain noun
		// phrase as an uncoded target; a bare time word is not one.
		for _, k := range lower.idx {
			if x := s.npAt(k, lower); x != nil && x.Label == "NP" {
				tgtN = x
				break
			}
		}
	}
	return s.events(i, code, pid, src, tgt, srcN, tgtN, passive), true, end
}

// claimed reports a verb in (i, end) with a matching pattern whose upper
// part names the word at i.
func (s *sent) claimed(i, end int) bool {
	for j := i + 1; j < end && j < len(s.words); j++ {
		if s.deleted[j] || !strings.HasPrefix(s.pos[j], "VB") {
			continue
		}
		for _, f := range s.c.D.Verbs.Lookup(s.words[j]) {
			if !s.fits(f, j) {
				continue
			}
			for _, p := range f.Block.Patterns {
				names := false
				for _, e := range p.Upper {
					if e.Kind == EWord && e.Text == s.words[i] {
						names = true
					}
				}
				if !names {
					continue
				}
				vp := s.t.Words[j].Parent
				if vp == nil {
					continue
				}
				var lower, upper region
				for k := j + len(f.Post) + 1; k < vp.Last; k++ {
					if !s.deleted[k] {
						lower.idx = append(lower.idx, k)
					}
				}
				upper.upper = true
				for k := j - len(f.Pre) - 1; k >= 0; k-- {
					if !s.deleted[k] {
						upper.idx = append(upper.idx, k)
					}
				}
				var b binding
				if s.matchElems(p.Lower, p.VerbAdjL, &lower, 0, 0, &b) && s.matchElems(p.Upper, p.VerbAdjU, &upper, 0, 0, &b) {
					return true
				}
			}
		}
	}
	return false
}

func (s *sent) boundBy(e *ne, b *binding) bool {
	for _, x := range []*ne{b.source, b.target, b.compound} {
		if x != nil && x.node == e.node {
			return true
		}
	}
	return false
}

func (s *sent) events(v int, code, pid string, src, tgt []string, srcN, tgtN *Node, passive bool) []Event {
	span := func(n *Node) [2]int {
		if n == nil {
			return [2]int{-1, -1}
		}
		return [2]int{n.First, n.Last}
	}
	if len(src) == 0 {
		src = s.newActor(srcN)
	}
	if len(tgt) == 0 && tgtN != nil {
		tgt = s.newActor(tgtN)
	}
	if len(src) == 0 {
		return nil
	}
	if len(tgt) == 0 {
		if s.cfg.RequireDyad || tgtN == nil {
			return nil
		}
		tgt = []string{"---"}
	}
	var out []Event
	for _, a := range src {
		for _, b := range tgt {
			if a == b && a != "---" {
				continue
			}
			out = append(out, s.mk(v, code, pid, a, b, span(srcN), span(tgtN), passive)...)
		}
	}
	return out
}

func (s *sent) mk(v int, code, pid, a, b string, sa, sb [2]int, passive bool) []Event {
	if x, y, ok := strings.Cut(code, ":"); ok {
		var out []Event
		if x != "" && x != "---" {
			out = append(out, Event{Source: a, Target: b, Code: x, Verb: v, Pattern: pid, SourceSpan: sa, TargetSpan: sb, Passive: passive})
		}
		if y != "" && y != "---" {
			out = append(out, Event{Source: b, Target: a, Code: y, Verb: v, Pattern: pid, SourceSpan: sb, TargetSpan: sa, Passive: passive})
		}
		return out
	}
	return []Event{{Source: a, Target: b, Code: code, Verb: v, Pattern: pid, SourceSpan: sa, TargetSpan: sb, Passive: passive}}
}

// fits reports whether the words around i are the form's Pre and Post.
func (s *sent) fits(f *VerbForm, i int) bool {
	if i-len(f.Pre) < 0 || i+len(f.Post) >= len(s.words) {
		return false
	}
	for k, w := range f.Pre {
		if s.words[i-len(f.Pre)+k] != w {
			return false
		}
	}
	for k, w := range f.Post {
		if s.words[i+1+k] != w {
			return false
		}
	}
	return true
}

// subject finds the subject NP of the clause a VP belongs to.
func (s *sent) subject(vp *Node) *Node {
	x := vp
	for p := x.Parent; p != nil; x, p = p, p.Parent {
		switch {
		case p.Label == "VP":
			continue
		case isS(p.Label):
			for k := len(p.Children) - 1; k >= 0; k-- {
				c := p.Children[k]
				if c.First >= x.First {
					continue
				}
				if isNP(c.Label) {
					return c
				}
			}
			return nil
		default:
			return nil
		}
	}
	return nil
}

// source finds the source: the clause's subject if it names an actor. A
// clause with no subject of its own ("Arnor is about to restore ...") or a
// pronoun subject ("Ethiopia indicated it would act") takes the subject of
// the clause it is the complement of; adverbial clauses ("after leaving
// ...") and clauses inside noun phrases ("efforts to stop ...") do not.
func (s *sent) source(vp, subj *Node) (*Node, []string) {
	first := subj
	x := vp
	for steps := 0; steps < 1000; steps++ {
		if subj != nil {
			if c := s.codes(subj); len(c) > 0 {
				return subj, c
			}
			if !s.pronoun(subj) {
				return first, nil
			}
		}
		y := x
		for y != nil && !isS(y.Label) {
			y = y.Parent
		}
		if y == nil {
			break
		}
		z := y.Parent
		for z != nil && z.Label != "VP" {
			if isNP(z.Label) || z.Label == "PP" {
				return first, nil
			}
			if z.Label == "SBAR" && s.adverbial(z) {
				return first, nil
			}
			z = z.Parent
		}
		if z == nil {
			break
		}
		subj, x = s.subject(z), z
	}
	return first, nil
}

// adverbialMarks open clauses whose missing subject is not the main
// clause's actor's doing in PETRARCH's sense ("after leaving Eriador").
var adverbialMarks = map[string]bool{"AFTER": true, "BEFORE": true, "WHILE": true, "SINCE": true, "WHEN": true,
	"BECAUSE": true, "IF": true, "ALTHOUGH": true, "THOUGH": true, "UNTIL": true, "UNLESS": true, "ONCE": true,
	"WHETHER": true, "AS": true, "WHERE": true, "WHENEVER": true, "DESPITE": true}

func (s *sent) adverbial(sbar *Node) bool {
	for _, c := range sbar.Children {
		if c.Leaf() {
			if c.Label == "IN" || strings.HasPrefix(c.Label, "W") {
				return adverbialMarks[s.words[c.First]] || strings.HasPrefix(c.Label, "W")
			}
			continue
		}
		if strings.HasPrefix(c.Label, "WH") {
			return true
		}
	}
	return false
}

func (s *sent) pronoun(n *Node) bool {
	for i := n.First; i < n.Last; i++ {
		if s.pos[i] != "PRP" && s.pos[i] != "DT" && s.pos[i] != "EX" {
			return false
		}
	}
	return true
}

func isS(l string) bool { return l == "S" || l == "SQ" || l == "SINV" || strings.HasPrefix(l, "S-") }

var beForms = map[string]bool{"BE": true, "IS": true, "ARE": true, "WAS": true, "WERE": true, "BEEN": true, "BEING": true, "'S": false, "GET": true, "GOT": true}

// passive: a VBN under a VP headed by a form of BE.
func (s *sent) passive(leaf, vp *Node) bool {
	if leaf.Label != "VBN" {
		return false
	}
	for p := vp.Parent; p != nil && p.Label == "VP"; p = p.Parent {
		for _, c := range p.Children {
			if c.Leaf() && strings.HasPrefix(c.Label, "VB") && c.First < leaf.First {
				if beForms[s.words[c.First]] {
					return true
				}
				return false
			}
		}
	}
	return false
}

// byAgent finds "by NP" in the lower region; ok is false when there is
// none, and the NP is nil when it names no actor.
func (s *sent) byAgent(r region) (*ne, bool) {
	for _, k := range r.idx {
		if s.words[k] != "BY" {
			continue
		}
		pp := s.t.Words[k].Parent
		if pp == nil || pp.Label != "PP" {
			continue
		}
		for _, c := range pp.Children {
			if isNP(c.Label) {
				if cs := s.codes(c); len(cs) > 0 {
					return &ne{node: c, codes: cs}, true
				}
				return nil, true
			}
		}
	}
	return nil, false
}

// neAt returns the actor NP that starts (lower) or ends (upper) at word k.
func (s *sent) neAt(k int, r region, _ int) *ne {
	w := s.t.Words[k]
	var best *Node
	for x := w.Parent; x != nil; x = x.Parent {
		edge := x.First == k
		if r.upper {
			edge = x.Last-1 == k
		}
		if !edge {
			break
		}
		if isNP(x.Label) {
			best = x
		}
	}
	// Widest first, then narrower ones that carry codes.
	for x := best; x != nil; {
		if cs := s.codes(x); len(cs) > 0 {
			return &ne{node: x, codes: cs}
		}
		var next *Node
		for _, c := range x.Children {
			if isNP(c.Label) && ((!r.upper && c.First == k) || (r.upper && c.Last-1 == k)) {
				next = c
			}
		}
		x = next
	}
	return nil
}

// npAt returns the widest NP starting (lower) or ending (upper) at k.
func (s *sent) npAt(k int, r region) *Node {
	w := s.t.Words[k]
	var best *Node
	for x := w.Parent; x != nil; x = x.Parent {
		edge := x.First == k
		if r.upper {
			edge = x.Last-1 == k
		}
		if !edge {
			break
		}
		if isNP(x.Label) {
			best = x
		}
	}
	return best
}

// npsAt lists the noun phrases '^' may skip at word k: those starting
// (lower) or ending (upper) there, narrowest first, else the smallest one
// the word is inside.
func (s *sent) npsAt(k int, r region) []*Node {
	var out []*Node
	w := s.t.Words[k]
	for x := w.Parent; x != nil; x = x.Parent {
		edge := x.First == k
		if r.upper {
			edge = x.Last-1 == k
		}
		if !edge {
			break
		}
		if isNP(x.Label) {
			out = append(out, x)
		}
	}
	if len(out) == 0 {
		for x := w.Parent; x != nil; x = x.Parent {
			if isNP(x.Label) {
				out = append(out, x)
				break
			}
		}
	}
	return out
}

type binding struct {
	source, target, compound *ne
}

// matchElems matches pattern elements from position p of region r. k is
// the element index; adjacency of the first element to the verb is adj0.
func (s *sent) matchElems(es []Elem, adj0 bool, r *region, k, p int, b *binding) bool {
	for k < len(es) && es[k].Kind >= ENPOpen {
		k++ // PETRARCH-2 grouping marks: matched as plain sequences
	}
	if k == len(es) {
		return true
	}
	key := [2]int{k, p}
	if r.fail[key] {
		return false
	}
	if s.matchFrom(es, adj0, r, k, p, b) {
		return true
	}
	if len(r.idx) > 16 {
		if r.fail == nil {
			r.fail = map[[2]int]bool{}
		}
		r.fail[key] = true
	}
	return false
}

func (s *sent) matchFrom(es []Elem, adj0 bool, r *region, k, p int, b *binding) bool {
	e := es[k]
	adj := adj0
	if k > 0 {
		adj = es[k-1].Adj
	}
	last := len(r.idx)
	if adj && p < last {
		last = p + 1
	}
	for q := p; q < last; q++ {
		w := r.idx[q]
		switch e.Kind {
		case EWord:
			if s.words[w] == e.Text && s.matchElems(es, adj0, r, k+1, q+1, b) {
				return true
			}
		case ESynset:
			for _, ent := range s.c.D.Verbs.Synset(e.Text) {
				if n := s.matchSeq(ent, *r, q); n > 0 && s.matchElems(es, adj0, r, k+1, q+n, b) {
					return true
				}
			}
		case ESource, ETarget, ECompound:
			x := s.neAt(w, *r, 0)
			if x == nil {
				continue
			}
			if e.Kind == ECompound && len(x.codes) < 2 {
				continue
			}
			n := s.span(x.node, *r, q)
			save := *b
			switch e.Kind {
			case ESource:
				b.source = x
			case ETarget:
				b.target = x
			default:
				b.compound = x
			}
			if s.matchElems(es, adj0, r, k+1, q+n, b) {
				return true
			}
			*b = save
		case ESkip:
			for _, x := range s.npsAt(w, *r) {
				if s.matchElems(es, adj0, r, k+1, q+s.span(x, *r, q), b) {
					return true
				}
			}
		}
	}
	return false
}

// span counts how many region positions from q the node covers.
func (s *sent) span(n *Node, r region, q int) int {
	c := 0
	for q+c < len(r.idx) {
		w := r.idx[q+c]
		if w < n.First || w >= n.Last {
			break
		}
		c++
	}
	if c == 0 {
		c = 1
	}
	return c
}

// matchSeq matches a synset entry's words at q (in reading order for the
// lower region, reversed for the upper); it returns positions used or 0.
func (s *sent) matchSeq(ws []string, r region, q int) int {
	n := len(ws)
	if q+n > len(r.idx) {
		return 0
	}
	for j := 0; j < n; j++ {
		want := ws[j]
		if r.upper {
			want = ws[n-1-j]
		}
		if s.words[r.idx[q+j]] != want {
			return 0
		}
	}
	return n
}
