package parse

import (
	"os"
	"syscall"
	"testing"
	"time"

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

// BenchmarkBiLSTMRun times the BiLSTM scorer's encoder over EWT dev
// sentences (the shipped shape: 156 inputs, 64 units per direction, an
// untrained model; time does not depend on the weights): "run" is the
// sentence encoding a combined parse pays once per sentence, "all" adds
// the hidden layer at every configuration (the scorer alone).
func BenchmarkBiLSTMRun(b *testing.B) {
	ss, err := conllu.ReadFile(shared.Require(b, "data", "ud", "en_ewt-ud-dev.conllu"))
	if err != nil {
		b.Fatal(err)
	}
	sents := FromCoNLLU(ss)
	vecs := map[string][]float32{}
	for _, s := range sents[:300] {
		for _, f := range s.Forms {
			v := make([]float32, blVDim)
			for i := range v {
				v[i] = float32(len(f)%7) * 0.01 * float32(i%3)
			}
			vecs[wordKey(f)] = v
		}
	}
	p, err := Train(sents[:20], Options{Epochs: 1, Scorer: ScorerBiLSTM, LSTM: LSTMOptions{Vectors: vecs}})
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, s := range sents {
		n += len(s.Forms)
	}
	for _, all := range []bool{false, true} {
		name := "run"
		if all {
			name = "all"
		}
		b.Run(name, func(b *testing.B) {
			var sc Scratch
			sc.bls = &blScratch{}
			for i := 0; i < b.N; i++ {
				for _, s := range sents {
					if all {
						p.parseBiLSTM(s.Input, &sc)
					} else {
						p.bl.run(&s.Input, sc.bls)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*b.N), "ns/token")
		})
	}
}

// fileBench decodes the model file named by $NG_PARSER_FILE (skipping
// the benchmark when unset) and reads EWT dev: the parser, the
// sentences and their number of words.
func fileBench(b *testing.B) (*Parser, []Sentence, int) {
	f := os.Getenv("NG_PARSER_FILE")
	if f == "" {
		b.Skip("NG_PARSER_FILE not set")
	}
	data, err := os.ReadFile(f)
	if err != nil {
		b.Fatal(err)
	}
	p, err := Decode(data)
	if err != nil {
		b.Fatal(err)
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
	return p, sents, n
}

// BenchmarkParserFile is BenchmarkParser for the model file named by
// $NG_PARSER_FILE (skipped when unset), to profile a candidate; a combined
// file's mix can be changed with $NG_PARSER_MIX (as eval ud --mix).
func BenchmarkParserFile(b *testing.B) {
	p, sents, n := fileBench(b)
	if m := os.Getenv("NG_PARSER_MIX"); m != "" {
		mix, err := ParseMix(m, p.Mix())
		if err != nil {
			b.Fatal(err)
		}
		if p, err = p.WithMix(mix); err != nil {
			b.Fatal(err)
		}
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

// BenchmarkLoadFile decodes the model file named by $NG_PARSER_FILE
// (skipped when unset); run it with -benchtime 1x in a fresh process to
// time a candidate's load.
func BenchmarkLoadFile(b *testing.B) {
	f := os.Getenv("NG_PARSER_FILE")
	if f == "" {
		b.Skip("NG_PARSER_FILE not set")
	}
	data, err := os.ReadFile(f)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParserFilePerceptron is BenchmarkParserFile with only the
// perceptron half of a combined file (the networks' gates shut), to time
// the perceptron paths without the networks' noise; cpu-tokens/s is per
// CPU-second of the process.
func BenchmarkParserFilePerceptron(b *testing.B) {
	p, sents, n := fileBench(b)
	p = &Parser{trans: p.trans, label: p.label, ft: p.ft, clusters: p.clusters}
	var sc Scratch
	cpu := func() float64 {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
	}
	b.ResetTimer()
	c0 := cpu()
	for i := 0; i < b.N; i++ {
		for _, s := range sents {
			p.parse(s.Input, &sc)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/(cpu()-c0), "cpu-tokens/s")
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
