// Package clusters embeds the word-cluster table built by tools/clusters
// (see models/README.md). It is its own package so that loading it does not
// depend on the other model files.
package clusters

import _ "embed"

// Table is the gzip'd TSV: "word TAB c64 TAB c256 TAB c1024", frequency order.
//
//go:embed clusters.tsv.gz
var Table []byte
