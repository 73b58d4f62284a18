package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/text"
)

// codedDoc is one story (our own sentences) coded with the given events:
// each is {sentence number, source code, target code, CAMEO code}.
func codedDoc(events ...[4]string) *doc.Doc {
	sents := []string{"The trade minister criticised the port authority on Monday.", "Dockworkers blocked the gates of the container terminal."}
	body := strings.Join(sents, " ")
	d := doc.New("diff-doc", body)
	d.Meta.Published = "2025-03-03"
	d.Stories = []doc.Story{{Span: text.Span{Start: 0, End: len(body)}, Text: body}}
	d.MarkLayer(doc.LayerStories, "test")
	d.MarkLayer(doc.LayerEvents, "test")
	for _, e := range events {
		i := 0
		if e[0] == "1" {
			i = 1
		}
		start := strings.Index(body, sents[i])
		sp := text.Span{Start: start, End: start + len(sents[i])}
		d.Events = append(d.Events, doc.Event{Source: doc.Actor{Code: e[1], Entity: -1}, Target: doc.Actor{Code: e[2], Entity: -1},
			Code: e[3], Root: e[3][:2], QuadClass: 3, DateTimex: -1, Place: -1, Sentence: sp, Trigger: text.Span{Start: sp.Start + 4, End: sp.Start + 9}, Coder: "test"})
	}
	return d
}

func TestDiffRuns(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "diff.db")
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)
	put := func(d *doc.Doc) int64 {
		run, err := st.BeginRun(ctx, store.RunInfo{Started: clock})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Put(ctx, run, []*doc.Doc{d}); err != nil {
			t.Fatal(err)
		}
		return run
	}
	a := put(codedDoc([4]string{"0", "GBRGOV", "GBRBUS", "111"}, [4]string{"1", "GBRLAB", "GBRBUS", "191"}))
	b := put(codedDoc([4]string{"0", "GBRGOV", "GBRBUS", "112"}, [4]string{"1", "GBRLAB", "GBRBUS", "191"}))
	c := put(codedDoc([4]string{"0", "GBRGOV", "GBRBUS", "112"}))
	st.Close()

	code, out, errOut := runMain(t, nil, "diff", "--db", path, itoa64(a), itoa64(b))
	if code != exitOK {
		t.Fatalf("diff: %d %s", code, errOut)
	}
	if !strings.Contains(out, "0 added, 0 removed, 1 changed, 1 unchanged") || !strings.Contains(out, "code 111 → 112") {
		t.Fatalf("diff a b:\n%s", out)
	}
	code, out, _ = runMain(t, nil, "diff", "--db", path, "--json", itoa64(b), itoa64(c))
	var d store.RunDiff
	if code != exitOK || json.Unmarshal([]byte(out), &d) != nil {
		t.Fatalf("diff --json: %d %s", code, out)
	}
	if len(d.Removed) != 1 || d.Removed[0].Code != "191" || d.Unchanged != 1 || len(d.Added) != 0 {
		t.Fatalf("diff b c: %+v", d)
	}
	code, out, _ = runMain(t, nil, "diff", "--db", path, itoa64(c), itoa64(a))
	if code != exitOK || !strings.Contains(out, "1 added, 0 removed, 1 changed") || !strings.Contains(out, "+ ") {
		t.Fatalf("diff c a:\n%s", out)
	}
	for _, args := range [][]string{{"diff", "--db", path, "1"}, {"diff", "--db", path, "x", "2"}, {"diff", "--db", path, "1", "99"}} {
		if code, _, _ := runMain(t, nil, args...); code != exitUsage {
			t.Fatalf("%v: exit %d, want usage", args, code)
		}
	}
}

func itoa64(v int64) string { return strconv.FormatInt(v, 10) }
