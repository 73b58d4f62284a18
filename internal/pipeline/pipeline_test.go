package pipeline

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/doc"
)

func init() {
	Register(Info{ID: "test.upper.v1", Assigns: []string{"t_upper"}, New: func(Env) (Stage, error) {
		return StageFunc(func(_ context.Context, d *doc.Doc) error {
			d.Meta.Title = strings.ToUpper(d.Text)
			return nil
		}), nil
	}})
	Register(Info{ID: "test.len.v1", Requires: []string{"t_upper"}, Assigns: []string{"t_len"}, New: func(Env) (Stage, error) {
		return StageFunc(func(_ context.Context, d *doc.Doc) error {
			if d.Text == "panic" {
				panic("boom")
			}
			if d.Meta.Title == "" && d.Text != "" {
				return errors.New("upper did not run first")
			}
			return nil
		}), nil
	}})
	Register(Info{ID: "test.sleepy.v1", Assigns: []string{"t_sleep"}, New: func(Env) (Stage, error) {
		return StageFunc(func(_ context.Context, d *doc.Doc) error {
			// Earlier documents sleep longer, so finishing order is reversed.
			time.Sleep(time.Duration(10-len(d.ID)) * time.Millisecond)
			return nil
		}), nil
	}})
}

func TestResolveAndBuild(t *testing.T) {
	ids, err := Resolve([]string{"t_len"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ids, ",") != "test.upper.v1,test.len.v1" {
		t.Fatalf("resolve order %v", ids)
	}
	if _, err := Build(Env{}, []string{"test.len.v1"}); err == nil || !strings.Contains(err.Error(), `requires layer "t_upper"`) {
		t.Fatalf("build must refuse unmet requirement, got %v", err)
	}
	if _, err := Build(Env{}, []string{"nope.x.v1"}); err == nil {
		t.Fatal("unknown stage accepted")
	}
	if _, err := Resolve([]string{"no_such_layer"}); err == nil {
		t.Fatal("unknown layer accepted")
	}
	p, err := Build(Env{}, ids)
	if err != nil {
		t.Fatal(err)
	}
	d := doc.New("a", "hello")
	if err := p.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if !d.Has("t_upper") || !d.Has("t_len") || d.Meta.Title != "HELLO" {
		t.Fatalf("layers %v title %q", d.Layers, d.Meta.Title)
	}
	if err := p.Process(context.Background(), doc.New("p", "panic")); err == nil || !strings.Contains(err.Error(), "panicked") {
		t.Fatalf("panic not turned into error: %v", err)
	}
}

func TestRunKeepsOrder(t *testing.T) {
	p, err := Build(Env{}, []string{"test.sleepy.v1"})
	if err != nil {
		t.Fatal(err)
	}
	in := make(chan *doc.Doc)
	go func() {
		defer close(in)
		for i := 0; i < 40; i++ {
			in <- doc.New(strings.Repeat("x", i%10), "")
		}
	}()
	n := 0
	for r := range p.Run(context.Background(), in, 4) {
		if r.Seq != n {
			t.Fatalf("result %d arrived at position %d", r.Seq, n)
		}
		if len(r.Doc.ID) != n%10 {
			t.Fatalf("wrong doc at %d", n)
		}
		n++
	}
	if n != 40 {
		t.Fatalf("got %d results", n)
	}
}

func TestRunCancel(t *testing.T) {
	p, _ := Build(Env{}, []string{"test.sleepy.v1"})
	ctx, cancel := context.WithCancel(context.Background())
	in := make(chan *doc.Doc)
	go func() {
		for i := 0; ; i++ {
			select {
			case in <- doc.New("x", ""):
			case <-ctx.Done():
				return
			}
		}
	}()
	out := p.Run(ctx, in, 2)
	<-out
	cancel()
	for range out { // must close
	}
}
