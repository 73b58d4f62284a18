package wink

import (
	"os"
	"path/filepath"
	"testing"
)

const sample = `{"words":["a","vectors"],"vectors":{"a":[1,2,3,9,0],"b\"c":[4,5,6,9,1],"d":[7,8,9,9,2]},"dimensions":3,"unkVector":[0,0,0]}`

func TestReadSelected(t *testing.T) {
	in := []byte(sample)
	vs, err := ReadSelected(in, 3, func(w string) bool { return w != "d" })
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs["a"][2] != 3 || vs[`b"c`][0] != 4 {
		t.Fatalf("got %v", vs)
	}
	if _, err := ReadSelected(in[:40], 3, func(string) bool { return true }); err == nil {
		t.Fatal("no error for a truncated file")
	}
}

func TestLoad(t *testing.T) {
	p := filepath.Join(t.TempDir(), "w.json")
	if err := os.WriteFile(p, []byte(sample), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if f.Dims != 3 || len(f.Words) != 2 || f.Vectors["d"][1] != 8 || len(f.Vectors[`b"c`]) != 5 {
		t.Fatalf("got %+v", f)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "none.json")); err == nil {
		t.Fatal("no error for a missing file")
	}
}
