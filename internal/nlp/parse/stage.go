package parse

import (
	"context"
	"fmt"
	"sync"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/nlp/cluster"
	"github.com/newsgraph/newsgraph/internal/pipeline"
	parsemodel "github.com/newsgraph/newsgraph/models/parse"
)

// StageID is the parsing stage.
const StageID = "nlp.parse.v1"

var (
	defOnce   sync.Once
	defParser *Parser
	defErr    error
)

// Default returns the embedded model (models/parse/parse.model), decoded once.
func Default() (*Parser, error) {
	defOnce.Do(func() {
		defParser, defErr = decodeEmbedded()
		if defErr != nil {
			defErr = fmt.Errorf("parse: embedded model: %w", defErr)
			return
		}
		defErr = AttachClusters(defParser)
	})
	return defParser, defErr
}

func decodeEmbedded() (*Parser, error) { return Decode(parsemodel.Model) }

// AttachClusters gives the parser the cluster table it was trained with.
func AttachClusters(p *Parser) error {
	if p.ClusterID() == "" {
		return nil
	}
	ct, err := cluster.Default()
	if err != nil {
		return fmt.Errorf("parse: model needs clusters: %w", err)
	}
	p.SetClusters(func(w string) (int, int, int) {
		a, b, c := ct.Lookup(w)
		return int(a), int(b), int(c)
	})
	return nil
}

func init() {
	pipeline.Register(pipeline.Info{
		ID:       StageID,
		Requires: []string{doc.LayerPOS},
		Assigns:  []string{doc.LayerParse},
		Default:  true,
		New: func(env pipeline.Env) (pipeline.Stage, error) {
			p, err := Default()
			if err != nil {
				return nil, err
			}
			pool := &sync.Pool{New: func() any { return &Scratch{} }}
			return pipeline.StageFunc(func(ctx context.Context, d *doc.Doc) error {
				sc := pool.Get().(*Scratch)
				defer pool.Put(sc)
				p.ParseDoc(d, sc)
				d.MarkLayer(doc.LayerParse, StageID)
				return nil
			}), nil
		},
	})
}

// ParseDoc fills Head (a Doc-global token index, -1 for the root) and
// Deprel of every token, sentence by sentence.
func (p *Parser) ParseDoc(d *doc.Doc, sc *Scratch) {
	var in Input
	labels := p.Labels()
	for si, se := range d.Sentences {
		toks := d.SentenceTokens(si)
		in.Forms, in.UPOS, in.XPOS = in.Forms[:0], in.UPOS[:0], in.XPOS[:0]
		for _, tk := range toks {
			in.Forms = append(in.Forms, tk.Form)
			in.UPOS = append(in.UPOS, tk.UPOS)
			in.XPOS = append(in.XPOS, tk.XPOS)
		}
		if len(toks) == 0 {
			continue
		}
		p.parse(in, sc)
		for i := range toks {
			h := sc.st.head[i+1]
			if h <= 0 {
				toks[i].Head = -1
			} else {
				toks[i].Head = se.TokenStart + h - 1
			}
			toks[i].Deprel = labels[sc.st.label[i+1]]
		}
	}
}
