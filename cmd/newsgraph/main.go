// Command newsgraph turns news into CAMEO-coded events and a knowledge graph
// with every fact traceable to its sentence. This package is wiring only:
// flag parsing, stage registration imports, and I/O plumbing.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // some inputs failed
	exitUsage  = 2
)

// Main holds the process's I/O so commands can be run in tests.
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// closers run at Close, in reverse order.
	closers []func() error
}

// command is one subcommand. Each lives in its own cmd_*.go file and
// registers itself in init, so work on one never touches another.
type command struct {
	Name    string
	Summary string
	// Run gets the arguments after the command name and returns an exit code.
	Run func(ctx context.Context, m *Main, args []string) int
}

var commands = map[string]*command{}

func register(c *command) {
	if _, dup := commands[c.Name]; dup {
		panic("duplicate command " + c.Name)
	}
	commands[c.Name] = c
}

func main() {
	m := &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := m.Run(ctx, os.Args[1:])
	stop()
	if err := m.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "newsgraph:", err)
		if code == exitOK {
			code = exitFailed
		}
	}
	os.Exit(code)
}

// Run dispatches to a subcommand.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				return c.Run(ctx, m, []string{"--help"})
			}
		}
		m.usage(m.Stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(m.Stderr, "newsgraph: unknown command %q\n\n", args[0])
		m.usage(m.Stderr)
		return exitUsage
	}
	return c.Run(ctx, m, args[1:])
}

// Close releases what commands opened.
func (m *Main) Close() error {
	var first error
	for i := len(m.closers) - 1; i >= 0; i-- {
		if err := m.closers[i](); err != nil && first == nil {
			first = err
		}
	}
	m.closers = nil
	return first
}

// onClose registers a cleanup to run at Close.
func (m *Main) onClose(f func() error) { m.closers = append(m.closers, f) }

func (m *Main) usage(w io.Writer) {
	fmt.Fprintln(w, "newsgraph — who did what to whom, where and when, from the news, with evidence.")
	fmt.Fprintln(w, "\nUsage: newsgraph COMMAND [flags] [args]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].Summary)
	}
	fmt.Fprintln(w, "\nRun 'newsgraph COMMAND --help' for a command's flags.")
}

// errorf prints an error line for the command and returns code.
func (m *Main) errorf(code int, format string, a ...any) int {
	fmt.Fprintf(m.Stderr, "newsgraph: "+format+"\n", a...)
	return code
}

func (m *Main) env(key string) string {
	if m.Getenv == nil {
		return ""
	}
	return m.Getenv(key)
}

// splitList splits a comma-separated flag value, dropping empties.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
