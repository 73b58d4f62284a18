package tag

import (
	"context"
	"fmt"
	"sync"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/nlp/cluster"
	"github.com/newsgraph/newsgraph/internal/pipeline"
	tagmodel "github.com/newsgraph/newsgraph/models/tag"
)

// StageID is the tagging stage.
const StageID = "nlp.tag.v1"

var (
	defOnce   sync.Once
	defTagger *Tagger
	defErr    error
)

// Default returns the embedded model (models/tag/tag.model), decoded once.
func Default() (*Tagger, error) {
	defOnce.Do(func() {
		defTagger, defErr = Decode(tagmodel.Model)
		if defErr != nil {
			defErr = fmt.Errorf("tag: embedded model: %w", defErr)
			return
		}
		defErr = AttachClusters(defTagger)
	})
	return defTagger, defErr
}

// AttachClusters gives the tagger the cluster table it was trained with.
func AttachClusters(t *Tagger) error {
	if t.ClusterID() == "" {
		return nil
	}
	ct, err := cluster.Default()
	if err != nil {
		return fmt.Errorf("tag: model needs clusters: %w", err)
	}
	t.SetClusters(ClusterLookup(ct))
	return nil
}

// ClusterLookup adapts a cluster table.
func ClusterLookup(ct *cluster.Table) ClusterFunc {
	return func(w string) (int, int, int) {
		a, b, c := ct.Lookup(w)
		return int(a), int(b), int(c)
	}
}

func init() {
	pipeline.Register(pipeline.Info{
		ID:       StageID,
		Requires: []string{doc.LayerTokens},
		Assigns:  []string{doc.LayerPOS},
		Default:  true,
		New: func(env pipeline.Env) (pipeline.Stage, error) {
			t, err := Default()
			if err != nil {
				return nil, err
			}
			pool := &sync.Pool{New: func() any { return &Scratch{} }}
			return pipeline.StageFunc(func(ctx context.Context, d *doc.Doc) error {
				sc := pool.Get().(*Scratch)
				defer pool.Put(sc)
				t.TagDoc(d, sc)
				d.MarkLayer(doc.LayerPOS, StageID)
				return nil
			}), nil
		},
	})
}

// TagDoc fills UPOS, XPOS and Lemma of every token: sentence by sentence,
// or, for a model with document features, the document as one.
func (t *Tagger) TagDoc(d *doc.Doc, sc *Scratch) {
	set := func(si int, cls []int) {
		toks := d.SentenceTokens(si)
		for i := range toks {
			tg := t.tags[cls[i]]
			toks[i].UPOS, toks[i].XPOS = tg.UPOS, tg.XPOS
			toks[i].Lemma = t.Lemma(toks[i].Form, tg)
		}
	}
	if t.docWide() {
		words := make([][]string, len(d.Sentences))
		for si := range d.Sentences {
			for _, tk := range d.SentenceTokens(si) {
				words[si] = append(words[si], tk.Form)
			}
		}
		t.classesDoc(words, sc, set)
		return
	}
	var words []string
	for si := range d.Sentences {
		words = words[:0]
		for _, tk := range d.SentenceTokens(si) {
			words = append(words, tk.Form)
		}
		set(si, t.classes(words, sc, nil, nil))
	}
}
