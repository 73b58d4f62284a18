package tag

import (
	"slices"
	"strings"
)

// Document features (Options.DocFeats bits) for the second pass: what the
// first pass found for the same word elsewhere in the document, how the
// word is cased elsewhere in it, and how title-cased its sentence is
// (headlines). They are computed from the first pass's classes (the
// jack-knifed ones in training), so the second pass sees them as tagging
// will.
const (
	docTags     = 1  // majority first-pass UPOS of the word's other occurrences
	docCase     = 2  // casing of the word's other occurrences × its own
	docSentCase = 4  // share of title-cased words in the sentence × the word's casing
	docConf     = 8  // docTags counts only occurrences with a first-pass margin ≥ docConfMargin
	docOwnCase  = 16 // docTags × the word's own casing
	// docSentCase1 gives the first pass docSentCase's templates (they
	// need no first-pass tags).
	docSentCase1 = 32
	docAll       = 63
)

// docConfMargin is the first-pass margin from which docConf counts an
// occurrence (the shipped second pass's gate: words above it are seldom
// wrong).
const docConfMargin = 16

// docSentence is one sentence of a document between the two passes.
type docSentence struct {
	info []wordInfo // the words' hashes; doc features are written here
	dict []bool     // tag-dictionary words (no second pass, no features)
	r    []int      // first-pass classes
	m    []float32  // first-pass margins (docConf)
}

// docStat counts a lower-cased form's non-dictionary occurrences in a
// document.
type docStat struct {
	n, lower, titleMid int32
	upos               [maxUPOS]int32
}

const maxUPOS = 24

// initDoc maps classes to UPOS ids for the document features.
func (t *Tagger) initDoc() {
	var names []string
	for _, tg := range t.tags {
		if !slices.Contains(names, tg.UPOS) {
			names = append(names, tg.UPOS)
		}
	}
	slices.Sort(names)
	t.upos = make([]uint8, len(t.tags))
	for c, tg := range t.tags {
		i, _ := slices.BinarySearch(names, tg.UPOS)
		t.upos[c] = uint8(min(i, maxUPOS-1))
	}
}

// setDocFeatures writes the document features of every non-dictionary word
// of ds into its info.
func (t *Tagger) setDocFeatures(ds []docSentence, sc *Scratch) {
	if sc.docIdx == nil {
		sc.docIdx = map[uint64]int32{}
	}
	clear(sc.docIdx)
	sc.docStats = sc.docStats[:0]
	if t.docFeats&(docTags|docCase) != 0 {
		for _, s := range ds {
			for i := range s.info {
				if s.dict[i] {
					continue
				}
				w := &s.info[i]
				k, ok := sc.docIdx[w.low]
				if !ok {
					k = int32(len(sc.docStats))
					sc.docIdx[w.low] = k
					sc.docStats = append(sc.docStats, docStat{})
				}
				st := &sc.docStats[k]
				if t.docFeats&docConf == 0 || s.m[i] >= docConfMargin {
					st.n++
					st.upos[t.upos[s.r[i]]]++
				}
				if w.lower {
					st.lower++
				} else if w.title && i > 0 {
					st.titleMid++
				}
			}
		}
	}
	for _, s := range ds {
		var scase uint64
		if t.docFeats&(docSentCase|docSentCase1) != 0 {
			scase = sentCase(s.info)
		}
		for i := range s.info {
			if s.dict[i] {
				continue
			}
			w := &s.info[i]
			w.scase = scase
			if t.docFeats&(docTags|docCase) == 0 {
				continue
			}
			st := sc.docStats[sc.docIdx[w.low]]
			if t.docFeats&docConf == 0 || s.m[i] >= docConfMargin {
				st.n--
				st.upos[t.upos[s.r[i]]]--
			}
			if w.lower {
				st.lower--
			} else if w.title && i > 0 {
				st.titleMid--
			}
			own := uint64(boolInt(w.title) | boolInt(w.upper)<<1 | boolInt(i == 0)<<2)
			if st.n == 0 {
				w.dtag, w.dcase = 1, 2+own
				continue
			}
			m := 0
			for j, c := range st.upos {
				if c > st.upos[m] {
					m = j
				}
			}
			b := 3
			switch {
			case st.n == 1:
				b = 1
			case st.n <= 3:
				b = 2
			}
			w.dtag = uint64(2 + m*16 + boolInt(st.upos[m] == st.n)*4 + b)
			w.dcase = 16 + own*4 + uint64(boolInt(st.lower > 0)|boolInt(st.titleMid > 0)<<1)
		}
	}
}

// sentCase buckets the share of a sentence's words after the first that
// start with a capital, among those that start with a letter: 0 < 1/4 ≤ 1
// < 1/2 ≤ 2 < 3/4 ≤ 3, +4 when at least half are all capitals, 8 when
// fewer than three words start with a letter.
func sentCase(info []wordInfo) uint64 {
	n, title, upper := 0, 0, 0
	for i := 1; i < len(info); i++ {
		w := &info[i]
		if !w.title && !w.lower {
			continue
		}
		n++
		if w.title {
			title++
		}
		if w.upper {
			upper++
		}
	}
	if n < 3 {
		return 8 + 1
	}
	b := uint64(min(4*title/n, 3))
	if 2*upper >= n {
		b += 4
	}
	return b + 1
}

// docWide reports whether the second pass has features of the document.
func (t *Tagger) docWide() bool {
	return t.twoPass && t.docFeats&(docTags|docCase|docSentCase) != 0
}

// setSentCase sets the sentence's casing class (sentCase) on its words for
// the first pass's docSentCase1 templates.
func (t *Tagger) setSentCase(info []wordInfo) {
	if t.docFeats&docSentCase1 == 0 {
		return
	}
	c := sentCase(info)
	for i := range info {
		info[i].scase = c
	}
}

// TagsDoc tags a document's sentences; with a model trained with document
// features the second pass sees the whole document, otherwise it is Tags on
// each sentence.
func (t *Tagger) TagsDoc(sents [][]string, sc *Scratch) [][]Tag {
	if sc == nil {
		sc = &Scratch{}
	}
	sc.ner = nil
	out := make([][]Tag, len(sents))
	t.classesDoc(sents, sc, func(k int, cls []int) {
		out[k] = make([]Tag, len(cls))
		for i, c := range cls {
			out[k][i] = t.tags[c]
		}
	})
	return out
}

// classesDoc tags a document's sentences and calls f with each sentence's
// classes (valid until f returns).
func (t *Tagger) classesDoc(sents [][]string, sc *Scratch, f func(k int, cls []int)) {
	if !t.docWide() || len(sents) == 1 {
		for k, words := range sents {
			f(k, t.classes(words, sc, nil, nil))
		}
		return
	}
	// The first pass over every sentence, keeping what the second needs.
	type saved struct {
		ents   []*cacheEntry
		margin []float32
	}
	sv := make([]saved, len(sents))
	sc.docSents = sc.docSents[:0]
	for k, words := range sents {
		t.decode1(words, sc)
		ds := docSentence{info: slices.Clone(sc.info), r: slices.Clone(sc.hist), m: slices.Clone(sc.margin), dict: make([]bool, len(words))}
		for i, e := range sc.ents {
			ds.dict[i] = e.dict >= 0
		}
		sc.docSents = append(sc.docSents, ds)
		sv[k] = saved{slices.Clone(sc.ents), slices.Clone(sc.margin)}
	}
	t.setDocFeatures(sc.docSents, sc)
	for k, words := range sents {
		ds := &sc.docSents[k]
		sc.info = append(sc.info[:0], ds.info...)
		sc.ents = append(sc.ents[:0], sv[k].ents...)
		sc.margin = append(sc.margin[:0], sv[k].margin...)
		sc.hist = append(sc.hist[:0], ds.r...)
		sc.hist1 = append(sc.hist1[:0], ds.r...)
		f(k, t.decode2(words, sc))
	}
}

// docValues are a training word's document features.
type docValues struct{ dtag, dcase, scase uint64 }

// trainDocValues computes the document features of every training word
// from the jack-knifed first-pass classes jk; documents are runs of
// sentences starting at one with NewDoc (or the first).
func (t *Tagger) trainDocValues(sents []Sentence, jk [][]int, margins [][]float32) [][]docValues {
	out := make([][]docValues, len(sents))
	var sc Scratch
	for a := 0; a < len(sents); {
		b := a + 1
		for b < len(sents) && !sents[b].NewDoc {
			b++
		}
		ds := make([]docSentence, 0, b-a)
		for si := a; si < b; si++ {
			s := docSentence{info: t.info(sents[si].Words, nil), r: jk[si], m: margins[si], dict: make([]bool, len(sents[si].Words))}
			for i, w := range sents[si].Words {
				_, s.dict[i] = t.dict[strings.ToLower(Norm(w))]
			}
			ds = append(ds, s)
		}
		t.setDocFeatures(ds, &sc)
		for k, s := range ds {
			v := make([]docValues, len(s.info))
			for i, w := range s.info {
				v[i] = docValues{w.dtag, w.dcase, w.scase}
			}
			out[a+k] = v
		}
		a = b
	}
	return out
}
