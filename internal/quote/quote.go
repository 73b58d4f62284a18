// Package quote finds direct and partial quotations and who said them: the
// quotation marks, the introducing verb ("…, Xi said", "Trump said at …:"),
// and the speaker, linked to a named mention or entity when those layers are
// present and resolved through pronouns to the last named speaker.
package quote

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/pipeline"
	"github.com/newsgraph/newsgraph/internal/text"
)

// StageID is the stage's registry id.
const StageID = "quote.attribute.v1"

func init() {
	pipeline.Register(pipeline.Info{
		ID:      StageID,
		Assigns: []string{doc.LayerQuotes},
		New:     func(pipeline.Env) (pipeline.Stage, error) { return pipeline.StageFunc(process), nil },
	})
}

// maxQuote bounds one quotation; an opening mark with no close within it (or
// within its paragraph) is closed at the paragraph end.
const maxQuote = 4000

func process(_ context.Context, d *doc.Doc) error {
	d.Quotes = Find(d)
	return nil
}

type mark struct {
	pos, size int
	open      bool
	double    bool
}

// Find returns the quotations of a Doc in text order.
func Find(d *doc.Doc) []doc.Quote {
	src := d.Text
	pairs := pairMarks(src)
	var out []doc.Quote
	lastSpeaker := -1 // index in out of the last quote with a named speaker
	for _, p := range pairs {
		q := doc.Quote{
			Span:    text.Span{Start: p[0], End: p[3]},
			Content: text.Span{Start: p[1], End: p[2]},
			Entity:  -1,
		}
		q.Text = src[p[1]:p[2]]
		if strings.TrimSpace(q.Text) == "" {
			continue
		}
		sent := sentenceAround(d, q.Span)
		attribute(d, &q, sent)
		q.Partial = isPartial(src, q, sent)
		nested := len(out) > 0 && out[len(out)-1].Span.Contains(q.Span)
		if q.Speaker != nil && isPronoun(q.Speaker.Text) && !nested {
			if lastSpeaker >= 0 {
				prev := out[lastSpeaker]
				q.Entity = prev.Entity
				q.Reason += "; pronoun " + strings.ToLower(q.Speaker.Text) + " → " + prev.Speaker.Text
			} else if m := lastPerson(d, q.Speaker.Start); m >= 0 {
				mm := d.Mentions[m]
				q.Entity = mm.Entity
				q.Reason += "; pronoun " + strings.ToLower(q.Speaker.Text) + " → " + src[mm.Start:mm.End]
			}
		}
		out = append(out, q)
		if q.Speaker != nil && !isPronoun(q.Speaker.Text) && !strings.HasPrefix(strings.ToLower(q.Speaker.Text), "the ") {
			lastSpeaker = len(out) - 1
		}
	}
	return out
}

// pairMarks returns [open, contentStart, contentEnd, close] byte offsets for
// each quotation. Curly and guillemet quotes pair by kind; straight double
// quotes alternate within a paragraph; single quotes count only inside a
// double quotation (elsewhere ’ is almost always an apostrophe).
func pairMarks(src string) [][4]int {
	var out [][4]int
	var open *mark
	var inner *mark
	for i := 0; i < len(src); {
		r, sz := utf8.DecodeRuneInString(src[i:])
		if r == '\n' && open != nil {
			// A paragraph ends inside a quote: close it here. (A quotation
			// running on into the next paragraph re-opens there and is
			// found as a quote of its own.)
			out = append(out, [4]int{open.pos, open.pos + open.size, trimEnd(src, open.pos+open.size, i), i})
			open, inner = nil, nil
		}
		switch r {
		case '“', '«', '„':
			if open == nil {
				open = &mark{pos: i, size: sz, open: true, double: true}
			}
		case '”', '»':
			if open != nil {
				out = append(out, [4]int{open.pos, open.pos + open.size, i, i + sz})
				open, inner = nil, nil
			}
		case '"':
			if open == nil {
				if opensHere(src, i) {
					open = &mark{pos: i, size: sz, open: true, double: true}
				}
			} else {
				out = append(out, [4]int{open.pos, open.pos + open.size, i, i + sz})
				open, inner = nil, nil
			}
		case '‘':
			if open != nil && inner == nil {
				inner = &mark{pos: i, size: sz}
			}
		case '’':
			if inner != nil && !letterAt(src, i+sz) {
				out = append(out, [4]int{inner.pos, inner.pos + inner.size, i, i + sz})
				inner = nil
			}
		}
		if open != nil && i-open.pos > maxQuote {
			open, inner = nil, nil // unbalanced: drop rather than swallow the page
		}
		i += sz
	}
	if open != nil {
		out = append(out, [4]int{open.pos, open.pos + open.size, trimEnd(src, open.pos+open.size, len(src)), len(src)})
	}
	// Nested quotes were appended before their outer quote closed: sort by start.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j][0] < out[j-1][0]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func trimEnd(src string, a, b int) int {
	for b > a && (src[b-1] == ' ' || src[b-1] == '\t' || src[b-1] == '\r') {
		b--
	}
	return b
}

func opensHere(src string, i int) bool {
	prevOK := i == 0
	if !prevOK {
		r, _ := utf8.DecodeLastRuneInString(src[:i])
		prevOK = unicode.IsSpace(r) || strings.ContainsRune("([{—–-:", r)
	}
	if !prevOK || i+1 >= len(src) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(src[i+1:])
	return !unicode.IsSpace(r)
}

func letterAt(src string, i int) bool {
	if i >= len(src) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(src[i:])
	return unicode.IsLetter(r)
}

// sentenceAround returns the span of the sentence(s) holding sp: from the
// sentence layer when present, else a light heuristic over the paragraph.
func sentenceAround(d *doc.Doc, sp text.Span) text.Span {
	if len(d.Sentences) > 0 {
		out := sp
		found := false
		for _, s := range d.Sentences {
			if s.Overlaps(sp) || (s.Start <= sp.Start && sp.Start < s.End) {
				if !found || s.Start < out.Start {
					out.Start = min(out.Start, s.Start)
				}
				out.End = max(out.End, s.End)
				found = true
			}
		}
		if found {
			return out
		}
	}
	src := d.Text
	// Look back and ahead a bounded distance so long paragraphs stay linear.
	lo := max(0, sp.Start-maxQuote)
	start := lo + strings.LastIndexByte(src[lo:sp.Start], '\n') + 1
	for i := sp.Start - 1; i > start; i-- {
		if e := sentenceEndAt(src, i); e >= 0 && e <= sp.Start {
			start = e
			break
		}
	}
	end := min(len(src), sp.End+maxQuote)
	if nl := strings.IndexByte(src[sp.End:end], '\n'); nl >= 0 {
		end = sp.End + nl
	}
	for i := sp.End; i < end; i++ {
		if e := sentenceEndAt(src, i); e >= 0 {
			end = e
			break
		}
	}
	for start < sp.Start && src[start] == ' ' {
		start++
	}
	return text.Span{Start: start, End: end}
}

// sentenceEndAt returns where a sentence ending with the mark at i ends: a
// full stop, question or exclamation mark (and any closing quotes after it)
// followed by a space and an upper-case letter or an opening quote. It
// returns -1 when i ends no sentence.
func sentenceEndAt(src string, i int) int {
	c := src[i]
	if c != '.' && c != '?' && c != '!' {
		return -1
	}
	j := i + 1
	for {
		if strings.HasPrefix(src[j:], "”") {
			j += len("”")
		} else if j < len(src) && (src[j] == '"' || src[j] == '\'') {
			j++
		} else {
			break
		}
	}
	if j >= len(src) || src[j] != ' ' {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(src[j+1:])
	if unicode.IsUpper(r) || r == '“' || r == '"' {
		return j
	}
	return -1
}

func isPartial(src string, q doc.Quote, sent text.Span) bool {
	r, _ := utf8.DecodeRuneInString(src[q.Content.Start:])
	if unicode.IsLower(r) {
		return true
	}
	before := strings.TrimSpace(src[sent.Start:q.Start])
	if before == "" {
		return false
	}
	// "X said:" or "X said," introduces a full quotation.
	if strings.HasSuffix(before, ":") || strings.HasSuffix(before, ",") {
		w := lastWord(strings.TrimRight(before, ":,"))
		if speechVerbs[strings.ToLower(w)] || strings.HasSuffix(before, ":") {
			return false
		}
	}
	return true
}

func lastWord(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexAny(s, " \t\n"); i >= 0 {
		return s[i+1:]
	}
	return s
}

func isPronoun(s string) bool {
	switch strings.ToLower(s) {
	case "he", "she", "they", "i", "we", "it":
		return true
	}
	return false
}

// lastPerson returns the last PER mention that ends before off, or -1.
func lastPerson(d *doc.Doc, off int) int {
	best := -1
	for i, m := range d.Mentions {
		if m.Kind == doc.KindPER && m.End <= off {
			best = i
		}
	}
	return best
}
