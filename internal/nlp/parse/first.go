package parse

// The BiLSTM-first decoder: the combined model with the roles of its two
// scorers swapped. The BiLSTM scorers (their sentence encoding is paid
// once per sentence anyway) score every configuration; only where their
// margin between the two best valid transitions is below LFirst does the
// perceptron score it too, and the transition is then the argmax of
// perceptron score + LTrans × BiLSTM logit, as in parseCombined. Labels
// likewise with LLabelFirst and LLabel. The perceptron's features — about
// a hundred hashed lookups in a table of tens of megabytes, bound by
// memory latency — are the larger part of a combined parse's time, and
// the BiLSTM is confident in most configurations.

import "github.com/newsgraph/newsgraph/internal/nlp/perceptron"

func (p *Parser) parseLSTMFirst(in Input, sc *Scratch) {
	mx := p.mix
	n := len(in.Forms)
	sc.tk = p.toks(&in, sc.tk)
	nL := len(p.label.Classes)
	if len(sc.lsc) < nL {
		sc.lsc = make([]float32, nL)
	}
	if sc.bls == nil {
		sc.bls = &blScratch{}
	}
	for len(sc.blxs) < len(p.blx) {
		sc.blxs = append(sc.blxs, &blScratch{})
		sc.bhx = append(sc.bhx, nil)
	}
	st := &sc.st
	st.reset(n)
	root := p.rootLabel()
	bl := p.bl
	// members' logits are summed; margins and weights are per member mean
	nb := float32(1 + len(p.blx))
	lt, ll := float32(mx.LTrans)/nb, float32(mx.LLabel)/nb
	first, lfirst := float32(mx.LFirst)*nb, float32(mx.LLabelFirst)*nb
	bl.run(&in, sc.bls)
	for k, e := range p.blx {
		e.run(&in, sc.blxs[k])
	}
	var bt [nTrans]float32
	for !st.done() {
		for t := 0; t < nTrans; t++ {
			sc.allow[t] = st.valid(t)
		}
		for k, e := range p.blx {
			sc.bhx[k] = e.hidden(st, sc.blxs[k], n+1)
		}
		bh := bl.hidden(st, sc.bls, n+1)
		t := -1
		for k := 0; k < nTrans; k++ {
			if !sc.allow[k] {
				continue
			}
			x := bl.transLogit(bh, k)
			for j, e := range p.blx {
				x += e.transLogit(sc.bhx[j], k)
			}
			bt[k] = x
			if t < 0 || x > bt[t] {
				t = k
			}
		}
		if margin(bt[:], sc.allow[:], t) < first {
			transFeatures(&sc.f, st, sc.tk)
			p.ft.predict(sc.f.buf, sc.scores[:], sc.allow[:])
			for k := 0; k < nTrans; k++ {
				if sc.allow[k] {
					sc.scores[k] += lt * bt[k]
				}
			}
			t = perceptron.Argmax(sc.scores[:], sc.allow[:])
		}
		lab := 0
		if t != tShift {
			hd, d := st.arc(t)
			if hd == 0 && root >= 0 {
				lab = root
			} else {
				lx := p.labelLogitsSum(bh, t, sc)
				lab = perceptron.Argmax(lx, nil)
				if margin(lx, nil, lab) < lfirst {
					labelFeatures(&sc.f, st, sc.tk, hd, d, t)
					lsc := sc.lsc[:nL]
					p.label.Predict(sc.f.buf, lsc, nil)
					for l, x := range lx {
						lsc[l] += ll * x
					}
					lab = perceptron.Argmax(lsc, nil)
				}
			}
		}
		st.apply(t, lab)
	}
}
