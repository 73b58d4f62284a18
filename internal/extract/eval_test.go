package extract

import (
	"context"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/eval"
	"github.com/newsgraph/newsgraph/internal/shared"
)

// TestDevF1 scores the stage on the article-extraction dev split the way
// `newsgraph eval extract` does. It stops after 25 s on a slow machine and
// scores the pages done (ids are hashes, so a prefix is a fair sample).
func TestDevF1(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	pages, err := eval.LoadExtractData(shared.Require(t, "data", "article-extraction", "dev"))
	if err != nil {
		t.Fatal(err)
	}
	st := &Stage{HTML: DefaultHTMLOptions}
	var scores []eval.PageScore
	t0 := time.Now()
	for _, p := range pages {
		if time.Since(t0) > 25*time.Second && len(scores) >= 30 {
			break
		}
		d := doc.New(p.ID, "")
		d.RawHTML = p.HTML
		if err := st.Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		scores = append(scores, eval.MatchShingles(p.ID, p.Gold, MainText(d)))
	}
	agg := eval.Aggregate(scores)
	t.Logf("%d/%d pages: P %.4f R %.4f F1 %.4f in %v", len(scores), len(pages), agg.Precision, agg.Recall, agg.F1, time.Since(t0).Round(time.Millisecond))
	if agg.F1 < 0.95 {
		t.Errorf("dev F1 %.4f < 0.95", agg.F1)
	}
}
