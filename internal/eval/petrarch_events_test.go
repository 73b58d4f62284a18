package eval

import (
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
)

func TestScoreEvents(t *testing.T) {
	gold, err := ReadEventStories(strings.NewReader(`{"id":"a","text":"x","events":[{"source":"ARN","target":"GON","code":"0331"}]}
{"id":"b","text":"y","events":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	da, db := doc.New("a", "x"), doc.New("b", "y")
	da.Events = []doc.Event{{Source: doc.Actor{Code: "ARN"}, Target: doc.Actor{Code: "GON"}, Code: "033"}}
	db.Events = []doc.Event{{Source: doc.Actor{Code: "ARN"}, Target: doc.Actor{Code: "GON"}, Code: "057", Negated: true}}
	s := ScoreEvents(gold, map[string]*doc.Doc{"a": da, "b": db})
	if s.TP != 0 || s.FP != 1 || s.FN != 1 || s.RootTP != 1 || s.RootFP != 0 || s.RootFN != 0 {
		t.Errorf("%+v", s)
	}
}
