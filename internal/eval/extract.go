// Package eval holds the scorers behind `newsgraph eval NAME`.
package eval

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
)

// This file implements the main-text extraction metric of the
// article-extraction benchmark (Scrapinghub/Zyte): word 4-gram shingles,
// per-page precision and recall, corpus P and R as means over pages, F1 the
// harmonic mean of those means (not the mean of per-page F1).

// ShingleN is the benchmark's shingle length.
const ShingleN = 4

// Words splits text into runs of word characters (letters, digits and
// underscore, as Python's \w in Unicode mode), case kept.
func Words(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		w := unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_'
		if w && start < 0 {
			start = i
		} else if !w && start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// Shingles returns the multiset of word n-grams of s. A text with fewer than
// n words yields one shingle of all its words; an empty text none.
func Shingles(s string, n int) map[string]int {
	toks := Words(s)
	out := map[string]int{}
	if len(toks) == 0 {
		return out
	}
	last := len(toks) - n + 1
	if last < 1 {
		last = 1
	}
	for i := 0; i < last; i++ {
		j := min(i+n, len(toks))
		out[strings.Join(toks[i:j], " ")]++
	}
	return out
}

// PageScore is the shingle match of one page.
type PageScore struct {
	ID         string
	TP, FP, FN int
}

// Precision of one page; 1 when both texts are empty.
func (p PageScore) Precision() float64 {
	if p.FP == 0 && p.FN == 0 {
		return 1
	}
	if p.TP == 0 && p.FP == 0 {
		return 0
	}
	return float64(p.TP) / float64(p.TP+p.FP)
}

// Recall of one page; 1 when both texts are empty.
func (p PageScore) Recall() float64 {
	if p.FP == 0 && p.FN == 0 {
		return 1
	}
	if p.TP == 0 && p.FN == 0 {
		return 0
	}
	return float64(p.TP) / float64(p.TP+p.FN)
}

// F1 of one page (for per-page reports only; the corpus F1 is not its mean).
func (p PageScore) F1() float64 {
	pr, rc := p.Precision(), p.Recall()
	if pr+rc == 0 {
		return 0
	}
	return 2 * pr * rc / (pr + rc)
}

// MatchShingles scores a predicted text against the reference.
func MatchShingles(id, gold, pred string) PageScore {
	g, p := Shingles(gold, ShingleN), Shingles(pred, ShingleN)
	s := PageScore{ID: id}
	for k, gc := range g {
		pc := p[k]
		s.TP += min(gc, pc)
		if gc > pc {
			s.FN += gc - pc
		}
	}
	for k, pc := range p {
		if gc := g[k]; pc > gc {
			s.FP += pc - gc
		}
	}
	return s
}

// ExtractScore is the corpus result.
type ExtractScore struct {
	Pages                 int
	Precision, Recall, F1 float64
	Accuracy              float64 // share of pages whose token sequence equals the reference
	PrecisionSD, RecallSD float64 // bootstrap standard deviations
	F1SD                  float64
}

// Aggregate computes corpus precision, recall, F1 and accuracy.
// A page counts as exact when its shingles match (FP = FN = 0).
func Aggregate(pages []PageScore) ExtractScore {
	pr, rc, f := means(pages)
	acc := 0.0
	for _, p := range pages {
		if p.FP == 0 && p.FN == 0 {
			acc++
		}
	}
	if len(pages) > 0 {
		acc /= float64(len(pages))
	}
	return ExtractScore{Pages: len(pages), Precision: pr, Recall: rc, F1: f, Accuracy: acc}
}

func means(pages []PageScore) (pr, rc, f1 float64) {
	var np, nr int
	for _, p := range pages {
		if p.TP+p.FP > 0 {
			pr += p.Precision()
			np++
		}
		if p.TP+p.FN > 0 {
			rc += p.Recall()
			nr++
		}
	}
	if np > 0 {
		pr /= float64(np)
	}
	if nr > 0 {
		rc /= float64(nr)
	}
	if pr+rc > 0 {
		f1 = 2 * pr * rc / (pr + rc)
	}
	return pr, rc, f1
}

// Bootstrap fills the ± figures: pages resampled with replacement, rounds
// times, with a fixed seed so the report is reproducible.
func Bootstrap(s *ExtractScore, pages []PageScore, rounds int, seed uint64) {
	if len(pages) == 0 || rounds <= 1 {
		return
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var ps, rs, fs []float64
	sample := make([]PageScore, len(pages))
	for r := 0; r < rounds; r++ {
		for i := range sample {
			sample[i] = pages[rng.IntN(len(pages))]
		}
		p, rc, f := means(sample)
		ps, rs, fs = append(ps, p), append(rs, rc), append(fs, f)
	}
	s.PrecisionSD, s.RecallSD, s.F1SD = sd(ps), sd(rs), sd(fs)
}

func sd(xs []float64) float64 {
	var m float64
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	var v float64
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	return math.Sqrt(v / float64(len(xs)-1))
}

// ExtractPage is one benchmark page: its id, raw HTML and gold body.
type ExtractPage struct {
	ID, URL, HTML, Gold string
}

// LoadExtractData reads a benchmark split: DIR/ground-truth.json and
// DIR/html/<id>.html.gz (or .html). Pages come sorted by id.
func LoadExtractData(dir string) ([]ExtractPage, error) {
	b, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, err
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(b, &gt); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "ground-truth.json"), err)
	}
	ids := make([]string, 0, len(gt))
	for id := range gt {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	pages := make([]ExtractPage, 0, len(ids))
	for _, id := range ids {
		html, err := readPage(filepath.Join(dir, "html", id))
		if err != nil {
			return nil, err
		}
		pages = append(pages, ExtractPage{ID: id, URL: gt[id].URL, HTML: html, Gold: gt[id].ArticleBody})
	}
	return pages, nil
}

func readPage(stem string) (string, error) {
	if f, err := os.Open(stem + ".html.gz"); err == nil {
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			return "", fmt.Errorf("%s.html.gz: %w", stem, err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			return "", fmt.Errorf("%s.html.gz: %w", stem, err)
		}
		return string(b), nil
	}
	b, err := os.ReadFile(stem + ".html")
	if err != nil {
		return "", err
	}
	return string(b), nil
}
