// Command gum2conll turns a GUM CoNLL-U file (coreference mentions in the
// MISC column's Entity= brackets) into CoNLL-2003 columns, TOKEN POS CHUNK
// NER with IOB2 tags, so the NER can be scored on text that is not Reuters
// news. GUM is CC BY-NC-SA: the output is a development check only, never
// training data, and is written outside the repository.
//
//	go run ./tools/gum2conll -in ../shared/data/ud/en_gum-ud-dev.conllu -out /tmp/gum-dev.conll [-genres DIR]
//
// GUM marks every mention (pronouns, common nouns, names); CoNLL marks
// names only. A mention is kept when its syntactic head is a proper noun,
// and only its name core is tagged (see core); the rules are in convert.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

func main() {
	in := flag.String("in", "", "GUM CoNLL-U file")
	out := flag.String("out", "", "CoNLL-2003 output file (all documents)")
	genres := flag.String("genres", "", "also write one file per genre into this directory (GENRE.conll)")
	flag.Parse()
	if *in == "" || *out == "" {
		log.Fatal("usage: gum2conll -in FILE.conllu -out FILE [-genres DIR]")
	}
	f, err := os.Open(*in)
	if err != nil {
		log.Fatal(err)
	}
	docs, err := readCoNLLU(f)
	f.Close()
	if err != nil {
		log.Fatal(err)
	}
	if err := writeFile(*out, docs); err != nil {
		log.Fatal(err)
	}
	if *genres != "" {
		if err := os.MkdirAll(*genres, 0o755); err != nil {
			log.Fatal(err)
		}
	}
	byGenre := map[string][]*document{}
	for _, d := range docs {
		byGenre[d.genre()] = append(byGenre[d.genre()], d)
	}
	gs := make([]string, 0, len(byGenre))
	for g := range byGenre {
		gs = append(gs, g)
	}
	sort.Strings(gs)
	for _, g := range gs {
		ents, toks := 0, 0
		for _, d := range byGenre[g] {
			for _, s := range d.sents {
				toks += len(s.words)
				for _, t := range convert(s) {
					if strings.HasPrefix(t, "B-") {
						ents++
					}
				}
			}
		}
		fmt.Fprintf(os.Stderr, "%-12s %2d docs %6d tokens %5d entities\n", g, len(byGenre[g]), toks, ents)
		if *genres != "" {
			if err := writeFile(filepath.Join(*genres, g+".conll"), byGenre[g]); err != nil {
				log.Fatal(err)
			}
		}
	}
}

func writeFile(path string, docs []*document) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	writeCoNLL(w, docs)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// word is one syntactic word line (multi-word token ranges and empty nodes
// are skipped: the words carry the tree and the mentions).
type word struct {
	form, lemma, upos, xpos string
	head                    int // 1-based, 0 = root
	ents                    string
}

type sentence struct{ words []word }

type document struct {
	id    string
	sents []sentence
}

// genre is the second part of a GUM document id, GUM_<genre>_<name>.
func (d *document) genre() string {
	p := strings.Split(d.id, "_")
	if len(p) < 3 {
		return "unknown"
	}
	return p[1]
}

func readCoNLLU(r io.Reader) ([]*document, error) {
	var docs []*document
	var cur *sentence
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	flush := func() {
		if cur != nil && len(cur.words) > 0 {
			if len(docs) == 0 {
				docs = append(docs, &document{id: "unknown"})
			}
			d := docs[len(docs)-1]
			d.sents = append(d.sents, *cur)
		}
		cur = nil
	}
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case line == "":
			flush()
		case strings.HasPrefix(line, "# newdoc"):
			flush()
			id := "unknown"
			if i := strings.Index(line, "="); i >= 0 {
				id = strings.TrimSpace(line[i+1:])
			}
			docs = append(docs, &document{id: id})
		case strings.HasPrefix(line, "#"):
		default:
			c := strings.Split(line, "\t")
			if len(c) != 10 {
				return nil, fmt.Errorf("line %d: %d columns, want 10", n, len(c))
			}
			if strings.ContainsAny(c[0], "-.") {
				continue
			}
			h, err := strconv.Atoi(c[6])
			if err != nil {
				return nil, fmt.Errorf("line %d: head %q", n, c[6])
			}
			w := word{form: c[1], lemma: c[2], upos: c[3], xpos: c[4], head: h}
			for _, m := range strings.Split(c[9], "|") {
				if v, ok := strings.CutPrefix(m, "Entity="); ok {
					w.ents = v
				}
			}
			if cur == nil {
				cur = &sentence{}
			}
			cur.words = append(cur.words, w)
		}
	}
	flush()
	return docs, sc.Err()
}

// mention is one GUM mention: words [start, end) of a sentence.
type mention struct {
	start, end int
	etype      string
}

// mentions parses the Entity= brackets of a sentence: "(ID-etype-…" opens a
// mention (closed on the same word when a ")" follows at once), "ID)"
// closes the innermost open mention with that id. GUM mentions are
// contiguous and do not cross sentences.
func mentions(s sentence) []mention {
	var out []mention
	type open struct {
		id    string
		start int
		etype string
	}
	var stack []open
	closeID := func(id string, end int) {
		for k := len(stack) - 1; k >= 0; k-- {
			if stack[k].id == id {
				out = append(out, mention{stack[k].start, end, stack[k].etype})
				stack = append(stack[:k], stack[k+1:]...)
				return
			}
		}
	}
	for i, w := range s.words {
		v := w.ents
		for p := 0; p < len(v); {
			if v[p] == '(' {
				q := p + 1
				for q < len(v) && v[q] != '(' && v[q] != ')' {
					q++
				}
				f := strings.SplitN(v[p+1:q], "-", 3)
				if len(f) < 2 {
					break
				}
				stack = append(stack, open{f[0], i, f[1]})
				if q < len(v) && v[q] == ')' {
					closeID(f[0], i+1)
					q++
				}
				p = q
				continue
			}
			q := p
			for q < len(v) && v[q] != ')' && v[q] != '(' {
				q++
			}
			if q < len(v) && v[q] == ')' {
				closeID(v[p:q], i+1)
				q++
			}
			p = q
		}
	}
	return out
}

// typeOf maps a GUM entity type to a CoNLL type; "" drops the mention.
// CoNLL-2003 tags no dates, days or months, so time mentions are dropped;
// every other named thing (events, works, languages, products) is MISC.
func typeOf(etype string) string {
	switch etype {
	case "person":
		return "PER"
	case "place":
		return "LOC"
	case "organization":
		return "ORG"
	case "time":
		return ""
	}
	return "MISC"
}

// headOf returns the word of [start, end) whose head lies outside the span
// (the first one, when coordination or a fragment gives several).
func headOf(s sentence, start, end int) int {
	for i := start; i < end; i++ {
		h := s.words[i].head - 1
		if h < start || h >= end {
			return i
		}
	}
	return start
}

func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// nameWord is a word that can be part of a name: a proper noun, or any
// capitalised word or number ("Royal", "Library", "2012").
func nameWord(w word) bool { return w.upos == "PROPN" || capitalised(w.form) }

// connectors are the lower-case words that CoNLL keeps inside a name when
// name words stand on both sides ("Bank of England", "Trinidad and Tobago").
// "the" joins only after another connector ("Bank of the Netherlands").
var connectors = map[string]bool{"of": true, "and": true, "&": true, "de": true, "the": true, "for": true, "-": true, "du": true, "la": true, "von": true, "van": true, "der": true, "on": true, "upon": true}

// titles precede a person's name and are outside CoNLL's PER spans.
var titles = map[string]bool{"mr": true, "mr.": true, "mrs": true, "mrs.": true, "ms": true, "ms.": true, "dr": true, "dr.": true, "prof": true, "prof.": true, "sir": true, "lady": true, "lord": true, "king": true, "queen": true, "prince": true, "princess": true, "president": true, "senator": true, "sen.": true, "governor": true, "gov.": true, "judge": true, "justice": true, "pope": true, "saint": true, "st.": true, "general": true, "gen.": true, "captain": true, "capt.": true, "emperor": true, "empress": true, "rev.": true, "reverend": true, "father": true, "mother": true, "uncle": true, "aunt": true, "chief": true, "officer": true, "professor": true, "doctor": true, "minister": true, "prime": true, "secretary": true, "mayor": true, "rep.": true, "representative": true, "coach": true, "detective": true, "sergeant": true, "sgt.": true, "lieutenant": true, "lt.": true, "colonel": true, "col.": true, "major": true, "commander": true, "admiral": true, "bishop": true, "archbishop": true, "cardinal": true, "duke": true, "duchess": true, "count": true, "countess": true, "baron": true, "czar": true, "tsar": true, "sultan": true, "shah": true, "sheikh": true, "madam": true, "speaker": true, "chairman": true, "director": true, "vice": true, "regent": true, "miss": true, "master": true, "brother": true, "sister": true, "dear": true, "earl": true}

// core returns the name inside a mention with a proper-noun head: the run of
// name words around the head, joined across connectors, without a leading
// "the", trailing possessive or punctuation, or (for people) titles.
func core(s sentence, m mention, head int) (int, int) {
	a, b := head, head+1
	// People's names take no connectors: "X and Y" are two names and
	// "King of Athens" is a title and a place in CoNLL.
	joins := m.etype != "person"
	for a > m.start {
		w := s.words[a-1]
		// Numbers join a name on its right only ("World War II", not "1830s America").
		if nameWord(w) && w.upos != "PUNCT" && !unicode.IsDigit(rune(w.form[0])) {
			a--
			continue
		}
		// Connectors ("of the") join when a name word lies beyond them inside the mention.
		if k := connectorRun(s, a-1, -1, m); joins && k > 0 {
			a -= k + 1
			continue
		}
		break
	}
	for b < m.end {
		w := s.words[b]
		if nameWord(w) && w.upos != "PUNCT" {
			b++
			continue
		}
		if k := connectorRun(s, b, 1, m); joins && k > 0 {
			b += k + 1
			continue
		}
		break
	}
	for a < b && (strings.EqualFold(s.words[a].form, "the") || s.words[a].upos == "PUNCT" ||
		m.etype == "person" && a+1 < b && titles[strings.ToLower(s.words[a].form)]) {
		a++
	}
	for b > a && (s.words[b-1].upos == "PUNCT" || s.words[b-1].form == "'s" || s.words[b-1].form == "'") {
		b--
	}
	return a, b
}

// notName reports a core CoNLL would not tag: titles alone ("the
// President", "Madam Speaker"), a URL or an e-mail address.
func notName(ws []word) bool {
	allTitles := true
	for _, w := range ws {
		lw := strings.ToLower(w.form)
		if strings.Contains(lw, "://") || strings.Contains(lw, "@") {
			return true
		}
		allTitles = allTitles && titles[lw]
	}
	return allTitles
}

// connectorRun returns how many connectors (at most 2) follow from word i
// in direction dir when a name word inside m comes right after them, else 0.
func connectorRun(s sentence, i, dir int, m mention) int {
	k := 0
	for j := i; j >= m.start && j < m.end; j += dir {
		w := s.words[j]
		lw := strings.ToLower(w.form)
		// Reading leftwards "the" comes first ("of the Netherlands" from the right).
		theOK := (dir > 0 && k == 1) || (dir < 0 && k == 0)
		if k < 2 && connectors[lw] && (lw != "the" || theOK) {
			k++
			continue
		}
		if k > 0 && nameWord(w) && w.upos != "PUNCT" {
			if dir < 0 && strings.ToLower(s.words[j+1].form) == "the" {
				return 0 // "X the Y" leftwards: "the" must follow a connector
			}
			return k
		}
		return 0
	}
	return 0
}

// demonymSuffix marks capitalised adjectives that name a people or place
// even at the start of a sentence ("Japanese", "Danish", "Iraqi").
func demonymSuffix(w string) bool {
	for _, s := range []string{"an", "ese", "ish", "i", "ic", "ch"} {
		if strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}

// convert returns the IOB2 tags of a sentence:
//   - a mention counts when its head (the word whose governor lies outside
//     it) is PROPN; its tagged span is its name core (see core);
//   - longer mentions claim their words first, so a name nested in a larger
//     name ("Netherlands" in "Royal Library of the Netherlands") is dropped,
//     while a name inside a non-name mention ("a city in the Netherlands")
//     stays;
//   - a single-word core that is a plural proper noun of a person mention
//     ("Americans") is a group, MISC in CoNLL;
//   - an adjective (XPOS JJ) whose lemma is capitalised and has lower-case
//     letters ("American", "Victorian") is MISC when no name covers it and
//     it is not sentence-initial or looks like a demonym; so is a plural
//     proper noun with a demonym's ending ("millions of Americans").
func convert(s sentence) []string {
	tags := make([]string, len(s.words))
	for i := range tags {
		tags[i] = "O"
	}
	ms := mentions(s)
	sort.SliceStable(ms, func(i, j int) bool {
		li, lj := ms[i].end-ms[i].start, ms[j].end-ms[j].start
		if li != lj {
			return li > lj
		}
		return ms[i].start < ms[j].start
	})
	taken := make([]bool, len(s.words))
	for _, m := range ms {
		h := headOf(s, m.start, m.end)
		if s.words[h].upos != "PROPN" {
			continue
		}
		ty := typeOf(m.etype)
		if ty == "" {
			continue
		}
		a, b := core(s, m, h)
		if a >= b || notName(s.words[a:b]) {
			continue
		}
		free := true
		for i := a; i < b; i++ {
			free = free && !taken[i]
		}
		if !free {
			continue
		}
		if b-a == 1 && s.words[a].xpos == "NNPS" && ty == "PER" {
			ty = "MISC"
		}
		for i := a; i < b; i++ {
			taken[i] = true
			tags[i] = "I-" + ty
		}
		tags[a] = "B-" + ty
	}
	for i, w := range s.words {
		if taken[i] {
			continue
		}
		if w.upos == "PROPN" && w.xpos == "NNPS" && demonymSuffix(w.lemma) {
			tags[i] = "B-MISC"
			continue
		}
		r, _ := utf8.DecodeRuneInString(w.lemma)
		if w.upos != "ADJ" || w.xpos != "JJ" || !unicode.IsUpper(r) || strings.ToUpper(w.lemma) == w.lemma {
			continue
		}
		if i > 0 || demonymSuffix(w.form) {
			tags[i] = "B-MISC"
		}
	}
	return tags
}

func writeCoNLL(w io.Writer, docs []*document) {
	for _, d := range docs {
		fmt.Fprint(w, "-DOCSTART- -X- -X- O\n\n")
		for _, s := range d.sents {
			tags := convert(s)
			for i, x := range s.words {
				// Tokens with spaces (rare in GUM) would break the columns.
				fmt.Fprintf(w, "%s %s O %s\n", strings.ReplaceAll(x.form, " ", "_"), x.xpos, tags[i])
			}
			fmt.Fprintln(w)
		}
	}
}
