package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe to read while the server writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var servingRE = regexp.MustCompile(`on (http://127\.0\.0\.1:\d+)/`)

// startServe runs `newsgraph serve` in-process on a free loopback port.
func startServe(t *testing.T, env map[string]string, args ...string) (base string, stop func() (int, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var errBuf lockedBuffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errBuf, Getenv: func(k string) string { return env[k] }}
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)) }()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if mm := servingRE.FindStringSubmatch(errBuf.String()); mm != nil {
			base = mm[1]
			break
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d: %s", code, errBuf.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("serve did not start: %s", errBuf.String())
	}
	return base, func() (int, string) {
		cancel()
		code := <-done
		m.Close()
		return code, errBuf.String()
	}
}

func httpDo(t *testing.T, method, url, body string, hdr ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServe(t *testing.T) {
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	os.WriteFile(tokenFile, []byte("let-me-in\n"), 0o600)
	env := map[string]string{"NEWSGRAPH_DB": filepath.Join(dir, "s.db")}
	// Cheap layers keep the test quick; the wiring is the same for all.
	base, stop := startServe(t, env, "--token-file", tokenFile, "--layers", "sentences")
	jsonl := `{"id":"port","text":"Dock workers in Maravel ended their strike on Monday. The harbour board agreed to a new rota.","published":"2025-04-07"}`
	code, body := httpDo(t, "POST", base+"/api/ingest", jsonl, "Content-Type", "application/x-ndjson")
	if code != 401 {
		t.Fatalf("ingest without token: %d %s", code, body)
	}
	code, body = httpDo(t, "POST", base+"/api/ingest", jsonl, "Content-Type", "application/x-ndjson", "Authorization", "Bearer let-me-in")
	if code != 200 {
		t.Fatalf("ingest: %d %s", code, body)
	}
	var res struct {
		Stages []string
		Keys   []string
		Counts struct{ Stored int }
	}
	json.Unmarshal([]byte(body), &res)
	if res.Counts.Stored != 1 || len(res.Stages) == 0 {
		t.Fatalf("ingest result: %s", body)
	}
	code, body = httpDo(t, "GET", base+"/api/documents/port", "")
	if code != 200 || !strings.Contains(body, `"sentences"`) {
		t.Fatalf("document: %d %.300s", code, body)
	}
	code, body = httpDo(t, "GET", base+"/metrics", "")
	if code != 200 || !strings.Contains(body, `newsgraph_pipeline_stage_seconds_count{stage="`+res.Stages[0]+`"} 1`) ||
		!strings.Contains(body, `newsgraph_ingest_documents_total{result="stored"} 1`) {
		t.Fatalf("metrics: %d", code)
	}
	for _, p := range []string{"/healthz", "/readyz", "/api/openapi.json", "/api/stats", "/static/app.css"} {
		if code, body := httpDo(t, "GET", base+p, ""); code != 200 {
			t.Errorf("%s: %d %.200s", p, code, body)
		}
	}
	code, logs := stop()
	if code != exitOK {
		t.Fatalf("serve exit %d: %s", code, logs)
	}
	if strings.Contains(logs, "let-me-in") {
		t.Fatal("the token was logged")
	}

	// Read-only: writes refused.
	base, stop = startServe(t, env, "--read-only", "--token-file", tokenFile)
	if code, body := httpDo(t, "POST", base+"/api/ingest", jsonl, "Authorization", "Bearer let-me-in"); code != 403 {
		t.Errorf("read-only ingest: %d %s", code, body)
	}
	if code, _ := stop(); code != exitOK {
		t.Fatalf("exit %d", code)
	}
}

// TestServeResumesPolls: a feed poll registered through the API comes back
// when serve restarts on the same database, and a read-only serve lists
// it as paused and says so in the log.
func TestServeResumesPolls(t *testing.T) {
	var mu sync.Mutex
	requests := 0
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/feed.xml" { // robots.txt
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		requests++
		mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("ETag", `"one"`)
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>`+
			`<item><guid>a</guid><title>Quay</title><pubDate>Mon, 03 Mar 2025 08:00:00 GMT</pubDate>`+
			`<description>The quay in Port Vella reopened after repairs.</description></item></channel></rss>`)
	}))
	defer feed.Close()
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	os.WriteFile(tokenFile, []byte("let-me-in\n"), 0o600)
	env := map[string]string{"NEWSGRAPH_DB": filepath.Join(dir, "polls.db")}
	base, stop := startServe(t, env, "--token-file", tokenFile, "--layers", "sentences", "--allow-private")
	code, body := httpDo(t, "POST", base+"/api/ingest", `{"url":"`+feed.URL+`/feed.xml","interval":"1h"}`,
		"Content-Type", "application/json", "Authorization", "Bearer let-me-in")
	if code != 201 || !strings.Contains(body, `"id":"p1"`) {
		t.Fatalf("register: %d %s", code, body)
	}
	if code, logs := stop(); code != exitOK {
		t.Fatalf("exit %d: %s", code, logs)
	}

	base, stop = startServe(t, env, "--token-file", tokenFile, "--layers", "sentences", "--allow-private")
	code, body = httpDo(t, "GET", base+"/api/polls/p1", "")
	if code != 200 || !strings.Contains(body, `"url":"`+feed.URL+`/feed.xml"`) || !strings.Contains(body, `"rounds":1`) || !strings.Contains(body, `"next_poll"`) {
		t.Fatalf("after restart: %d %s", code, body)
	}
	code, logs := stop()
	if code != exitOK || !strings.Contains(logs, "poll resumed") || !strings.Contains(logs, "id=p1") {
		t.Fatalf("exit %d, log: %s", code, logs)
	}

	base, stop = startServe(t, env, "--read-only")
	code, body = httpDo(t, "GET", base+"/api/polls", "")
	if code != 200 || !strings.Contains(body, `"id":"p1"`) || !strings.Contains(body, `"paused":true`) || strings.Contains(body, "next_poll") {
		t.Fatalf("read-only: %d %s", code, body)
	}
	code, logs = stop()
	if code != exitOK || !strings.Contains(logs, "feed polls not resumed: the server is read-only") {
		t.Fatalf("exit %d, read-only log: %s", code, logs)
	}
	mu.Lock()
	defer mu.Unlock()
	if requests != 1 {
		t.Errorf("the feed was fetched %d times; only the registration's round was due", requests)
	}
}
