package tag

import (
	"os"
	"strconv"
	"syscall"
	"testing"

	"github.com/newsgraph/newsgraph/internal/nlp/conllu"
	"github.com/newsgraph/newsgraph/internal/shared"
	tagmodel "github.com/newsgraph/newsgraph/models/tag"
)

// BenchmarkTagger tags EWT dev with the embedded model on one goroutine;
// tokens/s is reported as a metric.
func BenchmarkTagger(b *testing.B) {
	tg, err := Default()
	if f := os.Getenv("TAG_MODEL"); f != "" {
		// Benchmark another model file (same clusters) instead.
		var raw []byte
		if raw, err = os.ReadFile(f); err == nil {
			if tg, err = Decode(raw); err == nil {
				err = AttachClusters(tg)
			}
		}
		if g := os.Getenv("TAG_GATE"); g != "" && err == nil {
			v, _ := strconv.ParseFloat(g, 32)
			tg.gate = float32(v)
		}
		if os.Getenv("TAG_PASSES") == "1" {
			tg.twoPass = false
		}
	}
	if err != nil {
		b.Skip(err)
	}
	ss, err := conllu.ReadFile(shared.Require(b, "data", "ud", "en_ewt-ud-dev.conllu"))
	if err != nil {
		b.Fatal(err)
	}
	sents := FromCoNLLU(ss)
	n := 0
	for _, s := range sents {
		n += len(s.Words)
	}
	var sc Scratch
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		for _, s := range sents {
			cls := tg.classes(s.Words, &sc, nil, nil)
			for j, c := range cls {
				tg.Lemma(s.Words[j], tg.tags[c])
			}
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
	// Per CPU-second too: on a loaded machine wall time says little.
	b.ReportMetric(float64(n)*float64(b.N)/(cpuTime()-c0), "tokens/CPU-s")
}

// cpuTime is the process's user+system CPU seconds.
func cpuTime() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// BenchmarkLoad decodes the embedded tagger model (clusters not included).
func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Decode(tagmodel.Model); err != nil {
			b.Skip(err)
		}
	}
}
