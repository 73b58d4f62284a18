package api

import (
	"errors"
	"net/url"
	"testing"

	"github.com/newsgraph/newsgraph/internal/store"
)

// FuzzParseEventFilter feeds raw query strings to the parameter parser:
// it must never panic, every refusal must be a 400 naming a parameter,
// and every accepted filter must be within the documented bounds.
func FuzzParseEventFilter(f *testing.F) {
	for _, s := range []string{
		"", "actor=CHN&quad=1", "bbox=110,5,125,12&from=2025-01-01&to=2025-02-01",
		"goldstein_min=-10&goldstein_max=10&sort=-goldstein&limit=1000",
		"limit=99999999999999999999", "code=0361&root=3&country=ph", "q=%27%3B+DROP+TABLE+events%3B--",
		"cursor=abc&run=3&doc=k1&entity=e1", "bbox=1e400,0,0,0", "from=2025-02-30", "quad=1&quad=2", "%zz",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		flt, err := ParseEventFilter(v)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeInvalid || e.Param == "" || e.Status() != 400 {
				t.Fatalf("%q: refusal %#v", raw, err)
			}
			return
		}
		if flt.Limit < 1 || flt.Limit > 1000 || flt.Quad < 0 || flt.Quad > 4 {
			t.Fatalf("%q: out of bounds %+v", raw, flt)
		}
		if b := flt.BBox; b != nil && (b[0] > b[2] || b[1] > b[3] || b[0] < -180 || b[3] > 90) {
			t.Fatalf("%q: bbox %v", raw, *b)
		}
		if flt.GoldsteinMin != nil && (*flt.GoldsteinMin < -10 || *flt.GoldsteinMin > 10) {
			t.Fatalf("%q: goldstein %v", raw, *flt.GoldsteinMin)
		}
		if len(flt.Cursor) > maxCursorLen || len(flt.Text) > maxTextLen {
			t.Fatalf("%q: long values pass", raw)
		}
		// The cache key is a function of the filter alone.
		if canonicalQuery(flt) != canonicalQuery(flt) {
			t.Fatal("unstable cache key")
		}
	})
}

func FuzzParseEntityQuery(f *testing.F) {
	for _, s := range []string{"", "q=Wang&kind=per", "kind=DOG", "limit=0", "q=%E7%8E%8B&limit=5&cursor=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := ParseEntityQuery(v)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Param == "" {
				t.Fatalf("%q: %#v", raw, err)
			}
			return
		}
		if q.Limit < 1 || q.Limit > 1000 {
			t.Fatalf("%q: limit %d", raw, q.Limit)
		}
	})
}

// FuzzParseDocumentQuery: no panic, refusals are 400s naming a parameter,
// accepted queries are within bounds and pass the backends' own check.
func FuzzParseDocumentQuery(f *testing.F) {
	for _, s := range []string{"", "from=2025-03-01&to=2025-04-01", "run=3&limit=10", "limit=99999999999999999999",
		"from=2025-04-01&to=2025-03-01", "run=0", "cursor=a", "cursor=YWJj&limit=1", "from=2025-02-30", "to=%00", "actor=CHN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := ParseDocumentQuery(v)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeInvalid || e.Param == "" || e.Status() != 400 {
				t.Fatalf("%q: refusal %#v", raw, err)
			}
			return
		}
		if q.Limit < 1 || q.Limit > 1000 || q.RunID < 0 || len(q.Cursor) > maxCursorLen {
			t.Fatalf("%q: out of bounds %+v", raw, q)
		}
		if q.From != "" && q.To != "" && q.From > q.To {
			t.Fatalf("%q: from after to", raw)
		}
		// What the parser lets through, the SQL builder accepts, except a
		// cursor it did not make.
		q.Cursor = ""
		if _, _, _, err := store.DocumentSQL(q); err != nil {
			t.Fatalf("%q: accepted %+v, refused by the store: %v", raw, q, err)
		}
	})
}
