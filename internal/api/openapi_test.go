package api

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
)

type oaDoc struct {
	OpenAPI string `json:"openapi"`
	Paths   map[string]map[string]struct {
		Parameters []struct {
			Name   string `json:"name"`
			In     string `json:"in"`
			Schema struct {
				Type string   `json:"type"`
				Enum []string `json:"enum"`
			} `json:"schema"`
		} `json:"parameters"`
		Responses map[string]any `json:"responses"`
	} `json:"paths"`
	Components struct {
		Schemas map[string]any `json:"schemas"`
	} `json:"components"`
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// TestOpenAPIMatchesRoutes checks the served document against the mux and
// the handlers: every route documented, every documented path routed, and
// each handler accepts exactly the documented query parameters.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	s, _ := newTest(t, Config{Token: "t", Pipeline: fakePipeline})
	h := s.Handler()
	r := do(t, h, "GET", "/api/openapi.json", "")
	var d oaDoc
	if err := json.Unmarshal([]byte(r.body), &d); err != nil || r.status != 200 {
		t.Fatalf("%d %v", r.status, err)
	}
	if !strings.HasPrefix(d.OpenAPI, "3.") {
		t.Fatalf("openapi %q", d.OpenAPI)
	}
	documented := map[string]bool{}
	for path, ops := range d.Paths {
		for method, op := range ops {
			method = strings.ToUpper(method)
			documented[method+" "+path] = true
			concrete := pathParam.ReplaceAllString(path, "1")
			req := httptest.NewRequest(method, concrete, nil)
			if _, pat := s.mux.Handler(req); pat != method+" "+path {
				t.Errorf("documented %s %s is routed to %q", method, path, pat)
			}
			// Path parameters named as in the path.
			var inPath, docPath []string
			for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
				inPath = append(inPath, m[1])
			}
			for _, p := range op.Parameters {
				if p.In == "path" {
					docPath = append(docPath, p.Name)
				}
			}
			sort.Strings(inPath)
			sort.Strings(docPath)
			if strings.Join(inPath, ",") != strings.Join(docPath, ",") {
				t.Errorf("%s %s: path parameters %v, documented %v", method, path, inPath, docPath)
			}
			if _, ok := op.Responses["200"]; !ok {
				t.Errorf("%s %s: no 200 response", method, path)
			}
			if !strings.HasPrefix(path, "/api/") {
				continue
			}
			// Every documented query parameter is accepted ...
			hdr := []string{"Authorization", "Bearer t"}
			for _, p := range op.Parameters {
				if p.In != "query" {
					continue
				}
				val := map[string]string{"integer": "1", "number": "1", "boolean": "true"}[p.Schema.Type]
				if val == "" {
					val = "x"
				}
				if len(p.Schema.Enum) > 0 {
					val = p.Schema.Enum[0]
				}
				rr := do(t, h, method, concrete+"?"+url.Values{p.Name: {val}}.Encode(), "", hdr...)
				if strings.Contains(rr.body, "unknown parameter") {
					t.Errorf("%s %s: documented parameter %s refused: %s", method, path, p.Name, rr.body)
				}
			}
			// ... and an undocumented one is refused by name.
			rr := do(t, h, method, concrete+"?zz_undocumented=1", "", hdr...)
			if rr.status != 400 || !strings.Contains(rr.body, `"param":"zz_undocumented"`) {
				t.Errorf("%s %s accepts an undocumented parameter: %d %s", method, path, rr.status, rr.body)
			}
		}
	}
	for _, rt := range s.routes {
		if !documented[rt.Method+" "+rt.Path] {
			t.Errorf("route %s %s is not in the OpenAPI document", rt.Method, rt.Path)
		}
	}
	if !documented["GET /metrics"] {
		t.Error("/metrics not documented")
	}
	for _, name := range []string{"EventPage", "EventDetail", "EntityDetail", "Error"} {
		if d.Components.Schemas[name] == nil {
			t.Errorf("schema %s missing", name)
		}
	}
}
