package tag

import (
	"bytes"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/nlp/conllu"
	"github.com/newsgraph/newsgraph/internal/nlp/perceptron"
	"github.com/newsgraph/newsgraph/internal/shared"
	"github.com/newsgraph/newsgraph/internal/text"
)

func smallTrain(t testing.TB, n int) []Sentence {
	ss, err := conllu.ReadFile(shared.Require(t, "data", "ud", "en_ewt-ud-train.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	return FromCoNLLU(ss[:n])
}

// Training with a fixed seed gives byte-identical model files.
func TestReproducible(t *testing.T) {
	sents := smallTrain(t, 400)
	tg := trainTwice(t, sents, Options{Epochs: 2, Seed: 7})
	if got := tg.Tags([]string{"I", "like", "the", "house"}, nil); got[2].UPOS != "DET" {
		t.Fatalf("%+v", got)
	}
}

// The two-pass tagger (jack-knifed first-pass input) is reproducible too,
// round-trips through its file, and its second pass changes some tags.
func TestReproducibleTwoPass(t *testing.T) {
	sents := smallTrain(t, 300)
	back := trainTwice(t, sents, Options{Epochs: 2, Seed: 7, SecondPass: true, Folds: 2, Gate: 4})
	if !back.twoPass || back.gate != 4 || back.Model().Meta["folds"] != "2" {
		t.Fatalf("two-pass settings lost: %v %v %q", back.twoPass, back.gate, back.Model().Meta["folds"])
	}
	changed := 0
	var sc Scratch
	for _, s := range sents {
		two := back.Tags(s.Words, &sc)
		back.twoPass = false
		one := back.Tags(s.Words, &sc)
		back.twoPass = true
		for i := range two {
			if two[i] != one[i] {
				changed++
			}
		}
	}
	if changed == 0 {
		t.Fatal("the second pass changed no tag")
	}
	// A damaged second-pass model in the header is an error, not a crash.
	var file bytes.Buffer
	if _, err := back.Model().WriteTo(&file); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"!!", "TkdQTQ==", ""} {
		m, err := perceptron.Decode(file.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		m.Meta["pass2"] = bad
		if _, err := FromModel(m); err == nil {
			t.Errorf("pass2 %q: no error", bad)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	tg, err := Train(smallTrain(t, 50), Options{Epochs: 1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	tg.Model().WriteTo(&b)
	good := b.Bytes()
	for _, bad := range [][]byte{nil, []byte("NGPM"), good[:len(good)/2], append(append([]byte{}, good[:100]...), 0)} {
		if _, err := Decode(bad); err == nil {
			t.Errorf("no error for %d bytes", len(bad))
		}
	}
}

func FuzzDecode(f *testing.F) {
	tg, err := Train([]Sentence{{Words: []string{"a", "b"}, Tags: []Tag{{"DET", "DT"}, {"NOUN", "NN"}}, Lemmas: []string{"a", "b"}}}, Options{Epochs: 1})
	if err != nil {
		f.Fatal(err)
	}
	var b bytes.Buffer
	tg.Model().WriteTo(&b)
	f.Add(b.Bytes())
	f.Add([]byte("NGPM\x01\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tg, err := Decode(data)
		if err != nil {
			return
		}
		tg.Tags([]string{"a", "b", "c"}, nil)
	})
}

func TestLemma(t *testing.T) {
	tg := &Tagger{lemmas: map[string]string{lemmaKey("went", "VBD"): "go"}}
	for _, c := range []struct{ form, xpos, want string }{
		{"went", "VBD", "go"}, {"stopped", "VBD", "stop"}, {"studies", "NNS", "study"}, {"boxes", "NNS", "box"},
		{"Xi", "NNP", "Xi"}, {"The", "DT", "the"}, {"running", "VBG", "run"}, {"said", "VBD", "said"},
	} {
		if got := tg.Lemma(c.form, Tag{XPOS: c.xpos}); got != c.want {
			t.Errorf("Lemma(%q, %s) = %q, want %q", c.form, c.xpos, got, c.want)
		}
	}
}

// The embedded model tags a Doc's tokens.
func TestStage(t *testing.T) {
	tg, err := Default()
	if err != nil {
		t.Skip(err)
	}
	src := "The minister said talks would resume."
	d := doc.New("x", src)
	toks := text.Tokenize(src)
	for _, tk := range toks {
		d.Tokens = append(d.Tokens, doc.Token{Span: tk.Span, Form: tk.Form, Head: -1})
	}
	d.Sentences = []doc.Sentence{{Span: text.Span{Start: 0, End: len(src)}, TokenStart: 0, TokenEnd: len(toks)}}
	tg.TagDoc(d, &Scratch{})
	want := []string{"DET", "NOUN", "VERB", "NOUN", "AUX", "VERB", "PUNCT"}
	for i, tk := range d.Tokens {
		if tk.UPOS != want[i] {
			t.Errorf("token %q: %s, want %s", tk.Form, tk.UPOS, want[i])
		}
	}
	if d.Tokens[2].Lemma != "say" || d.Tokens[5].Lemma != "resume" {
		t.Errorf("lemmas %q %q", d.Tokens[2].Lemma, d.Tokens[5].Lemma)
	}
}

// Entity-label features are off unless asked for: without Options.NER the
// model records nothing and ignores labels; with it, the labels change the
// model, the header keeps the option and training is reproducible.
func TestNEROption(t *testing.T) {
	sents := smallTrain(t, 200)
	for i := range sents {
		l := make([]string, len(sents[i].Words))
		for j, w := range sents[i].Words {
			if j > 0 && w != "" && w[0] >= 'A' && w[0] <= 'Z' {
				l[j] = "U-ORG"
			}
		}
		sents[i].NER = l
	}
	enc := func(opt Options) ([]byte, *Tagger) {
		tg, err := Train(sents, opt)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		tg.Model().WriteTo(&b)
		return b.Bytes(), tg
	}
	off, tgOff := enc(Options{Epochs: 2, Seed: 3})
	noLab := make([]Sentence, len(sents))
	for i, s := range sents {
		s.NER = nil
		noLab[i] = s
	}
	plain, err := Train(noLab, Options{Epochs: 2, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	var pb bytes.Buffer
	plain.Model().WriteTo(&pb)
	if !bytes.Equal(off, pb.Bytes()) {
		t.Fatal("labels changed a model trained without Options.NER")
	}
	if _, ok := tgOff.Model().Meta["ner"]; ok || tgOff.UsesNER() {
		t.Fatal("model without Options.NER records ner")
	}
	on, _ := enc(Options{Epochs: 2, Seed: 3, NER: true})
	on2, _ := enc(Options{Epochs: 2, Seed: 3, NER: true})
	if !bytes.Equal(on, on2) {
		t.Fatal("two trainings with Options.NER differ")
	}
	if bytes.Equal(on, off) {
		t.Fatal("Options.NER did not change the model")
	}
	back, err := Decode(on)
	if err != nil {
		t.Fatal(err)
	}
	if !back.UsesNER() || !back.TrainOptions().NER {
		t.Fatal("decoded model lost the NER option")
	}
	words := []string{"I", "work", "for", "Acme", "."}
	if got := back.TagsNER(words, nil, nil); len(got) != len(words) {
		t.Fatalf("%d tags", len(got))
	}
}

// trainTwice trains on sents twice with the same options, fails unless the
// two model files are byte-identical, and returns the first one decoded.
func trainTwice(t *testing.T, sents []Sentence, o Options) *Tagger {
	t.Helper()
	var files [2][]byte
	for i := range files {
		tg, err := Train(sents, o)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := tg.Model().WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		files[i] = b.Bytes()
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Fatal("two trainings with the same seed differ")
	}
	tg, err := Decode(files[0])
	if err != nil {
		t.Fatal(err)
	}
	return tg
}
