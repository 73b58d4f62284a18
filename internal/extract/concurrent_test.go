package extract

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
)

// TestConcurrentProcess: the pipeline runner calls Process from many
// goroutines on one Stage; results must equal a sequential run.
func TestConcurrentProcess(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*")
	var inputs [][]byte
	var names []string
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil {
			inputs, names = append(inputs, b), append(names, f)
		}
	}
	st := &Stage{HTML: DefaultHTMLOptions}
	run := func(i int) *doc.Doc {
		d, err := DocFromInput(names[i], inputs[i], FormatAuto)
		if err != nil {
			t.Error(err)
			return nil
		}
		if err := st.Process(context.Background(), d); err != nil {
			t.Error(err)
		}
		return d
	}
	want := make([]*doc.Doc, len(inputs))
	for i := range inputs {
		want[i] = run(i)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := 0; k < 3*len(inputs); k++ {
				i := (k + g) % len(inputs)
				got := run(i)
				if got == nil || got.Text != want[i].Text || len(got.Stories) != len(want[i].Stories) {
					t.Errorf("%s: concurrent run differs", names[i])
					return
				}
				for j := range got.Stories {
					if got.Stories[j].Hash != want[i].Stories[j].Hash || got.Stories[j].Span != want[i].Stories[j].Span {
						t.Errorf("%s story %d: concurrent run differs", names[i], j)
					}
				}
			}
		}(g)
	}
	wg.Wait()
}
