package api

import (
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/store"
)

// Limits on query parameters: long enough for any real query, short
// enough that a parameter cannot make a query expensive.
const (
	maxParamLen  = 512
	maxCursorLen = 256
	maxTextLen   = 256
)

// EventParams are the query parameters that filter events, in the order
// the OpenAPI document lists them.
var EventParams = []string{"actor", "source", "target", "entity", "code", "root", "quad", "country", "bbox",
	"from", "to", "goldstein_min", "goldstein_max", "q", "doc", "run", "sort", "limit", "cursor"}

// eventSorts are the sort orders Querier.Events accepts.
var eventSorts = []string{"-date", "date", "-goldstein", "goldstein"}

// checkParams refuses parameters not in allowed, repeated ones and
// oversized or invalid UTF-8 values, so a typo is a 400, not a silently
// ignored filter.
func checkParams(v url.Values, allowed ...string) error {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		ok := false
		for _, a := range allowed {
			if k == a {
				ok = true
				break
			}
		}
		if k == "" {
			return paramError("(empty name)", "a parameter has no name")
		}
		if !ok {
			return paramError(k, "unknown parameter (known: %s)", strings.Join(allowed, ", "))
		}
		if len(v[k]) > 1 {
			return paramError(k, "given %d times; give it once", len(v[k]))
		}
		s := v[k][0]
		if len(s) > maxParamLen {
			return paramError(k, "longer than %d bytes", maxParamLen)
		}
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
			return paramError(k, "not valid UTF-8 text")
		}
	}
	return nil
}

// actorCode accepts CAMEO actor codes: upper-case letters and digits.
func actorCode(param, s string) (string, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) > 64 {
		return "", paramError(param, "actor codes are at most 64 characters")
	}
	for _, c := range s {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return "", paramError(param, "%q is not an actor code (letters and digits, e.g. CHNGOV)", s)
		}
	}
	return s, nil
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func parseDate(param, s string) (string, error) {
	if _, err := time.Parse("2006-01-02", s); err != nil || len(s) != 10 {
		return "", paramError(param, "%q is not a date YYYY-MM-DD", s)
	}
	return s, nil
}

func parseFloat(param, s string, lo, hi float64) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, paramError(param, "%q is not a number", s)
	}
	if f < lo || f > hi {
		return 0, paramError(param, "%v is outside [%v, %v]", f, lo, hi)
	}
	return f, nil
}

// parseLimit reads a page size: 1 or more, capped at max (a huge page size
// is served as the largest allowed page, not refused).
func parseLimit(v url.Values, def, max int) (int, error) {
	s := v.Get("limit")
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		if digits(strings.TrimSpace(s)) { // overflows int: a huge page size
			return max, nil
		}
		return 0, paramError("limit", "%q is not a whole number", s)
	}
	if n < 1 {
		return 0, paramError("limit", "must be at least 1")
	}
	return min(n, max), nil
}

func parseCursor(v url.Values) (string, error) {
	c := v.Get("cursor")
	if len(c) > maxCursorLen {
		return "", paramError("cursor", "not a cursor from a previous page")
	}
	for _, r := range c {
		if r < 0x21 || r > 0x7e {
			return "", paramError("cursor", "not a cursor from a previous page")
		}
	}
	return c, nil
}

func parseText(param, s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) > maxTextLen {
		return "", paramError(param, "longer than %d bytes", maxTextLen)
	}
	return s, nil
}

// ParseEventFilter reads an event filter from query parameters; extra
// names the other parameters the endpoint accepts. Errors are *Error
// values naming the parameter.
func ParseEventFilter(v url.Values, extra ...string) (store.EventFilter, error) {
	var f store.EventFilter
	if err := checkParams(v, append(append([]string(nil), EventParams...), extra...)...); err != nil {
		return f, err
	}
	var err error
	for _, p := range []struct {
		name string
		dst  *string
	}{{"actor", &f.Actor}, {"source", &f.Source}, {"target", &f.Target}} {
		if s := v.Get(p.name); s != "" {
			if *p.dst, err = actorCode(p.name, s); err != nil {
				return f, err
			}
		}
	}
	if s := v.Get("entity"); s != "" {
		if f.Entity, err = parseText("entity", s); err != nil {
			return f, err
		}
	}
	if s := strings.TrimSpace(v.Get("code")); s != "" {
		if !digits(s) || len(s) > 4 {
			return f, paramError("code", "%q is not a CAMEO code (2 to 4 digits, e.g. 036)", s)
		}
		f.Code = s
	}
	if s := strings.TrimSpace(v.Get("root")); s != "" {
		if !digits(s) || len(s) > 2 {
			return f, paramError("root", "%q is not a CAMEO root (01 to 20)", s)
		}
		if len(s) == 1 {
			s = "0" + s
		}
		if n, _ := strconv.Atoi(s); n < 1 || n > 20 {
			return f, paramError("root", "%q is not a CAMEO root (01 to 20)", s)
		}
		f.Root = s
	}
	if s := strings.TrimSpace(v.Get("quad")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 4 {
			return f, paramError("quad", "%q is not a quad class (1 to 4)", s)
		}
		f.Quad = n
	}
	if s := strings.TrimSpace(v.Get("country")); s != "" {
		s = strings.ToUpper(s)
		if len(s) != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' {
			return f, paramError("country", "%q is not an ISO 3166-1 alpha-2 code (e.g. PH)", s)
		}
		f.Country = s
	}
	if s := strings.TrimSpace(v.Get("bbox")); s != "" {
		parts := strings.Split(s, ",")
		if len(parts) != 4 {
			return f, paramError("bbox", "want minLon,minLat,maxLon,maxLat")
		}
		var b [4]float64
		for i, p := range parts {
			lim := 180.0
			if i%2 == 1 {
				lim = 90
			}
			if b[i], err = parseFloat("bbox", p, -lim, lim); err != nil {
				return f, err
			}
		}
		if b[0] > b[2] || b[1] > b[3] {
			return f, paramError("bbox", "minimum above maximum; want minLon,minLat,maxLon,maxLat")
		}
		f.BBox = &b
	}
	if s := strings.TrimSpace(v.Get("from")); s != "" {
		if f.From, err = parseDate("from", s); err != nil {
			return f, err
		}
	}
	if s := strings.TrimSpace(v.Get("to")); s != "" {
		if f.To, err = parseDate("to", s); err != nil {
			return f, err
		}
	}
	if f.From != "" && f.To != "" && f.From > f.To {
		return f, paramError("to", "%s is before from=%s", f.To, f.From)
	}
	for _, p := range []struct {
		name string
		dst  **float64
	}{{"goldstein_min", &f.GoldsteinMin}, {"goldstein_max", &f.GoldsteinMax}} {
		if s := v.Get(p.name); s != "" {
			g, err := parseFloat(p.name, s, -10, 10)
			if err != nil {
				return f, err
			}
			*p.dst = &g
		}
	}
	if f.GoldsteinMin != nil && f.GoldsteinMax != nil && *f.GoldsteinMin > *f.GoldsteinMax {
		return f, paramError("goldstein_max", "below goldstein_min")
	}
	if f.Text, err = parseText("q", v.Get("q")); err != nil {
		return f, err
	}
	if s := v.Get("doc"); s != "" {
		if f.DocKey, err = parseText("doc", s); err != nil {
			return f, err
		}
	}
	if s := strings.TrimSpace(v.Get("run")); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			return f, paramError("run", "%q is not a run id", s)
		}
		f.RunID = n
	}
	if s := strings.TrimSpace(v.Get("sort")); s != "" {
		ok := false
		for _, o := range eventSorts {
			ok = ok || s == o
		}
		if !ok {
			return f, paramError("sort", "%q is not one of %s", s, strings.Join(eventSorts, ", "))
		}
		f.Sort = s
	}
	if f.Limit, err = parseLimit(v, store.DefaultPageSize, store.MaxPageSize); err != nil {
		return f, err
	}
	if f.Cursor, err = parseCursor(v); err != nil {
		return f, err
	}
	return f, nil
}

// DocumentParams are the query parameters of GET /api/documents.
var DocumentParams = []string{"from", "to", "run", "limit", "cursor"}

// ParseDocumentQuery reads /api/documents parameters: the stored published
// date range [from, to), the run that first stored the document, and the
// page. Errors are *Error values naming the parameter.
func ParseDocumentQuery(v url.Values) (store.DocumentQuery, error) {
	var q store.DocumentQuery
	if err := checkParams(v, DocumentParams...); err != nil {
		return q, err
	}
	var err error
	if s := strings.TrimSpace(v.Get("from")); s != "" {
		if q.From, err = parseDate("from", s); err != nil {
			return q, err
		}
	}
	if s := strings.TrimSpace(v.Get("to")); s != "" {
		if q.To, err = parseDate("to", s); err != nil {
			return q, err
		}
	}
	if q.From != "" && q.To != "" && q.From > q.To {
		return q, paramError("to", "%s is before from=%s", q.To, q.From)
	}
	if s := strings.TrimSpace(v.Get("run")); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			return q, paramError("run", "%q is not a run id", s)
		}
		q.RunID = n
	}
	if q.Limit, err = parseLimit(v, store.DefaultPageSize, store.MaxPageSize); err != nil {
		return q, err
	}
	if q.Cursor, err = parseCursor(v); err != nil {
		return q, err
	}
	return q, nil
}

// entityKinds are the kinds Querier.Entities filters by.
var entityKinds = []string{"PER", "ORG", "LOC", "GPE", "MISC", "NORP"}

// ParseEntityQuery reads /api/entities parameters.
func ParseEntityQuery(v url.Values) (store.EntityQuery, error) {
	var q store.EntityQuery
	if err := checkParams(v, "q", "kind", "limit", "cursor"); err != nil {
		return q, err
	}
	var err error
	if q.Text, err = parseText("q", v.Get("q")); err != nil {
		return q, err
	}
	if s := strings.TrimSpace(v.Get("kind")); s != "" {
		s = strings.ToUpper(s)
		ok := false
		for _, k := range entityKinds {
			ok = ok || k == s
		}
		if !ok {
			return q, paramError("kind", "%q is not one of %s", s, strings.Join(entityKinds, ", "))
		}
		q.Kind = s
	}
	if q.Limit, err = parseLimit(v, store.DefaultPageSize, store.MaxPageSize); err != nil {
		return q, err
	}
	if q.Cursor, err = parseCursor(v); err != nil {
		return q, err
	}
	return q, nil
}
