package petrarch

import (
	"sort"
	"strings"
)

// DepToken is one word of a dependency parse: Head is the index of the
// governor within the sentence (-1 for the root), Deprel a UD label.
type DepToken struct {
	Form, Lemma, UPOS, XPOS string
	Head                    int
	Deprel                  string
}

// FromDependencies turns a dependency parse into the phrase tree the coder
// works over: nominals become NP (PP when they have a preposition),
// verbs become S → VP with auxiliaries as outer VP heads, coordination
// becomes (NP (NP A) (CC and) (NP B)). Cycles and bad heads are cut; the
// result always covers every word once, in order.
func FromDependencies(toks []DepToken) *Tree {
	toks = append([]DepToken(nil), toks...)
	retagGerunds(toks)
	RepairCaseOnCompound(toks)
	RepairParticipleSubject(toks)
	RepairModifierClauses(toks)
	RepairPrepositionMark(toks)
	RepairObjectAsSubject(toks)
	RepairModifierWithSubject(toks)
	repairThatParataxis(toks)
	repairAdjectiveCoordination(toks)
	repairCoordinatedModifier(toks)
	repairNominalConjunct(toks)
	repairVerbAsModifier(toks)
	repairRoot(toks)
	repairSubordinate(toks)
	repairLists(toks)
	repairSubjects(toks)
	repairReporting(toks)
	// Phrases need contiguous yields: lift a word whose phrase would be
	// out of order (a non-projective arc) to its head's head and rebuild.
	for tries := 0; tries < 64 && len(toks) <= 2000; tries++ {
		t, bad, want := buildFromDeps(toks)
		if bad < 0 {
			return t
		}
		h := toks[bad].Head
		if h < 0 || h >= len(toks) {
			// A root out of place: lift the word that belongs there instead.
			bad = want
			if h = toks[bad].Head; h < 0 || h >= len(toks) {
				break
			}
		}
		toks[bad].Head = toks[h].Head
	}
	return flatTree(toks)
}

// flatTree is the fallback: every word directly under one clause.
func flatTree(toks []DepToken) *Tree {
	b := &depBuilder{toks: toks}
	top := &Node{Label: "S"}
	for i := range toks {
		top.Children = append(top.Children, b.leaf(i))
	}
	root := &Node{Label: "ROOT", Children: []*Node{top}}
	t := &Tree{Root: root}
	fixParents(root, nil)
	t.index(root)
	return t
}

// buildFromDeps builds the tree; bad is the first word out of order (-1
// when none), want the word that belongs at its place.
func buildFromDeps(toks []DepToken) (*Tree, int, int) {
	n := len(toks)
	b := &depBuilder{toks: toks, kids: make([][]int, n)}
	var roots []int
	for i, t := range toks {
		h := t.Head
		if h < 0 || h >= n || h == i || b.cycle(i) {
			roots = append(roots, i)
			continue
		}
		b.kids[h] = append(b.kids[h], i)
	}
	top := &Node{Label: "S"}
	for _, r := range roots {
		top.Children = append(top.Children, b.phrase(r, 0))
	}
	sortByFirst(top)
	if len(top.Children) == 1 && isS(top.Children[0].Label) {
		top = top.Children[0]
	}
	root := &Node{Label: "ROOT", Children: []*Node{top}}
	t := &Tree{Root: root}
	fixParents(root, nil)
	pos := make([]int, 0, n)
	collectPos(root, &pos)
	t.index(root)
	for i, p := range pos {
		if p != i {
			return t, p, i
		}
	}
	return t, -1, -1
}

func collectPos(n *Node, out *[]int) {
	if len(n.Children) == 0 {
		if n.Word != "" {
			*out = append(*out, n.First)
		}
		return
	}
	for _, c := range n.Children {
		collectPos(c, out)
	}
}

type depBuilder struct {
	toks []DepToken
	kids [][]int
}

// cycle reports whether following heads from i returns to i.
func (b *depBuilder) cycle(i int) bool {
	seen := 0
	for x := b.toks[i].Head; x >= 0 && x < len(b.toks); x = b.toks[x].Head {
		if x == i {
			return true
		}
		if seen++; seen > len(b.toks) {
			return true
		}
	}
	return false
}

func fixParents(n, p *Node) {
	n.Parent = p
	for _, c := range n.Children {
		fixParents(c, n)
	}
}

// xpos gives a Penn tag, from XPOS or mapped from UPOS.
func (b *depBuilder) xpos(i int) string {
	t := b.toks[i]
	if t.XPOS != "" && t.XPOS != "_" {
		return t.XPOS
	}
	switch t.UPOS {
	case "VERB", "AUX":
		return "VB"
	case "NOUN":
		return "NN"
	case "PROPN":
		return "NNP"
	case "ADP", "SCONJ":
		return "IN"
	case "DET":
		return "DT"
	case "PRON":
		return "PRP"
	case "CCONJ":
		return "CC"
	case "ADJ":
		return "JJ"
	case "ADV":
		return "RB"
	case "NUM":
		return "CD"
	case "PART":
		if strings.EqualFold(t.Form, "to") {
			return "TO"
		}
		if t.Form == "'s" || t.Form == "'" {
			return "POS"
		}
		return "RB"
	case "PUNCT":
		if t.Form == "," {
			return ","
		}
		return "."
	}
	return "X"
}

func (b *depBuilder) leaf(i int) *Node {
	w := b.toks[i].Form
	if w == "" {
		w = "_"
	}
	// First holds the word position until the tree is indexed.
	return &Node{Label: b.xpos(i), Word: w, First: i}
}

func base(rel string) string {
	if i := strings.IndexByte(rel, ':'); i >= 0 {
		return rel[:i]
	}
	return rel
}

func (b *depBuilder) isVerbal(i int) bool {
	t := b.toks[i]
	if t.UPOS == "VERB" {
		return true
	}
	// A copular clause ("X is ready to ...") is a clause too.
	for _, c := range b.kids[i] {
		if r := base(b.toks[c].Deprel); r == "cop" || r == "nsubj" || r == "csubj" {
			return true
		}
	}
	return false
}

// phrase builds the phrase headed by i. depth bounds recursion.
func (b *depBuilder) phrase(i, depth int) *Node {
	if depth > 500 {
		return b.flat(i)
	}
	kids := b.kids[i]
	sort.Ints(kids)
	// Coordination: conjuncts (with their cc) sit beside the head's phrase.
	var conj []int
	var own []int
	for _, c := range kids {
		if base(b.toks[c].Deprel) == "conj" {
			conj = append(conj, c)
		} else {
			own = append(own, c)
		}
	}
	// Punctuation after the last conjunct closes the whole coordination
	// ("X did A, and Y did B."), not the first conjunct.
	var trail []int
	if len(conj) > 0 {
		end := b.maxPos(conj[len(conj)-1], 0)
		var keep []int
		for _, c := range own {
			if c > end && base(b.toks[c].Deprel) == "punct" {
				trail = append(trail, c)
			} else {
				keep = append(keep, c)
			}
		}
		own = keep
	}
	var core *Node
	var shared, cases []int
	if b.isVerbal(i) {
		// Conjoined verbs without a subject of their own share the head's:
		// (S subj (VP (VP v1 ...) (CC and) (VP v2 ...))).
		var vconj, rest []int
		for _, c := range conj {
			if b.isVerbal(c) && !b.hasRel(c, "nsubj", "csubj", "expl", "mark") {
				vconj = append(vconj, c)
			} else {
				rest = append(rest, c)
			}
		}
		conj = rest
		core = b.clause(i, own, vconj, depth)
	} else {
		// Modifiers after the last conjunct modify the whole coordination
		// ("lawmakers and officials in Fornost and Gondor").
		if len(conj) > 0 {
			last := conj[len(conj)-1]
			var keep []int
			for _, c := range own {
				if c > last && base(b.toks[c].Deprel) != "punct" {
					shared = append(shared, c)
				} else {
					keep = append(keep, c)
				}
			}
			own = keep
		}
		if len(conj) > 0 {
			cases = b.caseKids(i, own)
			core = b.bareNominal(i, own, depth, true)
		} else {
			core = b.nominal(i, own, depth)
		}
	}
	if len(conj) == 0 {
		return core
	}
	label := core.Label
	if label == "PP" {
		label = "NP"
	}
	outer := &Node{Label: label, Children: []*Node{core}}
	b.coordinate(outer, conj, depth)
	if len(shared) > 0 {
		outer = &Node{Label: "NP", Children: []*Node{outer}}
		for _, c := range shared {
			outer.Children = append(outer.Children, b.node(c, depth))
		}
		sortByFirst(outer)
	}
	for _, c := range trail {
		outer.Children = append(outer.Children, b.leaf(c))
	}
	if len(cases) > 0 {
		// "in Fornost and Gondor": the preposition governs the coordination.
		return b.wrapPP(cases, outer, depth)
	}
	return outer
}

// coordinate adds conjuncts (and their cc and commas) to outer.
func (b *depBuilder) coordinate(outer *Node, conj []int, depth int) {
	for _, c := range conj {
		var ccs []int
		var rest []int
		for _, cc := range b.kids[c] {
			if r := base(b.toks[cc].Deprel); r == "cc" || (r == "punct" && b.toks[cc].Form == ",") {
				ccs = append(ccs, cc)
			} else {
				rest = append(rest, cc)
			}
		}
		for _, cc := range ccs {
			outer.Children = append(outer.Children, b.node(cc, depth))
		}
		b.kids[c] = rest
		ph := b.phrase(c, depth+1)
		if outer.Label == "VP" && ph.Label == "S" && len(ph.Children) == 1 && ph.Children[0].Label == "VP" {
			ph = ph.Children[0]
		}
		outer.Children = append(outer.Children, ph)
	}
	// Keep word order: sort children by their first word.
	sortByFirst(outer)
}

// maxPos is the last word of i's subtree.
func (b *depBuilder) maxPos(i, depth int) int {
	m := i
	if depth > 500 {
		return m
	}
	for _, c := range b.kids[i] {
		if x := b.maxPos(c, depth+1); x > m {
			m = x
		}
	}
	return m
}

func (b *depBuilder) hasRel(i int, rels ...string) bool {
	for _, c := range b.kids[i] {
		for _, r := range rels {
			if base(b.toks[c].Deprel) == r {
				return true
			}
		}
	}
	return false
}

// node is a word's leaf, or its phrase when it has dependents of its own.
func (b *depBuilder) node(i, depth int) *Node {
	if len(b.kids[i]) == 0 {
		return b.leaf(i)
	}
	return b.phrase(i, depth+1)
}

func (b *depBuilder) flat(i int) *Node {
	n := &Node{Label: "X", Children: []*Node{b.leaf(i)}}
	sortByFirst(n)
	return n
}

// npLabel marks time expressions ("said today") so they are not taken
// for participants.
func npLabel(rel string) string {
	switch rel {
	case "obl:tmod", "nmod:tmod", "obl:npmod":
		return "NP-TMP"
	}
	return "NP"
}

// nominal builds (NP ... head ...), wrapped in (PP (IN case) NP) when it
// has a preposition.
func (b *depBuilder) nominal(i int, kids []int, depth int) *Node {
	cases := b.caseKids(i, kids)
	if len(cases) == 0 {
		return b.bareNominal(i, kids, depth, true)
	}
	// Words before the preposition (", according to reports", "not
	// about X") go before it in the PP, not inside its noun phrase.
	var lead, rest []int
	for _, c := range kids {
		if c < cases[0] {
			lead = append(lead, c)
		} else {
			rest = append(rest, c)
		}
	}
	pp := b.wrapPP(cases, b.bareNominal(i, rest, depth, true), depth)
	for _, c := range lead {
		pp.Children = append(pp.Children, b.node(c, depth))
	}
	sortByFirst(pp)
	return pp
}

// caseKids are the prepositions and subordinators that introduce i.
func (b *depBuilder) caseKids(i int, kids []int) []int {
	var out []int
	for _, c := range kids {
		r := base(b.toks[c].Deprel)
		if (r == "case" && b.xpos(c) != "POS" && c < i) || r == "mark" {
			out = append(out, c)
		}
	}
	return out
}

func (b *depBuilder) wrapPP(cases []int, np *Node, depth int) *Node {
	pp := &Node{Label: "PP"}
	for _, c := range cases {
		pp.Children = append(pp.Children, b.node(c, depth))
	}
	pp.Children = append(pp.Children, np)
	sortByFirst(pp)
	return pp
}

// bareNominal builds the noun phrase of i without its preposition. Phrasal
// modifiers after the head make Penn's (NP (NP the Gondor) (PP of ...)).
func (b *depBuilder) bareNominal(i int, kids []int, depth int, split bool) *Node {
	label := npLabel(b.toks[i].Deprel)
	switch x := b.xpos(i); {
	case b.toks[i].UPOS == "ADV" || strings.HasPrefix(x, "RB"):
		label = "ADVP"
	case b.toks[i].UPOS == "ADJ" || strings.HasPrefix(x, "JJ"):
		label = "ADJP"
	}
	np := &Node{Label: label}
	var post []*Node
	isCase := map[int]bool{}
	for _, c := range b.caseKids(i, kids) {
		isCase[c] = true
	}
	for _, c := range kids {
		if isCase[c] {
			continue
		}
		r := base(b.toks[c].Deprel)
		var n *Node
		if len(b.kids[c]) == 0 || r == "punct" {
			n = b.leaf(c)
		} else {
			n = b.phrase(c, depth+1)
		}
		// Punctuation after a phrasal modifier stays after it.
		if split && c > i && ((!n.Leaf() && r != "punct" && r != "flat" && r != "compound") || (r == "punct" && len(post) > 0)) {
			post = append(post, n)
			continue
		}
		np.Children = append(np.Children, n)
	}
	np.Children = append(np.Children, b.leaf(i))
	sortByFirst(np)
	if len(post) == 0 || label != "NP" {
		if len(post) > 0 {
			np.Children = append(np.Children, post...)
			sortByFirst(np)
		}
		return np
	}
	outer := &Node{Label: "NP", Children: append([]*Node{np}, post...)}
	sortByFirst(outer)
	return outer
}

// clause builds (S subject (VP aux (VP verb ...))) or SBAR when marked.
func (b *depBuilder) clause(i int, kids, vconj []int, depth int) *Node {
	var subj, aux, marks, pre, post []int
	for _, c := range kids {
		switch base(b.toks[c].Deprel) {
		case "nsubj", "csubj", "expl":
			subj = append(subj, c)
		case "aux", "cop":
			aux = append(aux, c)
		case "mark":
			if strings.EqualFold(b.toks[c].Form, "to") {
				aux = append(aux, c)
			} else {
				marks = append(marks, c)
			}
		default:
			if c < i {
				pre = append(pre, c)
			} else {
				post = append(post, c)
			}
		}
	}
	// Reported-speech and loose clauses (parataxis) and punctuation after
	// the verb phrase belong to the sentence, not the verb phrase:
	// "X will do Y, an official said."
	var late []int
	end := i
	// The clause ends with its last word outside loose clauses and
	// punctuation, conjuncts included (they are built beside it).
	for _, c := range b.kids[i] {
		if r := base(b.toks[c].Deprel); c > i && r != "parataxis" && r != "punct" {
			if m := b.maxPos(c, 0); m > end {
				end = m
			}
		}
	}
	var keep []int
	for _, c := range post {
		r := base(b.toks[c].Deprel)
		if r == "parataxis" || (r == "punct" && c > end) {
			late = append(late, c)
		} else {
			keep = append(keep, c)
		}
	}
	post = keep
	sub := func(c int) *Node {
		if len(b.kids[c]) == 0 {
			if b.toks[c].UPOS == "NOUN" || b.toks[c].UPOS == "PROPN" || b.toks[c].UPOS == "PRON" {
				np := &Node{Label: npLabel(b.toks[c].Deprel), Children: []*Node{b.leaf(c)}}
				sortByFirst(np)
				return np
			}
			return b.leaf(c)
		}
		return b.phrase(c, depth+1)
	}
	vp := &Node{Label: "VP", Children: []*Node{b.leaf(i)}}
	// Pre-verbal modifiers after the last auxiliary stay with the verb.
	lastAux := -1
	if len(aux) > 0 {
		lastAux = aux[len(aux)-1]
	}
	lastSubj := -1
	for _, c := range subj {
		if c > lastSubj {
			lastSubj = c
		}
	}
	firstMark := -1
	for _, c := range marks {
		if firstMark < 0 || c < firstMark {
			firstMark = c
		}
	}
	// Pre-verbal modifiers after the subject stay in the verb phrase, at
	// the level of the auxiliary they follow ("will not wire tap"); those
	// before a subordinator go with it; the rest are clause-level.
	var early, outer []int
	withAux := map[int][]int{}
	for _, c := range pre {
		switch {
		case c > lastAux && c > lastSubj:
			vp.Children = append(vp.Children, sub(c))
		case c > lastSubj && len(aux) > 0 && c > aux[0]:
			k := 0
			for j, a := range aux {
				if a < c {
					k = j
				}
			}
			withAux[k] = append(withAux[k], c)
		case firstMark >= 0 && c < firstMark:
			outer = append(outer, c)
		default:
			early = append(early, c)
		}
	}
	for _, c := range post {
		vp.Children = append(vp.Children, sub(c))
	}
	sortByFirst(vp)
	if len(vconj) > 0 {
		coord := &Node{Label: "VP", Children: []*Node{vp}}
		b.coordinate(coord, vconj, depth)
		vp = coord
	}
	for k := len(aux) - 1; k >= 0; k-- {
		vp = &Node{Label: "VP", Children: []*Node{b.node(aux[k], depth), vp}}
		for _, c := range withAux[k] {
			vp.Children = append(vp.Children, sub(c))
		}
		sortByFirst(vp)
	}
	s := &Node{Label: "S"}
	for _, c := range subj {
		s.Children = append(s.Children, sub(c))
	}
	for _, c := range early {
		s.Children = append(s.Children, sub(c))
	}
	s.Children = append(s.Children, vp)
	for _, c := range late {
		s.Children = append(s.Children, sub(c))
	}
	sortByFirst(s)
	if len(marks) == 0 {
		if len(outer) > 0 {
			for _, c := range outer {
				s.Children = append(s.Children, sub(c))
			}
			sortByFirst(s)
		}
		return s
	}
	sb := &Node{Label: "SBAR"}
	for _, c := range marks {
		sb.Children = append(sb.Children, b.node(c, depth))
	}
	for _, c := range outer {
		sb.Children = append(sb.Children, sub(c))
	}
	sb.Children = append(sb.Children, s)
	sortByFirst(sb)
	return sb
}

// sortByFirst orders a node's children by their first word and records
// that position in the node's First (until the tree is indexed).
func sortByFirst(n *Node) {
	sort.SliceStable(n.Children, func(a, c int) bool { return n.Children[a].First < n.Children[c].First })
	if len(n.Children) > 0 {
		n.First = n.Children[0].First
	}
}

// repairSubjects mends common parser errors around a clause's subject
// before the tree is built, so the coder sees one subject phrase:
//   - a bare nominal just before a subject ("the evil awful | Gondor",
//     split off as obl or npmod) belongs to that subject;
//   - adjacent subjects with nothing between them ("the news agency |
//     WFNA said") are one name: the first modifies the second;
//   - several subjects of one verb separated by a comma or a conjunction
//     ("A, B and C welcomed") are a coordination headed by the first,
//     with the clause's conjunction moved to the conjunct it precedes;
//   - an apposition inside such a list ("A, B, and C") is a conjunct.
func repairSubjects(toks []DepToken) {
	n := len(toks)
	if n > 500 { // no real sentence; keeps the walks below cheap
		return
	}
	ch := make([][]int, n)
	for i, t := range toks {
		if t.Head >= 0 && t.Head < n && t.Head != i {
			ch[t.Head] = append(ch[t.Head], i)
		}
	}
	setHead := func(i, h int) {
		if old := toks[i].Head; old >= 0 && old < n {
			k := ch[old][:0]
			for _, c := range ch[old] {
				if c != i {
					k = append(k, c)
				}
			}
			ch[old] = k
		}
		toks[i].Head = h
		ch[h] = append(ch[h], i)
		sort.Ints(ch[h])
	}
	// under reports whether i is inside h's subtree (bounded walk: the
	// parse may still hold cycles here).
	under := func(i, h int) bool {
		for k := 0; i >= 0 && i < n && k <= n; i, k = toks[i].Head, k+1 {
			if i == h {
				return true
			}
		}
		return false
	}
	// span is the first and last word of i's contiguous subtree.
	span := func(i int) (int, int) {
		lo, hi := i, i
		for lo > 0 && under(lo-1, i) {
			lo--
		}
		for hi+1 < n && under(hi+1, i) {
			hi++
		}
		return lo, hi
	}
	isNom := func(i int) bool {
		u := toks[i].UPOS
		return u == "NOUN" || u == "PROPN" || u == "PRON" || u == "NUM"
	}
	hasCase := func(i int) bool {
		for _, c := range ch[i] {
			if r := base(toks[c].Deprel); r == "case" || r == "mark" {
				return true
			}
		}
		return false
	}
	for v := range toks {
		var subj []int
		for _, c := range ch[v] {
			if base(toks[c].Deprel) == "nsubj" && c < v && isNom(c) && len(subj) < 8 {
				subj = append(subj, c)
			}
		}
		if len(subj) == 0 {
			continue
		}
		// A caseless nominal right before a subject joins it: the only
		// candidate is the verb's dependent that holds the word before.
		for _, s := range subj {
			sl, _ := span(s)
			if sl == 0 {
				continue
			}
			c := sl - 1
			for k := 0; c >= 0 && c < n && toks[c].Head != v && k <= n; k++ {
				c = toks[c].Head
			}
			if c < 0 || c >= n || toks[c].Head != v || c >= s || !isNom(c) || hasCase(c) {
				continue
			}
			if r := base(toks[c].Deprel); r != "obl" && r != "nmod" && r != "dep" && r != "ccomp" {
				continue
			}
			lo, hi := span(c)
			for lo < c && toks[lo].UPOS == "PUNCT" {
				lo++
			}
			if hi+1 != sl || !plainWords(toks[lo:s+1]) {
				continue
			}
			for _, k := range append([]int(nil), ch[c]...) {
				setHead(k, s)
			}
			setHead(c, s)
			toks[c].Deprel = "compound"
		}
		// Adjacent subjects: one name.
		for k := 0; k+1 < len(subj); k++ {
			a, b := subj[k], subj[k+1]
			if a+1 == b && len(ch[a]) == 0 {
				setHead(a, b)
				toks[a].Deprel = "compound"
				subj = append(subj[:k], subj[k+1:]...)
				k--
			}
		}
		// A reporting clause after a comma, parsed as an unmarked adverbial
		// clause ("X did Y, the agency said"), is a loose clause.
		for _, c := range ch[v] {
			if base(toks[c].Deprel) != "advcl" || c < v {
				continue
			}
			marked, subject := false, false
			for _, k := range ch[c] {
				switch base(toks[k].Deprel) {
				case "mark":
					marked = true
				case "nsubj":
					subject = true
				}
			}
			lo, _ := span(c)
			if !marked && subject && lo > 0 && (toks[lo].Form == "," || toks[lo-1].Form == ",") {
				toks[c].Deprel = "parataxis"
			}
		}
		if len(subj) < 2 {
			continue
		}
		// Several subjects: a coordination headed by the first.
		first := subj[0]
		for k, s := range subj[1:] {
			if under(first, s) || under(s, first) {
				continue
			}
			// Only a list: between two subjects nothing but the verb's
			// commas and conjunctions.
			_, phi := span(subj[k])
			slo, _ := span(s)
			list := true
			for x := phi + 1; x < slo; x++ {
				if r := base(toks[x].Deprel); toks[x].Head != v || (r != "cc" && r != "punct") {
					list = false
				}
			}
			if !list {
				break
			}
			setHead(s, first)
			toks[s].Deprel = "conj"
			// The verb's conjunction or comma just before s goes to s.
			for _, c := range append([]int(nil), ch[v]...) {
				if r := base(toks[c].Deprel); (r == "cc" || r == "punct") && c < s && c > first {
					setHead(c, s)
				}
			}
		}
		for _, c := range ch[first] {
			if base(toks[c].Deprel) == "appos" {
				toks[c].Deprel = "conj"
			}
		}
	}
}

// plainWords reports whether a stretch has no punctuation and no verb, so
// that it can be one noun phrase.
func plainWords(ts []DepToken) bool {
	for _, t := range ts {
		if t.UPOS == "PUNCT" || t.UPOS == "VERB" || t.UPOS == "AUX" || t.UPOS == "ADP" || t.UPOS == "SCONJ" || t.UPOS == "CCONJ" {
			return false
		}
	}
	return true
}

func isNominal(t DepToken) bool {
	return t.UPOS == "NOUN" || t.UPOS == "PROPN" || t.UPOS == "PRON" || t.UPOS == "NUM"
}

// repairLists mends misparsed lists of names: "A, B, C and D" often comes
// out as nested conjuncts with an apposition inside. Conjuncts of a
// nominal conjunct move up to the first conjunct, and an apposition set
// off by a comma before a later conjunct is a conjunct itself, as is a
// name's apposed name with conjuncts of its own (with them).
func repairLists(toks []DepToken) {
	n := len(toks)
	if n > 500 {
		return
	}
	for i := range toks {
		h := toks[i].Head
		// Bounded: each step moves a conjunct strictly up a chain.
		for k := 0; k < 8 && base(toks[i].Deprel) == "conj" && h >= 0 && h < n && h < i &&
			base(toks[h].Deprel) == "conj" && isNominal(toks[h]) && isNominal(toks[i]) &&
			toks[h].Head >= 0 && toks[h].Head < h; k++ {
			toks[i].Head = toks[h].Head
			h = toks[i].Head
		}
	}
	for a := range toks {
		h := toks[a].Head
		if base(toks[a].Deprel) != "appos" || h < 0 || h >= n || h > a || !isNominal(toks[a]) {
			continue
		}
		// The head of the list: h itself or the conjunct h belongs to.
		top := h
		if base(toks[h].Deprel) == "conj" && toks[h].Head >= 0 && toks[h].Head < n {
			top = toks[h].Head
		}
		comma := false
		for j := range toks {
			if toks[j].Head == a && j < a && toks[j].Form == "," {
				comma = true
			}
		}
		later := false
		var own []int // a's own conjuncts: "A, B, C and D" read as A appos (B, C and D)
		for j := a + 1; j < n; j++ {
			if base(toks[j].Deprel) != "conj" {
				continue
			}
			if toks[j].Head == h || toks[j].Head == top {
				later = true
			}
			// A name cannot be one with a list of names: such an
			// apposition is the rest of the list.
			if toks[j].Head == a && toks[h].UPOS == "PROPN" && toks[a].UPOS == "PROPN" && toks[j].UPOS == "PROPN" {
				own = append(own, j)
			}
		}
		if comma && (later || len(own) > 0) {
			toks[a].Head, toks[a].Deprel = top, "conj"
			for _, j := range own {
				toks[j].Head = top
			}
		}
	}
}

// repairRoot mends a clause parsed as a noun phrase: when the root is a
// nominal and its only verb is a subjectless clause modifier ("Gondor's
// new king left for Arnor" read as "Gondor, who left"), the verb is the
// root and the nominal words before it are its subject.
func repairRoot(toks []DepToken) {
	n := len(toks)
	if n > 500 {
		return
	}
	root := -1
	for i, t := range toks {
		if t.Head < 0 || t.Head >= n {
			if root >= 0 {
				return
			}
			root = i
		}
	}
	if root < 0 || !isNominal(toks[root]) {
		return
	}
	v := -1
	for i, t := range toks {
		if t.Head == root && base(t.Deprel) == "acl" && t.UPOS == "VERB" && i > root {
			if v >= 0 {
				return
			}
			v = i
		}
	}
	if v < 0 {
		return
	}
	var pre []int
	for i, t := range toks {
		if t.Head != v {
			continue
		}
		switch r := base(t.Deprel); {
		case r == "nsubj" || r == "mark" || r == "aux" || r == "cop" || r == "expl" || t.UPOS == "PRON":
			return // a real relative or finite clause of its own
		case i < v && isNominal(t) && r != "obl" && r != "nmod":
			pre = append(pre, i)
		}
	}
	// Nothing but the nominal's own words may come before the verb.
	for i := 0; i < v; i++ {
		if toks[i].UPOS == "VERB" || toks[i].UPOS == "AUX" {
			return
		}
	}
	toks[v].Head, toks[v].Deprel = -1, "root"
	if toks[v].XPOS == "VBN" {
		toks[v].XPOS = "VBD" // finite with no auxiliary
	}
	subj := root
	if len(pre) == 1 {
		// "Gondor 's new | king": the word before the verb heads the
		// subject; the old root is its possessor or modifier.
		subj = pre[0]
		rel := "compound"
		for _, t := range toks {
			if t.Head == root && t.XPOS == "POS" {
				rel = "nmod:poss"
			}
		}
		toks[root].Head, toks[root].Deprel = subj, rel
	}
	toks[subj].Head, toks[subj].Deprel = v, "nsubj"
	// The verb's other words before the subject's head (its adjectives)
	// belong to the subject.
	for i := 0; i < subj; i++ {
		if toks[i].Head == v && i != subj && base(toks[i].Deprel) != "punct" {
			toks[i].Head = subj
		}
	}
}

// repairReporting lifts a closing reporting clause (", a senior official
// said on Monday.") that the parser hung deep inside the sentence, as a
// relative or complement clause of some noun, up to the root as a loose
// clause, where it belongs and where the coder's comma rules find it.
func repairReporting(toks []DepToken) {
	n := len(toks)
	if n > 500 {
		return
	}
	root := -1
	for i, t := range toks {
		if t.Head < 0 || t.Head >= n {
			if root >= 0 {
				return
			}
			root = i
		}
	}
	if root < 0 {
		return
	}
	// The last word before closing punctuation.
	last := n - 1
	for last > 0 && toks[last].UPOS == "PUNCT" {
		last--
	}
	for v := range toks {
		t := toks[v]
		r := base(t.Deprel)
		if t.UPOS != "VERB" || t.Head == root || t.Head < 0 || t.Head >= n || v < root ||
			(r != "acl" && r != "ccomp" && r != "advcl" && r != "parataxis") {
			continue
		}
		subj := -1
		bad := false
		for i, k := range toks {
			if k.Head != v {
				continue
			}
			switch base(k.Deprel) {
			case "nsubj":
				subj = i
			case "mark", "aux", "cop":
				bad = true
			}
			if k.XPOS == "WP" || k.XPOS == "WDT" || k.XPOS == "WRB" {
				bad = true
			}
		}
		if bad || subj < 0 || subj > v {
			continue
		}
		// The subject phrase opens with a comma ("…, a senior official"),
		// and the clause runs to the end of the sentence.
		lo := subj
		for i := subj - 1; i >= 0 && toks[i].Head == subj; i-- {
			lo = i
		}
		for i := 0; i < subj; i++ {
			if toks[i].Head == subj && i < lo {
				lo = i
			}
		}
		comma := toks[lo].Form == "," || (lo > 0 && toks[lo-1].Form == ",")
		end := v
		for i := v + 1; i < n; i++ {
			for x, k := i, 0; x >= 0 && x < n && k <= n; x, k = toks[x].Head, k+1 {
				if x == v {
					end = i
					break
				}
			}
		}
		if comma && end >= last {
			toks[v].Head, toks[v].Deprel = root, "parataxis"
		}
	}
}

// retagGerunds corrects a tagger that read a name ending in -ng
// ("Pyongyang") as a gerund: an -ing form that does not end in "ing" is a
// noun, and as a clausal subject, a nominal one.
func retagGerunds(toks []DepToken) {
	if len(toks) > 500 {
		return
	}
	for i, t := range toks {
		if t.XPOS != "VBG" || strings.HasSuffix(strings.ToLower(t.Form), "ing") {
			continue
		}
		toks[i].UPOS, toks[i].XPOS = "NOUN", "NN"
		if t.Form != "" && t.Form[0] >= 'A' && t.Form[0] <= 'Z' {
			toks[i].UPOS, toks[i].XPOS = "PROPN", "NNP"
		}
		if base(t.Deprel) == "csubj" {
			toks[i].Deprel = "nsubj"
		}
		for k := range toks {
			if toks[k].Head == i && base(toks[k].Deprel) == "obl" {
				toks[k].Deprel = "nmod"
			}
		}
	}
}

// kids returns the dependents of each word (heads out of range ignored).
func kids(toks []DepToken) [][]int {
	ch := make([][]int, len(toks))
	for i, t := range toks {
		if t.Head >= 0 && t.Head < len(toks) && t.Head != i {
			ch[t.Head] = append(ch[t.Head], i)
		}
	}
	return ch
}

// RepairModifierWithSubject mends a finite verb read as an adjective of
// a noun after it although it has a subject of its own: "The United
// States imposed(amod) new tariffs(root) on China", with "States" the
// verb's nsubj, or with the subject hung on the root noun instead. A
// modifier takes no subject, so the verb takes the noun's place in the
// tree and the noun becomes its object. Only a VERB tagged VBD or VBN
// with a nominal subject before it is moved.
func RepairModifierWithSubject(toks []DepToken) {
	n := len(toks)
	if n > 500 {
		return
	}
	var ch [][]int
	for v := range toks {
		tv := toks[v]
		o := tv.Head
		if base(tv.Deprel) != "amod" || tv.UPOS != "VERB" || (tv.XPOS != "VBD" && tv.XPOS != "VBN") || o <= v || o >= n || !isNominal(toks[o]) {
			continue
		}
		if ch == nil {
			ch = kids(toks)
		}
		subj := false
		for _, k := range ch[v] {
			if base(toks[k].Deprel) == "nsubj" && k < v && isNominal(toks[k]) {
				subj = true
			}
		}
		// "Russian missiles(nsubj of facilities) struck(amod) energy
		// facilities(root)": a root noun with a subject and no copula is
		// a verbless clause; the verb between them is its predicate.
		moved := -1
		if !subj && toks[o].Head < 0 {
			cop := false
			for _, k := range ch[o] {
				switch base(toks[k].Deprel) {
				case "cop":
					cop = true
				case "nsubj":
					if k < v && isNominal(toks[k]) {
						moved = k
					}
				}
			}
			if cop {
				moved = -1
			}
		}
		if !subj && moved < 0 || toks[o].Head == v {
			continue
		}
		toks[v].Head, toks[v].Deprel = toks[o].Head, toks[o].Deprel
		toks[o].Head, toks[o].Deprel = v, "obj"
		if moved >= 0 {
			toks[moved].Head = v
		}
		ch = kids(toks)
	}
}

// repairVerbAsModifier mends a finite verb read as an adjective of the
// noun after it, where that noun hangs off another noun as its object or
// as a conjunct after "and":
//   - "Russian police | arrested(amod) students(obj of police)": a noun
//     takes no object, so the verb heads a reduced clause of the first
//     noun (acl), which repairRoot then makes the root when it is one;
//   - "… on Thursday and | promised(amod) raids(conj of Thursday)": the
//     verb is a second predicate of the clause that holds Thursday, with
//     raids its object.
//
// Only a VERB tagged VBD or VBN directly before the noun, with no
// dependents of its own, is moved.
func repairVerbAsModifier(toks []DepToken) {
	n := len(toks)
	if n > 500 {
		return
	}
	ch := kids(toks)
	for o := 1; o < n; o++ {
		v := o - 1
		tv, to := toks[v], toks[o]
		if tv.Head != o || base(tv.Deprel) != "amod" || tv.UPOS != "VERB" || (tv.XPOS != "VBD" && tv.XPOS != "VBN") {
			continue
		}
		// its only dependent may be the "and" before it
		if len(ch[v]) > 1 || (len(ch[v]) == 1 && (ch[v][0] != v-1 || base(toks[v-1].Deprel) != "cc")) {
			continue
		}
		h := to.Head
		if h < 0 || h >= n || h >= v || !isNominal(toks[h]) || !isNominal(to) {
			continue
		}
		switch base(to.Deprel) {
		case "obj":
			if len(ch[v]) > 0 {
				continue
			}
			// the verb takes the object; it modifies the first noun
			toks[v].Head, toks[v].Deprel = h, "acl"
			toks[o].Head = v
		case "conj":
			// "X and VERBED Y": a predicate beside the one X belongs to
			cc := -1
			for _, k := range append(ch[o], ch[v]...) {
				if base(toks[k].Deprel) == "cc" && k == v-1 {
					cc = k
				}
			}
			g := toks[h].Head
			if cc < 0 || g < 0 || g >= n || toks[g].UPOS != "VERB" {
				continue
			}
			if r := base(toks[h].Deprel); r != "obl" && r != "obj" {
				continue
			}
			toks[v].Head, toks[v].Deprel = g, "conj"
			toks[cc].Head = v
			toks[o].Head, toks[o].Deprel = v, "obj"
		}
		ch = kids(toks)
	}
}

// subordinators are prepositions that also open a finite clause ("after
// the envoy left").
var subordinators = map[string]bool{"after": true, "before": true, "since": true, "until": true, "till": true, "once": true}

// repairSubordinate mends a subordinate clause read as a prepositional
// phrase and a second predicate: in "X downplayed the meeting | after(case)
// a hafling(obl) | was reported(conj)", the conjunct has no conjunction or
// comma before it, so "after a hafling was reported" is an adverbial
// clause with "a hafling" its subject.
func repairSubordinate(toks []DepToken) {
	n := len(toks)
	if n > 500 {
		return
	}
	ch := kids(toks)
	for c := 1; c < n; c++ {
		tc := toks[c]
		v := tc.Head
		if base(tc.Deprel) != "conj" || tc.UPOS != "VERB" || v < 0 || v >= c {
			continue
		}
		// the clause's first word: c or its auxiliaries just before it
		first := c
		pass := false
		bad := false
		for _, k := range ch[c] {
			switch base(toks[k].Deprel) {
			case "cc", "nsubj", "mark", "expl":
				bad = true
			case "punct":
				if k < c {
					bad = true
				}
			case "aux":
				if k < first {
					first = k
				}
				if toks[k].Deprel == "aux:pass" {
					pass = true
				}
			}
		}
		if bad || first == 0 {
			continue
		}
		// the nominal just before it, a PP of the first predicate
		nm := first - 1
		if toks[nm].Head != v || !isNominal(toks[nm]) {
			continue
		}
		if r := base(toks[nm].Deprel); r != "obl" && r != "nmod" {
			continue
		}
		mk := -1
		for _, k := range ch[nm] {
			if base(toks[k].Deprel) == "case" && k < nm && subordinators[strings.ToLower(toks[k].Form)] {
				mk = k
			}
		}
		if mk < 0 {
			continue
		}
		toks[mk].Head, toks[mk].Deprel, toks[mk].UPOS = c, "mark", "SCONJ"
		toks[nm].Head, toks[nm].Deprel = c, "nsubj"
		if pass {
			toks[nm].Deprel = "nsubj:pass"
		}
		toks[c].Deprel = "advcl"
		ch = kids(toks)
	}
}

// RepairModifierClauses runs the repairs of a finite clause read as a
// modifier of its subject noun that both coders share (event.cameo.v1
// calls it on its own copy of the parse; FromDependencies calls it too):
// repairNameBeforeNoun, then repairParticipleObject.
func RepairModifierClauses(toks []DepToken) {
	if len(toks) > 500 {
		return
	}
	repairNameBeforeNoun(toks)
	repairParticipleObject(toks)
}

// repairNameBeforeNoun mends a name cut off from the common noun it
// modifies: "Gondor | guards(list of Gondor) | arrested ..." where the
// noun hangs off the name before it as a list item, apposition or loose
// dependent with no punctuation between them. The noun heads the phrase
// and the name is its compound, so the name's country reaches the noun.
// Only a noun that heads a verb clause modifier (acl) is moved: that is
// the clause the parser failed to see.
func repairNameBeforeNoun(toks []DepToken) {
	n := len(toks)
	ch := kids(toks)
	for x := 1; x < n; x++ {
		g := toks[x].Head
		if g < 0 || g >= x || toks[x].UPOS != "NOUN" || toks[g].UPOS != "PROPN" {
			continue
		}
		if r := base(toks[x].Deprel); r != "list" && r != "appos" && r != "dep" {
			continue
		}
		// the name's words end right before the noun's first word
		if lo, _ := span(toks, ch, x); lo != x {
			continue
		}
		if _, hi := spanBefore(toks, ch, g, x); hi != x-1 {
			continue
		}
		acl := false
		for _, k := range ch[x] {
			if k > x && base(toks[k].Deprel) == "acl" && toks[k].UPOS == "VERB" {
				acl = true
			}
		}
		if !acl {
			continue
		}
		toks[x].Head, toks[x].Deprel = toks[g].Head, toks[g].Deprel
		toks[g].Head, toks[g].Deprel = x, "compound"
		for _, k := range ch[g] {
			if k > x {
				toks[k].Head = x // what followed the noun is the noun's
			}
		}
		ch = kids(toks)
	}
}

// RepairPrepositionMark mends a preposition read as the marker of a
// clause that then has two subjects: "Arnor spoke by phone with | the king
// of Gondor on Sunday, the herald reported" with "with" a mark of
// "reported" and the king a second subject of it, or "the lords of | the
// Shire were expected to meet" with "of" a mark of "expected". A
// preposition marks no clause, and a clause has one subject: the subject
// right after the preposition (with any determiner the parser hung on the
// verb) is its phrase, which modifies the subject just before it, else is
// an oblique of the verb the clause hangs from. Both coders call it
// (event.cameo.v1 on its own copy of the parse).
func RepairPrepositionMark(toks []DepToken) {
	n := len(toks)
	if n > 500 {
		return
	}
	ch := kids(toks)
	for v := range toks {
		if toks[v].UPOS != "VERB" {
			continue
		}
		mk := -1
		var subj []int
		for _, c := range ch[v] {
			switch base(toks[c].Deprel) {
			case "nsubj":
				if c < v {
					subj = append(subj, c)
				}
			case "mark":
				if toks[c].UPOS == "ADP" && mk < 0 {
					mk = c
				}
			}
		}
		if mk < 0 || len(subj) < 2 {
			continue
		}
		s := -1 // the subject the preposition introduces
		for _, x := range subj {
			if x > mk {
				s = x
				break
			}
		}
		if s < 0 || !isNominal(toks[s]) {
			continue
		}
		lo, _ := span(toks, ch, s)
		var dets []int
		for k := mk + 1; k < lo && s >= 0; k++ {
			if toks[k].Head != v || base(toks[k].Deprel) != "det" {
				s = -1
			}
			dets = append(dets, k)
		}
		if s < 0 {
			continue
		}
		g, rel := -1, ""
		for _, x := range subj {
			if _, hi := span(toks, ch, x); x < mk && hi == mk-1 {
				g, rel = x, "nmod"
			}
		}
		if h := toks[v].Head; g < 0 && s == subj[0] && h >= 0 && h < mk && toks[h].UPOS == "VERB" {
			g, rel = h, "obl"
		}
		if g < 0 {
			continue
		}
		toks[s].Head, toks[s].Deprel = g, rel
		toks[mk].Head, toks[mk].Deprel = s, "case"
		for _, k := range dets {
			toks[k].Head = s
		}
		ch = kids(toks)
	}
}

// RepairObjectAsSubject mends the object of a speech or other verb read
// as the first of two subjects of its complement clause: "Arnor told |
// the king he would leave" with the king and "he" both subjects of
// "leave". A clause has one subject: the first, right after the verb, is
// that verb's indirect object. Both coders call it (event.cameo.v1 on its
// own copy of the parse).
func RepairObjectAsSubject(toks []DepToken) {
	n := len(toks)
	if n > 500 {
		return
	}
	ch := kids(toks)
	for v := range toks {
		h := toks[v].Head
		if h < 0 || h >= n || h > v || base(toks[v].Deprel) != "ccomp" || toks[h].UPOS != "VERB" {
			continue
		}
		var subj []int
		for _, c := range ch[v] {
			if base(toks[c].Deprel) == "nsubj" && c > h && c < v {
				subj = append(subj, c)
			}
		}
		if len(subj) < 2 || !isNominal(toks[subj[0]]) {
			continue
		}
		if lo, _ := span(toks, ch, subj[0]); lo != h+1 {
			continue
		}
		toks[subj[0]].Head, toks[subj[0]].Deprel = h, "iobj"
		ch = kids(toks)
	}
}

// span is the first and last word of i's subtree (bounded: the heads may
// hold a cycle).
func span(toks []DepToken, ch [][]int, i int) (int, int) {
	lo, hi := i, i
	stack := []int{i}
	for seen := 0; len(stack) > 0 && seen <= len(toks); seen++ {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		lo, hi = min(lo, k), max(hi, k)
		stack = append(stack, ch[k]...)
	}
	return lo, hi
}

// spanBefore is span over i's dependents before word stop only.
func spanBefore(toks []DepToken, ch [][]int, i, stop int) (int, int) {
	lo, hi := i, i
	for _, k := range ch[i] {
		if k >= stop {
			continue
		}
		a, b := span(toks, ch, k)
		lo, hi = min(lo, a), max(hi, b)
	}
	return lo, hi
}

// timeNouns head phrases that are times, not objects ("arrested
// yesterday", "seized last week").
var timeNouns = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true,
	"sunday": true, "today": true, "yesterday": true, "tomorrow": true, "tonight": true, "morning": true,
	"evening": true, "afternoon": true, "night": true, "week": true, "weekend": true, "month": true,
	"year": true, "day": true, "hour": true, "minute": true, "time": true,
	"weeks": true, "months": true, "years": true, "days": true, "hours": true,
}

// repairParticipleObject mends a verb read as a reduced relative of the
// noun just before it, with its object hung elsewhere: in "Gondor's guards
// | arrested(acl of guards) | a spy(obj or bare obl of a later verb)", a
// noun phrase right after the verb, with no preposition, that a verb
// further away took as its object or bare oblique is this verb's object.
// The verb, a VBD or VBN with no dependents of its own, then has the
// object that shows the active voice (aclSubject, repairRoot). A real
// reduced relative keeps its shape: "the spy arrested yesterday was
// released" (a time, and the verb's own), "the spy arrested by guards"
// (the verb has dependents), "the spy arrested in Arnor" (a preposition).
func repairParticipleObject(toks []DepToken) {
	n := len(toks)
	ch := kids(toks)
	for v := 1; v+1 < n; v++ {
		tv := toks[v]
		if tv.Head != v-1 || tv.Deprel != "acl" || tv.UPOS != "VERB" || (tv.XPOS != "VBD" && tv.XPOS != "VBN") {
			continue
		}
		if u := toks[v-1].UPOS; u != "NOUN" && u != "PROPN" {
			continue
		}
		if len(ch[v]) > 0 {
			continue
		}
		// the head of the noun phrase that starts right after the verb
		o := v + 1
		for k := 0; k < 6 && o < n; k++ {
			r := base(toks[o].Deprel)
			if r != "det" && r != "amod" && r != "nummod" && r != "compound" && r != "nmod:poss" {
				break
			}
			if h := toks[o].Head; h > o && h < n {
				o = h
			} else {
				break
			}
		}
		if o >= n || (toks[o].UPOS != "NOUN" && toks[o].UPOS != "PROPN") || timeNouns[strings.ToLower(toks[o].Form)] {
			continue
		}
		if lo, _ := span(toks, ch, o); lo != v+1 {
			continue
		}
		g := toks[o].Head
		if g < 0 || g >= n || toks[g].UPOS != "VERB" || (g >= v-1 && g <= o) {
			continue
		}
		switch toks[o].Deprel {
		case "obj", "obl:unmarked", "obl:npmod", "obl:tmod", "obl":
		default:
			continue
		}
		hasCase := false
		for _, k := range ch[o] {
			if base(toks[k].Deprel) == "case" {
				hasCase = true
			}
		}
		if hasCase {
			continue
		}
		toks[o].Head, toks[o].Deprel = v, "obj"
		ch = kids(toks)
	}
}

// repairThatParataxis mends a "that" clause read as a loose clause of the
// verb before it: "Arnor expressed hopes on Monday | that Gondor would be
// drawn into talks" with "drawn" a parataxis of "expressed". A clause
// that a complementiser introduces is subordinate, not set beside its
// head: it is the verb's complement (ccomp).
func repairThatParataxis(toks []DepToken) {
	n := len(toks)
	if n > 500 {
		return
	}
	ch := kids(toks)
	for v, t := range toks {
		h := t.Head
		if base(t.Deprel) != "parataxis" || t.UPOS != "VERB" || h < 0 || h >= v || toks[h].UPOS != "VERB" {
			continue
		}
		for _, c := range ch[v] {
			if base(toks[c].Deprel) == "mark" && strings.EqualFold(toks[c].Form, "that") {
				toks[v].Deprel = "ccomp"
				break
			}
		}
	}
}

// repairAdjectiveCoordination mends two adjectives joined by "and" or
// "or" before a noun phrase, read as modifiers of two different nouns
// with the conjunction hung on the second noun: "Arnor's old and wise
// minister Elrond" with "old" on Elrond, "wise" and "and" on "minister".
// The conjunction coordinates nothing there (that noun has no conjunct):
// the second adjective is a conjunct of the first.
func repairAdjectiveCoordination(toks []DepToken) {
	n := len(toks)
	if n > 500 {
		return
	}
	ch := kids(toks)
	for c := 1; c+1 < n; c++ {
		a, b, h := c-1, c+1, toks[c].Head
		if base(toks[c].Deprel) != "cc" || h < 0 || h >= n || h == a || h == b {
			continue
		}
		if toks[a].UPOS != "ADJ" || toks[b].UPOS != "ADJ" || base(toks[a].Deprel) != "amod" || base(toks[b].Deprel) != "amod" || toks[a].Head == toks[b].Head {
			continue
		}
		if base(toks[h].Deprel) == "conj" || len(ch[a]) > 0 || len(ch[b]) > 0 {
			continue
		}
		coord := false
		for _, k := range ch[h] {
			coord = coord || base(toks[k].Deprel) == "conj"
		}
		if coord {
			continue
		}
		toks[b].Head, toks[b].Deprel = a, "conj"
		toks[c].Head = b
		ch = kids(toks)
	}
}

// repairCoordinatedModifier mends a nominal joined to another by ", and"
// or ", or" but read as its modifier: "Arnor's trust in Gondor, and
// Rohan's help" with "help" an nmod of "trust". A modifier takes a
// preposition; a bare nominal after a comma and a conjunction is the next
// item of a list, a conjunct of the nominal it hangs from. With no comma
// ("to Arnor or Gondor's ports", "trade and finance policies") the parser
// more often split one phrase's conjoined words, and those stay.
func repairCoordinatedModifier(toks []DepToken) {
	n := len(toks)
	if n > 500 {
		return
	}
	ch := kids(toks)
	for x, t := range toks {
		h := t.Head
		if t.Deprel != "nmod" || !isNominal(t) || h < 0 || h >= x || !isNominal(toks[h]) {
			continue
		}
		cc, prep := false, false
		for _, k := range ch[x] {
			switch base(toks[k].Deprel) {
			case "cc":
				cc = cc || (k < x && k > 0 && toks[k-1].Form == ",")
			case "case":
				prep = true
			}
		}
		if cc && !prep {
			toks[x].Deprel = "conj"
		}
	}
}

// repairNominalConjunct mends a noun phrase read as a conjunct of the
// verb before it with no conjunction between them: "Arnor will restore,
// it appears, full ties with Gondor" with "ties" a conjunct of "appears".
// A verb and a noun phrase do not coordinate, least of all without a
// conjunction: the phrase is the verb's object, as a parser that does not
// see the clause break reads it.
func repairNominalConjunct(toks []DepToken) {
	n := len(toks)
	if n > 500 {
		return
	}
	ch := kids(toks)
	for x, t := range toks {
		h := t.Head
		if base(t.Deprel) != "conj" || (t.UPOS != "NOUN" && t.UPOS != "PROPN") || h < 0 || h >= x || toks[h].UPOS != "VERB" {
			continue
		}
		ok := true
		for _, k := range ch[x] {
			ok = ok && !(base(toks[k].Deprel) == "cc" || base(toks[k].Deprel) == "case")
		}
		for _, k := range ch[h] {
			switch base(toks[k].Deprel) {
			case "obj", "ccomp", "xcomp":
				ok = false
			}
		}
		if ok {
			toks[x].Deprel = "obj"
			ch = kids(toks)
		}
	}
}

// RepairCaseOnCompound mends a preposition hung on a compound modifier
// inside the noun phrase it introduces: "a deal with Gondorian builder
// Minas" with "with" on "builder" instead of "Minas". A compound word is
// part of its head's name and takes no preposition of its own, so the
// phrase's head does, unless it has one already. A "compound" with a
// determiner of its own ("in the US and Arnorian pound") or cut off from
// its head by punctuation ("On Monday, traders") is a phrase of its own
// the parser joined to the next noun, and the preposition stays on it;
// so it does where the head has words before the preposition.
func RepairCaseOnCompound(toks []DepToken) {
	n := len(toks)
	if n > 500 {
		return
	}
	var ch [][]int
	for c, t := range toks {
		m := t.Head
		if base(t.Deprel) != "case" || m <= c || m >= n || base(toks[m].Deprel) != "compound" {
			continue
		}
		h := m
		for steps := 0; steps < n && base(toks[h].Deprel) == "compound" && toks[h].Head > h && toks[h].Head < n; steps++ {
			h = toks[h].Head
		}
		if h == m || base(toks[h].Deprel) == "compound" || !isNominal(toks[h]) {
			continue
		}
		if ch == nil {
			ch = kids(toks)
		}
		ok := true
		for _, k := range ch[h] {
			ok = ok && base(toks[k].Deprel) != "case" && k > c
		}
		for _, k := range ch[m] {
			ok = ok && base(toks[k].Deprel) != "det"
		}
		for k := c + 1; k < h && ok; k++ {
			ok = toks[k].UPOS != "PUNCT"
		}
		if ok {
			toks[c].Head = h
			ch = kids(toks)
		}
	}
}

// RepairParticipleSubject mends the subject of a clause read as the
// passive subject of a bare past participle before its verb: "Arnor's
// envoy, in remarks published on Monday, urged Gondor ..." with "envoy"
// the subject of "published" and "published" an adverbial clause of
// "urged", which is left with no subject. A past participle with no
// auxiliary is no finite passive and takes no subject of its own there
// (an absolute phrase, "the vote counted, ...", comes before a verb that
// has its own), so the noun is the subject of the verb.
func RepairParticipleSubject(toks []DepToken) {
	n := len(toks)
	if n > 500 {
		return
	}
	var ch [][]int
	for p, t := range toks {
		v := t.Head
		if t.UPOS != "VERB" || t.XPOS != "VBN" || base(t.Deprel) != "advcl" || v <= p || v >= n || toks[v].UPOS != "VERB" {
			continue
		}
		if ch == nil {
			ch = kids(toks)
		}
		s, ok := -1, true
		for _, k := range ch[p] {
			switch base(toks[k].Deprel) {
			case "nsubj":
				if k < p && s < 0 && isNominal(toks[k]) {
					s = k
				} else {
					ok = false
				}
			case "aux", "cop", "mark", "csubj", "expl":
				ok = false
			}
		}
		for _, k := range ch[v] {
			switch base(toks[k].Deprel) {
			case "nsubj", "csubj", "expl":
				ok = false
			}
		}
		if !ok || s < 0 {
			continue
		}
		toks[s].Head, toks[s].Deprel = v, "nsubj"
		// "in remarks | published": a prepositional phrase right before
		// the participle is the noun the participle modifies, and the
		// phrase, set off by commas, the subject's; its closing comma
		// goes with it.
		o := -1
		for _, k := range ch[p] {
			if base(toks[k].Deprel) == "obl" && k < p && isNominal(toks[k]) {
				if _, hi := span(toks, ch, k); hi == p-1 {
					o = k
				}
			}
		}
		cased := false
		if o >= 0 {
			for _, k := range ch[o] {
				cased = cased || (base(toks[k].Deprel) == "case" && k < o)
			}
		}
		if cased {
			toks[o].Head, toks[o].Deprel = s, "nmod"
			toks[p].Head, toks[p].Deprel = o, "acl"
			for _, k := range ch[p] {
				if k > p && toks[k].UPOS == "PUNCT" && k+1 == v {
					toks[k].Head = s
				}
			}
		}
		ch = kids(toks)
	}
}
