package sqlq

import (
	"context"
	"fmt"

	"github.com/newsgraph/newsgraph/internal/store"
)

// StoryRef is a stored story: its row id and its duplicate cluster.
type StoryRef struct {
	ID, Cluster int64
	First       bool // the first story of its duplicate cluster
}

// Story is a story about to be stored, placed in its duplicate cluster.
type Story struct {
	store.StoryRow
	ID, Cluster int64
	Kind        string // store.DupFirst, DupExact or DupNear
	Dist        int    // SimHash distance to the copy matched
}

// Sim is the story's SimHash as a column value, NULL without one.
func (s Story) Sim() any {
	if s.HasSim {
		return int64(s.SimHash)
	}
	return nil
}

// Banded reports whether the story's SimHash bands go in the band index:
// an exact copy shares its first copy's, already there.
func (s Story) Banded() bool { return s.HasSim && s.Kind != store.DupExact }

// Match finds the earlier story a story copies (store.PickCopy's answer);
// ok is false for a story with no copy.
type Match func(s store.StoryRow) (cluster int64, kind string, dist int, ok bool, err error)

// PutStories numbers a new document's stories from *next+1, places each
// in its duplicate cluster with match, writes it with put (which also
// indexes its bands and bumps its cluster's copies), and counts stories
// and copies into res.
func PutStories(rows []store.StoryRow, next *int64, res *store.PutResult, match Match, put func(Story) error) ([]StoryRef, error) {
	refs := make([]StoryRef, 0, len(rows))
	for _, r := range rows {
		s := Story{StoryRow: r, ID: *next + 1, Kind: store.DupFirst}
		s.Cluster = s.ID
		if c, k, d, ok, err := match(r); err != nil {
			return nil, fmt.Errorf("copies: %w", err)
		} else if ok {
			s.Cluster, s.Kind, s.Dist = c, k, d
		}
		if err := put(s); err != nil {
			return nil, fmt.Errorf("story %d: %w", r.Index, err)
		}
		switch s.Kind {
		case store.DupExact:
			res.ExactDups++
		case store.DupNear:
			res.NearDups++
		}
		*next = s.ID
		res.Stories++
		refs = append(refs, StoryRef{s.ID, s.Cluster, s.Kind == store.DupFirst})
	}
	return refs, nil
}

// StoredStories reads the id and the stories of the stored document with
// content key key, for layers put on a document stored earlier.
func StoredStories(ctx context.Context, c Conn, key string) (int64, []StoryRef, error) {
	var docID int64
	if err := c.QueryRow(ctx, `SELECT id FROM documents WHERE key = ?`, key).Scan(&docID); err != nil {
		return 0, nil, err
	}
	rows, err := c.Query(ctx, `SELECT id, cluster FROM stories WHERE document = ? ORDER BY idx`, docID)
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	var out []StoryRef
	for rows.Next() {
		var s StoryRef
		if err := rows.Scan(&s.ID, &s.Cluster); err != nil {
			return 0, nil, err
		}
		s.First = s.ID == s.Cluster
		out = append(out, s)
	}
	return docID, out, rows.Err()
}
