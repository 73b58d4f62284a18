package petrarch

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// LineError is a dictionary syntax error at a file and line. Loading goes
// on past it: the rest of the file still loads.
type LineError struct {
	File string
	Line int
	Msg  string
	// Warn marks a data oddity that was repaired or skipped (a malformed
	// date, stray text after a code) rather than a syntax error.
	Warn bool
}

func (e *LineError) Error() string {
	if e.Warn {
		return fmt.Sprintf("%s:%d: warning: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// IsWarning reports whether err is a LineError warning.
func IsWarning(err error) bool {
	le, ok := err.(*LineError)
	return ok && le.Warn
}

// Dictionaries is everything a PETRARCH coder reads. It is read-only after
// loading and safe to share across goroutines.
type Dictionaries struct {
	Actors   *ActorDict
	Agents   *AgentDict
	Verbs    *VerbDict
	Discards *DiscardDict
	// Hash is the SHA-256 of the dictionary files' contents in load order.
	Hash string
	// Files lists what was loaded, by kind.
	Files []string
}

// NewDictionaries returns empty dictionaries.
func NewDictionaries() *Dictionaries {
	return &Dictionaries{Actors: NewActorDict(), Agents: NewAgentDict(), Verbs: NewVerbDict(), Discards: NewDiscardDict()}
}

// Kind of a dictionary file, guessed from its name.
func fileKind(name string) string {
	n := strings.ToLower(filepath.Base(name))
	switch {
	case strings.Contains(n, "actor"):
		return "actors"
	case strings.Contains(n, "agent"):
		return "agents"
	case strings.Contains(n, "discard"):
		return "discards"
	case strings.Contains(n, "verb") || strings.HasPrefix(n, "cameo"):
		return "verbs"
	}
	return ""
}

// LoadDir loads every dictionary file in dir whose name says what it is
// (*actors*, *agents*, *discards*, *verbs* or CAMEO*). Issue and
// preposition lists are skipped. Syntax errors come back as []*LineError
// (as error values) while everything else loads; a non-nil err means the
// directory could not be read at all.
func LoadDir(dir string) (*Dictionaries, []error, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	var names []string
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(strings.ToLower(e.Name()), ".txt") {
			continue
		}
		if fileKind(e.Name()) != "" {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	d := NewDictionaries()
	h := sha256.New()
	var errs []error
	for _, n := range names {
		p := filepath.Join(dir, n)
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, nil, err
		}
		h.Write([]byte(n))
		h.Write(b)
		errs = append(errs, d.Load(fileKind(n), p, strings.NewReader(string(b)))...)
		d.Files = append(d.Files, n)
	}
	d.Hash = "sha256:" + hex.EncodeToString(h.Sum(nil))[:16]
	d.Finish()
	return d, errs, nil
}

// Load reads one dictionary of the given kind (actors, agents, discards,
// verbs); name is used in error messages.
func (d *Dictionaries) Load(kind, name string, r io.Reader) []error {
	lines, err := readLines(name, r)
	if err != nil {
		return []error{err}
	}
	switch kind {
	case "actors":
		return d.Actors.load(name, lines)
	case "agents":
		return d.Agents.load(name, lines)
	case "discards":
		return d.Discards.load(name, lines)
	case "verbs":
		return d.Verbs.load(name, lines)
	}
	return []error{fmt.Errorf("%s: unknown dictionary kind %q", name, kind)}
}

// Finish prepares lookups after all files are loaded.
func (d *Dictionaries) Finish() {
	d.Actors.finish()
	d.Agents.finish()
	d.Verbs.finish()
}

type line struct {
	n    int
	text string // comment-free, right-trimmed
	ind  bool   // began with white space
}

// readLines splits a dictionary into lines with comments removed: '#' to
// the end of the line, and <!-- ... --> blocks (which may span lines).
func readLines(name string, r io.Reader) ([]line, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	var out []line
	inXML := false
	n := 0
	for sc.Scan() {
		n++
		s := sc.Text()
		s = strings.TrimPrefix(s, "\ufeff")
		var b strings.Builder
		for len(s) > 0 {
			if inXML {
				k := strings.Index(s, "-->")
				if k < 0 {
					s = ""
					break
				}
				s = s[k+3:]
				inXML = false
				continue
			}
			k := strings.Index(s, "<!")
			h := hashIndex(s)
			if h >= 0 && (k < 0 || h < k) {
				b.WriteString(s[:h])
				s = ""
				break
			}
			if k < 0 {
				b.WriteString(s)
				break
			}
			b.WriteString(s[:k])
			s = s[k:]
			inXML = true
		}
		t := strings.TrimRight(b.String(), " \t\r")
		if strings.TrimSpace(t) == "" {
			continue
		}
		out = append(out, line{n: n, text: strings.TrimSpace(t), ind: t[0] == ' ' || t[0] == '\t'})
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("%s:%d: %v", name, n+1, err)
	}
	return out, nil
}

// hashIndex finds the '#' that starts a comment, ignoring any inside a
// [code] (TABARI's "###" discard code).
func hashIndex(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			depth++
		case ']':
			if depth > 0 {
				depth--
			}
		case '#':
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// splitCode takes "WORDS [CODE] rest" apart: the text before the first
// '[', the code inside, and what follows. ok is false when there is no
// bracket.
func splitCode(s string) (before, code, after string, ok bool, err error) {
	i := strings.IndexByte(s, '[')
	if i < 0 {
		return s, "", "", false, nil
	}
	j := strings.IndexByte(s[i:], ']')
	if j < 0 {
		// "[~ENV}" occurs in the Phoenix agents: accept '}' as the closer.
		if k := strings.IndexByte(s[i:], '}'); k >= 0 {
			return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1 : i+k]), strings.TrimSpace(s[i+k+1:]), true, nil
		}
		return s, "", "", false, fmt.Errorf("unclosed '[' in %q", s)
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1 : i+j]), strings.TrimSpace(s[i+j+1:]), true, nil
}

// phraseWords turns "PRESIDENT_GEORGE_W._BUSH" or "CARAS GALADHON" into
// upper-case words.
func phraseWords(s string) []string {
	s = strings.ToUpper(s)
	f := strings.FieldsFunc(s, func(r rune) bool { return r == '_' || r == ' ' || r == '\t' })
	return f
}

// parseDate reads TABARI dates: YYMMDD (19YY) or YYYYMMDD.
func parseDate(s string) (int, error) {
	s = strings.TrimSpace(s)
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("bad date %q", s)
	}
	switch len(s) {
	case 6:
		// Two-digit years pivot at 30, as PETRARCH does: 030101 is 2003.
		if v/10000 < 30 {
			return 20000000 + v, nil
		}
		return 19000000 + v, nil
	case 8:
		return v, nil
	}
	return 0, fmt.Errorf("bad date %q (want YYMMDD or YYYYMMDD)", s)
}
