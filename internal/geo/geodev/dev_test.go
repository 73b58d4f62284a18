// Package geodev scores the geoparser on the dev split and sweeps its
// weights; it lives apart from package geo so that geo's own tests do not
// depend on internal/eval.
package geodev

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/eval"
	"github.com/newsgraph/newsgraph/internal/geo"
	"github.com/newsgraph/newsgraph/internal/shared"
	"github.com/newsgraph/newsgraph/internal/text"
)

// TestDevScores scores the dev split; it is slow-ish, so it runs only with
// GEO_DEV=1 (newsgraph eval geo is the regular way to score).
func TestDevScores(t *testing.T) {
	if os.Getenv("GEO_DEV") == "" {
		t.Skip("set GEO_DEV=1")
	}
	docs, err := eval.LoadGeo(shared.Require(t, "data", "geoparse", "dev.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	gp, err := geo.New()
	if err != nil {
		t.Fatal(err)
	}
	run := func(label string) {
		var sb strings.Builder
		for _, gs := range []bool{false, true} {
			preds := make([][]eval.GeoPred, len(docs))
			for i, d := range docs {
				var spans []text.Span
				if gs {
					spans = []text.Span{}
					for _, b := range d.ByteSpans() {
						spans = append(spans, text.Span{Start: b[0], End: b[1]})
					}
				}
				for _, p := range gp.Places(doc.New(d.ID, d.Text), spans) {
					preds[i] = append(preds[i], eval.GeoPred{Start: p.Start, End: p.End, Resolved: p.Resolved, Lat: p.Lat, Lon: p.Lon, GeonameID: p.GeonameID})
				}
			}
			r := eval.ScoreGeo(docs, preds, gs)
			fmt.Fprintf(&sb, " %v:", gs)
			for _, c := range []string{"LGL", "GeoWebNews", "TR-News", "GeoVirus"} {
				fmt.Fprintf(&sb, " %.3f", r.Corpora[c].Acc161)
			}
			if !gs {
				fmt.Fprintf(&sb, " F1~ %.3f", r.Overall.LenientF1)
			}
		}
		t.Logf("%-30s%s", label, sb.String())
	}
	run("base")
	if os.Getenv("GEO_GRID") == "" {
		return
	}
	grid := map[string][]float64{}
	params := map[string]*float64{"Country": &geo.W.Country, "Admin1": &geo.W.Admin1, "A1Mention": &geo.W.A1Mention, "Cooc": &geo.W.Cooc,
		"ContainA1": &geo.W.ContainA1, "CCMention": &geo.W.CCMention, "Pop": &geo.W.Pop, "Alt": &geo.W.Alt, "NearKm": &geo.W.NearKm, "PCLI": nil, "PPLC": nil, "ADM1": nil, "PPLA": nil, "PPLA2": nil}
	_ = grid
	for _, name := range strings.Split(os.Getenv("GEO_GRID"), ",") {
		p := params[name]
		var orig float64
		get := func() float64 {
			if p != nil {
				return *p
			}
			return geo.W.Type[name]
		}
		set := func(v float64) {
			if p != nil {
				*p = v
			} else {
				geo.W.Type[name] = v
			}
		}
		orig = get()
		for _, f := range []float64{0.5, 0.75, 1.5, 2} {
			set(orig * f)
			run(fmt.Sprintf("%s=%.2f", name, orig*f))
		}
		set(orig)
	}
}
