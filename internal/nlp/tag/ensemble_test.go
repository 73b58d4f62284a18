package tag

import (
	"bytes"
	"encoding/base64"
	"math"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
)

// An ensemble is reproducible, records its size, and scores exactly the
// mean of its members' scores.
func TestEnsemble(t *testing.T) {
	sents := smallTrain(t, 300)
	ens := trainTwice(t, sents, Options{Epochs: 2, Seed: 7, Ensemble: 3})
	if o := ens.TrainOptions(); o.Ensemble != 3 || o.Seed != 7 || o.Epochs != 2 || o.Lexicon != nil {
		t.Fatalf("TrainOptions %+v", o)
	}
	// Members alone (seeds 7, 8, 9) against the merged model, on features
	// of a real sentence.
	var members []*perceptron.Model
	for s := uint64(7); s < 10; s++ {
		tg, err := Train(sents, Options{Epochs: 2, Seed: s, Prune: 1e-30})
		if err != nil {
			t.Fatal(err)
		}
		members = append(members, tg.Model())
	}
	var h perceptron.Hasher
	info := ens.info([]string{"The", "talks", "resumed", "today", "."}, nil)
	n := ens.Model().NumClasses()
	for i := range info {
		feats := ens.features(&h, nil, info, i, 3, 5)
		got := make([]float32, n)
		ens.Model().Scores(feats, got)
		want := make([]float32, n)
		for _, m := range members {
			m.Scores(feats, want)
		}
		for c := range want {
			w := want[c] / 3
			if math.Abs(float64(got[c]-w)) > 0.002+1e-5*math.Abs(float64(w)) {
				t.Fatalf("word %d class %d: merged %g, mean of members %g", i, c, got[c], w)
			}
		}
	}
}

const testLex = "talks\tNOUN\tNOUN+VERB\t0\nzorblat\tVERB\tVERB\t\nparis\tPROPN\tPROPN\t4\n"

func TestParseLex(t *testing.T) {
	m, err := parseLex(testLex)
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != 3 || m["talks"] != (lexEntry{"NOUN", "NOUN+VERB", "0", 0}) || m["zorblat"] != (lexEntry{"VERB", "VERB", "", 1}) || m["paris"].rank != 2 {
		t.Fatalf("%+v", m)
	}
	if m, err := parseLex("a\tNOUN\tNOUN\n"); err != nil || m["a"].cap != "" {
		t.Fatalf("three columns: %v %+v", err, m)
	}
	for _, bad := range []string{"a\tNOUN", "\tNOUN\tNOUN\t1", "a\tb\tc\td\te", "a\tNOUN\tNOUN\n\n"} {
		if _, err := parseLex(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// A lexicon rides in the model file: the decoded tagger tags as the trained
// one, unseen words get the lexicon's ambiguity class, and a damaged
// lexicon or mode is an error.
func TestLexiconModel(t *testing.T) {
	sents := smallTrain(t, 200)
	tg, err := Train(sents, Options{Epochs: 2, Seed: 3, Lexicon: []byte(testLex), LexMode: lexStatic | lexAmbig | lexCaps})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	tg.Model().WriteTo(&b)
	back, err := Decode(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if back.lexMode != lexStatic|lexAmbig|lexCaps || len(back.lex) != 3 {
		t.Fatalf("mode %d, %d entries", back.lexMode, len(back.lex))
	}
	o := back.TrainOptions()
	if o.Epochs != 2 || o.Seed != 3 || o.LexMode != lexStatic|lexAmbig|lexCaps || string(o.Lexicon) != testLex || o.Ensemble != 0 || o.SecondPass {
		t.Errorf("TrainOptions %+v", o)
	}
	words := []string{"The", "zorblat", "talks", "in", "Paris", "."}
	a, c := tg.Tags(words, nil), back.Tags(words, nil)
	for i := range a {
		if a[i] != c[i] {
			t.Fatalf("word %d: trained %v, decoded %v", i, a[i], c[i])
		}
	}
	if wi := back.wordInfo("Zorblat"); wi.ambig != strHash("~VERB|"+string(shape("Zorblat", nil))) {
		t.Error("an unseen lexicon word does not take its lexicon set as ambiguity class")
	}
	if back.wordInfo("Paris").lexCap == back.wordInfo("paris").lexCap {
		t.Error("capitalisation class ignores the token's own casing")
	}
	for _, c := range []struct{ lex, mode string }{{"bad", "3"}, {testLex, "0"}, {testLex, "x"}, {testLex, "99"}} {
		m, err := perceptron.Decode(b.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		m.Meta["lex"], m.Meta["lexmode"] = c.lex, c.mode
		if _, err := FromModel(m); err == nil {
			t.Errorf("lex %q mode %q: no error", c.lex, c.mode)
		}
	}
	// Without the window network the lexicon rides as plain text (so older
	// models are rebuilt byte for byte); with it, gzip-compressed ("lexgz"),
	// which decodes to the same tagger, and a damaged one is refused.
	m, err := perceptron.Decode(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if m.Meta["lex"] == "" || m.Meta["lexgz"] != "" {
		t.Fatalf("lex %d bytes, lexgz %d bytes", len(m.Meta["lex"]), len(m.Meta["lexgz"]))
	}
	gz, err := gzipBytes([]byte(m.Meta["lex"]))
	if err != nil {
		t.Fatal(err)
	}
	delete(m.Meta, "lex")
	m.Meta["lexgz"] = base64.StdEncoding.EncodeToString(gz)
	if z, err := FromModel(m); err != nil || len(z.lex) != len(back.lex) {
		t.Fatalf("lexgz model: %v", err)
	}
	for _, bad := range []string{"!!", "AAAA", m.Meta["lexgz"][:len(m.Meta["lexgz"])/2]} {
		m.Meta["lexgz"] = bad
		if _, err := FromModel(m); err == nil || !strings.Contains(err.Error(), "lexicon") {
			t.Errorf("lexgz %q: %v", bad, err)
		}
	}
}

// Ensemble members with a second pass each: reproducible, decodable, and
// TrainOptions gives back what a jack-knife needs to train the same way.
func TestEnsembleTwoPass(t *testing.T) {
	sents := smallTrain(t, 200)
	opt := Options{Epochs: 1, Seed: 5, Ensemble: 2, SecondPass: true, Pass2Ensemble: true, Folds: 2, Gate: 8, Prune: 0.5}
	var files [2][]byte
	for i := range files {
		tg, err := Train(sents, opt)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		tg.Model().WriteTo(&b)
		files[i] = b.Bytes()
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Fatal("two trainings with the same seed differ")
	}
	back, err := Decode(files[0])
	if err != nil {
		t.Fatal(err)
	}
	o := back.TrainOptions()
	if !o.SecondPass || !o.Pass2Ensemble || o.Ensemble != 2 || o.Gate != 8 || o.Folds != 2 || o.Prune != 0.5 || o.Seed != 5 {
		t.Fatalf("TrainOptions %+v", o)
	}
	if got := back.Tags([]string{"I", "like", "the", "house"}, nil); got[2].UPOS != "DET" {
		t.Fatalf("%+v", got)
	}
}
