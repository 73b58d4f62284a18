package tag

import (
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
// epoch's model with LSTM_W/LSTM_T/LSTM_G mixing.
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
	opt := LSTMOptions{Vectors: vecs, Hidden: envInt("LSTM_H", 0), Dim: envInt("LSTM_DIM", 0), Buckets: envInt("LSTM_BUCKETS", 0), TagDim: envInt("LSTM_TDIM", 0),
		Epochs: envInt("LSTM_EPOCHS", 0), LR: envF("LSTM_LR", 0), Dropout: envF("LSTM_DROP", 0.2), Batch: envInt("LSTM_BATCH", 0), Seed: uint64(envInt("LSTM_SEED", 1)),
		Weight: envF("LSTM_W", 1), Temp: envF("LSTM_T", 16), Gate: envF("LSTM_G", 16), MaxSents: envInt("LSTM_MAXSENTS", 0)}
	start := time.Now()
	opt.Epoch = func(ep int, t2 *Tagger) {
		t.Logf("epoch %d after %.0fs", ep+1, time.Since(start).Seconds())
		var sc Scratch
		type res struct {
			w, t, g  float32
			u, x, oo float64
		}
		var best res
		g0 := t2.gate
		for _, g := range gs {
			// Gates above the second pass's raise it too.
			t2.gate = max(g0, g)
			for _, tp := range ts {
				for _, w := range ws {
					if w == 1 && tp != ts[0] {
						continue
					}
					t2.lstmWeight, t2.lstmTemp, t2.lstmGate = w, tp, g
					u, x, o := netScore(t2, gold, vocab, &sc)
					if u > best.u {
						best = res{w, tp, g, u, x, o}
					}
					t.Logf("epoch %d w %.2f T %g gate %g: UPOS %.2f XPOS %.2f unseen %.2f", ep+1, w, tp, g, u, x, o)
				}
			}
		}
		t2.gate = g0
		t.Logf("epoch %d best: w %.2f T %g gate %g: UPOS %.2f XPOS %.2f unseen %.2f", ep+1, best.w, best.t, best.g, best.u, best.x, best.oo)
	}
	if err := tg.AddLSTM(sents, jk, opt, t.Logf); err != nil {
		t.Fatal(err)
	}
	if f := os.Getenv("LSTMSAVE"); f != "" {
		if g := opt.Gate; g > tg.gate {
			tg.gate = g
			tg.model.Meta["gate"] = strconv.FormatFloat(float64(g), 'g', -1, 32)
		}
		if err := tg.Model().Save(f); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", f)
	}
}
