// Package swar holds the word-at-a-time byte tests ("SIMD within a
// register") that the manifest decoder and the alert encoder share: eight
// bytes of a string read as one little-endian word, and the test for the
// bytes that end the plain run of a JSON string.
package swar

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// Load64 returns the eight bytes of s at i as a little-endian word.
func Load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// StringStops returns a mask with the high bit set in each byte of w (read
// as little-endian) that cannot stand as it is in the plain run of a JSON
// string: '"', '\\', a control character (below 0x20) or a byte above 0x7f
// (the start or continuation of a multi-byte character, which the callers
// check or escape); zero if there is none.
//
// (x-ones*n)&^x&highs flags the bytes of x below n (n <= 0x80), and it can
// wrongly flag a byte only above a correctly flagged one, through the
// borrow, so the lowest flag is always exact: callers use the lowest one.
func StringStops(w uint64) uint64 {
	q := w ^ (ones * '"')
	b := w ^ (ones * '\\')
	lt := (w - ones*0x20) &^ w
	zq := (q - ones) &^ q
	zb := (b - ones) &^ b
	return (lt | zq | zb | w) & highs
}
