package postgres

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/sqlq"
)

// query is a parsed search: the tsquery text and the tokens to mark in
// snippets.
type query struct {
	ts     string
	marks  map[string]bool
	prefix []string
}

// parseQuery turns the shared search syntax (words ANDed, "phrases", OR,
// NOT or -word, a trailing * for prefixes) into a tsquery over the same
// tokens the index holds. Anything else is a separator, so user input
// never reaches PostgreSQL as a syntax error.
func parseQuery(s string) query {
	q := query{marks: map[string]bool{}}
	var groups [][]string
	pendingOr, pendingNot := false, false
	add := func(frag string, toks []string, prefix bool) {
		if pendingNot {
			frag = "!" + frag
		} else {
			for i, t := range toks {
				if prefix && i == len(toks)-1 {
					q.prefix = append(q.prefix, t)
				} else {
					q.marks[t] = true
				}
			}
		}
		if pendingOr && len(groups) > 0 {
			groups[len(groups)-1] = append(groups[len(groups)-1], frag)
		} else {
			groups = append(groups, []string{frag})
		}
		pendingOr, pendingNot = false, false
	}
	i := 0
	for i < len(s) {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '(' || c == ')' {
			i++
			continue
		}
		if c == '"' {
			j := strings.IndexByte(s[i+1:], '"')
			var ph string
			if j < 0 {
				ph, i = s[i+1:], len(s)
			} else {
				ph, i = s[i+1:i+1+j], i+2+j
			}
			if toks := tokens(ph); len(toks) > 0 {
				add(phrase(toks, false), toks, false)
			}
			continue
		}
		j := i
		for j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '"' && s[j] != '(' && s[j] != ')' {
			j++
		}
		w := s[i:j]
		i = j
		switch w {
		case "OR":
			pendingOr = true
			continue
		case "AND":
			continue
		case "NOT":
			pendingNot = true
			continue
		}
		if strings.HasPrefix(w, "-") && len(w) > 1 {
			pendingNot = true
			w = w[1:]
		}
		prefix := strings.HasSuffix(w, "*")
		toks := tokens(w)
		if len(toks) == 0 {
			continue
		}
		add(phrase(toks, prefix), toks, prefix)
	}
	var parts []string
	for _, g := range groups {
		if len(g) == 1 {
			parts = append(parts, g[0])
		} else {
			parts = append(parts, "("+strings.Join(g, " | ")+")")
		}
	}
	q.ts = strings.Join(parts, " & ")
	return q
}

// phrase makes a tsquery phrase of tokens (letters and digits only, so
// quoting them is safe).
func phrase(toks []string, prefix bool) string {
	qs := make([]string, len(toks))
	for i, t := range toks {
		qs[i] = "'" + t + "'"
		if prefix && i == len(toks)-1 {
			qs[i] += ":*"
		}
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return "(" + strings.Join(qs, " <-> ") + ")"
}

// literal is an AND of the words of s, each a phrase of its tokens, with no
// operators: the event list's full-text filter.
func literal(s string) string {
	var parts []string
	for _, f := range strings.Fields(s) {
		if toks := tokens(f); len(toks) > 0 {
			parts = append(parts, phrase(toks, false))
		}
	}
	return strings.Join(parts, " & ")
}

// Search implements store.Store.
func (db *DB) Search(ctx context.Context, sq store.SearchQuery) ([]store.Hit, error) {
	text, sq, err := sqlq.SearchLimit(sq)
	if err != nil {
		return nil, err
	}
	q := parseQuery(text)
	if q.ts == "" {
		return nil, nil
	}
	fetch := sq.Limit
	if !sq.AllCopies {
		fetch = sq.Limit * 4
	}
	rows, err := db.pool.Query(ctx, `SELECT s.id, s.cluster, d.doc_id, d.key, s.idx,
			CASE WHEN s.headline <> '' THEN s.headline WHEN d.title <> '' THEN d.title ELSE left(s.text, 120) END,
			s.text, ts_rank(s.tsv, $1::tsquery)::float8 AS score, h.copies, d.url, d.published, d.source_name
		FROM stories s JOIN documents d ON d.id = s.document JOIN stories h ON h.id = s.cluster
		WHERE s.tsv @@ $1::tsquery
		ORDER BY score DESC, s.id LIMIT $2`, q.ts, fetch)
	if err != nil {
		return nil, store.Errorf(store.CodeInternal, "search", "%v", err)
	}
	defer rows.Close()
	var hits []store.Hit
	seen := map[int64]bool{}
	for rows.Next() {
		var h store.Hit
		var body string
		if err := rows.Scan(&h.StoryID, &h.Cluster, &h.DocID, &h.DocKey, &h.Story, &h.Title, &body, &h.Score, &h.Copies, &h.URL, &h.Published, &h.Source); err != nil {
			return nil, store.Errorf(store.CodeInternal, "search", "%v", err)
		}
		if !sq.AllCopies {
			if seen[h.Cluster] {
				continue
			}
			seen[h.Cluster] = true
		}
		if len(hits) < sq.Limit {
			h.Snippet = snippet(body, q)
			hits = append(hits, h)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, store.Errorf(store.CodeInternal, "search", "%v", err)
	}
	return hits, nil
}

// snippet returns text around the first match with every matched token
// marked [like this]; adjacent marked tokens share one pair of brackets.
func snippet(text string, q query) string {
	type span struct{ s, e int }
	var marks []span
	match := func(t string) bool {
		if q.marks[t] {
			return true
		}
		for _, p := range q.prefix {
			if strings.HasPrefix(t, p) {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case isCJK(r):
			if match(string(r)) {
				marks = append(marks, span{i, i + n})
			}
			i += n
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			j := i
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if isCJK(r2) || !(unicode.IsLetter(r2) || unicode.IsDigit(r2) || unicode.Is(unicode.Mn, r2)) {
					break
				}
				j += n2
			}
			if match(strings.ToLower(text[i:j])) {
				marks = append(marks, span{i, j})
			}
			i = j
		default:
			i += n
		}
	}
	// Merge touching marks.
	var merged []span
	for _, m := range marks {
		if len(merged) > 0 && merged[len(merged)-1].e == m.s {
			merged[len(merged)-1].e = m.e
			continue
		}
		merged = append(merged, m)
	}
	from, to := 0, len(text)
	if len(merged) > 0 {
		from = merged[0].s - 80
	}
	if from < 0 {
		from = 0
	}
	for from > 0 && !utf8.RuneStart(text[from]) {
		from--
	}
	if to-from > 240 {
		to = from + 240
		for to < len(text) && !utf8.RuneStart(text[to]) {
			to++
		}
	}
	var out strings.Builder
	if from > 0 {
		out.WriteString("…")
	}
	pos := from
	for _, m := range merged {
		if m.s < from || m.e > to {
			continue
		}
		out.WriteString(text[pos:m.s])
		out.WriteString("[" + text[m.s:m.e] + "]")
		pos = m.e
	}
	out.WriteString(text[pos:to])
	if to < len(text) {
		out.WriteString("…")
	}
	return out.String()
}
