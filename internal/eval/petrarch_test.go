package eval

import (
	"os"
	"testing"

	"github.com/newsgraph/newsgraph/internal/event/petrarch"
	"github.com/newsgraph/newsgraph/internal/shared"
)

func TestPetrarchDev(t *testing.T) {
	data := shared.Require(t, "data", "petrarch-validation", "dev.jsonl")
	dir := shared.Require(t, "data", "petrarch-validation", "dicts")
	f, err := os.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := ReadPetrarchRecords(f)
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := petrarch.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	c := petrarch.NewCoder(d)
	got := map[string]petrarch.Output{}
	for i := range recs {
		got[recs[i].ID] = c.CodeRecord(&recs[i].Record)
	}
	rep := ScorePetrarch(recs, got)
	if testing.Verbose() {
		rep.Write(os.Stdout, os.Getenv("PETRARCH_FAILS") != "")
	}
	if rep.All.Pass*100 < rep.All.Total*92 {
		t.Errorf("dev pass rate %d/%d below 92%%", rep.All.Pass, rep.All.Total)
	}
}
