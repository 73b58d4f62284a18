// Package cameo embeds the project's own event-coding dictionaries (see
// README.md): the verb dictionary the event.cameo.v1 stage codes with.
package cameo

import "embed"

// FS holds the dictionary files.
//
//go:embed *.txt
var FS embed.FS
