package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/eval"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/pipeline"
	"github.com/newsgraph/newsgraph/internal/shared"
)

// seedPage is the seed page and its publication date.
const (
	seedPage     = "000_1952783f04c9b560.txt"
	seedPageDate = "2023-05-20"
)

func init() {
	registerEval(&subcommand{Name: "events", Summary: "coded events on the team's news-style gold set (P/R/F1 by level and category) and the seed-page checks", Run: runEvalEventsGold})
}

func runEvalEventsGold(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("eval events", "[--data FILE] [--layers a,b,...] [--seed FILE|default] [-v] [--json FILE] [--docs FILE]")
	data := fs.String("data", "testdata/events/gold.jsonl", "gold stories (JSONL: id, text, published, category, expected); empty to skip")
	layersFlag := fs.String("layers", "", "layers the pipeline produces (default: every layer a stage provides, as annotate); events is always added")
	date := fs.String("date", "", "reference date for stories without \"published\" (YYYY-MM-DD)")
	seed := fs.String("seed", "", "also run the issue-6 checks on this page (\"default\": the seed page under the shared folder)")
	seedDate := fs.String("seed-date", seedPageDate, "publication date of the --seed page")
	verbose := fs.Bool("v", false, "list every miss and false alarm with its evidence")
	jsonOut := fs.String("json", "", "also write the report as JSON to this file")
	docsOut := fs.String("docs", "", "write the annotated gold documents (Doc JSON lines) to this file, for inspection")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return m.errorf(exitUsage, "eval events: unexpected argument %q", fs.Arg(0))
	}
	for _, d := range []string{*date, *seedDate} {
		if d != "" && !dateRE.MatchString(d) {
			return m.errorf(exitUsage, "eval events: date %q is not YYYY-MM-DD", d)
		}
	}
	if *data == "" && *seed == "" {
		return m.errorf(exitUsage, "eval events: nothing to do (no --data, no --seed)")
	}
	var gold []eval.GoldStory
	if *data != "" {
		f, err := os.Open(*data)
		if err != nil {
			return m.errorf(exitFailed, "eval events: %v", err)
		}
		gold, err = eval.ReadGoldStories(f)
		f.Close()
		if err != nil {
			return m.errorf(exitFailed, "eval events: %s: %v", *data, err)
		}
	}
	seedPath := *seed
	if seedPath == "default" {
		seedPath = shared.Path("seed", seedPage)
	}
	var seedText []byte
	if seedPath != "" {
		var err error
		if seedText, err = os.ReadFile(seedPath); err != nil {
			return m.errorf(exitFailed, "eval events: seed page: %v", err)
		}
	}

	p, err := evalEventsPipeline(m, splitList(*layersFlag), *date)
	if err != nil {
		return m.errorf(exitFailed, "eval events: %v", err)
	}
	fmt.Fprintf(m.Stdout, "pipeline: %s\n", strings.Join(p.IDs(), " "))

	var docsW *bufio.Writer
	if *docsOut != "" {
		f, err := os.Create(*docsOut)
		if err != nil {
			return m.errorf(exitFailed, "eval events: %v", err)
		}
		defer f.Close()
		docsW = bufio.NewWriter(f)
		defer docsW.Flush()
	}
	annotate := func(id, txt, published string, n int) (*doc.Doc, error) {
		line, _ := json.Marshal(map[string]string{"id": id, "text": txt, "published": published})
		d, err := ingest.ParseJSONLine(line, "gold", n).Doc()
		if err != nil {
			return nil, err
		}
		if d.Meta.Published == "" && *date != "" {
			d.Meta.Published, d.Meta.PublishedSource = *date, "default"
		}
		err = p.Process(ctx, d)
		if docsW != nil {
			json.NewEncoder(docsW).Encode(d)
		}
		return d, err
	}

	failed := 0
	start := time.Now()
	if len(gold) > 0 {
		docs := map[string]*doc.Doc{}
		for i, g := range gold {
			if ctx.Err() != nil {
				return m.errorf(exitFailed, "eval events: %v", ctx.Err())
			}
			d, err := annotate(g.ID, g.Text, g.Published, i+1)
			if err != nil {
				// A story the pipeline fails on is scored with what it has
				// (nothing, usually): its expected events are misses.
				failed++
				fmt.Fprintf(m.Stderr, "newsgraph: eval events: story %s: %v\n", g.ID, err)
			}
			if d != nil {
				docs[g.ID] = d
			}
		}
		rep := eval.ScoreGold(gold, docs)
		fmt.Fprintf(m.Stdout, "data: %s (%d stories annotated in %s, %d failed)\n", *data, len(gold), time.Since(start).Round(time.Millisecond), failed)
		rep.Write(m.Stdout, *verbose)
		if *jsonOut != "" {
			b, _ := json.MarshalIndent(rep, "", " ")
			if err := os.WriteFile(*jsonOut, append(b, '\n'), 0o644); err != nil {
				return m.errorf(exitFailed, "eval events: %v", err)
			}
		}
	}
	if seedText != nil {
		d, err := annotate("seed", string(seedText), *seedDate, 0)
		if err != nil {
			failed++
			fmt.Fprintf(m.Stderr, "newsgraph: eval events: seed page: %v\n", err)
		}
		if d != nil {
			fmt.Fprintf(m.Stdout, "\nseed page %s (published %s): %d events, %d negated\n", seedPath, *seedDate, len(d.Events), countNegated(d))
			eval.WriteSeed(m.Stdout, eval.CheckSeed(d, eval.SeedChecks))
			if *verbose {
				fmt.Fprintln(m.Stdout, "all events on the seed page:")
				for _, e := range d.Events {
					neg := ""
					if e.Negated {
						neg = " NEGATED"
					}
					fmt.Fprintf(m.Stdout, "  %s>%s %s%s trigger %q [%d,%d) source %q target %q %s %s\n", e.Source.Code, e.Target.Code, e.Code, neg,
						d.Text[e.Trigger.Start:e.Trigger.End], e.Trigger.Start, e.Trigger.End, e.Source.Text, e.Target.Text, e.Modality, e.Pattern)
				}
			}
		}
	}
	if failed > 0 {
		return exitFailed
	}
	return exitOK
}

func countNegated(d *doc.Doc) int {
	n := 0
	for _, e := range d.Events {
		if e.Negated {
			n++
		}
	}
	return n
}

// evalEventsPipeline builds the pipeline annotate would build for the
// layers (plus events). When the default full pipeline cannot be
// provisioned (a model or table missing), it says which stage failed and
// falls back to the smallest pipeline that still codes events, so the
// scores are reported with what there is; an explicit --layers that
// cannot be provisioned is an error.
func evalEventsPipeline(m *Main, layers []string, date string) (*pipeline.Pipeline, error) {
	env := pipeline.Env{DefaultDate: date, Build: buildStamp(), Now: time.Now}
	explicit := len(layers) > 0
	if !explicit {
		layers = defaultLayers()
	}
	hasEvents := false
	for _, l := range layers {
		hasEvents = hasEvents || l == doc.LayerEvents
	}
	if !hasEvents {
		layers = append(layers, doc.LayerEvents)
	}
	p, err := buildPipeline(env, layers)
	if err == nil || explicit {
		if err != nil {
			return nil, fmt.Errorf("%v (the event stage needs the tokenizer, tagger and dependency parser models)", err)
		}
		return p, nil
	}
	fmt.Fprintf(m.Stderr, "newsgraph: eval events: full pipeline (%s) cannot be provisioned: %v\n", strings.Join(layers, ","), err)
	for _, fallback := range [][]string{{doc.LayerEntities, doc.LayerEvents}, {doc.LayerEvents}} {
		p, ferr := buildPipeline(env, fallback)
		if ferr == nil {
			fmt.Fprintf(m.Stderr, "newsgraph: eval events: scoring with layers %s only\n", strings.Join(fallback, ","))
			return p, nil
		}
		err = ferr
	}
	return nil, fmt.Errorf("%v (the event stage needs the tokenizer, tagger and dependency parser models)", err)
}
