package petrarch

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// deps reads "FORM UPOS XPOS HEAD DEPREL" rows (HEAD 1-based, 0 = root).
func deps(t testing.TB, rows string) []DepToken {
	var out []DepToken
	for _, ln := range strings.Split(strings.TrimSpace(rows), "\n") {
		f := strings.Fields(ln)
		h, err := strconv.Atoi(f[3])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, DepToken{Form: f[0], UPOS: f[1], XPOS: f[2], Head: h - 1, Deprel: f[4]})
	}
	return out
}

// checkRepair runs repair on the rows' tree and wants every word's "HEAD
// DEPREL" (1-based) as changed says, and as it was for the words changed
// leaves out.
func checkRepair(t *testing.T, name, rows string, repair func([]DepToken), changed map[int]string) {
	t.Helper()
	toks := deps(t, rows)
	repair(toks)
	orig := deps(t, rows)
	for k := range toks {
		got := fmt.Sprintf("%d %s", toks[k].Head+1, toks[k].Deprel)
		want, ok := changed[k+1]
		if !ok {
			want = fmt.Sprintf("%d %s", orig[k].Head+1, orig[k].Deprel)
		}
		if got != want {
			t.Errorf("%s: word %d (%s) = %q, want %q", name, k+1, toks[k].Form, got, want)
		}
	}
}

func TestFromDependencies(t *testing.T) {
	c := NewCoder(testDicts(t))
	cases := []struct {
		rows string
		want []string
	}{
		{`
Arnor PROPN NNP 3 nsubj
will AUX MD 3 aux
restore VERB VB 0 root
diplomatic ADJ JJ 5 amod
ties NOUN NNS 3 obj
with ADP IN 7 case
Gondor PROPN NNP 3 obl
. PUNCT . 3 punct`, []string{"ARN>GON:064"}},
		{`
Arnor PROPN NNP 5 nsubj
and CCONJ CC 4 cc
the DET DT 4 det
Shire PROPN NNP 1 conj
met VERB VBD 0 root
Gondor PROPN NNP 5 obj
. PUNCT . 5 punct`, []string{"ARN>GON:031", "GON>ARN:031", "FRO>GON:031", "GON>FRO:031", "BIL>GON:031", "GON>BIL:031"}},
		{`
Gondor PROPN NNP 3 nsubj:pass
was AUX VBD 3 aux:pass
met VERB VBN 0 root
by ADP IN 5 case
Arnor PROPN NNP 3 obl
. PUNCT . 3 punct`, []string{"ARN>GON:031", "GON>ARN:031"}},
	}
	for _, tc := range cases {
		tr := FromDependencies(deps(t, tc.rows))
		var ws []string
		for _, w := range tr.Words {
			ws = append(ws, w.Word)
		}
		res := c.CodeTree(tr, 19950101, DefaultConfig)
		got := map[string]bool{}
		for _, e := range res.Events {
			got[e.Source+">"+e.Target+":"+e.Code] = true
		}
		ok := len(got) == len(tc.want)
		for _, w := range tc.want {
			ok = ok && got[w]
		}
		if !ok {
			t.Errorf("%s\n%s: got %v want %v", strings.Join(ws, " "), tr.Root, got, tc.want)
		}
	}
}

func FuzzFromDependencies(f *testing.F) {
	f.Add([]byte{2, 0, 1, 3, 255, 2})
	f.Add([]byte{1, 1, 1})
	f.Add([]byte{5, 5, 0, 5, 5, 0, 3, 5})
	f.Fuzz(func(t *testing.T, heads []byte) {
		if len(heads) > 300 {
			heads = heads[:300]
		}
		rels := []string{"nsubj", "obj", "conj", "cc", "case", "aux", "mark", "obl", "amod", "nsubj:pass", "appos", "advcl", "punct", "obl:unmarked", "ccomp"}
		upos := []string{"NOUN", "VERB", "PROPN", "ADP", "CCONJ", "AUX", "PRON", "PUNCT"}
		toks := make([]DepToken, len(heads))
		for i, h := range heads {
			toks[i] = DepToken{Form: "w" + strconv.Itoa(i), UPOS: upos[int(h)%len(upos)], Head: int(h) - 1, Deprel: rels[int(h)%len(rels)]}
			if toks[i].Head >= len(heads) {
				toks[i].Head = -1
			}
		}
		tr := FromDependencies(toks)
		if len(tr.Words) != len(toks) {
			t.Fatalf("%d words for %d tokens", len(tr.Words), len(toks))
		}
		for i, w := range tr.Words {
			if w.Word != toks[i].Form {
				t.Fatalf("word %d is %q, want %q", i, w.Word, toks[i].Form)
			}
		}
		NewCoder(testDicts(t)).CodeTree(tr, 19950101, DefaultConfig)
	})
}

func TestHugeSentence(t *testing.T) {
	// 10,000 words: a long flat list and a deep right-branching chain must
	// both code in reasonable time without exhausting the stack.
	var b strings.Builder
	b.WriteString("(ROOT (S (NP (NNP Arnor)) (VP (VBD restored) (NP")
	for i := 0; i < 10000; i++ {
		b.WriteString(" (NN ties)")
	}
	b.WriteString(") (PP (IN with) (NP (NNP Gondor)))) (. .)))")
	tr, err := ParseTree(b.String())
	if err != nil {
		t.Fatal(err)
	}
	c := NewCoder(testDicts(t))
	if res := c.CodeTree(tr, 19950101, DefaultConfig); len(res.Events) != 1 {
		t.Errorf("flat: %+v", res.Events)
	}
	toks := make([]DepToken, 10000)
	for i := range toks {
		toks[i] = DepToken{Form: "ties", UPOS: "NOUN", XPOS: "NN", Head: i + 1, Deprel: "nmod"}
	}
	toks[len(toks)-1].Head = -1
	c.CodeTree(FromDependencies(toks), 19950101, DefaultConfig)
}

func TestFromDependenciesCoordinatedVerbs(t *testing.T) {
	// "Arnor met Gondor and restored ties with Rohan": the second verb
	// shares the subject.
	d := NewDictionaries()
	d.Load("actors", "a.txt", strings.NewReader("ARNOR [ARN]\nGONDOR [GON]\nROHAN [ROH]\n"))
	d.Load("verbs", "v.txt", strings.NewReader("--- RESTORE [064] ---\nRESTORE\n--- MEET [031] ---\nMEET {MET}\n"))
	d.Finish()
	tr := FromDependencies(deps(t, `
Arnor PROPN NNP 2 nsubj
met VERB VBD 0 root
Gondor PROPN NNP 2 obj
and CCONJ CC 5 cc
restored VERB VBD 2 conj
ties NOUN NNS 5 obj
with ADP IN 8 case
Rohan PROPN NNP 5 obl
. PUNCT . 2 punct`))
	res := NewCoder(d).CodeTree(tr, 19950101, DefaultConfig)
	got := map[string]bool{}
	for _, e := range res.Events {
		got[e.Source+">"+e.Target+":"+e.Code] = true
	}
	if len(got) != 2 || !got["ARN>GON:031"] || !got["ARN>ROH:064"] {
		t.Errorf("%s: %v", tr.Root, got)
	}
}

func TestCodeEmbedded(t *testing.T) {
	d := NewDictionaries()
	d.Load("actors", "a.txt", strings.NewReader("ARNOR [ARN]\nGONDOR [GON]\nROHAN [ROH]\n"))
	d.Load("verbs", "v.txt", strings.NewReader("--- SAY [010] ---\nSAY {SAID}\n--- ATTACK [190] ---\nATTACK\n"))
	d.Finish()
	tr, err := ParseTree("(ROOT (S (NP (NNP Arnor)) (VP (VBD said) (SBAR (S (NP (NNP Gondor)) (VP (VBD attacked) (NP (NNP Rohan)))))) (. .)))")
	if err != nil {
		t.Fatal(err)
	}
	c := NewCoder(d)
	if n := len(c.CodeTree(tr, 0, DefaultConfig).Events); n != 1 {
		t.Errorf("PETRARCH-1 mode: %d events, want 1 (ARN>GON:010)", n)
	}
	cfg := DefaultConfig
	cfg.CodeEmbedded = true
	got := map[string]bool{}
	for _, e := range c.CodeTree(tr, 0, cfg).Events {
		got[e.Source+">"+e.Target+":"+e.Code] = true
	}
	if !got["GON>ROH:190"] || !got["ARN>GON:010"] {
		t.Errorf("embedded mode: %v", got)
	}
}

func TestPatternClaimsSentence(t *testing.T) {
	d := NewDictionaries()
	d.Load("actors", "a.txt", strings.NewReader("ARNOR [ARN]\nGONDOR [GON]\nROHAN [ROH]\n"))
	d.Load("verbs", "v.txt", strings.NewReader("--- SAID [023] ---\nSAID\n--- REGRET [111] ---\nREGRET {REGRETTED}\n- SAID $ * [113]\n"))
	d.Finish()
	tr, err := ParseTree("(ROOT (S (NP (NNP Arnor)) (VP (VBD said) (SBAR (S (NP (NNP Gondor)) (VP (VBD regretted) (NP (NP (DT the) (NN attack)) (PP (IN on) (NP (NNP Rohan)))))))) (. .)))")
	if err != nil {
		t.Fatal(err)
	}
	res := NewCoder(d).CodeTree(tr, 0, DefaultConfig)
	if len(res.Events) != 1 || res.Events[0].Source != "GON" || res.Events[0].Target != "ROH" || res.Events[0].Code != "113" {
		t.Errorf("events %+v", res.Events)
	}
}

func TestRepairModifierWithSubject(t *testing.T) {
	checkRepair(t, "verb with a subject read as its object's modifier", `
The DET DT 2 det
Arnorians PROPN NNPS 3 nsubj
imposed VERB VBD 5 amod
new ADJ JJ 5 amod
tariffs NOUN NNS 0 root
on ADP IN 7 case
Gondor PROPN NNP 5 nmod
. PUNCT . 5 punct`, RepairModifierWithSubject, map[int]string{3: "0 root", 5: "3 obj"})
	checkRepair(t, "subject hung on the root noun", `
Arnorian ADJ JJ 2 amod
missiles NOUN NNS 5 nsubj
struck VERB VBN 5 amod
energy NOUN NN 5 compound
facilities NOUN NNS 0 root
. PUNCT . 5 punct`, RepairModifierWithSubject, map[int]string{2: "3 nsubj", 3: "0 root", 5: "3 obj"})
	// A participle with no subject is a modifier: left alone.
	checkRepair(t, "plain participle", `
the DET DT 3 det
imposed VERB VBN 3 amod
tariffs NOUN NNS 4 nsubj
hurt VERB VBD 0 root
Gondor PROPN NNP 4 obj`, RepairModifierWithSubject, nil)
}
