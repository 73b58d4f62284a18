package shared

import "testing"

func TestRequireSeed(t *testing.T) {
	p := Require(t, "seed")
	if p == "" {
		t.Fatal("empty path")
	}
}
