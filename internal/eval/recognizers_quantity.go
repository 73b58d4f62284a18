package eval

import (
	"github.com/newsgraph/newsgraph/internal/number"
	"github.com/newsgraph/newsgraph/internal/quantity"
)

func init() {
	recModelFuncs["CurrencyModel"] = recCurrencyModel
	recModelFuncs["NewsQuantityModel"] = recNewsQuantityModel
}

func recCurrencyModel(input, ref string) []RecResult {
	toks := number.Scan(input)
	x := newUTF16Index(input)
	var out []RecResult
	qs := quantity.Find(input, toks)
	covered := make([]bool, len(toks))
	for _, q := range qs {
		for k := q.First; k < q.Last; k++ {
			covered[k] = true
		}
		if q.Kind != quantity.Money {
			continue
		}
		res := map[string]any{"value": number.Format15(q.Value), "unit": q.UnitName}
		if q.ISO != "" {
			res["isoCurrency"] = q.ISO
		}
		out = append(out, x.result(q.Start, q.End, "currency", res, true))
	}
	// a bare "dollar" names the unit without an amount
	for i, t := range toks {
		if !covered[i] && (t.Text == "dollar" || t.Text == "dollars") {
			out = append(out, x.result(t.Start, t.End, "currency", map[string]any{"value": nil, "unit": "Dollar"}, true))
		}
	}
	sortRec(out)
	return out
}

// recNewsQuantityModel renders every quantity kind for our own news spec
// file (testdata/recognizers/NewsQuantityModel.json).
func recNewsQuantityModel(input, ref string) []RecResult {
	toks := number.Scan(input)
	x := newUTF16Index(input)
	var out []RecResult
	for _, q := range quantity.Find(input, toks) {
		if q.Kind == quantity.Plain || q.Err != "" {
			continue
		}
		res := map[string]any{"value": number.Format15(q.Value), "unit": q.Unit}
		if q.Kind == quantity.Money && q.ISO != "" {
			res["isoCurrency"] = q.ISO
		}
		if q.HasUpper {
			res["upper"] = number.Format15(q.Upper)
		}
		if q.Approx {
			res["approx"] = true
		}
		if q.OfStart >= 0 {
			res["of"] = input[q.OfStart:q.OfEnd]
		}
		if q.Linked >= 0 {
			res["linked"] = true
		}
		out = append(out, x.result(q.Start, q.End, q.Kind, res, false))
	}
	return out
}
