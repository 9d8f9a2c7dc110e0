package rules

import (
	"bytes"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
	"unicode/utf8"
)

// plainAppendString is appendString without the fast path, byte by byte:
// the reference the fast one must match.
func plainAppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if isPlain(c) {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			dst = appendEscapedASCII(dst, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// plainAppendFloat is appendFloat without the fast path.
func plainAppendFloat(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, '0')
	}
	return strconv.AppendFloat(dst, f, 'g', -1, 64)
}

// alertScalars collects every string and float64 reachable from v.
func alertScalars(v reflect.Value, strs *[]string, floats *[]float64) {
	switch v.Kind() {
	case reflect.String:
		*strs = append(*strs, v.String())
	case reflect.Float64:
		*floats = append(*floats, v.Float())
	case reflect.Pointer:
		if !v.IsNil() {
			alertScalars(v.Elem(), strs, floats)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			alertScalars(v.Field(i), strs, floats)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			alertScalars(v.Index(i), strs, floats)
		}
	}
}

func checkString(t *testing.T, s string) {
	t.Helper()
	if got, want := appendString([]byte("x"), s), plainAppendString([]byte("x"), s); !bytes.Equal(got, want) {
		t.Errorf("appendString(%q) = %s, want %s", s, got, want)
	}
}

func checkFloat(t *testing.T, f float64) {
	t.Helper()
	if got, want := appendFloat([]byte("x"), f), plainAppendFloat([]byte("x"), f); !bytes.Equal(got, want) {
		t.Errorf("appendFloat(%v [%#x]) = %s, want %s", f, math.Float64bits(f), got, want)
	}
}

// TestScalarsFastPath compares the fast string and number encoders with
// the plain ones on every string and number of the alerts of 3000
// synthetic manifests (a third of them risky), on awkward strings and on
// numbers around the fast path's limits.
func TestScalarsFastPath(t *testing.T) {
	e := synthEngine(t)
	var strs []string
	var floats []float64
	n := 0
	for _, c := range synthCases(t, e, 7, 0.3, 3000, func(c *synthCase) bool { return len(c.r.Hits)+len(c.r.ShadowHits) > 0 }) {
		alertScalars(reflect.ValueOf(e.Alert(c.raw, c.m, c.en, c.r)), &strs, &floats)
		n++
	}
	if n < 500 {
		t.Fatalf("only %d synthetic alerts", n)
	}
	for _, s := range strs {
		checkString(t, s)
	}
	for _, f := range floats {
		checkFloat(t, f)
	}
	for _, s := range awkwardStrings() {
		checkString(t, s)
	}
	for _, f := range edgeFloats() {
		checkFloat(t, f)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		checkFloat(t, randomFloat(rng))
	}
	const alphabet = "aZ09 ,.\"\\\n\t\x00\x1f\x7f\x80\xbf\xc3\xa9\xe2\x80\xa8\xa9\xf0\x9f\x99\x82"
	for range 20000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		checkString(t, string(b))
	}
}

func awkwardStrings() []string {
	return []string{"", "plain", "exactly8", "sixteen bytes ok", `q"uote`, `back\slash`, "nl\n cr\r tab\t", "\x00\x01\x1f\x7f",
		"ünï 中文 🙂", "\u2028\u2029", "bad\xffutf8", "<&>", "1234567\"", "12345678\"", "1234567\xe2\x80\xa8 tail",
		"abcdefgh\xc3", "abcdefg\xc3", "\xe2\x80", "end with \\", "~\x7f\x80"}
}

// edgeFloats are numbers at and around the limits of appendFloat's fast
// path (1e-4, 1e6, four decimals) and special values.
func edgeFloats() []float64 {
	fs := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 0.95, 0.99, 96.29, 46052.21, 9700, 1e-4, 1e-5, 9.9999e-5,
		0.00015, 0.00005, 999999.9999, 999999.99995, 1e6, 1e6 - 1, 1e21, 123456.7891, 0.1 + 0.2, 1.0 / 3,
		math.MaxFloat64, math.SmallestNonzeroFloat64, math.NaN(), math.Inf(1), math.Inf(-1), 2.675, 1.0005, 4503599627370497}
	for _, f := range fs[:len(fs):len(fs)] {
		fs = append(fs, -f, math.Nextafter(f, math.Inf(1)), math.Nextafter(f, math.Inf(-1)))
	}
	return fs
}

// randomFloat returns a number of a few decimals, most of them in the
// fast path's range, or now and then any bit pattern.
func randomFloat(rng *rand.Rand) float64 {
	switch rng.IntN(4) {
	case 0:
		return math.Float64frombits(rng.Uint64())
	case 1:
		return float64(rng.Int64N(2e10)-1e10) / math.Pow10(rng.IntN(8))
	case 2:
		f := float64(rng.Int64N(1e10)) / 1e4
		return math.Nextafter(f, float64(rng.IntN(3)-1)*math.Inf(1))
	}
	return rng.Float64() * math.Pow10(rng.IntN(12)-5)
}

func FuzzAppendString(f *testing.F) {
	for _, s := range awkwardStrings() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkString(t, s) })
}

func FuzzAppendFloat(f *testing.F) {
	for _, x := range edgeFloats() {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, x float64) { checkFloat(t, x) })
}
