package vec

import "testing"

func TestDot(t *testing.T) {
	for _, c := range []struct {
		a, b []float32
		want float32
	}{
		{nil, nil, 0},
		{[]float32{2}, []float32{3, 100}, 6}, // b is read up to len(a)
		{[]float32{1, 2, 3, 4, 5}, []float32{1, 1, 1, 1, 2}, 20},
		// Pairwise lanes: (1 + 1) + (1e8 + -1e8) = 2, where a left-to-right
		// sum of the lanes loses the ones: ((1 + 1) + 1e8) + -1e8 = 0.
		{[]float32{1, 1, 1e8, -1e8}, []float32{1, 1, 1, 1}, 2},
	} {
		if got := Dot(c.a, c.b); got != c.want {
			t.Errorf("Dot(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestAxpy(t *testing.T) {
	y := []float32{1, 1, 1, 1, 1, 7}
	Axpy(2, []float32{1, 2, 3, 4, 5}, y)
	want := []float32{3, 5, 7, 9, 11, 7}
	for i := range y {
		if y[i] != want[i] {
			t.Fatalf("y = %v, want %v", y, want)
		}
	}
}
