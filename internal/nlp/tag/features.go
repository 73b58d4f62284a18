package tag

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
)

// Norm maps a surface form to the form features see: typographic quotes and
// dashes fold to their ASCII forms (EWT is mostly ASCII; news is not), and
// long digit strings keep only their shape.
func Norm(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	return normReplacer.Replace(w)
}

var normReplacer = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u201c", "\"", "\u201d", "\"", "\u2013", "-", "\u2014", "--", "\u2026", "...", "\u00a0", " ", "\uff0c", ",", "\u3002", ".")

// shape is the word's character classes with runs collapsed: "Xi" → "Xx",
// "U.S." → "X.X.", "2,000" → "d,d".
func shape(w string, buf []byte) []byte {
	buf = buf[:0]
	var last byte
	n := 0
	for _, r := range w {
		var c byte
		switch {
		case r >= 'A' && r <= 'Z':
			c = 'X'
		case r >= 'a' && r <= 'z':
			c = 'x'
		case r >= '0' && r <= '9':
			c = 'd'
		case r < 0x80:
			c = byte(r)
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.Is(unicode.Han, r):
			c = 'H'
		case unicode.IsLetter(r):
			c = 'L'
		case unicode.IsDigit(r):
			c = 'd'
		default:
			c = '*'
		}
		if c == last {
			n++
			if n >= 2 {
				continue
			}
		} else {
			n = 0
		}
		last = c
		buf = append(buf, c)
		if len(buf) > 12 {
			break
		}
	}
	return buf
}

// wordInfo holds the hashes of a word's properties, computed once per
// token so feature templates only mix integers.
type wordInfo struct {
	low, form, shape         uint64
	suf1, suf2, suf3, suf4   uint64
	suf5                     uint64
	pre1, pre2, pre3         uint64
	ambig                    uint64
	c64, c256, c1024         uint64
	lexTop, lexSet, lexCap   uint64 // neighbour lexicon (tools/taglex)
	ner                      uint64 // entity label (Options.NER), set per sentence by setNER
	dtag, dcase, scase       uint64 // document features (doc.go), set per document
	upper, title, digit, hyp bool
	lower                    bool // starts with a lower-case letter
}

func strHash(s string) uint64 {
	var h perceptron.Hasher
	return h.Start(0).Str(s).Sum()
}

// suffix returns the last n runes of s (all of s when shorter).
func suffix(s string, n int) string {
	i := len(s)
	for k := 0; k < n && i > 0; k++ {
		_, sz := utf8.DecodeLastRuneInString(s[:i])
		i -= sz
	}
	return s[i:]
}

func prefix(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, sz := utf8.DecodeRuneInString(s[i:])
		i += sz
	}
	return s[:i]
}

var (
	hStart = strHash("-START-")
	hEnd   = strHash("-END-")
)

func sentinel(h uint64) wordInfo {
	return wordInfo{low: h, form: h, shape: h, suf1: h, suf2: h, suf3: h, suf4: h, pre1: h, pre2: h, pre3: h, ambig: h, c64: h, c256: h, c1024: h, lexTop: h, lexSet: h, lexCap: h, ner: h}
}

var startInfo, endInfo = sentinel(hStart), sentinel(hEnd)

// Feature template ids.
const (
	fBias byte = iota + 1
	fW0
	fForm0
	fSuf1
	fSuf2
	fSuf3
	fSuf4
	fPre1
	fPre2
	fPre3
	fShape0
	fWm1
	fWp1
	fWm2
	fWp2
	fSufm1
	fSufp1
	fShapem1
	fShapep1
	fT1
	fT2
	fT12
	fT1W0
	fT1Suf3
	fAmb0
	fAmbp1
	fAmbm1
	fT1Amb0
	fW0Wp1
	fWm1W0
	fAmbp1W0
	fFirstCap
	fFlags
	fAmbp2
	fC64
	fC256
	fC1024
	fC256m1
	fC256p1
	fC1024p1
	fT1C256
	fC64p2
	fWp1Wp2
	fTitleCtx
	fSuf5
	fAmb01
	fT1Shape
	fC1024m1
	fLexTop
	fLexSet
	fLexSetp1
	fT1LexSet
	fLexSetm1
	fLexCap
	fNer0
	fNerm1
	fNerp1
	fNer0Shape
	fNer0Caps
	fNer0W0
	fSentCase1
	fSentCase1Amb
)

// Lexicon modes (bits of Options.LexMode).
const (
	lexStatic  = 1 // the word's lexicon entry as features of its own
	lexAmbig   = 2 // words without an ambiguity class use their lexicon set as one
	lexContext = 4 // the entries of the neighbours, and tag history × entry
	lexCaps    = 8 // the word's capitalisation class × its own casing
)

// features are all the features of word i: static (the word alone) and
// contextual. Training uses this; tagging caches the static part's scores.
func (t *Tagger) features(h *perceptron.Hasher, buf []perceptron.Feature, info []wordInfo, i int, p1, p2 int) []perceptron.Feature {
	buf = t.staticFeatures(h, buf[:0], &info[i], 0)
	return t.contextFeatures(h, buf, info, i, p1, p2, 0)
}

// pass2Base offsets the second pass's template ids (all first-pass ids are
// below it).
const pass2Base = 128

// features2 are the second pass's features of word i: the first pass's
// templates under their own ids, plus the first pass's tags of the word and
// its right neighbours (r holds the first pass's classes).
func (t *Tagger) features2(h *perceptron.Hasher, buf []perceptron.Feature, info []wordInfo, i int, p1, p2 int, r []int) []perceptron.Feature {
	buf = t.staticFeatures(h, buf[:0], &info[i], pass2Base)
	return t.contextFeatures2(h, buf, info, i, p1, p2, r)
}

func (t *Tagger) contextFeatures2(h *perceptron.Hasher, buf []perceptron.Feature, info []wordInfo, i int, p1, p2 int, r []int) []perceptron.Feature {
	buf = t.contextFeatures(h, buf, info, i, p1, p2, pass2Base)
	rt := func(k int) uint64 {
		if k >= len(r) {
			return 0
		}
		return uint64(r[k] + 2)
	}
	r0, r1, r2 := rt(i), rt(i+1), rt(i+2)
	w0 := &info[i]
	var p1low uint64 = hEnd
	if i+1 < len(info) {
		p1low = info[i+1].low
	}
	t1 := uint64(p1 + 2)
	u2 := func(tpl byte, a, b uint64) {
		buf = append(buf, h.Start(tpl).Int(int(a)).Int(int(b)).Sum())
	}
	u2(fR0, r0, 0)
	u2(fR1, r1, 0)
	u2(fR2, r2, 0)
	u2(fR12, r1, r2)
	u2(fR1W0, r1, w0.low)
	u2(fT1R1, t1, r1)
	u2(fR0R1, r0, r1)
	u2(fR1Wp1, r1, p1low)
	u2(fR1Suf3, r1, w0.suf3)
	u2(fR0W0, r0, w0.low)
	if pass2Variant&1 != 0 {
		// The word between the second pass's left tag and the first
		// pass's right one, by its casing ("Hobby [Lobby] ,").
		u2(fSandwich, t1*1024+r1, uint64(boolInt(w0.title)|boolInt(w0.upper)<<1|boolInt(i == 0)<<2))
	}
	if pass2Variant&2 != 0 {
		u2(fR1R2Shape, r1*1024+r2, w0.shape)
	}
	if t.docFeats&docTags != 0 {
		u2(fDocTag, w0.dtag, 0)
		u2(fDocTagR0, w0.dtag, r0)
		u2(fDocTagAmb, w0.dtag, w0.ambig)
		if t.docFeats&docOwnCase != 0 {
			u2(fDocTagOwn, w0.dtag, uint64(boolInt(w0.title)|boolInt(w0.upper)<<1|boolInt(i == 0)<<2))
		}
	}
	if t.docFeats&docCase != 0 {
		u2(fDocCase, w0.dcase, 0)
		u2(fDocCaseAmb, w0.dcase, w0.ambig)
	}
	if t.docFeats&docSentCase != 0 {
		own := uint64(boolInt(w0.title) | boolInt(w0.upper)<<1 | boolInt(i == 0)<<2)
		u2(fSentCase, w0.scase, own)
		u2(fSentCaseAmb, w0.scase*8+own, w0.ambig)
	}
	return buf
}

// Second-pass-only templates (ids above pass2Base's range of first-pass ids).
const (
	fR0 byte = pass2Base + 100 + iota
	fR1
	fR2
	fR12
	fR1W0
	fT1R1
	fR0R1
	fR1Wp1
	fR1Suf3
	fR0W0
	fDocTag
	fDocTagR0
	fDocTagAmb
	fDocCase
	fDocCaseAmb
	fSentCase
	fSentCaseAmb
	fDocTagOwn
	fSandwich
	fR1R2Shape
)

// pass2Variant adds experimental second-pass templates (bits: 1 the left
// tag × the first pass's right tag × the word's casing, 2 the first pass's
// two right tags × the word's shape). Only tests set it; on EWT dev
// neither beat the default set (doc_exp_test.go).
var pass2Variant = 0

// staticFeatures depend on the word alone.
// base offsets the template ids, so the second pass's weights live apart from
// the first pass's in the same model.
func (t *Tagger) staticFeatures(h *perceptron.Hasher, buf []perceptron.Feature, w0 *wordInfo, base byte) []perceptron.Feature {
	u := func(tpl byte, a uint64) {
		buf = append(buf, h.Start(tpl+base).Int(int(a)).Sum())
	}
	buf = append(buf, h.Start(fBias+base).Sum())
	u(fW0, w0.low)
	u(fForm0, w0.form)
	u(fSuf1, w0.suf1)
	u(fSuf2, w0.suf2)
	u(fSuf3, w0.suf3)
	u(fSuf4, w0.suf4)
	u(fSuf5, w0.suf5)
	u(fPre1, w0.pre1)
	u(fPre2, w0.pre2)
	u(fPre3, w0.pre3)
	u(fShape0, w0.shape)
	u(fAmb0, w0.ambig)
	if t.lexMode&lexStatic != 0 {
		u(fLexTop, w0.lexTop)
		u(fLexSet, w0.lexSet)
	}
	if t.lexMode&lexCaps != 0 {
		u(fLexCap, w0.lexCap)
	}
	if t.clusters != nil {
		u(fC64, w0.c64)
		u(fC256, w0.c256)
		u(fC1024, w0.c1024)
	}
	return buf
}

// contextFeatures depend on the neighbours and the tag history.
func (t *Tagger) contextFeatures(h *perceptron.Hasher, buf []perceptron.Feature, info []wordInfo, i int, p1, p2 int, base byte) []perceptron.Feature {
	at := func(k int) *wordInfo {
		if k < 0 {
			return &startInfo
		}
		if k >= len(info) {
			return &endInfo
		}
		return &info[k]
	}
	w0, m1, m2, p1w, p2w := at(i), at(i-1), at(i-2), at(i+1), at(i+2)
	u := func(tpl byte, a uint64) {
		buf = append(buf, h.Start(tpl+base).Int(int(a)).Sum())
	}
	u2 := func(tpl byte, a, b uint64) {
		buf = append(buf, h.Start(tpl+base).Int(int(a)).Int(int(b)).Sum())
	}
	u(fWm1, m1.low)
	u(fWp1, p1w.low)
	u(fWm2, m2.low)
	u(fWp2, p2w.low)
	u(fSufm1, m1.suf3)
	u(fSufp1, p1w.suf3)
	u(fShapem1, m1.shape)
	u(fShapep1, p1w.shape)
	t1, t2 := uint64(p1+2), uint64(p2+2)
	u(fT1, t1)
	u2(fT2, t2, 0)
	u2(fT12, t1, t2)
	u2(fT1W0, t1, w0.low)
	u2(fT1Suf3, t1, w0.suf3)
	u(fAmbp1, p1w.ambig)
	u(fAmbm1, m1.ambig)
	u(fAmbp2, p2w.ambig)
	u2(fT1Amb0, t1, w0.ambig)
	u2(fW0Wp1, w0.low, p1w.low)
	u2(fWm1W0, m1.low, w0.low)
	u2(fWp1Wp2, p1w.low, p2w.low)
	u2(fAmbp1W0, p1w.ambig, w0.low)
	var fl uint64
	if w0.upper {
		fl |= 1
	}
	if w0.title {
		fl |= 2
	}
	if w0.digit {
		fl |= 4
	}
	if w0.hyp {
		fl |= 8
	}
	if i == 0 {
		fl |= 16
	}
	u(fFlags, fl)
	u2(fTitleCtx, uint64(boolInt(m1.title)+2*boolInt(w0.title)+4*boolInt(p1w.title)+8*boolInt(i == 0)), uint64(boolInt(w0.upper)))
	u2(fAmb01, w0.ambig, p1w.ambig)
	u2(fT1Shape, t1, w0.shape)
	if w0.title {
		u2(fFirstCap, uint64(boolInt(i == 0)), w0.low)
	}
	if t.lexMode&lexContext != 0 {
		u(fLexSetp1, p1w.lexSet)
		u(fLexSetm1, m1.lexSet)
		u2(fT1LexSet, t1, w0.lexSet)
	}
	if t.nerFeats {
		v := nerVariant
		u(fNer0, w0.ner)
		u(fNerm1, m1.ner)
		u(fNerp1, p1w.ner)
		in := w0.ner != hNerO || v&1 != 0
		if in && v&2 != 0 {
			u2(fNer0Shape, w0.ner, w0.shape)
		}
		if in {
			u2(fNer0Caps, w0.ner, uint64(boolInt(m1.title)+2*boolInt(w0.title)+4*boolInt(p1w.title)+8*boolInt(i == 0)+16*boolInt(w0.upper)))
		}
		if in && v&4 != 0 {
			u2(fNer0W0, w0.ner, w0.low)
		}
	}
	if t.docFeats&docSentCase1 != 0 {
		own := uint64(boolInt(w0.title) | boolInt(w0.upper)<<1 | boolInt(i == 0)<<2)
		u2(fSentCase1, w0.scase, own)
		u2(fSentCase1Amb, w0.scase*8+own, w0.ambig)
	}
	if t.clusters != nil {
		u(fC256m1, m1.c256)
		u(fC256p1, p1w.c256)
		u(fC1024p1, p1w.c1024)
		u2(fT1C256, t1, w0.c256)
		u(fC64p2, p2w.c64)
		u(fC1024m1, m1.c1024)
	}
	return buf
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

var hNerO = strHash("E:O")

// nerVariant adds experimental entity-label templates to the default set
// (the label of the word and its neighbours, and inside entities the label ×
// the capitalisation of the word and its neighbours), bits: 1 the
// conjunctions outside entities too, 2 label × shape, 4 label × word,
// 8 labels without their BILOU position. Only tests set it; on EWT dev none
// beat the default set (ner_exp_test.go).
var nerVariant = 0

// setNER stores the hashes of the entity labels ents (nil: all "O") in
// info, when the model uses them.
func (t *Tagger) setNER(info []wordInfo, ents []string) {
	if !t.nerFeats {
		return
	}
	for i := range info {
		info[i].ner = hNerO
		if i < len(ents) && ents[i] != "" && ents[i] != "O" {
			l := ents[i]
			if nerVariant&8 != 0 && len(l) > 2 && l[1] == '-' {
				l = l[2:]
			}
			info[i].ner = strHash("E:" + l)
		}
	}
}

// info computes the per-word hashes of a sentence into dst.
func (t *Tagger) info(words []string, dst []wordInfo) []wordInfo {
	dst = dst[:0]
	for _, w := range words {
		dst = append(dst, t.wordInfo(w))
	}
	return dst
}

// wordInfo computes one word's hashes.
func (t *Tagger) wordInfo(w string) wordInfo {
	var sb [16]byte
	{
		n := Norm(w)
		low := strings.ToLower(n)
		var wi wordInfo
		wi.form = strHash(n)
		wi.low = strHash(low)
		wi.shape = strHash(string(shape(n, sb[:0])))
		wi.suf1 = strHash(suffix(low, 1))
		wi.suf2 = strHash(suffix(low, 2))
		wi.suf3 = strHash(suffix(low, 3))
		wi.suf4 = strHash(suffix(low, 4))
		wi.suf5 = strHash(suffix(low, 5))
		wi.pre1 = strHash(prefix(n, 1))
		wi.pre2 = strHash(prefix(low, 2))
		wi.pre3 = strHash(prefix(low, 3))
		r, _ := utf8.DecodeRuneInString(n)
		wi.title = unicode.IsUpper(r)
		wi.lower = unicode.IsLower(r)
		lex, inLex := t.lex[low]
		if t.lex != nil {
			wi.lexTop, wi.lexSet = strHash("T"+lex.top), strHash("S"+lex.set)
			c := "n"
			if wi.title {
				c = "t"
			}
			wi.lexCap = strHash("C" + lex.cap + c)
		}
		if a, ok := t.ambig[low]; ok {
			wi.ambig = strHash(a)
		} else if inLex && lex.set != "" && t.lexMode&lexAmbig != 0 {
			wi.ambig = strHash("~" + lex.set + "|" + string(shape(n, sb[:0])))
		} else {
			wi.ambig = strHash("?" + string(shape(n, sb[:0])))
		}
		wi.upper = wi.title && n == strings.ToUpper(n) && len(n) > 1
		wi.digit = strings.IndexAny(n, "0123456789") >= 0
		wi.hyp = strings.IndexByte(n, '-') > 0
		if t.clusters != nil {
			c64, c256, c1024 := t.clusters(n)
			wi.c64, wi.c256, wi.c1024 = uint64(c64)+1, uint64(c256)+1, uint64(c1024)+1
		}
		return wi
	}
}
