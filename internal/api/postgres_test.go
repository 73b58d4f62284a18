package api

import (
	"context"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/store"
	_ "github.com/newsgraph/newsgraph/internal/store/postgres"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
)

// tcpProxy forwards 127.0.0.1:port to a target and can be cut (every
// connection closed, new ones refused) and restored on the same port: a
// PostgreSQL that goes away mid-session and comes back.
type tcpProxy struct {
	target string
	addr   string
	mu     sync.Mutex
	ln     net.Listener
	conns  map[net.Conn]bool
}

func newProxy(t *testing.T, target string) *tcpProxy {
	p := &tcpProxy{target: target, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.down)
	return p
}

func (p *tcpProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			u, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns[c], p.conns[u] = true, true
			p.mu.Unlock()
			go func() { io.Copy(u, c); u.Close() }()
			go func() { io.Copy(c, u); c.Close() }()
		}
	}()
}

func (p *tcpProxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	clear(p.conns)
}

func (p *tcpProxy) up(t *testing.T) {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	p.serve(ln)
}

// TestPostgres runs the events suite on PostgreSQL through a proxy, then cuts
// the proxy (503 with Retry-After, never a 500), and restores it (200
// again without restarting the server).
func TestPostgres(t *testing.T) {
	ctx := context.Background()
	u, err := url.Parse(storetest.FreshSchema(t, storetest.PostgresDSN(t), "ngapi"))
	if err != nil {
		t.Fatal(err)
	}
	proxy := newProxy(t, u.Host)
	u.Host = proxy.addr
	st, err := store.Open(ctx, u.String(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	checkEvents(t, st) // stores the sample document
	checkEvidence(t, st)
	h := New(Config{Store: st, CacheLen: -1, Timeout: 5 * time.Second}).Handler()
	paths := []string{"/api/events?quad=4", "/api/entities/wang-yi", "/api/aggregates/countries", "/api/stats", "/readyz"}
	for _, p := range paths {
		if r := do(t, h, "GET", p, ""); r.status != 200 {
			t.Fatalf("%s: %d %s", p, r.status, r.body)
		}
	}
	if r := do(t, h, "GET", "/api/events?quad=4", ""); !strings.Contains(r.body, `"code":"191"`) {
		t.Fatalf("events: %s", r.body)
	}

	proxy.down()
	for _, p := range paths {
		r := do(t, h, "GET", p, "")
		if r.status != 503 || !strings.Contains(r.body, `"unavailable"`) || r.header.Get("Retry-After") == "" {
			t.Errorf("%s while PostgreSQL is away: %d %s", p, r.status, r.body)
		}
	}

	proxy.up(t)
	deadline := time.Now().Add(10 * time.Second)
	for _, p := range paths {
		for {
			r := do(t, h, "GET", p, "")
			if r.status == 200 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s after PostgreSQL came back: %d %s", p, r.status, r.body)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}
