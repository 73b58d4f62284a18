// Package store keeps processed documents: the Store interface every backend
// implements (sqlite/ is the embedded default, postgres/ the server one), the
// domain types that cross it, the dedup keys shared by all backends, and a
// registry that opens a backend from a DSN. sqlq/ holds the query code both
// SQL backends share; storetest/ the conformance suite every backend runs.
package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
)

// Store is what the CLI, the API and the exporters use. One writer at a time
// may call BeginRun/Put/FinishRun; readers may run concurrently with it and
// must never see a "database is locked" error.
//
// New layers (sentences, entities, events, places ...) are added by new
// methods and new schema migrations; existing methods keep their meaning.
type Store interface {
	// BeginRun records the start of an ingest run and returns its id.
	BeginRun(ctx context.Context, r RunInfo) (int64, error)
	// Put stores a batch of processed documents in one transaction, all or
	// nothing. A document whose key (ContentKey) is already stored is
	// skipped, so putting the same input twice stores it once. Stories are
	// linked into duplicate clusters as they arrive.
	Put(ctx context.Context, runID int64, docs []*doc.Doc) (PutResult, error)
	// FinishRun records the end of a run with its final counts.
	FinishRun(ctx context.Context, runID int64, f RunFinish) error

	// Doc returns a stored document by content key or by source id (the
	// first stored when several share it). ErrNotFound when there is none.
	Doc(ctx context.Context, idOrKey string) (*doc.Doc, error)
	// Search runs a full-text query over story text.
	Search(ctx context.Context, q SearchQuery) ([]Hit, error)
	// Cluster returns the duplicate cluster a story belongs to, first copy first.
	Cluster(ctx context.Context, storyID int64) (Cluster, error)
	// Stats counts what is stored.
	Stats(ctx context.Context) (Stats, error)
	// Runs lists ingest runs, newest first (all when limit <= 0).
	Runs(ctx context.Context, limit int) ([]Run, error)

	Close() error
}

// RunInfo describes an ingest run at its start.
type RunInfo struct {
	Started time.Time // from the run's injected clock
	Build   string    // binary version stamp
	// Stages are the pipeline stage ids, versions included ("extract.article.v1").
	Stages  []string
	Sources []string // the sources as given on the command line
	// Options records settings that affect output (layers, default date ...).
	Options map[string]string
}

// RunFinish is what is known at the end of a run.
type RunFinish struct {
	Finished time.Time
	Status   string // RunDone, RunFailed, RunInterrupted
	Counts   RunCounts
}

// Run statuses.
const (
	RunRunning     = "running" // also what a killed run stays as
	RunDone        = "done"
	RunFailed      = "failed" // some inputs failed
	RunInterrupted = "interrupted"
)

// RunCounts are a run's totals.
type RunCounts struct {
	Seen       int `json:"seen"`        // documents read from the sources
	Stored     int `json:"stored"`      // new documents written
	Existing   int `json:"existing"`    // already stored (same content key)
	Failed     int `json:"failed"`      // items that failed to read or process
	Stories    int `json:"stories"`     // new stories written
	ExactDups  int `json:"exact_dups"`  // new stories that copy an earlier one exactly
	NearDups   int `json:"near_dups"`   // new stories within the SimHash distance of an earlier one
	InputBytes int `json:"input_bytes"` // text bytes of the documents seen
}

// Add adds o to c.
func (c *RunCounts) Add(o RunCounts) {
	c.Seen += o.Seen
	c.Stored += o.Stored
	c.Existing += o.Existing
	c.Failed += o.Failed
	c.Stories += o.Stories
	c.ExactDups += o.ExactDups
	c.NearDups += o.NearDups
	c.InputBytes += o.InputBytes
}

// Run is a stored ingest run.
type Run struct {
	ID       int64
	Started  time.Time
	Finished time.Time // zero while running or when the run was killed
	Status   string
	Build    string
	Stages   []string
	Sources  []string
	Options  map[string]string
	Counts   RunCounts
}

// PutResult counts what one Put did.
type PutResult struct {
	Stored    int // new documents
	Existing  int // documents already stored, skipped
	Stories   int // new stories
	ExactDups int
	NearDups  int
	// Keys holds the content key of each input document, in input order.
	Keys []string
}

// Counts converts the result to run counts.
func (r PutResult) Counts() RunCounts {
	return RunCounts{Stored: r.Stored, Existing: r.Existing, Stories: r.Stories, ExactDups: r.ExactDups, NearDups: r.NearDups}
}

// SearchQuery is a full-text query.
type SearchQuery struct {
	// Text uses the backend's query syntax for words and phrases; plain words
	// are ANDed. Backends accept at least: words, "quoted phrases", OR, NOT
	// and a trailing * for prefixes.
	Text  string
	Limit int // default 20, capped at 1000
	// AllCopies returns every copy of a duplicated story instead of one hit
	// per duplicate cluster.
	AllCopies bool
}

// Hit is one search result.
type Hit struct {
	StoryID   int64
	DocID     string // the document's source id
	DocKey    string // the document's content key
	Story     int    // index in the Doc's stories
	Title     string // story headline, else document title
	Snippet   string // text around the matches, matches marked [like this]
	Score     float64
	Copies    int   // stories in the duplicate cluster, 1 when unique
	Cluster   int64 // id of the cluster's first story
	URL       string
	Published string
	Source    string // where the document came from: file, file:LINE, URL ...
}

// Cluster is a set of stories that copy one another.
type Cluster struct {
	ID      int64 // the first copy's story id
	Stories []ClusterMember
}

// ClusterMember is one story in a cluster.
type ClusterMember struct {
	StoryID int64
	DocID   string
	DocKey  string
	Story   int
	Kind    string // DupFirst, DupExact, DupNear
	// Distance is the SimHash Hamming distance to the copy it was matched
	// against (0 for exact copies and the first).
	Distance int
}

// Duplicate kinds.
const (
	DupFirst = "first"
	DupExact = "exact"
	DupNear  = "near"
)

// Stats counts what a store holds.
type Stats struct {
	Documents int
	Stories   int
	// Clusters counts duplicate clusters (two or more stories);
	// ClusteredStories the stories in them; ExactDups and NearDups the
	// copies beyond each cluster's first.
	Clusters         int
	ClusteredStories int
	ExactDups        int
	NearDups         int
	LargestCluster   int
	Runs             int
	TextBytes        int64 // document text stored
	Languages        map[string]int
	SourceKinds      map[string]int
	Schema           int   // the schema version applied
	SizeBytes        int64 // on-disk size where known
}

// Error codes, shared with the API layer.
const (
	CodeInvalid  = "invalid"
	CodeNotFound = "not_found"
	CodeConflict = "conflict"
	CodeInternal = "internal"
)

// Error is the error type crossing the store boundary.
type Error struct {
	Code string
	Op   string
	Err  error
}

func (e *Error) Error() string {
	if e.Err == nil {
		return "store: " + e.Op + ": " + e.Code
	}
	return "store: " + e.Op + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// Is lets errors.Is(err, ErrNotFound) match any not_found Error.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Op == "" && t.Err == nil && t.Code == e.Code
}

// ErrNotFound matches every not-found error: errors.Is(err, store.ErrNotFound).
var ErrNotFound = &Error{Code: CodeNotFound}

// ErrorCode returns the code of err, CodeInternal when it carries none.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// Errorf makes an Error.
func Errorf(code, op, format string, a ...any) error {
	return &Error{Code: code, Op: op, Err: fmt.Errorf(format, a...)}
}

// Opener opens a backend from a DSN.
type Opener func(ctx context.Context, dsn string, opts Options) (Store, error)

// Options tune a backend; zero values mean defaults.
type Options struct {
	// ReadOnly opens for reading only (serve --read-only, search, stats).
	ReadOnly bool
	// BusyTimeout is how long a blocked statement waits for a lock.
	BusyTimeout time.Duration
}

var (
	backendsMu sync.RWMutex
	backends   = map[string]Opener{}
)

// Register makes a backend available to Open under a DSN scheme ("sqlite",
// "postgres"). The empty scheme means a plain file path.
func Register(scheme string, open Opener) {
	backendsMu.Lock()
	defer backendsMu.Unlock()
	if _, dup := backends[scheme]; dup {
		panic("store: duplicate backend " + scheme)
	}
	backends[scheme] = open
}

// Scheme returns the DSN's scheme: "postgres" for postgres:// and
// postgresql:// URLs, "sqlite" for sqlite:// and file: DSNs, "" for a path.
func Scheme(dsn string) string {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return "postgres"
	case strings.HasPrefix(dsn, "sqlite://"), strings.HasPrefix(dsn, "sqlite:"), strings.HasPrefix(dsn, "file:"):
		return "sqlite"
	}
	// Any other URL names its own backend, so "mysql://..." is refused as
	// unsupported instead of becoming a file called "mysql:".
	if i := strings.Index(dsn, "://"); i > 0 && strings.IndexFunc(dsn[:i], func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')
	}) < 0 {
		return strings.ToLower(dsn[:i])
	}
	return ""
}

// Open opens the backend the DSN names. A plain path opens the backend
// registered for "" (SQLite).
func Open(ctx context.Context, dsn string, opts Options) (Store, error) {
	scheme := Scheme(dsn)
	backendsMu.RLock()
	open, ok := backends[scheme]
	backendsMu.RUnlock()
	if !ok {
		if scheme == "" {
			scheme = "file path"
		}
		return nil, Errorf(CodeInvalid, "open", "%s databases are not yet supported by this build (known: %s)", scheme, strings.Join(Backends(), ", "))
	}
	return open(ctx, dsn, opts)
}

// Backends lists the registered schemes.
func Backends() []string {
	backendsMu.RLock()
	defer backendsMu.RUnlock()
	var out []string
	for s := range backends {
		if s == "" {
			s = "path"
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// PollStore keeps the feed polls a server registered (POST /api/ingest
// with an interval), so that they survive a restart. Both SQL backends
// implement it beside Store; a server whose store does not keeps its
// polls in memory only.
type PollStore interface {
	// SavePoll inserts p, or replaces the poll with its id. A URL that
	// another poll already has is a conflict.
	SavePoll(ctx context.Context, p Poll) error
	// DeletePoll removes a poll; ErrNotFound when there is none.
	DeletePoll(ctx context.Context, id int64) error
	// Polls lists every poll, by id.
	Polls(ctx context.Context) ([]Poll, error)
}

// Poll is a registered feed poll with what its last rounds left.
type Poll struct {
	ID       int64 // chosen by the caller, 1 or more
	URL      string
	Interval time.Duration // whole milliseconds are kept
	Date     string        // reference date for items without one
	Created  time.Time
	// LastPoll is when the last round ended (zero before the first).
	LastPoll   time.Time
	LastStatus string // new, unchanged, not_modified, error
	LastError  string
	LastRun    int64 // ingest run of the last round with new items
	// Counts over every round.
	Rounds, NotModified, Errors, Items, Stored int
	// ETag and LastModified are the feed's HTTP cache validators from its
	// last answer, sent back by the next round as a conditional GET.
	ETag, LastModified string
}
