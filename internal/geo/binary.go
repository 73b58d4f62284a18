package geo

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime/debug"
	"sort"
	"strings"
	"unsafe"

	"github.com/klauspost/compress/zstd"
)

// The embedded gazetteer is a zstd frame holding one little-endian blob of
// fixed-width columns. Everything a lookup needs is precomputed by Compile,
// including the name hash table, so loading is one decompression plus
// linear passes: no parsing, no hashing, no per-name allocation. Strings
// (names, keys) are views into the decompressed blob.
//
// Layout after the magic: the header line; counts and the table size; the
// fcode, country and admin1 code tables; entry columns (id, kind, name
// length, lat, lon in 1e-4 degrees, fcode, cc, admin1 indexes, population)
// and the names; the name keys' lengths, chain lengths and text; the
// acronym keys with their chain lengths; the entry index of every ref,
// chain after chain, then their alternate-name flags; the demonyms. Ids,
// coordinates and ref indexes are stored as differences from the previous
// value.
const binMagic = "NGGAZ2\x00\x00"

// Names hash into 2^bits buckets by FNV-1a. Keys are stored in the order
// the entries first use them, which compresses far better than hash order;
// perm lists the keys bucket by bucket, and is rebuilt at load by one
// counting sort.
type nameTable struct {
	arena  string
	off    []uint32 // key i is arena[off[i]:off[i+1]]
	heads  []int32  // key i's chain starts at refs[heads[i]]
	perm   []uint32 // key indexes grouped by bucket
	bucket []uint32 // bucket b holds perm[bucket[b]] ... perm[bucket[b+1]-1]
	shift  uint
}

func fnv1a(k []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range k {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

func fnv1aString(k string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(k); i++ {
		h ^= uint64(k[i])
		h *= 1099511628211
	}
	return h
}

// index builds perm and bucket for the keys in arena/off.
func (t *nameTable) index(bits uint) {
	n := len(t.off) - 1
	t.shift = 64 - bits
	t.bucket = make([]uint32, 1<<bits+1)
	hb := make([]uint32, n)
	for i := 0; i < n; i++ {
		b := uint32(fnv1aString(t.arena[t.off[i]:t.off[i+1]]) >> t.shift)
		hb[i] = b
		t.bucket[b+1]++
	}
	for b := 1; b < len(t.bucket); b++ {
		t.bucket[b] += t.bucket[b-1]
	}
	fill := append([]uint32(nil), t.bucket[:len(t.bucket)-1]...)
	t.perm = make([]uint32, n)
	for i, b := range hb {
		t.perm[fill[b]] = uint32(i)
		fill[b]++
	}
}

// get returns the chain head for a normalised key, -1 when absent.
func (t *nameTable) get(k []byte) int32 {
	if t == nil || len(t.bucket) == 0 {
		return -1
	}
	b := fnv1a(k) >> t.shift
	for _, i := range t.perm[t.bucket[b]:t.bucket[b+1]] {
		if string(k) == t.arena[t.off[i]:t.off[i+1]] {
			return t.heads[i]
		}
	}
	return -1
}

func (t *nameTable) len() int { return len(t.heads) }

// tableBits is the bucket count's log2 for n keys: about one key a bucket.
func tableBits(n int) uint {
	b := uint(4)
	for 1<<b < n {
		b++
	}
	return b
}

// setChains lays out the refs (each name's chain contiguous, newest link
// first) and the name table, keeping the names in the order given.
func (g *Gazetteer) setChains(nameKeys []string, nameChains [][]ref, acroKeys []string, acroChains [][]ref) {
	t := &nameTable{off: make([]uint32, 0, len(nameKeys)+1), heads: make([]int32, 0, len(nameKeys))}
	var arena strings.Builder
	g.refs = g.refs[:0]
	g.maxWords = 0
	link := func(c []ref) int32 {
		head := int32(len(g.refs))
		for j, r := range c {
			r.next = -1
			if j+1 < len(c) {
				r.next = head + int32(j) + 1
			}
			g.refs = append(g.refs, r)
		}
		return head
	}
	for i, k := range nameKeys {
		t.off = append(t.off, uint32(arena.Len()))
		arena.WriteString(k)
		t.heads = append(t.heads, link(nameChains[i]))
		if w := 1 + strings.Count(k, " "); w > g.maxWords {
			g.maxWords = w
		}
	}
	t.off = append(t.off, uint32(arena.Len()))
	t.arena = arena.String()
	t.index(tableBits(len(nameKeys)))
	g.names = t
	g.acro = make(map[string]int32, len(acroKeys))
	g.exact = make(map[string]bool, len(acroKeys))
	g.acroKeys = acroKeys
	for i, k := range acroKeys {
		g.acro[k] = link(acroChains[i])
		g.exact[k] = true
	}
}

// Compile turns the generator's TSV rows into the embedded binary form. The
// output depends only on the input.
func Compile(tsv []byte) ([]byte, error) {
	g, err := loadTSV(tsv)
	if err != nil {
		return nil, err
	}
	raw, err := g.encode()
	if err != nil {
		return nil, err
	}
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBestCompression), zstd.WithEncoderConcurrency(1),
		zstd.WithWindowSize(8<<20), zstd.WithEncoderCRC(true))
	if err != nil {
		return nil, err
	}
	defer enc.Close()
	return enc.EncodeAll(raw, nil), nil
}

type binWriter struct{ b []byte }

func (w *binWriter) u8(v uint8)   { w.b = append(w.b, v) }
func (w *binWriter) u16(v uint16) { w.b = binary.LittleEndian.AppendUint16(w.b, v) }
func (w *binWriter) u32(v uint32) { w.b = binary.LittleEndian.AppendUint32(w.b, v) }
func (w *binWriter) u64(v uint64) { w.b = binary.LittleEndian.AppendUint64(w.b, v) }
func (w *binWriter) str(s string) { w.u32(uint32(len(s))); w.b = append(w.b, s...) }

// coordE4 is a coordinate in 1e-4 degrees; ok is false when decoding it
// would not give back exactly v (the generator writes four decimals).
func coordE4(v float64) (int32, bool) {
	q := int32(math.Round(v * 1e4))
	return q, decodeCoord(q) == v
}

// decodeCoord computes what parseCoord computes from the decimal text, so
// both forms of the file load to the same bits.
func decodeCoord(q int32) float64 {
	a := int64(q)
	if a < 0 {
		a = -a
	}
	v := float64(a/10000) + float64(a%10000)/10000
	if q < 0 {
		v = -v
	}
	return v
}

func (g *Gazetteer) encode() ([]byte, error) {
	w := &binWriter{}
	w.b = append(w.b, binMagic...)
	w.str(g.Header)
	// Small code tables, in first-use order.
	tabs := [3]map[string]int{{}, {}, {}}
	var lists [3][]string
	for i := range g.Entries {
		e := &g.Entries[i]
		for c, s := range [3]string{e.FCode, e.Country, e.Admin1} {
			if _, ok := tabs[c][s]; !ok {
				tabs[c][s] = len(lists[c])
				lists[c] = append(lists[c], s)
			}
		}
	}
	if len(lists[0]) > 255 || len(lists[1]) > 65535 || len(lists[2]) > 65535 {
		return nil, errors.New("geo: gazetteer: code tables too large")
	}
	n := len(g.Entries)
	w.u32(uint32(n))
	w.u32(uint32(g.names.len()))
	w.u32(uint32(len(g.acroKeys)))
	w.u32(uint32(len(g.refs)))
	w.u32(uint32(len(g.demonymKeys())))
	w.u8(uint8(64 - g.names.shift))

	w.u8(uint8(g.maxWords))
	for _, l := range lists {
		w.u32(uint32(len(l)))
		for _, s := range l {
			w.str(s)
		}
	}
	// Sorted and clustered columns are stored as differences from the
	// previous value, which compresses several times better.
	prev := uint32(0)
	for i := range g.Entries {
		id := g.Entries[i].ID
		if id != int64(int32(id)) {
			return nil, fmt.Errorf("geo: gazetteer: id %d out of range", id)
		}
		w.u32(uint32(int32(id)) - prev)
		prev = uint32(int32(id))
	}
	for i := range g.Entries {
		w.u8(g.Entries[i].Kind)
	}
	for i := range g.Entries {
		if len(g.Entries[i].Name) > 65535 {
			return nil, errors.New("geo: gazetteer: name too long")
		}
		w.u16(uint16(len(g.Entries[i].Name)))
	}
	for _, lon := range []bool{false, true} {
		prev := uint32(0)
		for i := range g.Entries {
			v := g.Entries[i].Lat
			if lon {
				v = g.Entries[i].Lon
			}
			q, ok := coordE4(v)
			if !ok {
				return nil, fmt.Errorf("geo: gazetteer: coordinate %v of %q is not a 4-decimal value", v, g.Entries[i].Name)
			}
			w.u32(uint32(q) - prev)
			prev = uint32(q)
		}
	}
	for i := range g.Entries {
		w.u8(uint8(tabs[0][g.Entries[i].FCode]))
	}
	for i := range g.Entries {
		w.u16(uint16(tabs[1][g.Entries[i].Country]))
	}
	for i := range g.Entries {
		w.u16(uint16(tabs[2][g.Entries[i].Admin1]))
	}
	for i := range g.Entries {
		w.u64(uint64(g.Entries[i].Pop))
	}
	for i := range g.Entries {
		w.b = append(w.b, g.Entries[i].Name...)
	}
	t := g.names
	chainLen := func(head int32) int {
		n := 1
		for r := head; g.refs[r].next >= 0; r = g.refs[r].next {
			n++
		}
		return n
	}
	for i := 0; i < t.len(); i++ {
		l := t.off[i+1] - t.off[i]
		if l > 65535 {
			return nil, errors.New("geo: gazetteer: key too long")
		}
		w.u16(uint16(l))
	}
	for i := 0; i < t.len(); i++ {
		w.u32(uint32(chainLen(t.heads[i])))
	}
	w.b = append(w.b, t.arena...)
	for _, k := range g.acroKeys {
		w.str(k)
		w.u32(uint32(chainLen(g.acro[k])))
	}
	prev = 0
	for _, r := range g.refs {
		w.u32(uint32(r.idx) - prev)
		prev = uint32(r.idx)
	}
	for _, r := range g.refs {
		if r.alt {
			w.u8(1)
		} else {
			w.u8(0)
		}
	}
	for _, k := range g.demonymKeys() {
		w.str(k)
		w.u32(uint32(g.demonyms[k]))
	}
	return w.b, nil
}

// demonymKeys lists the demonym keys in a fixed order.
func (g *Gazetteer) demonymKeys() []string {
	ks := make([]string, 0, len(g.demonyms))
	for k := range g.demonyms {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

var errCorrupt = errors.New("geo: gazetteer: corrupt file")

// binReader reads the blob; any read past the end sets bad and returns
// zeros, so decode checks once per section rather than per value.
type binReader struct {
	b   []byte
	p   int
	bad bool
}

func (r *binReader) take(n int) []byte {
	if n < 0 || n > len(r.b)-r.p {
		r.bad = true
		r.p = len(r.b)
		return nil
	}
	s := r.b[r.p : r.p+n : r.p+n]
	r.p += n
	return s
}

func (r *binReader) u8() uint8 {
	if s := r.take(1); s != nil {
		return s[0]
	}
	return 0
}

func (r *binReader) u32() uint32 {
	if s := r.take(4); s != nil {
		return binary.LittleEndian.Uint32(s)
	}
	return 0
}

// str returns a view of the blob, not a copy.
func (r *binReader) str() string {
	n := int(r.u32())
	s := r.take(n)
	if len(s) == 0 {
		return ""
	}
	return unsafe.String(&s[0], len(s))
}

// view is a string over the blob bytes.
func view(s []byte) string {
	if len(s) == 0 {
		return ""
	}
	return unsafe.String(&s[0], len(s))
}

// Load reads a gazetteer file as written by Compile.
func Load(r io.Reader) (*Gazetteer, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("geo: gazetteer: %w", err)
	}
	return loadBytes(src)
}

func loadBytes(src []byte) (*Gazetteer, error) {
	// The load allocates about 65 MB that all stays live: a collection
	// during it would only rescan the entries already built (about a third
	// of the load's CPU time in a fresh process), so it is put off until
	// the index is done.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	// A decoder per load, closed after it, keeps no buffers alive.
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(1<<30))
	if err != nil {
		return nil, err
	}
	defer dec.Close()
	var size uint64
	var h zstd.Header
	if h.Decode(src) == nil && h.HasFCS && h.FrameContentSize < 1<<30 {
		size = h.FrameContentSize
	}
	raw, err := dec.DecodeAll(src, make([]byte, 0, size))
	if err != nil {
		return nil, fmt.Errorf("geo: gazetteer: %w", err)
	}
	return decode(raw)
}

// decode builds the index over a decompressed blob, checking every count
// and index against the blob so that a damaged file is an error, not a panic.
func decode(raw []byte) (*Gazetteer, error) {
	r := &binReader{b: raw}
	if string(r.take(len(binMagic))) != binMagic {
		return nil, errCorrupt
	}
	g := &Gazetteer{}
	g.Header = r.str()
	n := int(r.u32())
	nKeys := int(r.u32())
	nAcro := int(r.u32())
	nRefs := int(r.u32())
	nDem := int(r.u32())
	bits := uint(r.u8())
	g.maxWords = int(r.u8())
	// Each entry, key and ref takes at least one byte: this bounds the
	// allocations below by the blob's size.
	if r.bad || n > len(raw) || nKeys > len(raw) || nAcro > len(raw) || nRefs > len(raw) || nDem > len(raw) ||
		bits < 4 || bits > 30 || 1<<bits > len(raw) {
		return nil, errCorrupt
	}
	var lists [3][]string
	for c := range lists {
		m := int(r.u32())
		if m > len(raw) {
			return nil, errCorrupt
		}
		lists[c] = make([]string, m)
		for i := range lists[c] {
			lists[c][i] = r.str()
		}
	}
	ids := r.take(4 * n)
	kinds := r.take(n)
	nlens := r.take(2 * n)
	lats := r.take(4 * n)
	lons := r.take(4 * n)
	fcs := r.take(n)
	ccs := r.take(2 * n)
	a1s := r.take(2 * n)
	pops := r.take(8 * n)
	if r.bad {
		return nil, errCorrupt
	}
	le := binary.LittleEndian
	g.Entries = make([]Entry, n)
	var id, lat, lon uint32
	for i := range g.Entries {
		e := &g.Entries[i]
		nl := int(le.Uint16(nlens[2*i:]))
		e.Name = view(r.take(nl))
		fc, cc, a1 := int(fcs[i]), int(le.Uint16(ccs[2*i:])), int(le.Uint16(a1s[2*i:]))
		if fc >= len(lists[0]) || cc >= len(lists[1]) || a1 >= len(lists[2]) {
			return nil, errCorrupt
		}
		id += le.Uint32(ids[4*i:])
		lat += le.Uint32(lats[4*i:])
		lon += le.Uint32(lons[4*i:])
		e.ID = int64(int32(id))
		e.Kind = kinds[i]
		e.Lat = decodeCoord(int32(lat))
		e.Lon = decodeCoord(int32(lon))
		e.FCode, e.Country, e.Admin1 = lists[0][fc], lists[1][cc], lists[2][a1]
		e.Pop = int64(le.Uint64(pops[8*i:]))
	}
	klens := r.take(2 * nKeys)
	clens := r.take(4 * nKeys)
	if r.bad {
		return nil, errCorrupt
	}
	t := &nameTable{off: make([]uint32, nKeys+1), heads: make([]int32, nKeys)}
	total := uint64(0)
	for i := 0; i < nKeys; i++ {
		total += uint64(le.Uint16(klens[2*i:]))
		t.off[i+1] = uint32(total)
	}
	arena := r.take(int(total))
	if r.bad || total > uint64(len(raw)) {
		return nil, errCorrupt
	}
	t.arena = view(arena)
	t.index(bits)
	g.refs = make([]ref, nRefs)
	next := 0
	// chain lays out a chain of l refs from next; false when out of range.
	chain := func(l int) (int32, bool) {
		if l < 1 || l > nRefs-next {
			return 0, false
		}
		head := int32(next)
		for j := 0; j < l; j++ {
			g.refs[next].next = int32(next + 1)
			next++
		}
		g.refs[next-1].next = -1
		return head, true
	}
	var ok bool
	for i := 0; i < nKeys; i++ {
		if t.heads[i], ok = chain(int(le.Uint32(clens[4*i:]))); !ok {
			return nil, errCorrupt
		}
	}
	g.names = t
	g.acro = make(map[string]int32, nAcro)
	g.exact = make(map[string]bool, nAcro)
	g.acroKeys = make([]string, nAcro)
	for i := 0; i < nAcro; i++ {
		k := r.str()
		h, ok := chain(int(r.u32()))
		if r.bad || !ok {
			return nil, errCorrupt
		}
		g.acroKeys[i] = k
		g.acro[k] = h
		g.exact[k] = true
	}
	if next != nRefs {
		return nil, errCorrupt
	}
	rs := r.take(4 * nRefs)
	alts := r.take(nRefs)
	if r.bad {
		return nil, errCorrupt
	}
	var idx uint32
	for i := range g.refs {
		idx += le.Uint32(rs[4*i:])
		if idx >= uint32(n) {
			return nil, errCorrupt
		}
		g.refs[i].idx, g.refs[i].alt = int32(idx), alts[i] == 1
	}
	g.demonyms = make(map[string]int32, nDem)
	for i := 0; i < nDem; i++ {
		k := r.str()
		v := r.u32()
		if r.bad || int(v) >= n {
			return nil, errCorrupt
		}
		g.demonyms[k] = int32(v)
	}
	if r.p != len(raw) {
		return nil, errCorrupt
	}
	g.indexRegions()
	return g, nil
}
