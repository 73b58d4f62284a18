package main

import (
	"context"
	"fmt"
	"io"
	"sort"
)

// subcommand is one entry of a command family (eval NAME, train NAME,
// bench NAME). Each lives in the file of the component it belongs to.
type subcommand struct {
	Name    string
	Summary string
	Run     func(ctx context.Context, m *Main, args []string) int
}

type family struct {
	name    string
	summary string
	subs    map[string]*subcommand
}

var (
	trainers = &family{name: "train", summary: "train a model reproducibly (train tag|parse|ner --data DIR --out FILE)", subs: map[string]*subcommand{}}
	benches  = &family{name: "bench", summary: "run a throughput benchmark (bench NAME ...)", subs: map[string]*subcommand{}}
)

func registerTrainer(s *subcommand) { trainers.add(s) }
func registerBench(s *subcommand)   { benches.add(s) }

func (f *family) add(s *subcommand) {
	if _, dup := f.subs[s.Name]; dup {
		panic("duplicate " + f.name + " " + s.Name)
	}
	f.subs[s.Name] = s
}

func (f *family) list(w io.Writer) {
	fmt.Fprintf(w, "Usage: newsgraph %s NAME [flags]\n\n", f.name)
	names := make([]string, 0, len(f.subs))
	for n := range f.subs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, f.subs[n].Summary)
	}
}

func (f *family) run(ctx context.Context, m *Main, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		f.list(m.Stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	s, ok := f.subs[args[0]]
	if !ok {
		return m.errorf(exitUsage, "%s: unknown %q", f.name, args[0])
	}
	return s.Run(ctx, m, args[1:])
}

func init() {
	for _, f := range []*family{trainers, benches} {
		f := f
		register(&command{Name: f.name, Summary: f.summary, Run: f.run})
	}
}
