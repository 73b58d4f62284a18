package tag

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// fakeVectors gives every lower-cased word of sents a fixed pseudo-random
// 100-d vector (the tests need no GloVe file).
func fakeVectors(sents []Sentence) map[string][]float32 {
	rng := rand.New(rand.NewPCG(3, 4))
	var words []string
	seen := map[string]bool{}
	for _, s := range sents {
		for _, w := range s.Words {
			if k := netKey(w); !seen[k] {
				seen[k] = true
				words = append(words, k)
			}
		}
	}
	slices.Sort(words)
	out := map[string][]float32{}
	for _, w := range words[:len(words)/2] {
		v := make([]float32, 100)
		for i := range v {
			v[i] = float32(rng.NormFloat64() * 0.4)
		}
		out[w] = v
	}
	return out
}

func netTagger(t *testing.T, sents []Sentence, stack bool) (*Tagger, []byte) {
	t.Helper()
	tg, err := Train(sents, Options{Epochs: 2, Seed: 7, SecondPass: true, Folds: 2, Gate: 8,
		Net: &NetOptions{Vectors: fakeVectors(sents), Hidden: 16, Dim: 4, Buckets: 8, Epochs: 2, Seed: 5, Weight: 0.6, Temp: 4, Gate: 8, Stack: stack}})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := tg.Model().WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return tg, b.Bytes()
}

// A tagger with the window network trains reproducibly, round-trips
// through its file (tags and header values), and the network changes
// some tags at weight 1.
func TestNetReproducible(t *testing.T) {
	for _, stack := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "stacked"}[stack], func(t *testing.T) { testNetReproducible(t, stack) })
	}
}

func testNetReproducible(t *testing.T, stack bool) {
	sents := smallTrain(t, 300)
	tg, b1 := netTagger(t, sents, stack)
	_, b2 := netTagger(t, sents, stack)
	if !bytes.Equal(b1, b2) {
		t.Fatal("two trainings with the same seeds differ")
	}
	back, err := Decode(b1)
	if err != nil {
		t.Fatal(err)
	}
	if back.net == nil || back.netWeight != 0.6 || back.netTemp != 4 || back.netGate != 8 {
		t.Fatalf("header: net %v weight %g temp %g gate %g", back.net != nil, back.netWeight, back.netTemp, back.netGate)
	}
	if back.net.stack != stack || stack != (back.net.ws != nil) || back.net.win != 3 || back.net.hid != 16 || back.net.dim != 4 || back.net.buckets != 256 || len(back.net.words) != len(fakeVectors(sents)) {
		t.Fatalf("dims win %d hid %d dim %d buckets %d words %d", back.net.win, back.net.hid, back.net.dim, back.net.buckets, len(back.net.words))
	}
	if !bytes.Equal(back.net.encode(), tg.net.encode()) {
		t.Fatal("the decoded network encodes differently")
	}
	// Dev-like text: held-out sentences.
	held := smallTrain(t, 400)[300:]
	changed, words := 0, 0
	var s1, s2 Scratch
	noNet := *back
	noNet.net = nil
	back.netWeight, back.netGate = 1, 1e9
	for _, s := range held {
		a, b := back.Tags(s.Words, &s1), noNet.Tags(s.Words, &s2)
		for i := range a {
			if a[i] != b[i] {
				changed++
			}
		}
		words += len(s.Words)
	}
	if changed == 0 || changed > words/2 {
		t.Fatalf("the network changed %d of %d tags", changed, words)
	}
}

// The network needs the second pass, and a bad header value is refused.
func TestNetErrors(t *testing.T) {
	sents := smallTrain(t, 100)
	if _, err := Train(sents, Options{Epochs: 1, Net: &NetOptions{Vectors: fakeVectors(sents)}}); err == nil || !strings.Contains(err.Error(), "second pass") {
		t.Fatalf("no second pass: %v", err)
	}
	if _, err := Train(sents, Options{Epochs: 1, SecondPass: true, Folds: 2, Net: &NetOptions{}}); err == nil || !strings.Contains(err.Error(), "vectors") {
		t.Fatalf("no vectors: %v", err)
	}
	tg, _ := netTagger(t, smallTrain(t, 150), false)
	blob := tg.net.encode()
	m := tg.Model()
	cases := []struct {
		key, val, want string
	}{
		{"netweight", "1.5", `netweight "1.5"`},
		{"nettemp", "0", `nettemp "0"`},
		{"netgate", "x", `netgate "x"`},
		{"net", "!!", "window network: illegal base64"},
		{"net", base64.StdEncoding.EncodeToString(blob[:len(blob)-9]), "checksum mismatch"},
		{"net", base64.StdEncoding.EncodeToString([]byte("NGTAGNET0\n....")), "bad magic"},
	}
	for _, c := range cases {
		old := m.Meta[c.key]
		m.Meta[c.key] = c.val
		var b bytes.Buffer
		m.WriteTo(&b)
		m.Meta[c.key] = old
		_, err := Decode(b.Bytes())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s=%q: got %v, want %q", c.key, c.val, err, c.want)
		}
	}
	if _, err := decodeNet(blob, tg.net.classes+1); err == nil || !strings.Contains(err.Error(), "classes") {
		t.Errorf("class count: %v", err)
	}
}

// FuzzDecodeNet: any blob decodes or fails with an error, never panics,
// and what decodes re-encodes to a blob that decodes.
func FuzzDecodeNet(f *testing.F) {
	n := &netModel{classes: 3, win: 1, hid: 2, dim: 2, buckets: 4, vdim: 3}
	n.quantizeVecs(map[string][]float32{"a": {1, 0, -1}, "bb": {0.5, 0.25, 0}})
	P, S := n.positions(), n.static()
	n.emb = make([]float32, n.buckets*n.dim)
	n.w1 = make([]float32, P*S*n.hid)
	n.tt = make([]float32, P*(n.classes+1)*n.hid)
	n.b1, n.w2, n.b2 = make([]float32, n.hid), make([]float32, n.classes*n.hid), make([]float32, n.classes)
	for i := range n.w1 {
		n.w1[i] = float32(i%7) - 3
	}
	good := n.encode()
	n.stack = true
	n.ws = make([]float32, n.classes*n.hid)
	n.ws[1] = 0.5
	f.Add(n.encode())
	f.Add(good)
	f.Add(good[:len(good)-4])
	f.Add(good[:len(good)/2])
	f.Add([]byte(netMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		// As given, and as a body with its checksum fixed up, so the
		// fuzzer reaches the parsing behind the checksum.
		fixed := binary.LittleEndian.AppendUint32(slices.Clone(b), crc32.ChecksumIEEE(b))
		for _, in := range [][]byte{b, fixed} {
			m, err := decodeNet(in, 3)
			if err != nil {
				continue
			}
			if _, err := decodeNet(m.encode(), 3); err != nil {
				t.Fatalf("re-encoded blob: %v", err)
			}
		}
	})
}
