// Package doc is the document model every stage reads and writes: immutable
// source text plus typed annotation layers whose positions are byte spans into
// that text. Stage packages never import each other; they meet here.
package doc

import (
	"github.com/newsgraph/newsgraph/internal/text"
)

// SchemaVersion is bumped whenever the JSON form changes incompatibly.
const SchemaVersion = 1

// Layer names, as used by --layers, by stage requires/assigns and in JSON.
const (
	LayerText       = "text" // always present: the source text
	LayerStories    = "stories"
	LayerSentences  = "sentences"
	LayerTokens     = "tokens"
	LayerPOS        = "pos"   // tokens[].upos/xpos/lemma
	LayerParse      = "parse" // tokens[].head/deprel
	LayerMentions   = "mentions"
	LayerEntities   = "entities"
	LayerTimexes    = "timexes"
	LayerQuantities = "quantities"
	LayerQuotes     = "quotes"
	LayerPlaces     = "places"
	LayerEvents     = "events"
)

// Doc is one input document. Text is immutable once the Doc is made: stages
// add layers and never edit text or earlier layers.
type Doc struct {
	Schema int    `json:"schema"`
	ID     string `json:"id"`
	// Text is the text every span indexes. For plain-text input it is the
	// input itself; for HTML it is the extracted main text and TextMap maps
	// it back to RawHTML.
	Text    string          `json:"text"`
	TextMap *text.OffsetMap `json:"text_map,omitempty"`
	// RawHTML is the original markup for HTML input; it is not written to
	// JSON unless asked for, since it dwarfs everything else.
	RawHTML string `json:"-"`
	Meta    Meta   `json:"meta"`

	Stories     []Story      `json:"stories,omitempty"`
	Sentences   []Sentence   `json:"sentences,omitempty"`
	Tokens      []Token      `json:"tokens,omitempty"`
	Mentions    []Mention    `json:"mentions,omitempty"`
	Entities    []Entity     `json:"entities,omitempty"`
	Timexes     []Timex      `json:"timexes,omitempty"`
	Quantities  []Quantity   `json:"quantities,omitempty"`
	Quotes      []Quote      `json:"quotes,omitempty"`
	Places      []Place      `json:"places,omitempty"`
	Events      []Event      `json:"events,omitempty"`
	Diagnostics []Diagnostic `json:"diagnostics,omitempty"`

	// Layers lists the layers present, each with the stage id that made it,
	// in the order they were made.
	Layers []LayerInfo `json:"layers,omitempty"`
}

// Meta is what is known about the document apart from its text.
type Meta struct {
	URL       string `json:"url,omitempty"`
	Title     string `json:"title,omitempty"`
	Author    string `json:"author,omitempty"`
	Site      string `json:"site,omitempty"`
	Published string `json:"published,omitempty"` // YYYY-MM-DD or RFC 3339; the reference date
	// PublishedSource says where Published came from: input, page, feed, default.
	PublishedSource string `json:"published_source,omitempty"`
	Fetched         string `json:"fetched,omitempty"` // RFC 3339 fetch time (WARC-Date, HTTP)
	Language        string `json:"language,omitempty"`
	SourceKind      string `json:"source_kind,omitempty"` // text, html, jsonl, feed, warc, url
	SourceName      string `json:"source_name,omitempty"` // file path, feed URL, WARC file + offset
	ContentHash     string `json:"content_hash,omitempty"`
	// Extra holds source metadata that has no field of its own, sorted by key in JSON.
	Extra map[string]string `json:"extra,omitempty"`
}

// LayerInfo records which stage produced a layer.
type LayerInfo struct {
	Name  string `json:"name"`
	Stage string `json:"stage"`
}

// Story is one article within a document. A page can hold several: a full
// story and teasers of others.
type Story struct {
	text.Span
	Text      string   `json:"text"`             // the story's main text (convenience copy of Span)
	Kicker    *Ref     `json:"kicker,omitempty"` // "UNITED:" style label
	Headline  *Ref     `json:"headline,omitempty"`
	Truncated bool     `json:"truncated,omitempty"`
	Language  string   `json:"language,omitempty"`
	Credits   []Credit `json:"credits,omitempty"`
	// Dedup keys: Hash of the normalised text for exact copies, SimHash over
	// word shingles for near copies (hex, 16 digits).
	Hash    string `json:"hash,omitempty"`
	SimHash string `json:"simhash,omitempty"`
}

// Ref is a span with its text, for short labels.
type Ref struct {
	text.Span
	Text string `json:"text"`
}

// Credit is a credit or boilerplate line lifted out of story text.
type Credit struct {
	text.Span
	Kind  string `json:"kind"`  // photo, reporting, byline, agency, signoff
	Value string `json:"value"` // "AFP", "CNA"
}

// Sentence is a sentence span with the range of its tokens in Doc.Tokens.
type Sentence struct {
	text.Span
	Story      int  `json:"story"`         // index in Stories, -1 when none
	TokenStart int  `json:"token_start"`   // first token index
	TokenEnd   int  `json:"token_end"`     // one past the last token index
	Cut        bool `json:"cut,omitempty"` // split by a length guard, not a real boundary
}

// Token is one word with its tags and dependency. Head is the index in
// Doc.Tokens of the governor, or -1 for the root.
type Token struct {
	text.Span
	Form   string `json:"form"` // convenience copy; may differ from the span when normalised (“ → ")
	UPOS   string `json:"upos,omitempty"`
	XPOS   string `json:"xpos,omitempty"`
	Lemma  string `json:"lemma,omitempty"`
	Head   int    `json:"head"`
	Deprel string `json:"deprel,omitempty"`
	// SpaceAfter is false when the token is followed directly by another.
	SpaceAfter bool `json:"space_after"`
}

// Mention kinds.
const (
	KindPER  = "PER"
	KindORG  = "ORG"
	KindLOC  = "LOC"
	KindGPE  = "GPE"
	KindMISC = "MISC"
	KindNORP = "NORP"
)

// Mention is a named-entity mention.
type Mention struct {
	text.Span
	Text   string  `json:"text"`
	Kind   string  `json:"kind"`
	Score  float64 `json:"score,omitempty"`
	Entity int     `json:"entity"` // index in Entities, -1 when not linked
	Stage  string  `json:"stage,omitempty"`
}

// Entity is a cluster of mentions of one real-world thing.
type Entity struct {
	ID        string   `json:"id"` // stable knowledge-base id
	Kind      string   `json:"kind"`
	Name      string   `json:"name"` // canonical name
	Aliases   []Alias  `json:"aliases,omitempty"`
	Mentions  []int    `json:"mentions,omitempty"` // indexes in Mentions
	ActorCode string   `json:"actor_code,omitempty"`
	Actor     *Ref     `json:"actor_evidence,omitempty"`
	Coref     []Coref  `json:"coref,omitempty"`
	Notes     []string `json:"notes,omitempty"`
}

// Alias is another name of an entity, with the span that shows it.
type Alias struct {
	Text       string    `json:"text"`
	Script     string    `json:"script,omitempty"` // Latn, Hani, ...
	Evidence   text.Span `json:"evidence"`
	Source     string    `json:"source"` // parenthetical, acronym, romanisation, dictionary
	Confidence float64   `json:"confidence"`
}

// Coref is a non-name mention ("the ministry") resolved to the entity.
type Coref struct {
	text.Span
	Text   string `json:"text"`
	Reason string `json:"reason"`
}

// Timex is a temporal expression with its TIMEX3 value, resolved against
// the publication date.
type Timex struct {
	text.Span
	Text  string `json:"text"`
	Type  string `json:"type"`            // DATE, TIME, DURATION, SET
	Value string `json:"value,omitempty"` // TIMEX3 value: 2023-05-18, 2022, P3D, XXXX-WXX-4
	Mod   string `json:"mod,omitempty"`   // BEFORE, AFTER, START, END, APPROX ...
	// The interval [IntervalStart, IntervalEnd) the value denotes, as
	// ISO 8601 dates or date-times.
	IntervalStart string `json:"interval_start,omitempty"`
	IntervalEnd   string `json:"interval_end,omitempty"`
	Granularity   string `json:"granularity,omitempty"` // year, month, day, ...
	Anchor        string `json:"anchor,omitempty"`      // the reference the value was resolved against
	Relative      bool   `json:"relative,omitempty"`
}

// Quantity is a number with a unit: money, percentage, count, index points.
type Quantity struct {
	text.Span
	Text     string `json:"text"`
	Kind     string `json:"kind"`            // money, percent, percentage_points, basis_points, points, count, number, dimension, temperature
	Value    string `json:"value"`           // exact decimal
	Upper    string `json:"upper,omitempty"` // upper bound of a range
	Unit     string `json:"unit,omitempty"`  // ISO 4217 for money, "%" ...
	Approx   bool   `json:"approx,omitempty"`
	Modifier string `json:"modifier,omitempty"` // more_than, less_than, about, at_least ...
	// Of is the counted noun ("12 people" → people) and LinkedTo the index
	// of an equivalent amount ("26 billion yuan (US$3.7 billion)").
	Of       *Ref `json:"of,omitempty"`
	LinkedTo int  `json:"linked_to"` // index in Quantities, -1 when none
}

// Quote is a direct or partial quotation and who said it.
type Quote struct {
	text.Span           // the whole quotation including marks
	Content   text.Span `json:"content"` // inside the marks
	Text      string    `json:"text"`
	Partial   bool      `json:"partial,omitempty"`
	Speaker   *Ref      `json:"speaker,omitempty"`
	Entity    int       `json:"entity"` // speaker entity index, -1 when none
	Verb      *Ref      `json:"verb,omitempty"`
	// Reason says how the speaker was found: "after: X said",
	// "pronoun: he → Xi Jinping", "according to" ...
	Reason string `json:"reason,omitempty"`
}

// Place is a toponym and its resolution.
type Place struct {
	text.Span
	Text         string           `json:"text"`
	Resolved     bool             `json:"resolved"`
	GeonameID    int64            `json:"geonameid,omitempty"`
	Name         string           `json:"name,omitempty"`
	Lat          float64          `json:"lat,omitempty"`
	Lon          float64          `json:"lon,omitempty"`
	FeatureClass string           `json:"feature_class,omitempty"`
	FeatureCode  string           `json:"feature_code,omitempty"`
	Country      string           `json:"country,omitempty"` // ISO 3166-1 alpha-2
	Admin1       string           `json:"admin1,omitempty"`
	Admin1Name   string           `json:"admin1_name,omitempty"`
	Precision    string           `json:"precision,omitempty"` // country, admin1, city, feature
	Confidence   float64          `json:"confidence,omitempty"`
	Reason       string           `json:"reason,omitempty"`
	Actor        bool             `json:"actor,omitempty"` // metonymic use: "Beijing said"
	Candidates   []PlaceCandidate `json:"candidates,omitempty"`
}

// PlaceCandidate is one scored reading of a toponym.
type PlaceCandidate struct {
	GeonameID int64   `json:"geonameid"`
	Name      string  `json:"name"`
	Country   string  `json:"country,omitempty"`
	Lat       float64 `json:"lat"`
	Lon       float64 `json:"lon"`
	Score     float64 `json:"score"`
}

// Actor is one side of an event.
type Actor struct {
	Code   string     `json:"code"`
	Entity int        `json:"entity"` // index in Entities, -1 when none
	Span   *text.Span `json:"span,omitempty"`
	Text   string     `json:"text,omitempty"`
}

// Event is a coded event with the evidence behind every field.
type Event struct {
	ID            string    `json:"id"`
	Source        Actor     `json:"source"`
	Target        Actor     `json:"target"`
	Code          string    `json:"code"` // CAMEO, zero-padded: "036", "0311"
	Root          string    `json:"root"`
	QuadClass     int       `json:"quad_class"`
	Goldstein     float64   `json:"goldstein"`
	PloverType    string    `json:"plover_type,omitempty"`
	PloverMode    string    `json:"plover_mode,omitempty"`
	Date          string    `json:"date,omitempty"`
	DatePrecision string    `json:"date_precision,omitempty"` // day, month, year, publication
	DateTimex     int       `json:"date_timex"`               // index in Timexes, -1 when from publication date
	Place         int       `json:"place"`                    // index in Places, -1 when none
	Sentence      text.Span `json:"sentence"`
	Trigger       text.Span `json:"trigger"`
	Pattern       string    `json:"pattern,omitempty"`
	Negated       bool      `json:"negated,omitempty"`
	Modality      string    `json:"modality,omitempty"` // intent, hypothetical, ...
	Confidence    float64   `json:"confidence"`
	Mentions      int       `json:"mentions,omitempty"`
	Coder         string    `json:"coder"`
	Dictionary    string    `json:"dictionary,omitempty"` // content hash of the dictionaries
	Model         string    `json:"model,omitempty"`
}

// Severity of a diagnostic.
const (
	SevInfo    = "info"
	SevWarning = "warning"
	SevError   = "error"
)

// Diagnostic is a per-document problem: the document goes on, the problem is
// recorded where it happened.
type Diagnostic struct {
	Span     *text.Span `json:"span,omitempty"`
	Stage    string     `json:"stage"`
	Code     string     `json:"code"`
	Severity string     `json:"severity"`
	Message  string     `json:"message"`
}

// New makes a Doc over source text.
func New(id, src string) *Doc {
	return &Doc{Schema: SchemaVersion, ID: id, Text: src}
}

// Diag records a diagnostic.
func (d *Doc) Diag(stage, code, sev, msg string, sp *text.Span) {
	d.Diagnostics = append(d.Diagnostics, Diagnostic{Span: sp, Stage: stage, Code: code, Severity: sev, Message: msg})
}

// Has reports whether a layer is present.
func (d *Doc) Has(layer string) bool {
	if layer == LayerText {
		return true
	}
	for _, l := range d.Layers {
		if l.Name == layer {
			return true
		}
	}
	return false
}

// MarkLayer records that stage produced layer.
func (d *Doc) MarkLayer(layer, stage string) {
	for i, l := range d.Layers {
		if l.Name == layer {
			d.Layers[i].Stage = stage
			return
		}
	}
	d.Layers = append(d.Layers, LayerInfo{Name: layer, Stage: stage})
}

// Span returns the text a span covers.
func (d *Doc) Span(s text.Span) string { return d.Text[s.Start:s.End] }

// SentenceTokens returns the tokens of sentence i.
func (d *Doc) SentenceTokens(i int) []Token {
	s := d.Sentences[i]
	return d.Tokens[s.TokenStart:s.TokenEnd]
}

// Keep clears every layer not named in layers, for output that carries only
// what was asked for. "pos" and "parse" keep tokens and sentences; text,
// meta and diagnostics always stay.
func (d *Doc) Keep(layers []string) {
	want := map[string]bool{}
	for _, l := range layers {
		want[l] = true
	}
	if want[LayerPOS] || want[LayerParse] {
		want[LayerTokens] = true
	}
	if want[LayerTokens] {
		want[LayerSentences] = true
	}
	if !want[LayerStories] {
		d.Stories = nil
	}
	if !want[LayerSentences] {
		d.Sentences = nil
	}
	if !want[LayerTokens] {
		d.Tokens = nil
	}
	if !want[LayerMentions] {
		d.Mentions = nil
	}
	if !want[LayerEntities] {
		d.Entities = nil
	}
	if !want[LayerTimexes] {
		d.Timexes = nil
	}
	if !want[LayerQuantities] {
		d.Quantities = nil
	}
	if !want[LayerQuotes] {
		d.Quotes = nil
	}
	if !want[LayerPlaces] {
		d.Places = nil
	}
	if !want[LayerEvents] {
		d.Events = nil
	}
}
