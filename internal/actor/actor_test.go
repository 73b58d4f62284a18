package actor

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestCode(t *testing.T) {
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		phrase, date, code, source string
	}{
		{"Chinese President Xi Jinping", "2023-05-19", "CHNGOV", "person"},
		{"Russian Prime Minister Mikhail Mishustin", "2023-05-19", "RUSGOV", "person"},
		{"US Indo-Pacific Commander Admiral Jane Roe", "2025-01-30", "USAMIL", "country+role"},
		{"Philippine Coast Guard", "", "PHLMIL", "org"},
		{"suspected Chinese spies", "", "CHNSPY", "country+role"},
		{"Nvidia Corp", "", "USABUS", "org"},
		{"Xinhua", "", "CHNMED", "org"},
		{"the IMF", "", "IGOIMF", "org"},
		{"Beijing", "", "CHNGOV", "country+role"},
		{"Taiwan 's Ministry of Foreign Affairs", "", "TWNGOV", "country+role"},
		{"Kazakhstan", "", "KAZ", "country"},
		{"the premier", "", "GOV", "role"},
		{"Donald Trump", "2019-06-01", "USAGOV", "person"},
		{"Joe Biden", "2023-05-19", "USAGOV", "person"},
		{"Jordanian Crown Prince Hamza", "", "JORGOV", "country+role"},
		{"General Motors", "", "BUS", "role"}, // the head decides, not "general"
		{"Pakistani opposition leader Jane Roe", "", "PAKOPP", "country+role"},
		{"Japan Airlines", "", "JPNBUS", "country+role"},
		{"the Omani Press Agency", "", "OMNMED", "country+role"},
		{"Qatari athletes at the Asian Games", "", "QAT", "country"},
	}
	for _, c := range cases {
		r, ok := d.Code(strings.Fields(c.phrase), c.date)
		if !ok || r.Code != c.code || r.Source != c.source {
			t.Errorf("Code(%q) = %+v, %v; want %s from %s", c.phrase, r, ok, c.code, c.source)
		}
	}
	for _, p := range []string{"a quiet afternoon", "the Asian Games", "the Australian Open", "the Cannes Film Festival"} {
		if r, ok := d.Code(strings.Fields(p), ""); ok {
			t.Errorf("%q coded %+v", p, r)
		}
	}
	// Biden was vice president 2009–2017 and president 2021–2025, not in between.
	if r, ok := d.Code([]string{"Biden"}, "2019-01-01"); ok {
		t.Errorf("Biden coded out of office: %+v", r)
	}
}

func TestLoadErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"roles.tsv":  {Data: []byte("# c\npresident\tGOV\nbroken line\n")},
		"people.tsv": {Data: []byte("USAGOV\t2020-13\t\tX\n")},
	}
	_, err := Load(fsys)
	if err == nil || !strings.Contains(err.Error(), "roles.tsv:3") {
		t.Fatalf("want roles.tsv:3 error, got %v", err)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add("USAGOV\t2020-01-01\t\tJane Doe|Doe\n", "president\tGOV\n")
	f.Fuzz(func(t *testing.T, people, roles string) {
		d, err := Load(fstest.MapFS{"people.tsv": {Data: []byte(people)}, "roles.tsv": {Data: []byte(roles)}})
		if err != nil {
			return
		}
		d.Code(strings.Fields(people+" "+roles), "2024-01-01")
	})
}

func TestRegionDemonyms(t *testing.T) {
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for phrase, code := range map[string]string{"Central Asian nations": "CAS", "Western sanctions": "WST", "Middle Eastern leaders": "MEAGOV"} {
		if r, ok := d.Code(strings.Fields(phrase), ""); !ok || r.Code != code {
			t.Errorf("%q = %+v, want %s", phrase, r, code)
		}
	}
}

func TestDistinctOrgsAreNotAliases(t *testing.T) {
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	al := d.Aliases("Washington Post")
	if len(al) != 1 || al[0] != "Washington Post" {
		t.Errorf("Washington Post aliases %v", al)
	}
	al = d.Aliases("AP")
	if len(al) != 2 || al[0] != "AP" || al[1] != "Associated Press" {
		t.Errorf("AP aliases %v", al)
	}
	if r, ok := d.Code([]string{"Washington", "Post"}, ""); !ok || r.Code != "USAMED" || r.Canonical != "Washington Post" {
		t.Errorf("Washington Post coded %+v", r)
	}
}

func TestEventName(t *testing.T) {
	cases := []struct {
		text string
		i, j int
		want bool
	}{
		{"the Asian Games opened", 1, 2, true},
		{"at the Australian Open final", 2, 3, true},
		{"the Australian Open", 1, 2, true},
		{"China Open To Talks", 0, 1, false}, // a title-cased headline verb
		{"the Cannes Film Festival", 1, 2, true},
		{"the Monaco Grand Prix", 1, 2, true},
		{"a Chinese open letter", 1, 2, false},
		{"ASIAN GAMES BEGIN", 0, 1, false},
		{"Chinese President Xi", 0, 1, false},
		{"the African Cup", 1, 2, true},
		{"the African Union summit", 1, 2, false},
	}
	for _, c := range cases {
		if got := EventName(strings.Fields(c.text), c.i, c.j); got != c.want {
			t.Errorf("EventName(%q, %d, %d) = %v", c.text, c.i, c.j, got)
		}
	}
}

func TestDemonymPlural(t *testing.T) {
	for in, want := range map[string]string{"Kenyan": "Kenyans", "Israeli": "Israelis", "Thai": "Thais",
		"Chinese": "", "Swiss": "", "French": "", "British": "", "Dutch": "", "South African": ""} {
		if got := DemonymPlural(in); got != want {
			t.Errorf("DemonymPlural(%q) = %q, want %q", in, got, want)
		}
	}
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for phrase, code := range map[string]string{"Kenyans": "KEN", "angry Israelis": "ISR", "Pakistanis": "PAK"} {
		if r, ok := d.Code(strings.Fields(phrase), ""); !ok || r.Code != code {
			t.Errorf("%q = %+v, want %s", phrase, r, code)
		}
	}
}
