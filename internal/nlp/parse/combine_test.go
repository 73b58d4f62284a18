package parse

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"math"
	"slices"
	"strings"
	"testing"
)

func comboParts(t *testing.T) (perc, nn *Parser, sents []Sentence) {
	t.Helper()
	sents = smallTrain(t, 200)
	perc, err := Train(sents, Options{Epochs: 2, Seed: 3, Explore: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	nn, err = Train(sents, Options{Epochs: 2, Seed: 3, Explore: 0.9, Scorer: ScorerMLP, Hidden: 16})
	if err != nil {
		t.Fatal(err)
	}
	return perc, nn, sents
}

func sameParses(t *testing.T, what string, a, b *Parser, sents []Sentence) {
	t.Helper()
	for k, s := range sents {
		h1, r1 := a.Parse(s.Input, nil)
		h2, r2 := b.Parse(s.Input, nil)
		if !slices.Equal(h1, h2) || !slices.Equal(r1, r2) {
			t.Fatalf("%s: sentence %d parses differently:\n%v %v\n%v %v", what, k, h1, r1, h2, r2)
		}
	}
}

// The combined decoder is the perceptron with weight 0 or a closed gate,
// the network with an overwhelming weight, and something else between.
func TestCombinedLimits(t *testing.T) {
	perc, nn, sents := comboParts(t)
	inf := math.Inf(1)
	for _, c := range []struct {
		mix  Mix
		want *Parser
	}{
		{Mix{}, perc},
		{Mix{Trans: 1, Label: 1}, perc}, // gates 0: never consulted
		{Mix{Trans: 0, Label: 0, Gate: inf, LabelGate: inf}, perc},   // weights 0
		{Mix{Trans: 1e6, Label: 1e6, Gate: inf, LabelGate: inf}, nn}, // the network decides
	} {
		p, err := Combine(perc, nn, c.mix)
		if err != nil {
			t.Fatal(err)
		}
		if p.Scorer() != ScorerCombined || p.Mix() != c.mix {
			t.Fatalf("scorer %q mix %v", p.Scorer(), p.Mix())
		}
		sameParses(t, c.mix.String(), p, c.want, sents[:60])
	}
	// an even mix agrees with neither model everywhere
	p, _ := Combine(perc, nn, Mix{Trans: 1, Label: 1, Gate: inf, LabelGate: inf})
	diff := [2]int{}
	for _, s := range sents[:60] {
		h, _ := p.Parse(s.Input, nil)
		for i, q := range []*Parser{perc, nn} {
			hq, _ := q.Parse(s.Input, nil)
			if !slices.Equal(h, hq) {
				diff[i]++
			}
		}
	}
	if diff[0] == 0 || diff[1] == 0 {
		t.Fatalf("sentences parsed differently from the perceptron, the network: %v", diff)
	}
}

// A combined model file round-trips (weights, parses) and training it is
// reproducible byte for byte.
func TestCombinedFile(t *testing.T) {
	sents := smallTrain(t, 150)
	mix := Mix{Trans: 0.75, Label: 0.25, Gate: 3, LabelGate: math.Inf(1)}
	var files [2][]byte
	var p *Parser
	for i := range files {
		var err error
		p, err = Train(sents, Options{Epochs: 2, Seed: 5, Explore: 0.9, Scorer: ScorerCombined, Hidden: 16, Mix: mix})
		if err != nil {
			t.Fatal(err)
		}
		if files[i], err = p.Encode(); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Fatal("two trainings with the same seed differ")
	}
	if string(files[0][:4]) != "NGDC" {
		t.Fatalf("magic %q", files[0][:4])
	}
	q, err := Decode(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if q.Scorer() != ScorerCombined || q.Mix() != mix || len(q.Labels()) != len(p.Labels()) {
		t.Fatalf("decoded %q %v %d labels", q.Scorer(), q.Mix(), len(q.Labels()))
	}
	sameParses(t, "reloaded", p, q, sents[:50])
	r, err := q.WithMix(Mix{})
	if err != nil || r.Mix() != (Mix{}) || q.Mix() != mix {
		t.Fatalf("WithMix: %v %v %v", err, r.Mix(), q.Mix())
	}
}

func TestCombinedDecodeErrors(t *testing.T) {
	perc, nn, _ := comboParts(t)
	p, err := Combine(perc, nn, Mix{Trans: 0.5, Gate: 2})
	if err != nil {
		t.Fatal(err)
	}
	good, _ := p.Encode()
	flip := append([]byte{}, good...)
	flip[len(flip)/3] ^= 4
	long := deflated(t, "NGDPNGDP") // says 8 bytes; the case below claims 4
	cases := []struct {
		b    []byte
		want string
	}{
		{[]byte("NGDC"), "too short"},
		{good[:len(good)-1], "checksum"},
		{append(append([]byte{}, good...), 0), "checksum"},
		{flip, "checksum"},
		{resum(append([]byte("NGDC\x05\x00\x00\x00"), good[8:len(good)-4]...)), "version 5"},
		{resum(append([]byte("NGDC\x04\x00\x00\x00"), good[8:len(good)-4]...)), "truncated"}, // no member count
		{resum(append([]byte("NGDC\x02\x00\x00\x00\x00\x00\x00\x00\x64\x00\x00\x00NGDP"), make([]byte, 8)...)), "truncated"},
		{resum(append(append([]byte("NGDC\x02\x00\x00\x00\x00\x00\x00\x00"), deflated(t, "NGDF")...), "\x04\x00\x00\x00NGDP"...)), "wrong kind"},
		{resum(append(append([]byte("NGDC\x02\x00\x00\x00\x00\x00\x00\x00"), long[:len(long)-4]...), "\x04\x00\x00\x00\x04\x00\x00\x00NGDF"...)), "perceptron part is 8 bytes, not 4"},
		{resum(append([]byte("NGDC\x02\x00\x00\x00\x00\x00\x00\x00\x04\x00\x00\x00NGDP\x04\x00\x00\x00"), "\x04\x00\x00\x00NGDF"...)), "perceptron part:"},
		{resum(bytes.Replace(good[:len(good)-4], []byte("gate"), []byte("gatf"), 1)), "unknown key"},
	}
	for _, c := range cases {
		_, err := Decode(c.b)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%d bytes: error %v, want %q", len(c.b), err, c.want)
		}
	}
	if _, err := Combine(nn, perc, Mix{}); err == nil {
		t.Error("Combine took the models the wrong way round")
	}
	if _, err := perc.WithMix(Mix{Trans: 1}); err == nil {
		t.Error("WithMix on a perceptron parser")
	}
}

// deflated is u32 length | zstd(s) | u32 len(s), as a combined file holds
// its perceptron part.
func deflated(t *testing.T, s string) []byte {
	z, err := compress([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	out := binary.LittleEndian.AppendUint32(nil, uint32(len(z)))
	out = append(out, z...)
	return binary.LittleEndian.AppendUint32(out, uint32(len(s)))
}

// resum appends the CRC-32 a combined file ends with.
func resum(b []byte) []byte {
	return binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

func TestParseMix(t *testing.T) {
	base := Mix{Trans: 1, Label: 2, Gate: 3, LabelGate: 4}
	for _, c := range []struct {
		in   string
		want Mix
		err  bool
	}{
		{"", base, false},
		{"trans=0.5", Mix{Trans: 0.5, Label: 2, Gate: 3, LabelGate: 4}, false},
		{"trans=0.5, gate=inf,label=0,label-gate=1e9", Mix{Trans: 0.5, Label: 0, Gate: math.Inf(1), LabelGate: 1e9}, false},
		{"trans=-1", base, true},
		{"trans=inf", base, true},
		{"gate=NaN", base, true},
		{"weight=1", base, true},
		{"trans", base, true},
	} {
		got, err := ParseMix(c.in, base)
		if (err != nil) != c.err || got != c.want {
			t.Errorf("ParseMix(%q) = %v, %v; want %v (error %v)", c.in, got, err, c.want, c.err)
		}
	}
	if s := (Mix{Trans: 0.5, Gate: math.Inf(1)}).String(); s != "trans=0.5,label=0,gate=+Inf,label-gate=0" {
		t.Errorf("String: %s", s)
	}
}
