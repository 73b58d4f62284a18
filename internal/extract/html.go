package extract

import (
	"bytes"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/newsgraph/newsgraph/internal/text"
)

// HTMLOptions choose how go-trafilatura runs.
type HTMLOptions struct {
	Focus    trafilatura.ExtractionFocus
	Fallback bool // compare with readability and dom-distiller
	// ExcludeTables drops <table> text.
	ExcludeTables bool
	// IncludeComments keeps reader comments (off: they are not the article).
	IncludeComments bool
}

// DefaultHTMLOptions is the configuration used by the stage: the best on the
// article-extraction dev split (`newsgraph eval extract`, story texts scored):
// balanced focus without fallback F1 0.971; favor recall 0.970; fallback
// (readability, dom-distiller) 0.960; favor precision 0.952.
var DefaultHTMLOptions = HTMLOptions{Focus: trafilatura.Balanced}

// Page is what HTML extraction finds.
type Page struct {
	// Text is the main text, one line per block (paragraph, heading, list
	// item), words of a block joined by single spaces.
	Text string
	// Map maps offsets in Text back to byte offsets in the raw HTML.
	Map       *text.OffsetMap
	Title     string
	Author    string
	Site      string
	Published time.Time // zero when none found
	Language  string    // from the page's markup or trafilatura's guess
	URL       string
}

// ExtractHTML runs go-trafilatura over raw and rebuilds its main text with an
// offset map back into raw.
//
// Precision of the map: trafilatura works on a cleaned copy of the DOM, so
// positions are recovered by aligning the words of the extracted text nodes
// with the words of the raw HTML's text tokens, in document order (a word
// matches the first equal raw word at or after the previous match that is
// also followed by the next word). Anchors only move forward, as OffsetMap
// requires, so text that trafilatura moved ahead of where it stands in the
// markup is not found again. A matched word maps byte for byte to its
// raw bytes when it has no character references; with references ("&amp;")
// its start and end are exact and the bytes inside map to the reference.
// Separators map to the gap after the previous word. A word that trafilatura
// changed or reordered (rare) maps to the position of the last matched word,
// so spans stay monotonic and inside raw, but point near, not at, its source.
// Text trafilatura takes from scripts (a JSON-LD articleBody, a page's data
// blob) is of that kind, since script text is not indexed: on the dev split
// about 95% of extracted words map back onto the same word.
func ExtractHTML(raw string, opt HTMLOptions) (*Page, error) {
	opts := trafilatura.Options{
		Focus:           opt.Focus,
		EnableFallback:  opt.Fallback,
		ExcludeComments: !opt.IncludeComments,
		ExcludeTables:   opt.ExcludeTables,
		// The page date is only a fallback for the reference date; the
		// fast mode skips go-dateparser's slow regular expressions.
		HtmlDateMode: trafilatura.Fast,
	}
	res, err := trafilatura.Extract(strings.NewReader(raw), opts)
	if err != nil {
		return nil, err
	}
	p := &Page{
		Title:     res.Metadata.Title,
		Author:    res.Metadata.Author,
		Site:      res.Metadata.Sitename,
		Published: res.Metadata.Date,
		Language:  res.Metadata.Language,
		URL:       res.Metadata.URL,
	}
	al := newAligner(raw)
	w := &blockWriter{al: al}
	w.walk(res.ContentNode)
	p.Text = w.b.String()
	p.Map = w.b.Map()
	return p, nil
}

// rawWord is a whitespace-separated word of a raw text token, decoded.
type rawWord struct {
	text       string
	start, end int // raw byte offsets
}

// aligner finds extracted words in the raw HTML's text, in order.
type aligner struct {
	raw   string
	words []rawWord
	index map[string][]int // word → positions in words, ascending
	cur   int              // next raw word to consider
	last  int              // raw offset after the last matched word
}

var skipText = map[string]bool{"script": true, "style": true, "template": true, "title": true, "textarea": true, "noscript": false}

func newAligner(raw string) *aligner {
	a := &aligner{raw: raw, index: map[string][]int{}}
	z := html.NewTokenizer(strings.NewReader(raw))
	off := 0
	skip := ""
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		rb := z.Raw()
		start := off
		off += len(rb)
		switch tt {
		case html.StartTagToken:
			name, _ := z.TagName()
			if skipText[string(name)] {
				skip = string(name)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if string(name) == skip {
				skip = ""
			}
		case html.TextToken:
			if skip == "" {
				a.addText(string(rb), start)
			}
		}
	}
	return a
}

// addText splits a raw text token into decoded words with raw offsets.
func (a *aligner) addText(raw string, base int) {
	dec, offs := decodeRefs(raw)
	i := 0
	for i < len(dec) {
		r, n := utf8.DecodeRuneInString(dec[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		j := i
		for j < len(dec) {
			r, n := utf8.DecodeRuneInString(dec[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += n
		}
		// Soft hyphens are invisible and trafilatura drops them.
		w := rawWord{text: strings.ReplaceAll(dec[i:j], "\u00ad", ""), start: base + offs[i], end: base + offs[j]}
		a.index[w.text] = append(a.index[w.text], len(a.words))
		a.words = append(a.words, w)
		i = j
	}
}

// decodeRefs decodes character references; offs[k] is the raw offset of
// decoded byte k (offs has one extra entry for the end).
func decodeRefs(raw string) (string, []int) {
	if !strings.Contains(raw, "&") && !strings.Contains(raw, "\x00") {
		offs := make([]int, len(raw)+1)
		for i := range offs {
			offs[i] = i
		}
		return raw, offs
	}
	var buf bytes.Buffer
	offs := make([]int, 0, len(raw)+1)
	for i := 0; i < len(raw); {
		if raw[i] == '&' {
			j := strings.IndexByte(raw[i:min(len(raw), i+40)], ';')
			if j > 0 {
				ref := raw[i : i+j+1]
				if d := html.UnescapeString(ref); d != ref {
					buf.WriteString(d)
					for k := 0; k < len(d); k++ {
						offs = append(offs, i)
					}
					i += j + 1
					continue
				}
			}
		}
		if raw[i] == 0 { // the parser replaces NUL with U+FFFD
			buf.WriteString("\uFFFD")
			offs = append(offs, i, i, i)
			i++
			continue
		}
		buf.WriteByte(raw[i])
		offs = append(offs, i)
		i++
	}
	offs = append(offs, len(raw))
	return buf.String(), offs
}

// farJump is how many raw words a match may skip before it needs the two
// following words to match too: text that is not in the indexed markup (a
// lead taken from a JSON-LD script, say) must not drag the cursor to a
// chance match far ahead, after which nothing else would map.
const farJump = 300

// find returns the raw words [p, last] that w stands for, at or after the
// cursor: one equal raw word, preferring a position whose successors match
// ahead (the next words of the extracted text), or, when no equal word is
// near, a few adjacent raw words that trafilatura merged into one ("US" and
// "." of "US</a>."). p is -1 when w is not found.
func (a *aligner) find(w string, ahead []string) (p, last int) {
	pos := a.index[w]
	k := sort.SearchInts(pos, a.cur)
	follows := func(p, n int) bool {
		for i := 0; i < n && i < len(ahead); i++ {
			// A prefix is enough: the next word may be merged ("US.").
			if p+1+i >= len(a.words) || a.words[p+1+i].text == "" || !strings.HasPrefix(ahead[i], a.words[p+1+i].text) {
				return false
			}
			if a.words[p+1+i].text != ahead[i] {
				break
			}
		}
		return true
	}
	best := -1
	for c := k; c < len(pos) && c < k+64; c++ {
		p := pos[c]
		need := 1
		if p-a.cur > farJump {
			need = 2
		}
		if follows(p, need) {
			best = p
			break
		}
	}
	if best < 0 && k < len(pos) && (pos[k]-a.cur <= farJump || len(ahead) == 0) {
		best = pos[k]
	}
	if best < 0 || best-a.cur > nearWords {
		if q, l := a.merged(w); q >= 0 {
			return q, l
		}
	}
	return best, best
}

// nearWords bounds the search for merged words.
const nearWords = 24

// merged looks near the cursor for adjacent raw words that concatenate to w.
func (a *aligner) merged(w string) (int, int) {
	for q := a.cur; q < len(a.words) && q < a.cur+nearWords; q++ {
		rest := w
		for l := q; l < len(a.words) && l < q+6; l++ {
			t := a.words[l].text
			if t == "" || !strings.HasPrefix(rest, t) {
				break
			}
			rest = rest[len(t):]
			if rest == "" {
				if l > q {
					return q, l
				}
				break
			}
		}
	}
	return -1, -1
}

// blockWriter walks trafilatura's output tree and writes one line per block.
type blockWriter struct {
	al *aligner
	b  text.Builder
}

// inline elements continue the current line; everything else is a block.
var inline = map[string]bool{
	"hi": true, "ref": true, "del": true, "a": true, "span": true, "b": true, "i": true,
	"em": true, "strong": true, "u": true, "sub": true, "sup": true, "small": true,
	"abbr": true, "time": true, "code": true, "mark": true, "s": true, "q": true,
	"cite": true, "font": true, "graphic": true, "img": true,
}

// item kinds in the flattened tree.
const (
	itWord = iota
	itSpace
	itBreak
)

type item struct {
	kind int
	word string
}

func (w *blockWriter) walk(n *html.Node) {
	if n == nil {
		return
	}
	// Flatten first so each word can look one word ahead when aligning.
	var items []item
	collect(n, &items)
	sep := ""
	for i, it := range items {
		switch it.kind {
		case itBreak:
			if w.b.Len() > 0 {
				sep = "\n"
			}
		case itSpace:
			if sep == "" && w.b.Len() > 0 {
				sep = " "
			}
		case itWord:
			var ahead []string
			for j := i + 1; j < len(items) && len(ahead) < 2; j++ {
				if items[j].kind == itWord {
					ahead = append(ahead, items[j].word)
				}
			}
			w.write(sep, it.word, ahead)
			sep = ""
		}
	}
}

func collect(n *html.Node, items *[]item) {
	switch n.Type {
	case html.TextNode:
		s := n.Data
		for i := 0; i < len(s); {
			r, size := utf8.DecodeRuneInString(s[i:])
			j := i + size
			sp := unicode.IsSpace(r)
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if unicode.IsSpace(r2) != sp {
					break
				}
				j += n2
			}
			if sp {
				*items = append(*items, item{kind: itSpace})
			} else {
				*items = append(*items, item{kind: itWord, word: s[i:j]})
			}
			i = j
		}
		return
	case html.ElementNode:
		switch n.Data {
		case "lb", "br":
			*items = append(*items, item{kind: itBreak})
			return
		case "cell", "td", "th":
			*items = append(*items, item{kind: itSpace})
		}
	}
	block := n.Type == html.ElementNode && !inline[n.Data] && n.Data != "cell" && n.Data != "td" && n.Data != "th"
	if block {
		*items = append(*items, item{kind: itBreak})
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		collect(c, items)
	}
	if block {
		*items = append(*items, item{kind: itBreak})
	}
}

// write appends sep and word, anchoring word at its raw position.
// trafilatura's tree drops whitespace-only text between inline elements
// ("for <a>Larry</a>" keeps "for" and "Larry"), so two words with no space
// between them in the tree are glued only when nothing but tags separates
// them in the raw HTML ("D<span>ay</span>").
func (w *blockWriter) write(sep, word string, ahead []string) {
	al := w.al
	p, last := al.find(word, ahead)
	if sep == "" && w.b.Len() > 0 && (p < 0 || !tagsOnly(al.raw, al.last, al.words[p].start)) {
		sep = " "
	}
	switch sep {
	case "\n":
		w.b.WriteSynthetic("\n", al.last)
	case " ":
		w.b.WriteFrom(" ", al.last)
	}
	if p < 0 {
		w.b.WriteSynthetic(word, al.last)
		return
	}
	w.b.WriteFrom(word, al.words[p].start)
	al.cur = last + 1
	al.last = al.words[last].end
}

// tagsOnly reports whether raw[from:to] holds only markup, no text or space.
func tagsOnly(raw string, from, to int) bool {
	if from > to || to > len(raw) {
		return false
	}
	in := false
	for i := from; i < to; i++ {
		switch c := raw[i]; {
		case c == '<':
			in = true
		case c == '>' && in:
			in = false
		case !in:
			return false
		}
	}
	return true
}
