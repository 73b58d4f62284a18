package parse

import (
	"strings"

	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
)

// tok holds the hashes of one word's properties; index 0 is the root and
// index n+1 stands for "no word".
type tok struct {
	w, p, u, c, cc, suf uint64
}

func strHash(s string) uint64 {
	var h perceptron.Hasher
	return h.Start(0).Str(s).Sum()
}

var (
	rootTok = tok{w: strHash("-ROOT-"), p: strHash("-ROOT-"), u: strHash("-ROOT-"), c: strHash("-ROOT-"), cc: strHash("-ROOT-"), suf: strHash("-ROOT-")}
	noneTok = tok{w: strHash("-NONE-"), p: strHash("-NONE-"), u: strHash("-NONE-"), c: strHash("-NONE-"), cc: strHash("-NONE-"), suf: strHash("-NONE-")}
)

func (p *Parser) toks(in *Input, dst []tok) []tok {
	n := len(in.Forms)
	dst = append(dst[:0], rootTok)
	for i := 0; i < n; i++ {
		low := strings.ToLower(norm(in.Forms[i]))
		t := tok{w: strHash(low), p: strHash(in.XPOS[i]), u: strHash(in.UPOS[i])}
		suf := low
		if len(suf) > 3 {
			suf = suf[len(suf)-3:]
		}
		t.suf = strHash(suf)
		if p.clusters != nil {
			_, c256, c1024 := p.clusters(in.Forms[i])
			t.c, t.cc = uint64(c256)+1, uint64(c1024)+1
		} else {
			t.c, t.cc = t.p, t.p
		}
		dst = append(dst, t)
	}
	return append(dst, noneTok)
}

const maxDist = 10

func dist(a, b int) uint64 {
	if a < 0 || b < 0 {
		return 0
	}
	d := b - a
	if d < 0 {
		d = -d
	}
	if d > maxDist {
		d = maxDist
	}
	return uint64(d)
}

type fx struct {
	h   perceptron.Hasher
	buf []perceptron.Feature
	id  byte
	// The tables a parse looks the features up in (nil in training):
	// every pfEvery features, transFeatures's are prefetched from ft and
	// labelFeatures's from lm, so their cache misses overlap the hashing
	// of the features after them instead of stalling the lookups.
	ft   *fastTrans
	lm   *perceptron.Model
	to   byte // 1: ft, 2: lm, 0: neither
	done int  // buf[:done] were prefetched
}

const pfEvery = 16

// add appends a feature, prefetching each full group of pfEvery.
func (f *fx) add(x perceptron.Feature) {
	f.buf = append(f.buf, x)
	if len(f.buf)-f.done >= pfEvery {
		f.flush()
	}
}

// flush prefetches the features not yet prefetched.
func (f *fx) flush() {
	switch f.to {
	case 1:
		f.ft.prefetch(f.buf[f.done:])
	case 2:
		f.lm.Prefetch(f.buf[f.done:])
	}
	f.done = len(f.buf)
}

// begin starts a feature set for table to (0 when fx has none).
func (f *fx) begin(id byte, to byte) {
	f.buf, f.id, f.done, f.to = f.buf[:0], id, 0, 0
	if to == 1 && f.ft != nil || to == 2 && f.lm != nil {
		f.to = to
	}
}

func (f *fx) a(x uint64) {
	f.id++
	f.add(f.h.Start(f.id).Int(int(x)).Sum())
}
func (f *fx) b(x, y uint64) {
	f.id++
	f.add(f.h.Start(f.id).Int(int(x)).Int(int(y)).Sum())
}
func (f *fx) c(x, y, z uint64) {
	f.id++
	f.add(f.h.Start(f.id).Int(int(x)).Int(int(y)).Int(int(z)).Sum())
}

// The variants below hash the same values as a, b and c, but the arguments
// marked S (labels, distances, directions, flags: always below 1<<16) go
// through Int16, which gives Int's value in three multiplies instead of
// eight.

func (f *fx) aS(x uint64) {
	f.id++
	f.add(f.h.Start(f.id).Int16(uint16(x)).Sum())
}
func (f *fx) bWS(x, y uint64) {
	f.id++
	f.add(f.h.Start(f.id).Int(int(x)).Int16(uint16(y)).Sum())
}
func (f *fx) bSW(x, y uint64) {
	f.id++
	f.add(f.h.Start(f.id).Int16(uint16(x)).Int(int(y)).Sum())
}
func (f *fx) bSS(x, y uint64) {
	f.id++
	f.add(f.h.Start(f.id).Int16(uint16(x)).Int16(uint16(y)).Sum())
}
func (f *fx) cWWS(x, y, z uint64) {
	f.id++
	f.add(f.h.Start(f.id).Int(int(x)).Int(int(y)).Int16(uint16(z)).Sum())
}
func (f *fx) cWSS(x, y, z uint64) {
	f.id++
	f.add(f.h.Start(f.id).Int(int(x)).Int16(uint16(y)).Int16(uint16(z)).Sum())
}
func (f *fx) cSWW(x, y, z uint64) {
	f.id++
	f.add(f.h.Start(f.id).Int16(uint16(x)).Int(int(y)).Int(int(z)).Sum())
}
func (f *fx) cSWS(x, y, z uint64) {
	f.id++
	f.add(f.h.Start(f.id).Int16(uint16(x)).Int(int(y)).Int16(uint16(z)).Sum())
}
func (f *fx) cSSW(x, y, z uint64) {
	f.id++
	f.add(f.h.Start(f.id).Int16(uint16(x)).Int16(uint16(y)).Int(int(z)).Sum())
}

// transFeatures are the Zhang & Nivre (2011) templates adapted to
// arc-hybrid, plus cluster and suffix variants.
func transFeatures(f *fx, st *state, tk []tok) {
	f.begin(0, 1)
	none := len(tk) - 1
	ix := func(i int) int {
		if i < 0 {
			return none
		}
		return i
	}
	lab := func(i int) uint64 {
		if i < 0 {
			return 999
		}
		return uint64(st.label[i])
	}
	s0i, s1i, s2i := st.s(0), st.s(1), st.s(2)
	b0i, b1i, b2i := st.buf(0), st.buf(1), st.buf(2)
	s0, s1, s2 := &tk[ix(s0i)], &tk[ix(s1i)], &tk[ix(s2i)]
	b0, b1, b2 := &tk[ix(b0i)], &tk[ix(b1i)], &tk[ix(b2i)]
	var s0l1i, s0l2i, s0r1i, s0r2i, b0l1i, b0l2i, s1r1i, s1l1i int = -1, -1, -1, -1, -1, -1, -1, -1
	var s0nl, s0nr, b0nl, s1nr uint64
	var s0ls, s0rs, b0ls uint64
	if s0i >= 0 {
		s0l1i, s0l2i, s0r1i, s0r2i = st.lc1[s0i], st.lc2[s0i], st.rc1[s0i], st.rc2[s0i]
		s0nl, s0nr = uint64(st.nl[s0i]), uint64(st.nr[s0i])
		s0ls, s0rs = st.lset[s0i], st.rset[s0i]
	}
	if b0i >= 0 {
		b0l1i, b0l2i = st.lc1[b0i], st.lc2[b0i]
		b0nl, b0ls = uint64(st.nl[b0i]), st.lset[b0i]
	}
	if s1i >= 0 {
		s1r1i, s1l1i = st.rc1[s1i], st.lc1[s1i]
		s1nr = uint64(st.nr[s1i])
	}
	s0l1, s0l2, s0r1, s0r2 := &tk[ix(s0l1i)], &tk[ix(s0l2i)], &tk[ix(s0r1i)], &tk[ix(s0r2i)]
	b0l1, b0l2, s1r1, s1l1 := &tk[ix(b0l1i)], &tk[ix(b0l2i)], &tk[ix(s1r1i)], &tk[ix(s1l1i)]
	d := dist(s0i, b0i)
	d10 := dist(s1i, s0i)

	f.aS(1)
	// single words
	f.a(s0.w)
	f.a(s0.p)
	f.b(s0.w, s0.p)
	f.a(s0.u)
	f.a(b0.w)
	f.a(b0.p)
	f.b(b0.w, b0.p)
	f.a(b0.u)
	f.a(b1.w)
	f.a(b1.p)
	f.b(b1.w, b1.p)
	f.a(b2.w)
	f.a(b2.p)
	f.a(s1.w)
	f.a(s1.p)
	f.b(s1.w, s1.p)
	f.a(s2.p)
	f.b(s2.w, s2.p)
	// pairs
	f.c(s0.w, s0.p, b0.w^b0.p*31)
	f.c(s0.w, s0.p, b0.w)
	f.c(s0.w, b0.w, b0.p)
	f.c(s0.w, s0.p, b0.p)
	f.c(s0.p, b0.w, b0.p)
	f.b(s0.w, b0.w)
	f.b(s0.p, b0.p)
	f.b(b0.p, b1.p)
	f.b(s1.p, s0.p)
	f.b(s1.w, s0.w)
	f.c(s1.w, s0.p, s1.p)
	f.c(s1.p, s0.w, s0.p)
	f.b(s1.p, b0.p)
	// triples
	f.c(b0.p, b1.p, b2.p)
	f.c(s0.p, b0.p, b1.p)
	f.c(s1.p, s0.p, b0.p)
	f.c(s2.p, s1.p, s0.p)
	f.c(s0.p, s0l1.p, b0.p)
	f.c(s0.p, s0r1.p, b0.p)
	f.c(s0.p, b0.p, b0l1.p)
	f.c(s1.p, s0.p, s0l1.p)
	f.c(s1.p, s0.p, s0r1.p)
	f.c(s1.p, s1r1.p, s0.p)
	// distance
	f.bWS(s0.w, d)
	f.bWS(s0.p, d)
	f.bWS(b0.w, d)
	f.bWS(b0.p, d)
	f.cWWS(s0.w, b0.w, d)
	f.cWWS(s0.p, b0.p, d)
	f.cWWS(s1.p, s0.p, d10)
	f.cWWS(s1.w, s0.w, d10)
	// valency
	f.b(s0.w, s0nr)
	f.b(s0.p, s0nr)
	f.b(s0.w, s0nl)
	f.b(s0.p, s0nl)
	f.b(b0.w, b0nl)
	f.b(b0.p, b0nl)
	f.b(s1.p, s1nr)
	// children
	f.a(s0l1.w)
	f.a(s0l1.p)
	f.aS(lab(s0l1i))
	f.a(s0r1.w)
	f.a(s0r1.p)
	f.aS(lab(s0r1i))
	f.a(b0l1.w)
	f.a(b0l1.p)
	f.aS(lab(b0l1i))
	f.a(s0l2.w)
	f.a(s0l2.p)
	f.aS(lab(s0l2i))
	f.a(s0r2.w)
	f.a(s0r2.p)
	f.aS(lab(s0r2i))
	f.a(b0l2.w)
	f.a(b0l2.p)
	f.aS(lab(b0l2i))
	f.bWS(s1r1.p, lab(s1r1i))
	f.bWS(s1l1.p, lab(s1l1i))
	f.c(s0.p, s0l1.p, s0l2.p)
	f.c(s0.p, s0r1.p, s0r2.p)
	f.c(b0.p, b0l1.p, b0l2.p)
	f.cWSS(s0.p, lab(s0l1i), lab(s0l2i))
	f.cWSS(s0.p, lab(s0r1i), lab(s0r2i))
	f.cWSS(b0.p, lab(b0l1i), lab(b0l2i))
	// label sets
	f.b(s0.w, s0rs)
	f.b(s0.p, s0rs)
	f.b(s0.w, s0ls)
	f.b(s0.p, s0ls)
	f.b(b0.w, b0ls)
	f.b(b0.p, b0ls)
	// clusters and suffixes (word classes that do not go through the tag)
	f.a(s0.c)
	f.a(b0.c)
	f.a(s1.c)
	f.a(b1.c)
	f.b(s0.c, b0.c)
	f.b(s0.c, b0.p)
	f.b(s0.p, b0.c)
	f.b(s1.c, s0.c)
	f.b(s1.c, s0.p)
	f.b(s1.p, s0.c)
	f.a(s0.cc)
	f.a(b0.cc)
	f.cWWS(s0.cc, b0.cc, d)
	f.b(s0.suf, b0.suf)
	f.b(s0.suf, b0.p)
	f.b(s0.p, b0.suf)
	f.a(s0.suf)
	f.a(b0.suf)
	f.c(s0.u, b0.u, s1.u)
	f.c(s0.u, b0.u, b1.u)
	// is the stack/buffer empty-ish
	f.bSS(uint64(min(len(st.stack), 4)), boolU(b0i < 0))
	f.flush()
}

func boolU(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// labelFeatures describe the arc h → d about to be made.
func labelFeatures(f *fx, st *state, tk []tok, h, d, trans int) {
	f.begin(100, 2)
	none := len(tk) - 1
	ix := func(i int) int {
		if i < 0 {
			return none
		}
		return i
	}
	lab := func(i int) uint64 {
		if i < 0 {
			return 999
		}
		return uint64(st.label[i])
	}
	H, D := &tk[h], &tk[d]
	dir := uint64(trans)
	dd := dist(h, d)
	dl1, dr1 := st.lc1[d], st.rc1[d]
	hl1, hr1 := st.lc1[h], st.rc1[h]
	DL1, DR1 := &tk[ix(dl1)], &tk[ix(dr1)]
	b1 := &tk[ix(st.buf(1))]
	s1 := &tk[ix(st.s(1))]
	f.aS(dir)
	f.bSW(dir, D.w)
	f.bSW(dir, D.p)
	f.bSW(dir, D.u)
	f.cSWW(dir, D.w, D.p)
	f.bSW(dir, H.w)
	f.bSW(dir, H.p)
	f.cSWW(dir, H.p, D.p)
	f.cSWW(dir, H.w, D.p)
	f.cSWW(dir, H.p, D.w)
	f.cSWW(dir, H.w, D.w)
	f.cSWS(dir, H.p, dd)
	f.cSWS(dir, D.p, dd)
	f.cWWS(H.p, D.p, dd)
	f.cSWW(dir, D.p, DL1.p)
	f.cSWW(dir, D.p, DR1.p)
	f.cSWS(dir, D.p, lab(dl1))
	f.cSWS(dir, D.p, lab(dr1))
	f.cSWS(dir, D.w, lab(dr1))
	f.cSWW(dir, D.p, st.lset[d]|st.rset[d]<<1)
	f.cSWW(dir, H.p, st.lset[h])
	f.cSWW(dir, H.p, st.rset[h])
	f.cSWS(dir, H.p, lab(hl1))
	f.cSWS(dir, H.p, lab(hr1))
	f.cSWW(dir, D.c, H.c)
	f.cSWW(dir, D.c, H.p)
	f.cSWW(dir, D.p, H.c)
	f.cSWW(dir, D.cc, H.p)
	f.cSWW(dir, D.suf, H.p)
	f.cSWW(dir, D.p, b1.p)
	f.cSWW(dir, D.p, s1.p)
	f.cSWW(dir, H.u, D.u)
	f.cSSW(dir, boolU(h == 0), D.p)
	f.c(D.p, H.p, uint64(st.nl[d]*8+st.nr[d]))
	f.flush()
}

// norm folds typographic quotes and dashes as the tagger does (stages do
// not import each other, so this small table is repeated).
func norm(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			return normReplacer.Replace(w)
		}
	}
	return w
}

var normReplacer = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u201c", "\"", "\u201d", "\"", "\u2013", "-", "\u2014", "--", "\u2026", "...", "\u00a0", " ", "\uff0c", ",", "\u3002", ".")
