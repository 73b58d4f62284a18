package store

import (
	"context"
	"strconv"
)

// Querier is the read side the HTTP API, the web UI and the exporters use
// over the normalised layers (events, entities, places). Every backend
// implements it beside Store; the storetest suite checks both backends
// give the same answers.
type Querier interface {
	// Events lists events matching f, one page at a time.
	Events(ctx context.Context, f EventFilter) (EventPage, error)
	// Event returns one event with its evidence. ErrNotFound when unknown.
	Event(ctx context.Context, id string) (EventDetail, error)
	// Entities searches entities by name or alias in any script.
	Entities(ctx context.Context, q EntityQuery) (EntityPage, error)
	// Entity returns one entity with aliases, actor codes over time, a
	// timeline and co-occurring entities. ErrNotFound when unknown.
	Entity(ctx context.Context, id string) (EntityDetail, error)
	// Timeline counts events per day, split by root code or quad class.
	Timeline(ctx context.Context, f EventFilter, by string) ([]TimelineBucket, error)
	// ActorPairs counts events per (source, target) actor code pair.
	ActorPairs(ctx context.Context, f EventFilter, limit int) ([]PairCount, error)
	// Countries counts events per country of the event place, for a map.
	Countries(ctx context.Context, f EventFilter) ([]CountryCount, error)
	// Network returns the actor network (entities as nodes, events as
	// weighted edges) of the events matching f.
	Network(ctx context.Context, f EventFilter, limit int) (Network, error)
	// Documents lists stored documents in content key order, one keyset
	// page at a time, with or without events: what the per-document
	// exports (gkg, jsonl) walk.
	Documents(ctx context.Context, q DocumentQuery) (DocumentPage, error)
}

// Page size limits shared by every backend and the API.
const (
	DefaultPageSize = 50
	MaxPageSize     = 1000
)

// EventFilter selects events. Zero fields do not filter.
type EventFilter struct {
	Actor  string // actor code prefix on either side ("CHN", "CHNGOV")
	Source string // actor code prefix of the source
	Target string // actor code prefix of the target
	Entity string // entity id on either side
	Code   string // CAMEO code prefix ("03", "036", "0361")
	Root   string // CAMEO root ("03")
	Quad   int    // quad class 1–4
	// Country is the ISO 3166-1 alpha-2 code of the event place.
	Country string
	// BBox is minLon, minLat, maxLon, maxLat of the event place.
	BBox         *[4]float64
	From, To     string // event date range [From, To), YYYY-MM-DD
	GoldsteinMin *float64
	GoldsteinMax *float64
	Text         string // full-text query over the event's sentence
	DocKey       string // events of one document
	RunID        int64  // events written by one run (0: the latest run per document)
	// Sort: "-date" (default: newest first), "date", "-goldstein", "goldstein".
	Sort   string
	Limit  int    // default DefaultPageSize, capped at MaxPageSize
	Cursor string // opaque, from EventPage.Next
}

// DocumentQuery selects stored documents. Zero fields do not filter.
type DocumentQuery struct {
	// From, To: the stored published date in [From, To), YYYY-MM-DD,
	// compared as text with the stored value (a day or RFC 3339). With
	// either set, documents without a published date are left out.
	From, To string
	// RunID: documents first stored by this run (a re-coding run that
	// only adds events stores no document).
	RunID  int64
	Limit  int    // default DefaultPageSize, capped at MaxPageSize
	Cursor string // opaque, from DocumentPage.Next
}

// DocumentRow is one stored document in a list.
type DocumentRow struct {
	Key       string `json:"key"` // content key
	ID        string `json:"id"`  // the source's id
	URL       string `json:"url,omitempty"`
	Title     string `json:"title,omitempty"`
	Published string `json:"published,omitempty"`
	Language  string `json:"language,omitempty"`
	RunID     int64  `json:"run_id"`
}

// DocumentPage is one page of documents.
type DocumentPage struct {
	Documents []DocumentRow `json:"documents"`
	Next      string        `json:"next,omitempty"` // cursor of the next page, empty at the end
}

// EventRow is one event in a list.
type EventRow struct {
	ID            string    `json:"id"`
	DocKey        string    `json:"doc_key"`
	DocID         string    `json:"doc_id"`
	Story         int       `json:"story"`
	Date          string    `json:"date"`
	DatePrecision string    `json:"date_precision,omitempty"`
	Source        ActorRef  `json:"source"`
	Target        ActorRef  `json:"target"`
	Code          string    `json:"code"`
	Root          string    `json:"root"`
	QuadClass     int       `json:"quad_class"`
	Goldstein     float64   `json:"goldstein"`
	PloverType    string    `json:"plover_type,omitempty"`
	PloverMode    string    `json:"plover_mode,omitempty"`
	Place         *PlaceRef `json:"place,omitempty"`
	Sentence      string    `json:"sentence"`
	Negated       bool      `json:"negated,omitempty"`
	Modality      string    `json:"modality,omitempty"`
	Confidence    float64   `json:"confidence"`
	// Mentions, Stories and Sources count the copies of this event across
	// the duplicate cluster (GDELT's NumMentions/NumArticles/NumSources).
	Mentions int    `json:"mentions"`
	Stories  int    `json:"stories"`
	Sources  int    `json:"sources"`
	Title    string `json:"title,omitempty"`
	URL      string `json:"url,omitempty"`
	RunID    int64  `json:"run_id"`
}

// ActorRef is one side of an event in query results.
type ActorRef struct {
	Code     string `json:"code"`
	Name     string `json:"name,omitempty"`
	EntityID string `json:"entity_id,omitempty"`
	Text     string `json:"text,omitempty"`
}

// PlaceRef is a resolved place in query results.
type PlaceRef struct {
	Name      string  `json:"name"`
	Country   string  `json:"country,omitempty"`
	Admin1    string  `json:"admin1,omitempty"`
	Lat       float64 `json:"lat"`
	Lon       float64 `json:"lon"`
	GeonameID int64   `json:"geonameid,omitempty"`
}

// EventPage is one page of events.
type EventPage struct {
	Events []EventRow `json:"events"`
	Next   string     `json:"next,omitempty"` // cursor of the next page, empty at the end
}

// Highlight is a labelled span of the story text shown as evidence.
type Highlight struct {
	Start int    `json:"start"` // byte offsets into StoryText
	End   int    `json:"end"`
	Role  string `json:"role"` // source, target, trigger, date, place, sentence
}

// EventDetail is one event with the evidence behind every field.
type EventDetail struct {
	EventRow
	StoryText  string      `json:"story_text"`
	StoryStart int         `json:"story_start"` // byte offset of the story in the document text
	Highlights []Highlight `json:"highlights"`
	Pattern    string      `json:"pattern,omitempty"`
	Coder      string      `json:"coder"`
	Dictionary string      `json:"dictionary,omitempty"`
	Model      string      `json:"model,omitempty"`
	// Copies lists the other stories (documents) that reported this event.
	Copies []EventCopy `json:"copies,omitempty"`
}

// EventCopy is another story carrying the same event.
type EventCopy struct {
	DocKey string `json:"doc_key"`
	DocID  string `json:"doc_id"`
	Story  int    `json:"story"`
	URL    string `json:"url,omitempty"`
	Title  string `json:"title,omitempty"`
}

// EntityQuery searches entities.
type EntityQuery struct {
	Text   string // name or alias, any script; prefix match
	Kind   string // PER, ORG, LOC, GPE, MISC, NORP
	Limit  int
	Cursor string
}

// EntityRow is one entity in a list.
type EntityRow struct {
	ID        string   `json:"id"`
	Kind      string   `json:"kind"`
	Name      string   `json:"name"`
	ActorCode string   `json:"actor_code,omitempty"`
	Aliases   []string `json:"aliases,omitempty"`
	Mentions  int      `json:"mentions"`
	Documents int      `json:"documents"`
	FirstSeen string   `json:"first_seen,omitempty"`
	LastSeen  string   `json:"last_seen,omitempty"`
}

// EntityPage is one page of entities.
type EntityPage struct {
	Entities []EntityRow `json:"entities"`
	Next     string      `json:"next,omitempty"`
}

// AliasRow is an alias with its evidence and how often it was seen.
type AliasRow struct {
	Text       string  `json:"text"`
	Script     string  `json:"script,omitempty"`
	Source     string  `json:"source"`
	Confidence float64 `json:"confidence"`
	Count      int     `json:"count"`
	// Evidence: the document and byte span where it was first seen.
	DocKey string `json:"doc_key,omitempty"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
}

// CodeSpan is an actor code an entity carried over a period.
type CodeSpan struct {
	Code  string `json:"code"`
	From  string `json:"from"`
	To    string `json:"to"`
	Count int    `json:"count"`
}

// DayCount is a count on one day.
type DayCount struct {
	Day   string `json:"day"`
	Count int    `json:"count"`
}

// Neighbour is an entity that co-occurs with another.
type Neighbour struct {
	EntityRow
	Count int `json:"count"` // events or documents shared
}

// EntityDetail is one entity page.
type EntityDetail struct {
	EntityRow
	AliasDetails []AliasRow  `json:"alias_details"`
	Codes        []CodeSpan  `json:"codes"`
	Timeline     []DayCount  `json:"timeline"`
	Neighbours   []Neighbour `json:"neighbours"`
	Events       []EventRow  `json:"events"` // the latest events with the entity on either side
}

// TimelineBucket counts events of one key on one day.
type TimelineBucket struct {
	Day          string  `json:"day"`
	Key          string  `json:"key"` // root code or quad class
	Count        int     `json:"count"`
	AvgGoldstein float64 `json:"avg_goldstein"`
}

// PairCount counts events between two actor codes.
type PairCount struct {
	Source string `json:"source"`
	Target string `json:"target"`
	Count  int    `json:"count"`
}

// CountryCount counts events in one country.
type CountryCount struct {
	Country string `json:"country"`
	Count   int    `json:"count"`
}

// NetworkNode is an actor in the network.
type NetworkNode struct {
	ID     string `json:"id"` // entity id, or "code:XXX" for actors without an entity
	Label  string `json:"label"`
	Code   string `json:"code,omitempty"`
	Weight int    `json:"weight"`
}

// NetworkEdge is the events between two actors.
type NetworkEdge struct {
	Source       string  `json:"source"`
	Target       string  `json:"target"`
	Weight       int     `json:"weight"`
	AvgGoldstein float64 `json:"avg_goldstein"`
}

// Network is an actor graph.
type Network struct {
	Nodes []NetworkNode `json:"nodes"`
	Edges []NetworkEdge `json:"edges"`
}

// Round2 rounds an average to the two decimal places the aggregates
// report, one rule for every backend and the in-memory facets.
func Round2(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 2, 64), 64)
	return r
}
