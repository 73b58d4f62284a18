package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestFetchCommand(t *testing.T) {
	var o, e bytes.Buffer
	m := &Main{Stdin: strings.NewReader(`{"id":"s1","text":"The ferry left at noon."}` + "\n"), Stdout: &o, Stderr: &e}
	code := m.Run(context.Background(), []string{"fetch", "--body", "-", "../../internal/ingest/testdata/corpus/03-wire.jsonl"})
	if code != exitFailed {
		t.Errorf("exit %d, want %d (one line is malformed)", code, exitFailed)
	}
	var items []fetchItem
	for _, l := range strings.Split(strings.TrimSpace(o.String()), "\n") {
		var it fetchItem
		if err := json.Unmarshal([]byte(l), &it); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		items = append(items, it)
	}
	if len(items) != 4 || items[0].ID != "s1" || items[0].Body != "The ferry left at noon." || items[1].ID != "wire-001" ||
		items[2].Error == "" || items[3].Error != "" {
		t.Errorf("items %+v", items)
	}
	if !strings.Contains(e.String(), "03-wire.jsonl:2: malformed JSON") {
		t.Errorf("stderr %q", e.String())
	}
	if code := m.Run(context.Background(), []string{"fetch"}); code != exitUsage {
		t.Errorf("no args: exit %d", code)
	}
}
