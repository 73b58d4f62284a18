package geo

import (
	"strconv"
	"strings"
	"sync"

	"github.com/newsgraph/newsgraph/data/gazetteer"
)

// Entry kinds, as written by tools/gazetteer.
const (
	KindCountry = 'N'
	KindAdmin1  = 'A'
	KindAdmin2  = 'B'
	KindFeature = 'X'
	KindCity    = 'P'
)

// Entry is one gazetteer record. IDs above zero are GeoNames ids; curated
// features and second-level units without one have negative ids.
type Entry struct {
	ID       int64
	Kind     byte
	Name     string
	Lat, Lon float64
	FCode    string
	Country  string // ISO 3166-1 alpha-2
	Admin1   string // GeoNames admin1 code
	Pop      int64
}

// FClass is the GeoNames feature class of the entry.
func (e *Entry) FClass() string {
	switch e.Kind {
	case KindCountry, KindAdmin1, KindAdmin2:
		return "A"
	case KindCity:
		return "P"
	}
	switch e.FCode {
	case "CONT", "RGN", "PEN", "AREA", "ISL", "ISLS", "DSRT", "VAL", "PCLH":
		return "L"
	case "SEA", "OCN", "GULF", "BAY", "STRT", "LK", "LKS", "STM", "CNL", "SWMP", "RF":
		return "H"
	case "MTS", "MT":
		return "T"
	case "PCLS":
		return "A"
	case "PPLA", "PPLX", "PPLH":
		return "P"
	}
	return "S"
}

// Gazetteer is the loaded, read-only index. It is safe for concurrent use.
type Gazetteer struct {
	Entries []Entry
	// names maps a normalised name to the head of its chain in refs; a
	// chain lists every entry the name can mean.
	names    *nameTable
	refs     []ref
	exact    map[string]bool  // short all-caps and dotted forms, case-sensitive ("US", "N.Y.")
	acro     map[string]int32 // those forms → chain head; they never match case-insensitively
	acroKeys []string         // the keys of acro, sorted
	country  map[string]int32 // cc → country entry
	admin1   map[string]int32 // "cc.code" → admin1 entry
	demonyms map[string]int32 // normalised demonym → entry
	maxWords int
	Header   string
}

// ref is one name → entry link; alt marks a match through an alternate name.
type ref struct {
	idx  int32
	next int32 // next ref of the same name, -1 at the end
	alt  bool
}

var (
	defOnce sync.Once
	defGaz  *Gazetteer
	defErr  error
)

// Default returns the embedded gazetteer, loading it on first use.
func Default() (*Gazetteer, error) {
	defOnce.Do(func() { defGaz, defErr = loadBytes(gazetteer.Data) })
	return defGaz, defErr
}

// lookupKey returns the chain head for a normalised key, -1 when none.
func (g *Gazetteer) lookupKey(k []byte) int32 {
	return g.names.get(k)
}

// lookupSurface returns the chain head for a name as written: exact
// acronym forms first, then the normalised key.
func (g *Gazetteer) lookupSurface(surface string, key []byte) int32 {
	if isAcronym(surface) {
		if h, ok := g.acro[surface]; ok {
			return h
		}
		if len(surface) <= 3 || strings.Contains(surface, ".") {
			return -1
		}
		// "LONDON", "CAIRO": headline capitals are names, not acronyms.
	}
	return g.lookupKey(key)
}

// Lookup returns the entries a name can mean, in gazetteer order.
func (g *Gazetteer) Lookup(name string) []*Entry {
	var out []*Entry
	for r := g.lookupSurface(name, normKey(nil, name)); r >= 0; r = g.refs[r].next {
		out = append(out, &g.Entries[g.refs[r].idx])
	}
	return out
}

// Country returns the country entry for an ISO code.
func (g *Gazetteer) Country(cc string) *Entry {
	if i, ok := g.country[cc]; ok {
		return &g.Entries[i]
	}
	return nil
}

// Admin1 returns a first-level region by country and GeoNames admin1 code.
func (g *Gazetteer) Admin1(cc, code string) *Entry {
	if i, ok := g.admin1[cc+"."+code]; ok {
		return &g.Entries[i]
	}
	return nil
}

// admin1Index returns the entry index of a first-level region, -1 when none.
func (g *Gazetteer) admin1Index(cc, code string) int32 {
	if i, ok := g.admin1[cc+"."+code]; ok {
		return i
	}
	return -1
}

// Len is the number of entries.
func (g *Gazetteer) Len() int { return len(g.Entries) }

// parseCoord parses the generator's fixed decimal coordinates ("-98.4242")
// faster than strconv; anything else falls back to strconv.
func parseCoord(s string) float64 {
	neg := false
	i := 0
	if i < len(s) && s[i] == '-' {
		neg, i = true, 1
	}
	var ip, fp, scale int64 = 0, 0, 1
	for ; i < len(s) && s[i] != '.'; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			v, _ := strconv.ParseFloat(s, 64)
			return v
		}
		ip = ip*10 + int64(c-'0')
	}
	if i < len(s) {
		for i++; i < len(s); i++ {
			c := s[i]
			if c < '0' || c > '9' || scale > 1e12 {
				v, _ := strconv.ParseFloat(s, 64)
				return v
			}
			fp = fp*10 + int64(c-'0')
			scale *= 10
		}
	}
	v := float64(ip) + float64(fp)/float64(scale)
	if neg {
		v = -v
	}
	return v
}
