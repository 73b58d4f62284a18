package ner

import (
	"reflect"
	"strings"
	"testing"
)

// Options belong to one Recognizer: copies with other options tag the same
// document side by side (run with -race) and leave the shared default alone.
func TestOptions(t *testing.T) {
	t.Parallel()
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if r.Options() != DefaultOptions() || DefaultOptions() != (Options{Vote: 0.7, Tidy: true, Skip: true}) {
		t.Fatalf("default options %+v", r.Options())
	}
	var doc [][]string
	for _, s := range strings.Split("Um , I think so . | Oh , Alex ? | Hey Alex ! | [ Alex ] said hi .", " | ") {
		doc = append(doc, strings.Fields(s))
	}
	tidied := [][]Entity{nil, {{2, 3, "PER"}}, {{1, 2, "PER"}}, {{1, 2, "PER"}}}
	raw := [][]Entity{{{0, 1, "ORG"}}, {{0, 1, "ORG"}, {2, 4, "PER"}}, {{1, 3, "PER"}}, {{1, 3, "PER"}, {4, 5, "PER"}}}
	for _, c := range []struct {
		name string
		o    Options
		want [][]Entity
	}{
		{"default", DefaultOptions(), tidied},
		{"off", Options{}, raw},
		{"tidy", Options{Tidy: true}, tidied},
		{"no tidy", Options{Vote: 0.7, Skip: true}, raw},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			rc := r.WithOptions(c.o)
			if rc.Options() != c.o {
				t.Errorf("options %+v", rc.Options())
			}
			for range 20 {
				got := rc.TagDocument(doc)
				for i := range got {
					if len(got[i]) == 0 {
						got[i] = nil
					}
				}
				if !reflect.DeepEqual(got, c.want) {
					t.Fatalf("got %v, want %v", got, c.want)
				}
			}
		})
	}
	if r.Options() != DefaultOptions() {
		t.Errorf("WithOptions changed the default recogniser: %+v", r.Options())
	}
}

// Each option's effect on eng.testa (entities predicted and correct), the
// option sets tagged in parallel with the one shared model.
func TestOptionsDev(t *testing.T) {
	t.Parallel()
	dev := readShared(t, "eng.testa")
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name          string
		o             Options
		pred, correct int
	}{
		{"default", DefaultOptions(), 5951, 5567},               // F1 93.62
		{"vote 0", Options{Tidy: true, Skip: true}, 5951, 5566}, // F1 93.60
		{"no skip", Options{Vote: 0.7, Tidy: true}, 5958, 5568},
		{"no tidy", Options{Vote: 0.7, Skip: true}, 5951, 5567}, // Tidy leaves Reuters as it was
		{"off", Options{}, 5958, 5567},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			pred := r.WithOptions(c.o).TagCorpus(dev)
			p, ok := 0, 0
			for d, doc := range dev.Docs {
				for s, st := range doc.Sentences {
					gold := map[Entity]bool{}
					for _, e := range Entities(st.Gold) {
						gold[e] = true
					}
					for _, e := range Entities(pred[d][s]) {
						p++
						if gold[e] {
							ok++
						}
					}
				}
			}
			if p != c.pred || ok != c.correct {
				t.Errorf("%s: %d predicted, %d correct; want %d, %d", c.name, p, ok, c.pred, c.correct)
			}
		})
	}
}
