package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/nlp/cluster"
	"github.com/newsgraph/newsgraph/internal/nlp/gazetteer"
)

// featureVersion names the feature set; a model trained on another set is refused.
const featureVersion = "ner-features-2"

// tableVersions name the feature sets with table features (TrainOptions.Tables),
// indexed by mode; 0 is featureVersion.
var tableVersions = [...]string{featureVersion, "ner-features-2t1", "ner-features-2t2", "ner-features-2t3", "ner-features-2t4"}

// sportHashes are the lower-cased sports that open a wire sports report's
// first line ("SOCCER - ...", "RUGBY UNION - ..."); table mode 4 gives such
// documents' words identities of their own, where cities are mostly teams.
var sportHashes = func() map[uint64]bool {
	m := map[uint64]bool{}
	for _, w := range strings.Fields("soccer football cricket baseball tennis cycling golf athletics rugby rallying " +
		"motor motorcycling basketball horse badminton squash motocross boxing swimming hockey ice skiing " +
		"sailing yachting rowing judo formula nfl nba nhl volleyball handball snooker darts equestrianism " +
		"alpine speedway triathlon fencing wrestling gymnastics") {
		m[hashStr(w)] = true
	}
	return m
}()

// sportsReport reports a document whose first line is "SPORT [WORD] - ...".
func sportsReport(doc []sent) bool {
	if len(doc) == 0 {
		return false
	}
	ts := doc[0].toks
	dash := hashStr("-")
	for k := 1; k < len(ts) && k <= 3; k++ {
		if ts[k].lw == dash {
			return sportHashes[ts[0].lw]
		}
	}
	return false
}

// Capitalisation classes.
const (
	capNone  = iota // no letters
	capLower        // all lower case
	capInit         // first upper, some lower
	capAll          // letters, none lower
	capMixed        // lower first, some upper ("iPhone")
)

// tok is what the features need to know about one token, computed once.
type tok struct {
	w, lw, shape uint64
	pre, suf     [4]uint64 // hashes of the lower-cased 1..4 character affixes (0 when too short)
	cl           uint32    // packed clusters, 0xFFFFFFFF unknown
	gaz          uint64    // gazetteer masks, 4 bits per list
	cap          uint8
	docCase      uint8 // how the word is cased elsewhere in the document (bits)
	// plain: no capitals, not a digit-letter mix, no non-ASCII symbols, in
	// no gazetteer: lower-case words, numbers and punctuation. Outside an
	// entity such a token is O in all but a handful of training cases.
	plain bool
}

// sent is one sentence prepared for tagging.
type sent struct {
	toks     []tok
	headline bool // every token with letters is all caps
	// table is the table mode when the sentence looks like a results table
	// (see prepare) and the model has table features, else 0.
	table uint8
	mode  uint8 // the model's table mode
	// docTable: in table modes 3 and 4 the document holds two or more
	// tables (sports results), or in mode 4 is a sports report, and its
	// words get their own identities.
	docTable bool
	// Stage-1 output and document context, filled before stage 2.
	s1  []int
	ctx []docCtx
}

// docCtx is what stage 1 found elsewhere in the document for the same word.
type docCtx struct {
	maj   int8  // majority type over other occurrences: 0..3, 4 = O, -1 none
	majNH int8  // the same over occurrences outside all-caps headlines
	seen  uint8 // bit t: some other occurrence was typed t (bit 4: O)
	inMul uint8 // bit t: another occurrence lies inside a multi-token entity of type t
	last  uint8 // bit t: ... as that entity's last token (surname-like)
	emaj  int8  // majority stage-1 type of the same entity string elsewhere, -1 none
}

// r0Other reports a token with characters that are neither ASCII nor
// letters (CJK ideographs count as letters but have no case: keep them).
func r0Other(w string) bool {
	for _, r := range w {
		if r >= utf8.RuneSelf && !unicode.IsLower(r) {
			return true
		}
	}
	return false
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func hashStr(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// mix combines a running feature hash with one more value.
func mix(h, v uint64) uint64 {
	h ^= v + 0x9E3779B97F4A7C15 + h<<6 + h>>2
	h *= 0xbf58476d1ce4e5b9
	return h ^ h>>31
}

func f1(t int, a uint64) uint64       { return mix(uint64(t)*0x2545F4914F6CDD1D, a) }
func f2(t int, a, b uint64) uint64    { return mix(f1(t, a), b) }
func f3(t int, a, b, c uint64) uint64 { return mix(f2(t, a, b), c) }

func hashBytes(s []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range s {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// prepare lower-cases, shapes and looks up every token of a sentence.
// tables is the model's table mode (0: none).
func prepare(words []string, cl *cluster.Table, gz *gazetteer.Gazetteer, s *sent, tables uint8) {
	n := len(words)
	if cap(s.toks) < n {
		s.toks = make([]tok, 0, n)
	}
	s.toks = s.toks[:0]
	lowHashes := make([]uint64, 2*n)
	masks := lowHashes[n:]
	lowHashes = lowHashes[:n]
	var bufA [64]byte
	var shpA [16]byte
	buf := bufA[:0]
	s.headline = true
	letters, numeric, lowerWords := 0, 0, 0
	for i, w := range words {
		var t tok
		t.w = hashStr(w)
		buf = buf[:0]
		shp := shpA[:0]
		hasUpper, hasLower, firstUpper, hasDigit := false, false, false, false
		nr := 0
		for j := 0; j < len(w); {
			c := w[j]
			var r rune
			sz := 1
			if c < utf8.RuneSelf {
				r = rune(c)
			} else {
				r, sz = utf8.DecodeRuneInString(w[j:])
			}
			var sc byte
			switch {
			case 'a' <= r && r <= 'z':
				hasLower = true
				sc = 'x'
			case 'A' <= r && r <= 'Z':
				hasUpper = true
				firstUpper = firstUpper || j == 0
				r += 'a' - 'A'
				sc = 'X'
			case '0' <= r && r <= '9':
				hasDigit = true
				sc = 'd'
			case r < utf8.RuneSelf:
				sc = byte(r)
			case unicode.IsUpper(r):
				hasUpper = true
				firstUpper = firstUpper || j == 0
				r = unicode.ToLower(r)
				sc = 'X'
			case unicode.IsLower(r):
				hasLower = true
				sc = 'x'
			case unicode.IsDigit(r):
				hasDigit = true
				sc = 'd'
			default:
				sc = '*'
			}
			if r < utf8.RuneSelf {
				buf = append(buf, byte(r))
			} else {
				buf = utf8.AppendRune(buf, r)
			}
			if len(shp) == 0 || (shp[len(shp)-1] != sc && len(shp) < 12) {
				shp = append(shp, sc)
			}
			j += sz
			nr++
		}
		lw := buf
		t.lw = hashBytes(lw)
		lowHashes[i] = t.lw // the same FNV-1a as gazetteer.HashToken
		t.shape = hashBytes(shp)
		switch {
		case !hasUpper && !hasLower:
			t.cap = capNone
		case !hasUpper:
			t.cap = capLower
		case !hasLower:
			t.cap = capAll
		case firstUpper:
			t.cap = capInit
		default:
			t.cap = capMixed
		}
		if hasUpper || hasLower {
			letters++
			if hasLower {
				s.headline = false
			}
		}
		// Affixes of 1..4 runes of the lower-cased word, shorter than the word.
		if nr > 1 {
			k, j := 0, 0
			for j < len(lw) && k < 4 && k+1 < nr {
				_, sz := utf8.DecodeRune(lw[j:])
				j += sz
				t.pre[k] = hashBytes(lw[:j])
				k++
			}
			k, j = 0, len(lw)
			for j > 0 && k < 4 && k+1 < nr {
				_, sz := utf8.DecodeLastRune(lw[:j])
				j -= sz
				t.suf[k] = hashBytes(lw[j:])
				k++
			}
		}
		if hasDigit && !hasLower {
			numeric++
		}
		if hasLower && !hasUpper && !hasDigit && nr >= 3 {
			lowerWords++
		}
		t.cl = cl.Packed(w)
		t.plain = !hasUpper && (!hasDigit || !hasLower) && !r0Other(w)
		s.toks = append(s.toks, t)
	}
	if letters < 2 {
		s.headline = false
	}
	// A results table ("Aberdeen 2 Celtic 1", a league standing): a third
	// or more numbers and no lower-case word. In Reuters these lines are
	// mostly sports teams (ORG); table features keep that prior off prose.
	s.table, s.mode = 0, tables
	if n >= 3 && 3*numeric >= n && lowerWords == 0 {
		s.table = tables
	}
	gz.Match(lowHashes, masks)
	for i := range s.toks {
		s.toks[i].gaz = masks[i]
		if masks[i] != 0 {
			s.toks[i].plain = false
		}
	}
}

// docCase bits.
const (
	dcLower = 1 << iota // seen in lower case
	dcInit              // seen capitalised, not sentence-initial, outside headlines
	dcAll               // seen all caps outside headlines
)

// fillDocCase records, for each word, how it is cased elsewhere in its
// document; in headlines that tells a name from a common word.
func fillDocCase(doc []sent) {
	tables := 0
	for si := range doc {
		if doc[si].mode >= 3 && doc[si].table != 0 {
			tables++
		}
	}
	sports := len(doc) > 0 && doc[0].mode == 4 && sportsReport(doc)
	for si := range doc {
		doc[si].docTable = tables >= 2 || sports
	}
	seen := map[uint64]uint8{}
	for si := range doc {
		s := &doc[si]
		if s.headline {
			continue
		}
		for i, t := range s.toks {
			switch {
			case t.cap == capLower:
				seen[t.lw] |= dcLower
			case t.cap == capInit && i > 0:
				seen[t.lw] |= dcInit
			case t.cap == capAll:
				seen[t.lw] |= dcAll
			}
		}
	}
	for si := range doc {
		for i := range doc[si].toks {
			doc[si].toks[i].docCase = seen[doc[si].toks[i].lw]
		}
	}
}

// fillContext computes each token's document context from the stage-1
// classes in s.s1.
func fillContext(doc []sent) {
	type agg struct {
		cnt, nh     [5]int32
		inMul, last uint8
	}
	m := map[uint64]*agg{}
	get := func(h uint64) *agg {
		a := m[h]
		if a == nil {
			a = &agg{}
			m[h] = a
		}
		return a
	}
	for si := range doc {
		s := &doc[si]
		for i, t := range s.toks {
			c := s.s1[i]
			ty := 4
			if c > 0 {
				ty = typeOf(c)
			}
			a := get(t.lw)
			a.cnt[ty]++
			if !s.headline {
				a.nh[ty]++
			}
			if c > 0 && posOf(c) != pU {
				a.inMul |= 1 << ty
				if posOf(c) == pL {
					a.last |= 1 << ty
				}
			}
		}
	}
	for si := range doc {
		s := &doc[si]
		s.ctx = s.ctx[:0]
		for i, t := range s.toks {
			a := m[t.lw]
			own := 4
			if c := s.s1[i]; c > 0 {
				own = typeOf(c)
			}
			var x docCtx
			x.maj = -1
			best := int32(0)
			for ty := 0; ty < 5; ty++ {
				n := a.cnt[ty]
				if ty == own {
					n--
				}
				if n > 0 {
					x.seen |= 1 << ty
					if n > best {
						best, x.maj = n, int8(ty)
					}
				}
			}
			x.majNH = -1
			best = 0
			for ty := 0; ty < 5; ty++ {
				n := a.nh[ty]
				if ty == own && !s.headline {
					n--
				}
				if n > best {
					best, x.majNH = n, int8(ty)
				}
			}
			x.inMul, x.last = a.inMul, a.last
			x.emaj = -1
			s.ctx = append(s.ctx, x)
		}
	}
	fillEntityMajority(doc)
}

// fillEntityMajority sets ctx.emaj: for each token inside a stage-1 entity,
// the type stage 1 gave most often to the same (lower-cased) string in other
// places of the document.
func fillEntityMajority(doc []sent) {
	key := func(s *sent, e Entity) uint64 {
		h := uint64(e.End - e.Start)
		for i := e.Start; i < e.End; i++ {
			h = mix(h, s.toks[i].lw)
		}
		return h
	}
	cnt := map[uint64]*[4]int32{}
	ents := make([][]Entity, len(doc))
	for si := range doc {
		s := &doc[si]
		ents[si] = classEntities(s.s1)
		for _, e := range ents[si] {
			k := key(s, e)
			c := cnt[k]
			if c == nil {
				c = new([4]int32)
				cnt[k] = c
			}
			c[typeIndex(e.Type)]++
		}
	}
	for si := range doc {
		s := &doc[si]
		for _, e := range ents[si] {
			c := cnt[key(s, e)]
			own := typeIndex(e.Type)
			best, bt := int32(0), int8(-1)
			for ty := 0; ty < 4; ty++ {
				n := c[ty]
				if ty == own {
					n--
				}
				if n > best {
					best, bt = n, int8(ty)
				}
			}
			for i := e.Start; i < e.End; i++ {
				s.ctx[i].emaj = bt
			}
		}
	}
}

// Feature templates.
const (
	tBias = iota
	tW
	tLW
	tShape
	tPre
	tSuf
	tLWm1
	tLWp1
	tLWm2
	tLWp2
	tWm1
	tWp1
	tShm1
	tShp1
	tShm2
	tShp2
	tSh2a
	tSh2b
	tSh3
	tLW2a
	tLW2b
	tC64
	tC256
	tC1024
	tC256m1
	tC1024m1
	tC256p1
	tC1024p1
	tC1024Sh
	tGaz
	tGazCap
	tGazm1
	tGazp1
	tP1
	tP12
	tP1LW
	tP1Sh
	tP1C
	tFirst
	tHeadLW
	tHeadC
	tDocCase
	tDocCaseCl
	tCapm1p1
	tC64Tri
	tC256m2
	tC256p2
	tLWm1Sh
	tShLWp1
	tLen
	// stage 2
	tS1
	tS1m1
	tS1p1
	tMaj
	tMajCap
	tSeen
	tMajm1
	tMajp1
	tInMul
	tLast
	tS1Maj
	tMajNH
	// ner-features-2
	tC1024m2
	tC1024p2
	tC64m1
	tC64p1
	_ // 17 templates tried and dropped (models/README.md); gaps keep the ids below
	_
	_
	_
	_
	_
	_
	_
	_
	_
	_
	_
	_
	_
	_
	_
	_
	tEntMaj
	// table modes (ner-features-2t1, 2t2)
	tTab
	tTabSh
	tTabShm1
	tTabShp1
	tTabW
	tTabLW
)

const none = 0xFFFF_FFFF_FFFF

// wordFeatures returns the features of token i that name the word itself
// (as features computes them): the word, its lower-cased form, the pairs
// with its neighbours and with the previous label. Word dropout hides them.
func wordFeatures(s *sent, i, p1 int) [5]uint64 {
	t := &s.toks[i]
	lwm1, lwp1 := uint64(none-1), uint64(none-2)
	if i > 0 {
		lwm1 = s.toks[i-1].lw
	}
	if i+1 < len(s.toks) {
		lwp1 = s.toks[i+1].lw
	}
	tw, tlw := wordTemplates(s)
	return [5]uint64{f1(tw, t.w), f1(tlw, t.lw), f2(tLW2a, lwm1, t.lw), f2(tLW2b, t.lw, lwp1), f2(tP1LW, uint64(p1), t.lw)}
}

// wordTemplates gives the templates of a word's identity: in table mode 2
// a table's words have their own, in mode 3 every word of a document with
// tables, so team names learned from results tables and match reports do
// not carry ORG into prose ("a stay in Mallorca").
func wordTemplates(s *sent) (int, int) {
	if s.table == 2 || s.docTable {
		return tTabW, tTabLW
	}
	return tW, tLW
}

// features appends the features of token i given the two previous classes.
func features(buf []uint64, s *sent, i, p1, p2 int, stage2 bool) []uint64 {
	ts := s.toks
	t := &ts[i]
	at := func(j int) *tok {
		if j < 0 || j >= len(ts) {
			return nil
		}
		return &ts[j]
	}
	lwAt := func(j int) uint64 {
		if x := at(j); x != nil {
			return x.lw
		}
		if j < 0 {
			return none - 1
		}
		return none - 2
	}
	shAt := func(j int) uint64 {
		if x := at(j); x != nil {
			return x.shape
		}
		if j < 0 {
			return none - 1
		}
		return none - 2
	}
	cap := uint64(t.cap)
	tw, tlw := wordTemplates(s)
	buf = append(buf,
		f1(tBias, 0),
		f1(tw, t.w),
		f1(tlw, t.lw),
		f1(tShape, t.shape),
		f1(tLWm1, lwAt(i-1)),
		f1(tLWp1, lwAt(i+1)),
		f1(tLWm2, lwAt(i-2)),
		f1(tLWp2, lwAt(i+2)),
		f1(tShm1, shAt(i-1)),
		f1(tShp1, shAt(i+1)),
		f1(tShm2, shAt(i-2)),
		f1(tShp2, shAt(i+2)),
		f2(tSh2a, shAt(i-1), t.shape),
		f2(tSh2b, t.shape, shAt(i+1)),
		f3(tSh3, shAt(i-1), t.shape, shAt(i+1)),
		f2(tLW2a, lwAt(i-1), t.lw),
		f2(tLW2b, t.lw, lwAt(i+1)),
	)
	if x := at(i - 1); x != nil {
		buf = append(buf, f1(tWm1, x.w))
	}
	if x := at(i + 1); x != nil {
		buf = append(buf, f1(tWp1, x.w))
	}
	for k := 0; k < 4; k++ {
		if t.pre[k] != 0 {
			buf = append(buf, f2(tPre, uint64(k), t.pre[k]))
		}
		if t.suf[k] != 0 {
			buf = append(buf, f2(tSuf, uint64(k), t.suf[k]))
		}
	}
	// Clusters: unknown words get their own value, which is informative too.
	cl := uint64(t.cl)
	buf = append(buf,
		f1(tC64, cl&0xff),
		f1(tC256, cl>>8&0xff),
		f1(tC1024, cl>>16),
		f2(tC1024Sh, cl>>16, t.shape),
	)
	if x := at(i - 1); x != nil {
		buf = append(buf, f1(tC256m1, uint64(x.cl>>8&0xff)), f1(tC1024m1, uint64(x.cl>>16)))
	}
	if x := at(i + 1); x != nil {
		buf = append(buf, f1(tC256p1, uint64(x.cl>>8&0xff)), f1(tC1024p1, uint64(x.cl>>16)))
	}
	clAt := func(j int) uint64 {
		if x := at(j); x != nil {
			return uint64(x.cl)
		}
		return none
	}
	buf = append(buf,
		f3(tC64Tri, clAt(i-1)&0xff, cl&0xff, clAt(i+1)&0xff),
		f1(tC256m2, clAt(i-2)>>8&0xff),
		f1(tC256p2, clAt(i+2)>>8&0xff),
		f2(tLWm1Sh, lwAt(i-1), t.shape),
		f2(tShLWp1, t.shape, lwAt(i+1)),
	)
	// Gazetteers: position in each matching list, alone and with case.
	for g, l := t.gaz, uint64(0); g != 0; g, l = g>>4, l+1 {
		if code := g & 0xf; code != 0 {
			buf = append(buf, f2(tGaz, l, code), f3(tGazCap, l, code, cap))
		}
	}
	if x := at(i - 1); x != nil {
		for g, l := x.gaz, uint64(0); g != 0; g, l = g>>4, l+1 {
			if code := g & 0xf; code != 0 {
				buf = append(buf, f2(tGazm1, l, code))
			}
		}
	}
	if x := at(i + 1); x != nil {
		for g, l := x.gaz, uint64(0); g != 0; g, l = g>>4, l+1 {
			if code := g & 0xf; code != 0 {
				buf = append(buf, f2(tGazp1, l, code))
			}
		}
	}
	// Label history.
	buf = append(buf,
		f1(tP1, uint64(p1)),
		f2(tP12, uint64(p1), uint64(p2)),
		f2(tP1LW, uint64(p1), t.lw),
		f2(tP1Sh, uint64(p1), t.shape),
		f2(tP1C, uint64(p1), cl>>8&0xff),
	)
	// Wider cluster context: the clusters of the words around a name say
	// much about its type ("... said", "beat ...", "in ...").
	buf = append(buf,
		f1(tC1024m2, clAt(i-2)>>16),
		f1(tC1024p2, clAt(i+2)>>16),
		f1(tC64m1, clAt(i-1)&0xff),
		f1(tC64p1, clAt(i+1)&0xff),
	)
	if s.table != 0 {
		buf = append(buf,
			f1(tTab, cap),
			f1(tTabSh, t.shape),
			f2(tTabShm1, shAt(i-1), t.shape),
			f2(tTabShp1, t.shape, shAt(i+1)),
		)
	}
	capm1, capp1 := uint64(9), uint64(9)
	if x := at(i - 1); x != nil {
		capm1 = uint64(x.cap)
	}
	if x := at(i + 1); x != nil {
		capp1 = uint64(x.cap)
	}
	buf = append(buf, f3(tCapm1p1, capm1, cap, capp1))
	if i == 0 {
		buf = append(buf, f2(tFirst, cap, t.shape))
	}
	if s.headline {
		buf = append(buf, f1(tHeadLW, t.lw), f1(tHeadC, cl>>16))
	}
	buf = append(buf, f2(tDocCase, uint64(t.docCase), cap))
	if s.headline || i == 0 {
		buf = append(buf, f2(tDocCaseCl, uint64(t.docCase), cl>>8&0xff))
	}
	if !stage2 {
		return buf
	}
	// Stage 2: stage-1 classes nearby and the document context.
	s1At := func(j int) uint64 {
		if j < 0 || j >= len(s.s1) {
			return 99
		}
		return uint64(s.s1[j])
	}
	x := s.ctx[i]
	maj := uint64(int64(x.maj) + 1)
	buf = append(buf,
		f1(tS1, s1At(i)),
		f1(tS1m1, s1At(i-1)),
		f1(tS1p1, s1At(i+1)),
		f1(tMaj, maj),
		f2(tMajCap, maj, cap),
		f1(tSeen, uint64(x.seen)),
		f2(tS1Maj, s1At(i), maj),
		f3(tMajNH, uint64(int64(x.majNH)+1), cap, b2u(s.headline)),
	)
	if i > 0 {
		buf = append(buf, f1(tMajm1, uint64(int64(s.ctx[i-1].maj)+1)))
	}
	if i+1 < len(s.ctx) {
		buf = append(buf, f1(tMajp1, uint64(int64(s.ctx[i+1].maj)+1)))
	}
	if x.inMul != 0 {
		buf = append(buf, f2(tInMul, uint64(x.inMul), cap))
	}
	if x.emaj >= 0 {
		buf = append(buf, f2(tEntMaj, uint64(x.emaj), s1At(i)))
	}
	if x.last != 0 {
		buf = append(buf, f2(tLast, uint64(x.last), cap))
	}
	return buf
}
