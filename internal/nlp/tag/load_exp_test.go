package tag

import (
	"os"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestLoadTimes: LOADFILES=a,b decodes each file seven times, interleaved,
// and logs the median decode time (clusters not included).
func TestLoadTimes(t *testing.T) {
	fs := os.Getenv("LOADFILES")
	if fs == "" {
		t.Skip("set LOADFILES")
	}
	files := strings.Split(fs, ",")
	ds := make([][]time.Duration, len(files))
	for r := 0; r < 7; r++ {
		for i, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			t0 := time.Now()
			if _, err := Decode(b); err != nil {
				t.Fatal(err)
			}
			ds[i] = append(ds[i], time.Since(t0))
		}
	}
	for i, f := range files {
		sort.Slice(ds[i], func(a, b int) bool { return ds[i][a] < ds[i][b] })
		t.Logf("%s: median %v (min %v)", f, ds[i][3], ds[i][0])
	}
}
