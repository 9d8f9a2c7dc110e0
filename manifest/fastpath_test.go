package manifest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// Tests of the decoder's fast paths against the general code they skip.

// numberInputs returns values as they follow a key's colon: numbers of
// every shape JSON allows and some it does not, other types, white space
// first, followed by what usually comes next or by nothing.
func numberInputs() []string {
	var vals []string
	for _, v := range []string{"1", "7", "9", "10", "99", "100", "123456789", "1234567890", "999999999",
		"9999999999", "99999999999999999999", "0", "00", "01", "-1", "-0", "1.0", "1.5", "1e2", "1E2", "1.e", "1.", "2.5e-3",
		"19127.54", "0.5", "-0.0", "9007199254740993", "1e400", "-", "+1", ".5", `"25"`, `" 25 "`,
		`"-1"`, `""`, `"x"`, "null", "nul", "true", "[1]", "{}", " 1", "\t7", "x", ""} {
		for _, after := range []string{"", ",", "}", " ", ",\"unit\":\"kg\"}", "x", "0", ".", "e", "E", "-"} {
			vals = append(vals, v+after)
		}
	}
	return vals
}

// checkLineNumber compares lineNumber with numberValue and parseLine:
// when it takes a number, they must give the same line and position.
func checkLineNumber(t *testing.T, s string) {
	t.Helper()
	d := decoder{src: s}
	n, ok := d.lineNumber()
	if !ok {
		checkDeclined(t, "lineNumber", s, &d, true)
		return
	}
	w := decoder{src: s}
	tok, wok, err := w.numberValue("")
	if err != nil || !wok {
		t.Fatalf("lineNumber(%q) = %d, numberValue: %q, %v, %v", s, n, tok, wok, err)
	}
	if want, err := parseLine(tok); err != nil || n != want || d.pos != w.pos {
		t.Fatalf("lineNumber(%q) = %d at %d, numberValue and parseLine %d, %v at %d", s, n, d.pos, want, err, w.pos)
	}
}

func TestLineNumber(t *testing.T) {
	for _, s := range numberInputs() {
		checkLineNumber(t, s)
	}
	taken := 0
	for _, s := range []string{"1,", "7}", "123456789 ", "42,\"description\":\"x\""} {
		d := decoder{src: s}
		if _, ok := d.lineNumber(); ok {
			taken++
		}
	}
	if taken != 4 {
		t.Errorf("lineNumber took %d of 4 usual line numbers", taken)
	}
}

func FuzzLineNumber(f *testing.F) {
	for _, s := range []string{"1,", "123456789}", "0,", "1.5,", "1234567890,", "-1,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkLineNumber(t, s) })
}

// checkAmountValue compares amountValue with amountValueSlow: the same
// value bits, error and position.
func checkAmountValue(t *testing.T, s string) {
	t.Helper()
	d, w := decoder{src: s}, decoder{src: s}
	f, err := d.amountValue("p")
	wf, werr := w.amountValueSlow("p")
	if math.Float64bits(f) != math.Float64bits(wf) || fmt.Sprint(err) != fmt.Sprint(werr) || d.pos != w.pos {
		t.Fatalf("amountValue(%q) = %v, %v at %d; amountValueSlow %v, %v at %d", s, f, err, d.pos, wf, werr, w.pos)
	}
}

func TestAmountValue(t *testing.T) {
	for _, s := range numberInputs() {
		checkAmountValue(t, s)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 100000 {
		checkAmountValue(t, numberish(r, "0123456789.-eE+,}\" n", 3))
	}
}

func FuzzAmountValue(f *testing.F) {
	for _, s := range []string{"19127.54,", "0}", "-0", "1e3", `"25"`, "null", " 5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkAmountValue(t, s) })
}
