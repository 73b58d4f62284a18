package web

import (
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/api"
	"github.com/newsgraph/newsgraph/internal/api/apitest"
	"github.com/newsgraph/newsgraph/internal/store"
)

func TestSegments(t *testing.T) {
	text := "Wang Yi met Marcos in Manila."
	hl := []store.Highlight{
		{Start: 0, End: 29, Role: "sentence"},
		{Start: 0, End: 7, Role: "source"},
		{Start: 8, End: 11, Role: "trigger"},
		{Start: 12, End: 18, Role: "target"},
		{Start: 22, End: 28, Role: "place"},
		{Start: 25, End: 40, Role: "date"}, // past the end: dropped
		{Start: 5, End: 3, Role: "date"},   // reversed: dropped
	}
	var got []string
	for _, s := range segments(text, hl) {
		got = append(got, s.Text+"|"+s.Class())
	}
	want := []string{
		"Wang Yi|hl-sentence hl-source", " |hl-sentence", "met|hl-sentence hl-trigger", " |hl-sentence",
		"Marcos|hl-sentence hl-target", " in |hl-sentence", "Manila|hl-sentence hl-place", ".|hl-sentence",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Spans that split a UTF-8 character are not trusted.
	if s := segments("王毅", []store.Highlight{{Start: 1, End: 3, Role: "source"}}); len(s) != 1 || s[0].Roles != nil {
		t.Fatalf("mid-character span used: %+v", s)
	}
}

// TestProjection checks the Go Natural Earth projection against the
// points d3-geo projected when the map asset was built.
func TestProjection(t *testing.T) {
	u := New(Config{Store: apitest.Sample()})
	if len(u.world.Checks) == 0 || len(u.world.Countries) < 170 {
		t.Fatalf("world asset: %d checks, %d countries", len(u.world.Checks), len(u.world.Countries))
	}
	for _, c := range u.world.Checks {
		x, y := u.world.project(c.Lon, c.Lat)
		if math.Abs(x-c.XY[0]) > 0.01 || math.Abs(y-c.XY[1]) > 0.01 {
			t.Errorf("%v,%v: got %.3f,%.3f want %v", c.Lon, c.Lat, x, y, c.XY)
		}
	}
	iso := map[string]bool{}
	for _, c := range u.world.Countries {
		iso[c.ISO] = true
	}
	for _, want := range []string{"PH", "CN", "US", "FR", "BR", "RU", "FJ"} {
		if !iso[want] {
			t.Errorf("no shape for %s", want)
		}
	}
}

func server(t *testing.T) (http.Handler, *apitest.Fake) {
	f := apitest.Sample()
	ui := New(Config{Store: f, Build: "test"})
	return api.New(api.Config{Store: f, Extra: ui.Register}).Handler(), f
}

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
	b, _ := io.ReadAll(w.Result().Body)
	return w.Code, string(b)
}

func TestPages(t *testing.T) {
	h, f := server(t)
	for _, tc := range []struct {
		path   string
		status int
		want   []string
	}{
		{"/", 200, []string{`data-href="/events/ev1"`, `data-href="/events/ev2"`, "Consult", "Manila", `data-fragment="/ui/charts?"`}},
		{"/?quad=4&country=ph&q=&actor=", 200, []string{`/events/ev2"`, `value="ph"`, `<option value="4" selected>`}},
		{"/?quad=9", 400, []string{`class="error"`, "quad: &#34;9&#34; is not a quad class"}},
		{"/?q=nothing+like+this", 200, []string{"No events match."}},
		{"/?limit=1", 200, []string{`href="/?limit=1&amp;cursor=o1"`}},
		{"/ui/charts?quad=1", 200, []string{`class="timeline"`, `class="map"`, `data-iso="PH"`, `<circle class="place"`, "CHNGOV → PHLGOV"}},
		{"/events/ev1", 200, []string{
			`<mark class="hl-sentence hl-source" title="sentence, source">Chinese Foreign Minister Wang Yi</mark>`,
			`<mark class="hl-sentence hl-trigger" title="sentence, trigger">met</mark>`,
			`<mark class="hl-sentence hl-place" title="sentence, place">Manila</mark>`,
			`<mark class="hl-sentence hl-date" title="sentence, date">on Monday</mark>`,
			`href="/entities/e-wang"`, "event.cameo.v1", "https://example.net/copy"}},
		{"/events/nope", 404, []string{"Not found"}},
		{"/entities?q=%E7%8E%8B", 200, []string{`href="/entities/e-wang"`, "王毅"}},
		{"/entities?kind=DOG", 400, []string{"kind"}},
		{"/entities/e-wang", 200, []string{"王毅", "Hani", `class="codes"`, "CHNGOV", `href="/entities/e-marcos"`, `data-graph="/api/network?entity=e-wang&amp;limit=60"`}},
		{"/entities/nobody", 404, []string{"Not found"}},
		{"/network?actor=CHN", 200, []string{`data-graph="/api/network?actor=CHN&amp;limit=80"`}},
		{"/static/app.js", 200, []string{"drawGraph"}},
		{"/stories", 200, []string{`id="storyq"`}},
		{"/stories?q=coast", 200, []string{`href="/?doc=k1"`, "Wang Yi meets Marcos"}},
		{"/static/app.css", 200, []string{"hl-trigger"}},
	} {
		code, body := get(t, h, tc.path)
		if code != tc.status {
			t.Errorf("%s: status %d, want %d", tc.path, code, tc.status)
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: lacks %s", tc.path, w)
			}
		}
	}
	f.SetDown(true)
	if code, body := get(t, h, "/"); code != 503 || !strings.Contains(body, "unavailable") {
		t.Errorf("down: %d", code)
	}
}

func TestSnippet(t *testing.T) {
	var got []string
	for _, s := range snippetSegments("…the [coast] [guard] said [unclosed") {
		got = append(got, s.Text+"|"+s.Class())
	}
	want := "…the |,coast|hl-match, |,guard|hl-match, said [unclosed|"
	if strings.Join(got, ",") != want {
		t.Fatalf("got %q", strings.Join(got, ","))
	}
}

func TestEvidenceMismatch(t *testing.T) {
	h, f := server(t)
	if _, body := get(t, h, "/events/ev1"); strings.Contains(body, `id="mismatch"`) {
		t.Fatal("warning on good spans")
	}
	for i := range f.EventList[0].Highlights {
		f.EventList[0].Highlights[i].Start += 2
		f.EventList[0].Highlights[i].End += 2
	}
	if _, body := get(t, h, "/events/ev1"); !strings.Contains(body, "The stored spans for sentence, source, target do not cover") {
		t.Fatal("no warning on shifted spans")
	}
}

// Injected text is escaped, never markup.
func TestEscaping(t *testing.T) {
	h, f := server(t)
	f.EventList[0].StoryText = "<script>alert(1)</script> met"
	f.EventList[0].Highlights = []store.Highlight{{Start: 26, End: 29, Role: "trigger"}}
	f.EventList[0].Sentence = `<img src=x onerror=alert(1)>`
	_, body := get(t, h, "/events/ev1")
	if strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt; <mark") {
		t.Fatal("story text not escaped")
	}
	_, body = get(t, h, "/")
	if strings.Contains(body, "<img src=x") {
		t.Fatal("sentence not escaped")
	}
}
