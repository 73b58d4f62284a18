package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

var updateProbe = flag.Bool("update", false, "rewrite testdata/events-probe.golden from the current coder")

// TestEventProbeGolden runs the whole pipeline (annotate --layers events)
// over the team's probe sentences and compares the coded events with
// testdata/events-probe.golden. A difference is not necessarily a bug: it
// shows which sentences a change to the coder, its dictionaries or the
// models it reads moved, so that each can be judged; rewrite the file with
// `go test ./cmd/newsgraph -run TestEventProbeGolden -update` once they
// are.
func TestEventProbeGolden(t *testing.T) {
	b, err := os.ReadFile("testdata/events-probe.txt")
	if err != nil {
		t.Fatal(err)
	}
	var in strings.Builder
	var texts []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("p%03d", len(texts)), "text": l, "published": "2024-05-01"})
		in.Write(line)
		in.WriteByte('\n')
		texts = append(texts, l)
	}
	code, out, errs := extractCLI(in.String(), "annotate", "--layers", "events", "--workers", "1")
	if code != exitOK {
		t.Fatalf("annotate: exit %d: %s", code, errs)
	}
	got := probeSummary(t, out, texts)
	const golden = "testdata/events-probe.golden"
	if *updateProbe {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		g, w := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(g), len(w)); i++ {
			if i >= len(g) || i >= len(w) || g[i] != w[i] {
				t.Errorf("line %d: got %q, want %q", i+1, at(g, i), at(w, i))
			}
		}
		t.Log("if the change is right, rerun with -update")
	}
}

func at(ls []string, i int) string {
	if i < len(ls) {
		return ls[i]
	}
	return "(none)"
}

// probeSummary is one line a sentence: the sentence, then its events as
// SOURCE>TARGET CODE (with "not" when negated and the modality), sorted.
func probeSummary(t *testing.T, annotated string, texts []string) string {
	t.Helper()
	byID := map[string][]string{}
	sc := bufio.NewScanner(strings.NewReader(annotated))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var d struct {
			ID     string `json:"id"`
			Events []struct {
				Source   struct{ Code string } `json:"source"`
				Target   struct{ Code string } `json:"target"`
				Code     string                `json:"code"`
				Negated  bool                  `json:"negated"`
				Modality string                `json:"modality"`
			} `json:"events"`
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		var evs []string
		for _, e := range d.Events {
			s := e.Source.Code + ">" + e.Target.Code + " " + e.Code
			if e.Negated {
				s += " not"
			}
			if e.Modality != "" {
				s += " " + e.Modality
			}
			evs = append(evs, s)
		}
		slices.Sort(evs)
		byID[d.ID] = evs
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for i, text := range texts {
		evs := byID[fmt.Sprintf("p%03d", i)]
		fmt.Fprintf(&sb, "%s\t%s\n", text, strings.Join(append([]string{}, evs...), "; "))
	}
	return sb.String()
}
