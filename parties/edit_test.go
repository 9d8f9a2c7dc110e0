package parties

import (
	"testing"

	"github.com/hbollon/go-edlib"
)

func TestOneEdit(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"shuokang", "shuokang", false}, {"shuokang", "shoukang", true}, {"shuokang", "shuokan", true},
		{"shuokang", "shuokangg", true}, {"shuokang", "shuokbng", true}, {"shuokang", "suokanga", false},
		{"senria", "senira", true}, {"ab", "ba", true}, {"abc", "ca", false}, {"", "a", true}, {"", "", false},
	} {
		if got := oneEdit(tc.a, tc.b); got != tc.want {
			t.Errorf("oneEdit(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// FuzzOneEdit checks the hand-written test against the library's
// optimal-string-alignment distance on ASCII (normalised tokens are ASCII).
func FuzzOneEdit(f *testing.F) {
	f.Add("shuokang", "shoukang")
	f.Add("abc", "acb")
	f.Fuzz(func(t *testing.T, a, b string) {
		if !ascii(a) || !ascii(b) || len(a) > 40 || len(b) > 40 {
			return
		}
		want := edlib.OSADamerauLevenshteinDistance(a, b) == 1
		if got := oneEdit(a, b); got != want {
			t.Fatalf("oneEdit(%q, %q) = %v, library distance says %v", a, b, got, want)
		}
	})
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// BenchmarkOneEdit compares the one-pass test with the library's distance
// on the pairs the matcher checks: the hand-written test exists because of
// this measurement (see docs/parties.md).
func BenchmarkOneEdit(b *testing.B) {
	pairs := [][2]string{{"shuokang", "shoukang"}, {"rencheng", "renchang"}, {"tengyue", "tenyue"}, {"xiaoli", "xiaolin"}}
	b.Run("hand", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			p := pairs[i%len(pairs)]
			_ = oneEdit(p[0], p[1])
		}
	})
	b.Run("edlib", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			p := pairs[i%len(pairs)]
			_ = edlib.OSADamerauLevenshteinDistance(p[0], p[1]) == 1
		}
	})
}

// BenchmarkHashTable compares the index's open-addressing table with a Go
// map on the same hashes: the reason the table exists.
func BenchmarkHashTable(b *testing.B) {
	const n = 100_000
	t := newHashTable(n)
	m := make(map[uint64]uint32, n)
	keys := make([]uint64, n)
	for i := range keys {
		keys[i] = fnv64(string(rune(i)) + "key")
		t.put(keys[i], uint32(i))
		m[keys[i]] = uint32(i)
	}
	b.Run("table", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_, _ = t.get(keys[i%n] ^ uint64(i&1)) // half present, half absent
		}
	})
	b.Run("map", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_, _ = m[keys[i%n]^uint64(i&1)]
		}
	})
}
