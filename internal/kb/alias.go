package kb

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

// parenthetical returns the span inside "(…)" or "（…）" that follows a
// mention ending at end, if one does within a short distance.
func parenthetical(src string, end int) (text.Span, bool) {
	i := end
	for i < len(src) && src[i] == ' ' {
		i++
	}
	var closeMark string
	switch {
	case strings.HasPrefix(src[i:], "("):
		i++
		closeMark = ")"
	case strings.HasPrefix(src[i:], "（"):
		i += len("（")
		closeMark = "）"
	default:
		return text.Span{}, false
	}
	limit := min(len(src), i+160)
	j := strings.Index(src[i:limit], closeMark)
	if j <= 0 || strings.ContainsAny(src[i:i+j], "()\n") {
		return text.Span{}, false
	}
	return text.Span{Start: i, End: i + j}, true
}

// aliases splits a parenthetical into alias candidates and scores each.
func (l *Linker) aliases(src, name, kind string, ps text.Span) []doc.Alias {
	var out []doc.Alias
	start := ps.Start
	body := src[ps.Start:ps.End]
	for len(body) > 0 {
		cut := len(body)
		sepLen := 0
		for _, sep := range []string{", ", "; ", "，", "、", ","} {
			if k := strings.Index(body, sep); k >= 0 && k < cut {
				cut, sepLen = k, len(sep)
			}
		}
		part := body[:cut]
		lead := len(part) - len(strings.TrimLeft(part, " "))
		part = strings.TrimSpace(part)
		if part != "" {
			sp := text.Span{Start: start + lead, End: start + lead + len(part)}
			if a, ok := l.score(name, kind, part, sp); ok {
				out = append(out, a...)
			}
		}
		if sepLen == 0 {
			break
		}
		start += cut + sepLen
		body = body[cut+sepLen:]
	}
	return out
}

func (l *Linker) score(name, kind, part string, sp text.Span) ([]doc.Alias, bool) {
	switch {
	case hasHan(part):
		a := doc.Alias{Text: part, Script: "Hani", Evidence: sp, Source: "parenthetical", Confidence: 0.7}
		if how := romanisationMatch(name, part); how != "" {
			a.Source = "parenthetical+" + how
			a.Confidence = 0.95
		}
		out := []doc.Alias{a}
		// Link the other Han script form.
		if s, err := l.t2s.Convert(part); err == nil && s != part {
			out = append(out, doc.Alias{Text: s, Script: "Hans", Evidence: sp, Source: "opencc t2s", Confidence: a.Confidence})
			out[0].Script = "Hant"
		} else if t, err := l.s2t.Convert(part); err == nil && t != part {
			out = append(out, doc.Alias{Text: t, Script: "Hant", Evidence: sp, Source: "opencc s2t", Confidence: a.Confidence})
			out[0].Script = "Hans"
		}
		return out, true
	case isAcronym(part):
		conf := 0.5
		if acronymOf(name, part) {
			conf = 0.95
		}
		return []doc.Alias{{Text: part, Script: "Latn", Evidence: sp, Source: "acronym", Confidence: conf}}, true
	case kind == doc.KindLOC || kind == doc.KindGPE || kind == doc.KindORG:
		r := []rune(part)
		if len(r) > 0 && unicode.IsUpper(r[0]) && len(strings.Fields(part)) <= 6 {
			return []doc.Alias{{Text: part, Script: "Latn", Evidence: sp, Source: "parenthetical", Confidence: 0.6}}, true
		}
	}
	return nil, false
}

// romanisationMatch says how a Latin name spells a Han name: "pinyin" when
// the syllables are the Hanyu Pinyin readings, "wade-giles" when they are
// Wade–Giles-style spellings as Taiwan uses them; "" when neither holds.
func romanisationMatch(latin, han string) string {
	var syl []string
	for _, w := range strings.FieldsFunc(strings.ToLower(latin), func(r rune) bool { return !unicode.IsLetter(r) }) {
		syl = append(syl, w)
	}
	args := pinyin.NewArgs()
	var py []string
	for _, r := range han {
		if !unicode.Is(unicode.Han, r) {
			continue
		}
		p := pinyin.SinglePinyin(r, args)
		if len(p) == 0 {
			return ""
		}
		py = append(py, p[0])
	}
	if len(py) == 0 {
		return ""
	}
	joined := strings.Join(syl, "")
	if joined == strings.Join(py, "") {
		return "pinyin"
	}
	if len(syl) != len(py) {
		return ""
	}
	for i := range py {
		if syl[i] != py[i] && syl[i] != wadeGiles(py[i]) {
			return ""
		}
	}
	return "wade-giles"
}

// wadeGiles converts a Pinyin syllable to its Wade–Giles spelling without
// apostrophes or diacritics, as Taiwanese passports write names.
func wadeGiles(p string) string {
	initials := []struct{ py, wg string }{
		{"zh", "ch"}, {"ch", "ch"}, {"sh", "sh"}, {"z", "ts"}, {"c", "ts"}, {"q", "ch"},
		{"x", "hs"}, {"j", "ch"}, {"r", "j"}, {"b", "p"}, {"p", "p"}, {"d", "t"},
		{"t", "t"}, {"g", "k"}, {"k", "k"},
	}
	ini, fin := "", p
	for _, x := range initials {
		if strings.HasPrefix(p, x.py) {
			ini, fin = x.wg, p[len(x.py):]
			break
		}
	}
	if ini == "" && len(p) > 0 && strings.ContainsRune("fhlmnsyw", rune(p[0])) {
		ini, fin = p[:1], p[1:]
	}
	finals := map[string]string{
		"ong": "ung", "uo": "o", "ian": "ien", "ie": "ieh", "ui": "ui", "iu": "iu",
		"e": "e", "i": "i", "u": "u", "ue": "ueh", "ye": "yeh",
	}
	if f, ok := finals[fin]; ok {
		fin = f
	}
	if p == "shi" || p == "zhi" || p == "chi" || p == "ri" {
		fin = "ih"
	}
	if p == "zi" || p == "ci" || p == "si" {
		fin = "u"
	}
	return ini + fin
}
