package manifest

import (
	"strings"
	"testing"
)

// checkTrimSpace compares trimSpace with strings.TrimSpace, which it
// must equal on any input: its fast path only skips the call.
func checkTrimSpace(t *testing.T, s string) {
	t.Helper()
	if got, want := trimSpace(s), strings.TrimSpace(s); got != want {
		t.Fatalf("trimSpace(%q) = %q, want %q", s, got, want)
	}
}

// TestTrimSpace tries every byte at either end of a value, alone and
// around a middle part, and the Unicode spaces TrimSpace removes.
func TestTrimSpace(t *testing.T) {
	for _, mid := range []string{"", "x", " ", "a b", "\u00a0", "\u2028"} {
		for a := range 256 {
			for _, b := range []int{a, ' ', 'z', '\t', 0x7f, 0x80, 0xc2, 0xa0} {
				checkTrimSpace(t, string(rune(a))+mid+string(rune(b)))
				checkTrimSpace(t, string([]byte{byte(a)})+mid+string([]byte{byte(b)}))
			}
		}
	}
	for _, s := range []string{"", "\u0085x\u0085", "\u00a0Acme\u00a0", "\u3000x", "x\u3000", "\v\f", "~\x7f"} {
		checkTrimSpace(t, s)
	}
}

// FuzzTrimSpace compares trimSpace with strings.TrimSpace on any input.
func FuzzTrimSpace(f *testing.F) {
	f.Add(" Acme ")
	f.Add("Acme\u00a0")
	f.Add("\x7fA")
	f.Fuzz(func(t *testing.T, s string) { checkTrimSpace(t, s) })
}
