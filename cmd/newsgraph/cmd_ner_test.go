package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runNERMain(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var o, e bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &o, Stderr: &e, Getenv: func(string) string { return "" }}
	code := m.Run(context.Background(), args)
	m.Close()
	return code, o.String(), e.String()
}

// Our own sentences in CoNLL columns: token lines echoed with one IOB2 tag
// appended; -DOCSTART- and blank lines kept as they are.
const nerInput = "-DOCSTART- -X- O O\n\nAngela NNP\nMerkel NNP\nvisited VBD\nParis NNP\n. .\n\nShe\nleft\n.\n"

func TestNERConll(t *testing.T) {
	code, out, errs := runNERMain(t, nerInput, "ner", "--conll")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	in, got := strings.Split(nerInput, "\n"), strings.Split(out, "\n")
	if len(in) != len(got) {
		t.Fatalf("%d lines in, %d out:\n%s", len(in), len(got), out)
	}
	for i := range in {
		if in[i] == "" || strings.HasPrefix(in[i], "-DOCSTART-") {
			if got[i] != in[i] {
				t.Errorf("line %d: %q, want %q", i+1, got[i], in[i])
			}
			continue
		}
		if !strings.HasPrefix(got[i], in[i]+" ") || strings.Count(got[i], " ") != strings.Count(in[i], " ")+1 {
			t.Errorf("line %d: %q does not echo %q plus one column", i+1, got[i], in[i])
		}
	}
	for _, want := range []string{"Angela NNP B-PER", "Merkel NNP I-PER", "Paris NNP B-LOC", "visited VBD O"} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if code, _, _ := runNERMain(t, nerInput, "ner"); code != exitUsage {
		t.Errorf("ner without --conll: exit %d", code)
	}
}

func TestEvalNER(t *testing.T) {
	gold := "Angela NNP I-PER\nMerkel NNP I-PER\nvisited VBD O\nParis NNP I-LOC\n. . O\n"
	path := filepath.Join(t.TempDir(), "gold.conll")
	if err := os.WriteFile(path, []byte(gold), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runNERMain(t, "", "eval", "ner", "--data", path)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "ALL         2       2       2  100.00  100.00  100.00") {
		t.Errorf("unexpected report:\n%s", out)
	}
}
