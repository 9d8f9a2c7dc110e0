package rules

import (
	"math"
	"math/bits"
	"strconv"
	"unicode/utf8"

	"github.com/precursorwatch/precursor/internal/swar"
)

// The JSON scalars of an alert: strings, numbers and times. The string
// and number encoders have fast paths for the common case (an ASCII
// string with nothing to escape, a number with few decimals);
// BenchmarkAlertSynth measures them and alert_json_scalar_test.go compares
// them with the plain encoders (strconv, a byte-wise escaper) on every
// string and number of thousands of synthetic alerts and under fuzzing.

// appendFloat writes f in the shortest form that round-trips
// (strconv.AppendFloat with 'g' and precision -1); non-finite values
// (never produced by scoring) are written as 0 to keep JSON valid.
func appendFloat(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, '0')
	}
	if f == 0 && !math.Signbit(f) {
		return append(dst, '0')
	}
	if a := math.Abs(f); a >= 1e-4 && a < 1e6 {
		if n := math.Round(a * 1e4); n/1e4 == a {
			if f < 0 {
				dst = append(dst, '-')
			}
			return appendDecimal4(dst, uint64(n))
		}
	}
	return strconv.AppendFloat(dst, f, 'g', -1, 64)
}

// appendDecimal4 writes n/10⁴ with its trailing zeros (and a bare point)
// left out. For 1e-4 <= f < 1e6 with f == n/1e4 (a correctly rounded
// division of exact integers: the decimal n/10⁴ parses back to f), this is
// what strconv writes with 'g' and precision -1: no other decimal of as
// few digits lies within f's rounding interval (it would differ from
// n/10⁴ by at least 10⁻⁴, far more than f's ulp, at most 1.2e-10), and
// 'g' keeps plain notation for decimal exponents -4 to 5.
func appendDecimal4(dst []byte, n uint64) []byte {
	dst = strconv.AppendUint(dst, n/10000, 10)
	frac := n % 10000
	if frac == 0 {
		return dst
	}
	digits := [4]byte{byte('0' + frac/1000), byte('0' + frac/100%10), byte('0' + frac/10%10), byte('0' + frac%10)}
	k := 4
	for digits[k-1] == '0' {
		k--
	}
	dst = append(dst, '.')
	return append(dst, digits[:k]...)
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string: quotes, backslashes and control
// characters escaped, invalid UTF-8 replaced by U+FFFD, U+2028/U+2029
// escaped for JavaScript consumers. A string with nothing to escape (the
// usual one) is found so eight bytes at a time and copied at once.
func appendString(dst []byte, s string) []byte {
	i := plainPrefix(s)
	dst = append(dst, '"')
	if i == len(s) {
		dst = append(dst, s...)
		return append(dst, '"')
	}
	return appendStringFrom(dst, s, i)
}

// plainPrefix is the length of the longest prefix of s that appendString
// copies as it is.
func plainPrefix(s string) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if m := swar.StringStops(swar.Load64(s, i)); m != 0 {
			return i + trailingZeroBytes(m)
		}
	}
	if rest := len(s) - i; rest > 0 && len(s) >= 8 {
		// The last eight bytes, the first 8-rest of them checked above
		// (and clean, so they cannot flag a byte above them).
		if m := swar.StringStops(swar.Load64(s, len(s)-8)) >> ((8 - rest) * 8); m != 0 {
			return i + trailingZeroBytes(m)
		}
		return len(s)
	}
	for i < len(s) && isPlain(s[i]) {
		i++
	}
	return i
}

// appendStringFrom writes the rest of the JSON string s, whose opening
// quote is written, from i, the first byte that is not plain.
func appendStringFrom(dst []byte, s string, i int) []byte {
	start := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			dst = appendEscapedASCII(dst, c)
			i++
			start = i
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				dst = append(dst, s[start:i]...)
				dst = append(dst, `\ufffd`...)
				start = i + size
			case r == '\u2028' || r == '\u2029':
				dst = append(dst, s[start:i]...)
				dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
				start = i + size
			}
			i += size
		}
		i += plainPrefix(s[i:])
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// isPlain reports whether c is copied as it is: printable ASCII other
// than '"' and '\\'.
func isPlain(c byte) bool { return c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf }

// trailingZeroBytes is the index of the lowest flagged byte of a mask.
func trailingZeroBytes(m uint64) int { return bits.TrailingZeros64(m) / 8 }

// appendEscapedASCII writes the escape of an ASCII byte that is not plain.
func appendEscapedASCII(dst []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(dst, '\\', c)
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	return append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}
