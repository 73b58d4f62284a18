package event

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/event/petrarch"
	"github.com/newsgraph/newsgraph/internal/shared"
	"github.com/newsgraph/newsgraph/internal/text"
)

// TestUDGoldParses runs both coders over the gold dependency parses of
// UD English EWT dev (real sentences, not news): nothing may panic, every
// span must lie in the text, and a second run must give the same events.
func TestUDGoldParses(t *testing.T) {
	f, err := os.Open(shared.Require(t, "data", "ud", "en_ewt-ud-dev.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st := testStage(t)
	pd, _, err := petrarch.LoadDir(shared.Require(t, "data", "petrarch-validation", "dicts", "production-phoenix"))
	if err != nil {
		t.Fatal(err)
	}
	pc := petrarch.NewCoder(pd)
	sc := bufio.NewScanner(f)
	var rows [][]string
	nsent, nev, npev := 0, 0, 0
	flush := func() {
		if len(rows) == 0 {
			return
		}
		var sb strings.Builder
		var toks []doc.Token
		var deps []petrarch.DepToken
		for _, r := range rows {
			if sb.Len() > 0 {
				sb.WriteByte(' ')
			}
			s := sb.Len()
			sb.WriteString(r[1])
			h, _ := strconv.Atoi(r[6])
			toks = append(toks, doc.Token{Span: text.Span{Start: s, End: sb.Len()}, Form: r[1], Lemma: r[2], UPOS: r[3], XPOS: r[4], Head: h - 1, Deprel: r[7]})
			deps = append(deps, petrarch.DepToken{Form: r[1], Lemma: r[2], UPOS: r[3], XPOS: r[4], Head: h - 1, Deprel: r[7]})
		}
		d := doc.New("s", sb.String())
		d.Tokens = toks
		d.Sentences = []doc.Sentence{{Span: text.Span{Start: 0, End: sb.Len()}, TokenStart: 0, TokenEnd: len(toks)}}
		st.Process(context.Background(), d)
		first := fmt.Sprint(d.Events)
		st.Process(context.Background(), d)
		if fmt.Sprint(d.Events) != first {
			t.Errorf("events differ between runs: %s", d.Text)
		}
		for _, e := range d.Events {
			nev++
			for _, sp := range []*text.Span{&e.Sentence, &e.Trigger, e.Source.Span, e.Target.Span} {
				if sp != nil && (sp.Start < 0 || sp.End > len(d.Text) || sp.Start > sp.End) {
					t.Errorf("span %v outside %q", *sp, d.Text)
				}
			}
		}
		res := pc.CodeTree(petrarch.FromDependencies(deps), 20100101, petrarch.DefaultConfig)
		npev += len(res.Events)
		nsent++
		rows = nil
	}
	for sc.Scan() {
		l := sc.Text()
		if l == "" {
			flush()
			continue
		}
		if strings.HasPrefix(l, "#") {
			continue
		}
		c := strings.Split(l, "\t")
		if len(c) < 8 || strings.ContainsAny(c[0], "-.") {
			continue
		}
		rows = append(rows, c)
	}
	flush()
	t.Logf("%d sentences: %d events (own dictionary), %d events (Phoenix dictionaries)", nsent, nev, npev)
	if nsent < 1000 {
		t.Errorf("read only %d sentences", nsent)
	}
}

// BenchmarkStageUD codes the gold-parsed UD EWT dev sentences with the
// event.cameo.v1 stage (coding after parsing) and reports sentences/s.
func BenchmarkStageUD(b *testing.B) {
	f, err := os.Open(shared.Require(b, "data", "ud", "en_ewt-ud-dev.conllu"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	d := doc.New("ud", "")
	var sb strings.Builder
	sc := bufio.NewScanner(f)
	start := 0
	flush := func() {
		if len(d.Tokens) > start {
			d.Sentences = append(d.Sentences, doc.Sentence{Span: text.Span{Start: d.Tokens[start].Start, End: d.Tokens[len(d.Tokens)-1].End}, TokenStart: start, TokenEnd: len(d.Tokens)})
		}
		start = len(d.Tokens)
	}
	for sc.Scan() {
		l := sc.Text()
		if l == "" {
			flush()
			continue
		}
		c := strings.Split(l, "\t")
		if strings.HasPrefix(l, "#") || len(c) < 8 || strings.ContainsAny(c[0], "-.") {
			continue
		}
		h, _ := strconv.Atoi(c[6])
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		s := sb.Len()
		sb.WriteString(c[1])
		hd := -1
		if h > 0 {
			hd = start + h - 1
		}
		d.Tokens = append(d.Tokens, doc.Token{Span: text.Span{Start: s, End: sb.Len()}, Form: c[1], Lemma: c[2], UPOS: c[3], XPOS: c[4], Head: hd, Deprel: c[7]})
	}
	flush()
	d.Text = sb.String()
	st := &Stage{Dict: testStage(&testing.T{}).Dict, Actors: defaultLexicon()}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st.Process(context.Background(), d)
	}
	b.ReportMetric(float64(b.N*len(d.Sentences))/b.Elapsed().Seconds(), "sentences/s")
}
