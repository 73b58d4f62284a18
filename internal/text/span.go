// Package text holds the byte-offset primitives every layer of a Doc is built
// from: spans, offset maps across text transforms, and (in later files) the
// tokenizer and sentence splitter.
package text

import "fmt"

// Span is a half-open byte range [Start, End) into a Doc's text.
// Spans are the identity of everything the pipeline finds: no layer keeps
// copied strings as identity, so every fact can be traced to its characters.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len is the span's length in bytes.
func (s Span) Len() int { return s.End - s.Start }

// Empty reports whether the span covers no bytes.
func (s Span) Empty() bool { return s.End <= s.Start }

// Valid reports whether the span lies inside a text of n bytes.
func (s Span) Valid(n int) bool { return s.Start >= 0 && s.Start <= s.End && s.End <= n }

// Contains reports whether o lies wholly inside s.
func (s Span) Contains(o Span) bool { return s.Start <= o.Start && o.End <= s.End }

// Overlaps reports whether s and o share at least one byte.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// Of returns the text the span covers. It panics on an invalid span, as
// slicing does; callers validate spans from untrusted input first.
func (s Span) Of(src string) string { return src[s.Start:s.End] }

func (s Span) String() string { return fmt.Sprintf("[%d,%d)", s.Start, s.End) }
