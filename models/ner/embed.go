// Package ner embeds the named-entity model built by `newsgraph train ner`
// (see models/README.md).
package ner

import _ "embed"

// Model is the two-stage perceptron model file (internal/nlp/ner format).
//
//go:embed ner.model
var Model []byte
