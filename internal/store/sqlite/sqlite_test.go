package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
)

func openTemp(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}

func TestOpenViaRegistry(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "reg.db")
	for _, dsn := range []string{path, "sqlite://" + path, "file:" + path + "?mode=rwc"} {
		s, err := store.Open(ctx, dsn, store.Options{})
		if err != nil {
			t.Fatalf("%s: %v", dsn, err)
		}
		s.Close()
	}
	_, err := store.Open(ctx, "postgres://localhost/test", store.Options{})
	if err == nil || !strings.Contains(err.Error(), "not yet supported") {
		t.Fatalf("postgres: %v", err)
	}
}

func TestMigrationsAndReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var mode string
	if err := db.w.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode %q %v", mode, err)
	}
	run, _ := db.BeginRun(ctx, store.RunInfo{})
	d := doc.New("big", strings.Repeat("A long sentence that repeats itself for compression. ", 100))
	if _, err := db.Put(ctx, run, []*doc.Doc{d}); err != nil {
		t.Fatal(err)
	}
	var enc, n int
	if err := db.w.QueryRow("SELECT enc, length(body) FROM documents").Scan(&enc, &n); err != nil {
		t.Fatal(err)
	}
	if enc != store.EncS2 || n > len(d.Text)/4 {
		t.Fatalf("body enc %d, %d bytes for %d of text: compression did not pay", enc, n, len(d.Text))
	}
	db.Close()
	// Reopen: migrations are not applied twice, data is there.
	db, err = Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var migs int
	db.w.QueryRow("SELECT count(*) FROM schema_migrations").Scan(&migs)
	if migs != latestMigration() {
		t.Fatalf("%d migration rows, want %d", migs, latestMigration())
	}
	db.Close()
	ro, err := Open(ctx, path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	got, err := ro.Doc(ctx, "big")
	if err != nil || got.Text != d.Text {
		t.Fatalf("read-only doc: %v", err)
	}
	if _, err := ro.Put(ctx, run, []*doc.Doc{d}); store.ErrorCode(err) != store.CodeInvalid {
		t.Fatalf("put on read-only store: %v", err)
	}
	if _, err := Open(ctx, filepath.Join(t.TempDir(), "none.db"), store.Options{ReadOnly: true}); store.ErrorCode(err) != store.CodeNotFound {
		t.Fatalf("read-only open of a missing file: %v", err)
	}
}

// Two handles on one file, as two processes would have: a reader handle
// keeps working while the other writes.
func TestTwoHandles(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "two.db")
	w, err := Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w2, err := Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	run, _ := w.BeginRun(ctx, store.RunInfo{})
	run2, _ := w2.BeginRun(ctx, store.RunInfo{})
	done := make(chan error)
	go func() {
		for i := 0; i < 20; i++ {
			if _, err := w2.Put(ctx, run2, []*doc.Doc{doc.New("x"+strings.Repeat("y", i), "Second writer text number "+strings.Repeat("z", i))}); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for i := 0; i < 20; i++ {
		if _, err := w.Put(ctx, run, []*doc.Doc{doc.New("a"+strings.Repeat("b", i), "First writer text number "+strings.Repeat("c", i))}); err != nil {
			t.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	st, err := w.Stats(ctx)
	if err != nil || st.Documents != 40 {
		t.Fatalf("%v %d docs", err, st.Documents)
	}
}
