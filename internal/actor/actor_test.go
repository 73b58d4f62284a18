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
	}
	for _, c := range cases {
		r, ok := d.Code(strings.Fields(c.phrase), c.date)
		if !ok || r.Code != c.code || r.Source != c.source {
			t.Errorf("Code(%q) = %+v, %v; want %s from %s", c.phrase, r, ok, c.code, c.source)
		}
	}
	if _, ok := d.Code(strings.Fields("a quiet afternoon"), ""); ok {
		t.Error("unknown phrase coded")
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
