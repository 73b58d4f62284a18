package petrarch

import "strings"

// DiscardDict holds phrases that drop a sentence, or with a '+' prefix the
// whole story (sports, crime and entertainment text).
type DiscardDict struct {
	index phraseIndex
	story map[*phrase]bool
	n     int
}

// NewDiscardDict returns an empty discard dictionary.
func NewDiscardDict() *DiscardDict {
	return &DiscardDict{index: phraseIndex{}, story: map[*phrase]bool{}}
}

func (d *DiscardDict) load(file string, lines []line) []error {
	for _, l := range lines {
		t := l.text
		story := strings.HasPrefix(t, "+")
		w := phraseWords(strings.TrimLeft(t, "+"))
		if len(w) == 0 {
			continue
		}
		p := &phrase{words: w}
		d.index.add(p)
		d.story[p] = story
		d.n++
	}
	d.index.finish()
	return nil
}

// Len is the number of discard phrases.
func (d *DiscardDict) Len() int { return d.n }

// Find returns the first discard phrase in words: its text and whether it
// discards the story (else the sentence).
func (d *DiscardDict) Find(words []string) (string, bool, bool) {
	for i := range words {
		if p := d.index.match(words, i); p != nil {
			return strings.Join(p.words, " "), d.story[p], true
		}
	}
	return "", false, false
}
