package eval

import (
	"strconv"

	"github.com/newsgraph/newsgraph/internal/number"
	"github.com/newsgraph/newsgraph/internal/quantity"
	"github.com/shopspring/decimal"
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

func init() {
	recModelFuncs["TemperatureModel"] = func(in, ref string) []RecResult { return recMeasureModel(in, quantity.Temperature) }
	recModelFuncs["DimensionModel"] = func(in, ref string) []RecResult { return recMeasureModel(in, quantity.Dimension) }
	recModelFuncs["AgeModel"] = func(in, ref string) []RecResult { return recMeasureModel(in, quantity.Age) }
	RecModels = append(RecModels, "TemperatureModel", "DimensionModel", "AgeModel")
}

var bareScales = map[string]string{"celsius": "C", "celcius": "C", "fahrenheit": "F", "farenheit": "F"}

// recMeasureModel renders temperatures, dimensions or ages.
func recMeasureModel(input, kind string) []RecResult {
	toks := number.Scan(input)
	x := newUTF16Index(input)
	var out []RecResult
	covered := make([]bool, len(toks))
	for _, q := range quantity.FindMeasures(input, toks) {
		for k := q.First; k < q.Last; k++ {
			covered[k] = true
		}
		if q.Kind != kind {
			continue
		}
		val := number.Format15(q.Value)
		if f, _ := q.Value.Float64(); !q.Value.Equal(decimal.RequireFromString(val)) {
			val = strconv.FormatFloat(f, 'f', -1, 64) // the spec prints doubles at full precision
		}
		res := map[string]any{"value": val, "unit": q.UnitName}
		if kind == quantity.Dimension {
			res["subtype"] = q.ISO
		}
		out = append(out, x.result(q.Start, q.End, kind, res, true))
	}
	if kind == quantity.Temperature {
		// a scale named without an amount: "convert to fahrenheit"
		for i, t := range toks {
			sc, ok := bareScales[t.Text]
			if !ok || covered[i] {
				continue
			}
			st := t.Start
			if i > 0 && !covered[i-1] && (toks[i-1].Text == "degrees" || toks[i-1].Text == "degree") {
				st = toks[i-1].Start
			}
			out = append(out, x.result(st, t.End, kind, map[string]any{"value": nil, "unit": sc}, true))
		}
		sortRec(out)
	}
	return out
}
