package geo

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// tinyTSV is a gazetteer in the generator's text form: a country, a
// region, cities sharing a name, an acronym, a curated feature and demonyms.
const tinyTSV = "#newsgraph-gazetteer v1\ttest\tid kind name lat lon fcode cc admin1 pop alts\n" +
	"6252001\tN\tUnited States\t39.76\t-98.5\tPCLI\tUS\t\t327167434\tUS|U.S.|America\n" +
	"4829764\tA\tAlabama\t32.75\t-86.75\tADM1\tUS\tAL\t4779736\t\n" +
	"-1\tX\tGulf of Mexico\t25\t-90\tGULF\t\t\t0\tthe Gulf of Mexico\n" +
	"4049979\tP\tBirmingham\t33.5207\t-86.8025\tPPLA2\tUS\tAL\t212237\tBirmingham AL\n" +
	"2655603\tP\tBirmingham\t52.4814\t-1.8998\tPPLA2\tGB\tENG\t984333\tBrum\n" +
	"0\tD\tAmerican\t0\t0\t\tUS\t\t0\tAmericans\n" +
	"0\tD\tGulf\t0\t0\t\t\tGulf of Mexico\t0\t\n"

func TestCompileRoundTrip(t *testing.T) {
	want, err := loadTSV([]byte(tinyTSV))
	if err != nil {
		t.Fatal(err)
	}
	bin, err := Compile([]byte(tinyTSV))
	if err != nil {
		t.Fatal(err)
	}
	bin2, _ := Compile([]byte(tinyTSV))
	if !bytes.Equal(bin, bin2) {
		t.Fatal("Compile is not deterministic")
	}
	got, err := Load(bytes.NewReader(bin))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Entries, want.Entries) {
		t.Fatalf("entries differ:\n%+v\n%+v", got.Entries, want.Entries)
	}
	if got.Header != want.Header || got.maxWords != 3 || want.maxWords != 3 {
		t.Errorf("header %q maxWords %d/%d", got.Header, got.maxWords, want.maxWords)
	}
	ids := func(g *Gazetteer, name string) []int64 {
		var out []int64
		for _, e := range g.Lookup(name) {
			out = append(out, e.ID)
		}
		return out
	}
	cases := []struct {
		name string
		ids  []int64
	}{
		{"Birmingham", []int64{2655603, 4049979}}, // newest link first
		{"BIRMINGHAM", []int64{2655603, 4049979}},
		{"birmingham al", []int64{4049979}},
		{"Brum", []int64{2655603}},
		{"US", []int64{6252001}},
		{"U.S.", []int64{6252001}},
		{"us", nil}, // acronyms match only as written
		{"America", []int64{6252001}},
		{"Gulf of Mexico", []int64{-1}},
		{"the Gulf of Mexico", []int64{-1}},
		{"Alabama", []int64{4829764}},
		{"Mobile", nil},
	}
	for _, c := range cases {
		if g, w := ids(got, c.name), ids(want, c.name); !reflect.DeepEqual(g, c.ids) || !reflect.DeepEqual(w, c.ids) {
			t.Errorf("Lookup(%q) = %v (binary), %v (text), want %v", c.name, g, w, c.ids)
		}
	}
	if !reflect.DeepEqual(got.demonyms, map[string]int32{"american": 0, "americans": 0, "gulf": 2}) ||
		!reflect.DeepEqual(got.demonyms, want.demonyms) {
		t.Errorf("demonyms %v / %v", got.demonyms, want.demonyms)
	}
	if got.Country("US").ID != 6252001 || got.Admin1("US", "AL").ID != 4829764 || got.Country("FR") != nil {
		t.Error("region index")
	}
	if e := got.Lookup("Brum")[0]; e.Lat != 52.4814 || e.Lon != -1.8998 || e.Pop != 984333 || e.FCode != "PPLA2" || e.Admin1 != "ENG" {
		t.Errorf("entry %+v", *e)
	}
}

func TestDecodeCoord(t *testing.T) {
	for _, c := range []struct {
		text string
		q    int32
	}{{"-98.4242", -984242}, {"0", 0}, {"30", 300000}, {"-0.5", -5000}, {"179.9999", 1799999}, {"-90", -900000}, {"52.4814", 524814}} {
		v := parseCoord(c.text)
		q, ok := coordE4(v)
		if !ok || q != c.q || decodeCoord(q) != v {
			t.Errorf("%s: q=%d ok=%v decode=%v parse=%v", c.text, q, ok, decodeCoord(q), v)
		}
	}
	if _, ok := coordE4(1.23456); ok {
		t.Error("five decimals must not encode")
	}
}

// TestLoadDamaged: every truncation and a sweep of flipped bytes of a
// compiled file load to an error or a usable index, never a panic.
func TestLoadDamaged(t *testing.T) {
	g, _ := loadTSV([]byte(tinyTSV))
	raw, err := g.encode()
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < len(raw); n++ {
		if _, err := decode(raw[:n]); err == nil {
			t.Fatalf("truncated at %d/%d: no error", n, len(raw))
		}
	}
	for i := range raw {
		b := append([]byte(nil), raw...)
		b[i] ^= 0xff
		if g, err := decode(b); err == nil {
			g.Lookup("Birmingham")
			g.Lookup("US")
		}
	}
	if _, err := Load(bytes.NewReader([]byte("not a gazetteer"))); err == nil {
		t.Error("garbage loaded")
	}
}

// FuzzDecode feeds arbitrary blobs to the decoder behind Load.
func FuzzDecode(f *testing.F) {
	g, _ := loadTSV([]byte(tinyTSV))
	raw, _ := g.encode()
	f.Add(raw)
	f.Add([]byte(binMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		g, err := decode(b)
		if err != nil {
			return
		}
		for _, s := range []string{"Birmingham", "US", "Gulf of Mexico", ""} {
			for _, e := range g.Lookup(s) {
				_ = e.Name
			}
		}
	})
}

func TestCompiledFrameHasSize(t *testing.T) {
	bin, _ := Compile([]byte(tinyTSV))
	var h zstd.Header
	if err := h.Decode(bin); err != nil || !h.HasFCS {
		t.Fatalf("frame header %+v %v: the loader sizes its buffer from the content size", h, err)
	}
}
