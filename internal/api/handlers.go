package api

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/internal/store"
)

// pathID reads a path segment, refusing empty and oversized ones.
func pathID(r *http.Request, name string) (string, error) {
	id := r.PathValue(name)
	if strings.TrimSpace(id) == "" || len(id) > maxParamLen {
		return "", paramError(name, "missing or too long")
	}
	return id, nil
}

func (s *Server) events(w http.ResponseWriter, r *http.Request) error {
	q, err := s.querier()
	if err != nil {
		return err
	}
	f, err := ParseEventFilter(r.URL.Query())
	if err != nil {
		return err
	}
	compute := func() ([]byte, error) {
		// Shared by concurrent requests for the same page: one client
		// going away must not fail the others.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), s.cfg.Timeout)
		defer cancel()
		page, err := q.Events(ctx, f)
		if err != nil {
			if e := toError(err); e.Code == CodeInvalid && e.Param == "" && f.Cursor != "" {
				e.Param = "cursor" // the only input a backend refuses is a cursor it did not make
				return nil, e
			}
			return nil, err
		}
		if page.Events == nil {
			page.Events = []store.EventRow{}
		}
		return encode(page)
	}
	if s.cache == nil {
		b, err := compute()
		if err != nil {
			return err
		}
		writeJSONBytes(w, http.StatusOK, b)
		return nil
	}
	b, hit, err := s.cache.load("events?"+canonicalQuery(f), compute)
	if err != nil {
		return err
	}
	if hit {
		s.metrics.cacheHits.Inc()
		w.Header().Set("X-Cache", "hit")
	} else {
		s.metrics.cacheMisses.Inc()
		w.Header().Set("X-Cache", "miss")
	}
	writeJSONBytes(w, http.StatusOK, b)
	return nil
}

// canonicalQuery is the cache key of a filter: the parsed values, so that
// "quad=1&root=3" and "root=03&quad=1" share an entry.
func canonicalQuery(f store.EventFilter) string {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("actor", f.Actor)
	set("source", f.Source)
	set("target", f.Target)
	set("entity", f.Entity)
	set("code", f.Code)
	set("root", f.Root)
	if f.Quad != 0 {
		v.Set("quad", strconv.Itoa(f.Quad))
	}
	set("country", f.Country)
	if f.BBox != nil {
		var parts []string
		for _, x := range f.BBox {
			parts = append(parts, strconv.FormatFloat(x, 'g', -1, 64))
		}
		v.Set("bbox", strings.Join(parts, ","))
	}
	set("from", f.From)
	set("to", f.To)
	if f.GoldsteinMin != nil {
		v.Set("gmin", strconv.FormatFloat(*f.GoldsteinMin, 'g', -1, 64))
	}
	if f.GoldsteinMax != nil {
		v.Set("gmax", strconv.FormatFloat(*f.GoldsteinMax, 'g', -1, 64))
	}
	set("q", f.Text)
	set("doc", f.DocKey)
	if f.RunID != 0 {
		v.Set("run", strconv.FormatInt(f.RunID, 10))
	}
	set("sort", f.Sort)
	v.Set("limit", strconv.Itoa(f.Limit))
	set("cursor", f.Cursor)
	return v.Encode()
}

func (s *Server) event(w http.ResponseWriter, r *http.Request) error {
	q, err := s.querier()
	if err != nil {
		return err
	}
	if err := checkParams(r.URL.Query()); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ev, err := q.Event(r.Context(), id)
	if err != nil {
		return notFound(err, "no event %q", id)
	}
	if ev.Highlights == nil {
		ev.Highlights = []store.Highlight{}
	}
	return writeJSON(w, http.StatusOK, ev)
}

// notFound gives a not-found error a message naming what was missing.
func notFound(err error, format string, a ...any) error {
	e := toError(err)
	if e.Code == CodeNotFound {
		m := Errorf(CodeNotFound, format, a...)
		m.err = err
		return m
	}
	return e
}

func (s *Server) entities(w http.ResponseWriter, r *http.Request) error {
	q, err := s.querier()
	if err != nil {
		return err
	}
	eq, err := ParseEntityQuery(r.URL.Query())
	if err != nil {
		return err
	}
	page, err := q.Entities(r.Context(), eq)
	if err != nil {
		return err
	}
	if page.Entities == nil {
		page.Entities = []store.EntityRow{}
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) entity(w http.ResponseWriter, r *http.Request) error {
	q, err := s.querier()
	if err != nil {
		return err
	}
	if err := checkParams(r.URL.Query()); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	e, err := q.Entity(r.Context(), id)
	if err != nil {
		return notFound(err, "no entity %q", id)
	}
	return writeJSON(w, http.StatusOK, e)
}

// documents lists stored documents in content key order, one keyset page
// at a time (Querier.Documents), with or without events.
func (s *Server) documents(w http.ResponseWriter, r *http.Request) error {
	q, err := s.querier()
	if err != nil {
		return err
	}
	dq, err := ParseDocumentQuery(r.URL.Query())
	if err != nil {
		return err
	}
	page, err := q.Documents(r.Context(), dq)
	if err != nil {
		if e := toError(err); e.Code == CodeInvalid && e.Param == "" && dq.Cursor != "" {
			e.Param = "cursor" // the dates and run are checked above: what is left is a cursor the backend did not make
			return e
		}
		return err
	}
	if page.Documents == nil {
		page.Documents = []store.DocumentRow{}
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) document(w http.ResponseWriter, r *http.Request) error {
	if err := checkParams(r.URL.Query()); err != nil {
		return err
	}
	key, err := pathID(r, "key")
	if err != nil {
		return err
	}
	d, err := s.cfg.Store.Doc(r.Context(), key)
	if err != nil {
		return notFound(err, "no document %q", key)
	}
	return writeJSON(w, http.StatusOK, d)
}

// clusterJSON is store.Cluster in the API's snake_case.
type clusterJSON struct {
	ID      int64             `json:"id"`
	Stories []clusterMemberJS `json:"stories"`
}

type clusterMemberJS struct {
	StoryID  int64  `json:"story_id"`
	DocID    string `json:"doc_id"`
	DocKey   string `json:"doc_key"`
	Story    int    `json:"story"`
	Kind     string `json:"kind"`
	Distance int    `json:"distance"`
}

func (s *Server) cluster(w http.ResponseWriter, r *http.Request) error {
	if err := checkParams(r.URL.Query()); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return paramError("id", "%q is not a story id", r.PathValue("id"))
	}
	c, err := s.cfg.Store.Cluster(r.Context(), id)
	if err != nil {
		return notFound(err, "no story %d", id)
	}
	out := clusterJSON{ID: c.ID, Stories: []clusterMemberJS{}}
	for _, m := range c.Stories {
		out.Stories = append(out.Stories, clusterMemberJS(m))
	}
	return writeJSON(w, http.StatusOK, out)
}

// hitJSON is store.Hit in snake_case.
type hitJSON struct {
	StoryID   int64   `json:"story_id"`
	DocID     string  `json:"doc_id"`
	DocKey    string  `json:"doc_key"`
	Story     int     `json:"story"`
	Title     string  `json:"title,omitempty"`
	Snippet   string  `json:"snippet"`
	Score     float64 `json:"score"`
	Copies    int     `json:"copies"`
	Cluster   int64   `json:"cluster"`
	URL       string  `json:"url,omitempty"`
	Published string  `json:"published,omitempty"`
	Source    string  `json:"source,omitempty"`
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	if err := checkParams(v, "q", "limit", "all_copies"); err != nil {
		return err
	}
	text, err := parseText("q", v.Get("q"))
	if err != nil {
		return err
	}
	if text == "" {
		return paramError("q", "required")
	}
	limit, err := parseLimit(v, 20, store.MaxPageSize)
	if err != nil {
		return err
	}
	all, err := parseBool(v, "all_copies")
	if err != nil {
		return err
	}
	hits, err := s.cfg.Store.Search(r.Context(), store.SearchQuery{Text: text, Limit: limit, AllCopies: all})
	if err != nil {
		return err
	}
	out := struct {
		Hits []hitJSON `json:"hits"`
	}{Hits: []hitJSON{}}
	for _, h := range hits {
		out.Hits = append(out.Hits, hitJSON(h))
	}
	return writeJSON(w, http.StatusOK, out)
}

func parseBool(v url.Values, name string) (bool, error) {
	s := v.Get(name)
	if s == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, paramError(name, "%q is not true or false", s)
	}
	return b, nil
}

func (s *Server) timeline(w http.ResponseWriter, r *http.Request) error {
	q, err := s.querier()
	if err != nil {
		return err
	}
	v := r.URL.Query()
	by := v.Get("by")
	if by == "" {
		by = "quad"
	}
	if by != "root" && by != "quad" {
		return paramError("by", "%q is not root or quad", by)
	}
	f, err := ParseEventFilter(v, "by")
	if err != nil {
		return err
	}
	b, err := q.Timeline(r.Context(), f, by)
	if err != nil {
		return err
	}
	if b == nil {
		b = []store.TimelineBucket{}
	}
	return writeJSON(w, http.StatusOK, struct {
		By      string                 `json:"by"`
		Buckets []store.TimelineBucket `json:"buckets"`
	}{by, b})
}

// aggregate answers an aggregate endpoint: parse the event filter, run
// the query, and write its rows (never null) under key.
func aggregate[T any](s *Server, w http.ResponseWriter, r *http.Request, key string,
	run func(q store.Querier, f store.EventFilter) ([]T, error)) error {
	q, err := s.querier()
	if err != nil {
		return err
	}
	f, err := ParseEventFilter(r.URL.Query())
	if err != nil {
		return err
	}
	rows, err := run(q, f)
	if err != nil {
		return err
	}
	if rows == nil {
		rows = []T{}
	}
	return writeJSON(w, http.StatusOK, map[string][]T{key: rows})
}

func (s *Server) pairs(w http.ResponseWriter, r *http.Request) error {
	return aggregate(s, w, r, "pairs", func(q store.Querier, f store.EventFilter) ([]store.PairCount, error) {
		return q.ActorPairs(r.Context(), f, f.Limit)
	})
}

func (s *Server) countries(w http.ResponseWriter, r *http.Request) error {
	return aggregate(s, w, r, "countries", func(q store.Querier, f store.EventFilter) ([]store.CountryCount, error) {
		return q.Countries(r.Context(), f)
	})
}

func (s *Server) network(w http.ResponseWriter, r *http.Request) error {
	q, err := s.querier()
	if err != nil {
		return err
	}
	f, err := ParseEventFilter(r.URL.Query())
	if err != nil {
		return err
	}
	n, err := q.Network(r.Context(), f, f.Limit)
	if err != nil {
		return err
	}
	if n.Nodes == nil {
		n.Nodes = []store.NetworkNode{}
	}
	if n.Edges == nil {
		n.Edges = []store.NetworkEdge{}
	}
	return writeJSON(w, http.StatusOK, n)
}

// statsJSON is store.Stats in snake_case.
type statsJSON struct {
	Documents        int            `json:"documents"`
	Stories          int            `json:"stories"`
	Clusters         int            `json:"clusters"`
	ClusteredStories int            `json:"clustered_stories"`
	ExactDups        int            `json:"exact_dups"`
	NearDups         int            `json:"near_dups"`
	LargestCluster   int            `json:"largest_cluster"`
	Runs             int            `json:"runs"`
	TextBytes        int64          `json:"text_bytes"`
	Languages        map[string]int `json:"languages"`
	SourceKinds      map[string]int `json:"source_kinds"`
	Schema           int            `json:"schema"`
	SizeBytes        int64          `json:"size_bytes"`
	Build            string         `json:"build,omitempty"`
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request) error {
	if err := checkParams(r.URL.Query()); err != nil {
		return err
	}
	st, err := s.cfg.Store.Stats(r.Context())
	if err != nil {
		return err
	}
	out := statsJSON{st.Documents, st.Stories, st.Clusters, st.ClusteredStories, st.ExactDups, st.NearDups,
		st.LargestCluster, st.Runs, st.TextBytes, st.Languages, st.SourceKinds, st.Schema, st.SizeBytes, s.cfg.Build}
	if out.Languages == nil {
		out.Languages = map[string]int{}
	}
	if out.SourceKinds == nil {
		out.SourceKinds = map[string]int{}
	}
	return writeJSON(w, http.StatusOK, out)
}

// runJSON is store.Run in snake_case.
type runJSON struct {
	ID       int64             `json:"id"`
	Started  string            `json:"started"`
	Finished string            `json:"finished,omitempty"`
	Status   string            `json:"status"`
	Build    string            `json:"build,omitempty"`
	Stages   []string          `json:"stages"`
	Sources  []string          `json:"sources"`
	Options  map[string]string `json:"options,omitempty"`
	Counts   store.RunCounts   `json:"counts"`
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func (s *Server) runs(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	if err := checkParams(v, "limit"); err != nil {
		return err
	}
	limit, err := parseLimit(v, 20, store.MaxPageSize)
	if err != nil {
		return err
	}
	runs, err := s.cfg.Store.Runs(r.Context(), limit)
	if err != nil {
		return err
	}
	out := struct {
		Runs []runJSON `json:"runs"`
	}{Runs: []runJSON{}}
	for _, rn := range runs {
		stages, sources := rn.Stages, rn.Sources
		if stages == nil {
			stages = []string{}
		}
		if sources == nil {
			sources = []string{}
		}
		out.Runs = append(out.Runs, runJSON{rn.ID, rfc3339(rn.Started), rfc3339(rn.Finished), rn.Status, rn.Build, stages, sources, rn.Options, rn.Counts})
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	if err := checkParams(r.URL.Query()); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	writeJSONBytes(w, http.StatusOK, s.openapi)
	return nil
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// pinger is implemented by backends with a cheap liveness query.
type pinger interface {
	Ping(ctx context.Context) error
}

// readyz asks the backend for something cheap: 503 while it is away.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	var err error
	if p, ok := s.cfg.Store.(pinger); ok {
		err = p.Ping(ctx)
	} else {
		_, err = s.cfg.Store.Runs(ctx, 1)
	}
	if err != nil {
		e := toError(err)
		if e.Code != CodeUnavailable {
			e = &Error{Code: CodeUnavailable, Message: "the database is not ready", err: err}
		}
		return e
	}
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
