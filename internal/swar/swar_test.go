package swar

import (
	"math/bits"
	"math/rand/v2"
	"testing"
)

// stops is the byte-at-a-time form of StringStops.
func stops(c byte) bool { return c == '"' || c == '\\' || c < 0x20 || c > 0x7f }

// TestStringStops checks the lowest flag of StringStops against stops, for
// every byte value at every position and for random words.
func TestStringStops(t *testing.T) {
	check := func(w [8]byte) {
		first := 8
		for k, c := range w {
			if stops(c) {
				first = k
				break
			}
		}
		got := 8
		if m := StringStops(Load64(string(w[:]), 0)); m != 0 {
			got = bits.TrailingZeros64(m) / 8
		}
		if got != first {
			t.Fatalf("StringStops(%q): first stop at %d, want %d", w[:], got, first)
		}
	}
	for c := range 256 {
		for k := range 8 {
			w := [8]byte{'a', 'b', 'c', 'd', 'z', '~', ' ', '!'}
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

func TestLoad64(t *testing.T) {
	if got, want := Load64("xx\x01\x02\x03\x04\x05\x06\x07\x08", 2), uint64(0x0807060504030201); got != want {
		t.Errorf("Load64 = %#x, want %#x", got, want)
	}
}
