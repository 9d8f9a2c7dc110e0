package manifest

import (
	"testing"

	"github.com/precursorwatch/precursor/internal/swar"
)

// TestStringStopsAgreesWithByteClass: the word-at-a-time scan of str
// (internal/swar, tested there on every byte at every position) stops at
// exactly the bytes the byte class table says end a plain string run.
func TestStringStopsAgreesWithByteClass(t *testing.T) {
	for c := range 256 {
		w := string([]byte{byte(c), 'a', 'a', 'a', 'a', 'a', 'a', 'a'})
		got := swar.StringStops(swar.Load64(w, 0))&0x80 != 0
		if want := byteClass[c]&classString != 0; got != want {
			t.Errorf("byte %#x: swar.StringStops flags it %v, the byte class table %v", c, got, want)
		}
	}
}
