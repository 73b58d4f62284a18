package main

import (
	"context"
	"fmt"
	"sort"
)

// evaluator is one `newsgraph eval NAME` scorer; each lives in its own file.
type evaluator struct {
	Name    string
	Summary string
	Run     func(ctx context.Context, m *Main, args []string) int
}

var evaluators = map[string]*evaluator{}

func registerEval(e *evaluator) {
	if _, dup := evaluators[e.Name]; dup {
		panic("duplicate evaluator " + e.Name)
	}
	evaluators[e.Name] = e
}

func init() {
	register(&command{Name: "eval", Summary: "score a component on a data set (eval NAME --data ...)", Run: func(ctx context.Context, m *Main, args []string) int {
		if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
			fmt.Fprintln(m.Stderr, "Usage: newsgraph eval NAME [flags]\n\nScorers:")
			names := make([]string, 0, len(evaluators))
			for n := range evaluators {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				fmt.Fprintf(m.Stderr, "  %-12s %s\n", n, evaluators[n].Summary)
			}
			if len(args) == 0 {
				return exitUsage
			}
			return exitOK
		}
		e, ok := evaluators[args[0]]
		if !ok {
			return m.errorf(exitUsage, "eval: unknown scorer %q", args[0])
		}
		return e.Run(ctx, m, args[1:])
	}})
}
