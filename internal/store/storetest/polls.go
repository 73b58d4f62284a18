package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/store"
)

// testPolls: store.PollStore keeps feed polls whole (times to the
// nanosecond, the interval to the millisecond, validators as sent),
// replaces by id, refuses a second poll of one URL and bad polls, and
// deletes.
func testPolls(t *testing.T, s store.Store) {
	ctx := context.Background()
	ps, ok := s.(store.PollStore)
	if !ok {
		t.Fatalf("%T does not implement store.PollStore", s)
	}
	list := func() []store.Poll {
		t.Helper()
		got, err := ps.Polls(ctx)
		if err != nil {
			t.Fatalf("Polls: %v", err)
		}
		return got
	}
	if got := list(); got == nil || len(got) != 0 {
		t.Fatalf("empty store: %#v, want an empty list", got)
	}
	created := time.Date(2025, 3, 3, 8, 0, 0, 123456789, time.UTC)
	wire := store.Poll{ID: 1, URL: "https://wire.example/feed.xml", Interval: 15 * time.Minute, Date: "2025-03-01",
		Created: created, LastPoll: created.Add(time.Second), LastStatus: "new", LastRun: 7,
		Rounds: 1, Items: 2, Stored: 2, ETag: `"v1"`, LastModified: "Mon, 03 Mar 2025 08:00:00 GMT"}
	// SQL-looking text is data.
	odd := store.Poll{ID: 12, URL: "https://odd.example/feed?q=');DROP TABLE polls;--", Interval: 1500 * time.Millisecond,
		Created: created, ETag: `W/"x'y"`}
	for _, p := range []store.Poll{odd, wire} {
		if err := ps.SavePoll(ctx, p); err != nil {
			t.Fatalf("SavePoll %d: %v", p.ID, err)
		}
	}
	if got := list(); !reflect.DeepEqual(got, []store.Poll{wire, odd}) {
		t.Fatalf("Polls:\n got %+v\nwant %+v", got, []store.Poll{wire, odd})
	}

	// A later round replaces the poll's state.
	wire.LastPoll, wire.LastStatus, wire.LastError = created.Add(15*time.Minute), "error", "HTTP 503 Service Unavailable"
	wire.Rounds, wire.Errors, wire.NotModified, wire.ETag, wire.LastModified = 3, 1, 1, "", ""
	if err := ps.SavePoll(ctx, wire); err != nil {
		t.Fatalf("SavePoll again: %v", err)
	}
	if got := list(); !reflect.DeepEqual(got, []store.Poll{wire, odd}) {
		t.Fatalf("after the update:\n got %+v\nwant %+v", got, []store.Poll{wire, odd})
	}

	// One poll per URL; bad polls are refused; nothing changes.
	dup := wire
	dup.ID = 2
	if err := ps.SavePoll(ctx, dup); store.ErrorCode(err) != store.CodeConflict {
		t.Errorf("second poll of %s: %v, want a conflict", dup.URL, err)
	}
	for _, bad := range []store.Poll{
		{ID: 0, URL: "https://a.example/", Interval: time.Minute},
		{ID: 3, URL: " ", Interval: time.Minute},
		{ID: 4, URL: "https://b.example/", Interval: 0},
	} {
		if err := ps.SavePoll(ctx, bad); store.ErrorCode(err) != store.CodeInvalid {
			t.Errorf("SavePoll %+v: %v, want invalid", bad, err)
		}
	}
	if got := list(); !reflect.DeepEqual(got, []store.Poll{wire, odd}) {
		t.Fatalf("after refusals: %+v", got)
	}

	if err := ps.DeletePoll(ctx, 1); err != nil {
		t.Fatalf("DeletePoll: %v", err)
	}
	if err := ps.DeletePoll(ctx, 1); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("DeletePoll twice: %v, want not found", err)
	}
	if got := list(); !reflect.DeepEqual(got, []store.Poll{odd}) {
		t.Fatalf("after delete: %+v", got)
	}
	// The URL is free again.
	dup.ID = 13
	if err := ps.SavePoll(ctx, dup); err != nil {
		t.Fatalf("re-register the URL: %v", err)
	}
	if got := list(); len(got) != 2 || got[1].ID != 13 || got[1].URL != wire.URL {
		t.Fatalf("after re-register: %+v", got)
	}
}
