// Package tagmodel embeds the POS tagger and lemmatiser built by
// `newsgraph train tag` (see models/README.md).
package tagmodel

import _ "embed"

// Model is the tagger model file (internal/nlp/tag format).
//
//go:embed tag.model
var Model []byte
