package ner

// Types are the entity types, in class order.
var Types = []string{"PER", "ORG", "LOC", "MISC"}

// Entity is a typed span of tokens [Start, End) in one sentence.
type Entity struct {
	Start, End int
	Type       string
}

// Entities decodes a tag sequence in IOB1, IOB2 or BILOU/IOBES into spans,
// following conlleval: an entity starts at B/U/S, or at I/L/E whose type
// differs from the open entity's; it ends before O, B, U/S or a type change,
// and after L/E/U/S.
func Entities(tags []string) []Entity {
	var out []Entity
	open := -1
	typ := ""
	closeAt := func(i int) {
		if open >= 0 {
			out = append(out, Entity{open, i, typ})
			open = -1
		}
	}
	for i, t := range tags {
		p, ty := splitTag(t)
		switch p {
		case 'O':
			closeAt(i)
		case 'B', 'U', 'S':
			closeAt(i)
			open, typ = i, ty
		default: // I, L, E
			if open < 0 || ty != typ {
				closeAt(i)
				open, typ = i, ty
			}
		}
		if p == 'L' || p == 'E' || p == 'U' || p == 'S' {
			closeAt(i + 1)
		}
	}
	closeAt(len(tags))
	return out
}

func splitTag(t string) (byte, string) {
	if t == "" || t == "O" || len(t) < 3 || t[1] != '-' {
		return 'O', ""
	}
	p := t[0]
	switch p {
	case 'B', 'I', 'L', 'U', 'E', 'S':
		return p, t[2:]
	}
	return 'O', ""
}

// IOB2 renders entities over n tokens as B-/I-/O tags.
func IOB2(n int, ents []Entity) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "O"
	}
	for _, e := range ents {
		for i := e.Start; i < e.End; i++ {
			if i == e.Start {
				out[i] = "B-" + e.Type
			} else {
				out[i] = "I-" + e.Type
			}
		}
	}
	return out
}

// Classes: O, then B, I, L, U for each type.
const (
	pB = iota
	pI
	pL
	pU
)

var classNames = func() []string {
	c := []string{"O"}
	for _, t := range Types {
		for _, p := range "BILU" {
			c = append(c, string(p)+"-"+t)
		}
	}
	return c
}()

const nClasses = 1 + 4*4

func classOf(typ, pos int) int { return 1 + typ*4 + pos }
func typeOf(c int) int {
	if c == 0 {
		return -1
	}
	return (c - 1) / 4
}
func posOf(c int) int { return (c - 1) % 4 }

func typeIndex(t string) int {
	for i, x := range Types {
		if x == t {
			return i
		}
	}
	return -1
}

// bilou turns entities into class ids over n tokens; unknown types are O.
func bilou(n int, ents []Entity) []int {
	out := make([]int, n)
	for _, e := range ents {
		ty := typeIndex(e.Type)
		if ty < 0 {
			continue
		}
		if e.End-e.Start == 1 {
			out[e.Start] = classOf(ty, pU)
			continue
		}
		for i := e.Start; i < e.End; i++ {
			switch i {
			case e.Start:
				out[i] = classOf(ty, pB)
			case e.End - 1:
				out[i] = classOf(ty, pL)
			default:
				out[i] = classOf(ty, pI)
			}
		}
	}
	return out
}

// classEntities decodes a valid BILOU class sequence.
func classEntities(cls []int) []Entity {
	var out []Entity
	start := -1
	for i, c := range cls {
		if c == 0 {
			start = -1
			continue
		}
		ty, p := typeOf(c), posOf(c)
		switch p {
		case pU:
			out = append(out, Entity{i, i + 1, Types[ty]})
			start = -1
		case pB:
			start = i
		case pL:
			if start >= 0 {
				out = append(out, Entity{start, i + 1, Types[ty]})
			}
			start = -1
		}
	}
	return out
}

// transitions[prev][next] says whether next may follow prev (prev 0..16;
// index nClasses means sentence start). lastOK[c] says whether c may end a sentence.
var transitions, lastOK = func() ([nClasses + 1][nClasses]bool, [nClasses]bool) {
	var t [nClasses + 1][nClasses]bool
	var l [nClasses]bool
	for prev := 0; prev <= nClasses; prev++ {
		for next := 0; next < nClasses; next++ {
			open := prev > 0 && prev < nClasses && (posOf(prev) == pB || posOf(prev) == pI)
			if open {
				t[prev][next] = next > 0 && typeOf(next) == typeOf(prev) && (posOf(next) == pI || posOf(next) == pL)
			} else {
				t[prev][next] = next == 0 || posOf(next) == pB || posOf(next) == pU
			}
		}
	}
	for c := 0; c < nClasses; c++ {
		l[c] = c == 0 || posOf(c) == pL || posOf(c) == pU
	}
	return t, l
}()

// repair maps a gold class onto one that may follow prev, so training can
// continue from a wrong predicted history: an open entity of another type
// is closed (L), and an I/L without its B becomes B/U.
func repair(prev, gold int, last bool) int {
	ok := func(c int) bool { return transitions[prev][c] && (!last || lastOK[c]) }
	if ok(gold) {
		return gold
	}
	if prev > 0 && prev < nClasses && (posOf(prev) == pB || posOf(prev) == pI) {
		return classOf(typeOf(prev), pL)
	}
	if gold == 0 {
		return 0
	}
	ty, p := typeOf(gold), posOf(gold)
	switch {
	case p == pI && !last:
		return classOf(ty, pB)
	case p == pL, p == pI && last, p == pB && last:
		return classOf(ty, pU)
	}
	return 0
}
