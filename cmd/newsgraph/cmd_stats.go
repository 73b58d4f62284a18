package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/internal/store"
)

func init() {
	register(&command{Name: "stats", Summary: "count what the store holds: documents, stories, duplicate clusters, runs", Run: runStats})
}

func runStats(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("stats", "[flags]")
	dbf := fs.String("db", "", "database: a SQLite file path (default $NEWSGRAPH_DB, else ./"+defaultDB+")")
	runs := fs.Int("runs", 5, "latest ingest runs to list")
	asJSON := fs.Bool("json", false, "print as JSON")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return m.errorf(exitUsage, "stats: unexpected argument %q", fs.Arg(0))
	}
	dsn := m.dbFlag(dbf)
	st, err := m.openStore(ctx, dsn, true)
	if err != nil {
		return m.errorf(exitUsage, "stats: %v", err)
	}
	s, err := st.Stats(ctx)
	if err != nil {
		return m.errorf(exitFailed, "stats: %v", err)
	}
	rs, err := st.Runs(ctx, *runs)
	if err != nil {
		return m.errorf(exitFailed, "stats: %v", err)
	}
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		enc.Encode(struct {
			Stats store.Stats
			Runs  []store.Run
		}{s, rs})
		return exitOK
	}
	printStats(m.Stdout, dsn, s, rs)
	return exitOK
}

func printStats(w io.Writer, dsn string, s store.Stats, runs []store.Run) {
	fmt.Fprintf(w, "%s (schema %d, %.1f MB)\n", dsn, s.Schema, float64(s.SizeBytes)/1e6)
	fmt.Fprintf(w, "  documents          %d (%.1f MB of text)\n", s.Documents, float64(s.TextBytes)/1e6)
	fmt.Fprintf(w, "  stories            %d\n", s.Stories)
	fmt.Fprintf(w, "  duplicate clusters %d holding %d stories (largest %d): %d exact copies, %d near copies\n",
		s.Clusters, s.ClusteredStories, s.LargestCluster, s.ExactDups, s.NearDups)
	fmt.Fprintf(w, "  languages          %s\n", counts(s.Languages))
	fmt.Fprintf(w, "  source kinds       %s\n", counts(s.SourceKinds))
	fmt.Fprintf(w, "  ingest runs        %d\n", s.Runs)
	for _, r := range runs {
		dur := ""
		if !r.Finished.IsZero() {
			dur = " in " + r.Finished.Sub(r.Started).Round(10*time.Millisecond).String()
		}
		c := r.Counts
		status := r.Status
		if status == store.RunRunning {
			status = "running (or killed)"
		}
		fmt.Fprintf(w, "    #%d %s %s%s: %d read, %d stored, %d already stored, %d failed; %s\n",
			r.ID, r.Started.Format("2006-01-02 15:04:05"), status, dur, c.Seen, c.Stored, c.Existing, c.Failed, strings.Join(r.Stages, ","))
	}
}

// counts formats a map as "a 3, b 2", largest first.
func counts(m map[string]int) string {
	type kv struct {
		k string
		v int
	}
	var l []kv
	for k, v := range m {
		l = append(l, kv{k, v})
	}
	sort.Slice(l, func(i, j int) bool { return l[i].v > l[j].v || l[i].v == l[j].v && l[i].k < l[j].k })
	var parts []string
	for i, e := range l {
		if i == 8 {
			parts = append(parts, fmt.Sprintf("… %d more", len(l)-i))
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d", e.k, e.v))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}
