package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

// speechVerbs introduce quotations. Lower-case surface forms.
var speechVerbs = map[string]bool{}

func init() {
	// Forms that are also common nouns ("states", "reports", "calls") are
	// left out: they would turn "five former Soviet states" into a speaker.
	for _, v := range strings.Fields(`say says said saying tells told adds added stressed noted
		warns warned asks asked writes wrote stated declares declared insists insisted claimed
		explains explained announces announced argues argued urges urged tweeted posted replies replied
		responded continued remarked acknowledged admits admitted emphasizes emphasized emphasises emphasised
		underscored cautioned vowed promised recalled predicted suggested quipped conceded complained
		described reported`) {
		speechVerbs[v] = true
	}
}

// titles may precede a name in a speaker phrase.
var titles = map[string]bool{}

func init() {
	for _, t := range strings.Fields(`president premier minister secretary spokesman spokeswoman spokesperson
		chairman chairwoman chair director governor mayor senator representative ambassador general admiral
		commander chief ceo official officials analyst analysts researcher professor dr mr mrs ms
		prime foreign deputy vice former acting`) {
		titles[t] = true
	}
}

type word struct {
	s    string
	span text.Span
}

// words splits src[a:b] into words with spans, punctuation as its own word.
func words(src string, a, b int) []word {
	var out []word
	i := a
	for i < b {
		r, sz := utf8.DecodeRuneInString(src[i:])
		if unicode.IsSpace(r) {
			i += sz
			continue
		}
		j := i
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			for j < b {
				r2, sz2 := utf8.DecodeRuneInString(src[j:])
				if !(unicode.IsLetter(r2) || unicode.IsDigit(r2) || r2 == '-' || r2 == '\'' || r2 == '.' && j+sz2 < b && src[j+sz2] != ' ') {
					break
				}
				j += sz2
			}
		} else {
			j = i + sz
		}
		out = append(out, word{src[i:j], text.Span{Start: i, End: j}})
		i = j
	}
	return out
}

func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// attribute finds the verb and speaker of q inside sent.
func attribute(d *doc.Doc, q *doc.Quote, sent text.Span) {
	src := d.Text
	// 1. After the quotation: ", X said" / ", said X".
	after := words(src, q.End, sent.End)
	if len(after) > 0 && (after[0].s == "," || after[0].s == ".") {
		after = after[1:]
	}
	if sp, vb, ok := speakerVerb(after, true); ok {
		setSpeaker(d, q, sp, vb, "after")
		return
	}
	if len(after) > 1 && speechVerbs[strings.ToLower(after[0].s)] {
		if sp := nameRun(after[1:]); len(sp) > 0 {
			setSpeaker(d, q, sp, after[0], "after, inverted")
			return
		}
	}
	// 2. Before it: "X said:" / "X said at the conference …, “…”" / "X said China would … “…”".
	before := words(src, sent.Start, q.Start)
	for i := len(before) - 1; i >= 0; i-- {
		if !speechVerbs[strings.ToLower(before[i].s)] {
			continue
		}
		if sp := nameRunBackward(before[:i]); len(sp) > 0 {
			setSpeaker(d, q, sp, before[i], "before")
			return
		}
	}
	// 3. "according to X" anywhere in the sentence.
	all := words(src, sent.Start, sent.End)
	for i := 0; i+2 < len(all); i++ {
		if strings.EqualFold(all[i].s, "according") && strings.EqualFold(all[i+1].s, "to") {
			if sp := nameRun(all[i+2:]); len(sp) > 0 {
				setSpeaker(d, q, sp, word{}, "according to")
				return
			}
		}
	}
	// 4. Anywhere else in the sentence: "X said" after the quotation's clause.
	for i, w := range after {
		if i > 12 {
			break
		}
		if speechVerbs[strings.ToLower(w.s)] && i > 0 {
			if sp := nameRunBackward(after[:i]); len(sp) > 0 {
				setSpeaker(d, q, sp, w, "later in sentence")
				return
			}
		}
	}
}

// speakerVerb matches "X [Y Z] said" at the start of ws.
func speakerVerb(ws []word, _ bool) ([]word, word, bool) {
	sp := nameRun(ws)
	if len(sp) == 0 || len(sp) >= len(ws) {
		return nil, word{}, false
	}
	v := ws[len(sp)]
	if speechVerbs[strings.ToLower(v.s)] {
		return sp, v, true
	}
	return nil, word{}, false
}

// nameRun takes a speaker phrase from the start of ws: a pronoun, "the" +
// up to three lower-case words, or a run of capitalised words (titles and
// "of"/"'s" joined in).
func nameRun(ws []word) []word {
	if len(ws) == 0 {
		return nil
	}
	if isPronoun(ws[0].s) {
		return ws[:1]
	}
	if strings.EqualFold(ws[0].s, "the") {
		n := 1
		for n < len(ws) && n <= 4 && !speechVerbs[strings.ToLower(ws[n].s)] && isWordish(ws[n].s) {
			n++
		}
		if n > 1 {
			return ws[:n]
		}
		return nil
	}
	n := 0
	for n < len(ws) {
		w := ws[n].s
		if capitalised(w) || (n > 0 && (w == "of" || w == "'s" || w == "’s") && n+1 < len(ws) && capitalised(ws[n+1].s)) ||
			(titles[strings.ToLower(w)] && n+1 < len(ws)) {
			n++
			continue
		}
		break
	}
	for n > 0 && !capitalised(ws[n-1].s) {
		n--
	}
	if n > 8 {
		return nil
	}
	return ws[:n]
}

// skippable words may stand between a speaker and the verb: "Xi also
// stressed", "Trump on Monday told", "the ministry said yesterday".
var skippable = map[string]bool{"also": true, "later": true, "then": true, "again": true, "reportedly": true,
	"further": true, "separately": true, "previously": true, "earlier": true, "yesterday": true, "today": true,
	"on": true, "last": true, "this": true, "week": true, "night": true, "has": true, "have": true, "had": true,
	"was": true, "were": true, "is": true, "had been": true, "would": true, "will": true, "once": true}

// timeWords are capitalised but never speakers.
var timeWords = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "january": true, "february": true, "march": true, "april": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true, "december": true}

// nameRunBackward takes a speaker phrase that ends ws, looking past a few
// adverbs and time words between the speaker and the verb.
func nameRunBackward(ws []word) []word {
	for k := 0; k < 4 && len(ws) > 0; k++ {
		w := strings.ToLower(ws[len(ws)-1].s)
		if !skippable[w] && !timeWords[w] {
			break
		}
		ws = ws[:len(ws)-1]
	}
	if len(ws) == 0 {
		return nil
	}
	last := ws[len(ws)-1]
	if isPronoun(last.s) {
		return ws[len(ws)-1:]
	}
	i := len(ws)
	for i > 0 && capitalised(ws[i-1].s) && !timeWords[strings.ToLower(ws[i-1].s)] && i > len(ws)-8 {
		i--
	}
	if i < len(ws) {
		return ws[i:]
	}
	// "the ministry said"
	for j := len(ws) - 1; j >= 0 && j >= len(ws)-4; j-- {
		if strings.EqualFold(ws[j].s, "the") && j < len(ws)-1 {
			return ws[j:]
		}
		if !isWordish(ws[j].s) {
			break
		}
	}
	return nil
}

func isWordish(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

func setSpeaker(d *doc.Doc, q *doc.Quote, sp []word, verb word, how string) {
	span := text.Span{Start: sp[0].span.Start, End: sp[len(sp)-1].span.End}
	// Prefer a named mention inside the phrase: "Chinese President Xi Jinping" → the PER mention.
	ent := -1
	for _, m := range d.Mentions {
		if span.Contains(m.Span) && (m.Kind == doc.KindPER || m.Kind == doc.KindORG || m.Kind == doc.KindGPE || m.Kind == doc.KindLOC) {
			ent = m.Entity
			if m.Kind == doc.KindPER {
				break
			}
		}
	}
	q.Speaker = &doc.Ref{Span: span, Text: d.Text[span.Start:span.End]}
	q.Entity = ent
	if verb.s != "" {
		q.Verb = &doc.Ref{Span: verb.span, Text: verb.s}
		q.Reason = how + ": " + q.Speaker.Text + " " + verb.s
	} else {
		q.Reason = how + ": " + q.Speaker.Text
	}
}
