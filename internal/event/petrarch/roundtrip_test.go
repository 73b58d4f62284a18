package petrarch

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/shared"
)

// toDeps converts a Penn tree to UD-style dependencies with simple head
// rules. It stands in for a perfect dependency parser so the round trip
// Penn → dependencies → FromDependencies → coder can be scored on the
// validation records.
func toDeps(t *Tree) []DepToken {
	n := len(t.Words)
	out := make([]DepToken, n)
	for i, w := range t.Words {
		out[i] = DepToken{Form: w.Word, XPOS: w.Label, UPOS: uposOf(w.Label), Head: -1, Deprel: "root"}
	}
	var head func(nd *Node) int
	set := func(dep, h int, rel string) {
		if dep >= 0 && dep != h {
			out[dep].Head, out[dep].Deprel = h, rel
		}
	}
	isVerb := func(l string) bool { return strings.HasPrefix(l, "VB") || l == "MD" || l == "TO" }
	head = func(nd *Node) int {
		if nd.Leaf() {
			return nd.First
		}
		kids := nd.Children
		hs := make([]int, len(kids))
		for k, c := range kids {
			hs[k] = head(c)
		}
		pick := -1
		switch {
		case nd.Label == "VP":
			// An auxiliary before a VP hands the head to that VP.
			for k, c := range kids {
				if c.Label == "VP" {
					for j := 0; j < k; j++ {
						if kids[j].Leaf() && isVerb(kids[j].Label) {
							pick = k
						}
					}
				}
			}
			if pick < 0 {
				for k, c := range kids {
					if c.Leaf() && isVerb(c.Label) {
						pick = k
						break
					}
				}
			}
		case isS(nd.Label) || nd.Label == "ROOT":
			for k, c := range kids {
				if c.Label == "VP" || isS(c.Label) {
					pick = k
					break
				}
			}
		case nd.Label == "SBAR":
			for k, c := range kids {
				if isS(c.Label) {
					pick = k
				}
			}
		case nd.Label == "PP":
			for k, c := range kids {
				if isNP(c.Label) || isS(c.Label) {
					pick = k
					break
				}
			}
		case isNP(nd.Label):
			coord := false
			for _, c := range kids {
				if isCC(c) {
					coord = true
				}
			}
			for k, c := range kids {
				if coord && (isNP(c.Label) || strings.HasPrefix(c.Label, "NN")) {
					pick = k // UD: the first conjunct heads a coordination
					break
				}
				if isNP(c.Label) {
					pick = k
					break
				}
			}
			if pick < 0 {
				for k := len(kids) - 1; k >= 0; k-- {
					if l := kids[k].Label; kids[k].Leaf() && (strings.HasPrefix(l, "NN") || l == "PRP" || l == "CD") {
						pick = k
						break
					}
				}
			}
		}
		if pick < 0 {
			for k, c := range kids {
				if !(c.Leaf() && isPunct(c.Label)) {
					pick = k
					break
				}
			}
			if pick < 0 {
				pick = 0
			}
		}
		h := hs[pick]
		hasCC := false
		for _, c := range kids {
			if isCC(c) {
				hasCC = true
			}
		}
		passive := false
		// "..., an official said": a later NP VP pair in a clause is a
		// clause of its own (parataxis) with its subject.
		done := map[int]bool{}
		if isS(nd.Label) || nd.Label == "ROOT" {
			for k := pick + 1; k+1 < len(kids); k++ {
				if isNP(kids[k].Label) && kids[k+1].Label == "VP" {
					set(hs[k], hs[k+1], "nsubj")
					set(hs[k+1], h, "parataxis")
					done[k], done[k+1] = true, true
				}
			}
		}
		for k, c := range kids {
			if k == pick || done[k] {
				continue
			}
			d := hs[k]
			rel := "dep"
			switch {
			case hasCC && isNP(nd.Label) && c.Leaf() && c.Label == "," && k > pick:
				// UD: a list comma belongs to the conjunct after it.
				for j := k + 1; j < len(kids); j++ {
					if !kids[j].Leaf() || (!isPunct(kids[j].Label) && !isCC(kids[j])) {
						set(d, hs[j], "punct")
						break
					}
				}
				continue
			case c.Leaf() && isPunct(c.Label):
				rel = "punct"
			case isCC(c):
				rel = "cc"
				for j := k + 1; j < len(kids); j++ {
					if !kids[j].Leaf() || !isPunct(kids[j].Label) {
						set(d, hs[j], "cc")
						break
					}
				}
				continue
			case hasCC && k > pick && (c.Label == kids[pick].Label || isNP(c.Label) || strings.HasPrefix(c.Label, "NN")):
				rel = "conj"
			case nd.Label == "VP" && c.Leaf() && (c.Label == "TO"):
				rel = "mark"
			case nd.Label == "VP" && c.Leaf() && isVerb(c.Label):
				rel = "aux"
				if beForms[strings.ToUpper(c.Word)] && out[h].XPOS == "VBN" {
					rel, passive = "aux:pass", true
				}
			case nd.Label == "VP" && c.Label == "PRT":
				rel = "compound:prt"
			case (nd.Label == "PP" || nd.Label == "SBAR") && c.Leaf():
				if nd.Label == "PP" {
					rel = "case"
				} else {
					rel = "mark"
				}
			case nd.Label == "VP" && c.Label == "NP-TMP":
				rel = "obl:tmod"
			case nd.Label == "VP" && isNP(c.Label):
				rel = "obj"
			case nd.Label == "VP" && c.Label == "PP":
				rel = "obl"
			case nd.Label == "VP" && isS(c.Label):
				rel = "xcomp"
			case (nd.Label == "VP" || isS(nd.Label)) && c.Label == "SBAR":
				rel = "advcl"
				if len(c.Children) > 0 && c.Children[0].Leaf() && strings.EqualFold(c.Children[0].Word, "that") || len(c.Children) == 1 {
					rel = "ccomp"
				}
			case isS(nd.Label) && isNP(c.Label) && k < pick:
				rel = "nsubj"
			case isNP(nd.Label) && c.Leaf() && c.Label == "POS":
				rel = "case"
			case isNP(nd.Label) && isNP(c.Label) && k < pick:
				rel = "nmod:poss"
			case isNP(nd.Label) && c.Label == "PP":
				rel = "nmod"
			case isNP(nd.Label) && c.Leaf() && (c.Label == "DT" || c.Label == "PRP$"):
				rel = "det"
			case isNP(nd.Label) && c.Leaf() && strings.HasPrefix(c.Label, "JJ"):
				rel = "amod"
			case isNP(nd.Label) && c.Leaf() && strings.HasPrefix(c.Label, "NN"):
				rel = "compound"
			case isNP(nd.Label) && (c.Label == "SBAR" || c.Label == "VP" || isS(c.Label)):
				rel = "acl"
			case isNP(nd.Label) && isNP(c.Label):
				rel = "appos"
			}
			set(d, h, rel)
		}
		if passive {
			for k, c := range kids {
				if isNP(c.Label) && k < pick && out[hs[k]].Deprel == "nsubj" {
					out[hs[k]].Deprel = "nsubj:pass"
				}
			}
		}
		return h
	}
	r := head(t.Root)
	out[r].Head, out[r].Deprel = -1, "root"
	return out
}

func uposOf(x string) string {
	switch {
	case strings.HasPrefix(x, "VB"), x == "MD":
		return "VERB"
	case x == "NNP", x == "NNPS":
		return "PROPN"
	case strings.HasPrefix(x, "NN"):
		return "NOUN"
	case x == "IN", x == "TO":
		return "ADP"
	case x == "CC":
		return "CCONJ"
	case strings.HasPrefix(x, "JJ"):
		return "ADJ"
	case x == "DT":
		return "DET"
	case strings.HasPrefix(x, "PRP"):
		return "PRON"
	}
	return "X"
}

// TestRoundTrip scores the coder on the validation dev records after
// turning each parse into dependencies and back: what a perfect dependency
// parser would give the `code` command without --use-parse.
func TestRoundTrip(t *testing.T) {
	raw, err := os.ReadFile(shared.Require(t, "data", "petrarch-validation", "dev.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := LoadDir(shared.Require(t, "data", "petrarch-validation", "dicts"))
	if err != nil {
		t.Fatal(err)
	}
	c := NewCoder(d)
	pass, total := 0, 0
	for _, ln := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		var r struct {
			Record
			Expected       []Triple `json:"expected"`
			ExpectNoEvents bool     `json:"expect_no_events"`
			ExpectedError  *string  `json:"expected_error"`
		}
		if err := json.Unmarshal([]byte(ln), &r); err != nil {
			t.Fatal(err)
		}
		total++
		tr, err := ParseTree(r.Parse)
		want := map[string]bool{}
		if r.ExpectedError == nil && !r.ExpectNoEvents {
			for _, e := range r.Expected {
				want[e.String()] = true
			}
		}
		got := map[string]bool{}
		if err == nil {
			cfg := DefaultConfig
			if r.Config != nil {
				cfg = *r.Config
			}
			res := c.CodeTree(FromDependencies(toDeps(tr)), ParseDate(r.Date), cfg)
			for _, e := range res.Events {
				got[Triple{Source: e.Source, Target: e.Target, Code: e.Code}.String()] = true
			}
		}
		ok := len(got) == len(want)
		for k := range want {
			ok = ok && got[k]
		}
		if ok {
			pass++
		} else if os.Getenv("ROUNDTRIP_FAILS") != "" {
			t.Logf("%s want %v got %v", r.ID, want, got)
		}
	}
	t.Logf("round trip through dependencies: %d/%d = %.1f%%", pass, total, 100*float64(pass)/float64(total))
	if pass*100 < total*90 {
		t.Errorf("round trip pass rate %d/%d below 90%%", pass, total)
	}
}
