package tag

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"strconv"

	"github.com/newsgraph/newsgraph/internal/nlp/lstm"
	"github.com/newsgraph/newsgraph/internal/nlp/vec"
)

// The BiLSTM rescorer (issue 3): what the window network lacked is the
// whole sentence. Each word's input is its static vector (the window
// network's: frozen GloVe row, hashed affix/shape/lexicon/cluster/word
// embeddings, flags) and an embedding of its first-pass class; a one-layer
// BiLSTM (internal/nlp/lstm) reads the sentence and a softmax layer scores
// the classes at each position. At tagging time it rescores the second
// pass's words whose first-pass margin is below lstmGate, and runs only
// for sentences that hold one. The encoder's first layer is linear in the
// input, so its product with a word's static part is cached per word type
// (cacheEntry.ls) and with each class's embedding per class (tagProj): a
// sentence costs the recurrence and a rescored word K output rows.

type lstmModel struct {
	in      *netModel // the static inputs: vocab, vectors, hashed embeddings (window network code)
	classes int
	tdim    int       // first-pass class embedding width
	tagEmb  []float32 // classes × tdim
	net     *lstm.Net
	w2      []float32 // classes × 2H
	b2      []float32 // classes

	enc     *lstm.Encoder
	tagProj []float32 // classes × ProjWidth
}

func (m *lstmModel) width() int { return m.in.static() + m.tdim }

// prepare builds the inference form (after loading or training).
func (m *lstmModel) prepare() {
	m.enc = m.net.Encoder()
	W, S := m.enc.ProjWidth(), m.in.static()
	m.tagProj = make([]float32, m.classes*W)
	for c := range m.classes {
		m.enc.ProjectPart(m.tagEmb[c*m.tdim:][:m.tdim], S, m.tagProj[c*W:][:W])
	}
}

// LSTMOptions configure the BiLSTM rescorer (Options.LSTM).
type LSTMOptions struct {
	// Vectors maps lower-cased words to frozen word vectors (ReadNetVectors).
	Vectors map[string][]float32
	Hidden  int     // hidden units per direction (default 32)
	Layers  int     // stacked BiLSTM layers (default 1)
	Dim     int     // hashed embedding width (default 16)
	Buckets int     // log2 of the hashed embedding rows (default 15)
	TagDim  int     // first-pass class embedding width (default 16)
	Epochs  int     // default 4
	LR      float32 // Adam (default 0.002)
	Dropout float32 // on the BiLSTM outputs
	Batch   int     // sentences per Adam step (default 8)
	Seed    uint64
	// At tagging time a second-pass word whose first-pass margin is below
	// Gate is tagged by Weight·p_lstm + (1-Weight)·softmax(pass-2 scores /
	// Temp) over the second pass's best lstmTopK classes.
	Weight, Temp, Gate float32
	// LogMix mixes log-linearly instead: Weight·log p_lstm + (1-Weight)·
	// pass-2 score / Temp.
	LogMix bool
	// UPOS: the mix picks the UPOS only; the XPOS is the second pass's
	// best within it.
	UPOS bool
	// Epoch, when set, is called after every epoch with the tagger as it
	// would be saved (tests score dev with it).
	Epoch func(ep int, t *Tagger)
	// MaxSents > 0 trains on the first MaxSents sentences only (quick
	// experiments).
	MaxSents int
}

func (o *LSTMOptions) defaults() {
	if o.Hidden <= 0 {
		o.Hidden = 32
	}
	if o.Layers <= 0 {
		o.Layers = 1
	}
	if o.Dim <= 0 {
		o.Dim = 16
	}
	if o.Buckets <= 0 {
		o.Buckets = 15
	}
	if o.TagDim <= 0 {
		o.TagDim = 16
	}
	if o.Epochs <= 0 {
		o.Epochs = 4
	}
	if o.LR <= 0 {
		o.LR = 0.002
	}
	if o.Dropout < 0 || o.Dropout >= 0.95 {
		o.Dropout = 0
	}
	if o.Batch <= 0 {
		o.Batch = 8
	}
	if o.Temp <= 0 {
		o.Temp = 1
	}
}

// lstmTopK: the BiLSTM chooses among the second pass's best lstmTopK
// classes (its softmax renormalised over them).
const lstmTopK = 6

// maxLSTMs bounds an ensemble's members (header keys lstm, lstm2 … lstm4).
const maxLSTMs = 4

// lstmCache is a sentence's BiLSTM state in a Scratch.
type lstmCache struct {
	done bool // encoded for the current sentence
	px   []float32
	out  []float32
	more [][]float32 // the outputs of the ensemble's other members (Tagger.lstmMore)
	s    lstm.Scratch
	q    []float32
	cand []int
}

// encodeSentence runs the BiLSTM (and any further members) over the
// sentence in sc (classes hist1).
func (t *Tagger) encodeSentence(sc *Scratch, words []string) {
	ls := &sc.ls
	ls.out = t.lstm.encode1(t, sc, words, 0, ls.out)
	for len(ls.more) < len(t.lstmMore) {
		ls.more = append(ls.more, nil)
	}
	for j, m := range t.lstmMore {
		ls.more[j] = m.encode1(t, sc, words, j+1, ls.more[j])
	}
	ls.done = true
}

// encode1 runs member j of the ensemble (0: Tagger.lstm) over the
// sentence, its outputs in out (grown as needed).
func (m *lstmModel) encode1(t *Tagger, sc *Scratch, words []string, j int, out []float32) []float32 {
	W, H2 := m.enc.ProjWidth(), m.enc.Out()
	T := len(sc.ents)
	ls := &sc.ls
	if cap(ls.px) < T*W {
		ls.px = make([]float32, T*W)
	}
	if cap(out) < T*H2 {
		out = make([]float32, T*H2)
	}
	px := ls.px[:T*W]
	for k, e := range sc.ents {
		for len(e.ls) <= j {
			e.ls = append(e.ls, nil)
		}
		if e.ls[j] == nil {
			if cap(sc.nns) < m.in.static() {
				sc.nns = make([]float32, m.in.static())
			}
			s := sc.nns[:m.in.static()]
			nw := m.in.word(t, &sc.h, words[k])
			m.in.input(&nw, s)
			e.ls[j] = make([]float32, W)
			m.enc.ProjectPart(s, 0, e.ls[j])
		}
		p := px[k*W:][:W]
		copy(p, e.ls[j])
		vec.Axpy(1, m.tagProj[sc.hist1[k]*W:][:W], p)
	}
	out = out[:T*H2]
	m.enc.Run(px, T, out, &ls.s)
	return out
}

// mixLSTM is word i's class under the mix of the second pass's softmaxed
// scores (sc.scores) and the BiLSTM's distribution over the second pass's
// best lstmTopK classes.
func (t *Tagger) mixLSTM(sc *Scratch, words []string, i int) int {
	m := t.lstm
	ls := &sc.ls
	if !ls.done {
		t.encodeSentence(sc, words)
	}
	cand := topClasses(sc.scores, lstmTopK, ls.cand[:0])
	ls.cand = cand
	K := len(cand)
	if cap(ls.q) < 3*K {
		ls.q = make([]float32, 3*K)
	}
	q, p2 := ls.q[:K], ls.q[K:2*K]
	H2 := m.enc.Out()
	h := ls.out[i*H2:][:H2]
	for k, c := range cand {
		q[k] = m.b2[c] + vec.Dot(m.w2[c*H2:][:H2], h)
		p2[k] = sc.scores[c]
	}
	if len(t.lstmMore) > 0 {
		// An ensemble: the members' mean log-probability stands for q
		// (a score whose softmax is their normalised geometric mean).
		r := ls.q[2*K : 3*K]
		logSoftmax(q)
		for j, mj := range t.lstmMore {
			H2 := mj.enc.Out()
			h := ls.more[j][i*H2:][:H2]
			for k, c := range cand {
				r[k] = mj.b2[c] + vec.Dot(mj.w2[c*H2:][:H2], h)
			}
			logSoftmax(r)
			vec.Axpy(1, r, q)
		}
		inv := 1 / float32(1+len(t.lstmMore))
		for k := range q {
			q[k] *= inv
		}
	}
	if t.lstmWeight >= 1 {
		b := 0
		for k := range q {
			if q[k] > q[b] {
				b = k
			}
		}
		return t.lstmPick(cand, b)
	}
	w := t.lstmWeight
	if t.lstmLog {
		// Log-linear: w·log p_lstm + (1-w)·s2/T; both normalisers are
		// constant over the candidates.
		logSoftmax(q)
		best, bv := 0, float32(math.Inf(-1))
		for k := range cand {
			if v := w*q[k] + (1-w)*p2[k]/t.lstmTemp; v > bv {
				best, bv = k, v
			}
		}
		return t.lstmPick(cand, best)
	}
	softmaxInto(q, 1)
	softmaxInto(p2, t.lstmTemp)
	best, bv := 0, float32(-1)
	for k := range cand {
		if v := w*q[k] + (1-w)*p2[k]; v > bv {
			best, bv = k, v
		}
	}
	return t.lstmPick(cand, best)
}

// lstmPick is the class the mix chose, cand[k], or with lstmUPOS the
// second pass's best class of the same UPOS (cand is best first): the
// BiLSTM picks the part of speech, the second pass the fine tag.
func (t *Tagger) lstmPick(cand []int, k int) int {
	if t.lstmUPOS {
		u := t.tags[cand[k]].UPOS
		for _, c := range cand[:k] {
			if t.tags[c].UPOS == u {
				return c
			}
		}
	}
	return cand[k]
}

// logSoftmax turns scores into log-probabilities in place.
func logSoftmax(s []float32) {
	m := float32(math.Inf(-1))
	for _, v := range s {
		m = max(m, v)
	}
	var z float64
	for _, v := range s {
		z += math.Exp(float64(v - m))
	}
	lz := m + float32(math.Log(z))
	for i := range s {
		s[i] -= lz
	}
}

// topClasses appends to dst the k best classes by score, best first (ties
// to the lower index).
func topClasses(scores []float32, k int, dst []int) []int {
	for c, v := range scores {
		if len(dst) == k && v <= scores[dst[k-1]] {
			continue
		}
		if len(dst) < k {
			dst = append(dst, c)
		} else {
			dst[k-1] = c
		}
		for j := len(dst) - 1; j > 0 && scores[dst[j]] > scores[dst[j-1]]; j-- {
			dst[j], dst[j-1] = dst[j-1], dst[j]
		}
	}
	return dst
}

// Encoding: magic, dims, vocab words, the int8 word vectors and hashed
// embeddings, the float32 arrays (row scales, class embeddings, output
// layer), the BiLSTM's NGLS file (length-prefixed), a CRC-32 of all that.
const lstmMagic = "NGTAGLSTM1\n"

func (m *lstmModel) encode() []byte {
	n := m.in
	var b bytes.Buffer
	b.WriteString(lstmMagic)
	u32 := func(x int) { b.Write(binary.LittleEndian.AppendUint32(nil, uint32(x))) }
	for _, x := range []int{m.classes, m.net.Hidden, n.dim, n.buckets, n.vdim, m.tdim, netKinds, netFlags, len(n.words)} {
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
	var buf [4]byte
	for _, xs := range [][]float32{n.vscale, qs, m.tagEmb, m.w2, m.b2} {
		for _, x := range xs {
			binary.LittleEndian.PutUint32(buf[:], math.Float32bits(x))
			b.Write(buf[:])
		}
	}
	nf := m.net.Encode()
	u32(len(nf))
	b.Write(nf)
	b.Write(binary.LittleEndian.AppendUint32(nil, crc32.ChecksumIEEE(b.Bytes())))
	return b.Bytes()
}

// decodeLSTM reads encode's output; classes is the tagger's class count.
func decodeLSTM(b []byte, classes int) (*lstmModel, error) {
	r, err := openBlob(b, lstmMagic, "BiLSTM")
	if err != nil {
		return nil, err
	}
	var d [9]int
	if err := r.sizes(d[:]); err != nil {
		return nil, err
	}
	n := &netModel{classes: d[0], dim: d[2], buckets: d[3], vdim: d[4]}
	m := &lstmModel{in: n, classes: d[0], tdim: d[5]}
	hid := d[1]
	switch {
	case m.classes != classes:
		return nil, fmt.Errorf("tag: BiLSTM has %d classes, the tagger %d", m.classes, classes)
	case d[6] != netKinds || d[7] != netFlags:
		return nil, fmt.Errorf("tag: BiLSTM has %d/%d inputs, this code computes %d/%d: retrain it", d[6], d[7], netKinds, netFlags)
	case hid < 1 || hid > 1024 || n.dim < 1 || n.dim > 256 || n.vdim > 1024 || m.tdim < 1 || m.tdim > 256:
		return nil, errors.New("tag: BiLSTM: implausible dimensions")
	case n.buckets < 1 || n.buckets&(n.buckets-1) != 0 || n.buckets > 1<<22:
		return nil, fmt.Errorf("tag: BiLSTM: bucket count %d", n.buckets)
	}
	nw := d[8]
	if n.words, n.vocab, err = r.words(nw); err != nil {
		return nil, err
	}
	if nw*n.vdim+n.buckets*n.dim > len(r.p) {
		return nil, r.short()
	}
	if n.vecs, err = r.int8s(nw * n.vdim); err != nil {
		return nil, err
	}
	qe, err := r.int8s(n.buckets * n.dim)
	if err != nil {
		return nil, err
	}
	arrs, err := r.floats(nw, n.buckets, m.classes*m.tdim, m.classes*2*hid, m.classes)
	if err != nil {
		return nil, err
	}
	n.vscale, m.tagEmb, m.w2, m.b2 = arrs[0], arrs[2], arrs[3], arrs[4]
	n.emb = make([]float32, len(qe))
	for i, v := range qe {
		n.emb[i] = float32(v) * arrs[1][i/n.dim]
	}
	l, err := r.u32()
	if err != nil {
		return nil, err
	}
	if l != len(r.p) {
		return nil, fmt.Errorf("tag: BiLSTM: encoder is %d bytes, %d left", l, len(r.p))
	}
	if m.net, err = lstm.Decode(r.p); err != nil {
		return nil, fmt.Errorf("tag: BiLSTM: %w", err)
	}
	if m.net.In != m.width() || m.net.Hidden != hid || m.net.Layers < 1 || m.net.Layers > 4 {
		return nil, errors.New("tag: BiLSTM: encoder shape does not match the inputs")
	}
	m.prepare()
	return m, nil
}

// lstmMeta stores the BiLSTM and its mixing parameters in meta.
func (t *Tagger) lstmMeta(meta map[string]string) {
	meta["lstm"] = base64.StdEncoding.EncodeToString(t.lstm.encode())
	for j := 2; j <= maxLSTMs; j++ {
		delete(meta, "lstm"+strconv.Itoa(j))
	}
	for j, m := range t.lstmMore {
		meta["lstm"+strconv.Itoa(j+2)] = base64.StdEncoding.EncodeToString(m.encode())
	}
	meta["lstmweight"] = strconv.FormatFloat(float64(t.lstmWeight), 'g', -1, 32)
	meta["lstmtemp"] = strconv.FormatFloat(float64(t.lstmTemp), 'g', -1, 32)
	meta["lstmgate"] = strconv.FormatFloat(float64(t.lstmGate), 'g', -1, 32)
	delete(meta, "lstmmix")
	if t.lstmLog {
		meta["lstmmix"] = "log"
	}
	delete(meta, "lstmupos")
	if t.lstmUPOS {
		meta["lstmupos"] = "1"
	}
}

// lstmFromMeta reads what lstmMeta stored.
func (t *Tagger) lstmFromMeta(meta map[string]string) error {
	if meta["lstm"] == "" {
		return nil
	}
	if !t.twoPass {
		return errors.New("tag: BiLSTM without a second pass")
	}
	if t.net != nil {
		return errors.New("tag: model has both the window network and the BiLSTM")
	}
	raw, err := base64.StdEncoding.DecodeString(meta["lstm"])
	if err != nil {
		return fmt.Errorf("tag: BiLSTM: %w", err)
	}
	if t.lstm, err = decodeLSTM(raw, len(t.tags)); err != nil {
		return err
	}
	t.lstmMore = nil
	for j := 2; j <= maxLSTMs; j++ {
		b64, ok := meta["lstm"+strconv.Itoa(j)]
		if !ok {
			break
		}
		raw, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			return fmt.Errorf("tag: BiLSTM %d: %w", j, err)
		}
		m, err := decodeLSTM(raw, len(t.tags))
		if err != nil {
			return fmt.Errorf("tag: BiLSTM %d: %w", j, err)
		}
		t.lstmMore = append(t.lstmMore, m)
	}
	ps, err := mixParams(meta, "lstm", "BiLSTM")
	if err != nil {
		return err
	}
	t.lstmWeight, t.lstmTemp, t.lstmGate = ps[0], ps[1], ps[2]
	switch meta["lstmmix"] {
	case "":
	case "log":
		t.lstmLog = true
	default:
		return fmt.Errorf("tag: BiLSTM mix %q", meta["lstmmix"])
	}
	switch meta["lstmupos"] {
	case "":
	case "1":
		t.lstmUPOS = true
	default:
		return fmt.Errorf("tag: BiLSTM lstmupos %q", meta["lstmupos"])
	}
	return nil
}

// AddLSTM trains the BiLSTM rescorer for a two-pass tagger (r: jack-knifed
// first-pass classes of sents) and stores it in the model's header; a
// plain-text lexicon there is packed (lexgz) to make room.
func (t *Tagger) AddLSTM(sents []Sentence, r [][]int, o LSTMOptions, logf func(string, ...any)) error {
	if !t.twoPass {
		return errors.New("tag: the BiLSTM needs a two-pass tagger")
	}
	if t.net != nil {
		return errors.New("tag: the model already has the window network")
	}
	m, err := t.trainLSTM(sents, t.goldClasses(sents), r, o, logf)
	if err != nil {
		return err
	}
	o.defaults()
	t.lstm, t.lstmWeight, t.lstmTemp, t.lstmGate, t.lstmLog, t.lstmUPOS = m, o.Weight, o.Temp, o.Gate, o.LogMix, o.UPOS
	meta := t.model.Meta
	if lx := meta["lex"]; lx != "" {
		gz, err := gzipBytes([]byte(lx))
		if err != nil {
			return err
		}
		delete(meta, "lex")
		meta["lexgz"] = base64.StdEncoding.EncodeToString(gz)
	}
	t.lstmMeta(meta)
	return nil
}
