package parse

import (
	"testing"

	"github.com/newsgraph/newsgraph/internal/nlp/conllu"
	"github.com/newsgraph/newsgraph/internal/shared"
)

// BenchmarkParser parses EWT dev (gold tags as input) with the embedded
// model on one goroutine; tokens/s is reported as a metric.
func BenchmarkParser(b *testing.B) {
	p, err := Default()
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
		n += len(s.Forms)
	}
	var sc Scratch
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range sents {
			p.parse(s.Input, &sc)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkLoad decodes the embedded model file.
func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := decodeEmbedded(); err != nil {
			b.Skip(err)
		}
	}
}
