package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/api/apitest"
	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/store"
)

type resp struct {
	status int
	header http.Header
	body   string
}

func do(t testing.TB, h http.Handler, method, path, body string, hdr ...string) resp {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return resp{w.Code, w.Header(), w.Body.String()}
}

// ids lists the event ids of an event page.
func ids(t *testing.T, body string) string {
	t.Helper()
	var p store.EventPage
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	var out []string
	for _, e := range p.Events {
		out = append(out, e.ID)
	}
	return strings.Join(out, ",") + "|" + p.Next
}

func newTest(t *testing.T, cfg Config) (*Server, *apitest.Fake) {
	f := apitest.Sample()
	if cfg.Store == nil {
		cfg.Store = f
	}
	return New(cfg), f
}

func TestEventFilters(t *testing.T) {
	s, _ := newTest(t, Config{})
	h := s.Handler()
	for _, tc := range []struct{ q, want string }{
		{"", "ev2,ev1,ev3|"},
		{"sort=date", "ev3,ev1,ev2|"},
		{"sort=-goldstein", "ev3,ev1,ev2|"},
		{"actor=chn", "ev2,ev1|"},
		{"source=PHL", "ev3|"},
		{"target=PHLMIL", "ev2|"},
		{"entity=e-marcos", "ev1,ev3|"},
		{"code=04", "ev1|"},
		{"root=3", "ev3|"},
		{"quad=4", "ev2|"},
		{"country=ph", "ev2,ev1|"},
		{"bbox=110,5,125,12", "ev2|"},
		{"from=2025-03-01&to=2025-03-04", "ev1|"},
		{"goldstein_min=-10&goldstein_max=0", "ev2|"},
		{"q=coast+guard", "ev2|"},
		{"doc=k3", "ev3|"},
		{"limit=2", "ev2,ev1|o2"},
		{"limit=2&cursor=o2", "ev3|"},
		{"actor=USA&quad=1", "ev3|"},
		{"actor=USA&quad=4", "|"},
	} {
		r := do(t, h, "GET", "/api/events?"+tc.q, "")
		if r.status != 200 {
			t.Errorf("%s: status %d %s", tc.q, r.status, r.body)
			continue
		}
		if got := ids(t, r.body); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.q, got, tc.want)
		}
	}
}

func TestExactJSON(t *testing.T) {
	s, _ := newTest(t, Config{})
	h := s.Handler()
	for _, tc := range []struct{ path, want string }{
		{"/api/aggregates/pairs?limit=2", `{"pairs":[{"source":"CHNGOV","target":"PHLGOV","count":1},{"source":"CHNGOV","target":"PHLMIL","count":1}]}`},
		{"/api/aggregates/countries", `{"countries":[{"country":"PH","count":2},{"country":"US","count":1}]}`},
		{"/api/aggregates/timeline?quad=1", `{"by":"quad","buckets":[{"day":"2025-02-20","key":"1","count":1,"avg_goldstein":4},{"day":"2025-03-03","key":"1","count":1,"avg_goldstein":1}]}`},
		{"/api/aggregates/timeline?by=root&root=19", `{"by":"root","buckets":[{"day":"2025-03-04","key":"19","count":1,"avg_goldstein":-9}]}`},
		{"/api/network?source=PHL", `{"nodes":[{"id":"code:USA","label":"United States","code":"USA","weight":1},{"id":"e-marcos","label":"Ferdinand Marcos","code":"PHLGOV","weight":1}],"edges":[{"source":"e-marcos","target":"code:USA","weight":1,"avg_goldstein":4}]}`},
		{"/api/entities?q=%E7%8E%8B", `{"entities":[{"id":"e-wang","kind":"PER","name":"Wang Yi","actor_code":"CHNGOV","aliases":["王毅","Wang"],"mentions":3,"documents":1,"first_seen":"2025-03-03","last_seen":"2025-03-04"}]}`},
		{"/api/entities?q=nobody&kind=org", `{"entities":[]}`},
		{"/api/stories/1/cluster", `{"id":1,"stories":[{"story_id":1,"doc_id":"d1","doc_key":"k1","story":0,"kind":"first","distance":0}]}`},
		{"/healthz", `{"status":"ok"}`},
		{"/readyz", `{"status":"ready"}`},
		{"/api/events/nope", `{"error":{"code":"not_found","message":"no event \"nope\""}}`},
		{"/api/events?quad=7", `{"error":{"code":"invalid","message":"\"7\" is not a quad class (1 to 4)","param":"quad"}}`},
	} {
		r := do(t, h, "GET", tc.path, "")
		if got := strings.TrimSpace(r.body); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.path, got, tc.want)
		}
		if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("%s: Content-Type %q", tc.path, ct)
		}
	}
}

func TestEventDetail(t *testing.T) {
	s, f := newTest(t, Config{})
	r := do(t, s.Handler(), "GET", "/api/events/ev1", "")
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var got store.EventDetail
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatal(err)
	}
	want := f.EventList[0]
	gb, _ := json.Marshal(got)
	wb, _ := json.Marshal(want)
	if string(gb) != string(wb) {
		t.Fatalf("got %s\nwant %s", gb, wb)
	}
	// The spans point at the evidence in the story text.
	for _, hl := range got.Highlights {
		text := got.StoryText[hl.Start:hl.End]
		switch hl.Role {
		case "trigger":
			if text != "met" {
				t.Errorf("trigger %q", text)
			}
		case "place":
			if text != "Manila" {
				t.Errorf("place %q", text)
			}
		}
	}
}

func TestBadInput(t *testing.T) {
	s, _ := newTest(t, Config{})
	h := s.Handler()
	for _, tc := range []struct {
		path   string
		status int
		param  string
	}{
		{"/api/events?quad=x", 400, "quad"},
		{"/api/events?bbox=1,2,3", 400, "bbox"},
		{"/api/events?bbox=1,2,3,nan", 400, "bbox"},
		{"/api/events?bbox=10,2,3,4", 400, "bbox"},
		{"/api/events?from=2025-13-01", 400, "from"},
		{"/api/events?from=2025-03-02&to=2025-03-01", 400, "to"},
		{"/api/events?to=yesterday", 400, "to"},
		{"/api/events?limit=abc", 400, "limit"},
		{"/api/events?limit=0", 400, "limit"},
		{"/api/events?limit=-5", 400, "limit"},
		{"/api/events?sort=random", 400, "sort"},
		{"/api/events?goldstein_min=NaN", 400, "goldstein_min"},
		{"/api/events?goldstein_max=11", 400, "goldstein_max"},
		{"/api/events?goldstein_min=5&goldstein_max=1", 400, "goldstein_max"},
		{"/api/events?country=PHL", 400, "country"},
		{"/api/events?code=abc", 400, "code"},
		{"/api/events?code=12345", 400, "code"},
		{"/api/events?root=21", 400, "root"},
		{"/api/events?run=-1", 400, "run"},
		{"/api/events?actor=CHN%27%3B+DROP+TABLE+events%3B--", 400, "actor"},
		{"/api/events?quad=1&quad=2", 400, "quad"},
		{"/api/events?qaud=1", 400, "qaud"},
		{"/api/events?q=%ff%fe", 400, "q"},
		{"/api/events?q=" + strings.Repeat("x", 600), 400, "q"},
		{"/api/events?cursor=%20bad", 400, "cursor"},
		{"/api/events?cursor=zz", 400, "cursor"}, // the backend refuses the cursor
		{"/api/entities?kind=DOG", 400, "kind"},
		{"/api/entities?limit=x", 400, "limit"},
		{"/api/search", 400, "q"},
		{"/api/search?q=x&all_copies=maybe", 400, "all_copies"},
		{"/api/aggregates/timeline?by=week", 400, "by"},
		{"/api/stories/abc/cluster", 400, "id"},
		{"/api/events/ev1?x=1", 400, "x"},
		{"/api/events/nope", 404, ""},
		{"/api/entities/nope", 404, ""},
		{"/api/documents/nope", 404, ""},
		{"/api/stories/99/cluster", 404, ""},
		{"/api/nothing", 404, ""},
	} {
		r := do(t, h, "GET", tc.path, "")
		if r.status != tc.status {
			t.Errorf("%s: status %d, want %d: %s", tc.path, r.status, tc.status, r.body)
			continue
		}
		var e struct{ Error Error }
		if err := json.Unmarshal([]byte(r.body), &e); err != nil {
			t.Errorf("%s: %v: %s", tc.path, err, r.body)
			continue
		}
		if e.Error.Param != tc.param || e.Error.Message == "" {
			t.Errorf("%s: param %q, want %q (%s)", tc.path, e.Error.Param, tc.param, r.body)
		}
	}
}

// recorder keeps the last filter the backend saw.
type recorder struct {
	*apitest.Fake
	last store.EventFilter
}

func (r *recorder) Events(ctx context.Context, f store.EventFilter) (store.EventPage, error) {
	r.last = f
	return r.Fake.Events(ctx, f)
}

func TestPageSizeCapped(t *testing.T) {
	rec := &recorder{Fake: apitest.Sample()}
	s := New(Config{Store: rec.Fake, Querier: rec, CacheLen: -1})
	for _, tc := range []struct {
		q    string
		want int
	}{{"", 50}, {"limit=7", 7}, {"limit=1000", 1000}, {"limit=1001", 1000}, {"limit=99999999999999999999999", 1000}} {
		r := do(t, s.Handler(), "GET", "/api/events?"+tc.q, "")
		if r.status != 200 || rec.last.Limit != tc.want {
			t.Errorf("%s: status %d, limit %d, want %d", tc.q, r.status, rec.last.Limit, tc.want)
		}
	}
}

func TestUnavailableAndRecovery(t *testing.T) {
	s, f := newTest(t, Config{CacheLen: -1})
	h := s.Handler()
	f.SetDown(true)
	for _, p := range []string{"/api/events", "/api/events/ev1", "/api/entities/e-wang", "/api/stats", "/readyz", "/api/search?q=x"} {
		r := do(t, h, "GET", p, "")
		if r.status != 503 || !strings.Contains(r.body, `"unavailable"`) || r.header.Get("Retry-After") == "" {
			t.Errorf("%s while down: %d %s", p, r.status, r.body)
		}
		if strings.Contains(r.body, "sql:") {
			t.Errorf("%s: leaks the driver error: %s", p, r.body)
		}
	}
	if r := do(t, h, "GET", "/healthz", ""); r.status != 200 {
		t.Errorf("healthz while down: %d", r.status)
	}
	f.SetDown(false)
	for _, p := range []string{"/api/events", "/readyz"} {
		if r := do(t, h, "GET", p, ""); r.status != 200 {
			t.Errorf("%s after recovery: %d %s", p, r.status, r.body)
		}
	}
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestCache(t *testing.T) {
	c := &clock{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	s, f := newTest(t, Config{Now: c.now, CacheTTL: 5 * time.Second, Token: "tok", Pipeline: fakePipeline})
	h := s.Handler()
	get := func(q string) string { return do(t, h, "GET", "/api/events?"+q, "").header.Get("X-Cache") }
	if got := get("quad=1&root=3"); got != "miss" {
		t.Fatalf("first: %s", got)
	}
	if got := get("root=03&quad=1"); got != "hit" { // same filter, other spelling
		t.Fatalf("second: %s", got)
	}
	if f.Calls != 1 {
		t.Fatalf("backend calls %d", f.Calls)
	}
	c.t = c.t.Add(6 * time.Second)
	if got := get("quad=1&root=3"); got != "miss" {
		t.Fatalf("after TTL: %s", got)
	}
	r := do(t, h, "POST", "/api/ingest", `{"id":"new","text":"Officials met in Hanoi.","published":"2025-03-05"}`, "Authorization", "Bearer tok", "Content-Type", "application/x-ndjson")
	if r.status != 200 {
		t.Fatalf("ingest: %d %s", r.status, r.body)
	}
	if got := get("quad=1&root=3"); got != "miss" {
		t.Fatalf("after ingest: %s", got)
	}
	// Bounded.
	small := newCache(2, time.Minute, c.now)
	for _, k := range []string{"a", "b", "c"} {
		small.put(k, []byte(k), small.generation())
	}
	if _, ok := small.get("a"); ok || small.len() != 2 {
		t.Fatalf("LRU kept %d entries, a evicted: %v", small.len(), !ok)
	}
}

// fakePipeline codes one event per document whose text says "met".
func fakePipeline() (*Processor, error) {
	return &Processor{Stages: []string{"test.meet.v1"}, Process: func(ctx context.Context, d *doc.Doc, observe func(string, time.Duration)) error {
		if strings.Contains(d.Text, "met") {
			d.Events = append(d.Events, doc.Event{Code: "040"})
		}
		observe("test.meet.v1", time.Millisecond)
		return nil
	}}, nil
}

func TestIngest(t *testing.T) {
	s, f := newTest(t, Config{Token: "s3cret", Pipeline: fakePipeline, MaxBody: 1 << 10})
	h := s.Handler()
	body := `{"id":"a","text":"Leaders met in Hanoi.","published":"2025-03-05"}` + "\n\n" + `{"id":"b"}` + "\n" + `{"id":"c","text":"Nothing happened."}`
	auth := []string{"Authorization", "Bearer s3cret", "Content-Type", "application/x-ndjson"}
	for _, tc := range []struct {
		name   string
		body   string
		hdr    []string
		status int
		code   string
	}{
		{"no token", body, []string{"Content-Type", "application/x-ndjson"}, 401, "unauthorized"},
		{"wrong token", body, []string{"Authorization", "Bearer s3cre", "Content-Type", "application/x-ndjson"}, 401, "unauthorized"},
		{"basic auth", body, []string{"Authorization", "Basic czNjcmV0"}, 401, "unauthorized"},
		{"too large", strings.Repeat(`{"id":"x","text":"y"}`+"\n", 100), auth, 413, "too_large"},
		{"empty", "\n", auth, 400, "invalid"},
		{"file url", `{"url":"file:///etc/passwd"}`, []string{"Authorization", "Bearer s3cret", "Content-Type", "application/json"}, 400, "invalid"},
		{"path url", `{"url":"/etc/passwd"}`, []string{"Authorization", "Bearer s3cret", "Content-Type", "application/json"}, 400, "invalid"},
		{"bad json", `{"uri":"x"}`, []string{"Authorization", "Bearer s3cret", "Content-Type", "application/json"}, 400, "invalid"},
		{"bad type", body, []string{"Authorization", "Bearer s3cret", "Content-Type", "image/png"}, 400, "invalid"},
	} {
		r := do(t, h, "POST", "/api/ingest", tc.body, tc.hdr...)
		if r.status != tc.status || !strings.Contains(r.body, `"code":"`+tc.code+`"`) {
			t.Errorf("%s: %d %s", tc.name, r.status, r.body)
		}
		if strings.Contains(r.body, "s3cret") {
			t.Errorf("%s: token echoed", tc.name)
		}
	}
	r := do(t, h, "POST", "/api/ingest?date=2025-03-01", body, auth...)
	if r.status != 200 {
		t.Fatalf("ingest: %d %s", r.status, r.body)
	}
	var res IngestResult
	if err := json.Unmarshal([]byte(r.body), &res); err != nil {
		t.Fatal(err)
	}
	if res.Counts.Seen != 3 || res.Counts.Stored != 2 || res.Counts.Failed != 1 || len(res.Failures) != 1 || res.Failures[0].Where != "body:3" {
		t.Fatalf("result %+v", res)
	}
	if got := strings.Join(res.Keys, ","); got != "k-a,k-c" {
		t.Fatalf("keys %s", got)
	}
	if f.Docs["k-c"].Meta.Published != "2025-03-01" {
		t.Fatalf("default date not applied: %+v", f.Docs["k-c"].Meta)
	}
	if f.RunList[0].Status != store.RunFailed || f.RunList[0].Counts.Stored != 2 {
		t.Fatalf("run %+v", f.RunList[0])
	}
	// Stored events are served at once: the cache was dropped.
	if r := do(t, h, "GET", "/api/events?code=040&doc=k-a", ""); !strings.Contains(r.body, `"k-a-0"`) {
		t.Fatalf("ingested event not listed: %s", r.body)
	}
	m := do(t, h, "GET", "/metrics", "").body
	for _, want := range []string{
		`newsgraph_ingest_documents_total{result="stored"} 2`,
		`newsgraph_pipeline_stage_seconds_count{stage="test.meet.v1"} 2`,
		`newsgraph_http_requests_total{method="POST",route="POST /api/ingest",status="401"} 3`,
		`newsgraph_http_request_duration_seconds_count{method="GET",route="GET /api/events",status="200"} 1`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(m, "s3cret") {
		t.Error("token in metrics")
	}
}

func TestReadOnlyAndNoToken(t *testing.T) {
	s, _ := newTest(t, Config{ReadOnly: true, Token: "t", Pipeline: fakePipeline})
	if r := do(t, s.Handler(), "POST", "/api/ingest", `{"id":"a","text":"x"}`, "Authorization", "Bearer t"); r.status != 403 {
		t.Errorf("read-only: %d %s", r.status, r.body)
	}
	s, _ = newTest(t, Config{Pipeline: fakePipeline})
	if r := do(t, s.Handler(), "POST", "/api/ingest", `{"id":"a","text":"x"}`, "Authorization", "Bearer "); r.status != 401 {
		t.Errorf("no token configured: %d %s", r.status, r.body)
	}
	if r := do(t, s.Handler(), "GET", "/api/ingest", ""); r.status != 405 {
		t.Errorf("GET ingest: %d", r.status)
	}
}

func TestCORS(t *testing.T) {
	s, _ := newTest(t, Config{})
	if r := do(t, s.Handler(), "GET", "/api/events", "", "Origin", "https://evil.example"); r.header.Get("Access-Control-Allow-Origin") != "" {
		t.Error("CORS on by default")
	}
	s, _ = newTest(t, Config{CORSOrigin: "https://app.example"})
	h := s.Handler()
	if r := do(t, h, "GET", "/api/events", "", "Origin", "https://app.example"); r.header.Get("Access-Control-Allow-Origin") != "https://app.example" {
		t.Error("configured origin not allowed")
	}
	if r := do(t, h, "GET", "/api/events", "", "Origin", "https://evil.example"); r.header.Get("Access-Control-Allow-Origin") != "" {
		t.Error("other origin allowed")
	}
	r := do(t, h, "OPTIONS", "/api/ingest", "", "Origin", "https://app.example", "Access-Control-Request-Method", "POST")
	if r.status != 204 || !strings.Contains(r.header.Get("Access-Control-Allow-Headers"), "Authorization") {
		t.Errorf("preflight: %d %v", r.status, r.header)
	}
}

// panicky panics in Events: the server answers 500 and lives on.
type panicky struct{ *apitest.Fake }

func (panicky) Events(context.Context, store.EventFilter) (store.EventPage, error) { panic("boom") }

func TestPanicIs500(t *testing.T) {
	f := apitest.Sample()
	s := New(Config{Store: f, Querier: panicky{f}})
	r := do(t, s.Handler(), "GET", "/api/events", "")
	if r.status != 500 || !strings.Contains(r.body, `"internal"`) || strings.Contains(r.body, "boom") {
		t.Fatalf("%d %s", r.status, r.body)
	}
}

// slow makes Events take a while, so concurrent misses overlap.
type slow struct{ *recorder }

func (s slow) Events(ctx context.Context, f store.EventFilter) (store.EventPage, error) {
	time.Sleep(50 * time.Millisecond)
	return s.recorder.Events(ctx, f)
}

func TestCacheSingleFlight(t *testing.T) {
	rec := &recorder{Fake: apitest.Sample()}
	s := New(Config{Store: rec.Fake, Querier: slow{rec}})
	h := s.Handler()
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r := do(t, h, "GET", "/api/events?quad=1", ""); r.status != 200 || !strings.Contains(r.body, `"ev1"`) {
				t.Errorf("%d %s", r.status, r.body)
			}
		}()
	}
	wg.Wait()
	if rec.Fake.Calls != 1 {
		t.Fatalf("%d backend queries for 10 concurrent identical requests", rec.Fake.Calls)
	}
}

func TestIngestURL(t *testing.T) {
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<html><head><title>Port strike ends</title></head><body><article><h1>Port strike ends</h1><p>Dock workers in Maravel met harbour officials on Monday and ended a nine-day strike.</p></article></body></html>`)
	}))
	defer page.Close()
	hdr := []string{"Authorization", "Bearer tok", "Content-Type", "application/json"}
	body := `{"url":"` + page.URL + `/story"}`

	// By default the fetcher refuses loopback addresses.
	s, _ := newTest(t, Config{Token: "tok", Pipeline: fakePipeline})
	r := do(t, s.Handler(), "POST", "/api/ingest", body, hdr...)
	if r.status != 400 || !strings.Contains(r.body, `"param":"url"`) || !strings.Contains(r.body, "non-public") {
		t.Fatalf("private URL: %d %s", r.status, r.body)
	}

	s, f := newTest(t, Config{Token: "tok", Pipeline: fakePipeline,
		IngestOptions: IngestOptions{Fetch: ingest.Options{AllowPrivate: true, PerHostDelay: -1}}})
	r = do(t, s.Handler(), "POST", "/api/ingest", body, hdr...)
	if r.status != 200 || !strings.Contains(r.body, `"stored":1`) {
		t.Fatalf("URL ingest: %d %s", r.status, r.body)
	}
	var res IngestResult
	json.Unmarshal([]byte(r.body), &res)
	d := f.Docs[res.Keys[0]]
	if d == nil || !strings.Contains(d.RawHTML, "Maravel") || d.Meta.Title != "Port strike ends" { // HTML: text comes from the extract stage
		t.Fatalf("stored %+v", d)
	}
	if f.RunList[0].Sources[0] != page.URL+"/story" {
		t.Fatalf("run sources %v", f.RunList[0].Sources)
	}
}
