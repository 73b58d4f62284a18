package geo

import (
	"unicode"
	"unicode/utf8"
)

// normKey appends the lookup key of s to dst: lower case, typographic quotes
// and dashes folded, whitespace runs collapsed, a leading "the " dropped.
func normKey(dst []byte, s string) []byte {
	start := len(dst)
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == ' ' || c == '\t' || c == '\n' || c == '\r':
				space = len(dst) > start
				continue
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			}
			if space {
				dst = append(dst, ' ')
				space = false
			}
			dst = append(dst, c)
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch r {
		case '\u2019', '\u2018', '\u02bc', '\u02bb', '`', '\u00b4':
			r = '\''
		case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014':
			r = '-'
		case '\u00a0', '\u2009', '\u202f', '\u3000':
			space = len(dst) > start
			continue
		default:
			r = unicode.ToLower(r)
		}
		if space {
			dst = append(dst, ' ')
			space = false
		}
		dst = utf8.AppendRune(dst, r)
	}
	if len(dst)-start > 7 && string(dst[start:start+4]) == "the " {
		copy(dst[start:], dst[start+4:])
		dst = dst[:len(dst)-4]
	}
	return dst
}

// isAcronym reports whether a name is a short all-capitals or dotted form
// ("US", "U.K.", "N.Y.") that must match case-sensitively.
func isAcronym(s string) bool {
	if len(s) > 6 || len(s) < 2 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r == '.') {
			return false
		}
	}
	return true
}
