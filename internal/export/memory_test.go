package export

import (
	"context"
	"io"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/shared"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/synth"
)

// synthStore fills a SQLite store with n synthetic documents (about 3.3
// events each).
func synthStore(t testing.TB, n int) Source {
	t.Helper()
	gen, err := synth.New(synth.Config{Seed: 7, Entities: 2000, Days: 90, CameoDir: shared.Require(t, "data", "cameo")})
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "synth.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	run, err := st.BeginRun(ctx, store.RunInfo{Started: runStart})
	if err != nil {
		t.Fatal(err)
	}
	batch := make([]*doc.Doc, 0, 200)
	for i := 0; i < n; i++ {
		batch = append(batch, gen.Next())
		if len(batch) == cap(batch) || i == n-1 {
			if _, err := st.Put(ctx, run, batch); err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	return st.(Source)
}

type memStats struct {
	events, rows int64
	peakHeap     uint64  // largest live heap seen after a GC at a page end
	allocPerRow  float64 // bytes allocated per row written
	perRow       time.Duration
}

func measure(t *testing.T, src Source, format string, opt Options) memStats {
	t.Helper()
	var s memStats
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	c, err := FromStore(context.Background(), src, format, io.Discard, StoreOptions{Options: opt, PageSize: 250, Progress: func(Counts) {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		s.peakHeap = max(s.peakHeap, m.HeapAlloc)
	}})
	if err != nil {
		t.Fatal(err)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	s.events, s.rows = c.Events, c.Rows
	s.allocPerRow = float64(after.TotalAlloc-before.TotalAlloc) / float64(c.Rows)
	s.perRow = time.Since(start) / time.Duration(c.Rows)
	return s
}

// TestExportMemoryBounded exports a store and one four times its size:
// the live heap at page ends stays the same (within a page's worth), and
// the bytes allocated per row do not grow with the store.
func TestExportMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("fills two synthetic stores (a few seconds)")
	}
	defer func(n int64) { rowGroupRows = n }(rowGroupRows)
	rowGroupRows = 512 // several row groups in the small store already
	small, large := synthStore(t, 200), synthStore(t, 800)
	for _, tc := range []struct {
		format string
		opt    Options
	}{{"gdelt", Options{}}, {"csv", Options{}}, {"mentions", Options{}}, {"parquet", Options{}}, {"jsonl", Options{}}, {"parquet", Options{Table: "entities"}}} {
		s, l := measure(t, small, tc.format, tc.opt), measure(t, large, tc.format, tc.opt)
		t.Logf("%-8s %-8s small: %5d rows, peak heap %5.1f MB, %6.0f B/row, %v/row; large: %5d rows, peak heap %5.1f MB, %6.0f B/row, %v/row",
			tc.format, tc.opt.Table, s.rows, float64(s.peakHeap)/1e6, s.allocPerRow, s.perRow, l.rows, float64(l.peakHeap)/1e6, l.allocPerRow, l.perRow)
		// Entities repeat across documents (a Zipf population), so that
		// table grows more slowly than the store.
		if l.rows < 3*s.rows && !(tc.opt.Table == "entities" && l.rows > s.rows) {
			t.Fatalf("%s: large store has %d rows, small %d", tc.format, l.rows, s.rows)
		}
		// 2 MB covers GC timing and the pages in flight; a writer that kept
		// rows would add well over that for 3x more of them.
		if l.peakHeap > s.peakHeap+2<<20 {
			t.Errorf("%s %s: peak heap %d bytes for %d rows, %d for %d rows", tc.format, tc.opt.Table, l.peakHeap, l.rows, s.peakHeap, s.rows)
		}
		if l.allocPerRow > 1.5*s.allocPerRow {
			t.Errorf("%s %s: %.0f bytes allocated per row, %.0f in the small store", tc.format, tc.opt.Table, l.allocPerRow, s.allocPerRow)
		}
	}
}

// BenchmarkExportStore measures rows per second (wall and CPU) from a
// SQLite store of 1,000 synthetic documents (about 3,300 events):
//
//	go test -run XXX -bench ExportStore -cpu 1 ./internal/export/
func BenchmarkExportStore(b *testing.B) {
	src := synthStore(b, 1000)
	for _, format := range []string{"gdelt", "csv", "mentions", "parquet", "jsonl"} {
		b.Run(format, func(b *testing.B) {
			var rows int64
			cpu0 := cpuTime()
			for b.Loop() {
				c, err := FromStore(context.Background(), src, format, io.Discard, StoreOptions{})
				if err != nil {
					b.Fatal(err)
				}
				rows = c.Rows
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			if cpu := cpuTime() - cpu0; cpu > 0 {
				b.ReportMetric(float64(rows)*float64(b.N)/cpu.Seconds(), "rows/cpu-s")
			}
		})
	}
}
