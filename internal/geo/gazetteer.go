package geo

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
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
	// chain lists every entry the name can mean. Keys are substrings of one
	// arena string, which keeps loading to a few large allocations.
	names    *nameTable
	refs     []ref
	exact    map[string]bool  // short all-caps and dotted forms, case-sensitive ("US", "N.Y.")
	acro     map[string]int32 // those forms → chain head; they never match case-insensitively
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
	defOnce.Do(func() { defGaz, defErr = Load(bytes.NewReader(gazetteer.Data)) })
	return defGaz, defErr
}

// Load reads a gazetteer file (gzip TSV as written by tools/gazetteer).
func Load(r io.Reader) (*Gazetteer, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("geo: gazetteer: %w", err)
	}
	// Decompression runs beside parsing: a goroutine hands over
	// line-aligned chunks, each copied once into a string so that names are
	// substrings of it (no per-row allocations).
	chunks := make(chan string, 8)
	errc := make(chan error, 1)
	go func() {
		defer close(chunks)
		buf := make([]byte, 0, 2<<20)
		tmp := make([]byte, 256<<10)
		for {
			n, err := zr.Read(tmp)
			buf = append(buf, tmp[:n]...)
			if err == io.EOF {
				if len(buf) > 0 {
					chunks <- string(buf)
				}
				errc <- nil
				return
			}
			if err != nil {
				errc <- err
				return
			}
			if len(buf) >= 1<<20 {
				if i := bytes.LastIndexByte(buf, '\n'); i >= 0 {
					chunks <- string(buf[:i+1])
					buf = append(buf[:0], buf[i+1:]...)
				}
			}
		}
	}()
	const nrows = 240000 // capacity hint; the file has about 230k rows
	g := &Gazetteer{
		exact:    map[string]bool{},
		acro:     map[string]int32{},
		country:  map[string]int32{},
		admin1:   map[string]int32{},
		demonyms: map[string]int32{},
	}
	g.Entries = make([]Entry, 0, nrows)
	type pending struct {
		key [2]int32 // offsets into the key arena
		idx int32
		alt bool
	}
	keys := make([]byte, 0, 10<<20)
	g.refs = make([]ref, 0, nrows*3)
	pend := make([]pending, 0, nrows*3)
	type dem struct {
		names  []string
		cc     string
		target string
	}
	var dems []dem
	var cols [10]string
	// Rows come clustered by country, so a one-slot cache per column interns
	// the short code columns without a map.
	var last [3]string
	in := func(c int, s string) string {
		if last[c] != s {
			last[c] = s
		}
		return last[c]
	}
	addKey := func(name string, idx int32, alt bool) {
		if isAcronym(name) {
			// "ACT", "WA", "US": only the exact form matches, so the
			// words "act", "wa" and "us" never do.
			head, ok := g.acro[name]
			if !ok {
				head = -1
			}
			if !dupRef(g.refs, head, idx) {
				g.refs = append(g.refs, ref{idx: idx, next: head, alt: alt})
				g.acro[name] = int32(len(g.refs) - 1)
			}
			g.exact[name] = true
			return
		}
		st := len(keys)
		keys = normKey(keys, name)
		if len(keys) == st {
			return
		}
		pend = append(pend, pending{[2]int32{int32(st), int32(len(keys))}, idx, alt})
	}
	for raw := range chunks {
		for rest := raw; len(rest) > 0; {
			var line string
			if i := strings.IndexByte(rest, '\n'); i >= 0 {
				line, rest = rest[:i], rest[i+1:]
			} else {
				line, rest = rest, ""
			}
			if len(line) == 0 {
				continue
			}
			if line[0] == '#' {
				g.Header = line
				continue
			}
			n := 0
			for n < 9 {
				i := strings.IndexByte(line, '\t')
				if i < 0 {
					break
				}
				cols[n], line = line[:i], line[i+1:]
				n++
			}
			cols[n] = line
			if n != 9 || len(cols[1]) != 1 {
				go func() {
					for range chunks {
					}
				}()
				return nil, errors.New("geo: gazetteer: malformed row")
			}
			kind := cols[1][0]
			if kind == 'D' {
				d := dem{cc: cols[6], target: cols[7], names: []string{cols[2]}}
				if len(cols[9]) > 0 {
					d.names = append(d.names, strings.Split(cols[9], "|")...)
				}
				dems = append(dems, d)
				continue
			}
			id, _ := strconv.ParseInt(cols[0], 10, 64)
			lat := parseCoord(cols[3])
			lon := parseCoord(cols[4])
			pop, _ := strconv.ParseInt(cols[8], 10, 64)
			e := Entry{ID: id, Kind: kind, Name: cols[2], Lat: lat, Lon: lon,
				FCode: in(0, cols[5]), Country: in(1, cols[6]), Admin1: in(2, cols[7]), Pop: pop}
			idx := int32(len(g.Entries))
			g.Entries = append(g.Entries, e)
			switch kind {
			case KindCountry:
				if _, ok := g.country[e.Country]; !ok {
					g.country[e.Country] = idx
				}
			case KindAdmin1:
				g.admin1[e.Country+"."+e.Admin1] = idx
			}
			addKey(e.Name, idx, false)
			for alts := cols[9]; len(alts) > 0; {
				i := strings.IndexByte(alts, '|')
				var a string
				if i < 0 {
					a, alts = alts, ""
				} else {
					a, alts = alts[:i], alts[i+1:]
				}
				addKey(a, idx, true)
			}
		}
	}
	if err := <-errc; err != nil {
		for range chunks {
		}
		return nil, fmt.Errorf("geo: gazetteer: %w", err)
	}
	arena := string(keys)
	g.names = newNameTable(arena, len(pend))
	for _, p := range pend {
		head, added := g.names.slot(p.key[0], p.key[1])
		if added {
			if w := 1 + strings.Count(arena[p.key[0]:p.key[1]], " "); w > g.maxWords {
				g.maxWords = w
			}
		} else if dupRef(g.refs, *head, p.idx) {
			continue
		}
		g.refs = append(g.refs, ref{idx: p.idx, next: *head, alt: p.alt})
		*head = int32(len(g.refs) - 1)
	}
	byName := map[string]int32{}
	for i := range g.Entries {
		e := &g.Entries[i]
		if e.Kind == KindFeature || e.Kind == KindCountry || e.Kind == KindAdmin1 {
			if _, ok := byName[e.Name]; !ok {
				byName[e.Name] = int32(i)
			}
		}
	}
	for _, d := range dems {
		var t int32 = -1
		if d.cc != "" {
			if c, ok := g.country[d.cc]; ok {
				t = c
			}
		} else if c, ok := byName[d.target]; ok {
			t = c
		}
		if t < 0 {
			continue
		}
		for _, n := range d.names {
			g.demonyms[string(normKey(nil, n))] = t
		}
	}
	return g, nil
}

func dupRef(refs []ref, head, idx int32) bool {
	for r := head; r >= 0; r = refs[r].next {
		if refs[r].idx == idx {
			return true
		}
	}
	return false
}

// lookupKey returns the chain head for a normalised key, -1 when none.
func (g *Gazetteer) lookupKey(k []byte) int32 {
	return g.names.get(string(k))
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
