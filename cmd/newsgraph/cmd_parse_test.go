package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/nlp/conllu"
)

// parse --conllu keeps tokenisation, comments and multi-word tokens and
// fills tags, lemmas, heads and relations.
func TestParseConllu(t *testing.T) {
	in := "# sent_id = a\n# text = We don't agree.\n1\tWe\t_\t_\t_\t_\t_\t_\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\t_\t_\t_\t_\t_\t_\t_\t_\n3\tn't\t_\t_\t_\t_\t_\t_\t_\t_\n4\tagree\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n5\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n"
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(in), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	if code := m.Run(context.Background(), []string{"parse", "--conllu"}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	res := out.String()
	ss, err := conllu.ReadAll(strings.NewReader(res))
	if err != nil || len(ss) != 1 {
		t.Fatalf("%v %d\n%s", err, len(ss), res)
	}
	s := ss[0]
	if len(s.Words) != 5 || len(s.Multis) != 1 || s.ID() != "a" || s.Words[3].Misc != "SpaceAfter=No" {
		t.Fatalf("structure changed:\n%s", res)
	}
	roots := 0
	for _, w := range s.Words {
		if w.UPOS == "" || w.XPOS == "" || w.Lemma == "" || w.Deprel == "" || w.Head < 0 {
			t.Fatalf("unfilled word %+v", w)
		}
		if w.Head == 0 {
			roots++
		}
	}
	if roots != 1 || s.Words[3].Head != 0 || s.Words[0].Deprel != "nsubj" || s.Words[2].Lemma != "not" {
		t.Fatalf("unexpected analysis:\n%s", res)
	}
}
