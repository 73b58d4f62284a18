package store

import (
	"context"
	"sync"

	"github.com/newsgraph/newsgraph/internal/doc"
)

// DefaultBatch is how many documents one Put transaction holds at most:
// large enough that commit and full-text index flush costs vanish (500 →
// 2000 saves a tenth of the store's CPU), small enough that a killed ingest
// loses little work. MaxBatchText caps a batch by text size too, since
// documents with every NLP layer weigh ~20 times their text.
const (
	DefaultBatch = 2000
	MaxBatchText = 4 << 20
)

// Writer batches documents into Put calls made on a goroutine of their own,
// so the pipeline keeps working while a batch commits. One Writer per run;
// Add and Close are called from one goroutine.
type Writer struct {
	s     Store
	run   int64
	size  int
	batch []*doc.Doc
	text  int
	ch    chan []*doc.Doc
	done  chan struct{}

	mu     sync.Mutex
	counts RunCounts
	err    error
	// OnPut, when set before the first Add, is called after each committed
	// batch (on the writer goroutine) with what it did.
	OnPut func(PutResult)
}

// NewWriter starts a writer for run; size <= 0 means DefaultBatch.
func NewWriter(ctx context.Context, s Store, runID int64, size int) *Writer {
	if size <= 0 {
		size = DefaultBatch
	}
	w := &Writer{s: s, run: runID, size: size, ch: make(chan []*doc.Doc, 1), done: make(chan struct{})}
	go w.loop(ctx)
	return w
}

func (w *Writer) loop(ctx context.Context) {
	defer close(w.done)
	for b := range w.ch {
		if w.Err() != nil {
			continue // drain: the first error stops writing
		}
		r, err := w.s.Put(ctx, w.run, b)
		w.mu.Lock()
		if err != nil {
			w.err = err
		} else {
			w.counts.Add(r.Counts())
		}
		w.mu.Unlock()
		if err == nil && w.OnPut != nil {
			w.OnPut(r)
		}
	}
}

// Add queues a document; it returns the first write error so far.
func (w *Writer) Add(ctx context.Context, d *doc.Doc) error {
	if err := w.Err(); err != nil {
		return err
	}
	w.batch = append(w.batch, d)
	w.text += len(d.Text) + len(d.RawHTML)
	if len(w.batch) >= w.size || w.text >= MaxBatchText {
		return w.flush(ctx)
	}
	return nil
}

func (w *Writer) flush(ctx context.Context) error {
	if len(w.batch) == 0 {
		return w.Err()
	}
	b := w.batch
	w.batch, w.text = make([]*doc.Doc, 0, min(w.size, 256)), 0
	select {
	case w.ch <- b:
	case <-ctx.Done():
		return ctx.Err()
	}
	return w.Err()
}

// Close writes what is queued and waits for it. With a cancelled ctx the
// partial batch is dropped (its documents were never committed, so a rerun
// stores them).
func (w *Writer) Close(ctx context.Context) (RunCounts, error) {
	var err error
	if ctx.Err() == nil {
		err = w.flush(ctx)
	}
	close(w.ch)
	<-w.done
	if e := w.Err(); e != nil {
		err = e
	}
	return w.Counts(), err
}

// Counts returns the totals of the batches committed so far.
func (w *Writer) Counts() RunCounts {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.counts
}

// Err returns the first write error.
func (w *Writer) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}
