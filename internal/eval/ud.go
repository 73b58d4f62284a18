package eval

// UD scoring as the CoNLL 2018 shared task counts it: tokens, words and
// sentences are aligned by their character spans in the text with all
// whitespace removed, so a system may tokenise differently from the gold
// file; UPOS, XPOS, lemma, UAS and LAS are F1 over aligned words (equal to
// accuracy under gold tokenisation). LAS compares the universal part of the
// relation (before ':'); LASFull keeps subtypes. Punctuation is included.
// Empty nodes are ignored; multi-word tokens are handled.

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"

	"github.com/newsgraph/newsgraph/internal/nlp/conllu"
)

// UDScores holds F1 scores in percent.
type UDScores struct {
	Tokens, Sentences, Words float64
	UPOS, XPOS, Lemmas       float64
	UAS, LAS, LASFull        float64
	GoldWords, SysWords      int
	// PerRel is the full-label LAS F1 for relations the event coder reads.
	PerRel map[string]float64
}

type udWord struct {
	start, end int // char span (whitespace removed) of the surface token
	sub        int // index within a multi-word token, -1 when none
	w          *conllu.Word
	headIdx    int // index into the word slice of the same file, -1 root
	sent       int
}

type udFile struct {
	chars  []rune
	tokens [][2]int
	sents  [][2]int
	words  []udWord
}

func udFlatten(ss []*conllu.Sentence) udFile {
	var f udFile
	for si, s := range ss {
		sStart := len(f.chars)
		base := len(f.words)
		mi := 0
		for i := 0; i < len(s.Words); i++ {
			w := &s.Words[i]
			form := w.Form
			var cover []int
			if mi < len(s.Multis) && s.Multis[mi].Start == w.ID {
				m := s.Multis[mi]
				mi++
				form = m.Form
				for j := i; j < len(s.Words) && s.Words[j].ID <= m.End; j++ {
					cover = append(cover, j)
				}
			} else {
				cover = []int{i}
			}
			st := len(f.chars)
			for _, r := range form {
				if !unicode.IsSpace(r) {
					f.chars = append(f.chars, r)
				}
			}
			en := len(f.chars)
			f.tokens = append(f.tokens, [2]int{st, en})
			for k, j := range cover {
				sub := -1
				if len(cover) > 1 {
					sub = k
				}
				wj := &s.Words[j]
				h := -1
				if wj.Head > 0 {
					h = base + wj.Head - 1
				}
				f.words = append(f.words, udWord{start: st, end: en, sub: sub, w: wj, headIdx: h, sent: si})
			}
			i += len(cover) - 1
		}
		f.sents = append(f.sents, [2]int{sStart, len(f.chars)})
	}
	return f
}

func spanF1(g, s [][2]int) float64 {
	set := make(map[[2]int]bool, len(g))
	for _, x := range g {
		set[x] = true
	}
	c := 0
	for _, x := range s {
		if set[x] {
			c++
		}
	}
	return f1(c, len(g), len(s))
}

func f1(correct, gold, sys int) float64 {
	if gold+sys == 0 {
		return 100
	}
	return 200 * float64(correct) / float64(gold+sys)
}

func univ(rel string) string {
	r, _, _ := strings.Cut(rel, ":")
	return r
}

// ScoreUD scores system sentences against gold ones.
func ScoreUD(gold, sys []*conllu.Sentence) (UDScores, error) {
	g, s := udFlatten(gold), udFlatten(sys)
	if string(g.chars) != string(s.chars) {
		n := 0
		for n < len(g.chars) && n < len(s.chars) && g.chars[n] == s.chars[n] {
			n++
		}
		return UDScores{}, fmt.Errorf("eval ud: texts differ (ignoring whitespace) at character %d", n)
	}
	var sc UDScores
	sc.Tokens = spanF1(g.tokens, s.tokens)
	sc.Sentences = spanF1(g.sents, s.sents)
	sc.GoldWords, sc.SysWords = len(g.words), len(s.words)
	// Align words: same token span and the same position inside it.
	type key struct{ st, en, sub int }
	gi := make(map[key]int, len(g.words))
	for i, w := range g.words {
		gi[key{w.start, w.end, w.sub}] = i
	}
	align := make([]int, len(s.words)) // sys → gold, -1
	galign := make([]int, len(g.words))
	for i := range galign {
		galign[i] = -1
	}
	nAligned := 0
	for i, w := range s.words {
		align[i] = -1
		if j, ok := gi[key{w.start, w.end, w.sub}]; ok {
			align[i] = j
			galign[j] = i
			nAligned++
		}
	}
	var upos, xpos, lem, uas, las, lasFull int
	relGold := map[string]int{}
	relSys := map[string]int{}
	relOK := map[string]int{}
	coder := map[string]bool{"nsubj": true, "nsubj:pass": true, "obj": true, "iobj": true, "obl": true, "obl:agent": true, "ccomp": true, "xcomp": true, "conj": true, "nmod:poss": true}
	for _, w := range g.words {
		if coder[w.w.Deprel] {
			relGold[w.w.Deprel]++
		}
	}
	for i, w := range s.words {
		if coder[w.w.Deprel] {
			relSys[w.w.Deprel]++
		}
		j := align[i]
		if j < 0 {
			continue
		}
		gw := g.words[j]
		if w.w.UPOS == gw.w.UPOS {
			upos++
		}
		if w.w.XPOS == gw.w.XPOS {
			xpos++
		}
		if w.w.Lemma == gw.w.Lemma {
			lem++
		}
		headOK := false
		if w.headIdx < 0 || gw.headIdx < 0 {
			headOK = w.headIdx < 0 && gw.headIdx < 0 && w.w.Head == 0 && gw.w.Head == 0
		} else {
			headOK = align[w.headIdx] == gw.headIdx
		}
		if headOK {
			uas++
			if univ(w.w.Deprel) == univ(gw.w.Deprel) {
				las++
			}
			if w.w.Deprel == gw.w.Deprel {
				lasFull++
				if coder[w.w.Deprel] {
					relOK[w.w.Deprel]++
				}
			}
		}
	}
	ng, ns := len(g.words), len(s.words)
	sc.Words = f1(nAligned, ng, ns)
	sc.UPOS, sc.XPOS, sc.Lemmas = f1(upos, ng, ns), f1(xpos, ng, ns), f1(lem, ng, ns)
	sc.UAS, sc.LAS, sc.LASFull = f1(uas, ng, ns), f1(las, ng, ns), f1(lasFull, ng, ns)
	sc.PerRel = map[string]float64{}
	for r := range coder {
		if relGold[r]+relSys[r] > 0 {
			sc.PerRel[r] = f1(relOK[r], relGold[r], relSys[r])
		}
	}
	return sc, nil
}

// Print writes the scores as a small table.
func (sc UDScores) Print(w io.Writer) {
	fmt.Fprintf(w, "Metric     F1\n")
	for _, r := range []struct {
		n string
		v float64
	}{{"Tokens", sc.Tokens}, {"Sentences", sc.Sentences}, {"Words", sc.Words}, {"UPOS", sc.UPOS}, {"XPOS", sc.XPOS}, {"Lemmas", sc.Lemmas}, {"UAS", sc.UAS}, {"LAS", sc.LAS}, {"LAS-fullrel", sc.LASFull}} {
		fmt.Fprintf(w, "%-11s%6.2f\n", r.n, r.v)
	}
	rels := make([]string, 0, len(sc.PerRel))
	for r := range sc.PerRel {
		rels = append(rels, r)
	}
	sort.Strings(rels)
	for _, r := range rels {
		fmt.Fprintf(w, "LAS[%s]%s%6.2f\n", r, strings.Repeat(" ", max(1, 12-len(r))), sc.PerRel[r])
	}
}
