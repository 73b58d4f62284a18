package api

import (
	"container/list"
	"sync"
	"time"
)

// cache is a bounded LRU of encoded responses with a short TTL. Writes
// bump the generation: entries made before are dropped, and a response
// computed while an ingest committed is not stored (its generation is
// stale by then).
type cache struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	now   func() time.Time
	gen   uint64
	ll    *list.List
	items map[string]*list.Element
	// inflight holds the misses being computed, so concurrent requests for
	// one key wait for a single backend query instead of each running it.
	inflight map[string]*call
}

type call struct {
	done chan struct{}
	val  []byte
	err  error
}

// load returns the cached value of key or computes it with fn, once for
// all concurrent callers; fn's result is cached unless the cache was
// cleared meanwhile.
func (c *cache) load(key string, fn func() ([]byte, error)) (val []byte, hit bool, err error) {
	if v, ok := c.get(key); ok {
		return v, true, nil
	}
	c.mu.Lock()
	if cl, ok := c.inflight[key]; ok {
		c.mu.Unlock()
		<-cl.done
		return cl.val, false, cl.err
	}
	cl := &call{done: make(chan struct{})}
	c.inflight[key] = cl
	gen := c.gen
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.inflight, key)
		c.mu.Unlock()
		close(cl.done)
	}()
	cl.val, cl.err = fn()
	if cl.err == nil {
		c.put(key, cl.val, gen)
	}
	return cl.val, false, cl.err
}

type cacheEntry struct {
	key     string
	val     []byte
	expires time.Time
}

func newCache(max int, ttl time.Duration, now func() time.Time) *cache {
	return &cache{max: max, ttl: ttl, now: now, ll: list.New(), items: map[string]*list.Element{}, inflight: map[string]*call{}}
}

func (c *cache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

func (c *cache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*cacheEntry)
	if !c.now().Before(e.expires) {
		c.ll.Remove(el)
		delete(c.items, key)
		return nil, false
	}
	c.ll.MoveToFront(el)
	return e.val, true
}

// put stores val unless the cache was cleared since gen was read.
func (c *cache) put(key string, val []byte, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	exp := c.now().Add(c.ttl)
	if el, ok := c.items[key]; ok {
		e := el.Value.(*cacheEntry)
		e.val, e.expires = val, exp
		c.ll.MoveToFront(el)
		return
	}
	c.items[key] = c.ll.PushFront(&cacheEntry{key: key, val: val, expires: exp})
	for c.ll.Len() > c.max {
		el := c.ll.Back()
		c.ll.Remove(el)
		delete(c.items, el.Value.(*cacheEntry).key)
	}
}

func (c *cache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.ll.Init()
	clear(c.items)
}

func (c *cache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}
