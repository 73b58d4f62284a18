package store

import (
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"math/bits"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/doc"
)

// ContentKey is a document's identity in every store: a hash of its source
// id and its content (the ingest content hash when the source set one, else
// the text). Putting the same input twice meets on the same key and stores
// it once; the same text under another id (a syndicated copy, a reprint) is
// a document of its own whose stories join the first copy's duplicate
// cluster, so copies are counted, never dropped.
func ContentKey(d *doc.Doc) string {
	h := sha256.New()
	h.Write([]byte(d.ID))
	h.Write([]byte{0})
	if d.Meta.ContentHash != "" {
		h.Write([]byte(d.Meta.ContentHash))
	} else {
		h.Write([]byte{1})
		h.Write([]byte(d.Text))
	}
	return hex.EncodeToString(h.Sum(nil)[:20])
}

// StoryRow is the backend-neutral form of one story to store: the Doc's
// stories, or one implicit story over the whole text when the Doc has no
// stories layer (so every document is searchable).
type StoryRow struct {
	Index     int // index in Doc.Stories; 0 for the implicit story
	Start     int
	End       int
	Text      string
	Headline  string
	Kicker    string
	Truncated bool
	Language  string
	Implicit  bool
	Hash      string // exact-copy key
	SimHash   uint64 // near-copy key; 0 means none (too short to compare)
	HasSim    bool
}

// StoryRows returns the stories of d to store, with dedup keys filled in
// where the extract stage left them empty.
func StoryRows(d *doc.Doc) []StoryRow {
	if len(d.Stories) == 0 {
		if d.Has(doc.LayerStories) || strings.TrimSpace(d.Text) == "" {
			return nil
		}
		r := StoryRow{Start: 0, End: len(d.Text), Text: d.Text, Headline: d.Meta.Title, Language: d.Meta.Language, Implicit: true}
		r.Hash = TextHash(r.Text)
		r.SimHash, r.HasSim = SimHash(r.Text)
		r.HasSim = r.HasSim && enoughWords(r.Text)
		return []StoryRow{r}
	}
	out := make([]StoryRow, 0, len(d.Stories))
	for i, s := range d.Stories {
		r := StoryRow{Index: i, Start: s.Start, End: s.End, Text: s.Text, Truncated: s.Truncated, Language: s.Language, Hash: s.Hash}
		if r.Text == "" && s.Start >= 0 && s.End <= len(d.Text) && s.Start < s.End {
			r.Text = d.Text[s.Start:s.End]
		}
		if s.Headline != nil {
			r.Headline = s.Headline.Text
		} else if i == 0 {
			r.Headline = d.Meta.Title
		}
		if s.Kicker != nil {
			r.Kicker = s.Kicker.Text
		}
		if r.Language == "" {
			r.Language = d.Meta.Language
		}
		if r.Hash == "" {
			r.Hash = TextHash(r.Text)
		}
		if v, err := strconv.ParseUint(s.SimHash, 16, 64); err == nil && s.SimHash != "" {
			r.SimHash, r.HasSim = v, v != 0
		} else {
			r.SimHash, r.HasSim = SimHash(r.Text)
		}
		if r.HasSim && !enoughWords(r.Text) {
			r.HasSim = false
		}
		out = append(out, r)
	}
	return out
}

// MinSimWords is the fewest words a story needs for near-copy matching: a
// SimHash over a handful of shingles is too coarse, and short formulaic
// items (dividend notices of different companies that differ in one
// date) would cluster by accident.
const MinSimWords = 25

func enoughWords(s string) bool {
	n, in := 0, false
	for _, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r)
		if w && !in {
			n++
			if n >= MinSimWords {
				return true
			}
		}
		in = w
	}
	return false
}

// TextHash is the fallback exact-copy key: SHA-256 over the hashes of the
// lower-cased words of the text, so spacing and punctuation differences do
// not count.
func TextHash(s string) string {
	h := sha256.New()
	var buf []byte
	forWords(s, func(w uint64) {
		buf = binary.LittleEndian.AppendUint64(buf, w)
		if len(buf) >= 512 {
			h.Write(buf)
			buf = buf[:0]
		}
	})
	h.Write(buf)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// SimHash is the fallback near-copy key: a 64-bit SimHash over word
// 3-shingles. ok is false when the text has too few words to compare.
func SimHash(s string) (v uint64, ok bool) {
	// Each word is hashed once (FNV-1a over its lower-cased runes); a
	// shingle's hash mixes its three word hashes.
	var words []uint64
	forWords(s, func(h uint64) { words = append(words, h) })
	const k = 3
	if len(words) < k+2 {
		return 0, false
	}
	var acc [64]int32
	for i := 0; i+k <= len(words); i++ {
		x := mix(mix(words[i]) ^ words[i+1]*0x9e3779b97f4a7c15 ^ words[i+2]*0xc2b2ae3d27d4eb4f)
		for b := 0; b < 64; b++ {
			acc[b] += int32(x>>b&1)*2 - 1
		}
	}
	for b := 0; b < 64; b++ {
		if acc[b] > 0 {
			v |= 1 << b
		}
	}
	return v, true
}

// mix is the splitmix64 finaliser.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// forWords calls f with the FNV-1a hash of each lower-cased word (a run of
// letters and digits) of s.
func forWords(s string, f func(uint64)) {
	const offset, prime = 14695981039346656037, 1099511628211
	h, in := uint64(offset), false
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			} else if !('a' <= r && r <= 'z' || '0' <= r && r <= '9') {
				if in {
					f(h)
					h, in = offset, false
				}
				continue
			}
		} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
			r = unicode.ToLower(r)
		} else {
			if in {
				f(h)
				h, in = offset, false
			}
			continue
		}
		in = true
		for x := uint32(r); ; x >>= 8 {
			h = (h ^ uint64(x&0xff)) * prime
			if x < 0x100 {
				break
			}
		}
	}
	if in {
		f(h)
	}
}

// Near-duplicate search parameters: SimHashes within MaxHamming bits are
// near copies. Splitting the 64 bits into Bands bands of 16 guarantees, by
// pigeonhole, that two hashes within 3 bits agree exactly on at least one
// band, so an exact index on (band, value) finds every candidate.
const (
	MaxHamming = 3
	Bands      = 4
	BandBits   = 64 / Bands
)

// Band returns band b (0..Bands-1) of a SimHash.
func Band(v uint64, b int) uint16 { return uint16(v >> (uint(b) * BandBits)) }

// Hamming is the number of differing bits.
func Hamming(a, b uint64) int { return bits.OnesCount64(a ^ b) }

// PickCopy reads the candidate rows of a story's copy lookup, each
// (id, cluster, simhash or NULL, exact), with the exact copy first when
// there is one, and returns the cluster the story joins: the exact copy's,
// else the closest near copy's within MaxHamming bits of v (the lowest id
// on ties, so the result is deterministic). ok is false with no copy.
func PickCopy(rows Rows, v uint64) (cluster int64, kind string, dist int, ok bool, err error) {
	best, bestID := MaxHamming+1, int64(0)
	for rows.Next() {
		var id, cl int64
		var sim sql.NullInt64
		var exact bool
		if err := rows.Scan(&id, &cl, &sim, &exact); err != nil {
			return 0, "", 0, false, err
		}
		if exact {
			return cl, DupExact, 0, true, nil
		}
		if !sim.Valid {
			continue
		}
		h := Hamming(uint64(sim.Int64), v)
		if h < best || (h == best && id < bestID) {
			best, bestID, cluster = h, id, cl
		}
	}
	if err := rows.Err(); err != nil {
		return 0, "", 0, false, err
	}
	if best > MaxHamming {
		return 0, "", 0, false, nil
	}
	return cluster, DupNear, best, true, nil
}
