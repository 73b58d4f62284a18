package tag

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/nlp/conllu"
	"github.com/newsgraph/newsgraph/internal/shared"
)

// netBase loads the model NETBASE (a two-pass tagger) with its clusters.
// decodeFile reads a tagger model file.
func decodeFile(t *testing.T, f string) *Tagger {
	t.Helper()
	raw, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	tg, err := Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func netBase(t *testing.T) *Tagger {
	tg := decodeFile(t, os.Getenv("NETBASE"))
	if err := AttachClusters(tg); err != nil {
		t.Fatal(err)
	}
	return tg
}

// netJK returns the jack-knifed first-pass classes of EWT train that
// Train would compute for NETBASE's options, and their distributions,
// cached in the file NETJK (gob).
func netJK(t *testing.T, tg *Tagger, sents []Sentence) ([][]int, [][]float32) {
	f := os.Getenv("NETJK")
	var c struct {
		JK    [][]int
		Probs [][]float32
	}
	if b, err := os.ReadFile(f); err == nil {
		if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&c); err != nil {
			t.Fatal(err)
		}
		return c.JK, c.Probs
	}
	opt := tg.TrainOptions()
	opt.Clusters = tg.clusters
	opt.Log = t.Logf
	opt.Net = &NetOptions{Stack: true}
	idx := map[string]int{}
	for i, tt := range tg.tags {
		idx[className(tt)] = i
	}
	var err error
	c.JK, c.Probs, _, err = jackknife(sents, opt, idx)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(&c); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return c.JK, c.Probs
}

// TestNetJK fills the NETJK cache; NETBASE=model NETJK=file runs it.
func TestNetJK(t *testing.T) {
	if os.Getenv("NETBASE") == "" || os.Getenv("NETJK") == "" {
		t.Skip("set NETBASE and NETJK")
	}
	tr, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-train.conllu"))
	tg := netBase(t)
	jk, _ := netJK(t, tg, FromCoNLLU(tr))
	t.Logf("%d sentences", len(jk))
}

func envInt(k string, d int) int {
	if v, err := strconv.Atoi(os.Getenv(k)); err == nil {
		return v
	}
	return d
}

func envF(k string, d float32) float32 {
	if v, err := strconv.ParseFloat(os.Getenv(k), 32); err == nil {
		return float32(v)
	}
	return d
}

// netScore is dev UPOS, XPOS and unseen-word UPOS (percent).
func netScore(tg *Tagger, gold []Sentence, vocab map[string]bool, sc *Scratch) (u, x, oov float64) {
	var nu, nx, n, no, nou int
	for _, s := range gold {
		p := tg.Tags(s.Words, sc)
		for i := range p {
			ok := p[i].UPOS == s.Tags[i].UPOS
			if ok {
				nu++
			}
			if p[i].XPOS == s.Tags[i].XPOS {
				nx++
			}
			if !vocab[s.Words[i]] {
				no++
				if ok {
					nou++
				}
			}
			n++
		}
	}
	return 100 * float64(nu) / float64(n), 100 * float64(nx) / float64(n), 100 * float64(nou) / float64(max(no, 1))
}

// TestNetExperiment trains the window network on NETBASE and scores EWT
// dev after every epoch over a grid of mixing weights, temperatures and
// gates. NETBASE=model NETJK=cache NETVEC=wink json; NET_* set options;
// NETSAVE=file keeps the last epoch's model (NET_W/NET_T/NET_G mixing).
func TestNetExperiment(t *testing.T) {
	if os.Getenv("NETBASE") == "" || os.Getenv("NETJK") == "" || os.Getenv("NETVEC") == "" {
		t.Skip("set NETBASE, NETJK and NETVEC")
	}
	tr, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-train.conllu"))
	dv, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-dev.conllu"))
	sents, gold := FromCoNLLU(tr), FromCoNLLU(dv)
	tg := netBase(t)
	jk, probs := netJK(t, tg, sents)
	vocab := map[string]bool{}
	low := map[string]bool{}
	for _, s := range sents {
		for _, w := range s.Words {
			vocab[w] = true
			low[netKey(w)] = true
		}
	}
	vecs, err := ReadNetVectors(os.Getenv("NETVEC"), envInt("NET_TOP", 40000), func(w string) bool { return low[w] })
	if err != nil {
		t.Fatal(err)
	}
	var sc0 Scratch
	u, x, o := netScore(tg, gold, vocab, &sc0)
	t.Logf("base: UPOS %.2f XPOS %.2f unseen %.2f", u, x, o)
	ws := []float32{0.5, 0.7, 0.85, 1}
	ts := []float32{4, 16, 64}
	gs := []float32{8, 12, 16, 24, 32, 0}
	opt := NetOptions{Vectors: vecs, Hidden: envInt("NET_H", 0), Window: envInt("NET_WIN", 0), Dim: envInt("NET_DIM", 0), Buckets: envInt("NET_BUCKETS", 0),
		Epochs: envInt("NET_EPOCHS", 0), LR: envF("NET_LR", 0), Dropout: envF("NET_DROP", 0.2), Batch: envInt("NET_BATCH", 0), Seed: 1,
		Weight: envF("NET_W", 0.5), Temp: envF("NET_T", 8), Gate: envF("NET_G", 16), Stack: os.Getenv("NET_STACK") != "", AverageFrom: envInt("NET_AVG", 0)}
	opt.Epoch = func(ep int, t2 *Tagger) {
		var sc Scratch
		if os.Getenv("NET_DIAG") != "" {
			netDiag(t, t2, gold)
		}
		type res struct {
			w, t, g  float32
			u, x, oo float64
		}
		var best res
		g0 := t2.gate
		for _, g := range gs {
			// Gates above the second pass's raise it too (0: every word).
			t2.gate = g0
			if g > g0 || g == 0 {
				t2.gate = g
			}
			for _, tp := range ts {
				for _, w := range ws {
					t2.netWeight, t2.netTemp, t2.netGate = w, tp, g
					if g == 0 {
						t2.netGate = 1e9
					}
					u, x, o := netScore(t2, gold, vocab, &sc)
					if u > best.u {
						best = res{w, tp, g, u, x, o}
					}
					if w == 1 && tp == 4 || tp == 16 {
						t.Logf("epoch %d w %.2f T %g gate %g: UPOS %.2f XPOS %.2f unseen %.2f", ep+1, w, tp, g, u, x, o)
					}
				}
			}
		}
		t2.gate = g0
		t.Logf("epoch %d best: w %.2f T %g gate %g: UPOS %.2f XPOS %.2f unseen %.2f", ep+1, best.w, best.t, best.g, best.u, best.x, best.oo)
	}
	if err := tg.AddNet(sents, jk, probs, opt, t.Logf); err != nil {
		t.Fatal(err)
	}
	// NETSAVE=prefix NETSAVECFG="w,T,gate;…" writes prefix-i.model for
	// each mixing (a gate above the second pass's raises it too).
	if f := os.Getenv("NETSAVE"); f != "" {
		g0 := tg.gate
		for i, cfg := range strings.Split(os.Getenv("NETSAVECFG"), ";") {
			var w, tp, g float32
			if _, err := fmt.Sscanf(cfg, "%g,%g,%g", &w, &tp, &g); err != nil {
				t.Fatal(err)
			}
			tg.netWeight, tg.netTemp, tg.netGate, tg.gate = w, tp, g, g0
			if g > g0 {
				tg.gate = g
			}
			tg.model.Meta["gate"] = strconv.FormatFloat(float64(tg.gate), 'g', -1, 32)
			tg.netMeta(tg.model.Meta)
			if err := tg.Model().Save(fmt.Sprintf("%s-%d.model", f, i)); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// netDiag reports, over the dev words the network sees at gate 16, the
// accuracy of the second pass alone, the network alone, and either.
func netDiag(t *testing.T, tg *Tagger, gold []Sentence) {
	type rec struct {
		s2, q []float32
		g     int
	}
	var recs []rec
	var cur []int

	// The network alone on every non-dictionary word.
	{
		g := tg.gate
		tg.gate, tg.netWeight, tg.netGate = 0, 1, 1e9
		var sc Scratch
		u, x, o := netScore(tg, gold, nil, &sc)
		t.Logf("diag: network alone on every non-dictionary word: UPOS %.2f XPOS %.2f", u, x)
		_ = o
		tg.gate, tg.netWeight, tg.netGate = g, 0, 16
	}
	tg.netWeight, tg.netTemp, tg.netGate = 0, 1, 16
	tg.netTrace = func(i int, s2, q []float32) {
		recs = append(recs, rec{append([]float32(nil), s2...), append([]float32(nil), q...), cur[i]})
	}
	defer func() { tg.netTrace = nil }()
	gc := tg.goldClasses(gold)
	var sc Scratch
	for si, s := range gold {
		cur = gc[si]
		tg.Tags(s.Words, &sc)
	}
	var a2, an, either int
	var margins []float32
	for _, r := range recs {
		c2, m := argmax2(r.s2)
		cn, _ := argmax2(r.q)
		margins = append(margins, m)
		if c2 == r.g {
			a2++
		}
		if cn == r.g {
			an++
		}
		if c2 == r.g || cn == r.g {
			either++
		}
	}
	slices.Sort(margins)
	t.Logf("diag: %d words gated: pass2 right %d, net right %d, either %d; pass-2 margin quartiles %.1f %.1f %.1f", len(recs), a2, an, either, margins[len(margins)/4], margins[len(margins)/2], margins[3*len(margins)/4])
	for _, tp := range []float32{8, 16, 32, 64, 128, 256} {
		line := ""
		for _, w := range []float32{0.2, 0.4, 0.5, 0.6, 0.8} {
			right := 0
			for _, r := range recs {
				p := append([]float32(nil), r.s2...)
				softmaxInto(p, tp)
				for c := range p {
					p[c] = w*r.q[c] + (1-w)*p[c]
				}
				if c, _ := argmax2(p); c == r.g {
					right++
				}
			}
			line += fmt.Sprintf(" w%.1f:%d", w, right)
		}
		t.Logf("diag T %g:%s", tp, line)
	}
}

// TestNetSpeed: tokens per CPU-second on EWT dev (warm caches, as bench
// tag) of NETBASE alone and with an untrained window network of NET_H
// hidden units at several gates, interleaved; the cost does not depend
// on the weights. NETBASE=model NETVEC=wink json.
func TestNetSpeed(t *testing.T) {
	if os.Getenv("NETBASE") == "" || os.Getenv("NETVEC") == "" {
		t.Skip("set NETBASE and NETVEC")
	}
	dv, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-dev.conllu"))
	gold := FromCoNLLU(dv)
	tg := netBase(t)
	vecs, err := ReadNetVectors(os.Getenv("NETVEC"), 40000, nil)
	if err != nil {
		t.Fatal(err)
	}
	n, err := tg.trainNet(gold[:50], tg.goldClasses(gold[:50]), tg.goldClasses(gold[:50]), nil, NetOptions{Vectors: vecs, Hidden: envInt("NET_H", 128), Epochs: 1}, func(string, ...any) {})
	if err != nil {
		t.Fatal(err)
	}
	words := 0
	for _, s := range gold {
		words += len(s.Words)
	}
	type cfg struct {
		name       string
		gate, netG float32
	}
	cfgs := []cfg{{"base", 16, -1}, {"net16", 16, 16}, {"net24", 24, 24}, {"net32", 32, 32}, {"base24", 24, -1}}
	rates := map[string][]float64{}
	for rep := 0; rep < envInt("REPS", 3); rep++ {
		for _, c := range cfgs {
			t2 := *tg
			t2.gate = c.gate
			if c.netG >= 0 {
				t2.net, t2.netWeight, t2.netTemp, t2.netGate = n, 0.85, 16, c.netG
			}
			var sc Scratch
			for _, s := range gold {
				t2.Tags(s.Words, &sc)
			}
			c0 := cpuTime()
			for r := 0; r < 5; r++ {
				for _, s := range gold {
					t2.Tags(s.Words, &sc)
				}
			}
			rates[c.name] = append(rates[c.name], 5*float64(words)/(cpuTime()-c0))
		}
	}
	for _, c := range cfgs {
		r := slices.Clone(rates[c.name])
		slices.Sort(r)
		t.Logf("%s: median %.0f tokens/CPU-s (%v)", c.name, r[len(r)/2], rates[c.name])
	}
}

// TestNetShrink takes the window network out of NETFILE's header (read
// directly: the file may exceed the header limit), attaches it to NETBASE
// with its vocabulary cut to NET_TOP GloVe words ∪ train words and (with
// NET_Q1) int8 first-layer rows, and scores EWT dev.
func TestNetShrink(t *testing.T) {
	if os.Getenv("NETFILE") == "" || os.Getenv("NETBASE") == "" || os.Getenv("NETVEC") == "" {
		t.Skip("set NETFILE, NETBASE and NETVEC")
	}
	raw, err := os.ReadFile(os.Getenv("NETFILE"))
	if err != nil {
		t.Fatal(err)
	}
	hl := binary.LittleEndian.Uint32(raw[8:])
	var hdr struct {
		Meta map[string]string `json:"meta"`
	}
	if err := json.Unmarshal(raw[12:12+hl], &hdr); err != nil {
		t.Fatal(err)
	}
	tg := netBase(t)
	tg.gate = 16
	if err := tg.netFromMeta(hdr.Meta); err != nil {
		t.Fatal(err)
	}
	tr, _ := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-train.conllu"))
	dev := "en_ewt-ud-dev.conllu"
	if v := os.Getenv("NETDEV"); v != "" {
		dev = v
	}
	dv, _ := conllu.ReadFile(shared.Require(t, "data", "ud", dev))
	vocab := map[string]bool{}
	low := map[string]bool{}
	for _, s := range FromCoNLLU(tr) {
		for _, w := range s.Words {
			vocab[w] = true
			low[netKey(w)] = true
		}
	}
	gold := FromCoNLLU(dv)
	var sc Scratch
	u, x, o := netScore(tg, gold, vocab, &sc)
	t.Logf("as trained (%d words): UPOS %.2f XPOS %.2f unseen %.2f, blob %d bytes", len(tg.net.words), u, x, o, len(tg.net.encode()))
	n := tg.net
	if os.Getenv("NET_Q1") != "" {
		q, qs := quantizeRows(n.w1, n.hid)
		for i, v := range q {
			n.w1[i] = float32(v) * qs[i/n.hid]
		}
		n.prepare()
	}
	tops := []int{40000, 30000, 20000, 10000}
	if v := os.Getenv("NET_TOPS"); v != "" {
		tops = nil
		for _, f := range strings.Split(v, ",") {
			x, _ := strconv.Atoi(f)
			tops = append(tops, x)
		}
	}
	for _, top := range tops {
		keep, err := ReadNetVectors(os.Getenv("NETVEC"), top, func(w string) bool { return low[w] })
		if err != nil {
			t.Fatal(err)
		}
		vecs := map[string][]float32{}
		for w := range keep {
			if r, ok := n.vocab[w]; ok {
				v := make([]float32, n.vdim)
				for j := range v {
					v[j] = float32(n.vecs[int(r)*n.vdim+j]) * n.vscale[r]
				}
				vecs[w] = v
			}
		}
		n2 := *n
		n2.quantizeVecs(vecs)
		t2 := *tg
		t2.net = &n2
		var sc Scratch
		u, x, o := netScore(&t2, gold, vocab, &sc)
		t.Logf("top %d (%d words): UPOS %.2f XPOS %.2f unseen %.2f, blob %d bytes", top, len(n2.words), u, x, o, len(n2.encode()))
		if os.Getenv("NET_GRID") == "" {
			continue
		}
		for _, g := range []float32{8, 12, 16} {
			for _, tp := range []float32{4, 16, 32, 64} {
				for _, w := range []float32{0.5, 0.7, 0.85, 1} {
					t2.netWeight, t2.netTemp, t2.netGate = w, tp, g
					u, x, o := netScore(&t2, gold, vocab, &sc)
					t.Logf("grid top %d gate %g T %g w %.2f: UPOS %.3f XPOS %.3f unseen %.2f", top, g, tp, w, u, x, o)
				}
			}
		}
	}
}
