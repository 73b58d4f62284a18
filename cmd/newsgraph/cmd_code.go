package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/eval"
	"github.com/newsgraph/newsgraph/internal/event"
	"github.com/newsgraph/newsgraph/internal/event/petrarch"
	"github.com/newsgraph/newsgraph/internal/pipeline"
	"github.com/newsgraph/newsgraph/internal/shared"
	"github.com/newsgraph/newsgraph/internal/text"
)

// `newsgraph code --petrarch`: PETRARCH-compatible coding of validation-style
// records (DESIGN.md §6), `eval petrarch` to score it, `bench code` to time it.

func init() {
	register(&command{Name: "code", Summary: "code events: --petrarch --dicts DIR [--use-parse] < records.jsonl", Run: runCode})
	registerEval(&subcommand{Name: "petrarch", Summary: "PETRARCH validation records passing, overall and per category", Run: runEvalPetrarch})
	registerBench(&subcommand{Name: "code", Summary: "coder throughput after parsing: PETRARCH records, or --conllu gold parses through event.cameo.v1", Run: runBenchCode})
}

func (m *Main) loadPetrarch(dir string) (*petrarch.Coder, bool) {
	d, errs, err := petrarch.LoadDir(dir)
	if err != nil {
		m.errorf(exitFailed, "dictionaries: %v", err)
		return nil, false
	}
	for _, e := range errs {
		fmt.Fprintln(m.Stderr, "newsgraph: dictionary:", e)
	}
	return petrarch.NewCoder(d), true
}

// textCoder codes records: from the record's parse with --use-parse,
// else by parsing the text with the project's own dependency parser (any
// registered stage that provides the "parse" layer) and converting the
// dependency tree. When no parser is available it says so on stderr and
// uses the record's parse.
type textCoder struct {
	c     *petrarch.Coder
	pipe  *pipeline.Pipeline
	trees io.Writer // when set, each phrase tree built from our parse is written here
}

func (m *Main) newTextCoder(c *petrarch.Coder, useParse bool) *textCoder {
	tc := &textCoder{c: c}
	if useParse {
		return tc
	}
	if _, ok := pipeline.Provider(doc.LayerParse); !ok {
		fmt.Fprintln(m.Stderr, "newsgraph: code: no dependency parser is registered yet; coding from each record's parse (as --use-parse)")
		return tc
	}
	ids, err := pipeline.Resolve([]string{doc.LayerParse})
	if err == nil {
		tc.pipe, err = pipeline.Build(pipeline.Env{}, ids)
	}
	if err != nil {
		fmt.Fprintf(m.Stderr, "newsgraph: code: parser unavailable (%v); coding from each record's parse (as --use-parse)\n", err)
		tc.pipe = nil
	}
	return tc
}

func (tc *textCoder) code(ctx context.Context, r *petrarch.Record) petrarch.Output {
	if tc.pipe == nil {
		return tc.c.CodeRecord(r)
	}
	out := petrarch.Output{ID: r.ID, Events: []petrarch.Triple{}}
	// A record whose own parse is malformed is a malformed record, whichever
	// parse codes it: the same bad_input_parse as with --use-parse.
	if strings.TrimSpace(r.Parse) != "" {
		if _, err := petrarch.ParseTree(r.Parse); err != nil {
			out.Error, out.Reason = "bad_input_parse", "the record's parse: "+err.Error()
			return out
		}
	}
	d := doc.New(r.ID, r.Text)
	if err := tc.pipe.Process(ctx, d); err != nil || len(d.Tokens) == 0 {
		out.Error, out.Reason = "bad_input_parse", "the text could not be parsed"
		return out
	}
	toks := make([]petrarch.DepToken, len(d.Tokens))
	for i, t := range d.Tokens {
		toks[i] = petrarch.DepToken{Form: t.Form, Lemma: t.Lemma, UPOS: t.UPOS, XPOS: t.XPOS, Head: t.Head, Deprel: t.Deprel}
	}
	toks = splitJoined(toks)
	ft := petrarch.FromDependencies(toks)
	if tc.trees != nil {
		// For checking the dependency conversion against the record's parse.
		fmt.Fprintf(tc.trees, "%s\n", r.ID)
		for i, t := range toks {
			fmt.Fprintf(tc.trees, "%d\t%s\t%s\t%s\t%d\t%s\n", i, t.Form, t.UPOS, t.XPOS, t.Head, t.Deprel)
		}
		fmt.Fprintf(tc.trees, "ours %s\nrecord %s\n", ft.Root, r.Parse)
	}
	return tc.c.CodeRecordTree(r, ft)
}

func runCode(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("code", "--petrarch --dicts DIR [--use-parse] < records.jsonl > out.jsonl")
	pet := fs.Bool("petrarch", false, "PETRARCH-compatible mode: read validation-style records, write {id,events,error}")
	dicts := fs.String("dicts", "", "folder of PETRARCH-format dictionaries (actors, agents, discards, verbs)")
	useParse := fs.Bool("use-parse", false, "code from each record's parse tree instead of parsing its text")
	trees := fs.Bool("trees", false, "write the phrase tree built from our own parse, beside the record's, to stderr")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if !*pet {
		return m.errorf(exitUsage, "code: only --petrarch mode is available; the Doc pipeline codes events with `annotate --layers events`")
	}
	if *dicts == "" {
		return m.errorf(exitUsage, "code: --dicts DIR is required")
	}
	c, ok := m.loadPetrarch(*dicts)
	if !ok {
		return exitFailed
	}
	tc := m.newTextCoder(c, *useParse)
	if *trees {
		tc.trees = m.Stderr
	}
	sc := bufio.NewScanner(m.Stdin)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	w := bufio.NewWriter(m.Stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	status := exitOK
	n := 0
	for sc.Scan() {
		n++
		if ctx.Err() != nil {
			return exitFailed
		}
		line := sc.Bytes()
		if len(line) == 0 {
			continue
		}
		var rec petrarch.Record
		if err := json.Unmarshal(line, &rec); err != nil {
			fmt.Fprintf(m.Stderr, "newsgraph: code: line %d: %v\n", n, err)
			status = exitFailed
			continue
		}
		if err := enc.Encode(tc.code(ctx, &rec)); err != nil {
			return m.errorf(exitFailed, "code: %v", err)
		}
	}
	if err := sc.Err(); err != nil {
		return m.errorf(exitFailed, "code: %v", err)
	}
	return status
}

func readPetrarchFile(path string) ([]eval.PetrarchRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return eval.ReadPetrarchRecords(f)
}

func runEvalPetrarch(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("eval petrarch", "--data FILE --dicts DIR [--use-parse] [-v]")
	data := fs.String("data", shared.Path("data", "petrarch-validation", "dev.jsonl"), "validation records (JSONL)")
	dicts := fs.String("dicts", shared.Path("data", "petrarch-validation", "dicts"), "PETRARCH-format dictionaries")
	useParse := fs.Bool("use-parse", false, "code from each record's parse tree")
	verbose := fs.Bool("v", false, "list the failing records")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	recs, err := readPetrarchFile(*data)
	if err != nil {
		return m.errorf(exitFailed, "eval petrarch: %v", err)
	}
	c, ok := m.loadPetrarch(*dicts)
	if !ok {
		return exitFailed
	}
	tc := m.newTextCoder(c, *useParse)
	got := map[string]petrarch.Output{}
	for i := range recs {
		got[recs[i].ID] = tc.code(ctx, &recs[i].Record)
	}
	eval.ScorePetrarch(recs, got).Write(m.Stdout, *verbose)
	return exitOK
}

func runBenchCode(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("bench code", "[--data FILE --dicts DIR | --conllu FILE] [--seconds N]")
	data := fs.String("data", shared.Path("data", "petrarch-validation", "dev.jsonl"), "records with parse trees (JSONL)")
	dicts := fs.String("dicts", shared.Path("data", "petrarch-validation", "dicts"), "PETRARCH-format dictionaries")
	conllu := fs.String("conllu", "", "CoNLL-U file with dependency parses: time the event.cameo.v1 stage on them instead")
	secs := fs.Float64("seconds", 2, "how long to run")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *conllu != "" {
		return benchStage(ctx, m, *conllu, *secs)
	}
	recs, err := readPetrarchFile(*data)
	if err != nil {
		return m.errorf(exitFailed, "bench code: %v", err)
	}
	t0 := time.Now()
	c, ok := m.loadPetrarch(*dicts)
	if !ok {
		return exitFailed
	}
	load := time.Since(t0)
	// Parse once: the benchmark measures coding after parsing.
	var trees []*petrarch.Tree
	var dates []int
	var cfgs []petrarch.Config
	for _, r := range recs {
		t, err := petrarch.ParseTree(r.Parse)
		if err != nil {
			continue
		}
		cfg := petrarch.DefaultConfig
		if r.Config != nil {
			cfg = *r.Config
		}
		trees, dates, cfgs = append(trees, t), append(dates, petrarch.ParseDate(r.Date)), append(cfgs, cfg)
	}
	if len(trees) == 0 {
		return m.errorf(exitFailed, "bench code: no parse trees")
	}
	n, events := 0, 0
	cpu0 := codeCPU()
	start := time.Now()
	for time.Since(start).Seconds() < *secs && ctx.Err() == nil {
		for i, t := range trees {
			events += len(c.CodeTree(t, dates[i], cfgs[i]).Events)
			n++
		}
	}
	el := time.Since(start).Seconds()
	cpu := (codeCPU() - cpu0).Seconds()
	fmt.Fprintf(m.Stdout, "dictionaries loaded in %s (%s)\n", load.Round(time.Millisecond), c.D.Hash)
	fmt.Fprintf(m.Stdout, "coded %d sentences in %.2fs wall: %.0f sentences/s (one goroutine), %d events\n", n, el, float64(n)/el, events)
	if cpu > 0 {
		fmt.Fprintf(m.Stdout, "CPU time %.2fs: %.0f sentences per CPU-second\n", cpu, float64(n)/cpu)
	}
	return exitOK
}

// benchStage times event.cameo.v1 over the dependency parses of a CoNLL-U
// file (coding after parsing), on one goroutine.
func benchStage(ctx context.Context, m *Main, path string, secs float64) int {
	f, err := os.Open(path)
	if err != nil {
		return m.errorf(exitFailed, "bench code: %v", err)
	}
	defer f.Close()
	d := doc.New("bench", "")
	var b strings.Builder
	start := 0
	flush := func() {
		if len(d.Tokens) > start {
			d.Sentences = append(d.Sentences, doc.Sentence{Span: text.Span{Start: d.Tokens[start].Start, End: d.Tokens[len(d.Tokens)-1].End}, Story: -1, TokenStart: start, TokenEnd: len(d.Tokens)})
		}
		start = len(d.Tokens)
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		l := sc.Text()
		if l == "" {
			flush()
			continue
		}
		c := strings.Split(l, "\t")
		if strings.HasPrefix(l, "#") || len(c) < 8 || strings.ContainsAny(c[0], "-.") {
			continue
		}
		h, _ := strconv.Atoi(c[6])
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		s0 := b.Len()
		b.WriteString(c[1])
		head := -1
		if h > 0 {
			head = start + h - 1
		}
		d.Tokens = append(d.Tokens, doc.Token{Span: text.Span{Start: s0, End: b.Len()}, Form: c[1], Lemma: c[2], UPOS: c[3], XPOS: c[4], Head: head, Deprel: c[7]})
	}
	flush()
	d.Text = b.String()
	if len(d.Sentences) == 0 {
		return m.errorf(exitFailed, "bench code: no sentences in %s", path)
	}
	info, ok := pipeline.Lookup(event.StageID)
	if !ok {
		return m.errorf(exitFailed, "bench code: %s not registered", event.StageID)
	}
	st, err := info.New(pipeline.Env{})
	if err != nil {
		return m.errorf(exitFailed, "bench code: %v", err)
	}
	n, evs := 0, 0
	cpu0 := codeCPU()
	t0 := time.Now()
	for time.Since(t0).Seconds() < secs && ctx.Err() == nil {
		if err := st.Process(ctx, d); err != nil {
			return m.errorf(exitFailed, "bench code: %v", err)
		}
		n += len(d.Sentences)
		evs += len(d.Events)
	}
	el := time.Since(t0).Seconds()
	cpu := (codeCPU() - cpu0).Seconds()
	fmt.Fprintf(m.Stdout, "%s: coded %d sentences in %.2fs wall: %.0f sentences/s (one goroutine), %d events\n", event.StageID, n, el, float64(n)/el, evs)
	if cpu > 0 {
		fmt.Fprintf(m.Stdout, "CPU time %.2fs: %.0f sentences per CPU-second\n", cpu, float64(n)/cpu)
	}
	return exitOK
}

// splitJoined splits words joined with underscores ("Minas_Tirith"), the
// PETRARCH convention for one name, into their words, as the dictionaries
// (which write names the same way) and Penn parses of such texts have them.
// The first part keeps the word's place in the tree; the others are
// flat parts of it.
func splitJoined(toks []petrarch.DepToken) []petrarch.DepToken {
	split := false
	for _, t := range toks {
		if strings.Trim(t.Form, "_") != t.Form || !strings.Contains(t.Form, "_") {
			continue
		}
		split = true
	}
	if !split {
		return toks
	}
	at := make([]int, len(toks)) // new index of each old token
	var out []petrarch.DepToken
	var parts [][]string
	for i, t := range toks {
		at[i] = len(out)
		ps := []string{t.Form}
		if strings.Contains(t.Form, "_") && strings.Trim(t.Form, "_") == t.Form {
			ps = strings.FieldsFunc(t.Form, func(r rune) bool { return r == '_' })
		}
		parts = append(parts, ps)
		for range ps {
			out = append(out, t)
		}
	}
	for i, t := range toks {
		h := t.Head
		if h >= 0 && h < len(toks) {
			h = at[h]
		}
		for k, p := range parts[i] {
			o := &out[at[i]+k]
			o.Form, o.Lemma = p, p
			if k == 0 {
				o.Head = h
				if len(parts[i]) == 1 {
					o.Lemma = t.Lemma
				}
			} else {
				o.Head, o.Deprel = at[i], "flat"
			}
		}
	}
	return out
}
