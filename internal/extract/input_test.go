package extract

import (
	"context"
	"strings"
	"testing"
)

func TestDocFromInput(t *testing.T) {
	d, err := DocFromInput("page.txt", []byte("<!DOCTYPE html><html><body><p>x</p></body></html>"), FormatAuto)
	if err != nil || d.RawHTML == "" || d.Text != "" || d.Meta.SourceKind != "html" {
		t.Fatalf("sniffed HTML: %v %+v", err, d)
	}
	if _, err := DocFromInput("a.bin", []byte("PK\x03\x04\x00\x00"), FormatAuto); err == nil || !strings.Contains(err.Error(), "binary") {
		t.Fatalf("binary: %v", err)
	}
	d, err = DocFromInput("bad.txt", []byte("caf\xe9 au lait"), FormatAuto)
	if err != nil || d.Text != "caf\uFFFD au lait" || len(d.Diagnostics) != 1 || d.Diagnostics[0].Code != "input.invalid_utf8" {
		t.Fatalf("invalid UTF-8: %v %+v", err, d)
	}
	d, err = DocFromInput("-", []byte("  \n"), FormatAuto)
	if err != nil || d.ID != "stdin" || len(d.Diagnostics) != 1 || d.Diagnostics[0].Code != "input.empty" {
		t.Fatalf("empty: %v %+v", err, d)
	}
	for _, bad := range []string{`{"id":1}`, `{"id":"x"}`, `not json`, `{"id":"x","text":5}`} {
		if _, err := DocFromInput("x.json", []byte(bad), FormatJSON); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
	d, err = Run(context.Background(), "in.json", []byte(`{"id":"a7","text":"Floods hit the coast on Monday.\nPhoto: Reuters","title":"Floods","published":"2024-05-06"}`), FormatAuto)
	if err != nil || d.ID != "a7" || d.Meta.Published != "2024-05-06" || d.Meta.PublishedSource != "input" ||
		len(d.Stories) != 1 || d.Stories[0].Text != "Floods hit the coast on Monday." || MainText(d) != d.Stories[0].Text {
		t.Fatalf("json text: %v %+v", err, d)
	}
}
