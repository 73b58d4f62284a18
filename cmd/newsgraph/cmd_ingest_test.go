package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
)

// runMain runs the CLI in-process.
func runMain(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &o, Stderr: &e, Getenv: func(k string) string { return env[k] }}
	code = m.Run(context.Background(), args)
	if err := m.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	return code, o.String(), e.String()
}

func TestIngestSearchStats(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	files := map[string]string{
		"a.txt": "Dockworkers in the port of Maravel ended a nine-day strike on Monday after the harbour board agreed to a new shift rota.",
		"b.txt": "The city council of Lindgrave voted to close two coal-fired heating plants by 2030 and replace them with heat pumps.",
		"c.txt": "Dockworkers in the port of Maravel ended a nine-day strike on Monday after the harbour board agreed to a new shift rota.",
		"d.txt": "\x00\x01\x02\x03binary\x00\x00junk\x00\xff\xfe",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(in, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(dir, "x.db")
	env := map[string]string{"NEWSGRAPH_DB": db}
	code, _, stderr := runMain(t, env, "ingest", "--progress", "off", in)
	if code != exitFailed {
		t.Fatalf("exit %d, want %d (one bad file)\n%s", code, exitFailed, stderr)
	}
	for _, want := range []string{"4 documents read, 3 stored, 0 already stored, 1 failed", "1 exact copies", "d.txt: binary content"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("summary lacks %q:\n%s", want, stderr)
		}
	}
	// Again: nothing new.
	code, _, stderr = runMain(t, env, "ingest", "--progress", "off", filepath.Join(in, "a.txt"), filepath.Join(in, "b.txt"))
	if code != exitOK || !strings.Contains(stderr, "2 documents read, 0 stored, 2 already stored, 0 failed") {
		t.Fatalf("rerun: exit %d\n%s", code, stderr)
	}
	code, out, stderr := runMain(t, env, "search", "dockworkers", "--limit", "5")
	if code != exitOK || !strings.Contains(out, "[Dockworkers]") || !strings.Contains(out, "2 copies") || strings.Contains(out, " 2. ") {
		t.Fatalf("search: exit %d\n%s%s", code, out, stderr)
	}
	code, out, _ = runMain(t, env, "search", "--json", "heat pumps")
	var h store.Hit
	if code != exitOK || json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &h) != nil || h.Copies != 1 || !strings.Contains(h.Snippet, "[heat] [pumps]") {
		t.Fatalf("search --json: exit %d %q", code, out)
	}
	code, out, _ = runMain(t, env, "stats")
	for _, want := range []string{"documents          3", "duplicate clusters 1 holding 2 stories", "ingest runs        2"} {
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("stats lacks %q:\n%s", want, out)
		}
	}
	if code, _, stderr := runMain(t, nil, "ingest", "--db", "mysql://127.0.0.1/test", in); code != exitUsage || !strings.Contains(stderr, "not yet supported") {
		t.Errorf("unknown database kind: exit %d %s", code, stderr)
	}
	if code, _, _ := runMain(t, nil, "ingest", "--db", db); code != exitUsage {
		t.Errorf("no sources: exit %d", code)
	}
	if code, _, _ := runMain(t, nil, "search", "--db", filepath.Join(dir, "missing.db"), "x"); code != exitUsage {
		t.Errorf("search of a missing db: exit %d", code)
	}
}

// childEnv names the environment variable that turns TestIngestChild into
// the CLI: the SIGKILL test re-executes the test binary as a child process.
const childEnv = "NEWSGRAPH_TEST_CHILD_ARGS"

func TestIngestChild(t *testing.T) {
	a := os.Getenv(childEnv)
	if a == "" {
		t.Skip("helper process for TestIngestSIGKILLRerun")
	}
	m := &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	code := m.Run(context.Background(), strings.Split(a, "\x1f"))
	if err := m.Close(); err != nil && code == exitOK {
		code = exitFailed
	}
	os.Exit(code)
}

// synthWords is a made-up vocabulary for generated test documents.
var synthWords = strings.Fields(`council harbour ministry tariff grain river festival bridge union strike
	court ruling budget senate farmers drought rail line museum bank rate export import steel
	vaccine clinic election mayor treaty border patrol storm flood wind coast fishery market
	shares profit loss quarter minister talks ceasefire rebels envoy summit delegation school
	teachers nurses pay deal protest square police arrest charge trial verdict appeal`)

// writeSynthCorpus writes n JSONL documents of generated text; every 40th
// reuses an earlier text under its own id (a syndicated copy), and the very
// first line is repeated at the end (the same input twice). It returns the
// number of distinct documents and of copied texts.
func writeSynthCorpus(t *testing.T, path string, n int) (distinct, copies int) {
	rng := rand.New(rand.NewSource(7))
	var b strings.Builder
	var texts []string
	var first string
	for i := 0; i < n; i++ {
		var txt string
		if i > 0 && i%40 == 0 {
			txt = texts[rng.Intn(len(texts))]
			copies++
		} else {
			var s strings.Builder
			for sent := 0; sent < 4+rng.Intn(5); sent++ {
				k := 8 + rng.Intn(12)
				for w := 0; w < k; w++ {
					word := synthWords[rng.Intn(len(synthWords))]
					if w == 0 {
						word = strings.ToUpper(word[:1]) + word[1:]
					}
					s.WriteString(word)
					if w < k-1 {
						s.WriteByte(' ')
					}
				}
				fmt.Fprintf(&s, " %d. ", i*10+sent)
			}
			txt = strings.TrimSpace(s.String())
			texts = append(texts, txt)
		}
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("synth-%05d", i), "text": txt, "title": fmt.Sprintf("Item %d", i), "published": "2024-05-01"})
		if i == 0 {
			first = string(line)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	b.WriteString(first + "\n")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return n, copies
}

// TestIngestSIGKILLRerun starts an ingest in a child process, kills it with
// SIGKILL mid-way, runs it again, and checks every document is stored
// exactly once, with its stories, index entries and duplicate links.
func TestIngestSIGKILLRerun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the CLI in child processes")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "synth.jsonl")
	const n = 4000
	distinct, copies := writeSynthCorpus(t, src, n)
	db := filepath.Join(dir, "kill.db")
	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestIngestChild$", "-test.count=1")
		args := []string{"ingest", "--db", db, "--batch", "50", "--workers", "2", "--progress", "off", src}
		cmd.Env = append(os.Environ(), childEnv+"="+strings.Join(args, "\x1f"))
		return cmd
	}

	// First run: kill it once some batches are committed.
	first := child()
	var firstErr bytes.Buffer
	first.Stderr = &firstErr
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	// While the child writes, this process reads through the store API as
	// a second process would (search, stats); no read may fail, "database
	// is locked" included.
	stored, reads := 0, 0
	var reader store.Store
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		if reader == nil && countDocs(db) > 0 {
			r, err := store.Open(context.Background(), db, store.Options{ReadOnly: true})
			if err != nil {
				t.Fatalf("open for reading during ingest: %v", err)
			}
			defer r.Close()
			reader = r
		}
		if reader == nil {
			continue
		}
		st, err := reader.Stats(context.Background())
		if err != nil {
			t.Fatalf("stats during ingest: %v", err)
		}
		if _, err := reader.Search(context.Background(), store.SearchQuery{Text: "harbour OR treaty"}); err != nil {
			t.Fatalf("search during ingest: %v", err)
		}
		reads++
		if stored = st.Documents; stored >= 300 {
			break
		}
	}
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill: %v (child finished before it could be killed?)\n%s", err, firstErr.String())
	}
	err := first.Wait()
	ws, _ := first.ProcessState.Sys().(syscall.WaitStatus)
	if err == nil || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child was not killed mid-way (err %v); stderr:\n%s", err, firstErr.String())
	}
	atKill := countDocs(db)
	if atKill == 0 || atKill >= distinct {
		t.Fatalf("%d documents stored when killed; want some but not all %d", atKill, distinct)
	}
	t.Logf("killed with %d of %d documents committed; %d reads during the ingest", atKill, distinct, reads)

	// Second run: completes and skips what the first committed.
	second := child()
	out, err := second.CombinedOutput()
	if err != nil {
		t.Fatalf("rerun: %v\n%s", err, out)
	}
	want := fmt.Sprintf("%d documents read, %d stored, %d already stored, 0 failed", n+1, distinct-atKill, atKill+1)
	if !strings.Contains(string(out), want) {
		t.Fatalf("rerun summary lacks %q:\n%s", want, out)
	}

	conn, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	check := func(q string, want int) {
		t.Helper()
		var got int
		if err := conn.QueryRow(q).Scan(&got); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if got != want {
			t.Errorf("%s = %d, want %d", q, got, want)
		}
	}
	check(`SELECT count(*) FROM documents`, distinct)
	check(`SELECT count(DISTINCT doc_id) FROM documents`, distinct)
	check(`SELECT count(*) FROM stories WHERE document NOT IN (SELECT id FROM documents)`, 0)
	check(`SELECT count(*) FROM documents d WHERE n_stories <> (SELECT count(*) FROM stories s WHERE s.document = d.id)`, 0)
	check(`SELECT count(*) FROM documents WHERE n_stories = 0`, 0)
	check(`SELECT count(DISTINCT document) FROM stories WHERE dup_kind = 'exact'`, copies)
	check(`SELECT count(*) FROM stories s WHERE s.dup_kind <> 'first' AND (SELECT dup_kind FROM stories h WHERE h.id = s.cluster) <> 'first'`, 0)
	check(`SELECT count(*) FROM stories h WHERE h.dup_kind = 'first' AND h.copies <> (SELECT count(*) FROM stories s WHERE s.cluster = h.id)`, 0)
	check(`SELECT count(*) FROM runs WHERE status = 'running' AND finished IS NULL`, 1)
	check(`SELECT count(*) FROM runs WHERE status = 'done'`, 1)
	// The full-text index agrees with the stories table.
	if _, err := conn.Exec(`INSERT INTO story_fts(story_fts, rank) VALUES('integrity-check', 1)`); err != nil {
		t.Errorf("FTS integrity check: %v", err)
	}
	var ic string
	if err := conn.QueryRow(`PRAGMA integrity_check`).Scan(&ic); err != nil || ic != "ok" {
		t.Errorf("integrity_check: %q %v", ic, err)
	}
}

// countDocs counts stored documents, 0 while the database is not there yet.
func countDocs(path string) int {
	if _, err := os.Stat(path); err != nil {
		return 0
	}
	conn, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_query_only=1")
	if err != nil {
		return 0
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow(`SELECT count(*) FROM documents`).Scan(&n); err != nil {
		return 0
	}
	return n
}

// TestIngestInterrupted cancels an ingest part-way (as Ctrl-C does): what was
// processed is committed, the run is closed as interrupted, and a rerun
// stores the rest.
func TestIngestInterrupted(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "synth.jsonl")
	distinct, _ := writeSynthCorpus(t, src, 600)
	st, err := store.Open(context.Background(), filepath.Join(dir, "int.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seen := 0
	job := ingestJob{Sources: []string{src}, Layers: []string{"stories"}, Workers: 2, Batch: 50, Progress: "off",
		OnDoc: func(*doc.Doc) {
			if seen++; seen == 120 {
				cancel()
			}
		}}
	sum, err := ingestInto(ctx, st, job)
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Interrupted || sum.Counts.Stored < 120 || sum.Counts.Stored >= distinct {
		t.Fatalf("interrupted run: %+v", sum.Counts)
	}
	runs, _ := st.Runs(context.Background(), 1)
	if runs[0].Status != store.RunInterrupted || runs[0].Finished.IsZero() {
		t.Fatalf("run %+v", runs[0])
	}
	job.OnDoc = nil
	sum2, err := ingestInto(context.Background(), st, job)
	if err != nil {
		t.Fatal(err)
	}
	if sum2.Counts.Stored != distinct-sum.Counts.Stored || sum2.Counts.Existing != sum.Counts.Stored+1 {
		t.Fatalf("rerun %+v after %+v", sum2.Counts, sum.Counts)
	}
}

// TestDemo runs the README's main job on the shipped examples, twice: the
// second run finds everything already stored.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline")
	}
	db := filepath.Join(t.TempDir(), "demo.db")
	for i, want := range []string{"12 stored, 0 already stored, 0 failed", "0 stored, 12 already stored, 0 failed"} {
		code, out, stderr := runMain(t, nil, "demo", "--db", db, "--examples", "../../examples")
		if code != exitOK {
			t.Fatalf("run %d: exit %d\n%s%s", i, code, out, stderr)
		}
		for _, w := range []string{want, "== stats", "documents          12", "== search", "[strike]"} {
			if !strings.Contains(out, w) {
				t.Errorf("run %d: output lacks %q:\n%s", i, w, out)
			}
		}
	}
}
