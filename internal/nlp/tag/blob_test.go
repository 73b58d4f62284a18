package tag

import (
	"encoding/binary"
	"hash/crc32"
	"testing"
)

// frame appends the checksum the sections end with.
func frame(b []byte) []byte {
	return binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

func TestBlobErrors(t *testing.T) {
	le := binary.LittleEndian
	word := func(b []byte, w string) []byte { return append(le.AppendUint32(b, uint32(len(w))), w...) }
	twice := word(word(le.AppendUint32([]byte("MAG"), 2), "kept"), "kept")
	good := word(word(le.AppendUint32([]byte("MAG"), 2), "kept"), "spent")
	bad := frame([]byte("MAGxx"))
	bad[len(bad)-1] ^= 1
	for _, tc := range []struct {
		name string
		b    []byte
		want string
	}{
		{"magic", frame([]byte("XYZ")), "tag: test: bad magic"},
		{"short frame", []byte("MA"), "tag: test: bad magic"},
		{"checksum", bad, "tag: test: checksum mismatch (corrupt or truncated)"},
		{"no size", frame([]byte("MAG")), "tag: test: truncated"},
		{"huge size", frame(le.AppendUint32([]byte("MAG"), 1<<29)), "tag: test: implausible size 536870912"},
		{"word twice", frame(twice), `tag: test: word "kept" twice`},
		{"word cut", frame(append(le.AppendUint32([]byte("MAG"), 1), 9, 0, 0, 0, 'a')), "tag: test: truncated"},
		{"ok", frame(good), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			r, err := openBlob(tc.b, "MAG", "test")
			if err == nil {
				var n int
				if n, err = r.u32(); err == nil {
					var words []string
					words, _, err = r.words(n)
					if err == nil && (len(words) != 2 || words[1] != "spent" || len(r.p) != 0) {
						t.Fatalf("words %q, %d bytes left", words, len(r.p))
					}
				}
			}
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestBlobFloats(t *testing.T) {
	le := binary.LittleEndian
	var b []byte
	for _, f := range []uint32{0x3f800000, 0xbf000000, 0x40000000} { // 1, -0.5, 2
		b = le.AppendUint32(b, f)
	}
	r := &blob{p: b, what: "test"}
	a, err := r.floats(1, 2)
	if err != nil || len(a) != 2 || a[0][0] != 1 || a[1][0] != -0.5 || a[1][1] != 2 || len(r.p) != 0 {
		t.Fatalf("floats: %v %v", a, err)
	}
	if _, err := (&blob{p: b, what: "test"}).floats(4); err == nil || err.Error() != "tag: test: truncated" {
		t.Fatalf("short: %v", err)
	}
	nan := le.AppendUint32(nil, 0x7fc00000)
	if _, err := (&blob{p: nan, what: "test"}).floats(1); err == nil || err.Error() != "tag: test: weight not finite" {
		t.Fatalf("NaN: %v", err)
	}
	i8, err := (&blob{p: []byte{0xff, 0x7f}, what: "test"}).int8s(2)
	if err != nil || i8[0] != -1 || i8[1] != 127 {
		t.Fatalf("int8s: %v %v", i8, err)
	}
}

func TestMixParams(t *testing.T) {
	for _, tc := range []struct {
		meta map[string]string
		want [3]float32
		err  string
	}{
		{map[string]string{"netweight": "0.5", "nettemp": "16", "netgate": "0"}, [3]float32{0.5, 16, 0}, ""},
		{map[string]string{"netweight": "1.5", "nettemp": "16", "netgate": "0"}, [3]float32{}, `tag: test netweight "1.5"`},
		{map[string]string{"netweight": "1", "nettemp": "0", "netgate": "0"}, [3]float32{}, `tag: test nettemp "0"`},
		{map[string]string{"netweight": "1", "nettemp": "1", "netgate": "-2"}, [3]float32{}, `tag: test netgate "-2"`},
		{map[string]string{"netweight": "1", "nettemp": "NaN", "netgate": "0"}, [3]float32{}, `tag: test nettemp "NaN"`},
		{map[string]string{}, [3]float32{}, `tag: test netweight ""`},
	} {
		got, err := mixParams(tc.meta, "net", "test")
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if msg != tc.err || (err == nil && got != tc.want) {
			t.Errorf("%v: got %v %q, want %v %q", tc.meta, got, msg, tc.want, tc.err)
		}
	}
}
