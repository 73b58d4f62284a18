package tag

import (
	"testing"

	"github.com/newsgraph/newsgraph/internal/nlp/conllu"
	"github.com/newsgraph/newsgraph/internal/shared"
	tagmodel "github.com/newsgraph/newsgraph/models/tag"
)

// BenchmarkTagger tags EWT dev with the embedded model on one goroutine;
// tokens/s is reported as a metric.
func BenchmarkTagger(b *testing.B) {
	tg, err := Default()
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
	for i := 0; i < b.N; i++ {
		for _, s := range sents {
			cls := tg.classes(s.Words, &sc, nil, nil)
			for j, c := range cls {
				tg.Lemma(s.Words[j], tg.tags[c])
			}
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkLoad decodes the embedded tagger model (clusters not included).
func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Decode(tagmodel.Model); err != nil {
			b.Skip(err)
		}
	}
}
