package parse

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
)

// tok holds the hashes of one word's properties; index 0 is the root and
// index n+1 stands for "no word".
type tok struct {
	w, p, u, c, cc, suf uint64
	pt, ut              *perceptron.IntTable // Int(p) and Int(u) in one multiply
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
	dst = append(dst[:0], withTables(rootTok))
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
		dst = append(dst, withTables(t))
	}
	return append(dst, withTables(noneTok))
}

// withTables sets t's tag tables.
func withTables(t tok) tok {
	t.pt, t.ut = tagTable(t.p), tagTable(t.u)
	return t
}

// The features mix in a sentence's tag hashes thousands of times, from few
// values (some seventy tags), so each tag's IntTable is built once and kept
// (tables for the 1,280 clusters too measured no faster: 2.6 MB of them
// miss the caches);
// past maxTagTables distinct values (only odd input has them) a table is
// built for each use and dropped.
var (
	tagTables  sync.Map // tag hash -> *perceptron.IntTable
	nTagTables atomic.Int32
)

const maxTagTables = 4096

func tagTable(v uint64) *perceptron.IntTable {
	if t, ok := tagTables.Load(v); ok {
		return t.(*perceptron.IntTable)
	}
	t := perceptron.NewIntTable(int(v))
	if nTagTables.Load() < maxTagTables {
		if _, loaded := tagTables.LoadOrStore(v, t); !loaded {
			nTagTables.Add(1)
		}
	}
	return t
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

// start begins the next template's feature. The templates below chain
// the Hasher's steps by the kind of each value: Int for full 64-bit values,
// Int16 for labels, distances, directions and flags (always below 1<<16:
// three multiplies instead of eight), IntTab for tags (one multiply and a
// table read); all three give Int's value.
func (f *fx) start() *perceptron.Hasher {
	f.id++
	return f.h.Start(f.id)
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

	f.add(f.start().Int16(uint16(1)).Sum())
	// single words
	f.add(f.start().Int(int(s0.w)).Sum())
	f.add(f.start().IntTab(s0.pt).Sum())
	f.add(f.start().Int(int(s0.w)).IntTab(s0.pt).Sum())
	f.add(f.start().IntTab(s0.ut).Sum())
	f.add(f.start().Int(int(b0.w)).Sum())
	f.add(f.start().IntTab(b0.pt).Sum())
	f.add(f.start().Int(int(b0.w)).IntTab(b0.pt).Sum())
	f.add(f.start().IntTab(b0.ut).Sum())
	f.add(f.start().Int(int(b1.w)).Sum())
	f.add(f.start().IntTab(b1.pt).Sum())
	f.add(f.start().Int(int(b1.w)).IntTab(b1.pt).Sum())
	f.add(f.start().Int(int(b2.w)).Sum())
	f.add(f.start().IntTab(b2.pt).Sum())
	f.add(f.start().Int(int(s1.w)).Sum())
	f.add(f.start().IntTab(s1.pt).Sum())
	f.add(f.start().Int(int(s1.w)).IntTab(s1.pt).Sum())
	f.add(f.start().IntTab(s2.pt).Sum())
	f.add(f.start().Int(int(s2.w)).IntTab(s2.pt).Sum())
	// pairs
	f.add(f.start().Int(int(s0.w)).IntTab(s0.pt).Int(int(b0.w ^ b0.p*31)).Sum())
	f.add(f.start().Int(int(s0.w)).IntTab(s0.pt).Int(int(b0.w)).Sum())
	f.add(f.start().Int(int(s0.w)).Int(int(b0.w)).IntTab(b0.pt).Sum())
	f.add(f.start().Int(int(s0.w)).IntTab(s0.pt).IntTab(b0.pt).Sum())
	f.add(f.start().IntTab(s0.pt).Int(int(b0.w)).IntTab(b0.pt).Sum())
	f.add(f.start().Int(int(s0.w)).Int(int(b0.w)).Sum())
	f.add(f.start().IntTab(s0.pt).IntTab(b0.pt).Sum())
	f.add(f.start().IntTab(b0.pt).IntTab(b1.pt).Sum())
	f.add(f.start().IntTab(s1.pt).IntTab(s0.pt).Sum())
	f.add(f.start().Int(int(s1.w)).Int(int(s0.w)).Sum())
	f.add(f.start().Int(int(s1.w)).IntTab(s0.pt).IntTab(s1.pt).Sum())
	f.add(f.start().IntTab(s1.pt).Int(int(s0.w)).IntTab(s0.pt).Sum())
	f.add(f.start().IntTab(s1.pt).IntTab(b0.pt).Sum())
	// triples
	f.add(f.start().IntTab(b0.pt).IntTab(b1.pt).IntTab(b2.pt).Sum())
	f.add(f.start().IntTab(s0.pt).IntTab(b0.pt).IntTab(b1.pt).Sum())
	f.add(f.start().IntTab(s1.pt).IntTab(s0.pt).IntTab(b0.pt).Sum())
	f.add(f.start().IntTab(s2.pt).IntTab(s1.pt).IntTab(s0.pt).Sum())
	f.add(f.start().IntTab(s0.pt).IntTab(s0l1.pt).IntTab(b0.pt).Sum())
	f.add(f.start().IntTab(s0.pt).IntTab(s0r1.pt).IntTab(b0.pt).Sum())
	f.add(f.start().IntTab(s0.pt).IntTab(b0.pt).IntTab(b0l1.pt).Sum())
	f.add(f.start().IntTab(s1.pt).IntTab(s0.pt).IntTab(s0l1.pt).Sum())
	f.add(f.start().IntTab(s1.pt).IntTab(s0.pt).IntTab(s0r1.pt).Sum())
	f.add(f.start().IntTab(s1.pt).IntTab(s1r1.pt).IntTab(s0.pt).Sum())
	// distance
	f.add(f.start().Int(int(s0.w)).Int16(uint16(d)).Sum())
	f.add(f.start().IntTab(s0.pt).Int16(uint16(d)).Sum())
	f.add(f.start().Int(int(b0.w)).Int16(uint16(d)).Sum())
	f.add(f.start().IntTab(b0.pt).Int16(uint16(d)).Sum())
	f.add(f.start().Int(int(s0.w)).Int(int(b0.w)).Int16(uint16(d)).Sum())
	f.add(f.start().IntTab(s0.pt).IntTab(b0.pt).Int16(uint16(d)).Sum())
	f.add(f.start().IntTab(s1.pt).IntTab(s0.pt).Int16(uint16(d10)).Sum())
	f.add(f.start().Int(int(s1.w)).Int(int(s0.w)).Int16(uint16(d10)).Sum())
	// valency
	f.add(f.start().Int(int(s0.w)).Int(int(s0nr)).Sum())
	f.add(f.start().IntTab(s0.pt).Int(int(s0nr)).Sum())
	f.add(f.start().Int(int(s0.w)).Int(int(s0nl)).Sum())
	f.add(f.start().IntTab(s0.pt).Int(int(s0nl)).Sum())
	f.add(f.start().Int(int(b0.w)).Int(int(b0nl)).Sum())
	f.add(f.start().IntTab(b0.pt).Int(int(b0nl)).Sum())
	f.add(f.start().IntTab(s1.pt).Int(int(s1nr)).Sum())
	// children
	f.add(f.start().Int(int(s0l1.w)).Sum())
	f.add(f.start().IntTab(s0l1.pt).Sum())
	f.add(f.start().Int16(uint16(lab(s0l1i))).Sum())
	f.add(f.start().Int(int(s0r1.w)).Sum())
	f.add(f.start().IntTab(s0r1.pt).Sum())
	f.add(f.start().Int16(uint16(lab(s0r1i))).Sum())
	f.add(f.start().Int(int(b0l1.w)).Sum())
	f.add(f.start().IntTab(b0l1.pt).Sum())
	f.add(f.start().Int16(uint16(lab(b0l1i))).Sum())
	f.add(f.start().Int(int(s0l2.w)).Sum())
	f.add(f.start().IntTab(s0l2.pt).Sum())
	f.add(f.start().Int16(uint16(lab(s0l2i))).Sum())
	f.add(f.start().Int(int(s0r2.w)).Sum())
	f.add(f.start().IntTab(s0r2.pt).Sum())
	f.add(f.start().Int16(uint16(lab(s0r2i))).Sum())
	f.add(f.start().Int(int(b0l2.w)).Sum())
	f.add(f.start().IntTab(b0l2.pt).Sum())
	f.add(f.start().Int16(uint16(lab(b0l2i))).Sum())
	f.add(f.start().IntTab(s1r1.pt).Int16(uint16(lab(s1r1i))).Sum())
	f.add(f.start().IntTab(s1l1.pt).Int16(uint16(lab(s1l1i))).Sum())
	f.add(f.start().IntTab(s0.pt).IntTab(s0l1.pt).IntTab(s0l2.pt).Sum())
	f.add(f.start().IntTab(s0.pt).IntTab(s0r1.pt).IntTab(s0r2.pt).Sum())
	f.add(f.start().IntTab(b0.pt).IntTab(b0l1.pt).IntTab(b0l2.pt).Sum())
	f.add(f.start().IntTab(s0.pt).Int16(uint16(lab(s0l1i))).Int16(uint16(lab(s0l2i))).Sum())
	f.add(f.start().IntTab(s0.pt).Int16(uint16(lab(s0r1i))).Int16(uint16(lab(s0r2i))).Sum())
	f.add(f.start().IntTab(b0.pt).Int16(uint16(lab(b0l1i))).Int16(uint16(lab(b0l2i))).Sum())
	// label sets
	f.add(f.start().Int(int(s0.w)).Int(int(s0rs)).Sum())
	f.add(f.start().IntTab(s0.pt).Int(int(s0rs)).Sum())
	f.add(f.start().Int(int(s0.w)).Int(int(s0ls)).Sum())
	f.add(f.start().IntTab(s0.pt).Int(int(s0ls)).Sum())
	f.add(f.start().Int(int(b0.w)).Int(int(b0ls)).Sum())
	f.add(f.start().IntTab(b0.pt).Int(int(b0ls)).Sum())
	// clusters and suffixes (word classes that do not go through the tag)
	f.add(f.start().Int(int(s0.c)).Sum())
	f.add(f.start().Int(int(b0.c)).Sum())
	f.add(f.start().Int(int(s1.c)).Sum())
	f.add(f.start().Int(int(b1.c)).Sum())
	f.add(f.start().Int(int(s0.c)).Int(int(b0.c)).Sum())
	f.add(f.start().Int(int(s0.c)).IntTab(b0.pt).Sum())
	f.add(f.start().IntTab(s0.pt).Int(int(b0.c)).Sum())
	f.add(f.start().Int(int(s1.c)).Int(int(s0.c)).Sum())
	f.add(f.start().Int(int(s1.c)).IntTab(s0.pt).Sum())
	f.add(f.start().IntTab(s1.pt).Int(int(s0.c)).Sum())
	f.add(f.start().Int(int(s0.cc)).Sum())
	f.add(f.start().Int(int(b0.cc)).Sum())
	f.add(f.start().Int(int(s0.cc)).Int(int(b0.cc)).Int16(uint16(d)).Sum())
	f.add(f.start().Int(int(s0.suf)).Int(int(b0.suf)).Sum())
	f.add(f.start().Int(int(s0.suf)).IntTab(b0.pt).Sum())
	f.add(f.start().IntTab(s0.pt).Int(int(b0.suf)).Sum())
	f.add(f.start().Int(int(s0.suf)).Sum())
	f.add(f.start().Int(int(b0.suf)).Sum())
	f.add(f.start().IntTab(s0.ut).IntTab(b0.ut).IntTab(s1.ut).Sum())
	f.add(f.start().IntTab(s0.ut).IntTab(b0.ut).IntTab(b1.ut).Sum())
	// is the stack/buffer empty-ish
	f.add(f.start().Int16(uint16(uint64(min(len(st.stack), 4)))).Int16(uint16(boolU(b0i < 0))).Sum())
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
	f.add(f.start().Int16(uint16(dir)).Sum())
	f.add(f.start().Int16(uint16(dir)).Int(int(D.w)).Sum())
	f.add(f.start().Int16(uint16(dir)).IntTab(D.pt).Sum())
	f.add(f.start().Int16(uint16(dir)).IntTab(D.ut).Sum())
	f.add(f.start().Int16(uint16(dir)).Int(int(D.w)).IntTab(D.pt).Sum())
	f.add(f.start().Int16(uint16(dir)).Int(int(H.w)).Sum())
	f.add(f.start().Int16(uint16(dir)).IntTab(H.pt).Sum())
	f.add(f.start().Int16(uint16(dir)).IntTab(H.pt).IntTab(D.pt).Sum())
	f.add(f.start().Int16(uint16(dir)).Int(int(H.w)).IntTab(D.pt).Sum())
	f.add(f.start().Int16(uint16(dir)).IntTab(H.pt).Int(int(D.w)).Sum())
	f.add(f.start().Int16(uint16(dir)).Int(int(H.w)).Int(int(D.w)).Sum())
	f.add(f.start().Int16(uint16(dir)).IntTab(H.pt).Int16(uint16(dd)).Sum())
	f.add(f.start().Int16(uint16(dir)).IntTab(D.pt).Int16(uint16(dd)).Sum())
	f.add(f.start().IntTab(H.pt).IntTab(D.pt).Int16(uint16(dd)).Sum())
	f.add(f.start().Int16(uint16(dir)).IntTab(D.pt).IntTab(DL1.pt).Sum())
	f.add(f.start().Int16(uint16(dir)).IntTab(D.pt).IntTab(DR1.pt).Sum())
	f.add(f.start().Int16(uint16(dir)).IntTab(D.pt).Int16(uint16(lab(dl1))).Sum())
	f.add(f.start().Int16(uint16(dir)).IntTab(D.pt).Int16(uint16(lab(dr1))).Sum())
	f.add(f.start().Int16(uint16(dir)).Int(int(D.w)).Int16(uint16(lab(dr1))).Sum())
	f.add(f.start().Int16(uint16(dir)).IntTab(D.pt).Int(int(st.lset[d] | st.rset[d]<<1)).Sum())
	f.add(f.start().Int16(uint16(dir)).IntTab(H.pt).Int(int(st.lset[h])).Sum())
	f.add(f.start().Int16(uint16(dir)).IntTab(H.pt).Int(int(st.rset[h])).Sum())
	f.add(f.start().Int16(uint16(dir)).IntTab(H.pt).Int16(uint16(lab(hl1))).Sum())
	f.add(f.start().Int16(uint16(dir)).IntTab(H.pt).Int16(uint16(lab(hr1))).Sum())
	f.add(f.start().Int16(uint16(dir)).Int(int(D.c)).Int(int(H.c)).Sum())
	f.add(f.start().Int16(uint16(dir)).Int(int(D.c)).IntTab(H.pt).Sum())
	f.add(f.start().Int16(uint16(dir)).IntTab(D.pt).Int(int(H.c)).Sum())
	f.add(f.start().Int16(uint16(dir)).Int(int(D.cc)).IntTab(H.pt).Sum())
	f.add(f.start().Int16(uint16(dir)).Int(int(D.suf)).IntTab(H.pt).Sum())
	f.add(f.start().Int16(uint16(dir)).IntTab(D.pt).IntTab(b1.pt).Sum())
	f.add(f.start().Int16(uint16(dir)).IntTab(D.pt).IntTab(s1.pt).Sum())
	f.add(f.start().Int16(uint16(dir)).IntTab(H.ut).IntTab(D.ut).Sum())
	f.add(f.start().Int16(uint16(dir)).Int16(uint16(boolU(h == 0))).IntTab(D.pt).Sum())
	f.add(f.start().IntTab(D.pt).IntTab(H.pt).Int(int(uint64(st.nl[d]*8 + st.nr[d]))).Sum())
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
