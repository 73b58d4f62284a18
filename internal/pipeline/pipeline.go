// Package pipeline runs stages over documents: a registry of named,
// versioned stages, a build step that refuses a pipeline whose layer
// requirements are not met, and a concurrent runner that keeps input order.
package pipeline

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
)

// Stage adds layers to a Doc. It must not edit text or earlier layers, call
// other stages, or keep per-document state: Process is called concurrently.
// A per-document problem is a diagnostic on the Doc; an error return means
// infrastructure failure and aborts that document.
type Stage interface {
	Process(ctx context.Context, d *doc.Doc) error
}

// StageFunc adapts a function to Stage.
type StageFunc func(ctx context.Context, d *doc.Doc) error

// Process calls f.
func (f StageFunc) Process(ctx context.Context, d *doc.Doc) error { return f(ctx, d) }

// Env is the run context handed to stages at provision: everything that could
// make output vary between runs comes from here, never from time.Now or a
// global random source.
type Env struct {
	// Now is the run's clock, used only for bookkeeping (ingest run times),
	// never for resolving document content.
	Now func() time.Time
	// DefaultDate is the reference date for documents with no publication
	// date of their own (YYYY-MM-DD); empty means none.
	DefaultDate string
	// Seed for any randomised component.
	Seed int64
	// Build identifies the binary (version + VCS stamp).
	Build string
	// Options holds stage options by key ("geo.home_country", ...).
	Options map[string]string
	// DataDir overrides where external resources are read from (dictionaries ...).
	DataDir string
}

// Option returns an option value or def.
func (e Env) Option(key, def string) string {
	if v, ok := e.Options[key]; ok {
		return v
	}
	return def
}

// Info describes a stage for the registry.
type Info struct {
	// ID is namespaced and versioned: "extract.html.v1". A new behaviour
	// gets a new version.
	ID       string
	Requires []string // layers that must be present before the stage runs
	Assigns  []string // layers the stage adds
	// New provisions the stage: heavy resources load here, once, and are
	// shared read-only across goroutines.
	New func(env Env) (Stage, error)
	// Default marks the stage the resolver picks for the layers it assigns
	// when several stages assign the same layer.
	Default bool
}

var (
	regMu    sync.RWMutex
	registry = map[string]Info{}
)

// Register adds a stage to the registry; it panics on a duplicate or
// malformed id, as that is a programming error found at init.
func Register(info Info) {
	if strings.Count(info.ID, ".") < 2 || !strings.HasPrefix(info.ID[strings.LastIndex(info.ID, ".")+1:], "v") {
		panic("pipeline: stage id must be namespace.name.vN: " + info.ID)
	}
	if info.New == nil {
		panic("pipeline: stage without constructor: " + info.ID)
	}
	regMu.Lock()
	defer regMu.Unlock()
	if _, dup := registry[info.ID]; dup {
		panic("pipeline: duplicate stage " + info.ID)
	}
	registry[info.ID] = info
}

// Lookup returns a registered stage.
func Lookup(id string) (Info, bool) {
	regMu.RLock()
	defer regMu.RUnlock()
	i, ok := registry[id]
	return i, ok
}

// Stages lists registered stages sorted by id.
func Stages() []Info {
	regMu.RLock()
	defer regMu.RUnlock()
	out := make([]Info, 0, len(registry))
	for _, i := range registry {
		out = append(out, i)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].ID < out[b].ID })
	return out
}

// Provider returns the stage that assigns a layer: the one marked Default,
// else the only one, else the highest id.
func Provider(layer string) (Info, bool) {
	var cands []Info
	for _, i := range Stages() {
		for _, a := range i.Assigns {
			if a == layer {
				cands = append(cands, i)
			}
		}
	}
	if len(cands) == 0 {
		return Info{}, false
	}
	for _, c := range cands {
		if c.Default {
			return c, true
		}
	}
	return cands[len(cands)-1], true
}

// Resolve returns the stage ids needed to produce the layers, requirements
// first, each once. Layers already present on input docs are passed in have.
func Resolve(layers []string, have ...string) ([]string, error) {
	got := map[string]bool{doc.LayerText: true}
	for _, h := range have {
		got[h] = true
	}
	var order []string
	seen := map[string]bool{}
	var visit func(layer string, path []string) error
	visit = func(layer string, path []string) error {
		if got[layer] {
			return nil
		}
		for _, p := range path {
			if p == layer {
				return fmt.Errorf("pipeline: cyclic layer requirement %s", strings.Join(append(path, layer), " → "))
			}
		}
		info, ok := Provider(layer)
		if !ok {
			return fmt.Errorf("pipeline: no stage provides layer %q", layer)
		}
		for _, r := range info.Requires {
			if err := visit(r, append(path, layer)); err != nil {
				return err
			}
		}
		if !seen[info.ID] {
			seen[info.ID] = true
			order = append(order, info.ID)
		}
		for _, a := range info.Assigns {
			got[a] = true
		}
		return nil
	}
	for _, l := range layers {
		if err := visit(l, nil); err != nil {
			return nil, err
		}
	}
	return order, nil
}

// Pipeline is a validated, provisioned sequence of stages.
type Pipeline struct {
	ids    []string
	stages []Stage
	infos  []Info
}

// Build provisions the stages in order after checking that each stage's
// requirements are assigned by an earlier stage (or listed in have).
func Build(env Env, ids []string, have ...string) (*Pipeline, error) {
	avail := map[string]bool{doc.LayerText: true}
	for _, h := range have {
		avail[h] = true
	}
	p := &Pipeline{}
	var problems []string
	for _, id := range ids {
		info, ok := Lookup(id)
		if !ok {
			problems = append(problems, fmt.Sprintf("unknown stage %q", id))
			continue
		}
		for _, r := range info.Requires {
			if !avail[r] {
				problems = append(problems, fmt.Sprintf("stage %s requires layer %q, which no earlier stage assigns", id, r))
			}
		}
		for _, a := range info.Assigns {
			avail[a] = true
		}
		p.infos = append(p.infos, info)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("pipeline: %s", strings.Join(problems, "; "))
	}
	for _, info := range p.infos {
		st, err := info.New(env)
		if err != nil {
			return nil, fmt.Errorf("pipeline: provision %s: %w", info.ID, err)
		}
		p.ids = append(p.ids, info.ID)
		p.stages = append(p.stages, st)
	}
	return p, nil
}

// IDs lists the stage ids in run order.
func (p *Pipeline) IDs() []string { return append([]string(nil), p.ids...) }

// Process runs every stage on one document and marks the layers they assign.
// A stage that panics is turned into an error: no input may crash the process.
func (p *Pipeline) Process(ctx context.Context, d *doc.Doc) (err error) {
	for i, st := range p.stages {
		if err := ctx.Err(); err != nil {
			return err
		}
		info := p.infos[i]
		if err := runStage(ctx, st, info.ID, d); err != nil {
			return err
		}
		for _, a := range info.Assigns {
			d.MarkLayer(a, info.ID)
		}
	}
	return nil
}

func runStage(ctx context.Context, st Stage, id string, d *doc.Doc) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("stage %s panicked on document %q: %v", id, d.ID, r)
		}
	}()
	if err := st.Process(ctx, d); err != nil {
		return fmt.Errorf("stage %s: %w", id, err)
	}
	return nil
}

// Result is one processed document, in input order.
type Result struct {
	Doc *doc.Doc
	Err error
	Seq int
}

// Run processes documents from in with the given number of workers
// (GOMAXPROCS when workers <= 0) and sends results to the returned channel in
// input order. The channel closes when in is drained or ctx is done. Memory is
// bounded: at most about 2×workers documents are in flight.
func (p *Pipeline) Run(ctx context.Context, in <-chan *doc.Doc, workers int) <-chan Result {
	return RunFunc(ctx, in, workers, p.Process)
}

// RunFunc is Run for any per-document function.
func RunFunc(ctx context.Context, in <-chan *doc.Doc, workers int, fn func(context.Context, *doc.Doc) error) <-chan Result {
	if workers <= 0 {
		workers = defaultWorkers()
	}
	type job struct {
		seq int
		d   *doc.Doc
		out chan Result
	}
	jobs := make(chan job, workers)
	order := make(chan chan Result, 2*workers)
	out := make(chan Result, workers)

	go func() { // dispatcher: keeps the order of the result slots
		defer close(jobs)
		defer close(order)
		seq := 0
		for {
			select {
			case <-ctx.Done():
				return
			case d, ok := <-in:
				if !ok {
					return
				}
				slot := make(chan Result, 1)
				select {
				case order <- slot:
				case <-ctx.Done():
					return
				}
				select {
				case jobs <- job{seq: seq, d: d, out: slot}:
				case <-ctx.Done():
					return
				}
				seq++
			}
		}
	}()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				err := fn(ctx, j.d)
				j.out <- Result{Doc: j.d, Err: err, Seq: j.seq}
			}
		}()
	}
	go func() { // collector: emits in order
		defer close(out)
		for slot := range order {
			select {
			case r, ok := <-slot:
				if !ok {
					return
				}
				select {
				case out <- r:
				case <-ctx.Done():
					return
				}
			case <-ctx.Done():
				return
			}
		}
		wg.Wait()
	}()
	return out
}
