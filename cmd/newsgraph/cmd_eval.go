package main

// evaluators holds the `newsgraph eval NAME` scorers; each lives in the file
// of the component it scores.
var evaluators = &family{name: "eval", summary: "score a component on a data set (eval NAME --data ...)", subs: map[string]*subcommand{}}

func registerEval(s *subcommand) { evaluators.add(s) }

func init() {
	register(&command{Name: evaluators.name, Summary: evaluators.summary, Run: evaluators.run})
}
