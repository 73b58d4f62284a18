package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/api/apitest"
	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
)

// exportStore is a SQLite store holding the hand-built coast-guard document
// (two events) and a coded document of the diff test (one event).
func exportStore(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "export.db")
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	run, err := st.BeginRun(ctx, store.RunInfo{Started: time.Date(2025, 3, 5, 6, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Put(ctx, run, []*doc.Doc{apitest.CoastDoc(), codedDoc([4]string{"1", "GBRLAB", "GBRBUS", "191"})}); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestExportCommand(t *testing.T) {
	db := exportStore(t)
	env := map[string]string{"NEWSGRAPH_DB": db}

	// GDELT with a header, filtered like /api/events?country=PH&quad=1.
	code, out, errOut := runMain(t, env, "export", "--format", "gdelt", "--header", "--country", "PH", "--quad", "1")
	if code != exitOK {
		t.Fatalf("export: %d %s", code, errOut)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("gdelt: %q", lines)
	}
	h, r := strings.Split(lines[0], "\t"), strings.Split(lines[1], "\t")
	if len(h) != 61 || len(r) != 61 || h[26] != "EventCode" || r[26] != "040" || r[5] != "CHNGOV" || r[15] != "PHLGOV" ||
		r[52] != "Manila, Philippines" || r[53] != "RP" || r[59] != "20250305060000" {
		t.Errorf("gdelt row %q", r)
	}
	if !strings.Contains(errOut, "export: 1 events written as gdelt") {
		t.Errorf("summary: %q", errOut)
	}

	// CSV to a file, --db given, sorted by Goldstein.
	file := filepath.Join(t.TempDir(), "events.csv")
	if code, _, errOut := runMain(t, nil, "export", "--db", db, "--format", "csv", "--sort", "goldstein", "--out", file); code != exitOK {
		t.Fatalf("csv: %d %s", code, errOut)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(recs) != 4 || recs[1][11] != "191" || recs[3][11] != "040" || recs[1][13] != "4" {
		t.Fatalf("csv: %v %q", err, recs)
	}

	// JSONL of the stored documents holding an event of actor GBR.
	code, out, errOut = runMain(t, env, "export", "--format", "jsonl", "--actor", "gbr")
	var d doc.Doc
	if code != exitOK || json.Unmarshal([]byte(out), &d) != nil || d.ID != "diff-doc" || len(d.Events) != 1 {
		t.Fatalf("jsonl: %d %s %s", code, out, errOut)
	}

	// With no filter, every stored document.
	code, out, errOut = runMain(t, env, "export", "--format", "jsonl")
	if n := strings.Count(out, "\n"); code != exitOK || n != 2 || !strings.Contains(errOut, "2 documents written as jsonl (every stored document)") {
		t.Fatalf("jsonl of every document: %d %d lines %s", code, n, errOut)
	}

	// Doc JSONL in, as annotate writes it.
	in := filepath.Join(t.TempDir(), "docs.jsonl")
	b, _ := json.Marshal(apitest.CoastDoc())
	os.WriteFile(in, append(b, '\n'), 0o644)
	code, out, errOut = runMain(t, nil, "export", "--format", "mentions", "--in", in)
	if code != exitOK || len(strings.Split(strings.TrimRight(out, "\n"), "\n")) != 2 || !strings.Contains(errOut, "1 documents written as mentions") {
		t.Fatalf("--in: %d %q %s", code, out, errOut)
	}

	// Bad input names the flag; a failed export leaves no output file.
	bad := filepath.Join(t.TempDir(), "bad.tsv")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--quad", "9"}, "--quad"},
		{[]string{"--goldstein-min", "3", "--goldstein-max", "1"}, "--goldstein-max: below goldstein_min"},
		{[]string{"--from", "docs.jsonl"}, "read Doc JSONL with --in docs.jsonl"},
		{[]string{"--bbox", "1,2,3"}, "--bbox"},
		{[]string{"--kind", "PER"}, "--kind applies to --table entities"},
		{[]string{"--format", "parquet", "--table", "entities", "--actor", "CHN"}, "--actor filters events"},
		{[]string{"--format", "xml"}, "unknown format"},
		{[]string{"--progress", "loud"}, "--progress"},
		{[]string{"--in", in, "--actor", "CHN"}, "the filters select from the store"},
		{[]string{"--db", filepath.Join(t.TempDir(), "none.db")}, "add --in FILE or --in -"},
	} {
		code, _, errOut := runMain(t, env, append([]string{"export", "--out", bad}, tc.args...)...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q (want %q)", tc.args, code, errOut, tc.want)
		}
		if _, err := os.Stat(bad); err == nil {
			t.Errorf("%v left %s behind", tc.args, bad)
			os.Remove(bad)
		}
	}

	// Parquet entities filtered by an alias in another script.
	pq := filepath.Join(t.TempDir(), "entities.parquet")
	code, _, errOut = runMain(t, env, "export", "--format", "parquet", "--table", "entities", "--q", "王", "--kind", "PER", "--out", pq)
	if code != exitOK || !strings.Contains(errOut, "1 entities written as parquet") {
		t.Fatalf("entities: %d %s", code, errOut)
	}
}

// TestExportDocumentFlags: --doc-from, --doc-to and --doc-run select the
// documents of gkg and jsonl (Querier.Documents); elsewhere, or beside an
// event filter, they are usage errors naming the flag.
func TestExportDocumentFlags(t *testing.T) {
	db := exportStore(t) // run 1: the coast-guard document (2025-03-04) and a coded one (2025-03-03)
	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	run, err := st.BeginRun(ctx, store.RunInfo{Started: time.Date(2025, 4, 3, 1, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	late := doc.New("late-note", "The harbour board met again in April.")
	late.Meta.Published = "2025-04-02"
	if _, err := st.Put(ctx, run, []*doc.Doc{late, doc.New("undated-note", "A note without a date.")}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	env := map[string]string{"NEWSGRAPH_DB": db}
	ids := func(out string) string {
		var got []string
		for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
			var d doc.Doc
			if l != "" && json.Unmarshal([]byte(l), &d) == nil {
				got = append(got, d.ID)
			}
		}
		sort.Strings(got)
		return strings.Join(got, ",")
	}
	for _, tc := range []struct {
		args    []string
		want    string
		summary string
	}{
		{nil, "coast-guard-2025,diff-doc,late-note,undated-note", "4 documents written as jsonl (every stored document)"},
		{[]string{"--doc-from", "2025-03-04"}, "coast-guard-2025,late-note", "2 documents written as jsonl (the stored documents published on or after 2025-03-04)"},
		{[]string{"--doc-from", "2025-03-01", "--doc-to", "2025-03-04"}, "diff-doc", "1 documents written as jsonl (the stored documents published from 2025-03-01 to before 2025-03-04)"},
		{[]string{"--doc-run", "2"}, "late-note,undated-note", "2 documents written as jsonl (the stored documents first stored by run 2)"},
		{[]string{"--doc-run", "1", "--doc-to", "2025-03-04", "--sort", "date"}, "diff-doc", "(the stored documents published before 2025-03-04, first stored by run 1)"},
	} {
		code, out, errOut := runMain(t, env, append([]string{"export", "--format", "jsonl", "--progress", "off"}, tc.args...)...)
		if code != exitOK || ids(out) != tc.want || !strings.Contains(errOut, tc.summary) {
			t.Errorf("%v: %d %q %q, want %q", tc.args, code, ids(out), errOut, tc.want)
		}
	}
	code, out, errOut := runMain(t, env, "export", "--format", "gkg", "--doc-run", "2", "--progress", "off")
	if rows := strings.Split(strings.TrimRight(out, "\n"), "\n"); code != exitOK || len(rows) != 2 || !strings.HasPrefix(rows[0], "20250403010000-") {
		t.Errorf("gkg --doc-run 2: %d %q %s", code, rows, errOut)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "gdelt", "--doc-run", "1"}, "--doc-run selects documents, for --format gkg or jsonl; gdelt writes events"},
		{[]string{"--format", "jsonl", "--doc-from", "2025-03-01", "--actor", "CHN"}, "--doc-from selects documents and --actor events"},
		{[]string{"--format", "jsonl", "--doc-from", "March"}, `--doc-from: "March" is not a date YYYY-MM-DD`},
		{[]string{"--format", "jsonl", "--doc-from", "2025-03-05", "--doc-to", "2025-03-01"}, "--doc-to: 2025-03-01 is before from=2025-03-05"},
		{[]string{"--format", "gkg", "--doc-run", "first"}, `--doc-run: "first" is not a run id`},
		{[]string{"--format", "jsonl", "--doc-run", "1", "--in", "-"}, "the filters select from the store"},
	} {
		code, _, errOut := runMain(t, env, append([]string{"export"}, tc.args...)...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: %d %q, want usage error %q", tc.args, code, errOut, tc.want)
		}
	}
}
