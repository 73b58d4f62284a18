package cameo

import "testing"

func TestTables(t *testing.T) {
	if n := len(Codes()); n != 311 {
		t.Fatalf("%d codes, want 311", n)
	}
	if n := len(Roots()); n != 20 {
		t.Fatalf("%d roots, want 20", n)
	}
	c, ok := Lookup("0874")
	if !ok || c.Goldstein != 10 || c.QuadClass != 2 || c.PloverType != "RETREAT" || c.Root != "08" {
		t.Errorf("0874 = %+v", c)
	}
	c, ok = Lookup("1729")
	if !ok || c.Root != "17" || c.QuadClass != 4 || c.Level != "unlisted" {
		t.Errorf("unlisted 1729 = %+v", c)
	}
	if _, ok := Lookup("99"); ok {
		t.Error("99 found")
	}
	for _, r := range Roots() {
		var want int
		switch {
		case r.Code <= "05":
			want = 1
		case r.Code <= "09":
			want = 2
		case r.Code <= "14":
			want = 3
		default:
			want = 4
		}
		if r.QuadClass != want {
			t.Errorf("root %s quad class %d want %d", r.Code, r.QuadClass, want)
		}
	}
	if l, ok := ActorType("GOV"); !ok || l != "Government" {
		t.Errorf("GOV = %q", l)
	}
	if c, ok := LookupCountry("CHN"); !ok || c.Kind != "country" {
		t.Errorf("CHN = %+v", c)
	}
}
