package tag

import (
	"encoding/base64"
	"fmt"
	"maps"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/nlp/conllu"
	"github.com/newsgraph/newsgraph/internal/shared"
)

// TestLSTMExperiment trains the BiLSTM rescorer on NETBASE (the shipped
// perceptrons, their jack-knife cached in NETJK) and scores EWT dev after
// every epoch over a grid of mixing weights, temperatures and gates.
// NETVEC=wink json; LSTM_* set options; LSTMSAVE=file writes the last
// file-epN.model after every epoch with LSTM_W/LSTM_T/LSTM_G/LSTM_LOG mixing.
func TestLSTMExperiment(t *testing.T) {
	if os.Getenv("NETBASE") == "" || os.Getenv("NETJK") == "" || os.Getenv("NETVEC") == "" {
		t.Skip("set NETBASE, NETJK and NETVEC")
	}
	tr, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-train.conllu"))
	dv, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-dev.conllu"))
	sents, gold := FromCoNLLU(tr), FromCoNLLU(dv)
	tg := netBase(t)
	jk, _ := netJK(t, tg, sents)
	vocab := map[string]bool{}
	low := map[string]bool{}
	for _, s := range sents {
		for _, w := range s.Words {
			vocab[w] = true
			low[netKey(w)] = true
		}
	}
	vecs, err := ReadNetVectors(os.Getenv("NETVEC"), envInt("LSTM_TOP", 20000), func(w string) bool { return low[w] })
	if err != nil {
		t.Fatal(err)
	}
	var sc0 Scratch
	u, x, o := netScore(tg, gold, vocab, &sc0)
	t.Logf("base: UPOS %.2f XPOS %.2f unseen %.2f", u, x, o)
	ws := []float32{0.5, 0.7, 0.85, 1}
	ts := []float32{16, 64}
	gs := []float32{8, 16, 24, 32}
	if v := os.Getenv("LSTM_GATES"); v != "" {
		gs = nil
		for _, f := range strings.Split(v, ",") {
			g, _ := strconv.ParseFloat(f, 32)
			gs = append(gs, float32(g))
		}
	}
	opt := LSTMOptions{Vectors: vecs, Hidden: envInt("LSTM_H", 0), Layers: envInt("LSTM_LAYERS", 0), Dim: envInt("LSTM_DIM", 0), Buckets: envInt("LSTM_BUCKETS", 0), TagDim: envInt("LSTM_TDIM", 0),
		Epochs: envInt("LSTM_EPOCHS", 0), LR: envF("LSTM_LR", 0), Dropout: envF("LSTM_DROP", 0.2), Batch: envInt("LSTM_BATCH", 0), Seed: uint64(envInt("LSTM_SEED", 1)),
		Weight: envF("LSTM_W", 1), Temp: envF("LSTM_T", 16), Gate: envF("LSTM_G", 16), LogMix: os.Getenv("LSTM_LOG") != "", MaxSents: envInt("LSTM_MAXSENTS", 0)}
	start := time.Now()
	opt.Epoch = func(ep int, t2 *Tagger) {
		t.Logf("epoch %d after %.0fs", ep+1, time.Since(start).Seconds())
		var sc Scratch
		type res struct {
			w, t, g  float32
			u, x, oo float64
			log      bool
		}
		if f := os.Getenv("LSTMSAVE"); f != "" {
			// A checkpoint per epoch, mixing as LSTM_W/T/G/LOG say.
			m := t2.model
			old := m.Meta
			m.Meta = maps.Clone(old)
			g0 := t2.gate
			if opt.Gate > t2.gate {
				t2.gate = opt.Gate
				m.Meta["gate"] = strconv.FormatFloat(float64(opt.Gate), 'g', -1, 32)
			}
			t2.lstmMeta(m.Meta)
			if lx := m.Meta["lex"]; lx != "" {
				gz, _ := gzipBytes([]byte(lx))
				delete(m.Meta, "lex")
				m.Meta["lexgz"] = base64.StdEncoding.EncodeToString(gz)
			}
			if err := m.Save(fmt.Sprintf("%s-ep%d.model", f, ep+1)); err != nil {
				t.Fatal(err)
			}
			m.Meta, t2.gate = old, g0
		}
		var best res
		g0 := t2.gate
		for _, lg := range []bool{false, true} {
			for _, g := range gs {
				// Gates above the second pass's raise it too.
				t2.gate = max(g0, g)
				for _, tp := range ts {
					for _, w := range ws {
						if w == 1 && tp != ts[0] || lg && w == 1 {
							continue
						}
						t2.lstmWeight, t2.lstmTemp, t2.lstmGate, t2.lstmLog = w, tp, g, lg
						u, x, o := netScore(t2, gold, vocab, &sc)
						if u > best.u {
							best = res{w, tp, g, u, x, o, lg}
						}
						t.Logf("epoch %d log %v w %.2f T %g gate %g: UPOS %.2f XPOS %.2f unseen %.2f", ep+1, lg, w, tp, g, u, x, o)
					}
				}
			}
		}
		t2.gate = g0
		t.Logf("epoch %d best: log %v w %.2f T %g gate %g: UPOS %.2f XPOS %.2f unseen %.2f", ep+1, best.log, best.w, best.t, best.g, best.u, best.x, best.oo)
	}
	if err := tg.AddLSTM(sents, jk, opt, t.Logf); err != nil {
		t.Fatal(err)
	}
}

// TestLSTMRemix rewrites a model's BiLSTM mixing: LSTMREMIX="in,out,w,T,
// gate,log" (log 0 or 1, 2 for log-linear picking the UPOS only, 3 linear
// picking the UPOS only; a gate above the second pass's raises it too).
func TestLSTMRemix(t *testing.T) {
	v := os.Getenv("LSTMREMIX")
	if v == "" {
		t.Skip("set LSTMREMIX")
	}
	f := strings.Split(v, ",")
	if len(f) != 6 {
		t.Fatal("want in,out,w,T,gate,log")
	}
	tg := decodeFile(t, f[0])
	var ps [3]float64
	var err error
	for i := range ps {
		if ps[i], err = strconv.ParseFloat(f[2+i], 32); err != nil {
			t.Fatal(err)
		}
	}
	tg.lstmWeight, tg.lstmTemp, tg.lstmGate, tg.lstmLog, tg.lstmUPOS = float32(ps[0]), float32(ps[1]), float32(ps[2]), f[5] == "1" || f[5] == "2", f[5] == "2" || f[5] == "3"
	if tg.lstmGate > tg.gate {
		tg.gate = tg.lstmGate
		tg.model.Meta["gate"] = strconv.FormatFloat(float64(tg.gate), 'g', -1, 32)
	}
	tg.lstmMeta(tg.model.Meta)
	if err := tg.Model().Save(f[1]); err != nil {
		t.Fatal(err)
	}
}

// TestLSTMEnsemble scores EWT dev with the BiLSTMs of several model files
// (LSTMENS=a,b,…: the same perceptrons, each with its own BiLSTM) averaged
// over a grid of gates and mixes; LSTMENSSAVE=file writes the ensemble
// mixed as LSTM_W/T/G/LOG say (LSTM_UPOS=1: picking the UPOS only).
func TestLSTMEnsemble(t *testing.T) {
	v := os.Getenv("LSTMENS")
	if v == "" {
		t.Skip("set LSTMENS")
	}
	var tgs []*Tagger
	for _, f := range strings.Split(v, ",") {
		tg := decodeFile(t, f)
		if tg.lstm == nil {
			t.Fatalf("%s has no BiLSTM", f)
		}
		tgs = append(tgs, tg)
	}
	tg := tgs[0]
	if err := AttachClusters(tg); err != nil {
		t.Fatal(err)
	}
	for _, o := range tgs[1:] {
		tg.lstmMore = append(tg.lstmMore, o.lstm)
	}
	tr, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-train.conllu"))
	dv, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-dev.conllu"))
	gold := FromCoNLLU(dv)
	vocab := map[string]bool{}
	for _, s := range FromCoNLLU(tr) {
		for _, w := range s.Words {
			vocab[w] = true
		}
	}
	if f := os.Getenv("LSTMENSSAVE"); f != "" {
		tg.lstmWeight, tg.lstmTemp, tg.lstmGate, tg.lstmLog, tg.lstmUPOS = envF("LSTM_W", 1), envF("LSTM_T", 16), envF("LSTM_G", 16), os.Getenv("LSTM_LOG") != "", os.Getenv("LSTM_UPOS") != ""
		if tg.lstmGate > tg.gate {
			tg.gate = tg.lstmGate
			tg.model.Meta["gate"] = strconv.FormatFloat(float64(tg.gate), 'g', -1, 32)
		}
		tg.lstmMeta(tg.model.Meta)
		if err := tg.Model().Save(f); err != nil {
			t.Fatal(err)
		}
		var sc Scratch
		u, x, o := netScore(tg, gold, vocab, &sc)
		t.Logf("saved %s: UPOS %.2f XPOS %.2f unseen %.2f", f, u, x, o)
		return
	}
	g0 := tg.gate
	gs := []float32{16, 24, 32, 48}
	for _, lg := range []bool{false, true} {
		for _, g := range gs {
			tg.gate = max(g0, g)
			for _, w := range []float32{0.5, 0.7, 0.85, 1} {
				if lg && w == 1 {
					continue
				}
				for _, up := range []bool{false, true} {
					var sc Scratch
					tg.lstmWeight, tg.lstmTemp, tg.lstmGate, tg.lstmLog, tg.lstmUPOS = w, 16, g, lg, up
					u, x, o := netScore(tg, gold, vocab, &sc)
					t.Logf("ens %d log %v w %.2f gate %g upos %v: UPOS %.2f XPOS %.2f unseen %.2f", 1+len(tg.lstmMore), lg, w, g, up, u, x, o)
				}
			}
		}
	}
}
