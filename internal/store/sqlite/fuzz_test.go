package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
)

// FuzzSearch feeds arbitrary query text to Search: user input must never
// surface as an internal error (a query that cannot mean anything is
// "invalid" at worst) nor crash the process.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"oil prices", `"wheat planting"`, "U.S.", "a OR b", "NOT", "x*", `"`, "(", ")", "NEAR(a b, 2)",
		"col:word", "^start", "a AND", "''", "\x00", "δοκιμή", "港口", "-minus", "+plus", "{a b}: c", "a\"b", "***", "AND OR NOT"} {
		f.Add(s)
	}
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(f.TempDir(), "fuzz.db"), store.Options{})
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	run, _ := db.BeginRun(ctx, store.RunInfo{})
	if _, err := db.Put(ctx, run, []*doc.Doc{
		doc.New("f1", "Wheat planting was delayed by heavy rain across the northern plains."),
		doc.New("f2", "The U.S. and its partners signed a grain corridor agreement on Friday."),
		doc.New("f3", "港口工人周一结束了罢工。"),
	}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		_, err := db.Search(ctx, store.SearchQuery{Text: q, Limit: 5})
		if err != nil && store.ErrorCode(err) != store.CodeInvalid {
			t.Fatalf("query %q: %v", q, err)
		}
	})
}
