package number

import (
	"strings"
	"testing"
)

func BenchmarkFindOnes(b *testing.B) {
	s := strings.Repeat("one ", 2000)
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		Find(Scan(s), Opts{ScaleAbbrev: true})
	}
}
