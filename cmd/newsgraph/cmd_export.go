package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/newsgraph/newsgraph/internal/api"
	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/export"
	"github.com/newsgraph/newsgraph/internal/store"
)

func init() {
	register(&command{Name: "export", Summary: "write stored events, documents or entities as GDELT events/mentions/GKG, JSONL, CSV or Parquet", Run: runExport})
}

// exportFilterFlags are the event filters, named as the events API's query
// parameters (with - for _), so a URL and a command line read alike.
var exportFilterFlags = []struct{ name, usage string }{
	{"actor", "actor code prefix on either side (CHN, CHNGOV)"},
	{"source", "actor code prefix of the source"},
	{"target", "actor code prefix of the target"},
	{"entity", "entity id on either side"},
	{"code", "CAMEO code prefix (03, 036, 0361)"},
	{"root", "CAMEO root code (01-20)"},
	{"quad", "quad class 1-4"},
	{"country", "ISO 3166-1 alpha-2 code of the event place (PH)"},
	{"bbox", "event place within minLon,minLat,maxLon,maxLat"},
	{"from", "events on or after this day (YYYY-MM-DD)"},
	{"to", "events before this day (YYYY-MM-DD)"},
	{"goldstein-min", "lowest Goldstein value"},
	{"goldstein-max", "highest Goldstein value"},
	{"q", "full-text query over the event sentence (with --table entities: name or alias prefix)"},
	{"doc", "events of one document (content key)"},
	{"run", "events written by one ingest run (default: each document's latest run)"},
	{"sort", "-date (default), date, -goldstein or goldstein"},
}

// exportDocFlags select the documents of gkg and jsonl: the documents
// API's (/api/documents) from, to and run, prefixed doc- because the bare
// names already filter events.
var exportDocFlags = []struct{ name, usage string }{
	{"doc-from", "gkg, jsonl: documents published on or after this day (YYYY-MM-DD; undated documents are left out)"},
	{"doc-to", "gkg, jsonl: documents published before this day (YYYY-MM-DD; undated documents are left out)"},
	{"doc-run", "gkg, jsonl: documents first stored by this ingest run"},
}

func runExport(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("export", "--format "+strings.Join(export.Formats, "|")+" [--out FILE] [--db DSN] [filters]\n"+
		"       newsgraph export --format FORMAT --in DOCS.jsonl|- [--out FILE]\n\n"+
		"Reads the store (events page by page, in constant memory) and writes one table.\n"+
		"The filters are the events API's (/api/events): actor, CAMEO code or root, quad class,\n"+
		"country, bounding box, date range, Goldstein range, full text, document, run.\n"+
		"gdelt, mentions, csv and parquet write one row per event; gkg and jsonl one per\n"+
		"document holding a matching event, or with no filter one per stored document,\n"+
		"events or not (jsonl: the stored Doc with all its layers);\n"+
		"--doc-from, --doc-to and --doc-run select those documents by published date\n"+
		"and the run that first stored them instead (not with event filters).\n"+
		"parquet --table entities one row per entity (--q name prefix, --kind).\n"+
		"--in reads Doc JSONL (the output of annotate) instead of the store.")
	format := fs.String("format", "gdelt", "output format: "+strings.Join(export.Formats, ", "))
	dbf := fs.String("db", "", "database: a SQLite file path or postgres:// DSN (default $NEWSGRAPH_DB, else ./"+defaultDB+")")
	in := fs.String("in", "", "read Doc JSONL from this file (- for stdin) instead of the store")
	out := fs.String("out", "-", "file to write (- for stdout)")
	header := fs.Bool("header", false, "write a header row in the TSV formats (GDELT's own files have none)")
	table := fs.String("table", "events", "parquet table: events or entities")
	kind := fs.String("kind", "", "with --table entities: PER, ORG, LOC, GPE, MISC or NORP")
	added := fs.String("added", "", "DATEADDED of the GDELT tables, RFC 3339 (default: when the store received each event)")
	progressFlag := fs.String("progress", "auto", "auto (a bar on a terminal, log lines otherwise), bar, log or off")
	for _, f := range exportFilterFlags {
		fs.String(f.name, "", f.usage)
	}
	for _, f := range exportDocFlags {
		fs.String(f.name, "", f.usage)
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return m.errorf(exitUsage, "export: unexpected argument %q (filters are flags, e.g. --actor CHN)", fs.Arg(0))
	}
	opt := export.Options{Header: *header, Table: *table}
	if *added != "" {
		t, err := time.Parse(time.RFC3339, *added)
		if err != nil {
			return m.errorf(exitUsage, "export: --added %q is not an RFC 3339 time", *added)
		}
		opt.Added = t
	}
	set := map[string]string{}
	docSet := url.Values{} // the documents API's parameters: from, to, run
	fs.Visit(func(f *flag.Flag) {
		for _, ff := range exportFilterFlags {
			if f.Name == ff.name {
				set[strings.ReplaceAll(f.Name, "-", "_")] = f.Value.String()
			}
		}
		for _, ff := range exportDocFlags {
			if f.Name == ff.name {
				docSet.Set(strings.TrimPrefix(f.Name, "doc-"), f.Value.String())
			}
		}
	})
	// --from named the input file before the store was the default input.
	if v, ok := set["from"]; ok && (v == "-" || strings.Contains(v, ".json") || strings.Contains(v, "/")) {
		return m.errorf(exitUsage, "export: --from is the first day of the events (YYYY-MM-DD); read Doc JSONL with --in %s", v)
	}
	if *kind != "" && *table != "entities" {
		return m.errorf(exitUsage, "export: --kind applies to --table entities")
	}

	var w io.Writer = m.Stdout
	var file *os.File
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return m.errorf(exitFailed, "export: %v", err)
		}
		file, w = f, f
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	// fail removes a half-written output file, so a failed export never
	// leaves something that looks like a result.
	fail := func(code int, format string, a ...any) int {
		if file != nil {
			file.Close()
			os.Remove(*out)
		}
		return m.errorf(code, format, a...)
	}

	var summary string
	if *in != "" {
		if len(set) > 0 || len(docSet) > 0 || *kind != "" {
			return fail(exitUsage, "export: the filters select from the store; --in writes the Doc JSONL as it is")
		}
		n, bad, err := exportDocs(ctx, m, *in, *format, bw, opt)
		if err != nil {
			code := exitFailed
			if errors.Is(err, errExportUsage) {
				code = exitUsage
			}
			return fail(code, "export: %v", err)
		}
		summary = fmt.Sprintf("%d documents written as %s", n, *format)
		if bad > 0 {
			summary += fmt.Sprintf(" (%d input lines without a document skipped)", bad)
		}
	} else {
		sopt := export.StoreOptions{Options: opt}
		v := url.Values{}
		for k, s := range set {
			v.Set(k, s)
		}
		entities := *format == "parquet" && *table == "entities"
		var err error
		if len(docSet) > 0 {
			var first string // the first document flag given, in --help order
			for _, ff := range exportDocFlags {
				if _, ok := docSet[strings.TrimPrefix(ff.name, "doc-")]; ok && first == "" {
					first = "--" + ff.name
				}
			}
			if *format != "gkg" && *format != "jsonl" {
				return fail(exitUsage, "export: %s selects documents, for --format gkg or jsonl; %s writes events (filter them with --from, --to, --run)", first, *format)
			}
			for k := range set {
				if k != "sort" {
					return fail(exitUsage, "export: %s selects documents and --%s events: give one or the other", first, strings.ReplaceAll(k, "_", "-"))
				}
			}
			if sopt.Documents, err = api.ParseDocumentQuery(docSet); err != nil {
				var ae *api.Error
				if errors.As(err, &ae) && ae.Param != "" {
					return fail(exitUsage, "export: --doc-%s: %s", ae.Param, ae.Message)
				}
				return fail(exitUsage, "export: %v", err)
			}
		}
		if entities {
			ev := url.Values{}
			if q, ok := set["q"]; ok {
				ev.Set("q", q)
				v.Del("q")
			}
			if *kind != "" {
				ev.Set("kind", *kind)
			}
			for k := range v {
				return fail(exitUsage, "export: --%s filters events; the entities table takes --q and --kind", strings.ReplaceAll(k, "_", "-"))
			}
			sopt.Entities, err = api.ParseEntityQuery(ev)
		} else {
			sopt.Filter, err = api.ParseEventFilter(v)
		}
		if err != nil {
			var ae *api.Error
			if errors.As(err, &ae) && ae.Param != "" {
				return fail(exitUsage, "export: --%s: %s", strings.ReplaceAll(ae.Param, "_", "-"), ae.Message)
			}
			return fail(exitUsage, "export: %v", err)
		}
		dsn := m.dbFlag(dbf)
		st, err := m.openStore(ctx, dsn, true)
		if err != nil {
			hint := ""
			if strings.Contains(err.Error(), "no such database") {
				hint = " (to export Doc JSONL from annotate, add --in FILE or --in -)"
			}
			return fail(exitUsage, "export: %v%s", err, hint)
		}
		src, ok := st.(export.Source)
		if !ok {
			return fail(exitFailed, "export: %s: this store backend does not list events", dsn)
		}
		mode, err := progressMode(*progressFlag, m, *out)
		if err != nil {
			return fail(exitUsage, "export: %v", err)
		}
		prog := newExportProgress(ctx, mode, m.Stderr, src, sopt, entities, *format)
		sopt.Progress = prog.update
		c, err := export.FromStore(ctx, src, *format, bw, sopt)
		prog.finish()
		if err != nil {
			code := exitFailed
			if store.ErrorCode(err) == store.CodeInvalid || strings.HasPrefix(err.Error(), "export: unknown") {
				code = exitUsage
			}
			return fail(code, "export: %v", err)
		}
		switch {
		case entities:
			summary = fmt.Sprintf("%d entities written as parquet", c.Rows)
		case export.HasDocumentFilter(sopt.Documents):
			summary = fmt.Sprintf("%d documents written as %s (the stored documents %s)", c.Documents, *format, describeDocs(sopt.Documents))
		case export.ListsDocuments(*format, sopt.Filter):
			summary = fmt.Sprintf("%d documents written as %s (every stored document)", c.Documents, *format)
		case *format == "gkg" || *format == "jsonl":
			summary = fmt.Sprintf("%d documents written as %s (those holding the %d matching events)", c.Documents, *format, c.Events)
		default:
			summary = fmt.Sprintf("%d events written as %s", c.Rows, *format)
		}
	}
	if err := bw.Flush(); err != nil {
		return fail(exitFailed, "export: %v", err)
	}
	if file != nil {
		if err := file.Close(); err != nil {
			return fail(exitFailed, "export: %v", err)
		}
	}
	fmt.Fprintln(m.Stderr, "export: "+summary)
	return exitOK
}

var errExportUsage = errors.New("usage")

// describeDocs says in words which documents a document query selects.
func describeDocs(q store.DocumentQuery) string {
	var parts []string
	switch {
	case q.From != "" && q.To != "":
		parts = append(parts, "published from "+q.From+" to before "+q.To)
	case q.From != "":
		parts = append(parts, "published on or after "+q.From)
	case q.To != "":
		parts = append(parts, "published before "+q.To)
	}
	if q.RunID != 0 {
		parts = append(parts, fmt.Sprintf("first stored by run %d", q.RunID))
	}
	return strings.Join(parts, ", ")
}

// exportDocs writes Doc JSONL (annotate's output) from a file or stdin.
func exportDocs(ctx context.Context, m *Main, from, format string, w io.Writer, opt export.Options) (n, bad int, err error) {
	ew, err := export.New(format, w, opt)
	if err != nil {
		return 0, 0, fmt.Errorf("%w: %v", errExportUsage, err)
	}
	var in io.Reader = m.Stdin
	if from != "-" {
		f, err := os.Open(from)
		if err != nil {
			return 0, 0, err
		}
		defer f.Close()
		in = f
	}
	dec := json.NewDecoder(bufio.NewReaderSize(in, 1<<20))
	for {
		if err := ctx.Err(); err != nil {
			return n, bad, err
		}
		var d doc.Doc
		if err := dec.Decode(&d); err == io.EOF {
			break
		} else if err != nil {
			return n, bad, fmt.Errorf("%s: document %d: %v", from, n+bad+1, err)
		}
		if d.Text == "" && len(d.Events) == 0 {
			bad++ // an annotate error line
			continue
		}
		n++
		if err := ew.Write(&d); err != nil {
			return n, bad, err
		}
	}
	return n, bad, ew.Close()
}

// progressMode resolves --progress: a bar only where stderr is a terminal
// that the output itself is not drawing on.
func progressMode(flagValue string, m *Main, out string) (string, error) {
	switch flagValue {
	case "auto":
		if isTerminal(m.Stderr) && (out != "-" || !isTerminal(m.Stdout)) {
			return "bar", nil
		}
		return "log", nil
	case "bar", "log", "off":
		return flagValue, nil
	}
	return "", fmt.Errorf("--progress %q: want auto, bar, log or off", flagValue)
}

// exportProgress draws ingest's kind of bar on a terminal, with the
// matching event count as its total where the store can count them
// quickly, and writes slog lines every few seconds elsewhere.
type exportProgress struct {
	mode  string
	bar   *progressbar.ProgressBar
	log   *slog.Logger
	start time.Time
	last  time.Time
	what  string
}

func newExportProgress(ctx context.Context, mode string, w io.Writer, src export.Source, opt export.StoreOptions, entities bool, format string) *exportProgress {
	p := &exportProgress{mode: mode, log: slog.New(slog.NewTextHandler(w, nil)), start: time.Now(), what: "events"}
	p.last = p.start
	if entities {
		p.what = "entities"
	}
	docs := export.ListsDocuments(format, opt.Filter)
	if docs {
		p.what = "documents" // no event count to show: a spinner
	}
	if mode != "bar" {
		return p
	}
	total := int64(-1)
	if !entities && !docs {
		// The day-by-quad-class counts sum to the matching events: an
		// aggregate the stores answer from roll-ups, so it is only waited
		// for briefly.
		cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		if b, err := src.Timeline(cctx, opt.Filter, "quad"); err == nil {
			total = 0
			for _, x := range b {
				total += int64(x.Count)
			}
		}
		cancel()
	}
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("export"),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString(p.what),
		progressbar.OptionClearOnFinish(),
	}
	if total > 0 {
		opts = append(opts, progressbar.OptionSetPredictTime(true))
	} else {
		total = -1
		opts = append(opts, progressbar.OptionSpinnerType(14))
	}
	p.bar = progressbar.NewOptions64(total, opts...)
	return p
}

func (p *exportProgress) update(c export.Counts) {
	n := c.Events
	switch p.what {
	case "entities":
		n = c.Rows
	case "documents":
		n = c.Documents
	}
	switch p.mode {
	case "bar":
		if max := p.bar.GetMax64(); max > 0 && n > max {
			p.bar.ChangeMax64(n) // events stored since the count
		}
		p.bar.Set64(n)
	case "log":
		now := time.Now()
		if now.Sub(p.last) < 5*time.Second {
			return
		}
		p.last = now
		p.log.Info("export progress", p.what, n, "rows", c.Rows, "documents", c.Documents,
			p.what+"_per_s", int(float64(n)/now.Sub(p.start).Seconds()))
	}
}

func (p *exportProgress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
