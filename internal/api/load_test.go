package api

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/api/apitest"
)

// BenchmarkCachedEventsLoad is the throughput target: a load generator on
// loopback (127.0.0.1 only) asks for one event-list page (50 events, as
// the UI does) b.N times from 32 concurrent clients with keep-alive, and
// reports requests/s and the p50/p99 latency. The cache serves all but
// the first request. Bounded: at most b.N requests and 60 s.
//
//	go test ./internal/api -run '^$' -bench CachedEventsLoad -benchtime 20000x
func BenchmarkCachedEventsLoad(b *testing.B) {
	f := apitest.Sample()
	base := f.EventList[0]
	for i := 0; i < 500; i++ { // a realistic page: 50 full rows
		e := base
		e.ID = fmt.Sprintf("gen%04d", i)
		e.Date = fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28)
		f.EventList = append(f.EventList, e)
	}
	s := New(Config{Store: f})
	ts := httptest.NewServer(s.Handler()) // listens on 127.0.0.1
	defer ts.Close()
	url := ts.URL + "/api/events?actor=CHN&quad=1&limit=50"
	// $NEWSGRAPH_LOAD_URL aims the generator at a running `newsgraph serve`
	// instead (loopback only).
	external := os.Getenv("NEWSGRAPH_LOAD_URL")
	if external != "" {
		if !strings.HasPrefix(external, "http://127.0.0.1:") {
			b.Fatalf("NEWSGRAPH_LOAD_URL must be on http://127.0.0.1")
		}
		url = external
	}
	const clients = 32
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	get := func() (int, error) {
		resp, err := client.Get(url)
		if err != nil {
			return 0, err
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return 0, fmt.Errorf("status %d", resp.StatusCode)
		}
		return int(n), nil
	}
	size, err := get() // warm the cache
	if err != nil {
		b.Fatal(err)
	}
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	var failed atomic.Int64
	deadline := time.Now().Add(60 * time.Second)
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) || time.Now().After(deadline) {
					return
				}
				t := time.Now()
				if _, err := get(); err != nil {
					failed.Add(1)
				}
				lat[i] = time.Since(t)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	done := min(int(next.Load()), b.N)
	if failed.Load() > 0 {
		b.Fatalf("%d requests failed", failed.Load())
	}
	l := lat[:done]
	sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
	p := func(q float64) float64 { return float64(l[int(q*float64(len(l)-1))].Microseconds()) / 1000 }
	b.ReportMetric(float64(done)/elapsed.Seconds(), "req/s")
	b.ReportMetric(p(0.50), "p50-ms")
	b.ReportMetric(p(0.99), "p99-ms")
	b.ReportMetric(float64(size), "resp-bytes")
	// The backend is asked again only when an entry's TTL runs out.
	if max := 2 + int(elapsed/DefaultCacheTTL); external == "" && f.Calls > max {
		b.Errorf("backend called %d times in %s; the cache should answer all but about one per TTL", f.Calls, elapsed)
	}
}
