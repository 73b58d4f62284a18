package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/newsgraph/newsgraph/internal/doc"
	"github.com/newsgraph/newsgraph/internal/export"
)

func init() {
	register(&command{Name: "export", Summary: "write documents as GDELT events/mentions/GKG, JSONL, CSV or Parquet", Run: runExport})
}

func runExport(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlags("export", "--format "+strings.Join(export.Formats, "|")+" [--from DOCS.jsonl|-] [--out FILE]")
	format := fs.String("format", "gdelt", "output format: "+strings.Join(export.Formats, ", "))
	from := fs.String("from", "-", "Doc JSONL to read (the output of annotate; - for stdin)")
	out := fs.String("out", "-", "file to write (- for stdout)")
	header := fs.Bool("header", false, "write a header row in the TSV formats (GDELT's own files have none)")
	table := fs.String("table", "events", "parquet table: events or entities")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	var in io.Reader = m.Stdin
	if *from != "-" {
		f, err := os.Open(*from)
		if err != nil {
			return m.errorf(exitFailed, "export: %v", err)
		}
		defer f.Close()
		in = f
	}
	var w io.Writer = m.Stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return m.errorf(exitFailed, "export: %v", err)
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	ew, err := export.New(*format, bw, export.Options{Header: *header, Table: *table})
	if err != nil {
		return m.errorf(exitUsage, "%v", err)
	}
	dec := json.NewDecoder(bufio.NewReaderSize(in, 1<<20))
	n, bad := 0, 0
	for {
		if err := ctx.Err(); err != nil {
			return m.errorf(exitFailed, "export: %v", err)
		}
		var d doc.Doc
		if err := dec.Decode(&d); err == io.EOF {
			break
		} else if err != nil {
			return m.errorf(exitFailed, "export: %s: document %d: %v", *from, n+1, err)
		}
		n++
		if d.Text == "" && len(d.Events) == 0 {
			bad++ // an annotate error line
			continue
		}
		if err := ew.Write(&d); err != nil {
			return m.errorf(exitFailed, "export: %v", err)
		}
	}
	if err := ew.Close(); err != nil {
		return m.errorf(exitFailed, "export: %v", err)
	}
	if err := bw.Flush(); err != nil {
		return m.errorf(exitFailed, "export: %v", err)
	}
	fmt.Fprintf(m.Stderr, "export: %d documents written as %s", n-bad, *format)
	if bad > 0 {
		fmt.Fprintf(m.Stderr, " (%d input lines without a document skipped)", bad)
	}
	fmt.Fprintln(m.Stderr)
	return exitOK
}
