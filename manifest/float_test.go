package manifest

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// checkExactDecimal checks exactDecimal against strconv.ParseFloat: when
// the fast path takes s, it must return the very bits strconv returns.
func checkExactDecimal(t *testing.T, s string) (taken bool) {
	t.Helper()
	f, ok := exactDecimal(s)
	if !ok {
		return false
	}
	want, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("exactDecimal(%q) = %v, strconv fails: %v", s, f, err)
	}
	if math.Float64bits(f) != math.Float64bits(want) {
		t.Fatalf("exactDecimal(%q) = %v (%#x), strconv %v (%#x)", s, f, math.Float64bits(f), want, math.Float64bits(want))
	}
	return true
}

func TestExactDecimal(t *testing.T) {
	for _, tc := range []struct {
		in    string
		taken bool
	}{
		{"0", true}, {"-0", true}, {"-0.0e5", true}, {"1", true}, {"19127.54", true},
		{"103226.18", true}, {"0.1", true}, {"0.3", true}, {"1E+2", true}, {"0.5E-1", true},
		{"123456789012345", true}, {"9007199254740991", true},
		{"0.000000000000000001", true}, {"2.5e22", true}, {"1e22", true}, {"1e-22", true}, {"-12.5", true}, {"123.456e-19", true},
		{"9007199254740992", false},       // 2^53: not below the bound
		{"12345678901234567890", false},   // more than 19 digits
		{"1e23", false},                   // power of ten not exact
		{"1.5e-23", false},                // nor here
		{"1e0001", false},                 // exponent of four digits
		{"1.7976931348623157e308", false}, // strconv's job
		{"1e400", false}, {"", false}, {"-", false}, {"1.", false}, {".5", false}, {"1e", false},
		{"1e+", false}, {"+1", false}, {"0x10", false}, {"1_0", false}, {"Inf", false}, {"NaN", false},
		{"1.5x", false}, {"1 ", false}, {"--1", false}, {"1.0.0", false},
		{"0.000000000000000000001", false}, // 22 digits
	} {
		if got := checkExactDecimal(t, tc.in); got != tc.taken {
			t.Errorf("exactDecimal(%q): fast path taken %v, want %v", tc.in, got, tc.taken)
		}
	}
}

// TestExactDecimalRandom compares the fast path with strconv on random
// short decimals, of the kind filers send and of every other shape.
func TestExactDecimalRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	taken := 0
	for range 200000 {
		var s string
		switch r.IntN(4) {
		case 0: // two decimals, as in amounts
			s = strconv.FormatFloat(float64(r.IntN(1e9))/100, 'f', 2, 64)
		case 1: // shortest form of a random float
			s = strconv.FormatFloat(r.Float64()*math.Pow(10, float64(r.IntN(30)-10)), 'g', -1, 64)
		case 2: // random digits, point and exponent
			s = strconv.FormatUint(r.Uint64()>>r.IntN(64), 10)
			if k := r.IntN(len(s) + 1); k > 0 && k < len(s) {
				s = s[:k] + "." + s[k:]
			}
			if r.IntN(2) == 0 {
				s += "e" + strconv.Itoa(r.IntN(60)-30)
			}
		default: // long mantissas near 2^53
			s = strconv.FormatUint(maxExactMantissa-8+uint64(r.IntN(16)), 10)
		}
		if r.IntN(3) == 0 {
			s = "-" + s
		}
		if checkExactDecimal(t, s) {
			taken++
		}
	}
	if taken < 100000 {
		t.Errorf("fast path taken for only %d of 200000 inputs", taken)
	}
}

// FuzzExactDecimal checks the fast path against strconv on any input.
func FuzzExactDecimal(f *testing.F) {
	for _, s := range []string{"19127.54", "-0", "1e22", "123456789012345.6", "0.5E-1", "9007199254740993"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkExactDecimal(t, s) })
}

// checkShortDecimal checks decoder.shortDecimal at the start of s against
// scanNumber followed by exactDecimal: when it takes the number, it must
// end where scanNumber ends and give the bits exactDecimal gives.
func checkShortDecimal(t *testing.T, s string) (taken bool) {
	t.Helper()
	d := decoder{src: s}
	f, ok := d.shortDecimal()
	if !ok {
		checkDeclined(t, "shortDecimal", s, &d, true)
		return false
	}
	end, valid := scanNumber(s, 0)
	if !valid || end != d.pos {
		t.Fatalf("shortDecimal(%q) ends at %d, scanNumber at %d (valid %v)", s, d.pos, end, valid)
	}
	want, exact := exactDecimal(s[:end])
	if !exact || math.Float64bits(f) != math.Float64bits(want) {
		t.Fatalf("shortDecimal(%q) = %v, exactDecimal %v (exact %v)", s, f, want, exact)
	}
	return true
}

func TestShortDecimal(t *testing.T) {
	for _, tc := range []struct {
		in    string
		taken bool
	}{
		{"19127.54,", true}, {"0}", true}, {"-0", true}, {"-0.0", true}, {"01", true}, {"0.5e", false},
		{"1.5E3", false}, {"1.", false}, {"1.}", false}, {"-", false}, {"-x", false}, {".5", false},
		{"+1", false}, {"9007199254740991", true}, {"9007199254740992", false},
		{"0.000000000000000001", true}, {"0.0000000000000000001", false}, {"1.0000000000000000000", false},
		{"123456789.123456789", false}, // 2^53 or more
		{"12345678901234567890123", false}, {"100000000000000000000000000000.5", false}, {"", false},
	} {
		if got := checkShortDecimal(t, tc.in); got != tc.taken {
			t.Errorf("shortDecimal(%q): taken %v, want %v", tc.in, got, tc.taken)
		}
	}
	r := rand.New(rand.NewPCG(11, 12))
	for range 200000 {
		checkShortDecimal(t, numberish(r, "0123456789.-eE+,}] x", 4))
	}
}

// numberish returns 1 to 24 random bytes of chars, which begins with the
// ten digits: mostly digits, and any of chars one time in oneIn.
func numberish(r *rand.Rand, chars string, oneIn int) string {
	b := make([]byte, 1+r.IntN(24))
	for i := range b {
		if r.IntN(oneIn) == 0 {
			b[i] = chars[r.IntN(len(chars))]
		} else {
			b[i] = chars[r.IntN(10)]
		}
	}
	return string(b)
}

// FuzzShortDecimal checks the one-pass decimal against the two-pass one on
// any input.
func FuzzShortDecimal(f *testing.F) {
	for _, s := range []string{"19127.54,", "-0.0}", "01", "1.5e3", "9007199254740993"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkShortDecimal(t, s) })
}
