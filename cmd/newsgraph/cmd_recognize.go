package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/internal/eval"
	"github.com/newsgraph/newsgraph/internal/shared"
)

func init() {
	register(&command{Name: "recognize", Summary: "run the timex/number/quantity grammars over a Recognizers-Text spec file", Run: runRecognize})
	registerEval(&subcommand{Name: "recognizers", Summary: "score Recognizers-Text spec files (per-file full and span pass rates)", Run: runEvalRecognizers})
	registerEval(&subcommand{Name: "tempeval", Summary: "score TIMEX3 extents, values and types on TempEval-3 TimeML", Run: runEvalTempEval})
	registerBench(&subcommand{Name: "timex", Summary: "throughput of timex + quantity recognition over text files", Run: runBenchTimex})
}

func runRecognize(ctx context.Context, m *Main, args []string) int {
	fl := m.newFlags("recognize", "--spec FILE.json [--model M] > pred.json")
	spec := fl.String("spec", "", "spec file in the Recognizers-Text schema")
	model := fl.String("model", "", "model name (default: from the file name): "+strings.Join(eval.RecModels, ", "))
	if code, ok := parseFlags(fl, args); !ok {
		return code
	}
	if *spec == "" {
		fl.Usage()
		return exitUsage
	}
	cases, err := eval.LoadRecSpec(*spec)
	if err != nil {
		return m.errorf(exitFailed, "recognize: %v", err)
	}
	md := *model
	if md == "" {
		md = eval.RecModelFromPath(*spec)
	}
	pred, err := eval.Recognize(md, cases)
	if err != nil {
		return m.errorf(exitUsage, "recognize: %v", err)
	}
	out := eval.RecOutput{System: "newsgraph " + buildStamp(), Spec: *spec, Model: md, N: len(cases), Cases: pred}
	enc := json.NewEncoder(m.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return m.errorf(exitFailed, "recognize: %v", err)
	}
	return exitOK
}

func runEvalRecognizers(ctx context.Context, m *Main, args []string) int {
	fl := m.newFlags("eval recognizers", "--data DIR [--show N]")
	data := fl.String("data", "", "folder of spec files (searched recursively for *Model.json)")
	show := fl.Int("show", 0, "print up to N failing cases per file")
	only := fl.String("model", "", "score only files of this model")
	if code, ok := parseFlags(fl, args); !ok {
		return code
	}
	if *data == "" {
		fl.Usage()
		return exitUsage
	}
	var files []string
	err := filepath.WalkDir(*data, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, "Model.json") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return m.errorf(exitFailed, "eval recognizers: %v", err)
	}
	sort.Strings(files)
	fmt.Fprintf(m.Stdout, "%-48s %5s %7s %7s %12s\n", "file", "n", "full%", "span%", "full%(js-sup)")
	for _, f := range files {
		md := eval.RecModelFromPath(f)
		if *only != "" && md != *only {
			continue
		}
		cases, err := eval.LoadRecSpec(f)
		if err != nil {
			return m.errorf(exitFailed, "eval recognizers: %v", err)
		}
		pred, err := eval.Recognize(md, cases)
		if err != nil {
			fmt.Fprintf(m.Stdout, "%-48s %5d  (skipped: %v)\n", rel(*data, f), len(cases), err)
			continue
		}
		s := eval.ScoreRec(md, cases, pred)
		fmt.Fprintf(m.Stdout, "%-48s %5d %7.1f %7.1f %12.1f\n", rel(*data, f), s.N, pct(s.Full, s.N), pct(s.Span, s.N), pct(s.FullSupported, s.NSupported))
		for i, fl := range s.Failures {
			if i >= *show {
				break
			}
			g, _ := json.Marshal(fl.Gold)
			p, _ := json.Marshal(fl.Pred)
			fmt.Fprintf(m.Stdout, "  FAIL %q\n    gold %s\n    pred %s\n", fl.Input, g, p)
		}
	}
	return exitOK
}

func rel(base, p string) string {
	if r, err := filepath.Rel(base, p); err == nil {
		return r
	}
	return p
}

func pct(a, n int) float64 {
	if n == 0 {
		return 0
	}
	return 100 * float64(a) / float64(n)
}

func runEvalTempEval(ctx context.Context, m *Main, args []string) int {
	fl := m.newFlags("eval tempeval", "--data DIR [--show N]")
	data := fl.String("data", "", "folder of TimeML .tml files (subfolders are scored separately and together)")
	show := fl.Int("show", 0, "print up to N disagreements")
	kind := fl.String("kind", "", "only show disagreements of this kind: fp, fn, value")
	if code, ok := parseFlags(fl, args); !ok {
		return code
	}
	if *data == "" {
		fl.Usage()
		return exitUsage
	}
	docs, err := eval.LoadTempEval(*data)
	if err != nil {
		return m.errorf(exitFailed, "eval tempeval: %v", err)
	}
	if len(docs) == 0 {
		return m.errorf(exitFailed, "eval tempeval: no .tml files under %s", *data)
	}
	groups := map[string]*eval.TEScore{}
	var names []string
	var total eval.TEScore
	var misses []eval.TEMiss
	for _, d := range docs {
		g := filepath.Base(filepath.Dir(d.Name))
		if groups[g] == nil {
			groups[g] = &eval.TEScore{}
			names = append(names, g)
		}
		s := eval.ScoreTE(d, eval.RecognizeTE(d), &misses)
		groups[g].Add(s)
		total.Add(s)
	}
	sort.Strings(names)
	fmt.Fprintf(m.Stdout, "%-12s %6s %6s %8s %8s %8s %8s %8s %8s\n", "set", "gold", "pred", "strictF1", "relP", "relR", "relF1", "valueF1", "typeF1")
	line := func(n string, s eval.TEScore) {
		p, r, f := s.RelaxedPRF()
		fmt.Fprintf(m.Stdout, "%-12s %6d %6d %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f\n", n, s.Gold, s.Pred, s.StrictF1(), p, r, f, s.ValueF1(), s.TypeF1())
	}
	for _, n := range names {
		line(n, *groups[n])
	}
	if len(names) > 1 {
		line("all", total)
	}
	shown := 0
	for _, ms := range misses {
		if shown >= *show {
			break
		}
		if *kind != "" && ms.Kind != *kind {
			continue
		}
		shown++
		fmt.Fprintf(m.Stdout, "%-5s %-30q gold=%-16s pred=%-16s | %s\n", ms.Kind, ms.Text, ms.Gold, ms.Pred, ms.Context)
	}
	return exitOK
}

func runBenchTimex(ctx context.Context, m *Main, args []string) int {
	fl := m.newFlags("bench timex", "[--tempeval DIR] [--news FILE.jsonl] [--max-mb N] [--passes N]")
	te := fl.String("tempeval", shared.Path("data", "tempeval3", "train"), "TimeML folder (text and DCTs)")
	news := fl.String("news", shared.Path("data", "news-corpus", "reuters21578.jsonl"), "news JSONL with text and date fields")
	maxMB := fl.Int("max-mb", 8, "stop reading news after this many MB")
	passes := fl.Int("passes", 3, "passes over the texts")
	if code, ok := parseFlags(fl, args); !ok {
		return code
	}
	type item struct{ text, ref string }
	var items []item
	total := 0
	if *te != "" {
		docs, err := eval.LoadTempEval(*te)
		if err != nil {
			return m.errorf(exitFailed, "bench timex: %v", err)
		}
		for _, d := range docs {
			items = append(items, item{d.Text, d.DCT})
			total += len(d.Text)
		}
	}
	if *news != "" {
		f, err := os.Open(*news)
		if err != nil {
			return m.errorf(exitFailed, "bench timex: %v", err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<26)
		for sc.Scan() && total < *maxMB<<20 {
			var r struct {
				Text string `json:"text"`
				Date string `json:"date"`
			}
			if json.Unmarshal(sc.Bytes(), &r) == nil {
				items = append(items, item{r.Text, r.Date})
				total += len(r.Text)
			}
		}
	}
	if total == 0 {
		return m.errorf(exitFailed, "bench timex: no text")
	}
	for _, it := range items { // warm-up
		eval.TimexQuantityPass(it.text, it.ref)
	}
	nt, nq := 0, 0
	start, cpu0 := time.Now(), eval.CPUTime()
	for p := 0; p < *passes; p++ {
		for _, it := range items {
			a, b := eval.TimexQuantityPass(it.text, it.ref)
			nt, nq = nt+a, nq+b
		}
	}
	wall, cpu := time.Since(start).Seconds(), (eval.CPUTime() - cpu0).Seconds()
	mb := float64(total) * float64(*passes) / 1e6
	fmt.Fprintf(m.Stdout, "texts %d, %.2f MB x %d passes, timexes %d, quantities %d per pass\n", len(items), float64(total)/1e6, *passes, nt / *passes, nq / *passes)
	fmt.Fprintf(m.Stdout, "wall %.2fs = %.2f MB/s; cpu %.2fs = %.2f MB per cpu-second (one goroutine)\n", wall, mb/wall, cpu, mb/cpu)
	return exitOK
}
