package main

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/eval"
	"github.com/newsgraph/newsgraph/internal/geo"
	"github.com/newsgraph/newsgraph/internal/text"
)

func init() {
	registerEval(&subcommand{Name: "geo", Summary: "score toponym recognition and resolution (eval geo --data FILE [--gold-spans])", Run: runEvalGeo})
	registerBench(&subcommand{Name: "geo", Summary: "geoparsing throughput and gazetteer load time (bench geo --data FILE)", Run: runBenchGeo})
}

func runEvalGeo(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("eval geo", "--data FILE [--gold-spans] [--both]")
	data := fs.String("data", "", "gold JSONL (as shared/data/geoparse/dev.jsonl)")
	goldSpans := fs.Bool("gold-spans", false, "resolve the gold spans instead of recognising toponyms")
	both := fs.Bool("both", false, "print end-to-end and gold-span scores")
	errs := fs.Int("errors", 0, "print up to N resolution errors (gold-span mode) or recognition misses")
	verbose := fs.Bool("verbose", false, "with --errors: print each error's reason, top candidates with scores, and a little context")
	corpus := fs.String("corpus", "", "with --errors: only this corpus (LGL, GeoWebNews, TR-News, GeoVirus)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *data == "" {
		return m.errorf(exitUsage, "eval geo: --data is required")
	}
	docs, err := eval.LoadGeo(*data)
	if err != nil {
		return m.errorf(exitFailed, "eval geo: %v", err)
	}
	gp, err := geo.New()
	if err != nil {
		return m.errorf(exitFailed, "eval geo: %v", err)
	}
	modes := []bool{*goldSpans}
	if *both {
		modes = []bool{false, true}
	}
	for _, gs := range modes {
		preds, places := predictGeo(gp, docs, gs)
		eval.ScoreGeo(docs, preds, gs).Write(m.Stdout)
		if *errs > 0 {
			var pl [][]doc.Place
			if *verbose {
				pl = places
			}
			printGeoErrors(m, docs, preds, pl, *corpus, gs, *errs)
		}
	}
	return exitOK
}

// predictGeo runs the geoparser over the documents on all cores.
func predictGeo(gp *geo.Geoparser, docs []eval.GeoDoc, goldSpans bool) ([][]eval.GeoPred, [][]doc.Place) {
	preds := make([][]eval.GeoPred, len(docs))
	all := make([][]doc.Place, len(docs))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				d := doc.New(docs[i].ID, docs[i].Text)
				var spans []text.Span
				if goldSpans {
					spans = []text.Span{}
					for _, b := range docs[i].ByteSpans() {
						spans = append(spans, text.Span{Start: b[0], End: b[1]})
					}
				}
				places := gp.Places(d, spans)
				ps := make([]eval.GeoPred, len(places))
				for k, p := range places {
					ps[k] = eval.GeoPred{Start: p.Start, End: p.End, Resolved: p.Resolved, Lat: p.Lat, Lon: p.Lon, GeonameID: p.GeonameID}
				}
				preds[i] = ps
				all[i] = places
			}
		}()
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()
	return preds, all
}

// printGeoErrors lists resolution errors (gold spans) or recognition misses
// and false positives; with places (--verbose) each error also shows the
// reason, the top candidates with their scores and the words around it.
func printGeoErrors(m *Main, docs []eval.GeoDoc, preds [][]eval.GeoPred, places [][]doc.Place, corpus string, goldSpans bool, n int) {
	detail := func(i, k int, start, end int) {
		if places == nil {
			return
		}
		if k >= 0 && k < len(places[i]) {
			p := places[i][k]
			fmt.Fprintf(m.Stdout, "    got %q %s %s/%s (%s) conf %.3f: %s\n", p.Name, p.Country, p.FeatureClass, p.FeatureCode, p.Precision, p.Confidence, p.Reason)
			for _, c := range p.Candidates {
				fmt.Fprintf(m.Stdout, "    cand %d %q %s (%.2f,%.2f) score %.3f\n", c.GeonameID, c.Name, c.Country, c.Lat, c.Lon, c.Score)
			}
		}
		t := docs[i].Text
		a, b := max(0, start-60), min(len(t), end+60)
		for a > 0 && !utf8.RuneStart(t[a]) {
			a--
		}
		for b < len(t) && !utf8.RuneStart(t[b]) {
			b++
		}
		fmt.Fprintf(m.Stdout, "    ctx %q\n", strings.ReplaceAll(t[a:start]+"[["+t[start:end]+"]]"+t[end:b], "\n", " "))
	}
	for i, d := range docs {
		if corpus != "" && d.Corpus != corpus {
			continue
		}
		bs := d.ByteSpans()
		for k, t := range d.Toponyms {
			if n <= 0 {
				return
			}
			if goldSpans {
				if t.Lat == nil || k >= len(preds[i]) {
					continue
				}
				p := preds[i][k]
				e := eval.GeoMaxErrKm
				if p.GeonameID != 0 && p.GeonameID == t.GeonameID {
					e = 0
				} else if p.Resolved {
					e = eval.GeoHaversine(*t.Lat, *t.Lon, p.Lat, p.Lon)
				}
				if e > 161 {
					fmt.Fprintf(m.Stdout, "ERR %s %s %q gold=%d (%.2f,%.2f) got=%d (%.2f,%.2f) %.0fkm\n", d.Corpus, d.ID, t.Name, t.GeonameID, *t.Lat, *t.Lon, p.GeonameID, p.Lat, p.Lon, e)
					detail(i, k, bs[k][0], bs[k][1])
					n--
				}
				continue
			}
			hit := false
			for _, p := range preds[i] {
				if p.Start < bs[k][1] && bs[k][0] < p.End {
					hit = true
				}
			}
			if !hit {
				fmt.Fprintf(m.Stdout, "MISS %s %s %q\n", d.Corpus, d.ID, t.Name)
				if places != nil {
					detail(i, -1, bs[k][0], bs[k][1])
				}
				n--
			}
		}
		if !goldSpans {
			for _, p := range preds[i] {
				hit := false
				for _, b := range bs {
					if p.Start < b[1] && b[0] < p.End {
						hit = true
					}
				}
				if !hit && n > 0 {
					fmt.Fprintf(m.Stdout, "FP %s %s %q\n", d.Corpus, d.ID, d.Text[p.Start:p.End])
					n--
				}
			}
		}
	}
}

func runBenchGeo(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("bench geo", "--data FILE [--rounds N]")
	data := fs.String("data", "", "JSONL with a text field per line (gold geoparse file or news corpus)")
	rounds := fs.Int("rounds", 3, "passes over the data")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *data == "" {
		return m.errorf(exitUsage, "bench geo: --data is required")
	}
	t0, c0 := time.Now(), geoCPUSeconds()
	g, err := geo.Default()
	if err != nil {
		return m.errorf(exitFailed, "bench geo: %v", err)
	}
	load, loadCPU := time.Since(t0), geoCPUSeconds()-c0
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(m.Stdout, "gazetteer: %d entries, load %v wall, %.0f ms CPU, heap %.0f MB after load\n", g.Len(), load.Round(time.Millisecond), loadCPU*1000, float64(ms.HeapAlloc)/(1<<20))
	docs, err := eval.LoadGeo(*data)
	if err != nil {
		return m.errorf(exitFailed, "bench geo: %v", err)
	}
	gp := geo.NewWith(g)
	bytes := 0
	for _, d := range docs {
		bytes += len(d.Text)
	}
	// One goroutine: the figure is per core.
	t1, c1 := time.Now(), geoCPUSeconds()
	for r := 0; r < *rounds; r++ {
		for _, d := range docs {
			gp.Places(doc.New(d.ID, d.Text), nil)
		}
	}
	el, cpu := time.Since(t1), geoCPUSeconds()-c1
	mb := float64(bytes*(*rounds)) / 1e6
	fmt.Fprintf(m.Stdout, "geoparse: %.1f MB in %v on one goroutine: %.2f MB/s wall", mb, el.Round(time.Millisecond), mb/el.Seconds())
	if cpu > 0 {
		fmt.Fprintf(m.Stdout, ", %.2f MB per CPU second", mb/cpu)
	}
	fmt.Fprintln(m.Stdout)
	return exitOK
}
