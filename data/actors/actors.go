// Package actors embeds the project's own actor dictionaries (see README.md).
package actors

import "embed"

// FS holds the dictionary files.
//
//go:embed *.tsv
var FS embed.FS
