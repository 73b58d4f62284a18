package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/internal/store"
)

func init() {
	register(&command{Name: "diff", Summary: "events added, removed and changed between two ingest runs (re-coding with new dictionaries)", Run: runDiff})
}

func runDiff(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("diff", "[flags] RUN_A RUN_B\n\nCompares the events run B wrote with those of run A. Events are matched by\ndocument, story, sentence and actor mentions; a matched pair whose code,\nactors, date, place, quad class or Goldstein value differ is \"changed\".\nRun ids are listed by `newsgraph stats`.")
	dbf := fs.String("db", "", "database: a SQLite file path or postgres:// DSN (default $NEWSGRAPH_DB, else ./"+defaultDB+")")
	all := fs.Bool("all", false, "compare every document, not only those with events in both runs")
	asJSON := fs.Bool("json", false, "print the diff as JSON")
	limit := fs.Int("limit", 50, "events listed per section (0: all)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 2 {
		return m.errorf(exitUsage, "diff: want two run ids, got %d arguments", fs.NArg())
	}
	var runs [2]int64
	for i := range runs {
		v, err := strconv.ParseInt(strings.TrimPrefix(fs.Arg(i), "#"), 10, 64)
		if err != nil || v <= 0 {
			return m.errorf(exitUsage, "diff: run id %q is not a positive number", fs.Arg(i))
		}
		runs[i] = v
	}
	st, err := m.openStore(ctx, m.dbFlag(dbf), true)
	if err != nil {
		return m.errorf(exitUsage, "diff: %v", err)
	}
	re, ok := st.(store.RunEventer)
	if !ok {
		return m.errorf(exitFailed, "diff: this store cannot list a run's events")
	}
	known, err := st.Runs(ctx, 0)
	if err != nil {
		return m.errorf(exitFailed, "diff: %v", err)
	}
	for _, id := range runs {
		found := false
		for _, r := range known {
			found = found || r.ID == id
		}
		if !found {
			return m.errorf(exitUsage, "diff: no run %d in this store", id)
		}
	}
	d, err := store.DiffRuns(ctx, re, runs[0], runs[1], !*all)
	if err != nil {
		return m.errorf(exitFailed, "diff: %v", err)
	}
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(d); err != nil {
			return m.errorf(exitFailed, "diff: %v", err)
		}
		return exitOK
	}
	printDiff(m.Stdout, d, *limit)
	return exitOK
}

func eventLine(e store.EventRow) string {
	place := ""
	if e.Place != nil {
		place = " @" + e.Place.Name
	}
	return fmt.Sprintf("%s %s -[%s]-> %s %s%s  (%s story %d: %q)", e.ID, orDash(e.Source.Code), e.Code, orDash(e.Target.Code), e.Date, place, shortKey(e.DocKey), e.Story, clip(e.Sentence, 90))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func shortKey(k string) string {
	if len(k) > 24 {
		return k[:24] + "…"
	}
	return k
}

func clip(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

func printDiff(w io.Writer, d store.RunDiff, limit int) {
	fmt.Fprintf(w, "run %d → run %d: %d added, %d removed, %d changed, %d unchanged\n", d.A, d.B, len(d.Added), len(d.Removed), len(d.Changed), d.Unchanged)
	section := func(title, mark string, n int, line func(i int) string) {
		if n == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s (%d)\n", title, n)
		for i := 0; i < n; i++ {
			if limit > 0 && i == limit {
				fmt.Fprintf(w, "  … %d more (--limit 0 lists all)\n", n-limit)
				break
			}
			fmt.Fprintf(w, "%s %s\n", mark, line(i))
		}
	}
	section("added", "+", len(d.Added), func(i int) string { return eventLine(d.Added[i]) })
	section("removed", "-", len(d.Removed), func(i int) string { return eventLine(d.Removed[i]) })
	section("changed", "~", len(d.Changed), func(i int) string {
		c := d.Changed[i]
		var parts []string
		for _, f := range c.Fields {
			a, b := field(c.A, f), field(c.B, f)
			parts = append(parts, fmt.Sprintf("%s %s → %s", f, a, b))
		}
		return eventLine(c.B) + "\n    " + strings.Join(parts, "; ")
	})
}

func field(e store.EventRow, f string) string {
	switch f {
	case "code":
		return e.Code
	case "source":
		return orDash(e.Source.Code)
	case "target":
		return orDash(e.Target.Code)
	case "date":
		return e.Date
	case "place":
		if e.Place == nil {
			return "-"
		}
		return e.Place.Name
	case "quad":
		return strconv.Itoa(e.QuadClass)
	case "goldstein":
		return strconv.FormatFloat(e.Goldstein, 'f', -1, 64)
	case "modality":
		m := e.Modality
		if e.Negated {
			m += " negated"
		}
		return orDash(strings.TrimSpace(m))
	}
	return ""
}
