package eval

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/newsgraph/newsgraph/internal/number"
	"github.com/newsgraph/newsgraph/internal/quantity"
	"github.com/newsgraph/newsgraph/internal/shared"
	"github.com/newsgraph/newsgraph/internal/timex"
)

type benchDoc struct{ text, ref string }

func loadBenchDocs(b *testing.B, maxBytes int) []benchDoc {
	var docs []benchDoc
	total := 0
	te := shared.Require(b, "data", "tempeval3", "train")
	ds, err := LoadTempEval(te)
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range ds {
		docs = append(docs, benchDoc{d.Text, d.DCT})
		total += len(d.Text)
	}
	f, err := os.Open(shared.Require(b, "data", "news-corpus", "reuters21578.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() && total < maxBytes {
		var r struct{ Text, Date string }
		if json.Unmarshal(sc.Bytes(), &r) == nil {
			docs = append(docs, benchDoc{r.Text, r.Date})
			total += len(r.Text)
		}
	}
	return docs
}

// BenchmarkTimexQuantity measures timex + quantity recognition together
// (one scan shared, as the stages would each scan once) over TempEval-3
// training text and Reuters news; SetBytes makes -bench report MB/s.
func BenchmarkTimexQuantity(b *testing.B) {
	docs := loadBenchDocs(b, 3<<20)
	n := 0
	for _, d := range docs {
		n += len(d.text)
	}
	b.SetBytes(int64(n))
	b.ResetTimer()
	cpu0 := CPUTime()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			TimexQuantityPass(d.text, d.ref)
		}
	}
	// On a shared machine wall time overstates the cost; CPU time of this
	// single-goroutine loop is what one core spends.
	if cpu := (CPUTime() - cpu0).Seconds(); cpu > 0 {
		b.ReportMetric(float64(n)*float64(b.N)/cpu/1e6, "MB/cpu-s")
	}
}

var _ = number.Scan
var _ = quantity.Find
var _ = timex.Recognize
