package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence is a sentence found by SplitSentences: tokens [TokStart,
// TokEnd) of the slice given, its byte span, and whether the length guard
// cut it rather than a real boundary.
type Sentence struct {
	Span
	TokStart, TokEnd int
	Cut              bool
}

// MaxSentenceTokens is the length guard: longer sentences are cut.
const MaxSentenceTokens = 250

// starters are capitalised words that, after an abbreviation such as
// "U.S.", show a new sentence has begun.
var starters = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`The A An He She It They We I You This That These Those There But And Or So Yet In On At For
		If When While After Before As His Her Its Their Our My Mr Mrs Ms Dr However Meanwhile Still Also Now Then Some Many Most`) {
		starters[w] = true
	}
}

func isCloser(f string) bool {
	switch f {
	case "\"", "'", ")", "]", "}", "\u201d", "\u2019", "\u00bb", "\u300d", "\u300f", "\uff09":
		return true
	}
	return false
}

// wideFinal is CJK / full-width final punctuation, which needs no space after.
func wideFinal(f string) bool {
	return f == "\u3002" || f == "\uff01" || f == "\uff1f"
}

func isFinal(f string) bool {
	switch f {
	case "!", "?", "\u3002", "\uff01", "\uff1f", "\u2026":
		return true
	}
	return strings.Trim(f, ".!?") == "" && f != ""
}

// shortLine is the length under which a line ending without punctuation
// is taken to be complete (a headline) rather than hard-wrapped text.
const shortLine = 48

// lineBefore is the length in bytes of the line that ends at end, counted
// back at most shortLine bytes.
func lineBefore(s string, end int) int {
	n := 0
	for i := end - 1; i >= 0 && n < shortLine; i-- {
		if s[i] == '\n' {
			break
		}
		n++
	}
	return n
}

// SplitSentences groups tokens of s into sentences. Boundaries: final
// punctuation (. ! ? … 。！？) with any closing quotes or brackets, when the
// next token does not start with a lower-case letter; a blank line; a line
// break after a short line, before a capital; an abbreviation ending in a period when the next
// word typically starts a sentence. Sentences over max tokens are cut
// (max <= 0 means MaxSentenceTokens).
func SplitSentences(s string, toks []Token, max int) []Sentence {
	if max <= 0 {
		max = MaxSentenceTokens
	}
	var out []Sentence
	start := 0
	emit := func(end int, cut bool) {
		if end <= start {
			return
		}
		out = append(out, Sentence{Span: Span{toks[start].Start, toks[end-1].End}, TokStart: start, TokEnd: end, Cut: cut})
		start = end
	}
	for k := 0; k < len(toks); k++ {
		if k-start+1 >= max {
			emit(k+1, true)
			continue
		}
		if k+1 >= len(toks) {
			break
		}
		next := toks[k+1]
		gap := s[toks[k].End:next.Start]
		nr, _ := utf8.DecodeRuneInString(next.Form)
		if strings.Count(gap, "\n") >= 2 || strings.Contains(gap, "\n\n") {
			emit(k+1, false)
			continue
		}
		f := toks[k].Form
		end := -1
		switch {
		case isFinal(f):
			end = k + 1
			for end < len(toks) && end-start < max && isCloser(toks[end].Form) && toks[end-1].End == toks[end].Start {
				end++
			}
		case strings.HasSuffix(f, ".") && len(f) > 1 && toks[k].End-toks[k].Start > 1:
			// abbreviation token with its period
			w := strings.ToLower(strings.TrimSuffix(f, "."))
			if !titles[w] && starters[next.Form] {
				end = k + 1
			}
		}
		if end > 0 && end < len(toks) {
			n2 := toks[end]
			r2, _ := utf8.DecodeRuneInString(n2.Form)
			if unicode.IsLower(r2) || n2.Form == "," || n2.Form == ";" {
				end = -1
			}
			if end > 0 && toks[end-1].End == n2.Start && !isCloser(toks[end-1].Form) && !isFinal(n2.Form) && !wideFinal(toks[end-1].Form) {
				end = -1 // "3.5" "Yahoo!Inc" — no space, no break
			}
		}
		if end > 0 {
			emit(end, false)
			k = end - 1
			continue
		}
		if nl := strings.LastIndexByte(gap, '\n'); nl >= 0 && unicode.IsUpper(nr) {
			// A line break before a capital ends a sentence when the next
			// line is indented (a new paragraph), or when the line before
			// is short and does not end in a lower-case word (a headline,
			// dateline or list item). Hard-wrapped lines run on.
			indented := strings.HasPrefix(gap[nl+1:], "  ") || strings.HasPrefix(gap[nl+1:], "\t")
			pr, _ := utf8.DecodeRuneInString(f)
			if indented || lineBefore(s, toks[k].End) < shortLine && !unicode.IsLower(pr) {
				emit(k+1, false)
			}
		}
	}
	emit(len(toks), false)
	return out
}
