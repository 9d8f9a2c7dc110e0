package manifest

import (
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/precursorwatch/precursor/internal/swar"
)

// TestStopsString checks the word-at-a-time scan of str against the byte
// class table: the lowest flagged byte must be the first one that stops a
// plain string run, and no flag must be set when none does.
func TestStopsString(t *testing.T) {
	check := func(w [8]byte) {
		first := 8
		for k, c := range w {
			if byteClass[c]&classString != 0 {
				first = k
				break
			}
		}
		m := swar.StringStops(swar.Load64(string(w[:]), 0))
		got := 8
		if m != 0 {
			got = bits.TrailingZeros64(m) / 8
		}
		if got != first {
			t.Fatalf("swar.StringStops(%q): first stop at %d, want %d", w[:], got, first)
		}
	}
	for c := 0; c < 256; c++ {
		for k := 0; k < 8; k++ {
			w := [8]byte{'a', 'b', 0xc3, 0xa9, 'z', '~', 0x7f, 0xff}
			w[k] = byte(c)
			check(w)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		var w [8]byte
		for k := range w {
			w[k] = byte(r.Uint32())
		}
		check(w)
	}
}
