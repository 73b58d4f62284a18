package text

import "sort"

// OffsetMap maps byte offsets in a derived text (HTML → text, NFC, whitespace
// folding) back to byte offsets in the text it was derived from.
//
// It is a sorted list of anchor points: derived offset D[i] corresponds to
// source offset S[i], and offsets between two anchors are mapped linearly from
// the anchor at or before them, clamped so they never pass the next anchor.
// A pure copy of a run needs one anchor at its start; an insertion or
// deletion needs one anchor where the run changes.
type OffsetMap struct {
	Derived []int `json:"derived"`
	Source  []int `json:"source"`
}

// Add appends an anchor. Anchors must be added in increasing derived order;
// an anchor at the same derived offset as the last replaces it.
func (m *OffsetMap) Add(derived, source int) {
	if n := len(m.Derived); n > 0 && m.Derived[n-1] == derived {
		m.Source[n-1] = source
		return
	}
	m.Derived = append(m.Derived, derived)
	m.Source = append(m.Source, source)
}

// Identity reports whether the map is empty, meaning derived == source.
func (m *OffsetMap) Identity() bool { return m == nil || len(m.Derived) == 0 }

// ToSource maps a derived offset to the source offset.
func (m *OffsetMap) ToSource(off int) int {
	if m.Identity() {
		return off
	}
	i := sort.SearchInts(m.Derived, off+1) - 1
	if i < 0 {
		return m.Source[0] - (m.Derived[0] - off)
	}
	s := m.Source[i] + (off - m.Derived[i])
	if i+1 < len(m.Source) && s > m.Source[i+1] {
		s = m.Source[i+1]
	}
	return s
}

// SpanToSource maps a derived span to the source span.
func (m *OffsetMap) SpanToSource(s Span) Span {
	return Span{Start: m.ToSource(s.Start), End: m.ToSource(s.End)}
}

// Builder builds a derived string together with its OffsetMap.
type Builder struct {
	buf  []byte
	m    OffsetMap
	next int // source offset expected if the next write continues the run
}

// WriteFrom appends s, which was copied from the source at offset src.
func (b *Builder) WriteFrom(s string, src int) {
	if len(s) == 0 {
		return
	}
	if len(b.m.Derived) == 0 || src != b.next {
		b.m.Add(len(b.buf), src)
	}
	b.buf = append(b.buf, s...)
	b.next = src + len(s)
}

// WriteSynthetic appends s, which has no source of its own (a newline that
// stands for a block boundary, say); it maps to the source offset src.
func (b *Builder) WriteSynthetic(s string, src int) {
	if len(s) == 0 {
		return
	}
	b.m.Add(len(b.buf), src)
	b.buf = append(b.buf, s...)
	b.m.Add(len(b.buf), src)
	b.next = -1
}

// Len is the number of bytes written so far.
func (b *Builder) Len() int { return len(b.buf) }

// String returns the derived text.
func (b *Builder) String() string { return string(b.buf) }

// Map returns the offset map of what was written.
func (b *Builder) Map() *OffsetMap {
	m := b.m
	return &m
}
