package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"
	"unicode/utf8"
)

// GeoDoc is one document of the geoparsing gold data (shared/data/geoparse).
// Gold offsets count Unicode code points; ByteSpans converts them.
type GeoDoc struct {
	ID       string    `json:"id"`
	Corpus   string    `json:"corpus"`
	Title    string    `json:"title"`
	Text     string    `json:"text"`
	Toponyms []GeoGold `json:"toponyms"`
}

// GeoGold is one gold toponym.
type GeoGold struct {
	Start     int      `json:"start"`
	End       int      `json:"end"`
	Name      string   `json:"name"`
	Lat       *float64 `json:"lat"`
	Lon       *float64 `json:"lon"`
	GeonameID int64    `json:"geonameid"`
	Type      string   `json:"type"`
}

// GeoPred is one system place, with byte offsets into the document text.
type GeoPred struct {
	Start, End int
	Resolved   bool
	Lat, Lon   float64
	GeonameID  int64
}

// LoadGeo reads a gold JSONL file.
func LoadGeo(path string) ([]GeoDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadGeo(f)
}

// ReadGeo reads gold JSONL.
func ReadGeo(r io.Reader) ([]GeoDoc, error) {
	var docs []GeoDoc
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var d GeoDoc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		docs = append(docs, d)
	}
	return docs, sc.Err()
}

// ByteSpans converts the gold code-point offsets to byte offsets into Text.
func (d *GeoDoc) ByteSpans() [][2]int {
	idx := geoRuneOffsets(d.Text)
	out := make([][2]int, len(d.Toponyms))
	for i, t := range d.Toponyms {
		out[i] = [2]int{idx[geoClamp(t.Start, len(idx)-1)], idx[geoClamp(t.End, len(idx)-1)]}
	}
	return out
}

func geoClamp(v, hi int) int { return max(0, min(v, hi)) }

// runeOffsets maps code-point index → byte offset, with one extra entry for
// the end of the text.
func geoRuneOffsets(s string) []int {
	out := make([]int, 0, utf8.RuneCountInString(s)+1)
	for i := range s {
		out = append(out, i)
	}
	return append(out, len(s))
}

// GeoScores are the recognition and resolution scores of one group.
type GeoScores struct {
	Docs, Gold, System            int
	StrictTP, LenientTP           int
	StrictP, StrictR, StrictF1    float64
	LenientP, LenientR, LenientF1 float64
	N                             int // toponyms scored for resolution
	Acc161, MeanKm, MedianKm, AUC float64
	errs                          []float64
}

// GeoMaxErrKm is the error of an unresolved toponym: half the Earth's circumference.
const GeoMaxErrKm = 20039.0

// GeoReport holds the overall scores and one row per corpus.
type GeoReport struct {
	GoldSpans bool
	Overall   GeoScores
	Corpora   map[string]*GeoScores
}

// ScoreGeo scores system places against gold. With goldSpans, preds[i][k]
// is the system reading of gold toponym k and recognition is not scored;
// otherwise resolution is scored on the gold toponyms with coordinates that a
// system span matched under the lenient rule (as EUPEG and Gritta et al.
// score full geoparsers). A matching GeoNames id counts as 0 km.
func ScoreGeo(docs []GeoDoc, preds [][]GeoPred, goldSpans bool) *GeoReport {
	rep := &GeoReport{GoldSpans: goldSpans, Corpora: map[string]*GeoScores{}}
	for i := range docs {
		d := &docs[i]
		c := rep.Corpora[d.Corpus]
		if c == nil {
			c = &GeoScores{}
			rep.Corpora[d.Corpus] = c
		}
		for _, s := range []*GeoScores{c, &rep.Overall} {
			s.Docs++
		}
		gold := d.ByteSpans()
		var matched []int // gold index → pred index, -1
		if goldSpans {
			matched = make([]int, len(gold))
			for k := range matched {
				matched[k] = -1
				if k < len(preds[i]) {
					matched[k] = k
				}
			}
		} else {
			strict, lenient, m := geoMatchSpans(gold, preds[i])
			matched = m
			for _, s := range []*GeoScores{c, &rep.Overall} {
				s.Gold += len(gold)
				s.System += len(preds[i])
				s.StrictTP += strict
				s.LenientTP += lenient
			}
		}
		for k, t := range d.Toponyms {
			if t.Lat == nil || t.Lon == nil {
				continue
			}
			p := matched[k]
			if p < 0 {
				if !goldSpans {
					continue
				}
			}
			e := GeoMaxErrKm
			if p >= 0 {
				pr := preds[i][p]
				switch {
				case pr.GeonameID != 0 && pr.GeonameID == t.GeonameID:
					e = 0
				case pr.Resolved:
					e = GeoHaversine(*t.Lat, *t.Lon, pr.Lat, pr.Lon)
				}
			}
			c.errs = append(c.errs, e)
			rep.Overall.errs = append(rep.Overall.errs, e)
		}
	}
	for _, s := range append([]*GeoScores{&rep.Overall}, geoValues(rep.Corpora)...) {
		s.finish()
	}
	return rep
}

func geoValues(m map[string]*GeoScores) []*GeoScores {
	out := make([]*GeoScores, 0, len(m))
	for _, k := range geoSortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}

func geoSortedKeys(m map[string]*GeoScores) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// matchSpans counts exact matches and greedy one-to-one overlap matches (a
// system span takes the first unmatched gold span it overlaps) and returns
// gold → system for the overlap matching.
func geoMatchSpans(gold [][2]int, sys []GeoPred) (strict, lenient int, goldToSys []int) {
	goldToSys = make([]int, len(gold))
	for k := range goldToSys {
		goldToSys[k] = -1
	}
	exact := map[[2]int]bool{}
	for _, g := range gold {
		exact[g] = true
	}
	for j, s := range sys {
		if exact[[2]int{s.Start, s.End}] {
			strict++
		}
		for k, g := range gold {
			if goldToSys[k] < 0 && s.Start < g[1] && g[0] < s.End {
				goldToSys[k] = j
				lenient++
				break
			}
		}
	}
	return strict, lenient, goldToSys
}

func geoPRF(tp, sys, gold int) (p, r, f float64) {
	if sys > 0 {
		p = float64(tp) / float64(sys)
	}
	if gold > 0 {
		r = float64(tp) / float64(gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

func (s *GeoScores) finish() {
	s.StrictP, s.StrictR, s.StrictF1 = geoPRF(s.StrictTP, s.System, s.Gold)
	s.LenientP, s.LenientR, s.LenientF1 = geoPRF(s.LenientTP, s.System, s.Gold)
	s.N = len(s.errs)
	if s.N == 0 {
		return
	}
	e := append([]float64(nil), s.errs...)
	sort.Float64s(e)
	ok, sum := 0, 0.0
	for _, v := range e {
		if v <= 161 {
			ok++
		}
		sum += v
	}
	s.Acc161 = float64(ok) / float64(s.N)
	s.MeanKm = sum / float64(s.N)
	if s.N%2 == 1 {
		s.MedianKm = e[s.N/2]
	} else {
		s.MedianKm = (e[s.N/2-1] + e[s.N/2]) / 2
	}
	s.AUC = GeoAUC(e)
}

// GeoAUC is the area under the curve of sorted ln(1+error), trapezoid rule over
// the index, normalised by (n-1)·ln(20039) (Gritta et al. 2018); lower is better.
func GeoAUC(sortedErrs []float64) float64 {
	n := len(sortedErrs)
	if n < 2 {
		if n == 1 {
			return math.Log1p(sortedErrs[0]) / math.Log(GeoMaxErrKm)
		}
		return 0
	}
	area := 0.0
	for i := 1; i < n; i++ {
		area += (math.Log1p(sortedErrs[i-1]) + math.Log1p(sortedErrs[i])) / 2
	}
	return area / (float64(n-1) * math.Log(GeoMaxErrKm))
}

// GeoHaversine is the great-circle distance in km (R = 6371).
func GeoHaversine(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dlat := (lat2 - lat1) * rad
	dlon := (lon2 - lon1) * rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * 6371 * math.Asin(math.Sqrt(math.Min(1, a)))
}

// Write prints the report as a table.
func (r *GeoReport) Write(w io.Writer) {
	mode := "end to end (resolution on gold toponyms the system's spans matched, lenient)"
	if r.GoldSpans {
		mode = "gold spans (resolution only)"
	}
	fmt.Fprintf(w, "geo: %s; id match = 0 km, unresolved = %.0f km\n", mode, GeoMaxErrKm)
	if !r.GoldSpans {
		fmt.Fprintf(w, "%-11s %5s %6s %6s | %5s %5s %5s | %5s %5s %5s | %5s %7s %7s %6s %6s\n",
			"corpus", "docs", "gold", "sys", "P", "R", "F1", "P~", "R~", "F1~", "n", "acc161", "meankm", "medkm", "AUC")
	} else {
		fmt.Fprintf(w, "%-11s %5s | %5s %7s %7s %6s %6s\n", "corpus", "docs", "n", "acc161", "meankm", "medkm", "AUC")
	}
	row := func(name string, s *GeoScores) {
		if !r.GoldSpans {
			fmt.Fprintf(w, "%-11s %5d %6d %6d | %.3f %.3f %.3f | %.3f %.3f %.3f | %5d %7.3f %7.0f %6.1f %6.3f\n",
				name, s.Docs, s.Gold, s.System, s.StrictP, s.StrictR, s.StrictF1, s.LenientP, s.LenientR, s.LenientF1,
				s.N, s.Acc161, s.MeanKm, s.MedianKm, s.AUC)
		} else {
			fmt.Fprintf(w, "%-11s %5d | %5d %7.3f %7.0f %6.1f %6.3f\n", name, s.Docs, s.N, s.Acc161, s.MeanKm, s.MedianKm, s.AUC)
		}
	}
	for _, k := range geoSortedKeys(r.Corpora) {
		row(k, r.Corpora[k])
	}
	row("all", &r.Overall)
}
