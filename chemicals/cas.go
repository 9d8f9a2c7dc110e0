package chemicals

// CAS registry numbers have the form NNNNNNN-NN-N: two to seven digits, two
// digits, and a check digit. The check digit is the sum of the other digits,
// each multiplied by its position counted from the right (1, 2, 3, ...),
// modulo 10.

// ParseCAS reports whether s is shaped like a CAS number (2–7 digits, '-',
// 2 digits, '-', 1 digit) and, if so, returns its check digit as written and
// the check digit its other digits call for. It does not allocate.
func ParseCAS(s string) (got, want byte, ok bool) {
	n := len(s)
	if n < 7 || n > 12 || s[n-2] != '-' || s[n-5] != '-' {
		return 0, 0, false
	}
	sum, pos := 0, 1
	for i := n - 3; i >= 0; i-- {
		if i == n-5 {
			continue
		}
		c := s[i]
		if c < '0' || c > '9' {
			return 0, 0, false
		}
		sum += int(c-'0') * pos
		pos++
	}
	if pos-1 < 4 { // at least 2+2 digits before the check digit
		return 0, 0, false
	}
	got = s[n-1]
	if got < '0' || got > '9' {
		return 0, 0, false
	}
	return got, byte('0' + sum%10), true
}

// ValidCAS reports whether s is a well-formed CAS number with a correct
// check digit.
func ValidCAS(s string) bool {
	got, want, ok := ParseCAS(s)
	return ok && got == want
}
