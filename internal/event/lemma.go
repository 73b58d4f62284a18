package event

import "strings"

// entries are the dictionary entries for token i's trigger lemma. When the
// tagger's lemma is not in the dictionary, a verb's lemma is repaired from
// its form: the lemmatiser's typical mistakes are a lost final e
// ("criticised" → "criticis", "imposed" → "impos") and a kept doubled
// consonant ("expelled" → "expell", "initialled" → "initiall").
func (s *sentence) entries(i int) []*Entry {
	by := s.st.Dict.byLemma
	l := s.lemma(i)
	if es, ok := by[l]; ok || s.tok(i).UPOS != "VERB" {
		return es
	}
	if b, ok := irregular[strings.ToLower(s.tok(i).Form)]; ok {
		if es, ok := by[b]; ok {
			return es
		}
	}
	for _, c := range lemmaRepairs(l, strings.ToLower(s.tok(i).Form)) {
		if es, ok := by[c]; ok {
			return es
		}
	}
	return nil
}

// lemmaRepairs lists candidate lemmas for a verb whose lemma is unknown.
func lemmaRepairs(lemma, form string) []string {
	var out []string
	add := func(w string) {
		if len(w) >= 2 {
			out = append(out, w)
			if strings.HasSuffix(w, "ise") {
				out = append(out, w[:len(w)-3]+"ize") // British spelling
			}
		}
	}
	for _, w := range []string{lemma, stem(form)} {
		if w == "" {
			continue
		}
		add(w + "e")
		if n := len(w); n >= 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiou", rune(w[n-1])) {
			add(w[:n-1])
		}
		add(w)
	}
	return out
}

// stem strips a regular inflection from a verb form.
func stem(form string) string {
	for _, suf := range []string{"ed", "ing", "es", "s"} {
		if strings.HasSuffix(form, suf) && len(form) > len(suf)+2 {
			return form[:len(form)-len(suf)]
		}
	}
	return ""
}

// irregular past forms the lemmatiser leaves as they are ("froze").
var irregular = map[string]string{
	"froze": "freeze", "frozen": "freeze", "struck": "strike", "fought": "fight", "shot": "shoot", "met": "meet",
	"held": "hold", "sent": "send", "sought": "seek", "took": "take", "taken": "take", "withdrew": "withdraw",
	"withdrawn": "withdraw", "began": "begin", "begun": "begin", "brought": "bring", "told": "tell", "gave": "give",
	"given": "give", "made": "make", "led": "lead", "hit": "hit", "broke": "break", "broken": "break", "cut": "cut",
	"beat": "beat", "beaten": "beat", "stole": "steal", "stolen": "steal", "threw": "throw", "thrown": "throw",
	"spoke": "speak", "spoken": "speak", "won": "win", "lost": "lose", "drove": "drive", "driven": "drive",
	"flew": "fly", "flown": "fly", "rang": "ring", "paid": "pay", "sold": "sell", "bought": "buy", "left": "leave",
}
