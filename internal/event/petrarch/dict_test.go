package petrarch

import (
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/shared"
)

func TestLoadPhoenix(t *testing.T) {
	dir := shared.Require(t, "data", "petrarch-validation", "dicts", "production-phoenix")
	d, errs, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		if !IsWarning(e) {
			t.Error(e)
		}
	}
	if d.Actors.Len() < 30000 || len(d.Verbs.Blocks) < 390 || len(d.Agents.Entries) < 500 || d.Discards.Len() < 100 {
		t.Fatalf("too little loaded: actors %d blocks %d agents %d discards %d", d.Actors.Len(), len(d.Verbs.Blocks), len(d.Agents.Entries), d.Discards.Len())
	}
	n := 0
	for _, b := range d.Verbs.Blocks {
		n += len(b.Patterns)
	}
	if n != 4668 {
		t.Errorf("patterns = %d, want 4668", n)
	}
}

func TestLoadValidation(t *testing.T) {
	dir := shared.Require(t, "data", "petrarch-validation", "dicts")
	d, errs, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Error(e)
	}
	a, n := d.Actors.Match(strings.Fields("SAM GAMGEE"), 0)
	if a == nil || n != 2 {
		t.Fatal("SAM GAMGEE not found")
	}
	for _, c := range []struct {
		date int
		want string
	}{{20080119, "HOBCIV"}, {20100110, "ORCHOB"}, {20100106, "HOBMIL"}, {20121231, "HOBGOV"}, {20140104, "HOBELI"}} {
		if got := a.CodeAt(c.date); got != c.want {
			t.Errorf("CodeAt(%d) = %q, want %q", c.date, got, c.want)
		}
	}
	if got := len(d.Verbs.Synset("ACCORDSYN")); got != 3+2+10 {
		t.Errorf("nested synset ACCORDSYN has %d entries", got)
	}
}
