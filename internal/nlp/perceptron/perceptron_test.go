package perceptron

import (
	"bytes"
	"errors"
	"math/rand"
	"testing"
)

// toy data: class is decided by which of three cue words appears.
func toy(r *rand.Rand, n int) ([][]Feature, []int) {
	cues := []string{"alpha", "beta", "gamma"}
	noise := []string{"x", "y", "z", "w", "v"}
	var X [][]Feature
	var Y []int
	var h Hasher
	for i := 0; i < n; i++ {
		c := r.Intn(3)
		f := []Feature{h.Start(1).Str(cues[c]).Sum(), h.Start(0).Sum()}
		for k := 0; k < 3; k++ {
			f = append(f, h.Start(2).Str(noise[r.Intn(len(noise))]).Sum())
		}
		X = append(X, f)
		Y = append(Y, c)
	}
	return X, Y
}

func train(t *testing.T) *Model {
	r := rand.New(rand.NewSource(1))
	X, Y := toy(r, 300)
	tr := NewTrainer([]string{"A", "B", "C"})
	scores := make([]float32, 3)
	for epoch := 0; epoch < 5; epoch++ {
		for i := range X {
			g := tr.Predict(X[i], scores, nil)
			tr.Update(X[i], Y[i], g, 1)
			tr.Tick()
		}
	}
	return tr.Average(map[string]string{"task": "toy"}, 0)
}

func TestLearnSaveLoad(t *testing.T) {
	m := train(t)
	X, Y := toy(rand.New(rand.NewSource(2)), 200)
	scores := make([]float32, 3)
	correct := 0
	for i := range X {
		if m.Predict(X[i], scores, nil) == Y[i] {
			correct++
		}
	}
	if correct != len(X) {
		t.Fatalf("accuracy %d/%d on a separable toy task", correct, len(X))
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := Decode(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if m2.NumWeights() != m.NumWeights() || m2.Meta["task"] != "toy" || m2.ClassIndex("C") != 2 {
		t.Fatalf("round trip lost data: %d vs %d weights", m2.NumWeights(), m.NumWeights())
	}
	s1, s2 := make([]float32, 3), make([]float32, 3)
	for i := range X {
		m.Predict(X[i], s1, nil)
		m2.Predict(X[i], s2, nil)
		for c := range s1 {
			if s1[c] != s2[c] {
				t.Fatalf("scores differ after reload: %v vs %v", s1, s2)
			}
		}
	}
	// Deterministic bytes: the same training gives the same file.
	var buf2 bytes.Buffer
	train(t).WriteTo(&buf2)
	if !bytes.Equal(buf.Bytes(), buf2.Bytes()) {
		t.Fatal("training is not byte-reproducible")
	}
	// allowed mask
	if got := m.Predict(X[0], s1, []bool{false, false, true}); got != 2 {
		t.Fatalf("allowed mask ignored: %d", got)
	}
}

func TestDecodeCorrupt(t *testing.T) {
	m := train(t)
	var buf bytes.Buffer
	m.WriteTo(&buf)
	b := buf.Bytes()
	for _, c := range [][]byte{nil, []byte("NGPM"), b[:len(b)/2], append(append([]byte{}, b[:40]...), 0xff)} {
		if _, err := Decode(c); !errors.Is(err, ErrCorrupt) {
			t.Errorf("Decode(%d bytes) = %v, want ErrCorrupt", len(c), err)
		}
	}
	flip := append([]byte{}, b...)
	flip[len(flip)/2] ^= 1
	if _, err := Decode(flip); !errors.Is(err, ErrCorrupt) {
		t.Errorf("bit flip not detected: %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	m := train(&testing.T{})
	var buf bytes.Buffer
	m.WriteTo(&buf)
	f.Add(buf.Bytes())
	f.Add([]byte("NGPM\x01\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(b)
		if err == nil && m.NumClasses() == 0 {
			t.Fatal("model without classes accepted")
		}
		// DecodeRows accepts a subset of what Decode accepts (ascending
		// keys only), and gives the decoded model's rows.
		classes, keys, rows, rerr := DecodeRows(b)
		if rerr == nil {
			if err != nil {
				t.Fatalf("DecodeRows accepted what Decode refused: %v", err)
			}
			checkRows(t, m, classes, keys, rows)
		}
	})
}

func BenchmarkPredict(b *testing.B) {
	m := train(&testing.T{})
	X, _ := toy(rand.New(rand.NewSource(3)), 100)
	s := make([]float32, 3)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Predict(X[i%len(X)], s, nil)
	}
}
