package ingest

import (
	"encoding/json"
	"testing"
	"time"
)

// unquoteSimple must agree with encoding/json whenever it accepts.
func checkUnquote(t *testing.T, raw []byte) {
	var want string
	if json.Unmarshal(raw, &want) != nil {
		return // not a valid JSON string: the line's Unmarshal rejects it first
	}
	if got, ok := unquoteSimple(raw); ok && got != want {
		t.Errorf("unquoteSimple(%q) = %q, encoding/json %q", raw, got, want)
	}
}

func TestUnquoteSimple(t *testing.T) {
	accept := []string{`""`, `"plain"`, `"line\nbreak \"quoted\" back\\slash \/ \t\r\b\f"`, `"naïve café"`, `"end\\"`}
	for _, s := range accept {
		if _, ok := unquoteSimple([]byte(s)); !ok {
			t.Errorf("unquoteSimple(%s) declined", s)
		}
		checkUnquote(t, []byte(s))
	}
	for _, s := range []string{`"\u00e9"`, "\"bad \xff byte\"", "\"split \xc3\\n\""} {
		if _, ok := unquoteSimple([]byte(s)); ok {
			t.Errorf("unquoteSimple(%q) accepted; want encoding/json to decide", s)
		}
	}
}

func FuzzUnquoteSimple(f *testing.F) {
	for _, s := range []string{`"a\nb"`, `"\ud83d\ude00"`, "\"\xe2\x82\"", `"x\\"`, `"\"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) { checkUnquote(t, raw) })
}

// splitObject must agree with encoding/json whenever it accepts.
func checkSplit(t *testing.T, line []byte) {
	got, ok := splitObject(line)
	if !ok {
		return
	}
	var want map[string]json.RawMessage
	if err := json.Unmarshal(line, &want); err != nil || want == nil {
		t.Fatalf("splitObject(%q) accepted; encoding/json: %v", line, err)
	}
	if len(got) != len(want) {
		t.Fatalf("splitObject(%q) = %d keys, want %d", line, len(got), len(want))
	}
	for k, v := range want {
		if string(got[k]) != string(v) {
			t.Errorf("splitObject(%q)[%q] = %s, want %s", line, k, got[k], v)
		}
	}
}

func TestSplitObject(t *testing.T) {
	for _, s := range []string{
		`{}`, ` { } `, `{"id":"a1","text":"one \"two\"\nthree \\","n":12.5e3,"ok":true,"x":null}`,
		`{"a":[1,{"b":"]}"},[]],"c":{"d":{"e":"\u00e9}"}},"a":"dup wins"}`,
		"{\t\"k\" :\r\n \"v\" ,\"w\":-0 }",
	} {
		if _, ok := splitObject([]byte(s)); !ok {
			t.Errorf("splitObject(%s) declined", s)
		}
		checkSplit(t, []byte(s))
	}
	for _, s := range []string{`null`, `[1]`, `"s"`, `{"a":1,}`, `{"k\u0065y":1}`, "{\"\xff\":1}", `{"a":1}x`} {
		if _, ok := splitObject([]byte(s)); ok {
			t.Errorf("splitObject(%s) accepted; want encoding/json to decide", s)
		}
	}
}

func FuzzSplitObject(f *testing.F) {
	for _, s := range []string{`{"id":"1","text":"a\nb"}`, `{"a":[{"b":"}"}],"c":1}`, `{"k":"\ud83d"}`, `{}`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) { checkSplit(t, line) })
}

// NormDate's ISO fast path must give what the layout list gives.
func TestNormDateISOFastPath(t *testing.T) {
	slow := func(s string) string {
		for _, l := range dateLayouts {
			if tm, err := time.Parse(l.layout, s); err == nil {
				if l.out != "" {
					return tm.Format(l.out)
				}
				return tm.Format(time.RFC3339)
			}
		}
		return s
	}
	for _, s := range []string{"1987-02-26", "1987-02-30", "1987-13-01", "1987-02-26T16:35:16", "1987-02-26T24:00:00",
		"1987-02-26T16:35:61", "2024-02-29", "2023-02-29", "0000-01-01"} {
		if got, want := NormDate(s), slow(s); got != want {
			t.Errorf("NormDate(%q) = %q, want %q", s, got, want)
		}
	}
}
