package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

type metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	ingestDocs  *prometheus.CounterVec
	stageTime   *prometheus.HistogramVec
	cacheHits   prometheus.Counter
	cacheMisses prometheus.Counter
	pollRounds  *prometheus.CounterVec
}

func newMetrics(reg *prometheus.Registry) *metrics {
	if reg == nil {
		reg = prometheus.NewRegistry()
		reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	m := &metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsgraph_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "newsgraph_http_request_duration_seconds", Help: "HTTP request latency by route pattern, method and status.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route", "method", "status"}),
		ingestDocs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsgraph_ingest_documents_total", Help: "Documents through POST /api/ingest by result (stored, existing, failed).",
		}, []string{"result"}),
		stageTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "newsgraph_pipeline_stage_seconds", Help: "Time one pipeline stage spent on one document.",
			Buckets: prometheus.ExponentialBuckets(0.0001, 4, 10),
		}, []string{"stage"}),
		cacheHits:   prometheus.NewCounter(prometheus.CounterOpts{Name: "newsgraph_api_cache_hits_total", Help: "Event-list responses served from the cache."}),
		cacheMisses: prometheus.NewCounter(prometheus.CounterOpts{Name: "newsgraph_api_cache_misses_total", Help: "Event-list responses computed."}),
		pollRounds: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsgraph_poll_rounds_total", Help: "Feed poll rounds by result (new, unchanged, not_modified, error).",
		}, []string{"result"}),
	}
	reg.MustRegister(m.requests, m.latency, m.ingestDocs, m.stageTime, m.cacheHits, m.cacheMisses, m.pollRounds)
	return m
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	s := strconv.Itoa(status)
	m.requests.WithLabelValues(route, method, s).Inc()
	m.latency.WithLabelValues(route, method, s).Observe(d.Seconds())
}

// ObserveStage records one stage's time on one document; the pipeline
// processor handed to the server calls it.
func (m *metrics) ObserveStage(stage string, d time.Duration) {
	m.stageTime.WithLabelValues(stage).Observe(d.Seconds())
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}
