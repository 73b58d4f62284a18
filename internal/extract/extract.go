// Package extract turns an input document into clean articles: main text
// (and metadata) from HTML with an offset map back to the raw markup, credit
// and boilerplate lines lifted out as metadata, story segmentation of pages
// that hold several stories, language per story, and dedup keys.
//
// Stage extract.article.v1 assigns the stories layer. Every Story span is a
// byte span into Doc.Text and stories tile the text's paragraphs in order.
// Story.Text is the span's text minus its credit and boilerplate lines (each
// cut with its line break) and trimmed, and minus a first line that repeats
// the document title; Credit spans cover the credited name ("AFP").
//
// `newsgraph eval extract` scores MainText (the story texts joined by
// newlines), which is what `newsgraph extract` hands on as stories[].text:
// credit stripping and segmentation are part of what is measured.
package extract

import (
	"context"
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/pipeline"
)

// StageID is the stage's registry id.
const StageID = "extract.article.v1"

func init() {
	pipeline.Register(pipeline.Info{
		ID:      StageID,
		Assigns: []string{doc.LayerStories},
		Default: true,
		New: func(env pipeline.Env) (pipeline.Stage, error) {
			return &Stage{HTML: DefaultHTMLOptions}, nil
		},
	})
}

// Stage is extract.article.v1. It keeps no per-document state.
type Stage struct {
	HTML HTMLOptions
}

// Process extracts HTML when the Doc has RawHTML and no Text (setting Text,
// TextMap and page metadata), then segments Text into stories.
func (s *Stage) Process(ctx context.Context, d *doc.Doc) error {
	pageLang := ""
	if d.Text == "" && d.RawHTML != "" {
		var err error
		if pageLang, err = s.fromHTML(d); err != nil {
			d.Diag(StageID, "html.no_content", doc.SevWarning, err.Error(), nil)
		}
	}
	d.Stories = Stories(d.Text)
	dropTitleLine(d)
	if d.Meta.Language == "" {
		longest := -1
		for i, st := range d.Stories {
			if st.Language != "" && (longest < 0 || len(st.Text) > len(d.Stories[longest].Text)) {
				longest = i
			}
		}
		if longest >= 0 {
			d.Meta.Language = d.Stories[longest].Language
		} else if len(pageLang) == 2 {
			// trafilatura's guess from the page, when no story had one.
			d.Meta.Language = pageLang
		}
	}
	d.MarkLayer(doc.LayerStories, StageID)
	return nil
}

// dropTitleLine: when the first story opens with a headline line that
// repeats the document title (Meta.Title, often with a " | Site" suffix),
// that line is page furniture: it stays the story's Headline ref and is left
// out of Story.Text. Other headline lines stay in the text.
func dropTitleLine(d *doc.Doc) {
	if len(d.Stories) == 0 || d.Meta.Title == "" {
		return
	}
	st := &d.Stories[0]
	if st.Headline == nil || st.Headline.Start != st.Start {
		return
	}
	h, title := NormWords(st.Headline.Text), NormWords(d.Meta.Title)
	if len(h) == 0 || len(h) > len(title) {
		return
	}
	for i := range h {
		if h[i] != title[i] {
			return
		}
	}
	if rest, ok := strings.CutPrefix(st.Text, st.Headline.Text); ok {
		st.Text = strings.TrimSpace(rest)
		st.Hash, st.SimHash = Hash(st.Text), SimHash(st.Text)
	}
}

// Stories segments t and fills each story's language and dedup keys.
func Stories(t string) []doc.Story {
	sts := Segment(t)
	for i := range sts {
		st := &sts[i]
		st.Language = Language(st.Text)
		ws := NormWords(st.Text)
		st.Hash, st.SimHash = hashWords(ws), simHashWords(ws)
	}
	return sts
}

// fromHTML extracts the main text and metadata; it returns trafilatura's
// language guess for the page.
func (s *Stage) fromHTML(d *doc.Doc) (lang string, err error) {
	defer func() {
		// go-trafilatura and its fallbacks walk arbitrary markup; a bug
		// there is a per-document problem, not a crash of the batch.
		if r := recover(); r != nil {
			err = fmt.Errorf("html extraction failed: %v", r)
		}
	}()
	p, err := ExtractHTML(d.RawHTML, s.HTML)
	if err != nil {
		return "", fmt.Errorf("no main text found: %v", err)
	}
	d.Text = p.Text
	d.TextMap = p.Map
	m := &d.Meta
	if m.Title == "" {
		m.Title = p.Title
	}
	if m.Author == "" {
		m.Author = p.Author
	}
	if m.Site == "" {
		m.Site = p.Site
	}
	if m.URL == "" {
		m.URL = p.URL
	}
	if m.Published == "" && !p.Published.IsZero() {
		m.Published = p.Published.Format("2006-01-02")
		m.PublishedSource = "page"
	}
	return p.Language, nil
}
