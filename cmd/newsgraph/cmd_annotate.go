package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/pipeline"
)

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func init() {
	register(&command{Name: "annotate", Summary: "annotate JSONL documents on stdin, Doc JSON lines on stdout", Run: runAnnotate})
}

// canonicalLayers is the pipeline's order (DESIGN.md §1). Layers are
// resolved in this order so that a stage which uses an optional layer
// (quotes use entities when present) runs after the stage that makes it.
var canonicalLayers = []string{doc.LayerStories, doc.LayerSentences, doc.LayerTokens, doc.LayerPOS, doc.LayerParse,
	doc.LayerMentions, doc.LayerTimexes, doc.LayerQuantities, doc.LayerPlaces, doc.LayerEntities, doc.LayerQuotes,
	doc.LayerEvents}

func layerRank(l string) int {
	for i, c := range canonicalLayers {
		if c == l {
			return i
		}
	}
	return len(canonicalLayers)
}

// defaultLayers is what annotate produces when --layers is not given: every
// layer some registered stage provides.
func defaultLayers() []string {
	var out []string
	for _, l := range canonicalLayers {
		if _, ok := pipeline.Provider(l); ok {
			out = append(out, l)
		}
	}
	return out
}

// buildPipeline resolves and provisions the stages for the layers. The
// extract stage always runs when it exists, since HTML input has no text
// until it does.
func buildPipeline(env pipeline.Env, layers []string) (*pipeline.Pipeline, error) {
	need := append([]string(nil), layers...)
	if _, ok := pipeline.Provider(doc.LayerStories); ok {
		need = append(need, doc.LayerStories)
	}
	sort.SliceStable(need, func(i, j int) bool { return layerRank(need[i]) < layerRank(need[j]) })
	ids, err := pipeline.Resolve(need)
	if err != nil {
		return nil, err
	}
	return pipeline.Build(env, ids)
}

func runAnnotate(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("annotate", "[--layers a,b,...] [--date YYYY-MM-DD] < docs.jsonl > out.jsonl")
	layersFlag := fs.String("layers", "", "comma-separated layers to produce (default: every layer a stage provides): "+strings.Join(defaultLayers(), ","))
	date := fs.String("date", "", "reference date for documents without \"published\" (YYYY-MM-DD)")
	workers := fs.Int("workers", 0, "documents processed at once (default GOMAXPROCS)")
	all := fs.Bool("all-layers", false, "also output the intermediate layers the requested ones needed")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return m.errorf(exitUsage, "annotate: reads stdin; unexpected argument %q", fs.Arg(0))
	}
	if *date != "" && !dateRE.MatchString(*date) {
		return m.errorf(exitUsage, "annotate: --date %q is not YYYY-MM-DD", *date)
	}
	if *date != "" {
		if _, err := time.Parse("2006-01-02", *date); err != nil {
			return m.errorf(exitUsage, "annotate: --date %q: %v", *date, err)
		}
	}
	layers := splitList(*layersFlag)
	if len(layers) == 0 {
		layers = defaultLayers()
	}
	env := pipeline.Env{DefaultDate: *date, Build: buildStamp(), Now: time.Now}
	p, err := buildPipeline(env, layers)
	if err != nil {
		return m.errorf(exitUsage, "annotate: %v", err)
	}

	type item struct {
		err error
		id  string
	}
	// Bad lines travel through the runner as placeholders so output stays
	// aligned with input.
	var mu sync.Mutex
	failedLines := map[*doc.Doc]item{}
	in := make(chan *doc.Doc)
	readErr := make(chan error, 1)
	go func() {
		defer close(in)
		br := bufio.NewReaderSize(m.Stdin, 1<<20)
		n := 0
		for {
			line, err := br.ReadBytes('\n')
			if len(bytes.TrimSpace(line)) > 0 {
				n++
				r := ingest.ParseJSONLine(line, "stdin", n)
				d, derr := r.Doc()
				if derr != nil {
					d = doc.New(r.ID, "")
					mu.Lock()
					failedLines[d] = item{err: derr, id: r.ID}
					mu.Unlock()
				} else if d.Meta.Published == "" && *date != "" {
					d.Meta.Published, d.Meta.PublishedSource = *date, "default"
				}
				select {
				case in <- d:
				case <-ctx.Done():
					readErr <- ctx.Err()
					return
				}
			}
			if err == io.EOF {
				readErr <- nil
				return
			}
			if err != nil {
				readErr <- err
				return
			}
		}
	}()
	bw := bufio.NewWriterSize(m.Stdout, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	failures := 0
	for r := range pipeline.RunFunc(ctx, in, *workers, func(ctx context.Context, d *doc.Doc) error {
		if d.Text == "" && d.RawHTML == "" {
			return nil
		}
		return p.Process(ctx, d)
	}) {
		d := r.Doc
		mu.Lock()
		f, bad := failedLines[d]
		delete(failedLines, d)
		mu.Unlock()
		if bad {
			failures++
			fmt.Fprintf(m.Stderr, "newsgraph: annotate: %v\n", f.err)
			enc.Encode(map[string]string{"id": f.id, "error": f.err.Error()})
			continue
		}
		if r.Err != nil {
			failures++
			fmt.Fprintf(m.Stderr, "newsgraph: annotate: document %q: %v\n", d.ID, r.Err)
			d.Diag("annotate", "stage_failed", doc.SevError, r.Err.Error(), nil)
		}
		if !*all {
			d.Keep(layers)
		}
		if err := enc.Encode(d); err != nil {
			return m.errorf(exitFailed, "annotate: write: %v", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return m.errorf(exitFailed, "annotate: write: %v", err)
	}
	if err := <-readErr; err != nil {
		return m.errorf(exitFailed, "annotate: read stdin: %v", err)
	}
	if failures > 0 {
		return exitFailed
	}
	return exitOK
}
