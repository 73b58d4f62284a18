package eval

// This file runs the Microsoft Recognizers-Text spec files (English
// model-level specs: DateTimeModel, NumberModel, CurrencyModel, ...) through
// our grammars and scores them the way shared/data/recognizers/README.md
// says: a case passes on spans when the multiset of (Start, End) equals the
// gold one, and fully when in addition each result has the gold TypeName
// and resolution. Offsets are UTF-16 code units with End inclusive.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// RecCase is one spec case.
type RecCase struct {
	Input   string `json:"Input"`
	Context *struct {
		ReferenceDateTime string `json:"ReferenceDateTime"`
	} `json:"Context,omitempty"`
	NotSupported string      `json:"NotSupported,omitempty"`
	Results      []RecResult `json:"Results"`
}

// RecResult is one recognised entity in the spec's conventions.
type RecResult struct {
	Text       string         `json:"Text"`
	Start      int            `json:"Start"`
	End        int            `json:"End"`
	TypeName   string         `json:"TypeName"`
	Typename   string         `json:"Typename,omitempty"` // upstream misspelling in 3 cases
	Resolution map[string]any `json:"Resolution"`
}

// RecOutput is what `newsgraph recognize` writes.
type RecOutput struct {
	System string        `json:"system"`
	Spec   string        `json:"spec"`
	Model  string        `json:"model"`
	N      int           `json:"n"`
	Cases  [][]RecResult `json:"cases"`
}

// RecDefaultReference is the reference date for cases that carry none.
const RecDefaultReference = "2016-11-07T00:00:00"

// LoadRecSpec reads a spec file.
func LoadRecSpec(path string) ([]RecCase, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	b = []byte(strings.TrimPrefix(string(b), "\ufeff"))
	var cs []RecCase
	if err := json.Unmarshal(b, &cs); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i := range cs {
		for j := range cs[i].Results {
			r := &cs[i].Results[j]
			if r.TypeName == "" {
				r.TypeName = r.Typename
			}
			r.Typename = ""
		}
	}
	return cs, nil
}

// RecModelFromPath infers the model from the spec's file name.
func RecModelFromPath(path string) string {
	m := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if m == "DateTimeModel" && strings.Contains(filepath.ToSlash(path), "/EnglishOthers/") {
		return "DateTimeModelDayFirst"
	}
	return m
}

// RecModels lists the models `recognize` supports.
var RecModels = []string{"DateTimeModel", "DateTimeModelDayFirst", "NumberModel", "OrdinalModel", "PercentModel",
	"CurrencyModel", "NewsQuantityModel"}

// Recognize runs model over every case.
func Recognize(model string, cases []RecCase) ([][]RecResult, error) {
	fn, ok := recModelFuncs[model]
	if !ok {
		return nil, fmt.Errorf("unsupported model %q (have %s)", model, strings.Join(RecModels, ", "))
	}
	out := make([][]RecResult, len(cases))
	for i, c := range cases {
		ref := RecDefaultReference
		if c.Context != nil && c.Context.ReferenceDateTime != "" {
			ref = c.Context.ReferenceDateTime
		}
		res := fn(c.Input, ref)
		if res == nil {
			res = []RecResult{}
		}
		out[i] = res
	}
	return out, nil
}

var recModelFuncs = map[string]func(input, ref string) []RecResult{}

// RecScore is the score of one file.
type RecScore struct {
	File       string
	Model      string
	N          int
	Full, Span int
	// over the cases not marked NotSupported for javascript (the anchor's subset)
	NSupported, FullSupported int
	Failures                  []RecFailure
}

// RecFailure records one case that did not pass fully.
type RecFailure struct {
	Index int
	Input string
	Gold  []RecResult
	Pred  []RecResult
}

// ScoreRec compares predictions with the gold cases.
func ScoreRec(model string, cases []RecCase, pred [][]RecResult) RecScore {
	s := RecScore{Model: model, N: len(cases)}
	for i, c := range cases {
		var p []RecResult
		if i < len(pred) {
			p = pred[i]
		}
		span := recSpansEqual(c.Results, p)
		full := span && recResolutionsEqual(model, c.Results, p)
		if span {
			s.Span++
		}
		if full {
			s.Full++
		} else {
			s.Failures = append(s.Failures, RecFailure{Index: i, Input: c.Input, Gold: c.Results, Pred: p})
		}
		if !strings.Contains(strings.ToLower(c.NotSupported), "javascript") {
			s.NSupported++
			if full {
				s.FullSupported++
			}
		}
	}
	return s
}

func recSpansEqual(g, p []RecResult) bool {
	if len(g) != len(p) {
		return false
	}
	key := func(rs []RecResult) []string {
		k := make([]string, len(rs))
		for i, r := range rs {
			k[i] = fmt.Sprintf("%d:%d", r.Start, r.End)
		}
		sort.Strings(k)
		return k
	}
	return reflect.DeepEqual(key(g), key(p))
}

func recResolutionsEqual(model string, g, p []RecResult) bool {
	used := make([]bool, len(p))
	for _, gr := range g {
		found := false
		for j, pr := range p {
			if used[j] || pr.Start != gr.Start || pr.End != gr.End {
				continue
			}
			if pr.TypeName == gr.TypeName && recResolutionEqual(model, gr.Resolution, pr.Resolution) {
				used[j], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func recResolutionEqual(model string, g, p map[string]any) bool {
	switch model {
	case "DateTimeModel", "DateTimeModelDayFirst":
		gv, _ := g["values"].([]any)
		pv, _ := p["values"].([]any)
		if len(gv) != len(pv) {
			return false
		}
		used := make([]bool, len(pv))
		for _, a := range gv {
			ok := false
			for j, b := range pv {
				if !used[j] && jsonEqual(a, b) {
					used[j], ok = true, true
					break
				}
			}
			if !ok {
				return false
			}
		}
		return true
	case "NumberModel", "OrdinalModel", "PercentModel", "NumberRangeModel":
		return fmt.Sprint(g["value"]) == fmt.Sprint(p["value"])
	case "NewsQuantityModel":
		for k, gv := range g {
			if !jsonEqual(gv, p[k]) {
				return false
			}
		}
		return true
	default:
		for _, k := range []string{"value", "unit", "isoCurrency"} {
			gv, ok := g[k]
			if !ok {
				continue
			}
			if !jsonEqual(gv, p[k]) {
				return false
			}
		}
		return true
	}
}

// jsonEqual compares two values after a JSON round trip, so Go values built
// by our adapters compare equal to decoded gold values.
func jsonEqual(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	var x, y any
	_ = json.Unmarshal(ja, &x)
	_ = json.Unmarshal(jb, &y)
	return reflect.DeepEqual(x, y)
}

// utf16Index converts byte offsets in s to UTF-16 code-unit offsets.
type utf16Index struct {
	s   string
	pos []int // pos[b] = UTF-16 index of byte offset b (only for rune starts)
}

func newUTF16Index(s string) *utf16Index {
	pos := make([]int, len(s)+1)
	u := 0
	for b, r := range s {
		pos[b] = u
		n := utf8.RuneLen(r)
		for k := 1; k < n && b+k < len(pos); k++ {
			pos[b+k] = u
		}
		if utf16.IsSurrogate(r) || r >= 0x10000 {
			u += 2
		} else {
			u++
		}
	}
	pos[len(s)] = u
	return &utf16Index{s: s, pos: pos}
}

// result builds a RecResult for bytes [start, end) with the spec's
// inclusive UTF-16 End.
func (x *utf16Index) result(start, end int, typ string, res map[string]any, lower bool) RecResult {
	t := x.s[start:end]
	if lower {
		t = strings.ToLower(t)
	}
	return RecResult{Text: t, Start: x.pos[start], End: x.pos[end] - 1, TypeName: typ, Resolution: res}
}
