package geo

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// loadTSV builds a gazetteer from the generator's TSV rows (the text form
// tools/gazetteer assembles before Compile turns it into the embedded
// binary). It runs when the file is generated and in tests, never at start-up.
func loadTSV(tsv []byte) (*Gazetteer, error) {
	g := &Gazetteer{demonyms: map[string]int32{}}
	type pend struct {
		idx int32
		alt bool
	}
	// Chains in insertion order; a name's first link to an entry wins (the
	// primary name before an alternate one).
	nameChains := map[string][]pend{}
	acroChains := map[string][]pend{}
	var nameOrder, acroOrder []string
	add := func(m map[string][]pend, order *[]string, k string, idx int32, alt bool) {
		c, ok := m[k]
		if !ok {
			*order = append(*order, k)
		}
		for _, p := range c {
			if p.idx == idx {
				return
			}
		}
		m[k] = append(c, pend{idx, alt})
	}
	addKey := func(name string, idx int32, alt bool) {
		if isAcronym(name) {
			// "ACT", "WA", "US": only the exact form matches, so the
			// words "act", "wa" and "us" never do.
			add(acroChains, &acroOrder, name, idx, alt)
			return
		}
		if k := normKey(nil, name); len(k) > 0 {
			add(nameChains, &nameOrder, string(k), idx, alt)
		}
	}
	type dem struct {
		names      []string
		cc, target string
	}
	var dems []dem
	sc := bufio.NewScanner(bytes.NewReader(tsv))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var cols [10]string
	for sc.Scan() {
		line := sc.Text()
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
		pop, _ := strconv.ParseInt(cols[8], 10, 64)
		e := Entry{ID: id, Kind: kind, Name: cols[2], Lat: parseCoord(cols[3]), Lon: parseCoord(cols[4]),
			FCode: cols[5], Country: cols[6], Admin1: cols[7], Pop: pop}
		idx := int32(len(g.Entries))
		g.Entries = append(g.Entries, e)
		addKey(e.Name, idx, false)
		if len(cols[9]) > 0 {
			for _, a := range strings.Split(cols[9], "|") {
				addKey(a, idx, true)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("geo: gazetteer: %w", err)
	}
	g.indexRegions()
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
	// Chains run newest link first, as the text loader built them.
	toRefs := func(order []string, m map[string][]pend) ([]string, [][]ref) {
		out := make([][]ref, len(order))
		for i, k := range order {
			c := m[k]
			rs := make([]ref, len(c))
			for j, p := range c {
				rs[len(c)-1-j] = ref{idx: p.idx, alt: p.alt}
			}
			out[i] = rs
		}
		return order, out
	}
	sort.Strings(acroOrder) // map order must not leak into the file
	nk, nc := toRefs(nameOrder, nameChains)
	ak, ac := toRefs(acroOrder, acroChains)
	g.setChains(nk, nc, ak, ac)
	return g, nil
}

// indexRegions fills the country and admin1 maps from the entries.
func (g *Gazetteer) indexRegions() {
	g.country = map[string]int32{}
	g.admin1 = map[string]int32{}
	for i := range g.Entries {
		e := &g.Entries[i]
		switch e.Kind {
		case KindCountry:
			if _, ok := g.country[e.Country]; !ok {
				g.country[e.Country] = int32(i)
			}
		case KindAdmin1:
			g.admin1[e.Country+"."+e.Admin1] = int32(i)
		}
	}
}
