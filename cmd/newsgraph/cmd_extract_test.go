package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
)

func extractCLI(stdin string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := m.Run(context.Background(), args)
	m.Close()
	return code, out.String(), errb.String()
}

func TestExtractCommand(t *testing.T) {
	code, out, errs := extractCLI("", "extract", "../../examples/02-front-page.txt")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var d doc.Doc
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Stories) != 4 || d.Stories[1].Kicker == nil || !d.Stories[3].Truncated || !strings.Contains(out, "\n  \"stories\"") {
		t.Fatalf("stories %+v", d.Stories)
	}

	// HTML by extension; the offset map comes along.
	code, out, _ = extractCLI("", "extract", "../../examples/04-flood-relief.html")
	if code != exitOK || !strings.Contains(out, `"text_map"`) || !strings.Contains(out, `"published_source": "page"`) {
		t.Fatalf("html: exit %d\n%s", code, out)
	}

	// --format json from stdin, html field.
	in := `{"id":"j1","html":"<html><body><article><p>Rescue teams reached the village of Amber Creek on Sunday after a landslide blocked the only road for three days, officials said.</p></article></body></html>","published":"2025-02-01"}`
	code, out, errs = extractCLI(in, "extract", "--format", "json", "-")
	if code != exitOK || !strings.Contains(out, `"id": "j1"`) || !strings.Contains(out, `"published_source": "input"`) {
		t.Fatalf("json: exit %d %s\n%s", code, errs, out)
	}

	// Errors name the file and the reason; usage errors exit 2.
	code, _, errs = extractCLI("", "extract", "no/such/file.txt")
	if code != exitFailed || !strings.Contains(errs, "no/such/file.txt") || !strings.Contains(errs, "no such file") {
		t.Fatalf("missing file: exit %d %q", code, errs)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"id": 3`), 0o644)
	code, _, errs = extractCLI("", "extract", "--format", "json", bad)
	if code != exitFailed || !strings.Contains(errs, bad) || !strings.Contains(errs, "invalid JSON") {
		t.Fatalf("bad json: exit %d %q", code, errs)
	}
	if code, _, _ = extractCLI("", "extract", "--format", "xml", "x"); code != exitUsage {
		t.Fatalf("bad format: exit %d", code)
	}
	if code, _, _ = extractCLI("", "extract", "a", "b"); code != exitUsage {
		t.Fatalf("two files: exit %d", code)
	}
	if code, _, errs = extractCLI("", "extract", "--help"); code != exitOK || !strings.Contains(errs, "Usage: newsgraph extract") {
		t.Fatalf("help: exit %d %q", code, errs)
	}
}

func TestEvalExtractUsage(t *testing.T) {
	if code, _, _ := extractCLI("", "eval", "extract"); code != exitUsage {
		t.Fatalf("no --data: exit %d", code)
	}
	if code, _, errs := extractCLI("", "eval", "extract", "--data", t.TempDir()); code != exitFailed || !strings.Contains(errs, "ground-truth.json") {
		t.Fatalf("empty dir: exit %d %q", code, errs)
	}
}
