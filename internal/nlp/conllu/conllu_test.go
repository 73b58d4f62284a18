package conllu

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/shared"
)

const sample = "# sent_id = t1\n# text = We can't stop.\n1\tWe\twe\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tca\tcan\tAUX\tMD\t_\t4\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n4\tstop\tstop\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n4.1\tgo\tgo\tVERB\tVB\t_\t_\t_\t0:root\t_\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n"

func TestRoundTrip(t *testing.T) {
	ss, err := ReadAll(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 1 || len(ss[0].Words) != 5 || len(ss[0].Multis) != 1 || len(ss[0].Empties) != 1 {
		t.Fatalf("got %+v", ss)
	}
	s := ss[0]
	if s.Words[3].Head != 0 || s.Words[1].Head != 4 || s.Words[2].Form != "n't" {
		t.Fatalf("words %+v", s.Words)
	}
	forms, sp := s.Surface()
	if strings.Join(forms, " ") != "We can't stop ." || sp[2] {
		t.Fatalf("surface %v %v", forms, sp)
	}
	if txt, _ := s.Text(); txt != "We can't stop." {
		t.Fatal(txt)
	}
	var b bytes.Buffer
	if err := Write(&b, s); err != nil {
		t.Fatal(err)
	}
	if b.String() != sample {
		t.Fatalf("round trip:\n%s", b.String())
	}
}

func TestErrors(t *testing.T) {
	for _, in := range []string{
		"1\ta\n",                            // columns
		"2\ta\t_\t_\t_\t_\t0\troot\t_\t_\n", // sequence
		"1\ta\t_\t_\t_\t_\t5\troot\t_\t_\n", // head out of range
		"1\ta\t_\t_\t_\t_\tx\troot\t_\t_\n", // bad head
		"3-2\tab\t_\t_\t_\t_\t_\t_\t_\t_\n", // bad range
		"1-2\tab\t_\t_\t_\t_\t_\t_\t_\t_\n1\ta\t_\t_\t_\t_\t0\troot\t_\t_\n", // range beyond words
	} {
		if _, err := ReadAll(strings.NewReader(in)); err == nil {
			t.Errorf("no error for %q", in)
		}
	}
}

func TestDevFileRoundTrip(t *testing.T) {
	path := shared.Require(t, "data", "ud", "en_ewt-ud-dev.conllu")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ss, err := ReadAll(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 2001 {
		t.Fatalf("%d sentences", len(ss))
	}
	var b bytes.Buffer
	for _, s := range ss {
		Write(&b, s)
	}
	if !bytes.Equal(b.Bytes(), raw) {
		t.Fatal("dev file does not round-trip byte for byte")
	}
}

func FuzzReader(f *testing.F) {
	f.Add(sample)
	f.Add("1\ta\t_\t_\t_\t_\t0\troot\t_\t_\n\n\n# x\n1-2\tab\t_\t_\t_\t_\t_\t_\t_\t_\n1\ta\t_\t_\t_\t_\t2\tx\t_\t_\n2\tb\t_\t_\t_\t_\t0\troot\t_\t_\n")
	f.Add("0.1\tx\t_\t_\t_\t_\t_\t_\t_\t_\n")
	f.Fuzz(func(t *testing.T, in string) {
		ss, err := ReadAll(strings.NewReader(in))
		if err != nil {
			return
		}
		var b bytes.Buffer
		for _, s := range ss {
			if err := Write(&b, s); err != nil {
				t.Fatal(err)
			}
			s.Surface()
		}
		// What we write reads back to the same words.
		ss2, err := ReadAll(&b)
		if err != nil {
			t.Fatalf("re-read: %v", err)
		}
		if len(ss2) != len(ss) {
			t.Fatalf("%d vs %d sentences", len(ss2), len(ss))
		}
		for i := range ss {
			if len(ss[i].Words) != len(ss2[i].Words) {
				t.Fatalf("sentence %d: %d vs %d words", i, len(ss[i].Words), len(ss2[i].Words))
			}
		}
	})
}
