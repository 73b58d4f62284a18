// Package cameo holds the CAMEO event codebook as data compiled into the
// binary: code, label, Goldstein score, quad class, and the PLOVER type,
// mode and context each code maps to; plus CAMEO actor types and country
// codes. The tables are generated from ../shared/data/cameo (facts, with
// their provenance in tables.go).
package cameo

//go:generate go run ./gen -data ../../../../shared/data/cameo -out tables.go

import "sort"

// Code is one CAMEO event code.
type Code struct {
	Code          string
	Label         string
	Goldstein     float64
	QuadClass     int    // 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
	Level         string // root, base, leaf
	Root          string
	PloverType    string
	PloverMode    string
	PloverContext string
}

// Country is a CAMEO country or region code.
type Country struct {
	Code, Label, Kind, COW string
}

// Version names the tables' sources.
const Version = "cameo-gdelt/plover-2021-0.8"

var byCode = func() map[string]*Code {
	m := make(map[string]*Code, len(eventCodes))
	for i := range eventCodes {
		m[eventCodes[i].Code] = &eventCodes[i]
	}
	return m
}()

// Lookup returns the entry for a CAMEO code. A code the table lacks (a
// dictionary's own leaf code such as "0874") falls back to its base and
// root code; ok is false when even the root is unknown. The returned
// Code keeps the code asked for.
func Lookup(code string) (Code, bool) {
	for c := code; len(c) >= 2; c = c[:len(c)-1] {
		if e, ok := byCode[c]; ok {
			r := *e
			if c != code {
				r.Code, r.Level = code, "unlisted"
				if p, ok := ploverOnly[code]; ok {
					r.PloverType, r.PloverMode, r.PloverContext = p[0], p[1], p[2]
				}
			}
			return r, true
		}
	}
	return Code{Code: code}, false
}

// Valid reports whether code is in the CAMEO table itself.
func Valid(code string) bool { _, ok := byCode[code]; return ok }

// Codes returns every code, sorted.
func Codes() []Code {
	out := append([]Code(nil), eventCodes...)
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// Roots returns the 20 root codes.
func Roots() []Code {
	var out []Code
	for _, c := range Codes() {
		if c.Level == "root" {
			out = append(out, c)
		}
	}
	return out
}

// ActorType returns the label of a CAMEO actor type (GOV, MIL, ...).
func ActorType(code string) (string, bool) { l, ok := actorTypes[code]; return l, ok }

// LookupCountry returns a CAMEO country or region code.
func LookupCountry(code string) (Country, bool) { c, ok := countries[code]; return c, ok }
