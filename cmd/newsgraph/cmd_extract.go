package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"

	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/eval"
	"github.com/newsgraph/newsgraph/internal/extract"
)

// maxExtractInput caps one input, as ingest does.
const maxExtractInput = 50 << 20

func init() {
	register(&command{Name: "extract", Summary: "clean article(s) from one text or HTML file: Doc JSON with stories", Run: runExtract})
	registerEval(&subcommand{Name: "extract", Summary: "main-text extraction on the article-extraction benchmark (shingle P/R/F1)", Run: runEvalExtract})
}

func runExtract(ctx context.Context, m *Main, args []string) int {
	fl := m.newFlags("extract", "[--format text|html|json] [FILE|-]\n\n"+
		"Writes the Doc JSON (indented) with stories[].text holding the main text.\n"+
		"FILE ending in .html/.htm is HTML, anything else text; - or no FILE reads stdin.\n"+
		"--format json reads one object {\"id\",\"text\"|\"html\",\"url\",\"title\",\"published\"}.")
	format := fl.String("format", "", "input format: text, html or json (default: by file extension)")
	if code, ok := parseFlags(fl, args); !ok {
		return code
	}
	if fl.NArg() > 1 {
		fl.Usage()
		return exitUsage
	}
	switch *format {
	case "", extract.FormatText, extract.FormatHTML, extract.FormatJSON:
	default:
		return m.errorf(exitUsage, "extract: unknown --format %q (text, html, json)", *format)
	}
	name := "-"
	if fl.NArg() == 1 {
		name = fl.Arg(0)
	}
	var r io.Reader = m.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return m.errorf(exitFailed, "extract: %s: %v", name, errReason(err))
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxExtractInput+1))
	if err != nil {
		return m.errorf(exitFailed, "extract: %s: %v", name, errReason(err))
	}
	if len(data) > maxExtractInput {
		return m.errorf(exitFailed, "extract: %s: larger than %d MB", name, maxExtractInput>>20)
	}
	d, err := extract.Run(ctx, name, data, *format)
	if err != nil {
		return m.errorf(exitFailed, "extract: %s: %v", name, err)
	}
	enc := json.NewEncoder(m.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return m.errorf(exitFailed, "extract: %s: %v", name, err)
	}
	return exitOK
}

// errReason strips the path an *os.PathError repeats.
func errReason(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func runEvalExtract(ctx context.Context, m *Main, args []string) int {
	fl := m.newFlags("eval extract", "--data DIR [--focus balanced|precision|recall] [--fallback] [--raw]\n\n"+
		"DIR holds ground-truth.json and html/<id>.html.gz. Scores the concatenated\n"+
		"story texts (credit lines left out) with the benchmark's word 4-gram shingle\n"+
		"metric: per-page and corpus precision, recall, F1, and pages per CPU-second.")
	data := fl.String("data", "", "benchmark split folder")
	focus := fl.String("focus", "balanced", "trafilatura focus: balanced, precision or recall")
	fallback := fl.Bool("fallback", extract.DefaultHTMLOptions.Fallback, "let trafilatura compare with readability and dom-distiller")
	raw := fl.Bool("raw", false, "score the whole extracted text instead of the story texts")
	quiet := fl.Bool("q", false, "print only the summary")
	if code, ok := parseFlags(fl, args); !ok {
		return code
	}
	if *data == "" || fl.NArg() > 0 {
		fl.Usage()
		return exitUsage
	}
	opt := extract.DefaultHTMLOptions
	opt.Fallback = *fallback
	switch *focus {
	case "balanced":
		opt.Focus = trafilatura.Balanced
	case "precision":
		opt.Focus = trafilatura.FavorPrecision
	case "recall":
		opt.Focus = trafilatura.FavorRecall
	default:
		return m.errorf(exitUsage, "eval extract: unknown --focus %q", *focus)
	}
	pages, err := eval.LoadExtractData(*data)
	if err != nil {
		return m.errorf(exitFailed, "eval extract: %v", err)
	}
	st := &extract.Stage{HTML: opt}
	scores := make([]eval.PageScore, 0, len(pages))
	failed := 0
	cpu0, wall0 := cpuSeconds(), time.Now()
	if !*quiet {
		fmt.Fprintf(m.Stdout, "%-16s %7s %7s %7s %8s\n", "page", "P", "R", "F1", "stories")
	}
	for _, p := range pages {
		if err := ctx.Err(); err != nil {
			return m.errorf(exitFailed, "eval extract: %v", err)
		}
		d := doc.New(p.ID, "")
		d.RawHTML = p.HTML
		if err := st.Process(ctx, d); err != nil {
			return m.errorf(exitFailed, "eval extract: %s: %v", p.ID, err)
		}
		pred := extract.MainText(d)
		if *raw {
			pred = d.Text
		}
		if pred == "" {
			failed++
		}
		s := eval.MatchShingles(p.ID, p.Gold, pred)
		scores = append(scores, s)
		if !*quiet {
			fmt.Fprintf(m.Stdout, "%-16.16s %7.4f %7.4f %7.4f %8d\n", p.ID, s.Precision(), s.Recall(), s.F1(), len(d.Stories))
		}
	}
	cpu, wall := cpuSeconds()-cpu0, time.Since(wall0).Seconds()
	agg := eval.Aggregate(scores)
	eval.Bootstrap(&agg, scores, 1000, 1)
	fmt.Fprintf(m.Stdout, "\npages %d (no text: %d)  focus=%s fallback=%v scored=%s\n", agg.Pages, failed, *focus, opt.Fallback, map[bool]string{false: "stories", true: "raw"}[*raw])
	fmt.Fprintf(m.Stdout, "precision %.4f ± %.4f\nrecall    %.4f ± %.4f\nF1        %.4f ± %.4f\naccuracy  %.4f\n",
		agg.Precision, agg.PrecisionSD, agg.Recall, agg.RecallSD, agg.F1, agg.F1SD, agg.Accuracy)
	if cpu > 0 {
		fmt.Fprintf(m.Stdout, "speed     %.1f pages/CPU-second (%.1f pages/s wall)\n", float64(len(pages))/cpu, float64(len(pages))/wall)
	}
	return exitOK
}

// cpuSeconds is the process's user+system CPU time.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}
