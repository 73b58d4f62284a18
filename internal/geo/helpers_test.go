package geo

import (
	"bytes"
	"io"

	"github.com/newsgraph/newsgraph/data/gazetteer"
)

func bytesReader() io.Reader { return bytes.NewReader(gazetteer.Data) }
