package eval

import (
	"math"
	"strings"
	"testing"
)

func gf(v float64) *float64 { return &v }

func TestScoreGeo(t *testing.T) {
	// "Café in Paris and Lyon": code points differ from bytes after "é".
	d := GeoDoc{ID: "a", Corpus: "C", Text: "Café in Paris and Lyon",
		Toponyms: []GeoGold{
			{Start: 8, End: 13, Name: "Paris", Lat: gf(48.85), Lon: gf(2.35), GeonameID: 2988507},
			{Start: 18, End: 22, Name: "Lyon", Lat: gf(45.75), Lon: gf(4.85)},
		}}
	bs := d.ByteSpans()
	if bs[0] != [2]int{9, 14} || d.Text[bs[1][0]:bs[1][1]] != "Lyon" {
		t.Fatalf("byte spans %v", bs)
	}
	preds := [][]GeoPred{{
		{Start: 9, End: 14, Resolved: true, Lat: 33.66, Lon: -95.55, GeonameID: 2988507}, // id match: 0 km
		{Start: 19, End: 21, Resolved: true, Lat: 40.0, Lon: 4.85},                       // overlap only, ~640 km off
		{Start: 0, End: 5, Resolved: false},                                              // false positive
	}}
	r := ScoreGeo([]GeoDoc{d}, preds, false)
	o := r.Overall
	if o.StrictTP != 1 || o.LenientTP != 2 || o.System != 3 || o.Gold != 2 {
		t.Fatalf("counts %+v", o)
	}
	if math.Abs(o.LenientP-2.0/3) > 1e-9 || o.LenientR != 1 || o.N != 2 || o.Acc161 != 0.5 {
		t.Fatalf("scores %+v", o)
	}
	var sb strings.Builder
	r.Write(&sb)
	if !strings.Contains(sb.String(), "all") {
		t.Fatal(sb.String())
	}
	g := ScoreGeo([]GeoDoc{d}, [][]GeoPred{{{Resolved: false}}}, true)
	if g.Overall.N != 2 || g.Overall.Acc161 != 0 || g.Overall.MeanKm != GeoMaxErrKm {
		t.Fatalf("gold spans %+v", g.Overall)
	}
}

func TestGeoAUC(t *testing.T) {
	if GeoAUC([]float64{0, 0, 0}) != 0 {
		t.Fatal("perfect AUC must be 0")
	}
	if a := GeoAUC([]float64{GeoMaxErrKm, GeoMaxErrKm}); math.Abs(a-1) > 1e-3 {
		t.Fatalf("worst AUC %v", a)
	}
}
