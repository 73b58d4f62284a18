package tag

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
	"github.com/newsgraph/newsgraph/internal/nlp/vec"
)

// The window network (issue 3): a feed-forward scorer over a window of
// ±win words (Collobert et al. 2011; Chen & Manning 2014) that rescores the
// words whose first-pass margin is low, mixed with the second pass's
// softmaxed scores. Every word contributes a static input vector (frozen
// GloVe row, hashed affix/shape/lexicon/cluster embeddings, flags); the
// first layer's product with it depends only on the word and its window
// position, so tagging caches it per word type and a rescored word costs
// 2·win+1 cached vectors, as many tag-table rows, and the output layer.

// netKinds are the hashed embedding features of a word, in input order.
const (
	nkSuf1 = iota
	nkSuf2
	nkSuf3
	nkSuf4
	nkPre1
	nkPre2
	nkPre3
	nkShape
	nkLexTop
	nkLexSet
	nkAmbig
	nkC256
	nkC1024
	nkWord // the word itself when seen at least ambigMin times in training
	netKinds
)

// netFlags are the binary inputs: title, upper, digit, hyphen, has a
// vector, sentence start pad, sentence end pad, no letter.
const netFlags = 8

type netModel struct {
	classes int // output classes (the tagger's)
	win     int // window radius
	hid     int // hidden units
	dim     int // hashed embedding width
	buckets int // hashed embedding rows (a power of two)
	vdim    int // word vector width

	vocab  map[string]int32
	words  []string  // vocab in row order
	vecs   []int8    // len(words) × vdim, frozen
	vscale []float32 // per row

	emb []float32 // buckets × dim
	w1  []float32 // positions × static × hid (row j of position p: w1[(p*static+j)*hid:][:hid])
	tt  []float32 // positions × (classes+1) × hid: first-pass tag of each position (classes: a pad)
	b1  []float32 // hid
	w2  []float32 // classes × hid
	b2  []float32 // classes
	// stack: the first pass's distribution over the classes of the word
	// itself (netStackProbs of its scores) is an input too, ws its
	// first-layer rows (classes × hid).
	stack bool
	ws    []float32

	pads [2][]float32 // contributions of the start and end pads, positions × hid
}

func (n *netModel) positions() int { return 2*n.win + 1 }
func (n *netModel) static() int    { return n.vdim + netKinds*n.dim + netFlags }

// netKey is the form a word's vector is looked up by.
func netKey(w string) string { return strings.ToLower(Norm(w)) }

func (n *netModel) bucket(h *perceptron.Hasher, kind int, s string) int {
	return int(uint64(h.Start(byte(kind+1)).Str(s).Sum()) & uint64(n.buckets-1))
}

// netWord is what the static input of a word is built from.
type netWord struct {
	row   int32 // vocab row or -1
	slots [netKinds]int32
	flags [netFlags]bool
}

// pad: 0 start, 1 end.
func (n *netModel) padWord(pad int) netWord {
	var nw netWord
	nw.row = -1
	for k := range nw.slots {
		nw.slots[k] = -1
	}
	nw.flags[5+pad] = true
	return nw
}

func (n *netModel) word(t *Tagger, h *perceptron.Hasher, w string) netWord {
	var nw netWord
	nf := Norm(w)
	low := strings.ToLower(nf)
	nw.row = -1
	if r, ok := n.vocab[low]; ok {
		nw.row = r
	}
	var sb [16]byte
	ss := []string{suffix(low, 1), suffix(low, 2), suffix(low, 3), suffix(low, 4), prefix(nf, 1), prefix(low, 2), prefix(low, 3), string(shape(nf, sb[:0]))}
	for k, s := range ss {
		nw.slots[k] = int32(n.bucket(h, k, s))
	}
	lex, inLex := t.lex[low]
	if inLex {
		nw.slots[nkLexTop] = int32(n.bucket(h, nkLexTop, lex.top))
		nw.slots[nkLexSet] = int32(n.bucket(h, nkLexSet, lex.set))
	} else {
		nw.slots[nkLexTop] = int32(n.bucket(h, nkLexTop, "\x00none"))
		nw.slots[nkLexSet] = int32(n.bucket(h, nkLexSet, "\x00none"))
	}
	if a, ok := t.ambig[low]; ok {
		nw.slots[nkAmbig] = int32(n.bucket(h, nkAmbig, a))
		nw.slots[nkWord] = int32(n.bucket(h, nkWord, low))
	} else {
		nw.slots[nkAmbig] = int32(n.bucket(h, nkAmbig, "\x00none"))
		nw.slots[nkWord] = int32(n.bucket(h, nkWord, "\x00rare"))
	}
	c256, c1024 := -1, -1
	if t.clusters != nil {
		_, c256, c1024 = t.clusters(nf)
	}
	var ib [8]byte
	nw.slots[nkC256] = int32(n.bucket(h, nkC256, string(binary.LittleEndian.AppendUint32(ib[:0], uint32(c256)))))
	nw.slots[nkC1024] = int32(n.bucket(h, nkC1024, string(binary.LittleEndian.AppendUint32(ib[:0], uint32(c1024)))))
	r, _ := utf8.DecodeRuneInString(nf)
	title := unicode.IsUpper(r)
	letter := false
	for _, c := range nf {
		if unicode.IsLetter(c) {
			letter = true
			break
		}
	}
	nw.flags = [netFlags]bool{title, title && nf == strings.ToUpper(nf) && len(nf) > 1, strings.IndexAny(nf, "0123456789") >= 0, strings.IndexByte(nf, '-') > 0, nw.row >= 0, false, false, !letter}
	return nw
}

// input writes a word's static input vector into s (len static()).
func (n *netModel) input(nw *netWord, s []float32) {
	clear(s)
	if nw.row >= 0 {
		sc := n.vscale[nw.row]
		for j, v := range n.vecs[int(nw.row)*n.vdim:][:n.vdim] {
			s[j] = float32(v) * sc
		}
	}
	o := n.vdim
	for _, b := range nw.slots {
		if b >= 0 {
			copy(s[o:o+n.dim], n.emb[int(b)*n.dim:][:n.dim])
		}
		o += n.dim
	}
	for k, f := range nw.flags {
		if f {
			s[o+k] = 1
		}
	}
}

// contrib adds the first layer's product of static input s at position p
// to dst (len hid).
func (n *netModel) contrib(s []float32, p int, dst []float32) {
	S, H := n.static(), n.hid
	w := n.w1[p*S*H:][:S*H]
	for j, x := range s {
		if x == 0 {
			continue
		}
		vec.Axpy(x, w[j*H:][:H], dst)
	}
}

// prepare computes the pads' contributions (after loading or training).
func (n *netModel) prepare() {
	P, H := n.positions(), n.hid
	s := make([]float32, n.static())
	for pad := range 2 {
		nw := n.padWord(pad)
		n.input(&nw, s)
		c := make([]float32, P*H)
		for p := range P {
			n.contrib(s, p, c[p*H:][:H])
		}
		n.pads[pad] = c
	}
}

// netCache is a word type's cached first-layer contributions, one slice
// per window position, filled when first needed.
type netCache struct {
	c [][]float32
}

// logits computes the output scores of word i (the network's, before
// softmax) into out; ents are the sentence's cache entries and r the
// first pass's classes.
//
// cand, when not nil, restricts the output to those classes (out[k] is
// class cand[k]'s score).
func (n *netModel) logits(t *Tagger, sc *Scratch, ents []*cacheEntry, words []string, i int, r []int, cand []int, out []float32) {
	P, H := n.positions(), n.hid
	if cap(sc.nnh) < H {
		sc.nnh = make([]float32, H)
		sc.nns = make([]float32, n.static())
	}
	h := sc.nnh[:H]
	copy(h, n.b1)
	for p := range P {
		k := i + p - n.win
		cls := n.classes
		switch {
		case k < 0:
			vec.Axpy(1, n.pads[0][p*H:][:H], h)
		case k >= len(ents):
			vec.Axpy(1, n.pads[1][p*H:][:H], h)
		default:
			e := ents[k]
			if e.nn == nil {
				e.nn = &netCache{c: make([][]float32, P)}
			}
			c := e.nn.c[p]
			if c == nil {
				nw := n.word(t, &sc.h, words[k])
				n.input(&nw, sc.nns)
				c = make([]float32, H)
				n.contrib(sc.nns, p, c)
				e.nn.c[p] = c
			}
			vec.Axpy(1, c, h)
			cls = r[k]
		}
		vec.Axpy(1, n.tt[(p*(n.classes+1)+cls)*H:][:H], h)
	}
	if n.stack {
		C := n.classes
		if cap(sc.nnpr) < C {
			sc.nnpr = make([]float32, C)
		}
		pr := sc.nnpr[:C]
		copy(pr, sc.s1[i*C:][:C])
		netStackProbs(pr)
		n.stackInput(pr, h)
	}
	for j, v := range h {
		if v < 0 {
			h[j] = 0
		}
	}
	if cand == nil {
		for c := range n.classes {
			out[c] = n.b2[c] + vec.Dot(n.w2[c*H:][:H], h)
		}
		return
	}
	for k, c := range cand {
		out[k] = n.b2[c] + vec.Dot(n.w2[c*H:][:H], h)
	}
}

// netStackTemp is the temperature of the stacked first-pass distribution.
const netStackTemp = 16

func netStackProbs(s []float32) { softmaxInto(s, netStackTemp) }

// stackInput adds the first layer's product of a first-pass distribution;
// classes below 1e-4 are skipped (most of them).
func (n *netModel) stackInput(pr, h []float32) {
	for c, p := range pr {
		if p >= 1e-4 {
			vec.Axpy(p, n.ws[c*n.hid:][:n.hid], h)
		}
	}
}

// keepScores stores word i's first-pass scores (sc.scores) in sc.s1.
func (t *Tagger) keepScores(sc *Scratch, i, words int) {
	C := len(t.tags)
	if len(sc.s1) < words*C {
		sc.s1 = make([]float32, words*C)
	}
	copy(sc.s1[i*C:][:C], sc.scores)
}

// softmaxInto turns scores/temp into probabilities in place.
func softmaxInto(s []float32, temp float32) {
	m := float32(math.Inf(-1))
	for _, v := range s {
		m = max(m, v)
	}
	var z float32
	for i, v := range s {
		e := float32(math.Exp(float64((v - m) / temp)))
		s[i] = e
		z += e
	}
	for i := range s {
		s[i] /= z
	}
}

// Encoding: magic, dims, vocab words, the int8 word vectors, hashed
// embeddings and first layer, then the float32 arrays (little-endian: their
// row scales, tag table, biases, output layer, stacking rows), then a
// CRC-32 of everything before it.
const netMagic = "NGTAGNET3\n"

func (n *netModel) encode() []byte {
	var b bytes.Buffer
	b.WriteString(netMagic)
	u32 := func(x int) { b.Write(binary.LittleEndian.AppendUint32(nil, uint32(x))) }
	for _, x := range []int{n.classes, n.win, n.hid, n.dim, n.buckets, n.vdim, netKinds, netFlags, boolInt(n.stack), len(n.words)} {
		u32(x)
	}
	for _, w := range n.words {
		u32(len(w))
		b.WriteString(w)
	}
	for _, v := range n.vecs {
		b.WriteByte(byte(v))
	}
	q, qs := quantizeRows(n.emb, n.dim)
	for _, v := range q {
		b.WriteByte(byte(v))
	}
	q1, q1s := quantizeRows(n.w1, n.hid)
	for _, v := range q1 {
		b.WriteByte(byte(v))
	}
	f32 := func(xs []float32) {
		var buf [4]byte
		for _, x := range xs {
			binary.LittleEndian.PutUint32(buf[:], math.Float32bits(x))
			b.Write(buf[:])
		}
	}
	f32(n.vscale)
	f32(qs)
	f32(q1s)
	f32(n.tt)
	f32(n.b1)
	f32(n.w2)
	f32(n.b2)
	f32(n.ws)
	b.Write(binary.LittleEndian.AppendUint32(nil, crc32.ChecksumIEEE(b.Bytes())))
	return b.Bytes()
}

// decodeNet reads encode's output; classes is the tagger's class count.
func decodeNet(b []byte, classes int) (*netModel, error) {
	r, err := openBlob(b, netMagic, "window network")
	if err != nil {
		return nil, err
	}
	var dims [10]int
	if err := r.sizes(dims[:]); err != nil {
		return nil, err
	}
	n := &netModel{classes: dims[0], win: dims[1], hid: dims[2], dim: dims[3], buckets: dims[4], vdim: dims[5]}
	switch {
	case n.classes != classes:
		return nil, fmt.Errorf("tag: window network has %d classes, the tagger %d", n.classes, classes)
	case dims[6] != netKinds || dims[7] != netFlags:
		return nil, fmt.Errorf("tag: window network has %d/%d inputs, this code computes %d/%d: retrain it", dims[6], dims[7], netKinds, netFlags)
	case n.win < 0 || n.win > 8 || n.hid < 1 || n.hid > 4096 || n.dim < 1 || n.dim > 256 || n.vdim > 1024:
		return nil, errors.New("tag: window network: implausible dimensions")
	case n.buckets < 1 || n.buckets&(n.buckets-1) != 0 || n.buckets > 1<<22:
		return nil, fmt.Errorf("tag: window network: bucket count %d", n.buckets)
	}
	if dims[8] > 1 {
		return nil, errors.New("tag: window network: bad stack flag")
	}
	n.stack = dims[8] == 1
	nw := dims[9]
	if n.words, n.vocab, err = r.words(nw); err != nil {
		return nil, err
	}
	P, S, H, C := n.positions(), n.static(), n.hid, n.classes
	if nw*n.vdim+n.buckets*n.dim+P*S*H > len(r.p) {
		return nil, r.short()
	}
	if n.vecs, err = r.int8s(nw * n.vdim); err != nil {
		return nil, err
	}
	qe, err := r.int8s(n.buckets * n.dim)
	if err != nil {
		return nil, err
	}
	q1, err := r.int8s(P * S * H)
	if err != nil {
		return nil, err
	}
	sizes := []int{nw, n.buckets, P * S, P * (C + 1) * H, H, C * H, C, boolInt(n.stack) * C * H}
	total := 0
	for _, s := range sizes {
		total += s
	}
	if total*4 != len(r.p) {
		return nil, fmt.Errorf("tag: window network: %d weight bytes, want %d", len(r.p), total*4)
	}
	arrs, err := r.floats(sizes...)
	if err != nil {
		return nil, err
	}
	n.vscale, n.tt, n.b1, n.w2, n.b2, n.ws = arrs[0], arrs[3], arrs[4], arrs[5], arrs[6], arrs[7]
	n.w1 = make([]float32, len(q1))
	for i, v := range q1 {
		n.w1[i] = float32(v) * arrs[2][i/H]
	}
	if !n.stack {
		n.ws = nil
	}
	n.emb = make([]float32, len(qe))
	for i, v := range qe {
		n.emb[i] = float32(v) * arrs[1][i/n.dim]
	}
	n.prepare()
	return n, nil
}

// roundInt8 replaces the hashed embeddings and the first layer by their
// int8 forms, so a trained network tags as its decoded file will.
func (n *netModel) roundInt8() {
	for _, a := range []struct {
		x   []float32
		dim int
	}{{n.emb, n.dim}, {n.w1, n.hid}} {
		q, qs := quantizeRows(a.x, a.dim)
		for i, v := range q {
			a.x[i] = float32(v) * qs[i/a.dim]
		}
	}
	n.prepare()
}

// quantizeRows maps rows of width dim to int8 with a scale per row.
func quantizeRows(x []float32, dim int) ([]int8, []float32) {
	q := make([]int8, len(x))
	sc := make([]float32, len(x)/dim)
	for r := range sc {
		row := x[r*dim:][:dim]
		var m float32
		for _, v := range row {
			m = max(m, float32(math.Abs(float64(v))))
		}
		s := m / 127
		if s == 0 {
			s = 1
		}
		sc[r] = s
		for j, v := range row {
			q[r*dim+j] = int8(math.Round(float64(v / s)))
		}
	}
	return q, sc
}

// quantizeVecs stores vectors (word → row) as int8 rows with per-row
// scales, words in sorted order.
func (n *netModel) quantizeVecs(vecs map[string][]float32) {
	n.words = make([]string, 0, len(vecs))
	for w := range vecs {
		n.words = append(n.words, w)
	}
	sort.Strings(n.words)
	n.vocab = make(map[string]int32, len(n.words))
	n.vecs = make([]int8, len(n.words)*n.vdim)
	n.vscale = make([]float32, len(n.words))
	for i, w := range n.words {
		n.vocab[w] = int32(i)
		v := vecs[w]
		var m float32
		for _, x := range v {
			m = max(m, float32(math.Abs(float64(x))))
		}
		sc := m / 127
		if sc == 0 {
			sc = 1
		}
		n.vscale[i] = sc
		for j, x := range v[:n.vdim] {
			n.vecs[i*n.vdim+j] = int8(math.Round(float64(x / sc)))
		}
	}
}

// netTopK: the mix is taken over the second pass's best netTopK classes
// only (the network's softmax renormalised over them), which saves most of
// the output layer and the exponentials.
const netTopK = 6

// mixNet is word i's class under the mix of the second pass's softmaxed
// scores (sc.scores) and the network's distribution.
func (t *Tagger) mixNet(sc *Scratch, words []string, i int) int {
	n := t.net
	C := n.classes
	if cap(sc.nnp) < 2*C {
		sc.nnp = make([]float32, 2*C)
	}
	if t.netTrace != nil {
		q := sc.nnp[:C]
		n.logits(t, sc, sc.ents, words, i, sc.hist1, nil, q)
		softmaxInto(q, 1)
		t.netTrace(i, sc.scores, q)
	}
	// The best netTopK classes by score, best first (ties to the lower).
	cand := sc.nncand[:0]
	for c, v := range sc.scores {
		if len(cand) == netTopK && v <= sc.scores[cand[netTopK-1]] {
			continue
		}
		if len(cand) < netTopK {
			cand = append(cand, c)
		} else {
			cand[netTopK-1] = c
		}
		for k := len(cand) - 1; k > 0 && sc.scores[cand[k]] > sc.scores[cand[k-1]]; k-- {
			cand[k], cand[k-1] = cand[k-1], cand[k]
		}
	}
	sc.nncand = cand
	K := len(cand)
	q, p2 := sc.nnp[:K], sc.nnp[C:C+K]
	for k, c := range cand {
		p2[k] = sc.scores[c]
	}
	n.logits(t, sc, sc.ents, words, i, sc.hist1, cand, q)
	softmaxInto(q, 1)
	softmaxInto(p2, t.netTemp)
	w := t.netWeight
	best, bv := 0, float32(-1)
	for k := range cand {
		if v := w*q[k] + (1-w)*p2[k]; v > bv {
			best, bv = k, v
		}
	}
	return cand[best]
}

// netMeta stores the network and its mixing parameters in meta.
func (t *Tagger) netMeta(meta map[string]string) {
	meta["net"] = base64.StdEncoding.EncodeToString(t.net.encode())
	meta["netweight"] = strconv.FormatFloat(float64(t.netWeight), 'g', -1, 32)
	meta["nettemp"] = strconv.FormatFloat(float64(t.netTemp), 'g', -1, 32)
	meta["netgate"] = strconv.FormatFloat(float64(t.netGate), 'g', -1, 32)
}

// netFromMeta reads what netMeta stored.
func (t *Tagger) netFromMeta(meta map[string]string) error {
	if meta["net"] == "" {
		return nil
	}
	if !t.twoPass {
		return errors.New("tag: window network without a second pass")
	}
	raw, err := base64.StdEncoding.DecodeString(meta["net"])
	if err != nil {
		return fmt.Errorf("tag: window network: %w", err)
	}
	if t.net, err = decodeNet(raw, len(t.tags)); err != nil {
		return err
	}
	ps, err := mixParams(meta, "net", "window network")
	if err != nil {
		return err
	}
	t.netWeight, t.netTemp, t.netGate = ps[0], ps[1], ps[2]
	return nil
}

// AddNet trains the window network for a two-pass tagger (r: jack-knifed
// first-pass classes of sents, probs their distributions when o.Stack) and
// stores it in the model's header.
func (t *Tagger) AddNet(sents []Sentence, r [][]int, probs [][]float32, o NetOptions, logf func(string, ...any)) error {
	if !t.twoPass {
		return errors.New("tag: the window network needs a two-pass tagger")
	}
	gold := t.goldClasses(sents)
	n, err := t.trainNet(sents, gold, r, probs, o, logf)
	if err != nil {
		return err
	}
	o.defaults()
	t.net, t.netWeight, t.netTemp, t.netGate = n, o.Weight, o.Temp, o.Gate
	t.netMeta(t.model.Meta)
	return nil
}

func (t *Tagger) goldClasses(sents []Sentence) [][]int {
	idx := map[string]int{}
	for i, tt := range t.tags {
		idx[className(tt)] = i
	}
	gold := make([][]int, len(sents))
	for si, s := range sents {
		gold[si] = make([]int, len(s.Tags))
		for i, tg := range s.Tags {
			gold[si][i] = idx[className(tg)]
		}
	}
	return gold
}
