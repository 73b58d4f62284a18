package ingest

import (
	"encoding/json"
	"testing"
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
