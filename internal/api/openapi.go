package api

import (
	"encoding/json"
	"reflect"
	"strings"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
)

// The OpenAPI document is written here by hand, operation by operation;
// openapi_test.go checks it against the routes the mux serves and the
// parameters the handlers accept, so the two cannot drift apart.

type oaParam struct {
	Name, In, Type, Desc string
	Enum                 []string
	Required             bool
}

type oaOp struct {
	Method, Path, Summary string
	Params                []oaParam
	Response              any    // a value whose type is the 200 response schema
	Schema                string // component name of Response
	Write                 bool   // needs the bearer token
	Body                  bool   // takes the ingest request body
	Created               any    // a value whose type is the 201 response schema
	CreatedSchema         string // component name of Created
	Conflict              string // when a 409 can answer, why
}

var eventFilterParams = []oaParam{
	{Name: "actor", Type: "string", Desc: "Actor code prefix on either side (CHN, CHNGOV)."},
	{Name: "source", Type: "string", Desc: "Actor code prefix of the source."},
	{Name: "target", Type: "string", Desc: "Actor code prefix of the target."},
	{Name: "entity", Type: "string", Desc: "Entity id on either side."},
	{Name: "code", Type: "string", Desc: "CAMEO code prefix (03, 036, 0361)."},
	{Name: "root", Type: "string", Desc: "CAMEO root code, 01 to 20."},
	{Name: "quad", Type: "integer", Desc: "Quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."},
	{Name: "country", Type: "string", Desc: "ISO 3166-1 alpha-2 code of the event place."},
	{Name: "bbox", Type: "string", Desc: "Event place within minLon,minLat,maxLon,maxLat."},
	{Name: "from", Type: "string", Desc: "First event date, YYYY-MM-DD (inclusive)."},
	{Name: "to", Type: "string", Desc: "Last event date, YYYY-MM-DD (exclusive)."},
	{Name: "goldstein_min", Type: "number", Desc: "Least Goldstein score (-10 to 10)."},
	{Name: "goldstein_max", Type: "number", Desc: "Greatest Goldstein score (-10 to 10)."},
	{Name: "q", Type: "string", Desc: "Full-text query over the event's sentence."},
	{Name: "doc", Type: "string", Desc: "Events of one document (content key)."},
	{Name: "run", Type: "integer", Desc: "Events written by one ingest run (default: each document's latest)."},
	{Name: "sort", Type: "string", Enum: []string{"-date", "date", "-goldstein", "goldstein"}, Desc: "Order (default -date)."},
	{Name: "limit", Type: "integer", Desc: "Page size, default 50; larger values are capped at 1000."},
	{Name: "cursor", Type: "string", Desc: "The next cursor of the previous page."},
}

type eventsTimeline struct {
	By      string                 `json:"by"`
	Buckets []store.TimelineBucket `json:"buckets"`
}
type pairsResp struct {
	Pairs []store.PairCount `json:"pairs"`
}
type countriesResp struct {
	Countries []store.CountryCount `json:"countries"`
}
type searchResp struct {
	Hits []hitJSON `json:"hits"`
}
type runsResp struct {
	Runs []runJSON `json:"runs"`
}
type statusResp struct {
	Status string `json:"status"`
}

func operations() []oaOp {
	with := func(ps []oaParam, more ...oaParam) []oaParam { return append(append([]oaParam(nil), more...), ps...) }
	limit := oaParam{Name: "limit", Type: "integer", Desc: "How many, capped at 1000."}
	return []oaOp{
		{Method: "GET", Path: "/api/events", Summary: "List events matching the filters, newest first, one page at a time.", Params: eventFilterParams, Response: store.EventPage{}, Schema: "EventPage"},
		{Method: "GET", Path: "/api/events/{id}", Summary: "One event with its evidence: the story text and the spans of source, target, trigger, date and place.", Params: []oaParam{{Name: "id", In: "path", Type: "string", Required: true}}, Response: store.EventDetail{}, Schema: "EventDetail"},
		{Method: "GET", Path: "/api/entities", Summary: "Search entities by name or alias in any script.", Params: []oaParam{
			{Name: "q", Type: "string", Desc: "Name or alias prefix."},
			{Name: "kind", Type: "string", Enum: entityKinds},
			{Name: "limit", Type: "integer", Desc: "Page size, default 50, capped at 1000."},
			{Name: "cursor", Type: "string"}}, Response: store.EntityPage{}, Schema: "EntityPage"},
		{Method: "GET", Path: "/api/entities/{id}", Summary: "One entity: aliases, actor codes over time, timeline, co-occurring entities, latest events.", Params: []oaParam{{Name: "id", In: "path", Type: "string", Required: true}}, Response: store.EntityDetail{}, Schema: "EntityDetail"},
		{Method: "GET", Path: "/api/documents", Summary: "List stored documents, with or without events, in content key order, one page at a time.", Params: []oaParam{
			{Name: "from", Type: "string", Desc: "First published date, YYYY-MM-DD (inclusive); documents without a published date are left out."},
			{Name: "to", Type: "string", Desc: "Last published date, YYYY-MM-DD (exclusive); documents without a published date are left out."},
			{Name: "run", Type: "integer", Desc: "Documents first stored by this ingest run (a re-coding run stores no document)."},
			{Name: "limit", Type: "integer", Desc: "Page size, default 50; larger values are capped at 1000."},
			{Name: "cursor", Type: "string", Desc: "The next cursor of the previous page."}}, Response: store.DocumentPage{}, Schema: "DocumentPage"},
		{Method: "GET", Path: "/api/documents/{key}", Summary: "A stored document with every layer (the Doc JSON), by content key or source id.", Params: []oaParam{{Name: "key", In: "path", Type: "string", Required: true}}, Response: doc.Doc{}, Schema: "Doc"},
		{Method: "GET", Path: "/api/stories/{id}/cluster", Summary: "The duplicate cluster a story belongs to, first copy first.", Params: []oaParam{{Name: "id", In: "path", Type: "integer", Required: true}}, Response: clusterJSON{}, Schema: "Cluster"},
		{Method: "GET", Path: "/api/search", Summary: "Full-text search over story text (words, \"phrases\", OR, NOT, prefix*).", Params: []oaParam{
			{Name: "q", Type: "string", Required: true},
			{Name: "limit", Type: "integer", Desc: "Default 20, capped at 1000."},
			{Name: "all_copies", Type: "boolean", Desc: "Every copy of a duplicated story instead of one hit per cluster."}}, Response: searchResp{}, Schema: "SearchResult"},
		{Method: "GET", Path: "/api/aggregates/timeline", Summary: "Events per day by root code or quad class, with the mean Goldstein score (tone over time).", Params: with(eventFilterParams, oaParam{Name: "by", Type: "string", Enum: []string{"quad", "root"}, Desc: "Split by (default quad)."}), Response: eventsTimeline{}, Schema: "Timeline"},
		{Method: "GET", Path: "/api/aggregates/pairs", Summary: "Top (source, target) actor code pairs; limit sets how many.", Params: eventFilterParams, Response: pairsResp{}, Schema: "Pairs"},
		{Method: "GET", Path: "/api/aggregates/countries", Summary: "Events per country of the event place, for a map.", Params: eventFilterParams, Response: countriesResp{}, Schema: "Countries"},
		{Method: "GET", Path: "/api/network", Summary: "The actor network of the matching events: actors as nodes, events between them as weighted edges; limit caps the edges.", Params: eventFilterParams, Response: store.Network{}, Schema: "Network"},
		{Method: "GET", Path: "/api/stats", Summary: "Counts of what the store holds.", Response: statsJSON{}, Schema: "Stats"},
		{Method: "GET", Path: "/api/runs", Summary: "Ingest runs, newest first.", Params: []oaParam{limit}, Response: runsResp{}, Schema: "Runs"},
		{Method: "POST", Path: "/api/ingest", Summary: "Run the pipeline over JSONL documents (application/x-ndjson, one {\"id\",\"text\"|\"html\",\"url\"?,\"title\"?,\"published\"?} per line) or fetch one page or feed (application/json {\"url\"}) and store the result (200). With an interval (application/json {\"url\", \"interval\": \"15m\"}) the feed is polled: the first round runs now, then one every interval with conditional GET (ETag, Last-Modified), new items only, each round one ingest run; answers 201 with the poll. The poll is saved in the store with its state and the feed's ETag/Last-Modified, and resumes when the server restarts. Needs the bearer token.", Params: []oaParam{{Name: "date", Type: "string", Desc: "Reference date YYYY-MM-DD for documents without one."}}, Response: IngestResult{}, Schema: "IngestResult", Write: true, Body: true,
			Created: PollCreated{}, CreatedSchema: "PollCreated", Conflict: "The feed is already polled, or the server polls as many feeds as it will."},
		{Method: "GET", Path: "/api/polls", Summary: "The feeds being polled, oldest first, with each one's last round and counts; on a read-only server, the saved polls, paused.", Response: pollsResp{}, Schema: "Polls"},
		{Method: "GET", Path: "/api/polls/{id}", Summary: "One feed poll.", Params: []oaParam{{Name: "id", In: "path", Type: "string", Required: true}}, Response: PollInfo{}, Schema: "Poll"},
		{Method: "DELETE", Path: "/api/polls/{id}", Summary: "Stop polling a feed and remove it from the store; a round in flight is cancelled. Answers the poll as it stood. Needs the bearer token.", Params: []oaParam{{Name: "id", In: "path", Type: "string", Required: true}}, Response: PollInfo{}, Schema: "Poll", Write: true},
		{Method: "GET", Path: "/api/openapi.json", Summary: "This document."},
		{Method: "GET", Path: "/healthz", Summary: "Liveness: the process serves HTTP.", Response: statusResp{}, Schema: "Status"},
		{Method: "GET", Path: "/readyz", Summary: "Readiness: the database answers (503 while it does not).", Response: statusResp{}, Schema: "Status"},
		{Method: "GET", Path: "/metrics", Summary: "Prometheus metrics (text exposition format)."},
	}
}

// schemaOf describes t as a JSON Schema from its json tags.
func schemaOf(t reflect.Type, defs map[string]any, depth int) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string"}
		}
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), defs, depth+1)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), defs, depth+1)}
	case reflect.Struct:
		if depth > 6 {
			return map[string]any{"type": "object"}
		}
		props := map[string]any{}
		var addFields func(t reflect.Type)
		addFields = func(t reflect.Type) {
			for i := 0; i < t.NumField(); i++ {
				f := t.Field(i)
				if !f.IsExported() {
					continue
				}
				tag := f.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, _, _ := strings.Cut(tag, ",")
				if f.Anonymous && name == "" {
					ft := f.Type
					for ft.Kind() == reflect.Pointer {
						ft = ft.Elem()
					}
					if ft.Kind() == reflect.Struct {
						addFields(ft)
						continue
					}
				}
				if name == "" {
					name = f.Name
				}
				props[name] = schemaOf(f.Type, defs, depth+1)
			}
		}
		addFields(t)
		return map[string]any{"type": "object", "properties": props}
	}
	return map[string]any{}
}

func buildOpenAPI(build string) []byte {
	paths := map[string]map[string]any{}
	schemas := map[string]any{
		"Error": map[string]any{"type": "object", "properties": map[string]any{"error": map[string]any{"type": "object", "properties": map[string]any{
			"code":    map[string]any{"type": "string", "enum": sortedKeys(statusOf)},
			"message": map[string]any{"type": "string"},
			"param":   map[string]any{"type": "string"},
		}}}},
	}
	errResp := func(desc string) map[string]any {
		return map[string]any{"description": desc, "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	}
	for _, op := range operations() {
		var params []any
		for _, p := range op.Params {
			in := p.In
			if in == "" {
				in = "query"
			}
			sch := map[string]any{"type": p.Type}
			if len(p.Enum) > 0 {
				sch["enum"] = p.Enum
			}
			pm := map[string]any{"name": p.Name, "in": in, "schema": sch, "required": p.Required || in == "path"}
			if p.Desc != "" {
				pm["description"] = p.Desc
			}
			params = append(params, pm)
		}
		ok := map[string]any{"description": "OK"}
		if op.Response != nil {
			schemas[op.Schema] = schemaOf(reflect.TypeOf(op.Response), schemas, 0)
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/" + op.Schema}}}
		}
		responses := map[string]any{"200": ok, "400": errResp("Malformed parameter; error.param names it."), "503": errResp("The database is unavailable; retry.")}
		if strings.Contains(op.Path, "{") {
			responses["404"] = errResp("Unknown id.")
		}
		o := map[string]any{"summary": op.Summary, "operationId": opID(op), "responses": responses}
		if params != nil {
			o["parameters"] = params
		}
		if op.Created != nil {
			schemas[op.CreatedSchema] = schemaOf(reflect.TypeOf(op.Created), schemas, 0)
			responses["201"] = map[string]any{"description": "Created", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/" + op.CreatedSchema}}}}
		}
		if op.Conflict != "" {
			responses["409"] = errResp(op.Conflict)
		}
		if op.Write {
			o["security"] = []any{map[string]any{"bearer": []string{}}}
			responses["401"] = errResp("Missing or wrong bearer token.")
			responses["403"] = errResp("The server is read-only.")
		}
		if op.Body {
			responses["413"] = errResp("Body over the limit.")
			o["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/x-ndjson": map[string]any{"schema": map[string]any{"type": "string"}},
				"application/json": map[string]any{"schema": map[string]any{"type": "object", "required": []string{"url"},
					"properties": map[string]any{
						"url":      map[string]any{"type": "string", "format": "uri"},
						"interval": map[string]any{"type": "string", "description": "Poll the feed every interval (a Go duration: 15m, 1h; at least the server's minimum, one minute by default, at most a week)."},
					}}},
			}}
		}
		if paths[op.Path] == nil {
			paths[op.Path] = map[string]any{}
		}
		paths[op.Path][strings.ToLower(op.Method)] = o
	}
	version := build
	if version == "" {
		version = "dev"
	}
	docJSON := map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "newsgraph API", "version": version,
			"description": "CAMEO-coded events and the entities behind them, each traceable to the byte spans of the story it came from."},
		"paths": paths,
		"components": map[string]any{"schemas": schemas,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}}},
	}
	b, err := json.MarshalIndent(docJSON, "", " ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

func opID(op oaOp) string {
	p := strings.NewReplacer("/api/", "", "/", "_", "{", "", "}", "", ".", "_").Replace(op.Path)
	p = strings.Trim(p, "_")
	return strings.ToLower(op.Method) + "_" + p
}
