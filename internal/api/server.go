// Package api serves the store over HTTP as JSON: events with every filter,
// one event with its evidence, entities, documents, full-text search,
// aggregates, the actor network and ingest. One error type (Error) crosses
// the boundary and one table maps its codes to HTTP statuses. The OpenAPI
// document at /api/openapi.json is checked against the routes in tests.
package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/newsgraph/newsgraph/internal/store"
)

// Defaults for Config's zero values.
const (
	DefaultMaxBody  = 32 << 20
	DefaultCacheLen = 512
	DefaultCacheTTL = 5 * time.Second
	DefaultTimeout  = 30 * time.Second
)

// Config wires a Server.
type Config struct {
	Store store.Store
	// Querier serves events and entities; when nil, Store is used if it
	// implements store.Querier, else those endpoints answer 503.
	Querier store.Querier
	// ReadOnly refuses every write endpoint with 403.
	ReadOnly bool
	// Token is the bearer token write endpoints require. Empty: writes are
	// refused (401), since an open write endpoint is never the default.
	Token string
	// CORSOrigin, when set, is the one origin allowed cross-origin reads
	// ("*" for any). Empty: no CORS headers.
	CORSOrigin string
	// Pipeline builds the processor for POST /api/ingest, once, at the
	// first ingest (loading models takes seconds; most servers never ingest).
	Pipeline func() (*Processor, error)
	// IngestOptions configure URL fetches for POST /api/ingest {"url"}.
	IngestOptions IngestOptions
	MaxBody       int64         // request body limit in bytes (DefaultMaxBody)
	CacheLen      int           // cached event-list responses (DefaultCacheLen; negative: no cache)
	CacheTTL      time.Duration // how long a cached response lives (DefaultCacheTTL)
	Timeout       time.Duration // per-request handler deadline (DefaultTimeout)
	Log           *slog.Logger
	// Registry receives the metrics; a new registry with the Go and process
	// collectors when nil.
	Registry *prometheus.Registry
	// Build is the version stamp shown by /api/stats.
	Build string
	// Extra registers more routes (the web UI) on the same mux, so they
	// share the middleware and metrics.
	Extra func(mux *http.ServeMux)
	Now   func() time.Time
}

// Server is the HTTP API.
type Server struct {
	cfg     Config
	q       store.Querier
	mux     *http.ServeMux
	metrics *metrics
	cache   *cache
	token   [32]byte // sha256 of the token: compared in constant time

	ingestMu  sync.Mutex // one writer at a time
	polls     *pollSet
	procOnce  sync.Once
	proc      *Processor
	procErr   error
	routes    []route
	openapi   []byte
	startedAt time.Time
}

// route is one registered endpoint.
type route struct {
	Method, Path string
	h            func(w http.ResponseWriter, r *http.Request) error
}

// New builds a server from cfg.
func New(cfg Config) *Server {
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.CacheLen == 0 {
		cfg.CacheLen = DefaultCacheLen
	}
	if cfg.CacheTTL <= 0 {
		cfg.CacheTTL = DefaultCacheTTL
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{cfg: cfg, q: cfg.Querier, mux: http.NewServeMux(), startedAt: cfg.Now(), polls: newPollSet(cfg.Store)}
	if s.q == nil {
		if q, ok := cfg.Store.(store.Querier); ok {
			s.q = q
		}
	}
	if cfg.Token != "" {
		s.token = sha256.Sum256([]byte(cfg.Token))
	}
	s.metrics = newMetrics(cfg.Registry)
	if cfg.CacheLen > 0 {
		s.cache = newCache(cfg.CacheLen, cfg.CacheTTL, cfg.Now)
	}
	s.routes = []route{
		{"GET", "/api/events", s.events},
		{"GET", "/api/events/{id}", s.event},
		{"GET", "/api/entities", s.entities},
		{"GET", "/api/entities/{id}", s.entity},
		{"GET", "/api/documents", s.documents},
		{"GET", "/api/documents/{key}", s.document},
		{"GET", "/api/stories/{id}/cluster", s.cluster},
		{"GET", "/api/search", s.search},
		{"GET", "/api/aggregates/timeline", s.timeline},
		{"GET", "/api/aggregates/pairs", s.pairs},
		{"GET", "/api/aggregates/countries", s.countries},
		{"GET", "/api/network", s.network},
		{"GET", "/api/stats", s.stats},
		{"GET", "/api/runs", s.runs},
		{"POST", "/api/ingest", s.ingest},
		{"GET", "/api/polls", s.pollList},
		{"GET", "/api/polls/{id}", s.pollGet},
		{"DELETE", "/api/polls/{id}", s.pollDelete},
		{"GET", "/api/openapi.json", s.openAPI},
		{"GET", "/healthz", s.healthz},
		{"GET", "/readyz", s.readyz},
	}
	for _, rt := range s.routes {
		s.mux.Handle(rt.Method+" "+rt.Path, s.handle(rt.h))
	}
	s.mux.Handle("GET /metrics", s.metrics.handler())
	// Unknown /api paths are JSON 404s, not the UI's HTML.
	// A known path with another method is a 405.
	paths := http.NewServeMux()
	seen := map[string]bool{}
	for _, rt := range s.routes {
		if !seen[rt.Path] { // one path may serve several methods
			seen[rt.Path] = true
			paths.Handle(rt.Path, http.NotFoundHandler())
		}
	}
	s.mux.Handle("/api/", s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if _, p := paths.Handler(r); p != "" {
			var allow []string
			for _, rt := range s.routes {
				if rt.Path == p {
					allow = append(allow, rt.Method)
				}
			}
			w.Header().Set("Allow", strings.Join(allow, ", "))
			return Errorf(CodeMethod, "%s %s: use %s", r.Method, r.URL.Path, strings.Join(allow, ", "))
		}
		return Errorf(CodeNotFound, "no endpoint %s %s (see /api/openapi.json)", r.Method, r.URL.Path)
	}))
	if cfg.Extra != nil {
		cfg.Extra(s.mux)
	}
	s.openapi = buildOpenAPI(cfg.Build)
	return s
}

// Handler is the whole server: routes plus recovery, metrics, CORS and
// the per-request deadline.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.cfg.Log.Error("panic", "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
				if !rw.wrote {
					writeError(rw, &Error{Code: CodeInternal, Message: "internal error"})
				}
			}
			route := r.Pattern
			if route == "" {
				route = "unmatched"
			}
			s.metrics.observe(route, r.Method, rw.status, time.Since(start))
		}()
		if s.cfg.CORSOrigin != "" && s.cors(rw, r) {
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
		defer cancel()
		r = r.WithContext(ctx) // ServeMux records the pattern on the request it is given
		s.mux.ServeHTTP(rw, r)
	})
}

// cors sets the CORS headers for the configured origin; it reports
// whether the request was a preflight it answered.
func (s *Server) cors(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	if s.cfg.CORSOrigin != "*" && origin != s.cfg.CORSOrigin {
		return false
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", s.cfg.CORSOrigin)
	h.Add("Vary", "Origin")
	if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		h.Set("Access-Control-Allow-Methods", "GET, POST")
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
		h.Set("Access-Control-Max-Age", "600")
		w.WriteHeader(http.StatusNoContent)
		return true
	}
	return false
}

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// handle adapts an error-returning handler.
func (s *Server) handle(h func(w http.ResponseWriter, r *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			e := toError(err)
			if e.Code == CodeInternal || e.Code == CodeUnavailable {
				s.cfg.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "code", e.Code, "error", err)
			}
			writeError(w, e)
		}
	})
}

func writeError(w http.ResponseWriter, e *Error) {
	if e.Code == CodeUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="newsgraph"`)
	}
	if e.Code == CodeUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	b, _ := json.Marshal(struct {
		Error *Error `json:"error"`
	}{e})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(e.Status())
	w.Write(append(b, '\n'))
}

// encode marshals v as the response body.
func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeJSONBytes(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := encode(v)
	if err != nil {
		return err
	}
	writeJSONBytes(w, status, b)
	return nil
}

// querier returns the read side or a 503 when the backend has none.
func (s *Server) querier() (store.Querier, error) {
	if s.q == nil {
		return nil, Errorf(CodeUnavailable, "this store backend does not serve events and entities yet")
	}
	return s.q, nil
}

// authorize checks the bearer token for a write. The token is never
// logged; both sides are hashed so the compare takes the same time
// whatever the lengths.
func (s *Server) authorize(r *http.Request) error {
	if s.cfg.ReadOnly {
		return Errorf(CodeForbidden, "the server is read-only")
	}
	if s.cfg.Token == "" {
		return Errorf(CodeUnauthorized, "writes are disabled: no token configured (--token-file or NEWSGRAPH_TOKEN)")
	}
	h := r.Header.Get("Authorization")
	const prefix = "bearer "
	if len(h) < len(prefix) || !strings.EqualFold(h[:len(prefix)], prefix) {
		return Errorf(CodeUnauthorized, "missing bearer token")
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(h[len(prefix):])))
	if subtle.ConstantTimeCompare(got[:], s.token[:]) != 1 {
		return Errorf(CodeUnauthorized, "invalid bearer token")
	}
	return nil
}

// InvalidateCache drops cached responses (after writes made elsewhere).
func (s *Server) InvalidateCache() {
	if s.cache != nil {
		s.cache.clear()
	}
}
