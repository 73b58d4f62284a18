// Package parsemodel embeds the dependency parser built by
// `newsgraph train parse` (see models/README.md).
package parsemodel

import _ "embed"

// Model is the parser model file (internal/nlp/parse format).
//
//go:embed parse.model
var Model []byte
