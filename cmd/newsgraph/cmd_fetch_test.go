package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
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

func TestFetchPoll(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		hits.Add(1)
		if r.Header.Get("If-None-Match") == `"r1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"r1"`)
		fmt.Fprint(w, `<rss version="2.0"><channel><title>Dock news</title><item><guid>d1</guid><title>Crane repaired</title><description>The dock crane works again.</description></item></channel></rss>`)
	}))
	defer srv.Close()
	var o, e bytes.Buffer
	m := &Main{Stdout: &o, Stderr: &e}
	code := m.Run(context.Background(), []string{"fetch", "--allow-private", "--delay", "0", "--poll", "10ms", "--rounds", "3", srv.URL + "/feed.xml"})
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	if n := strings.Count(o.String(), "\n"); n != 1 || !strings.Contains(o.String(), `"id":"d1"`) {
		t.Errorf("want the one item once, got %q", o.String())
	}
	if strings.Count(e.String(), "not modified") != 2 || hits.Load() != 3 {
		t.Errorf("stderr %q, %d feed requests", e.String(), hits.Load())
	}
	if code := m.Run(context.Background(), []string{"fetch", "--poll", "1s", "file.rss"}); code != exitUsage {
		t.Errorf("poll of a file: exit %d", code)
	}
}
