// Package web is the browser UI: server-rendered html/template pages over
// store.Querier (an event table that opens the story with its evidence
// highlighted, entity pages, a timeline, a world map drawn offline from
// Natural Earth shapes, an actor network), with a little vanilla
// JavaScript. Every asset is embedded; go build needs no npm (src/ holds
// the build-time map conversion, whose output assets/world.json is
// committed).
package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/internal/api"
	"github.com/newsgraph/newsgraph/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// Config wires the UI.
type Config struct {
	Store   store.Store
	Querier store.Querier // Store when nil and it implements Querier
	Build   string
	Log     *slog.Logger
}

// UI serves the pages.
type UI struct {
	cfg   Config
	q     store.Querier
	tmpl  *template.Template
	world *world
}

// New parses the templates and the map asset.
func New(cfg Config) *UI {
	u := &UI{cfg: cfg, q: cfg.Querier}
	if u.q == nil {
		u.q, _ = cfg.Store.(store.Querier)
	}
	if cfg.Log == nil {
		u.cfg.Log = slog.New(slog.DiscardHandler)
	}
	u.tmpl = template.Must(template.New("").Funcs(template.FuncMap{
		"rootName":  func(r string) string { return cameoRoots[r] },
		"quadName":  func(q int) string { return quadNames[q] },
		"quadColor": func(q int) string { return quadColors[strconv.Itoa(q)] },
		"num":       fmtFloat,
		"pct":       func(f float64) string { return strconv.Itoa(int(f*100+0.5)) + "%" },
		"actor":     actorLabel,
		"path":      url.PathEscape,
	}).ParseFS(templateFS, "templates/*.html"))
	b, err := assetFS.ReadFile("assets/world.json")
	if err != nil {
		panic(err)
	}
	if u.world, err = loadWorld(b); err != nil {
		panic(err)
	}
	return u
}

// Register adds the UI routes to mux (the API server's, so they share its
// middleware and metrics).
func (u *UI) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", u.index)
	mux.HandleFunc("GET /ui/charts", u.charts)
	mux.HandleFunc("GET /events/{id}", u.event)
	mux.HandleFunc("GET /entities", u.entities)
	mux.HandleFunc("GET /entities/{id}", u.entity)
	mux.HandleFunc("GET /network", u.network)
	mux.HandleFunc("GET /stories", u.stories)
	static, _ := fs.Sub(assetFS, "assets")
	files := http.StripPrefix("/static/", http.FileServerFS(static))
	mux.Handle("GET /static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	}))
}

func actorLabel(a store.ActorRef) string {
	switch {
	case a.Name != "" && a.Code != "":
		return a.Name + " (" + a.Code + ")"
	case a.Name != "":
		return a.Name
	case a.Code != "":
		return a.Code
	}
	return "—"
}

// page is what every template gets.
type page struct {
	Title  string
	Build  string
	Form   url.Values // the filter form's values
	Error  string
	Status int
	Data   any
}

func (u *UI) render(w http.ResponseWriter, name string, p page) {
	p.Build = u.cfg.Build
	if p.Form == nil {
		p.Form = url.Values{}
	}
	var buf bytes.Buffer
	if err := u.tmpl.ExecuteTemplate(&buf, name, p); err != nil {
		u.cfg.Log.Error("template", "name", name, "error", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'self'; connect-src 'self'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	if p.Status == 0 {
		p.Status = http.StatusOK
	}
	w.WriteHeader(p.Status)
	w.Write(buf.Bytes())
}

// fail renders an error page with the API's status for err.
func (u *UI) fail(w http.ResponseWriter, p page, err error) {
	e := api.AsError(err)
	status, msg := e.Status(), e.Message
	switch {
	case e.Code == api.CodeInternal:
		u.cfg.Log.Error("ui", "error", err)
		msg = "Something went wrong."
	case e.Code == api.CodeUnavailable:
		msg = "The database is unavailable; try again shortly."
	case e.Code == api.CodeNotFound:
		msg = "Not found."
	case e.Param != "":
		msg = e.Param + ": " + e.Message
	}
	p.Status, p.Error = status, msg
	if p.Title == "" {
		p.Title = "Error"
	}
	u.render(w, "error.html", p)
}

func (u *UI) querier() (store.Querier, error) {
	if u.q == nil {
		return nil, api.Errorf(api.CodeUnavailable, "this store backend does not serve events yet")
	}
	return u.q, nil
}

// formValues keeps the non-empty filter parameters, so empty form fields
// do not reach the parser (an empty "quad=" is no filter, not an error).
func formValues(r *http.Request) url.Values {
	v := url.Values{}
	for k, vs := range r.URL.Query() {
		if len(vs) > 0 && strings.TrimSpace(vs[0]) != "" {
			v.Set(k, strings.TrimSpace(vs[0]))
		}
	}
	return v
}

// without returns v's encoding without the named keys, ending in "&"
// when not empty, ready for another parameter to be appended.
func without(v url.Values, keys ...string) string {
	c := url.Values{}
	for k, vs := range v {
		c[k] = vs
	}
	for _, k := range keys {
		c.Del(k)
	}
	s := c.Encode()
	if s != "" {
		s += "&"
	}
	return s
}

type indexData struct {
	Events    []store.EventRow
	Next      string
	Charts    string // URL of the charts fragment
	Filtered  bool
	Query     string
	NetworkQS string
	Elapsed   string
}

func (u *UI) index(w http.ResponseWriter, r *http.Request) {
	v := formValues(r)
	p := page{Title: "Events", Form: v}
	q, err := u.querier()
	if err != nil {
		u.fail(w, p, err)
		return
	}
	f, err := api.ParseEventFilter(v)
	if err != nil {
		p.Status = http.StatusBadRequest
		var e *api.Error
		if errors.As(err, &e) {
			p.Error = e.Param + ": " + e.Message
		}
		u.render(w, "index.html", p)
		return
	}
	start := time.Now()
	pg, err := q.Events(r.Context(), f)
	if err != nil {
		u.fail(w, p, err)
		return
	}
	d := indexData{Events: pg.Events, Query: v.Encode(), Filtered: len(v) > 0, Elapsed: time.Since(start).Round(time.Millisecond).String()}
	if pg.Next != "" {
		d.Next = "/?" + without(v, "cursor") + "cursor=" + url.QueryEscape(pg.Next)
	}
	d.Charts = "/ui/charts?" + strings.TrimSuffix(without(v, "cursor", "limit", "sort"), "&")
	d.NetworkQS = strings.TrimSuffix(without(v, "cursor", "limit", "sort"), "&")
	p.Data = d
	u.render(w, "index.html", p)
}

type chartsData struct {
	Timeline template.HTML
	Map      template.HTML
	Pairs    []store.PairCount
	Base     string
}

// charts renders the timeline, map and top pairs for a filter: a fragment
// the index page loads after the table, so the table is never kept
// waiting by aggregates.
func (u *UI) charts(w http.ResponseWriter, r *http.Request) {
	v := formValues(r)
	q, err := u.querier()
	if err != nil {
		u.fail(w, page{}, err)
		return
	}
	v.Del("cursor")
	v.Del("limit")
	v.Del("sort")
	f, err := api.ParseEventFilter(v)
	if err != nil {
		u.fail(w, page{}, err)
		return
	}
	ctx := r.Context()
	tl, err := q.Timeline(ctx, f, "quad")
	if err != nil {
		u.fail(w, page{}, err)
		return
	}
	cc, err := q.Countries(ctx, f)
	if err != nil {
		u.fail(w, page{}, err)
		return
	}
	pf := f
	pf.Limit = 10
	pairs, err := q.ActorPairs(ctx, pf, 10)
	if err != nil {
		u.fail(w, page{}, err)
		return
	}
	// Event places of the latest events, as dots.
	ef := f
	ef.Limit = 500
	pg, err := q.Events(ctx, ef)
	if err != nil {
		u.fail(w, page{}, err)
		return
	}
	dots := map[string]*placeDot{}
	for _, e := range pg.Events {
		if e.Place == nil || (e.Place.Lat == 0 && e.Place.Lon == 0) {
			continue
		}
		k := fmt.Sprintf("%.2f,%.2f", e.Place.Lat, e.Place.Lon)
		if dots[k] == nil {
			dots[k] = &placeDot{Name: e.Place.Name, Lat: e.Place.Lat, Lon: e.Place.Lon}
		}
		dots[k].N++
	}
	base := without(v, "from", "to")
	d := chartsData{Timeline: timelineSVG(tl, base), Map: u.world.mapSVG(cc, dots, without(v, "country", "bbox")), Pairs: pairs, Base: without(v, "source", "target", "actor")}
	u.render(w, "charts.html", page{Data: d})
}

type eventData struct {
	Event    store.EventDetail
	Segments []segment
	Roles    []string
	// Mismatch lists roles whose highlighted text differs from the text the
	// record quotes: the evidence cannot be trusted as drawn.
	Mismatch []string
}

// mismatches checks each quoted role against the story text under its span.
func mismatches(ev store.EventDetail) []string {
	var out []string
	quoted := map[string]string{"source": ev.Source.Text, "target": ev.Target.Text, "sentence": ev.Sentence}
	for _, h := range ev.Highlights {
		want := quoted[h.Role]
		if want == "" {
			continue
		}
		if h.Start < 0 || h.End > len(ev.StoryText) || h.Start > h.End || strings.TrimSpace(ev.StoryText[h.Start:h.End]) != strings.TrimSpace(want) {
			out = append(out, h.Role)
		}
	}
	return out
}

func (u *UI) event(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	p := page{Title: "Event"}
	q, err := u.querier()
	if err != nil {
		u.fail(w, p, err)
		return
	}
	ev, err := q.Event(r.Context(), id)
	if err != nil {
		u.fail(w, p, err)
		return
	}
	p.Title = actorLabel(ev.Source) + " → " + actorLabel(ev.Target)
	roles := map[string]bool{}
	for _, h := range ev.Highlights {
		roles[h.Role] = true
	}
	var rl []string
	for _, r := range []string{"source", "trigger", "target", "date", "place", "sentence"} {
		if roles[r] {
			rl = append(rl, r)
		}
	}
	p.Data = eventData{Event: ev, Segments: segments(ev.StoryText, ev.Highlights), Roles: rl, Mismatch: mismatches(ev)}
	u.render(w, "event.html", p)
}

func (u *UI) entities(w http.ResponseWriter, r *http.Request) {
	v := formValues(r)
	p := page{Title: "Entities", Form: v}
	q, err := u.querier()
	if err != nil {
		u.fail(w, p, err)
		return
	}
	eq, err := api.ParseEntityQuery(v)
	if err != nil {
		u.fail(w, p, err)
		return
	}
	pg, err := q.Entities(r.Context(), eq)
	if err != nil {
		u.fail(w, p, err)
		return
	}
	p.Data = pg
	u.render(w, "entities.html", p)
}

type entityData struct {
	Entity   store.EntityDetail
	Codes    template.HTML
	Timeline template.HTML
}

func (u *UI) entity(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	p := page{Title: "Entity"}
	q, err := u.querier()
	if err != nil {
		u.fail(w, p, err)
		return
	}
	e, err := q.Entity(r.Context(), id)
	if err != nil {
		u.fail(w, p, err)
		return
	}
	p.Title = e.Name
	p.Data = entityData{Entity: e, Codes: codeSpansSVG(e.Codes), Timeline: dayBarsSVG(e.Timeline)}
	u.render(w, "entity.html", p)
}

func (u *UI) network(w http.ResponseWriter, r *http.Request) {
	v := formValues(r)
	p := page{Title: "Actor network", Form: v}
	if _, err := api.ParseEventFilter(v); err != nil {
		u.fail(w, p, err)
		return
	}
	v.Del("cursor")
	if v.Get("limit") == "" {
		v.Set("limit", "80")
	}
	p.Data = "/api/network?" + v.Encode()
	u.render(w, "network.html", p)
}

type storyHit struct {
	store.Hit
	Snippet []segment
}

// snippetSegments turns a search snippet with matches marked [like this]
// into segments, the matches with the role "match".
func snippetSegments(s string) []segment {
	var out []segment
	for s != "" {
		i := strings.IndexByte(s, '[')
		j := -1
		if i >= 0 {
			j = strings.IndexByte(s[i:], ']')
		}
		if i < 0 || j < 0 {
			out = append(out, segment{Text: s})
			break
		}
		if i > 0 {
			out = append(out, segment{Text: s[:i]})
		}
		out = append(out, segment{Text: s[i+1 : i+j], Roles: []string{"match"}})
		s = s[i+j+1:]
	}
	return out
}

// stories is full-text search over story text, one hit per duplicate
// cluster, each linking to the story's events and its document.
func (u *UI) stories(w http.ResponseWriter, r *http.Request) {
	v := formValues(r)
	p := page{Title: "Stories", Form: v}
	q := v.Get("q")
	if q == "" {
		u.render(w, "stories.html", p)
		return
	}
	if len(q) > 256 {
		u.fail(w, p, api.Errorf(api.CodeInvalid, "the query is longer than 256 bytes"))
		return
	}
	hits, err := u.cfg.Store.Search(r.Context(), store.SearchQuery{Text: q, Limit: 50})
	if err != nil {
		u.fail(w, p, err)
		return
	}
	out := make([]storyHit, 0, len(hits))
	for _, h := range hits {
		out = append(out, storyHit{Hit: h, Snippet: snippetSegments(h.Snippet)})
	}
	p.Data = out
	u.render(w, "stories.html", p)
}
