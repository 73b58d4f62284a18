package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"math/bits"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NormWords returns the words of s after NFKC, case folding, and dropping
// punctuation and whitespace: the normalised form both dedup keys hash.
// A word is a run of letters, digits or marks; each Han, Hiragana or
// Katakana character is a word of its own, since CJK has no spaces.
func NormWords(s string) []string {
	s = strings.ToLower(norm.NFKC.String(s))
	out := make([]string, 0, len(s)/6+1) // about a word per 6 bytes of prose
	start := -1
	for i, r := range s {
		var cjk, w bool
		if r < utf8.RuneSelf { // the common case, without range-table lookups
			w = r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z'
		} else {
			cjk = unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
			w = !cjk && (unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r))
		}
		if !w && start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
		if cjk {
			out = append(out, string(r))
		} else if w && start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// Hash is the exact-copy key: hex of the first 128 bits of SHA-256 over the
// normalised words joined by single spaces. Copies that differ only in case,
// punctuation or spacing share it.
func Hash(s string) string { return hashWords(NormWords(s)) }

func hashWords(ws []string) string {
	n := len(ws)
	for _, w := range ws {
		n += len(w)
	}
	b := make([]byte, 0, n) // the words joined by spaces, in one allocation
	for i, w := range ws {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, w...)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// SimHash is the near-copy key: a 64-bit Charikar SimHash over word
// 3-shingles of the normalised words (FNV-1a 64 per shingle, equal weights),
// as 16 hex digits. Texts of fewer than three words hash their words whole.
// Near copies differ in few bits: compare with Hamming.
func SimHash(s string) string { return simHashWords(NormWords(s)) }

func simHashWords(ws []string) string {
	// Per bit, the number of shingle hashes with it set, counted eight bits
	// at a time: acc[k] holds eight 8-bit lanes for bits 8k..8k+7, flushed
	// into cnt before a lane can overflow. Bit i is set in the result when
	// more than half the hashes have it (Charikar's sum of ±1 is positive).
	var cnt [64]int
	var acc [8]uint64
	n, pending := 0, 0
	flush := func() {
		for k := range acc {
			for j := 0; j < 8; j++ {
				cnt[8*k+j] += int(acc[k] >> (8 * j) & 0xff)
			}
			acc[k] = 0
		}
		pending = 0
	}
	add := func(x uint64) {
		for k := range acc {
			acc[k] += spreadByte[byte(x>>(8*k))]
		}
		n++
		if pending++; pending == 255 {
			flush()
		}
	}
	switch {
	case len(ws) == 0:
		return "0000000000000000"
	case len(ws) < 3:
		add(fnv64a(fnvOffset, strings.Join(ws, " ")))
	default:
		// FNV-1a over "w1 w2 w3" without building the string.
		for i := 0; i+3 <= len(ws); i++ {
			h := fnv64a(fnvOffset, ws[i])
			h = fnv64a(h, " ")
			h = fnv64a(h, ws[i+1])
			h = fnv64a(h, " ")
			add(fnv64a(h, ws[i+2]))
		}
	}
	flush()
	var x uint64
	for i := 0; i < 64; i++ {
		if 2*cnt[i] > n {
			x |= 1 << uint(i)
		}
	}
	return fmtHex64(x)
}

// spreadByte[b] has byte lane j set to bit j of b.
var spreadByte = func() (t [256]uint64) {
	for b := range t {
		for j := 0; j < 8; j++ {
			t[b] |= uint64(b>>j&1) << (8 * j)
		}
	}
	return t
}()

const fnvOffset = 14695981039346656037

// fnv64a continues FNV-1a 64 from h over s (start with fnvOffset).
func fnv64a(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func fmtHex64(x uint64) string {
	s := strconv.FormatUint(x, 16)
	return strings.Repeat("0", 16-len(s)) + s
}

// Hamming returns the number of differing bits between two SimHash keys, or
// -1 when either is not a 16-digit hex number.
func Hamming(a, b string) int {
	x, err1 := strconv.ParseUint(a, 16, 64)
	y, err2 := strconv.ParseUint(b, 16, 64)
	if err1 != nil || err2 != nil || len(a) != 16 || len(b) != 16 {
		return -1
	}
	return bits.OnesCount64(x ^ y)
}
