package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

// para is a paragraph of the text: a trimmed byte span, and the credits it
// stands for when the whole paragraph is a credit line.
type para struct {
	text.Span
	line    text.Span // the whole source lines, line break included, for cutting
	credits []doc.Credit
}

// paragraphs splits t into paragraphs. Blank lines always separate them. A
// text is hard-wrapped (newswire style: most lines short and many not ending
// a sentence) when it looks so; then a line continues the paragraph unless it
// is indented or follows a blank line. Otherwise every line is a paragraph.
func paragraphs(t string) ([]para, bool) {
	type ln struct{ start, end, next int } // content [start,end), next line start
	lines := make([]ln, 0, strings.Count(t, "\n")+1)
	for i := 0; i < len(t); {
		j := strings.IndexByte(t[i:], '\n')
		next := len(t)
		end := len(t)
		if j >= 0 {
			end = i + j
			next = end + 1
		}
		e := end
		if e > i && t[e-1] == '\r' {
			e--
		}
		lines = append(lines, ln{i, e, next})
		i = next
	}
	wrapped := hardWrapped(t, len(lines), func(k int) string { return t[lines[k].start:lines[k].end] })
	var out []para
	cur := -1 // index into out of the open paragraph
	for _, l := range lines {
		s := t[l.start:l.end]
		trim := strings.TrimSpace(s)
		if trim == "" {
			cur = -1
			continue
		}
		lead := strings.Index(s, trim)
		sp := text.Span{Start: l.start + lead, End: l.start + lead + len(trim)}
		indented := lead > 0
		cs := lineCredits(trim)
		// In wrapped copy a line continues the paragraph even when it looks
		// like a credit ("... told\nReuters."), unless the paragraph ended.
		if wrapped && cur >= 0 && !indented && out[cur].credits == nil &&
			(cs == nil || !endsSentence(t[out[cur].Start:out[cur].End])) {
			out[cur].End = sp.End
			out[cur].line.End = l.next
			continue
		}
		p := para{Span: sp, line: text.Span{Start: l.start, End: l.next}}
		if cs != nil {
			for i := range cs {
				cs[i].Start += sp.Start
				cs[i].End += sp.Start
			}
			p.credits = cs
		}
		out = append(out, p)
		cur = len(out) - 1
	}
	return splitTrailingSignoff(t, out), wrapped
}

// reTailSignoff is a wire sign-off run into the last paragraph: "... the
// merger. REUTER".
var reTailSignoff = regexp.MustCompile(`[.!?"”]\s+((?:Reuters?|REUTERS?))(?:\.{1,3}|…)?$`)

// splitTrailingSignoff lifts a sign-off at the end of the last paragraph
// into a credit paragraph of its own.
func splitTrailingSignoff(t string, ps []para) []para {
	if len(ps) == 0 {
		return ps
	}
	last := &ps[len(ps)-1]
	if last.credits != nil {
		return ps
	}
	// The sign-off ends the paragraph (at most "…" or "..." after it), so
	// the regexp need not scan paragraphs whose tail lacks one.
	lt := t[last.Start:last.End]
	end := lt[max(0, len(lt)-16):]
	if !strings.Contains(end, "Reuter") && !strings.Contains(end, "REUTER") {
		return ps
	}
	m := reTailSignoff.FindStringSubmatchIndex(lt)
	if m == nil {
		return ps
	}
	cut := last.Start + m[0] + 1 // keep the sentence's final mark
	tail := para{
		Span:    text.Span{Start: last.Start + m[2], End: last.End},
		line:    text.Span{Start: cut, End: last.line.End},
		credits: []doc.Credit{{Span: text.Span{Start: last.Start + m[2], End: last.Start + m[3]}, Kind: CreditSignoff, Value: t[last.Start+m[2] : last.Start+m[3]]}},
	}
	last.End = cut
	last.line.End = cut
	return append(ps, tail)
}

// hardWrapped: at least 4 lines, 80% of non-empty lines at most 100 bytes,
// and at least a third of them not ending a sentence.
func hardWrapped(t string, n int, line func(int) string) bool {
	if n < 4 {
		return false
	}
	var nonEmpty, short, open int
	for k := 0; k < n; k++ {
		s := strings.TrimSpace(line(k))
		if s == "" {
			continue
		}
		nonEmpty++
		if len(s) <= 100 {
			short++
		}
		if !endsSentence(s) {
			open++
		}
	}
	return nonEmpty >= 4 && short*5 >= nonEmpty*4 && open*3 >= nonEmpty
}

// endsSentence reports whether s ends with sentence-final punctuation,
// possibly followed by closing quotes or brackets. A colon or semicolon also
// counts: what follows continues the story, it was not cut off.
func endsSentence(s string) bool {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	for s != "" {
		r, n := utf8.DecodeLastRuneInString(s)
		switch r {
		case '"', '\'', '”', '’', ')', ']', '»', '」', '』', '）':
			s = s[:len(s)-n]
			continue
		case '.', '!', '?', ':', ';', '。', '！', '？', '：', '；':
			return !strings.HasSuffix(s, "...")
		}
		return false
	}
	return false
}

// ellipsisEnd reports a teaser-style "…" / "..." ending.
func ellipsisEnd(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasSuffix(s, "…") || strings.HasSuffix(s, "...")
}

var (
	// "UNITED: ", "GOLDEN OPPORTUNITY: ", "TAIWAN DEFENSE: ": one to five
	// upper-case words, then a colon.
	reKicker = regexp.MustCompile(`^(\p{Lu}[\p{Lu}\p{N}&'’.\-]*(?: [\p{Lu}\p{N}&'’.\-]+){0,4})\s*[:：]\s+\S`)
	// Labels that look like kickers but sit inside a story.
	notKicker = map[string]bool{"NOTE": true, "EDITOR'S NOTE": true, "EDITOR’S NOTE": true, "UPDATE": true, "CORRECTION": true, "Q": true, "A": true, "FILE": true, "WATCH": true, "READ MORE": true, "RELATED": true}
	// Newswire datelines: "WASHINGTON, March 3 (Reuters) - ", "LONDON -- ".
	reDateline = regexp.MustCompile(`^\p{Lu}[\p{Lu}. '’\-]{2,40}(?:, [\p{L}. ]{2,30})*(?: \([\p{L} ]{2,20}\))?\s+(?:-{1,2}|–|—)\s+\S`)
	// A capitalised function word glued to the previous word without a
	// period marks where a standfirst ends and the body begins.
	reGlue = regexp.MustCompile(`[\p{Ll}\p{N}%’”"'),]\s+(The|A|An|This|These|Those|That|It|Its|In|On|At|As|After|Before|When|While|Since|For|With|He|She|They|We|There|Some|Many|More|Most|According|Amid|Despite|Following|Under|Over|Officials|Police|Prosecutors|Researchers|Scientists|Residents|Authorities)\s`)
	// "..., a researcher said China's ..." : an attribution that closes a
	// standfirst, followed by the body's first (capitalised) word.
	reSaidGlue = regexp.MustCompile(`,\s+[^,.;:]{1,60}?\b(?:said|says|reported|reports|warned|warns|added)\s+(\p{Lu})`)
)

// isDateline: a newswire dateline opens the paragraph, not a label such as
// "NOTE - ".
func isDateline(s string) bool {
	if !reDateline.MatchString(s) {
		return false
	}
	label := strings.TrimRight(strings.SplitN(s, " -", 2)[0], " ")
	return !notKicker[label] && letters(label) >= 3
}

// kickerAt returns the kicker span at the start of p (relative to t), if any.
func kickerAt(t string, p para) (text.Span, bool) {
	s := t[p.Start:p.End]
	if !maybeKicker(s) {
		return text.Span{}, false
	}
	m := reKicker.FindStringSubmatchIndex(s)
	if m == nil {
		return text.Span{}, false
	}
	label := s[m[2]:m[3]]
	if notKicker[label] || letters(label) < 2 {
		return text.Span{}, false
	}
	return text.Span{Start: p.Start + m[2], End: p.Start + m[3]}, true
}

// maybeKicker is a cheap necessary condition for reKicker: an upper-case
// (or non-ASCII) first byte, and a colon before any ASCII lower-case letter
// (the label has none). Most paragraphs fail it within a few bytes.
func maybeKicker(s string) bool {
	if s == "" || s[0] < utf8.RuneSelf && (s[0] < 'A' || s[0] > 'Z') {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ':' || c == 0xEF: // 0xEF starts the full-width colon
			return true
		case c >= 'a' && c <= 'z':
			return false
		}
	}
	return false
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

func words(s string) int { return len(strings.Fields(s)) }

// titleLike: a short line with no sentence-final punctuation (a headline or
// subheading), not a credit.
func titleLike(t string, p para) bool {
	s := t[p.Start:p.End]
	n := words(s)
	return p.credits == nil && n >= 1 && n <= 16 && !endsSentence(s) && !ellipsisEnd(s)
}

// cutOff: a paragraph long enough to be running text that stops mid-sentence
// (or with a teaser's ellipsis). List items and table rows are exempt.
func cutOff(t string, p para) bool {
	s := t[p.Start:p.End]
	// Short unterminated lines are headings, table rows or list items.
	if p.credits != nil || words(s) < 25 {
		return false
	}
	if strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "• ") || strings.HasPrefix(s, "* ") || strings.Contains(s, " | ") {
		return false
	}
	if ellipsisEnd(s) {
		return true
	}
	// A text cut off by a page layout stops after a word ("... trees in
	// the"); one ending in a comma or a closing bracket lost its period.
	r, _ := utf8.DecodeLastRuneInString(s)
	return !endsSentence(s) && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// startsLikeText: the paragraph begins like running text (a capital, a digit
// or an opening quote), so a cut-off before it is a story boundary.
func startsLikeText(t string, p para) bool {
	r, _ := utf8.DecodeRuneInString(t[p.Start:p.End])
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"“‘'(«「", r) || unicode.Is(unicode.Han, r)
}

// Segment splits t into stories. Boundaries come from the page structure:
//   - a paragraph that opens with an upper-case kicker ("UNITED: ...");
//   - a dateline paragraph ("LONDON (Reuters) - ...") after other text;
//   - the paragraph after a closing credit (sign-off, "Additional reporting
//     by ...", "(Reporting by ...; Editing by ...)");
//   - the paragraph after running text that stops mid-sentence: the story
//     before it was cut off (a teaser) and is flagged Truncated.
//
// A title-like line right before a boundary moves to the new story as its
// headline. Story spans tile the text's paragraphs: no text between two
// stories is dropped. Credit lines stay inside a story's span, become its
// Credits, and are left out of Story.Text. Language and dedup keys are not
// set here (see Process).
func Segment(t string) []doc.Story {
	ps, wrapped := paragraphs(t)
	if len(ps) == 0 {
		return nil
	}
	// A label that opens several paragraphs is a speaker in a transcript or
	// interview ("SMITH: ..."), not a teaser kicker.
	labels := map[string]int{}
	for _, p := range ps {
		if k, ok := kickerAt(t, p); ok {
			labels[t[k.Start:k.End]]++
		}
	}
	isKicker := func(p para) bool {
		k, ok := kickerAt(t, p)
		return ok && labels[t[k.Start:k.End]] == 1
	}
	// Mark story starts.
	start := make([]bool, len(ps))
	start[0] = true
	for i := 1; i < len(ps); i++ {
		prev, p := ps[i-1], ps[i]
		switch {
		case p.credits != nil:
			// A credit line never opens a story, except a photo credit or
			// byline after a closing credit.
			start[i] = endsStory(prev.credits) && !endsStory(p.credits)
		case endsStory(prev.credits):
			start[i] = true
		case isKicker(p):
			start[i] = true
		case isDateline(t[p.Start:p.End]):
			start[i] = true
		case wrapped:
			// Hard-wrapped newswire copy is one story per file: its lines
			// stop mid-sentence by design.
		case ellipsisEnd(t[prev.Start:prev.End]):
			// "…" ends teasers but also chatty prose: a boundary only when
			// a headline follows.
			start[i] = cutOff(t, prev) && titleLike(t, p) && i+1 < len(ps)
		case cutOff(t, prev) && startsLikeText(t, p):
			start[i] = true
		}
	}
	// A headline line just before a boundary belongs to the story it heads.
	for i := 2; i < len(ps); i++ {
		if start[i] && !start[i-1] && titleLike(t, ps[i-1]) && !cutOff(t, ps[i-2]) {
			start[i-1], start[i] = true, false
		}
	}
	var out []doc.Story
	for i := 0; i < len(ps); {
		j := i + 1
		for j < len(ps) && !start[j] {
			j++
		}
		st := buildStory(t, ps[i:j], isKicker)
		// Wire copy ends where the desk ended it; an unpunctuated last line
		// there is a table row, not a cut-off.
		st.Truncated = st.Truncated && !wrapped
		out = append(out, st)
		i = j
	}
	return out
}

// buildStory makes one story from its paragraphs.
func buildStory(t string, ps []para, isKicker func(para) bool) doc.Story {
	st := doc.Story{Span: text.Span{Start: ps[0].Start, End: ps[len(ps)-1].End}}
	var body []para
	for _, p := range ps {
		if p.credits != nil {
			st.Credits = append(st.Credits, p.credits...)
		} else {
			body = append(body, p)
		}
	}
	if len(body) == 0 {
		st.Text = storyText(t, st.Span, ps)
		return st
	}
	first := body[0]
	if len(body) > 1 && titleLike(t, first) && !isKicker(first) {
		st.Headline = &doc.Ref{Span: first.Span, Text: t[first.Start:first.End]}
	} else if k, ok := kickerAt(t, first); ok && isKicker(first) {
		st.Kicker = &doc.Ref{Span: k, Text: t[k.Start:k.End]}
		if h, ok := standfirst(t, first, k); ok {
			st.Headline = &doc.Ref{Span: h, Text: t[h.Start:h.End]}
		}
	}
	last := body[len(body)-1]
	st.Truncated = cutOff(t, last) || (len(body) == 1 && !endsSentence(t[last.Start:last.End]) && words(t[last.Start:last.End]) >= 12 && !titleLike(t, last))
	st.Text = storyText(t, st.Span, ps)
	return st
}

// standfirst finds a title-like sentence after the kicker that runs into the
// body without a period: "...the nation's chip advantage The government is
// considering ...". It looks within the first 60 words.
func standfirst(t string, p para, k text.Span) (text.Span, bool) {
	from := k.End
	for from < p.End && (t[from] == ':' || t[from] == ' ' || strings.HasPrefix(t[from:], "：")) {
		_, n := utf8.DecodeRuneInString(t[from:])
		from += n
	}
	limit := p.End
	if w := wordOffset(t[from:p.End], 60); w >= 0 {
		limit = from + w
	}
	seg := t[from:limit]
	// The standfirst must come before the first full stop.
	if dot := firstStop(seg); dot >= 0 {
		seg = seg[:dot]
	}
	best := -1
	if m := reGlue.FindStringSubmatchIndex(seg); m != nil {
		best = m[2]
	}
	if m := reSaidGlue.FindStringSubmatchIndex(seg); m != nil && (best < 0 || m[2] < best) {
		best = m[2]
	}
	if best < 0 {
		return text.Span{}, false
	}
	h := strings.TrimRightFunc(seg[:best], unicode.IsSpace)
	if words(h) < 4 {
		return text.Span{}, false
	}
	return text.Span{Start: from, End: from + len(h)}, true
}

// wordOffset returns the byte offset of the n-th word of s, or -1.
func wordOffset(s string, n int) int {
	in, c := false, 0
	for i, r := range s {
		sp := unicode.IsSpace(r)
		if !sp && !in {
			if c == n {
				return i
			}
			c++
		}
		in = !sp
	}
	return -1
}

// firstStop is the offset of the first sentence-final '.', '!' or '?'
// followed by a space (so "U.S." and "3.07" do not count), or -1.
func firstStop(s string) int {
	for i := 0; i+1 < len(s); i++ {
		switch s[i] {
		case '.', '!', '?':
			if s[i+1] == ' ' && i > 0 && !(s[i] == '.' && i >= 2 && s[i-2] == '.') {
				// Skip initials and abbreviations: "U.S. President", "Mr. Lee".
				j := strings.LastIndexByte(s[:i], ' ')
				w := s[j+1 : i]
				if s[i] == '.' && (len(w) <= 2 || strings.Contains(w, ".") || abbrev[w]) {
					continue
				}
				return i
			}
		}
	}
	return -1
}

var abbrev = map[string]bool{"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Prof": true, "Gen": true, "Col": true, "Lt": true, "Sgt": true, "Rep": true, "Sen": true, "Gov": true, "Jan": true, "Feb": true, "Aug": true, "Sept": true, "Oct": true, "Nov": true, "Dec": true, "Inc": true, "Corp": true, "Co": true, "Ltd": true, "St": true, "vs": true, "No": true}

// storyText is the story span's text with the credit lines cut out (each
// with its line break), so Story.Text holds only story prose.
func storyText(t string, sp text.Span, ps []para) string {
	var b strings.Builder
	pos := sp.Start
	for _, p := range ps {
		if p.credits == nil {
			continue
		}
		cut := p.line
		if cut.Start < pos {
			cut.Start = pos
		}
		if cut.Start > pos {
			b.WriteString(t[pos:cut.Start])
		}
		pos = max(pos, cut.End)
	}
	if pos < sp.End {
		b.WriteString(t[pos:sp.End])
	}
	return strings.TrimSpace(b.String())
}
