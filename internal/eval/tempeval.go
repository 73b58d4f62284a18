package eval

// This file scores TIMEX3 recognition and normalisation on TempEval-3
// TimeML documents (Task A): extents strict (identical) and relaxed (any
// overlap), and value and type F1 (= relaxed F1 × attribute accuracy on the
// relaxed matches), with the document creation time as the reference date.
// It works on character offsets of the tag-stripped text, like the
// evaluators' approximation of the official token-based scorer.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/internal/timex"
)

// TEDoc is one TimeML document: plain text, DCT and gold TIMEX3s.
type TEDoc struct {
	Name   string
	DCT    string
	Text   string
	Timexs []TETimex
}

// TETimex is a gold or predicted TIMEX3 with byte offsets into Text.
type TETimex struct {
	Start, End int
	Type       string
	Value      string
}

var teAttr = regexp.MustCompile(`(\w+)="([^"]*)"`)

// ParseTimeML reads a .tml document.
func ParseTimeML(name string, b []byte) (TEDoc, error) {
	s := string(b)
	d := TEDoc{Name: name}
	if i := strings.Index(s, "<DCT>"); i >= 0 {
		j := strings.Index(s[i:], "</DCT>")
		if j > 0 {
			for _, m := range teAttr.FindAllStringSubmatch(s[i:i+j], -1) {
				if m[1] == "value" {
					d.DCT = m[2]
				}
			}
		}
	}
	ti := strings.Index(s, "<TEXT>")
	te := strings.Index(s, "</TEXT>")
	if ti < 0 || te < ti {
		return d, fmt.Errorf("%s: no <TEXT>", name)
	}
	body := s[ti+len("<TEXT>") : te]
	var out strings.Builder
	var open *TETimex
	for k := 0; k < len(body); {
		c := body[k]
		if c == '<' {
			end := strings.IndexByte(body[k:], '>')
			if end < 0 {
				break
			}
			tag := body[k+1 : k+end]
			k += end + 1
			switch {
			case strings.HasPrefix(tag, "TIMEX3"):
				t := TETimex{Start: out.Len()}
				for _, m := range teAttr.FindAllStringSubmatch(tag, -1) {
					switch m[1] {
					case "type":
						t.Type = m[2]
					case "value":
						t.Value = m[2]
					}
				}
				if strings.HasSuffix(tag, "/") {
					continue // empty, non-consuming
				}
				open = &t
			case tag == "/TIMEX3":
				if open != nil {
					open.End = out.Len()
					if open.End > open.Start {
						d.Timexs = append(d.Timexs, *open)
					}
					open = nil
				}
			}
			continue
		}
		if c == '&' {
			if semi := strings.IndexByte(body[k:], ';'); semi > 0 && semi < 8 {
				ent := body[k : k+semi+1]
				rep := map[string]string{"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": `"`, "&apos;": "'"}[ent]
				if rep != "" {
					out.WriteString(rep)
					k += semi + 1
					continue
				}
			}
		}
		out.WriteByte(c)
		k++
	}
	d.Text = out.String()
	return d, nil
}

// LoadTempEval reads every .tml file under dir.
func LoadTempEval(dir string) ([]TEDoc, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, de os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !de.IsDir() && strings.HasSuffix(p, ".tml") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var docs []TEDoc
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		d, err := ParseTimeML(f, b)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// TEScore holds Task A counts.
type TEScore struct {
	Gold, Pred              int
	Strict, Relaxed         int // matched predictions (one-to-one)
	ValueOK, TypeOK         int // on relaxed matches
	RelaxedGold, StrictGold int
}

func tePRF(tp, pred, gold int) (p, r, f float64) {
	if pred > 0 {
		p = float64(tp) / float64(pred)
	}
	if gold > 0 {
		r = float64(tp) / float64(gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

// StrictF1 and friends report percentages.
func (s TEScore) StrictF1() float64 { _, _, f := tePRF(s.Strict, s.Pred, s.Gold); return 100 * f }
func (s TEScore) RelaxedPRF() (float64, float64, float64) {
	p, r, f := tePRF(s.Relaxed, s.Pred, s.Gold)
	return 100 * p, 100 * r, 100 * f
}
func (s TEScore) ValueF1() float64 {
	_, _, f := s.RelaxedPRF()
	if s.Relaxed == 0 {
		return 0
	}
	return f * float64(s.ValueOK) / float64(s.Relaxed)
}
func (s TEScore) TypeF1() float64 {
	_, _, f := s.RelaxedPRF()
	if s.Relaxed == 0 {
		return 0
	}
	return f * float64(s.TypeOK) / float64(s.Relaxed)
}

// Add accumulates another score.
func (s *TEScore) Add(o TEScore) {
	s.Gold += o.Gold
	s.Pred += o.Pred
	s.Strict += o.Strict
	s.Relaxed += o.Relaxed
	s.ValueOK += o.ValueOK
	s.TypeOK += o.TypeOK
}

// TEMiss is a disagreement, for error analysis.
type TEMiss struct {
	Kind       string // fp, fn, value, type
	Text       string
	Gold, Pred string
	Context    string
}

// ScoreTE compares predicted with gold timexes of one document.
func ScoreTE(d TEDoc, pred []TETimex, misses *[]TEMiss) TEScore {
	s := TEScore{Gold: len(d.Timexs), Pred: len(pred)}
	used := make([]bool, len(pred))
	ctx := func(a, b int) string {
		lo, hi := a-40, b+40
		if lo < 0 {
			lo = 0
		}
		if hi > len(d.Text) {
			hi = len(d.Text)
		}
		return strings.ReplaceAll(d.Text[lo:hi], "\n", " ")
	}
	for _, g := range d.Timexs {
		best := -1
		for j, p := range pred {
			if used[j] || p.End <= g.Start || p.Start >= g.End {
				continue
			}
			if best < 0 || (p.Start == g.Start && p.End == g.End) {
				best = j
			}
		}
		if best < 0 {
			if misses != nil {
				*misses = append(*misses, TEMiss{Kind: "fn", Text: d.Text[g.Start:g.End], Gold: g.Type + " " + g.Value, Context: ctx(g.Start, g.End)})
			}
			continue
		}
		used[best] = true
		p := pred[best]
		s.Relaxed++
		if p.Start == g.Start && p.End == g.End {
			s.Strict++
		}
		if p.Value == g.Value {
			s.ValueOK++
		} else if misses != nil {
			*misses = append(*misses, TEMiss{Kind: "value", Text: d.Text[g.Start:g.End] + " | " + d.Text[p.Start:p.End], Gold: g.Value, Pred: p.Value, Context: ctx(g.Start, g.End)})
		}
		if p.Type == g.Type {
			s.TypeOK++
		}
	}
	if misses != nil {
		for j, p := range pred {
			if !used[j] {
				*misses = append(*misses, TEMiss{Kind: "fp", Text: d.Text[p.Start:p.End], Pred: p.Type + " " + p.Value, Context: ctx(p.Start, p.End)})
			}
		}
	}
	return s
}

// RecognizeTE runs the timex grammar over a document with its DCT as reference.
func RecognizeTE(d TEDoc) []TETimex {
	ref, err := timex.ParseRef(d.DCT)
	if err != nil {
		ref = timex.Ref{}
	}
	var out []TETimex
	for _, x := range timex.Scan(d.Text, ref) {
		out = append(out, TETimex{Start: x.Start, End: x.End, Type: x.Type, Value: x.Value})
	}
	return out
}
