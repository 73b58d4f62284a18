package petrarch

import (
	"sort"
	"strings"
)

// Config holds the per-record coding options of the validation suite.
type Config struct {
	RequireDyad    bool `json:"require_dyad"`
	NewActorLength int  `json:"new_actor_length"`
	CommaMin       int  `json:"comma_min"`
	CommaMax       int  `json:"comma_max"`
	CommaBMin      int  `json:"comma_bmin"`
	CommaBMax      int  `json:"comma_bmax"`
	CommaEMin      int  `json:"comma_emin"`
	CommaEMax      int  `json:"comma_emax"`
	// CodeEmbedded also codes verbs inside a coded verb's phrase ("X said
	// Y attacked Z" gives both events). PETRARCH-1, and so the validation
	// suite, uses the phrase up; real news is better served coding both.
	CodeEmbedded bool `json:"-"`
}

// DefaultConfig is PETRARCH's default configuration.
var DefaultConfig = Config{RequireDyad: true, CommaMin: 2, CommaMax: 8, CommaEMin: 2, CommaEMax: 8}

// Event is one coded event with the evidence that produced it.
type Event struct {
	Source, Target string
	Code           string
	Verb           int    // word index of the trigger verb
	Pattern        string // pattern id (file:line), or the verb block id for a default code
	SourceSpan     [2]int // word range, [-1,-1] when absent
	TargetSpan     [2]int
	Passive        bool
}

// Result is what coding one sentence gives.
type Result struct {
	Events []Event
	// Error is set when the sentence is not coded: "bad_input_parse",
	// "storydiscard", "sentencediscard", "dateline".
	Error  string
	Reason string
}

// Coder codes sentences with a set of dictionaries. It is safe for
// concurrent use.
type Coder struct {
	D *Dictionaries
}

// NewCoder returns a coder over d.
func NewCoder(d *Dictionaries) *Coder { return &Coder{D: d} }

// item is one actor-bearing unit: a base actor code ("" when none) and the
// agents that attach to it.
type item struct {
	actor  string
	agents []*Agent
	former bool
}

// sent is the per-sentence working state.
type sent struct {
	c       *Coder
	t       *Tree
	words   []string
	pos     []string
	deleted []bool
	date    int
	cfg     Config
	actorAt []mention // per word: the actor mention starting there
	agentAt []*Agent
	agentN  []int
	memo    map[*Node][]item
}

type mention struct {
	codes []string
	n     int
}

// CodeTree codes one parsed sentence dated date (YYYYMMDD).
func (c *Coder) CodeTree(t *Tree, date int, cfg Config) Result {
	s := &sent{c: c, t: t, date: date, cfg: cfg, memo: map[*Node][]item{}}
	n := len(t.Words)
	s.words = make([]string, n)
	s.pos = make([]string, n)
	s.deleted = make([]bool, n)
	for i, w := range t.Words {
		s.words[i] = normWord(w.Word)
		s.pos[i] = w.Label
	}
	if txt, story, ok := c.D.Discards.Find(s.words); ok {
		if story {
			return Result{Error: "storydiscard", Reason: "story discard phrase " + txt}
		}
		return Result{Error: "sentencediscard", Reason: "sentence discard phrase " + txt}
	}
	s.deleteCommaClauses()
	s.findMentions()
	var evs []Event
	covered := -1 // words before this index lie inside a coded verb's phrase
	for i := 0; i < n; i++ {
		if s.deleted[i] || !strings.HasPrefix(s.pos[i], "VB") || i < covered {
			continue
		}
		e, coded, end := s.codeVerb(i)
		if coded && !s.cfg.CodeEmbedded && s.claimed(i, end) {
			// A verb inside this one's phrase has a pattern written for
			// exactly this construction ("- SAID $ * [113]" under REGRET):
			// the dictionary gives the sentence to it.
			continue
		}
		evs = append(evs, e...)
		if coded && end > covered && !s.cfg.CodeEmbedded {
			// As PETRARCH-1: a coded verb's phrase is used up; verbs inside it
			// ("abandoned efforts to stop ...") are not coded again.
			covered = end
		}
	}
	return Result{Events: dedupe(evs)}
}

func normWord(w string) string {
	w = strings.ToUpper(w)
	switch w {
	case "-LRB-":
		return "("
	case "-RRB-":
		return ")"
	}
	return w
}

func dedupe(evs []Event) []Event {
	seen := map[[3]string]bool{}
	var out []Event
	for _, e := range evs {
		k := [3]string{e.Source, e.Target, e.Code}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Verb < out[j].Verb })
	return out
}

func isPunct(p string) bool {
	switch p {
	case ",", ".", ":", "``", "''", "-LRB-", "-RRB-", "HYPH", "$", "#":
		return true
	}
	return false
}

// deleteCommaClauses removes comma-delimited clauses whose length lies in
// the configured ranges (TABARI's comma_* options), except inside noun
// phrases, where commas separate list members and appositives.
func (s *sent) deleteCommaClauses() {
	var commas []int
	for i, p := range s.pos {
		// Commas directly inside a noun phrase separate list members and
		// appositives, not clauses.
		if p == "," && !(s.t.Words[i].Parent != nil && isNP(s.t.Words[i].Parent.Label)) {
			commas = append(commas, i)
		}
	}
	if len(commas) == 0 {
		return
	}
	end := len(s.words)
	for end > 0 && isPunct(s.pos[end-1]) {
		end--
	}
	count := func(a, b int) int {
		k := 0
		for i := a; i < b; i++ {
			if !isPunct(s.pos[i]) {
				k++
			}
		}
		return k
	}
	inRange := func(n, lo, hi int) bool { return hi > 0 && n >= lo && n <= hi }
	del := func(a, b int) {
		for i := a; i < b; i++ {
			s.deleted[i] = true
		}
	}
	// Beginning: words before the first comma.
	if c := commas[0]; inRange(count(0, c), s.cfg.CommaBMin, s.cfg.CommaBMax) && !s.inNP(0, c) {
		del(0, c+1)
	}
	// Middle clauses.
	for k := 0; k+1 < len(commas); k++ {
		a, b := commas[k], commas[k+1]
		if inRange(count(a+1, b), s.cfg.CommaMin, s.cfg.CommaMax) && !s.inNP(a, b) {
			del(a, b)
		}
	}
	// End: after the last comma.
	if c := commas[len(commas)-1]; c < end && inRange(count(c+1, end), s.cfg.CommaEMin, s.cfg.CommaEMax) && !s.inNP(c, end-1) {
		del(c, end)
	}
}

// inNP reports whether words a and b sit in the same noun phrase.
func (s *sent) inNP(a, b int) bool {
	if b >= len(s.t.Words) {
		b = len(s.t.Words) - 1
	}
	x := s.t.Words[a]
	for x != nil && !(x.First <= a && x.Last > b) {
		x = x.Parent
	}
	for ; x != nil; x = x.Parent {
		if isNP(x.Label) {
			return true
		}
		if strings.HasPrefix(x.Label, "S") || x.Label == "VP" || x.Label == "ROOT" {
			return false
		}
	}
	return false
}

func isNP(l string) bool { return l == "NP" || strings.HasPrefix(l, "NP-") || l == "NX" || l == "WHNP" }

// findMentions marks actor and agent phrases, longest first, left to right.
func (s *sent) findMentions() {
	n := len(s.words)
	s.actorAt = make([]mention, n)
	s.agentAt = make([]*Agent, n)
	s.agentN = make([]int, n)
	vis := make([]string, 0, n)
	idx := make([]int, 0, n)
	for i, w := range s.words {
		if s.deleted[i] || s.pos[i] == "POS" || w == "'S" {
			continue
		}
		vis = append(vis, w)
		idx = append(idx, i)
	}
	for k := 0; k < len(vis); {
		if a, m := s.c.D.Actors.Match(vis, k); a != nil {
			code := a.CodeAt(s.date)
			if code != "" {
				s.actorAt[idx[k]] = mention{codes: strings.Split(code, "/"), n: idx[k+m-1] - idx[k] + 1}
				k += m
				continue
			}
		}
		if g, m := s.c.D.Agents.Match(vis, k); g != nil {
			s.agentAt[idx[k]] = g
			s.agentN[idx[k]] = idx[k+m-1] - idx[k] + 1
			k += m
			continue
		}
		k++
	}
}

func isClauseLabel(l string) bool {
	switch l {
	case "PP", "SBAR", "VP", "S", "SQ", "SINV", "SBARQ", "RRC", "PRN", "UCP", "FRAG":
		return true
	}
	return false
}

// wordItem reads the actor and agents in words [a, b) that are in the set.
func (s *sent) wordsItem(ws []int) (item, bool) {
	var it item
	found := false
	hasActor := false
	for _, i := range ws {
		if s.deleted[i] {
			continue
		}
		if s.words[i] == "FORMER" {
			it.former = true
		}
		if m := s.actorAt[i]; m.n > 0 && !hasActor {
			it.actor = strings.Join(m.codes, "/")
			hasActor, found = true, true
		}
		if g := s.agentAt[i]; g != nil {
			it.agents = append(it.agents, g)
			found = true
		}
	}
	return it, found
}

func splitItem(it item) []item {
	if !strings.Contains(it.actor, "/") {
		return []item{it}
	}
	var out []item
	for _, a := range strings.Split(it.actor, "/") {
		out = append(out, item{actor: a, agents: it.agents, former: it.former})
	}
	return out
}

func wordsOf(n *Node) []int {
	out := make([]int, 0, n.Last-n.First)
	for i := n.First; i < n.Last; i++ {
		out = append(out, i)
	}
	return out
}

func (s *sent) isCompound(n *Node) bool {
	for _, c := range n.Children {
		if isCC(c) && !s.deleted[c.First] {
			return true
		}
	}
	return false
}

func isCC(n *Node) bool { return n.Leaf() && (n.Label == "CC" || n.Label == "CONJP") }

// items returns the actors an NP denotes: one per conjunct for compounds.
func (s *sent) items(n *Node) []item {
	if r, ok := s.memo[n]; ok {
		return r
	}
	s.memo[n] = nil // guards against cycles in malformed input
	r := s.itemsUncached(n)
	s.memo[n] = r
	return r
}

func (s *sent) itemsUncached(n *Node) []item {
	if n.Leaf() {
		it, ok := s.wordsItem([]int{n.First})
		if !ok {
			return nil
		}
		return splitItem(it)
	}
	compound := false
	for _, c := range n.Children {
		if isCC(c) && !s.deleted[c.First] {
			compound = true
			break
		}
	}
	if compound {
		// Segments between CCs and commas.
		var segs [][]*Node
		var cur []*Node
		for _, c := range n.Children {
			if isCC(c) || (c.Leaf() && c.Label == ",") {
				if len(cur) > 0 {
					segs = append(segs, cur)
				}
				cur = nil
				continue
			}
			cur = append(cur, c)
		}
		if len(cur) > 0 {
			segs = append(segs, cur)
		}
		var per [][]item
		for _, sg := range segs {
			var its []item
			if len(sg) == 1 && !sg[0].Leaf() {
				its = s.items(sg[0])
			} else {
				var ws []int
				for _, c := range sg {
					if c.Label == "PP" || c.Label == "SBAR" {
						continue
					}
					ws = append(ws, wordsOf(c)...)
				}
				if it, ok := s.wordsItem(ws); ok {
					its = splitItem(it)
				}
			}
			per = append(per, its)
		}
		// Agents without an actor borrow the nearest conjunct's actor
		// ("Danish media and government").
		var out []item
		for k, its := range per {
			for _, it := range its {
				if it.actor == "" {
					for d := 1; d < len(per); d++ {
						for _, j := range []int{k - d, k + d} {
							if j >= 0 && j < len(per) && it.actor == "" {
								for _, o := range per[j] {
									if o.actor != "" {
										it.actor = o.actor
										break
									}
								}
							}
						}
					}
				}
				out = append(out, it)
			}
		}
		return out
	}
	// Head: everything but clauses and prepositional phrases.
	var head []*Node
	var pps []*Node
	for _, c := range n.Children {
		switch {
		case c.Label == "PP":
			pps = append(pps, c)
		case isClauseLabel(c.Label):
		default:
			head = append(head, c)
		}
	}
	var its []item
	var cnp *Node
	var rest []int
	for _, c := range head {
		if cnp == nil && !c.Leaf() && isNP(c.Label) && (len(head) == 1 || s.isCompound(c)) {
			cnp = c
			continue
		}
		rest = append(rest, wordsOf(c)...)
	}
	if cnp != nil {
		its = s.items(cnp)
		if extra, ok := s.wordsItem(rest); ok && extra.actor == "" && len(its) > 0 {
			// "(Eriadori and Calenardhon) leaders": agents spread over the conjuncts.
			var out []item
			for _, it := range its {
				it.agents = append(append([]*Agent(nil), it.agents...), extra.agents...)
				it.former = it.former || extra.former
				out = append(out, it)
			}
			its = out
		} else if ok && len(its) == 0 {
			its = splitItem(extra)
		}
	} else {
		var ws []int
		for _, c := range head {
			ws = append(ws, wordsOf(c)...)
		}
		if it, ok := s.wordsItem(ws); ok {
			its = splitItem(it)
		}
	}
	hasActor := false
	for _, it := range its {
		if it.actor != "" {
			hasActor = true
		}
	}
	if !hasActor {
		// "the ambassadors of Arnor", "Soldiers from Gondor", "the
		// information ministry of Gondor": the actor is in the PP.
		for _, pp := range pps {
			for _, c := range pp.Children {
				if !isNP(c.Label) {
					continue
				}
				sub := s.items(c)
				var withActor []item
				for _, o := range sub {
					if o.actor != "" {
						withActor = append(withActor, o)
					}
				}
				if len(withActor) == 0 {
					continue
				}
				if len(its) == 0 {
					return withActor
				}
				var out []item
				for _, a := range its {
					for _, o := range withActor {
						out = append(out, item{actor: o.actor, agents: append(append([]*Agent(nil), o.agents...), a.agents...), former: a.former || o.former})
					}
				}
				return out
			}
		}
	}
	return its
}

// compose builds the code of an item: prefix agents, actor, first suffix agent.
func compose(it item) string {
	code := it.actor
	if code == "" {
		code = "---"
	}
	var pre []string
	suffixDone := false
	for _, g := range it.agents {
		if g.Prefix {
			pre = append(pre, g.Code)
			continue
		}
		if suffixDone {
			continue
		}
		suffixDone = true
		ac := g.Code
		if it.former {
			ac = "ELI"
		}
		if !strings.HasSuffix(code, ac) {
			code += ac
		}
	}
	for i := len(pre) - 1; i >= 0; i-- {
		code = pre[i] + code
	}
	return code
}

func (s *sent) codes(n *Node) []string {
	var out []string
	for _, it := range s.items(n) {
		out = append(out, compose(it))
	}
	return out
}

// newActor is the quoted text of an uncoded short noun phrase, when the
// configuration asks for new actors.
func (s *sent) newActor(n *Node) []string {
	if s.cfg.NewActorLength <= 0 || n == nil {
		return nil
	}
	var ws []string
	for i := n.First; i < n.Last; i++ {
		switch s.pos[i] {
		case "DT", "POS", "PRP", "PRP$", ",", ".":
			if s.pos[i] == "PRP" {
				return nil
			}
			continue
		}
		ws = append(ws, s.words[i])
	}
	if len(ws) == 0 || len(ws) > s.cfg.NewActorLength {
		return nil
	}
	return []string{`"` + strings.Join(ws, " ") + `"`}
}
