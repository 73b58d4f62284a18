package sqlite

import "testing"

func TestEventKeyOrder(t *testing.T) {
	// In string order; each key must be above the one before.
	dates := []string{"", "0001", "1999", "1999-00", "1999-01", "1999-01-00", "1999-01-01", "1999-01-31", "1999-02", "1999-12-31", "2000", "2024-05-01", "9999-99-99"}
	prev := int64(-1)
	for _, d := range dates {
		for _, id := range []int64{1, 2, 1<<32 - 1} {
			k := eventKey(d, id)
			if k <= prev {
				t.Errorf("key(%q, %d) = %d not above %d", d, id, k, prev)
			}
			if eventID(k) != id {
				t.Errorf("eventID(key(%q, %d)) = %d", d, id, eventID(k))
			}
			prev = k
		}
	}
	for _, c := range []struct {
		date string
		id   int64
	}{{"2024-5-1", 7}, {"Tue, 01 May", 7}, {"20240501", 7}, {"2024-05-01T10", 7}, {"2024/05/01", 7}, {"2024-05-01", 1 << 32}} {
		if k := eventKey(c.date, c.id); k != -c.id || eventID(k) != c.id {
			t.Errorf("key(%q, %d) = %d, want %d (out of order)", c.date, c.id, k, -c.id)
		}
	}
}
