package eval

import (
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/internal/number"
)

func init() {
	recModelFuncs["NumberModel"] = recNumberModel
	recModelFuncs["PercentModel"] = recPercentModel
	recModelFuncs["OrdinalModel"] = recOrdinalModel
}

// recURLMask marks tokens inside URLs, which hold no numbers for us.
func recURLMask(s string, toks []number.Tok) []bool {
	mask := make([]bool, len(toks))
	for i := 0; i < len(toks); i++ {
		if toks[i].Kind == number.Word && (toks[i].Text == "http" || toks[i].Text == "https" || toks[i].Text == "www") &&
			i+1 < len(toks) && number.Adjacent(toks, i+1) && (toks[i+1].Text == ":" || toks[i+1].Text == ".") {
			j := i
			for j < len(toks) && (j == i || !toks[j].Space) {
				mask[j] = true
				j++
			}
			i = j - 1
		}
	}
	return mask
}

var oneDeterminers = map[string]bool{"the": true, "this": true, "that": true, "which": true, "each": true, "every": true,
	"any": true, "no": true, "another": true, "some": true, "one": true, "little": true, "only": true, "last": true}

// plainNumbers returns the numbers the NumberModel reports.
func plainNumbers(s string, toks []number.Tok) []number.Number {
	mask := recURLMask(s, toks)
	var out []number.Number
	for _, n := range number.Find(toks, number.Opts{ScaleAbbrev: true}) {
		if n.Err != "" || mask[n.First] {
			continue
		}
		// glued to letters: "180ml", "4th", "abc123"
		if n.Last < len(toks) && number.Adjacent(toks, n.Last) && toks[n.Last].Kind == number.Word {
			continue
		}
		if n.First > 0 && number.Adjacent(toks, n.First) && toks[n.First-1].Kind == number.Word && toks[n.First].Kind == number.Num {
			continue
		}
		if n.Last-n.First == 1 && toks[n.First].Text == "one" {
			if n.First > 0 && oneDeterminers[toks[n.First-1].Text] {
				continue
			}
			if n.Last < len(toks) && (toks[n.Last].Text == "you" || toks[n.Last].Text == "of" || toks[n.Last].Text == "another") {
				continue
			}
		}
		out = append(out, n)
	}
	return out
}

func recNumberModel(input, ref string) []RecResult {
	toks := number.Scan(input)
	x := newUTF16Index(input)
	var out []RecResult
	for _, n := range plainNumbers(input, toks) {
		out = append(out, x.result(n.Start, n.End, "number", map[string]any{"subtype": n.Subtype, "value": number.Format15(n.Value)}, false))
	}
	return out
}

var percentWords = map[string]bool{"percent": true, "percents": true, "percentage": true, "pct": true, "percentages": true}

func recPercentModel(input, ref string) []RecResult {
	toks := number.Scan(input)
	x := newUTF16Index(input)
	var out []RecResult
	nums := plainNumbersLoose(input, toks)
	used := make([]bool, len(toks))
	for _, n := range nums {
		e := n.Last
		ok := false
		if e < len(toks) && toks[e].Text == "%" {
			e++
			ok = true
		} else if e < len(toks) && percentWords[toks[e].Text] {
			e++
			ok = true
		} else if e+1 < len(toks) && toks[e].Text == "per" && toks[e+1].Text == "cent" {
			e += 2
			ok = true
		}
		if !ok {
			continue
		}
		for k := n.First; k < e; k++ {
			used[k] = true
		}
		out = append(out, x.result(n.Start, toks[e-1].End, "percentage", map[string]any{"value": number.Format15(n.Value) + "%"}, false))
	}
	// "percents of twenty", and a bare "percent"
	for i, t := range toks {
		if used[i] || !(t.Text == "percent" || t.Text == "percents" || t.Text == "percentage") {
			continue
		}
		if i+1 < len(toks) && toks[i+1].Text == "of" {
			if n, ok := number.Parse(toks, i+2, number.Opts{}); ok && n.Err == "" {
				out = append(out, x.result(t.Start, n.End, "percentage", map[string]any{"value": number.Format15(n.Value) + "%"}, false))
				for k := i; k < n.Last; k++ {
					used[k] = true
				}
				continue
			}
		}
		out = append(out, x.result(t.Start, t.End, "percentage", map[string]any{"value": "null"}, false))
	}
	sortRec(out)
	return out
}

// plainNumbersLoose is plainNumbers without the glued-letter filter on the
// right ("5pct").
func plainNumbersLoose(s string, toks []number.Tok) []number.Number {
	mask := recURLMask(s, toks)
	var out []number.Number
	for _, n := range number.Find(toks, number.Opts{ScaleAbbrev: true}) {
		if n.Err != "" || mask[n.First] {
			continue
		}
		out = append(out, n)
	}
	return out
}

var relOrdinals = map[string]string{"next": "1", "last": "0", "previous": "-1", "current": "0", "penultimate": "-1", "antepenultimate": "-2"}

func recOrdinalModel(input, ref string) []RecResult {
	toks := number.Scan(input)
	x := newUTF16Index(input)
	var out []RecResult
	for i := 0; i < len(toks); i++ {
		v, e, ok := number.Ordinal(toks, i)
		if !ok {
			continue
		}
		out = append(out, x.result(toks[i].Start, toks[e-1].End, "ordinal", map[string]any{"value": strconv.FormatInt(v, 10), "offset": strconv.FormatInt(v, 10), "relativeTo": "start"}, false))
		i = e - 1
	}
	return out
}

func sortRec(rs []RecResult) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j].Start < rs[j-1].Start; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

var _ = strings.ToLower
