package geo

import (
	"bytes"
	"io"

	"github.com/newsgraph/newsgraph/data/gazetteer"
	"github.com/newsgraph/newsgraph/internal/text"
)

func bytesReader() io.Reader { return bytes.NewReader(gazetteer.Data) }

type textSpan = text.Span
