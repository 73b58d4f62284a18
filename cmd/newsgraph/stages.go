package main

// Blank imports register the pipeline stages. Each stage package adds its
// line here when it registers stages.
import (
	_ "github.com/newsgraph/newsgraph/internal/event"
	_ "github.com/newsgraph/newsgraph/internal/extract"
	_ "github.com/newsgraph/newsgraph/internal/geo"
	_ "github.com/newsgraph/newsgraph/internal/kb"
	_ "github.com/newsgraph/newsgraph/internal/nlp/ner"
	_ "github.com/newsgraph/newsgraph/internal/nlp/parse"
	_ "github.com/newsgraph/newsgraph/internal/nlp/segment"
	_ "github.com/newsgraph/newsgraph/internal/nlp/tag"
	_ "github.com/newsgraph/newsgraph/internal/pipeline"
	_ "github.com/newsgraph/newsgraph/internal/quantity"
	_ "github.com/newsgraph/newsgraph/internal/quote"
	_ "github.com/newsgraph/newsgraph/internal/timex"
)
