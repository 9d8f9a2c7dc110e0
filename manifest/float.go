package manifest

// exactPow10 holds the powers of ten that a float64 represents exactly.
var exactPow10 = [...]float64{
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
}

// maxExactMantissa bounds the integers a float64 represents exactly.
const maxExactMantissa = 1 << 53

// exactDecimal converts a decimal number -?d+(.d+)?([eE][+-]?d+)? whose
// digits, read as an integer m, give m < 2^53 and whose power of ten e is
// at most 22 in magnitude. Such m and 10^e are both exact float64 values,
// so one IEEE multiplication or division rounds m*10^e correctly: the
// result is the one strconv.ParseFloat returns (Clinger's fast path). ok is
// false for every other input, which the caller hands to strconv.
//
// Amounts, quantities and weights are almost always of this form
// ("19127.54"), and strconv's general parser costs several times more.
func exactDecimal(s string) (f float64, ok bool) {
	i, neg := 0, false
	if i < len(s) && s[i] == '-' {
		i, neg = i+1, true
	}
	var m uint64
	i, m, n := accumDigits(s, i, 0)
	if n == 0 {
		return 0, false
	}
	exp, nd := 0, n
	if i < len(s) && s[i] == '.' {
		if i, m, n = accumDigits(s, i+1, m); n == 0 {
			return 0, false
		}
		exp, nd = -n, nd+n
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		var e int
		if i, e, ok = smallExponent(s, i+1); !ok {
			return 0, false
		}
		exp += e
	}
	// 19 digits cannot overflow m; the bound on m does the rest.
	if i != len(s) || nd > 19 || m >= maxExactMantissa || exp < -22 || exp > 22 {
		return 0, false
	}
	f = float64(m)
	if exp >= 0 {
		f *= exactPow10[exp]
	} else {
		f /= exactPow10[-exp]
	}
	if neg {
		f = -f
	}
	return f, true
}

// accumDigits reads the decimal digits at s[i:] into m, stopping after 20
// of them (the caller then rejects the number), and returns the index
// after them, the new m and their count.
func accumDigits(s string, i int, m uint64) (int, uint64, int) {
	start := i
	for ; i < len(s) && i-start < 20; i++ {
		c := s[i] - '0'
		if c > 9 {
			break
		}
		m = m*10 + uint64(c)
	}
	return i, m, i - start
}

// smallExponent reads the exponent [+-]?d+ at s[i:]; ok is false when it
// is missing or has more than three digits.
func smallExponent(s string, i int) (end, e int, ok bool) {
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		if i-start == 3 {
			return i, 0, false
		}
		e = e*10 + int(s[i]-'0')
	}
	if i == start {
		return i, 0, false
	}
	if neg {
		e = -e
	}
	return i, e, true
}

// shortDecimal decodes the number at d.pos in one pass when it is a short
// decimal without exponent, -?(0|[1-9][0-9]*)(\.[0-9]+)? with fewer than 20
// digits, m < 2^53 and at most 22 after the point: the usual amount,
// quantity or weight. It moves d.pos past it and returns its value, the
// one number and parseFloat would return. ok is false, and d.pos
// unchanged, for anything else.
func (d *decoder) shortDecimal() (f float64, ok bool) {
	s, i := d.src, d.pos
	neg := i < len(s) && s[i] == '-'
	if neg {
		i++
	}
	var m uint64
	nd := 0
	switch {
	case i < len(s) && s[i] == '0':
		i, nd = i+1, 1
	case i < len(s) && s[i]-'1' < 9:
		for ; i < len(s) && s[i]-'0' < 10; i++ {
			m, nd = m*10+uint64(s[i]-'0'), nd+1
		}
	default:
		return 0, false
	}
	exp := 0
	if i < len(s) && s[i] == '.' {
		j := i + 1
		for ; j < len(s) && s[j]-'0' < 10; j++ {
			m, nd = m*10+uint64(s[j]-'0'), nd+1
		}
		if j == i+1 {
			return 0, false // a syntax error, which the general path reports
		}
		exp, i = i+1-j, j
	}
	// An exponent takes the general path, as do numbers whose digits may
	// have overflowed m (20 or more).
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') || nd > 19 || m >= maxExactMantissa || exp < -22 {
		return 0, false
	}
	if f = float64(m); exp != 0 {
		f /= exactPow10[-exp]
	}
	if neg {
		f = -f
	}
	d.pos = i
	return f, true
}
