package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph/internal/store"
)

func init() {
	register(&command{Name: "search", Summary: "full-text search over stored stories", Run: runSearch})
}

func runSearch(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("search", "[flags] QUERY...\n\nQUERY: words (all must match), \"a phrase\", OR, NOT, prefix*. Copies of a story\nshow once, with the number of copies.")
	dbf := fs.String("db", "", "database: a SQLite file path (default $NEWSGRAPH_DB, else ./"+defaultDB+")")
	limit := fs.Int("limit", 10, "most hits to show")
	all := fs.Bool("all-copies", false, "show every copy of a duplicated story")
	asJSON := fs.Bool("json", false, "print hits as JSON lines")
	words, code, ok := parseInterleaved(fs, args)
	if !ok {
		return code
	}
	q := strings.TrimSpace(strings.Join(words, " "))
	if q == "" {
		fs.Usage()
		return exitUsage
	}
	if *limit <= 0 {
		return m.errorf(exitUsage, "search: --limit must be positive")
	}
	dsn := m.dbFlag(dbf)
	st, err := m.openStore(ctx, dsn, true)
	if err != nil {
		return m.errorf(exitUsage, "search: %v", err)
	}
	hits, err := st.Search(ctx, store.SearchQuery{Text: q, Limit: *limit, AllCopies: *all})
	if err != nil {
		code := exitFailed
		if store.ErrorCode(err) == store.CodeInvalid {
			code = exitUsage
		}
		return m.errorf(code, "search: %v", err)
	}
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetEscapeHTML(false)
		for _, h := range hits {
			enc.Encode(h)
		}
		return exitOK
	}
	printHits(m, hits)
	if len(hits) == 0 {
		fmt.Fprintf(m.Stderr, "no stories match %q in %s\n", q, dsn)
	}
	return exitOK
}

func printHits(m *Main, hits []store.Hit) {
	for i, h := range hits {
		title := h.Title
		if title == "" {
			title = "(untitled)"
		}
		fmt.Fprintf(m.Stdout, "%2d. %s\n", i+1, oneLine(title, 100))
		meta := fmt.Sprintf("doc %s story %d", h.DocID, h.Story)
		if h.Source != "" {
			meta += " · " + h.Source
		}
		if h.Published != "" {
			meta += " · " + h.Published
		}
		if h.Copies > 1 {
			meta += fmt.Sprintf(" · %d copies", h.Copies)
		}
		if h.URL != "" {
			meta += " · " + h.URL
		}
		fmt.Fprintf(m.Stdout, "    %s\n    %s\n", meta, oneLine(h.Snippet, 220))
	}
}

// parseInterleaved parses flags that come before, between or after the
// positional arguments ("search U.S. --limit 2") and returns the positional
// ones; "--" ends the flags.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, int, bool) {
	var pos []string
	for {
		if code, ok := parseFlags(fs, args); !ok {
			return nil, code, false
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), 0, true
		}
		if len(rest) == 0 {
			return pos, 0, true
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// oneLine folds whitespace and cuts s to at most n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
