// Package conllu reads and writes CoNLL-U (Universal Dependencies) files.
// Word lines carry the tags and the tree; multi-word-token lines (N-M) and
// empty nodes (N.1) are kept so a file can be written back as it came in.
package conllu

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Word is a syntactic word (an integer-ID line). Head is -1 when the column
// is "_" (unknown), 0 for the root.
type Word struct {
	ID     int
	Form   string
	Lemma  string
	UPOS   string
	XPOS   string
	Feats  string
	Head   int
	Deprel string
	Deps   string
	Misc   string
}

// SpaceAfter reports whether MISC does not say SpaceAfter=No.
func SpaceAfter(misc string) bool {
	for _, kv := range strings.Split(misc, "|") {
		if kv == "SpaceAfter=No" {
			return false
		}
	}
	return true
}

// Multi is a multi-word token line covering words Start..End.
type Multi struct {
	Start, End int
	Form       string
	Misc       string
	Rest       string // columns 3-9 as read, tab-joined
}

// Empty is an empty-node line, kept verbatim; it follows word After.
type Empty struct {
	After int
	Line  string
}

// Sentence is one sentence.
type Sentence struct {
	Comments []string // full comment lines including '#'
	Words    []Word
	Multis   []Multi
	Empties  []Empty
	Line     int // line number of the first line, for messages
}

// Text returns the "# text = ..." comment, if any.
func (s *Sentence) Text() (string, bool) {
	for _, c := range s.Comments {
		if t, ok := strings.CutPrefix(c, "# text = "); ok {
			return t, true
		}
		if t, ok := strings.CutPrefix(c, "# text="); ok {
			return t, true
		}
	}
	return "", false
}

// ID returns the "# sent_id" comment value, if any.
func (s *Sentence) ID() string {
	for _, c := range s.Comments {
		if t, ok := strings.CutPrefix(c, "# sent_id = "); ok {
			return t
		}
	}
	return ""
}

// Surface returns the surface tokens as the text shows them: MWT forms in
// place of the words they cover, with their SpaceAfter flags.
func (s *Sentence) Surface() (forms []string, spaceAfter []bool) {
	mi := 0
	for i := 0; i < len(s.Words); i++ {
		w := s.Words[i]
		if mi < len(s.Multis) && s.Multis[mi].Start == w.ID {
			m := s.Multis[mi]
			mi++
			forms = append(forms, m.Form)
			spaceAfter = append(spaceAfter, SpaceAfter(m.Misc))
			for i+1 < len(s.Words) && s.Words[i+1].ID <= m.End {
				i++
			}
			continue
		}
		forms = append(forms, w.Form)
		spaceAfter = append(spaceAfter, SpaceAfter(w.Misc))
	}
	return
}

// Reader reads sentences one at a time.
type Reader struct {
	sc   *bufio.Scanner
	line int
}

// NewReader makes a reader. Lines may be up to 1 MiB long.
func NewReader(r io.Reader) *Reader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	return &Reader{sc: sc}
}

// Next returns the next sentence, or io.EOF after the last one.
func (r *Reader) Next() (*Sentence, error) {
	var s *Sentence
	for r.sc.Scan() {
		r.line++
		ln := strings.TrimRight(r.sc.Text(), "\r")
		if strings.TrimSpace(ln) == "" {
			if s != nil {
				return s, s.check(r.line)
			}
			continue
		}
		if s == nil {
			s = &Sentence{Line: r.line}
		}
		if ln[0] == '#' {
			s.Comments = append(s.Comments, ln)
			continue
		}
		if err := s.addLine(ln); err != nil {
			return nil, fmt.Errorf("conllu: line %d: %w", r.line, err)
		}
	}
	if err := r.sc.Err(); err != nil {
		return nil, fmt.Errorf("conllu: line %d: %w", r.line+1, err)
	}
	if s != nil {
		return s, s.check(r.line)
	}
	return nil, io.EOF
}

func (s *Sentence) addLine(ln string) error {
	f := strings.Split(ln, "\t")
	if len(f) != 10 {
		return fmt.Errorf("%d columns, want 10", len(f))
	}
	id := f[0]
	if a, b, ok := strings.Cut(id, "-"); ok {
		st, err1 := strconv.Atoi(a)
		en, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil || st < 1 || en < st {
			return fmt.Errorf("bad range id %q", id)
		}
		s.Multis = append(s.Multis, Multi{Start: st, End: en, Form: f[1], Misc: f[9], Rest: strings.Join(f[2:9], "\t")})
		return nil
	}
	if a, _, ok := strings.Cut(id, "."); ok {
		n, err := strconv.Atoi(a)
		if err != nil || n < 0 {
			return fmt.Errorf("bad empty-node id %q", id)
		}
		s.Empties = append(s.Empties, Empty{After: n, Line: ln})
		return nil
	}
	n, err := strconv.Atoi(id)
	if err != nil || n != len(s.Words)+1 {
		return fmt.Errorf("word id %q out of sequence (want %d)", id, len(s.Words)+1)
	}
	head := -1
	if f[6] != "_" {
		h, err := strconv.Atoi(f[6])
		if err != nil || h < 0 {
			return fmt.Errorf("bad head %q", f[6])
		}
		head = h
	}
	s.Words = append(s.Words, Word{ID: n, Form: f[1], Lemma: f[2], UPOS: f[3], XPOS: f[4], Feats: f[5], Head: head, Deprel: f[7], Deps: f[8], Misc: f[9]})
	return nil
}

// check validates what only the whole sentence shows.
func (s *Sentence) check(line int) error {
	n := len(s.Words)
	for _, w := range s.Words {
		if w.Head > n {
			return fmt.Errorf("conllu: sentence at line %d: word %d has head %d beyond %d words", s.Line, w.ID, w.Head, n)
		}
	}
	last := 0
	for _, m := range s.Multis {
		if m.End > n || m.Start <= last {
			return fmt.Errorf("conllu: sentence at line %d: multi-word token %d-%d out of range or overlapping", s.Line, m.Start, m.End)
		}
		last = m.End
	}
	for _, e := range s.Empties {
		if e.After > n {
			return fmt.Errorf("conllu: sentence at line %d: empty node after word %d beyond %d words", s.Line, e.After, n)
		}
	}
	return nil
}

// ReadFile reads every sentence of a file.
func ReadFile(path string) ([]*Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(f)
}

// ReadAll reads every sentence.
func ReadAll(r io.Reader) ([]*Sentence, error) {
	rd := NewReader(r)
	var out []*Sentence
	for {
		s, err := rd.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, s)
	}
}

func orUnderscore(s string) string {
	if s == "" {
		return "_"
	}
	return s
}

// Write writes a sentence followed by a blank line. MWT lines go before
// their first word and empty nodes after the word they follow, as read.
func Write(w io.Writer, s *Sentence) error {
	bw := bufio.NewWriter(w)
	for _, c := range s.Comments {
		bw.WriteString(c)
		bw.WriteByte('\n')
	}
	mi, ei := 0, 0
	for ei < len(s.Empties) && s.Empties[ei].After == 0 {
		bw.WriteString(s.Empties[ei].Line)
		bw.WriteByte('\n')
		ei++
	}
	for _, wd := range s.Words {
		for mi < len(s.Multis) && s.Multis[mi].Start == wd.ID {
			m := s.Multis[mi]
			rest := m.Rest
			if rest == "" {
				rest = "_\t_\t_\t_\t_\t_\t_"
			}
			fmt.Fprintf(bw, "%d-%d\t%s\t%s\t%s\n", m.Start, m.End, orUnderscore(m.Form), rest, orUnderscore(m.Misc))
			mi++
		}
		head := "_"
		if wd.Head >= 0 {
			head = strconv.Itoa(wd.Head)
		}
		fmt.Fprintf(bw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", wd.ID, orUnderscore(wd.Form), orUnderscore(wd.Lemma),
			orUnderscore(wd.UPOS), orUnderscore(wd.XPOS), orUnderscore(wd.Feats), head, orUnderscore(wd.Deprel),
			orUnderscore(wd.Deps), orUnderscore(wd.Misc))
		for ei < len(s.Empties) && s.Empties[ei].After == wd.ID {
			bw.WriteString(s.Empties[ei].Line)
			bw.WriteByte('\n')
			ei++
		}
	}
	for ; ei < len(s.Empties); ei++ {
		bw.WriteString(s.Empties[ei].Line)
		bw.WriteByte('\n')
	}
	bw.WriteByte('\n')
	return bw.Flush()
}
