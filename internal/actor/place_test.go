package actor

import (
	"strings"
	"testing"
)

func TestPlaceName(t *testing.T) {
	for _, c := range []struct {
		phrase string
		i, j   int
		want   bool
	}{
		{"the Indian Ocean", 1, 2, true},
		{"Indian Ocean island leaders", 0, 1, true},
		{"INDIAN OCEAN TENSIONS RISE", 0, 1, true}, // a headline's capitals
		{"the South China Sea", 2, 3, true},
		{"the Taiwan Strait", 1, 2, true},
		{"the Korean Peninsula", 1, 2, true},
		{"the Indian subcontinent", 1, 2, false}, // lower case: a common noun
		{"Chinese rivers", 0, 1, false},
		{"the Sea of Japan", 3, 4, true},
		{"the Gulf of Aden", 1, 2, true}, // "Gulf" itself, before "of" and a name
		{"Lake Chad", 1, 2, true},
		{"Indian troops", 0, 1, false},
		{"the Indian Ocean Commission", 1, 2, false}, // the name goes on: an organisation
		{"Jordan Valley Authority", 0, 1, false},
		{"the Chinese Coast Guard", 1, 2, false}, // "Coast" is no feature
		{"the Gulf states", 1, 2, false},
		{"the leaders of Japan", 3, 4, false},
		{"Indian Ocean", 0, 2, false}, // the whole name: nothing follows
		{"Indian Ocean", 1, 0, false},
		{"Indian Ocean", 0, 3, false},
	} {
		if got := PlaceName(strings.Fields(c.phrase), c.i, c.j); got != c.want {
			t.Errorf("PlaceName(%q, %d, %d) = %v, want %v", c.phrase, c.i, c.j, got, c.want)
		}
	}
}

func TestHasPlaceName(t *testing.T) {
	for _, c := range []struct {
		phrase string
		want   bool
	}{
		{"Strait of Hormuz", true},
		{"South China Sea", true},
		{"Red Sea", true},
		{"Persian Gulf", true},
		{"Black Sea Fleet", false},
		{"Philippine Coast Guard", false},
		{"Foreign Ministry", false},
		{"", false},
	} {
		if got := HasPlaceName(strings.Fields(c.phrase)); got != c.want {
			t.Errorf("HasPlaceName(%q) = %v", c.phrase, got)
		}
	}
}

// Dict.Code names no country for a geographic name but still does for the
// same word elsewhere.
func TestCodePlaces(t *testing.T) {
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ phrase, code, source string }{
		{"the Indian Ocean", "", ""},
		{"INDIAN OCEAN", "", ""},
		{"Indian troops", "INDMIL", "country+role"},
		{"India", "IND", "country"},
		{"Indian Ocean island leaders", "GOV", "role"},
		{"Chinese warships in the South China Sea", "CHNMIL", "country+role"},
		{"the South China Sea", "", ""},
		{"the Sea of Japan", "", ""},
		{"Japanese waters", "JPN", "country"},
		{"the Gulf of Aden", "", ""},
		{"the Gulf", "PGS", "country"},
		{"the Persian Gulf", "PGS", "country"}, // the dictionary's own region name
		{"Gulf states", "PGS", "country"},
		{"Lake Chad", "", ""},
		{"the Taiwan Strait", "", ""},
		{"Taiwanese leaders", "TWNGOV", "country+role"},
		{"the Jordan Valley", "", ""},
		{"the Korean Peninsula", "", ""},
		{"South Korean police", "KORCOP", "country+role"},
		{"Philippine Coast Guard", "PHLMIL", "org"},
		{"the Amazon River", "", ""}, // not the company
		{"Amazon", "USABUS", "org"},
		{"Mount Kenya", "", ""},
	} {
		r, ok := d.Code(strings.Fields(c.phrase), "")
		if ok != (c.code != "") || r.Code != c.code || r.Source != c.source {
			t.Errorf("Code(%q) = %+v, %v; want %q from %q", c.phrase, r, ok, c.code, c.source)
		}
	}
}
