package petrarch

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/shared"
)

func TestLoadPhoenix(t *testing.T) {
	dir := shared.Require(t, "data", "petrarch-validation", "dicts", "production-phoenix")
	d, errs, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		if !IsWarning(e) {
			t.Error(e)
		}
	}
	if d.Actors.Len() < 30000 || len(d.Verbs.Blocks) < 390 || len(d.Agents.Entries) < 500 || d.Discards.Len() < 100 {
		t.Fatalf("too little loaded: actors %d blocks %d agents %d discards %d", d.Actors.Len(), len(d.Verbs.Blocks), len(d.Agents.Entries), d.Discards.Len())
	}
	n := 0
	for _, b := range d.Verbs.Blocks {
		n += len(b.Patterns)
	}
	if n != 4668 {
		t.Errorf("patterns = %d, want 4668", n)
	}
}

func TestLoadValidation(t *testing.T) {
	dir := shared.Require(t, "data", "petrarch-validation", "dicts")
	d, errs, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Error(e)
	}
	a, n := d.Actors.Match(strings.Fields("SAM GAMGEE"), 0)
	if a == nil || n != 2 {
		t.Fatal("SAM GAMGEE not found")
	}
	for _, c := range []struct {
		date int
		want string
	}{{20080119, "HOBCIV"}, {20100110, "ORCHOB"}, {20100106, "HOBMIL"}, {20121231, "HOBGOV"}, {20140104, "HOBELI"}} {
		if got := a.CodeAt(c.date); got != c.want {
			t.Errorf("CodeAt(%d) = %q, want %q", c.date, got, c.want)
		}
	}
	if got := len(d.Verbs.Synset("ACCORDSYN")); got != 3+2+10 {
		t.Errorf("nested synset ACCORDSYN has %d entries", got)
	}
}

func FuzzParseTree(f *testing.F) {
	for _, s := range []string{
		"(ROOT (S (NP (NNP Arnor)) (VP (VBD left)) (. .)))",
		"(ROOT (S (NP (NNP Arnor)) (VP (VBD left)",
		"(ROOT (S (NP (NNP Arnor)))))) (X)",
		"((A b) c)", "", "(", ")", "(NP (DT the) dog)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tr, err := ParseTree(s)
		if err != nil {
			return
		}
		for i, w := range tr.Words {
			if w.First != i || w.Last != i+1 {
				t.Fatalf("word %d has range %d-%d", i, w.First, w.Last)
			}
		}
		// Coding any tree that parses must not panic.
		c := NewCoder(testDicts(t))
		c.CodeTree(tr, 19950101, DefaultConfig)
	})
}

func FuzzDictionaries(f *testing.F) {
	f.Add("actors", "ARNOR_ [ARN]\n+GONDOR\nGOLLUM\n\t[HOB <950601]\n\t[HOBGOV 19950601 - 19990815]\n")
	f.Add("agents", "!P! = MAN, MEN\nPOLICE {} [~COP]\nMSF [NGO~]\nCONGRESS!P! [~LEG]\n")
	f.Add("verbs", "&A\n+&B\n+X\n&B\n+&A\n--- RESTORE [064] ---\nRESTORE {RESTORED}\n- * DIPLOMATIC_&A [064]\n- $ WAS_ * TO ^ + [03:04]\n")
	f.Add("discards", "+TYPHOON\nBASEBALL\n")
	f.Add("verbs", "--- X [1\n- * {A B} (IN C) [1]\n~ a (a b Q) SAY = a b Q\n")
	f.Fuzz(func(t *testing.T, kind, text string) {
		d := NewDictionaries()
		d.Load(kind, "fuzz.txt", strings.NewReader(text))
		d.Finish()
		tr, err := ParseTree("(ROOT (S (NP (NNP Arnor)) (VP (VBD restored) (NP (JJ diplomatic) (NNS ties)) (PP (IN with) (NP (NNP Gondor)))) (. .)))")
		if err != nil {
			t.Fatal(err)
		}
		NewCoder(d).CodeTree(tr, 19950101, DefaultConfig)
	})
}

func testDicts(t testing.TB) *Dictionaries {
	d := NewDictionaries()
	d.Load("actors", "a.txt", strings.NewReader("ARNOR [ARN]\nGONDOR [GON]\nTHE_SHIRE [FRO/BIL]\n"))
	d.Load("agents", "g.txt", strings.NewReader("GOVERNMENT [~GOV]\n"))
	d.Load("verbs", "v.txt", strings.NewReader("--- RESTORE [064] ---\nRESTORE\n- * TIES [064]\n--- MEET [031:031] ---\nMEET {MET}\n"))
	d.Finish()
	return d
}

func TestCodeSmall(t *testing.T) {
	c := NewCoder(testDicts(t))
	cases := []struct {
		tree string
		want []string
	}{
		{"(ROOT (S (NP (NNP Arnor)) (VP (VBD restored) (NP (NNS ties)) (PP (IN with) (NP (NNP Gondor) (POS 's) (NN government)))) (. .)))", []string{"ARN>GONGOV:064"}},
		{"(ROOT (S (NP (NNP Arnor) (CC and) (DT the) (NNP Shire)) (VP (MD will) (VP (VB meet) (NP (NNP Gondor)))) (. .)))", []string{"ARN>GON:031", "GON>ARN:031", "FRO>GON:031", "GON>FRO:031", "BIL>GON:031", "GON>BIL:031"}},
		{"(ROOT (S (NP (NNP Gondor)) (VP (VBD was) (VP (VBN met) (PP (IN by) (NP (NNP Arnor))))) (. .)))", []string{"ARN>GON:031", "GON>ARN:031"}},
	}
	for _, tc := range cases {
		tr, err := ParseTree(tc.tree)
		if err != nil {
			t.Fatal(err)
		}
		res := c.CodeTree(tr, 19950101, DefaultConfig)
		got := map[string]bool{}
		for _, e := range res.Events {
			got[e.Source+">"+e.Target+":"+e.Code] = true
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: got %v want %v", tc.tree, got, tc.want)
			continue
		}
		for _, w := range tc.want {
			if !got[w] {
				t.Errorf("%s: missing %s in %v", tc.tree, w, got)
			}
		}
	}
}

func TestUnbalanced(t *testing.T) {
	for _, s := range []string{"(ROOT (S (NP (NNP A)) (VP (VBD b))", "(ROOT (S (NP (NNP A)))))", "(A b) (C d)"} {
		if _, err := ParseTree(s); err == nil {
			t.Errorf("%q: no error", s)
		}
	}
	deep := strings.Repeat("(X ", 5000) + "w" + strings.Repeat(")", 5000)
	if _, err := ParseTree(deep); err == nil {
		t.Error("deep tree accepted")
	}
}

func TestBadDictionaryLines(t *testing.T) {
	d := NewDictionaries()
	errs := d.Load("verbs", "v.txt", strings.NewReader("&A\n+&B\n&B\n+&A\n+WORD\n- * X [1]\n--- GOOD [010] ---\nGOOD\n- * [020\n- * FINE [030]\n"))
	d.Finish()
	if len(errs) != 2 || !strings.HasPrefix(errs[0].Error(), "v.txt:6:") || !strings.HasPrefix(errs[1].Error(), "v.txt:9:") {
		t.Fatalf("errors = %v", errs)
	}
	if len(d.Verbs.Blocks) != 1 || len(d.Verbs.Blocks[0].Patterns) != 1 {
		t.Fatalf("the rest did not load: %+v", d.Verbs.Blocks)
	}
	if got := d.Verbs.Synset("A"); len(got) != 1 || got[0][0] != "WORD" {
		t.Errorf("cyclic synset A = %v", got)
	}
}

func BenchmarkCodeTree(b *testing.B) {
	c := NewCoder(testDicts(b))
	tr, err := ParseTree("(ROOT (S (NP (NNP Arnor) (CC and) (NNP Gondor)) (VP (MD will) (VP (VB restore) (NP (JJ full) (JJ diplomatic) (NNS ties)) (PP (IN with) (NP (DT the) (NNP Shire))) (SBAR (IN after) (S (NP (NNS crowds)) (VP (VBD trashed) (NP (PRP$ its) (NN embassy))))))) (. .)))")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		c.CodeTree(tr, 19950101, DefaultConfig)
	}
}

// BenchmarkCodeValidation codes the validation dev records (pre-parsed)
// with their dictionaries and reports sentences per second.
func BenchmarkCodeValidation(b *testing.B) {
	data := shared.Require(b, "data", "petrarch-validation", "dev.jsonl")
	d, _, err := LoadDir(shared.Require(b, "data", "petrarch-validation", "dicts"))
	if err != nil {
		b.Fatal(err)
	}
	raw, err := os.ReadFile(data)
	if err != nil {
		b.Fatal(err)
	}
	var trees []*Tree
	for _, ln := range strings.Split(string(raw), "\n") {
		var r Record
		if json.Unmarshal([]byte(ln), &r) != nil {
			continue
		}
		if t, err := ParseTree(r.Parse); err == nil {
			trees = append(trees, t)
		}
	}
	c := NewCoder(d)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.CodeTree(trees[i%len(trees)], 19950101, DefaultConfig)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
}

func TestDateline(t *testing.T) {
	for _, c := range []struct {
		tree string
		want bool
	}{
		{"(ROOT (S (NP (NNP ARNOR)) (, ,) (NP (NNP Jan) (CD 3)) (PRN (-LRB- -LRB-) (NNP AFP) (-RRB- -RRB-)) (: -) (NP (NNP Arnor)) (VP (VBD left)) (. .)))", true},
		{"(ROOT (NP (NNP MINAS) (NNP TIRITH)))", true},
		{"(ROOT (S (NP (NNP NATO)) (VP (VBD met) (NP (NNP Gondor))) (. .)))", false},
		{"(ROOT (S (NP (NNP Arnor)) (, ,) (NP (NNP Gondor)) (VP (VBD met)) (. .)))", false},
	} {
		tr, err := ParseTree(c.tree)
		if err != nil {
			t.Fatal(err)
		}
		if got := isDateline(tr); got != c.want {
			t.Errorf("%s: dateline %v", c.tree, got)
		}
	}
}
