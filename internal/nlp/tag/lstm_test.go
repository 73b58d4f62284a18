package tag

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/nlp/lstm"
)

func lstmTagger(t *testing.T, sents []Sentence) (*Tagger, []byte) {
	t.Helper()
	tg, err := Train(sents, Options{Epochs: 2, Seed: 7, SecondPass: true, Folds: 2, Gate: 8,
		LSTM: &LSTMOptions{Vectors: fakeVectors(sents), Hidden: 8, Dim: 4, Buckets: 8, TagDim: 3, Epochs: 2, Seed: 5, Dropout: 0.2, Weight: 0.6, Temp: 4, Gate: 8}})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := tg.Model().WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return tg, b.Bytes()
}

// A tagger with the BiLSTM trains reproducibly, round-trips through its
// file (tags and header values), and the BiLSTM changes some tags at
// weight 1.
func TestLSTMReproducible(t *testing.T) {
	sents := smallTrain(t, 300)
	tg, b1 := lstmTagger(t, sents)
	_, b2 := lstmTagger(t, sents)
	if !bytes.Equal(b1, b2) {
		t.Fatal("two trainings with the same seeds differ")
	}
	back, err := Decode(b1)
	if err != nil {
		t.Fatal(err)
	}
	if back.lstm == nil || back.lstmWeight != 0.6 || back.lstmTemp != 4 || back.lstmGate != 8 {
		t.Fatalf("header: lstm %v weight %g temp %g gate %g", back.lstm != nil, back.lstmWeight, back.lstmTemp, back.lstmGate)
	}
	if back.lstm.net.Hidden != 8 || back.lstm.in.dim != 4 || back.lstm.in.buckets != 256 || back.lstm.tdim != 3 || len(back.lstm.in.words) != len(fakeVectors(sents)) {
		t.Fatalf("dims hid %d dim %d buckets %d tdim %d words %d", back.lstm.net.Hidden, back.lstm.in.dim, back.lstm.in.buckets, back.lstm.tdim, len(back.lstm.in.words))
	}
	if !bytes.Equal(back.lstm.encode(), tg.lstm.encode()) {
		t.Fatal("the decoded BiLSTM encodes differently")
	}
	if back.Model().Meta["lex"] != "" {
		t.Fatal("plain lexicon next to the BiLSTM")
	}
	held := smallTrain(t, 400)[300:]
	changed, words, diff := 0, 0, 0
	var s0, s1, s2 Scratch
	noLSTM := *back
	noLSTM.lstm = nil
	for _, s := range held {
		// The trained tagger and its decoded file agree.
		if a, b := tg.Tags(s.Words, &s0), back.Tags(s.Words, &s1); !slices.Equal(a, b) {
			diff++
		}
	}
	back.lstmWeight, back.lstmGate, back.gate = 1, 1e9, 0
	noLSTM.gate = 0
	for _, s := range held {
		a, b := back.Tags(s.Words, &s1), noLSTM.Tags(s.Words, &s2)
		for i := range a {
			if a[i] != b[i] {
				changed++
			}
		}
		words += len(s.Words)
	}
	if diff != 0 {
		t.Fatalf("%d sentences tagged differently after decoding", diff)
	}
	if changed == 0 || changed > words/2 {
		t.Fatalf("the BiLSTM changed %d of %d tags", changed, words)
	}
}

// The BiLSTM needs the second pass, and a bad header value is refused.
func TestLSTMErrors(t *testing.T) {
	sents := smallTrain(t, 100)
	if _, err := Train(sents, Options{Epochs: 1, LSTM: &LSTMOptions{Vectors: fakeVectors(sents)}}); err == nil || !strings.Contains(err.Error(), "second pass") {
		t.Fatalf("no second pass: %v", err)
	}
	if _, err := Train(sents, Options{Epochs: 1, SecondPass: true, Folds: 2, LSTM: &LSTMOptions{}}); err == nil || !strings.Contains(err.Error(), "vectors") {
		t.Fatalf("no vectors: %v", err)
	}
	tg, _ := lstmTagger(t, smallTrain(t, 150))
	blob := tg.lstm.encode()
	m := tg.Model()
	cases := []struct {
		key, val, want string
	}{
		{"lstmweight", "1.5", `lstmweight "1.5"`},
		{"lstmtemp", "0", `lstmtemp "0"`},
		{"lstmgate", "x", `lstmgate "x"`},
		{"lstmmix", "lin", `BiLSTM mix "lin"`},
		{"lstmupos", "2", `BiLSTM lstmupos "2"`},
		{"lstm", "!!", "BiLSTM: illegal base64"},
		{"lstm", base64.StdEncoding.EncodeToString(blob[:len(blob)-9]), "checksum mismatch"},
		{"lstm", base64.StdEncoding.EncodeToString([]byte("NGTAGLSTM0\n....")), "bad magic"},
		{"net", "x", "window network"},
	}
	for _, c := range cases {
		old, had := m.Meta[c.key]
		m.Meta[c.key] = c.val
		var b bytes.Buffer
		m.WriteTo(&b)
		m.Meta[c.key] = old
		if !had {
			delete(m.Meta, c.key)
		}
		_, err := Decode(b.Bytes())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s=%q: got %v, want %q", c.key, c.val, err, c.want)
		}
	}
	if _, err := decodeLSTM(blob, tg.lstm.classes+1); err == nil || !strings.Contains(err.Error(), "classes") {
		t.Errorf("class count: %v", err)
	}
}

// logSoftmax gives log-probabilities.
func TestLogSoftmax(t *testing.T) {
	s := []float32{0, 0, float32(math.Log(2))}
	logSoftmax(s)
	for i, want := range []float64{math.Log(0.25), math.Log(0.25), math.Log(0.5)} {
		if math.Abs(float64(s[i])-want) > 1e-6 {
			t.Errorf("%d: %g, want %g", i, s[i], want)
		}
	}
}

// topClasses keeps the k best, best first, ties to the lower index.
func TestTopClasses(t *testing.T) {
	for _, c := range []struct {
		s    []float32
		k    int
		want []int
	}{
		{[]float32{1, 3, 2, 3, 0}, 2, []int{1, 3}},
		{[]float32{1, 3, 2, 3, 0}, 3, []int{1, 3, 2}},
		{[]float32{5}, 3, []int{0}},
		{[]float32{0, 0, 0}, 2, []int{0, 1}},
	} {
		if got := topClasses(c.s, c.k, nil); !slices.Equal(got, c.want) {
			t.Errorf("%v k %d: %v, want %v", c.s, c.k, got, c.want)
		}
	}
}

// FuzzDecodeLSTM: any blob decodes or fails with an error, never panics,
// and what decodes re-encodes to a blob that decodes.
func FuzzDecodeLSTM(f *testing.F) {
	n := &netModel{classes: 3, dim: 2, buckets: 4, vdim: 3}
	n.quantizeVecs(map[string][]float32{"a": {1, 0, -1}, "bb": {0.5, 0.25, 0}})
	n.emb = make([]float32, n.buckets*n.dim)
	n.emb[3] = 0.5
	m := &lstmModel{in: n, classes: 3, tdim: 2, tagEmb: make([]float32, 6), w2: make([]float32, 3*4), b2: make([]float32, 3)}
	var err error
	if m.net, err = lstm.New(lstm.Config{In: m.width(), Hidden: 2, Layers: 1}, 1); err != nil {
		f.Fatal(err)
	}
	good := m.encode()
	f.Add(good)
	f.Add(good[:len(good)-4])
	f.Add(good[:len(good)/2])
	f.Add([]byte(lstmMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		fixed := binary.LittleEndian.AppendUint32(slices.Clone(b), crc32.ChecksumIEEE(b))
		for _, in := range [][]byte{b, fixed} {
			m, err := decodeLSTM(in, 3)
			if err != nil {
				continue
			}
			if _, err := decodeLSTM(m.encode(), 3); err != nil {
				t.Fatalf("re-encoded blob: %v", err)
			}
		}
	})
}

// lstmPick with lstmUPOS keeps the second pass's best fine tag of the
// chosen UPOS (cand is best first by the second pass).
func TestLSTMPick(t *testing.T) {
	tg := &Tagger{tags: []Tag{{"NOUN", "NN"}, {"VERB", "VBD"}, {"VERB", "VBN"}, {"NOUN", "NNS"}}}
	cand := []int{1, 0, 2, 3}
	for _, c := range []struct {
		upos    bool
		k, want int
	}{
		{false, 2, 2}, {true, 2, 1}, {true, 3, 0}, {true, 1, 0}, {true, 0, 1}, {false, 3, 3},
	} {
		tg.lstmUPOS = c.upos
		if got := tg.lstmPick(cand, c.k); got != c.want {
			t.Errorf("upos %v k %d: %d, want %d", c.upos, c.k, got, c.want)
		}
	}
}

// An ensemble of BiLSTMs round-trips through the header (lstm, lstm2),
// a member twice over tags as the member alone, and a different second
// member changes some tags.
func TestLSTMEnsembleFile(t *testing.T) {
	sents := smallTrain(t, 300)
	tg, _ := lstmTagger(t, sents)
	tg.lstmWeight, tg.lstmGate, tg.gate = 1, 1e9, 0
	held := smallTrain(t, 400)[300:]
	tagAll := func(x *Tagger) [][]Tag {
		var sc Scratch
		var out [][]Tag
		for _, s := range held {
			out = append(out, x.Tags(s.Words, &sc))
		}
		return out
	}
	single := tagAll(tg)

	twice := *tg
	twice.lstmMore = []*lstmModel{tg.lstm}
	if got := tagAll(&twice); !slices.EqualFunc(got, single, slices.Equal) {
		t.Fatal("a member twice over tags differently from the member alone")
	}

	other := *tg.lstm
	other.w2 = slices.Clone(tg.lstm.w2)
	for i := range other.w2 {
		other.w2[i] *= float32(1 + 0.5*math.Sin(float64(i)))
	}
	ens := *tg
	ens.lstmMore = []*lstmModel{&other}
	m := *tg.model
	m.Meta = maps.Clone(tg.model.Meta)
	ens.model = &m
	ens.lstmMeta(ens.model.Meta)
	if ens.model.Meta["lstm2"] == "" || ens.model.Meta["lstm3"] != "" {
		t.Fatal("header keys of a two-member ensemble")
	}
	var b bytes.Buffer
	if _, err := ens.Model().WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	back, err := Decode(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(back.lstmMore) != 1 || !bytes.Equal(back.lstmMore[0].encode(), other.encode()) {
		t.Fatal("the second member does not round-trip")
	}
	back.gate = 0 // the header keeps the trained gate; ens rescores every word
	a, c := tagAll(&ens), tagAll(back)
	if !slices.EqualFunc(a, c, slices.Equal) {
		t.Fatal("the decoded ensemble tags differently")
	}
	changed := 0
	for i := range a {
		for j := range a[i] {
			if a[i][j] != single[i][j] {
				changed++
			}
		}
	}
	if changed == 0 {
		t.Fatal("the second member changed no tag")
	}
	// Dropping the second member from the header drops it on load.
	ens.lstmMore = nil
	ens.lstmMeta(ens.model.Meta)
	if _, ok := ens.model.Meta["lstm2"]; ok {
		t.Fatal("lstm2 left in the header")
	}
}
