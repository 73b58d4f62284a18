package parse

// Arc-hybrid transition system (Kuhlmann et al. 2011) with the root at the
// bottom of the stack. RIGHT from the root is allowed only as the very last
// transition, so every tree has exactly one root.
const (
	tShift = iota
	tLeft  // b0 → s0, pop s0
	tRight // s1 → s0, pop s0
	nTrans
)

type state struct {
	n      int
	stack  []int
	b      int // first buffer word, 1..n+1 (n+1 = empty)
	head   []int
	label  []int
	lc1    []int // leftmost child, -1 none
	lc2    []int
	rc1    []int
	rc2    []int
	nl, nr []int
	lset   []uint64
	rset   []uint64
}

func (s *state) reset(n int) {
	s.n = n
	s.stack = append(s.stack[:0], 0)
	s.b = 1
	grow := func(x []int) []int {
		if cap(x) < n+2 {
			x = make([]int, n+2)
		}
		return x[:n+2]
	}
	s.head, s.label = grow(s.head), grow(s.label)
	s.lc1, s.lc2, s.rc1, s.rc2 = grow(s.lc1), grow(s.lc2), grow(s.rc1), grow(s.rc2)
	s.nl, s.nr = grow(s.nl), grow(s.nr)
	if cap(s.lset) < n+2 {
		s.lset, s.rset = make([]uint64, n+2), make([]uint64, n+2)
	}
	s.lset, s.rset = s.lset[:n+2], s.rset[:n+2]
	for i := 0; i < n+2; i++ {
		s.head[i], s.label[i] = -1, -1
		s.lc1[i], s.lc2[i], s.rc1[i], s.rc2[i] = -1, -1, -1, -1
		s.nl[i], s.nr[i] = 0, 0
		s.lset[i], s.rset[i] = 0, 0
	}
}

func (s *state) done() bool { return s.b > s.n && len(s.stack) == 1 }

func (s *state) s(i int) int {
	if i < len(s.stack) {
		return s.stack[len(s.stack)-1-i]
	}
	return -1
}

func (s *state) buf(i int) int {
	if s.b+i <= s.n {
		return s.b + i
	}
	return -1
}

func (s *state) valid(t int) bool {
	switch t {
	case tShift:
		return s.b <= s.n
	case tLeft:
		return len(s.stack) >= 2 && s.b <= s.n
	case tRight:
		if len(s.stack) < 2 {
			return false
		}
		return s.stack[len(s.stack)-2] != 0 || (s.b > s.n && len(s.stack) == 2)
	}
	return false
}

// arc returns the (head, dependent) pair a transition would make.
func (s *state) arc(t int) (h, d int) {
	switch t {
	case tLeft:
		return s.b, s.s(0)
	case tRight:
		return s.s(1), s.s(0)
	}
	return -1, -1
}

func (s *state) apply(t, lab int) {
	switch t {
	case tShift:
		s.stack = append(s.stack, s.b)
		s.b++
	case tLeft, tRight:
		h, d := s.arc(t)
		s.stack = s.stack[:len(s.stack)-1]
		s.addArc(h, d, lab)
	}
}

func (s *state) addArc(h, d, lab int) {
	s.head[d], s.label[d] = h, lab
	bit := uint64(1) << (uint(lab) & 63)
	if d < h {
		s.nl[h]++
		s.lset[h] |= bit
		// d is further left than any earlier left child in arc-hybrid
		// only when attached later; keep the two outermost.
		if s.lc1[h] == -1 || d < s.lc1[h] {
			s.lc2[h], s.lc1[h] = s.lc1[h], d
		} else if s.lc2[h] == -1 || d < s.lc2[h] {
			s.lc2[h] = d
		}
	} else {
		s.nr[h]++
		s.rset[h] |= bit
		if s.rc1[h] == -1 || d > s.rc1[h] {
			s.rc2[h], s.rc1[h] = s.rc1[h], d
		} else if s.rc2[h] == -1 || d > s.rc2[h] {
			s.rc2[h] = d
		}
	}
}

// cost is the dynamic oracle (Goldberg & Nivre 2013): how many gold arcs,
// still reachable, the transition makes unreachable. gold must be projective.
func (s *state) cost(t int, gold []int, deps [][]int) int {
	c := 0
	switch t {
	case tShift:
		b := s.b
		for _, k := range s.stack {
			if k != 0 && gold[k] == b {
				c++
			}
		}
		g := gold[b]
		if g != s.s(0) {
			for _, k := range s.stack[:len(s.stack)-1] {
				if k == g {
					c++
					break
				}
			}
		}
	case tLeft, tRight:
		s0 := s.s(0)
		for _, d := range deps[s0] {
			if d >= s.b {
				c++
			}
		}
		g := gold[s0]
		if t == tLeft {
			if g != s.b && (g == s.s(1) || g > s.b) {
				c++
			}
		} else if g != s.s(1) && g >= s.b {
			c++
		}
	}
	return c
}
