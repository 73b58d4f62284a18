package web_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/newsgraph/newsgraph/internal/api"
	"github.com/newsgraph/newsgraph/internal/api/apitest"
	"github.com/newsgraph/newsgraph/internal/web"
)

const chromiumPath = "/usr/bin/chromium"

// artifacts is where screenshots go: $NEWSGRAPH_ARTIFACTS, else
// testdata/artifacts (gitignored).
func artifacts(t *testing.T) string {
	dir := os.Getenv("NEWSGRAPH_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("testdata", "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browser starts headless Chromium with a fresh profile, or skips the test
// when it is not installed (CI installs it: see .ci/run).
func browser(t *testing.T) context.Context {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("e2e: %s not installed (apt-get install -y chromium); skipping the browser tests", chromiumPath)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel3)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

func shot(t *testing.T, ctx context.Context, name string) {
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	p := filepath.Join(artifacts(t), name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", p)
}

// runUIFlow drives the analyst's path: the event table, a search, one
// event with its evidence highlighted, then the source's entity page.
// The sample data's search term, expected trigger and entity are given.
func runUIFlow(t *testing.T, ctx context.Context, base, prefix, search, trigger, alias string) {
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(what, js string) float64 {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](js))
		must(what, err)
		return v
	}
	// Each step gets 20 s, so a missing element fails fast with its name.
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		must(what, chromedp.Do(sctx, actions...))
	}
	step("index",
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(css("#events tbody tr")),
	)
	firstRender := eval("timing", `(() => { const n = performance.getEntriesByType("navigation")[0]; return n.domContentLoadedEventEnd - n.startTime; })()`)
	t.Logf("first render of the event table: %.0f ms (navigation start to DOMContentLoaded)", firstRender)
	step("charts", chromedp.WaitVisible(css("svg.map")), chromedp.WaitVisible(css("svg.timeline")))
	shot(t, ctx, prefix+"1-events.png")

	step("search",
		chromedp.SetValue(css("#q"), search),
		chromedp.Submit(css("#q")),
		chromedp.WaitVisible(css("#events tbody tr")),
	)
	loc, err := chromedp.Run(ctx, chromedp.Location())
	must("location", err)
	if !strings.Contains(loc, "q=") {
		t.Fatalf("search did not navigate: %s", loc)
	}
	if n := eval("rows", `document.querySelectorAll("#events tbody tr").length`); n < 1 {
		t.Fatalf("search %q: %v rows", search, n)
	}
	shot(t, ctx, prefix+"2-search.png")

	// A click anywhere on the row opens the event.
	step("open event",
		chromedp.Click(css("#events tbody tr td.sentence")),
		chromedp.WaitVisible(css("#story")),
	)
	url, err := chromedp.Run(ctx, chromedp.Location())
	must("location", err)
	if eval("mismatch", `document.querySelectorAll("#mismatch").length`) > 0 {
		shot(t, ctx, prefix+"3-event-mismatch.png")
		t.Fatalf("event page %s warns that the backend's evidence spans do not cover the quoted text (StoryText and Highlights disagree)", url)
	}
	if eval("trigger", `document.querySelectorAll("#story mark.hl-trigger").length`) == 0 {
		t.Fatalf("event page %s highlights no trigger", url)
	}
	trig, err := chromedp.Run(ctx, chromedp.Text(css("#story mark.hl-trigger")))
	must("trigger", err)
	marks := eval("marks", `document.querySelectorAll("#story mark").length`)
	if !strings.Contains(url, "/events/") || trig != trigger || marks < 3 {
		t.Fatalf("event page %s: trigger %q (want %q), %v marks", url, trig, trigger, marks)
	}
	shot(t, ctx, prefix+"3-event.png")

	step("open entity",
		chromedp.Click(css(`dl.fields a[href^="/entities/"]`)),
		chromedp.WaitVisible(css("#aliases")),
		chromedp.WaitVisible(css(".graph svg .node")),
		chromedp.Sleep(800*time.Millisecond), // let the layout settle for the picture
	)
	aliases, err := chromedp.Run(ctx, chromedp.Text(css("#aliases")))
	must("aliases", err)
	nodes := eval("nodes", `document.querySelectorAll(".graph svg .node").length`)
	if !strings.Contains(aliases, alias) || nodes < 2 {
		t.Fatalf("entity page: aliases %q (want %q), %v graph nodes", aliases, alias, nodes)
	}
	shot(t, ctx, prefix+"4-entity.png")
}

func TestBrowserFake(t *testing.T) {
	ctx := browser(t)
	f := apitest.Sample()
	ui := web.New(web.Config{Store: f, Build: "e2e"})
	ts := httptest.NewServer(api.New(api.Config{Store: f, Extra: ui.Register}).Handler())
	defer ts.Close()
	runUIFlow(t, ctx, ts.URL, "fake-", "Manila", "met", "王毅")
}
