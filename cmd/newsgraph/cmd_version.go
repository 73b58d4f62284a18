package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

// version is set by -ldflags "-X main.version=..." in release builds.
var version = "dev"

func buildStamp() string {
	s := version
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, kv := range bi.Settings {
			if kv.Key == "vcs.revision" && len(kv.Value) >= 12 {
				s += "+" + kv.Value[:12]
			}
		}
	}
	return s
}

func init() {
	register(&command{Name: "version", Summary: "print the version", Run: func(ctx context.Context, m *Main, args []string) int {
		fs := m.newFlags("version", "")
		if code, ok := parseFlags(fs, args); !ok {
			return code
		}
		fmt.Fprintln(m.Stdout, "newsgraph", buildStamp())
		return exitOK
	}})
}
