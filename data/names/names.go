// Package names embeds the name lists the NER uses as gazetteer features.
// tools/names/build.mjs derives most of them from registry data; README.md
// gives the sources and their licences.
package names

import "embed"

// FS holds the lists: one lower-cased entry per line, tokens separated by spaces.
//
//go:embed *.txt
var FS embed.FS
