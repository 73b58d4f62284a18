package ner

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Corpus is a CoNLL-2003 style file: one token per line with the token in
// column 1, blank lines between sentences and "-DOCSTART-" lines between
// documents. Lines keeps the input so it can be echoed with a tag appended.
type Corpus struct {
	Lines []Line
	Docs  []Document
}

// Line is one input line. Sent/Tok locate a token line in Docs (-1 otherwise).
type Line struct {
	Text      string // without the line ending or trailing blanks
	Doc, Sent int
	Tok       int
}

// Document is a run of sentences between -DOCSTART- lines.
type Document struct {
	Sentences []Sentence
}

// Sentence holds the tokens and, when the file has more than one column, the
// last column as the gold tag.
type Sentence struct {
	Tokens []string
	Gold   []string
}

// MaxLineBytes bounds a line so a hostile input cannot exhaust memory per line.
const MaxLineBytes = 1 << 20

// ReadCoNLL reads a CoNLL file. Malformed input (an over-long line) is an
// error; it never panics.
func ReadCoNLL(r io.Reader) (*Corpus, error) {
	c := &Corpus{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), MaxLineBytes)
	var doc *Document
	var sent *Sentence
	newDoc := func() {
		c.Docs = append(c.Docs, Document{})
		doc = &c.Docs[len(c.Docs)-1]
		sent = nil
	}
	n := 0
	for sc.Scan() {
		n++
		text := strings.TrimRight(sc.Text(), " \t\r")
		fields := strings.Fields(text)
		ln := Line{Text: text, Doc: -1, Sent: -1, Tok: -1}
		switch {
		case len(fields) == 0:
			sent = nil
		case fields[0] == "-DOCSTART-":
			newDoc()
		default:
			if doc == nil {
				newDoc()
			}
			if sent == nil {
				doc.Sentences = append(doc.Sentences, Sentence{})
				sent = &doc.Sentences[len(doc.Sentences)-1]
			}
			ln.Doc, ln.Sent, ln.Tok = len(c.Docs)-1, len(doc.Sentences)-1, len(sent.Tokens)
			sent.Tokens = append(sent.Tokens, fields[0])
			if len(fields) > 1 {
				sent.Gold = append(sent.Gold, fields[len(fields)-1])
			}
		}
		c.Lines = append(c.Lines, ln)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("conll: line %d: %w", n+1, err)
	}
	for d := range c.Docs {
		for s, st := range c.Docs[d].Sentences {
			if len(st.Gold) != 0 && len(st.Gold) != len(st.Tokens) {
				return nil, fmt.Errorf("conll: document %d sentence %d: some token lines lack a tag column", d+1, s+1)
			}
		}
	}
	return c, nil
}

// Write echoes the corpus with tags[doc][sent][tok] appended to each token line.
func (c *Corpus) Write(w io.Writer, tags [][][]string) error {
	bw := bufio.NewWriter(w)
	for _, ln := range c.Lines {
		bw.WriteString(ln.Text)
		if ln.Tok >= 0 {
			// Keep the file's separator: tab-separated columns get a tab.
			if strings.IndexByte(ln.Text, '\t') >= 0 && strings.IndexByte(ln.Text, ' ') < 0 {
				bw.WriteByte('\t')
			} else {
				bw.WriteByte(' ')
			}
			bw.WriteString(tags[ln.Doc][ln.Sent][ln.Tok])
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
