package extract

import (
	"regexp"
	"strings"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/text"
)

// Credit kinds, as in doc.Credit.Kind.
const (
	CreditPhoto     = "photo"
	CreditReporting = "reporting"
	CreditEditing   = "editing"
	CreditByline    = "byline"
	CreditAgency    = "agency"
	CreditSignoff   = "signoff"
	// CreditBoilerplate is page furniture that is not story text:
	// "Advertisement", "Continue reading below", "SEE MORE: ...".
	CreditBoilerplate = "boilerplate"
)

// A credit line is a whole short paragraph; credits inside running text are
// left alone, since "by" phrases there are usually content.
var (
	rePhoto = regexp.MustCompile(`^(?i:photos?|photograph|pictures?|image|video|graphic|file photo|photo courtesy of|photo credit)\s*(?:[:：]|by\b)\s*(.{2,80}?)\s*$`)
	// "Additional reporting by CNA", "Reporting by A; Editing by B",
	// "(Reporting by A in Paris; Writing by B; Editing by C)".
	reByPart = regexp.MustCompile(`^(?i:(additional reporting|with additional reporting|reporting|writing|compiled|edited|editing|translated|translation|research)\s+by)\s+(\p{Lu}.{1,120}?)\.?$`)
	// "Staff writer, with CNA", "Staff reporter, with AFP and Reuters".
	reStaff = regexp.MustCompile(`^((?i:staff (?:writer|reporter|reports?)|our correspondent|correspondent|staff and agencies))(?:\s*[,;]\s*(?i:with|and)\s+(.{2,60}?))?\.?$`)
	// "By Jane Doe", "By Jane Doe, Staff reporter" (not "BY ...": all-caps
	// newswire table lines use it).
	reBy = regexp.MustCompile(`^By\s+(\p{Lu}[\p{L}.'’\- ]{1,60}?)(?:\s*[,/|]\s*(.{2,60}?))?\.?$`)
	// Wire sign-offs on a line of their own: "Reuter", "REUTER...", "-- AP",
	// and the wire's "MORE" (more copy follows).
	reSignoff = regexp.MustCompile(`^(?:[-–—]+\s*)?\(?((?i:reuters?|ap|afp|upi|xinhua|cna|bloomberg|dpa|ansa|efe|kyodo|yonhap|tass|more))\)?(?:\.{1,3}|…)?(?:\^M)?$`)
	// "Source: Xinhua", "Agencies".
	reBoiler = regexp.MustCompile(`^(?i:advertisement|advertising|sponsored( content)?|continue reading( below| the main story)?|story continues below( advertisement)?|scroll to continue( with content)?|read more|read more:.*|see more:.*|see (more )?(photos|pictures|tweets|videos?)\b.*|more:.*|also:.*|related:.*|related( articles| stories| coverage)?|don['’]t miss|recommended|share( this( article| story)?)?|like this (story|article)\?.*|click here.*|get .* by clicking here|sign up .*newsletter.*|subscribe( now)?.*newsletter.*|follow (us|.{1,60}) on (facebook|twitter|instagram|x|linkedin|youtube)\b.*|watch:.*|video:?|listen to this (article|story).*|filed under:.*|reading time:.*|tempo de leitura:.*|lesezeit:.*|\d+ min(ute)?s? read|(updated|published|posted|last updated)( at| on)? [^.]{0,30}\d[^.]{0,30}\.?|[=*~\-–—]{3,}|\S+@\S+\.[a-z]{2,}|(https?://)?(www\.)?(twitter|x)\.com/\S+|@\w{2,30})$`)
	// "Keith Bradsher contributed reporting from Hong Kong."
	reContributed = regexp.MustCompile(`^(\p{Lu}.{1,80}?) contributed (?:reporting|research|to this report)\b.{0,60}$`)
	// "[사진=JTBC]", "(Photo: AP)": bracketed photo credits.
	reBracketPhoto = regexp.MustCompile(`^[\[(（【](?i:photo|photos|image|사진|写真|图|圖|圖片|图片)\s*[:=：/]\s*(.{1,60}?)[\])）】]$`)
	reSource       = regexp.MustCompile(`^(?i:sources?|agencies|via)\s*[:：]\s*(.{2,60}?)\.?$|^((?i:agencies))\.?$`)
)

// lineCredits returns the credits a whole line (already trimmed) stands for,
// with spans relative to the line start, or nil when it is not a credit line.
func lineCredits(line string) []doc.Credit {
	if len(line) > 160 || line == "" {
		return nil
	}
	sub := func(kind string, m []int, g int) doc.Credit {
		return doc.Credit{Span: text.Span{Start: m[2*g], End: m[2*g+1]}, Kind: kind, Value: line[m[2*g]:m[2*g+1]]}
	}
	if strings.Contains(line, " contributed ") {
		if m := reContributed.FindStringSubmatchIndex(line); m != nil {
			return []doc.Credit{sub(CreditReporting, m, 1)}
		}
	}
	if !creditStart(line) {
		return nil
	}
	if m := reBracketPhoto.FindStringSubmatchIndex(line); m != nil {
		return []doc.Credit{sub(CreditPhoto, m, 1)}
	}
	if reBoiler.MatchString(line) {
		return []doc.Credit{{Span: text.Span{Start: 0, End: len(line)}, Kind: CreditBoilerplate, Value: line}}
	}
	if m := rePhoto.FindStringSubmatchIndex(line); m != nil {
		return []doc.Credit{sub(CreditPhoto, m, 1)}
	}
	if m := reSignoff.FindStringSubmatchIndex(line); m != nil {
		return []doc.Credit{sub(CreditSignoff, m, 1)}
	}
	if m := reStaff.FindStringSubmatchIndex(line); m != nil {
		out := []doc.Credit{sub(CreditByline, m, 1)}
		if m[4] >= 0 {
			out = append(out, sub(CreditAgency, m, 2))
		}
		return out
	}
	if m := reSource.FindStringSubmatchIndex(line); m != nil {
		g := 1
		if m[2] < 0 {
			g = 2
		}
		return []doc.Credit{sub(CreditAgency, m, g)}
	}
	// Parenthesised wire credits, parts separated by ';'.
	inner, base := line, 0
	if strings.HasPrefix(inner, "(") && strings.HasSuffix(inner, ")") {
		inner, base = inner[1:len(inner)-1], 1
	}
	var out []doc.Credit
	for off := 0; off <= len(inner); {
		end := strings.IndexByte(inner[off:], ';')
		if end < 0 {
			end = len(inner)
		} else {
			end += off
		}
		part := inner[off:end]
		lead := len(part) - len(strings.TrimLeft(part, " "))
		part = strings.TrimSpace(part)
		m := reByPart.FindStringSubmatchIndex(part)
		if m == nil {
			out = nil
			break
		}
		kind := CreditReporting
		if v := strings.ToLower(part[m[2]:m[3]]); strings.HasPrefix(v, "edit") {
			kind = CreditEditing
		}
		s := base + off + lead
		out = append(out, doc.Credit{Span: text.Span{Start: s + m[4], End: s + m[5]}, Kind: kind, Value: part[m[4]:m[5]]})
		off = end + 1
	}
	if len(out) > 0 {
		return out
	}
	if m := reBy.FindStringSubmatchIndex(line); m != nil && len(strings.Fields(line)) <= 8 {
		out := []doc.Credit{sub(CreditByline, m, 1)}
		if m[4] >= 0 {
			out = append(out, sub(CreditByline, m, 2))
		}
		return out
	}
	return nil
}

// endsStory reports whether a credit kind closes a story: what follows a
// sign-off or an "Additional reporting" line is another story. A photo credit
// or byline sits inside one.
func endsStory(cs []doc.Credit) bool {
	for _, c := range cs {
		switch c.Kind {
		case CreditSignoff, CreditReporting, CreditEditing:
			return true
		}
	}
	return false
}

// creditFirst holds the lower-cased first words a credit or boilerplate
// line can start with; checking it first keeps the regular expressions off
// ordinary lines (newswire copy has a short line every 65 bytes).
var creditFirst = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`photo photos photograph picture pictures image video graphic file
		additional with reporting writing compiled edited editing translated translation research
		staff our correspondent by sources source agencies via
		reuter reuters ap afp upi xinhua cna bloomberg dpa ansa efe kyodo yonhap tass more
		advertisement advertising sponsored continue story scroll read see related don recommended
		share click get sign subscribe follow watch listen like also filed reading tempo lesezeit
		updated published posted last twitter www http https x`) {
		m[w] = true
	}
	return m
}()

func creditStart(line string) bool {
	switch line[0] {
	case '(', '-', '[', '_', '=', '*', '~', '@':
		return true
	}
	if strings.HasPrefix(line, "–") || strings.HasPrefix(line, "—") || strings.HasPrefix(line, "（") || strings.HasPrefix(line, "【") {
		return true
	}
	if strings.IndexByte(line, '@') > 0 && strings.IndexByte(line, ' ') < 0 {
		return true // an e-mail address alone
	}
	end := 0
	for end < len(line) && end < 16 {
		c := line[end]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			break
		}
		end++
	}
	return end > 0 && creditFirst[strings.ToLower(line[:end])]
}
