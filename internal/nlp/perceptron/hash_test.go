package perceptron

import (
	"math"
	"testing"
)

// intLoop is Int as first written: FNV-1a, one byte at a time. Features
// of every trained model were hashed with it, so Int and Int16 must give
// its values bit for bit.
func intLoop(x uint64, v int) uint64 {
	u := uint64(v)
	for i := 0; i < 8; i++ {
		x ^= u & 0xff
		x *= fnvPrime
		u >>= 8
	}
	return x
}

// The values were computed with the byte loop before Int was unrolled.
func TestIntValues(t *testing.T) {
	var h Hasher
	for _, c := range []struct {
		tmpl byte
		v    int
		want uint64
	}{
		{0, 0, 0xe604823a249029bf},
		{1, 1, 0x7194f3e59ae47dcd},
		{7, 999, 0xe42bc6ae650907b0},
		{100, 65535, 0x1e6048be3790c319},
		{255, 65536, 0xfcc941972411eb67},
		{3, -1, 0xa81a0d3a8cd0ac4a},
		{9, math.MinInt64, 0xedec57c934cc0ac4},
		{42, 0x0123456789abcdef, 0xf1bf7c478b52f12d},
	} {
		if got := h.Start(c.tmpl).Int(c.v).Sum(); got != c.want {
			t.Errorf("Start(%d).Int(%d) = %#x, want %#x", c.tmpl, c.v, got, c.want)
		}
		if got := intLoop(h.Start(c.tmpl).Sum(), c.v); got != c.want {
			t.Errorf("intLoop(Start(%d), %d) = %#x, want %#x", c.tmpl, c.v, got, c.want)
		}
		if c.v >= 0 && c.v < 1<<16 {
			if got := h.Start(c.tmpl).Int16(uint16(c.v)).Sum(); got != c.want {
				t.Errorf("Start(%d).Int16(%d) = %#x, want %#x", c.tmpl, c.v, got, c.want)
			}
		}
	}
}

// Every 16-bit value, from several states, through Int, Int16 and the loop.
func TestIntMatchesLoop(t *testing.T) {
	var h Hasher
	for _, start := range []uint64{0, 1, fnvOffset, 0xdeadbeefcafef00d, math.MaxUint64} {
		for v := 0; v < 1<<16; v++ {
			want := intLoop(start, v)
			h.h = start
			if got := h.Int(v).Sum(); got != want {
				t.Fatalf("Int(%d) from %#x = %#x, want %#x", v, start, got, want)
			}
			h.h = start
			if got := h.Int16(uint16(v)).Sum(); got != want {
				t.Fatalf("Int16(%d) from %#x = %#x, want %#x", v, start, got, want)
			}
		}
	}
}

func FuzzInt(f *testing.F) {
	f.Add(uint64(fnvOffset), int64(0))
	f.Add(uint64(1), int64(-1))
	f.Add(uint64(0xdeadbeef), int64(0x7fffffffffffffff))
	f.Fuzz(func(t *testing.T, start uint64, v int64) {
		h := Hasher{h: start}
		if got, want := h.Int(int(v)).Sum(), intLoop(start, int(v)); got != want {
			t.Fatalf("Int(%d) from %#x = %#x, want %#x", v, start, got, want)
		}
		h.h = start
		if got, want := h.Int16(uint16(v)).Sum(), intLoop(start, int(uint16(v))); got != want {
			t.Fatalf("Int16(%d) from %#x = %#x, want %#x", uint16(v), start, got, want)
		}
		h.h = start
		if got, want := h.IntTab(NewIntTable(int(v))).Sum(), intLoop(start, int(v)); got != want {
			t.Fatalf("IntTab(%d) from %#x = %#x, want %#x", v, start, got, want)
		}
	})
}

// IntTab gives Int's value from every state: the table is built from the
// states 0-255 alone, so states with high bits set check the algebra.
func TestIntTab(t *testing.T) {
	var h Hasher
	for _, v := range []int{0, 1, 255, 65536, -1, math.MinInt64, 0x0123456789abcdef, 0x7fedcba987654321} {
		tab := NewIntTable(v)
		for _, start := range []uint64{0, 1, 0xff, 0x100, fnvOffset, 0xdeadbeefcafef00d, math.MaxUint64, h.Start(7).Sum()} {
			want := intLoop(start, v)
			h.h = start
			if got := h.IntTab(tab).Sum(); got != want {
				t.Fatalf("IntTab(%d) from %#x = %#x, want %#x", v, start, got, want)
			}
		}
	}
}
