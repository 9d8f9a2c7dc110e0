package manifest

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestDecodeUTF8 checks that invalid UTF-8 anywhere is reported as such,
// with the offset of the first invalid byte, before any other problem,
// although the scanner checks the encoding only inside strings; and that
// valid multi-byte characters decode everywhere they may appear.
func TestDecodeUTF8(t *testing.T) {
	const event = `{"shipment_id":"S@","event_time":"2026-01-01T00:00:00Z","x@":["@",{"y":"\n@"}],` +
		`"shipper":{"name":"A@ B","address":"\u00e9@"},"origin":{"country":"CN@"},` +
		`"items":[{"description":"d@ \"q\" @","unit":"kg@"}]}@ `
	inserts := []string{"\xff", "\xc3", "\xc3(", "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf",
		"é", "€", "𝄞", "\ufffd", "\xef\xbf\xbd"}
	marks := strings.Count(event, "@")
	for _, ins := range inserts {
		for k := 0; k < marks; k++ {
			// Put ins at mark k, and nothing at the others.
			n := -1
			var b strings.Builder
			for _, part := range strings.SplitAfter(event, "@") {
				if strings.HasSuffix(part, "@") {
					n++
					part = strings.TrimSuffix(part, "@")
					if n == k {
						part += ins
					}
				}
				b.WriteString(part)
			}
			data := []byte(b.String())
			m, err := Decode(data)
			if !utf8.Valid(data) {
				want := "invalid UTF-8 at byte offset " + strconv.Itoa(invalidUTF8At(data))
				if KindOf(err) != KindEncoding || err.Error() != want {
					t.Errorf("%q: got %v, want %s", data, err, want)
				}
				checkOwned(t, data, nil, err)
				continue
			}
			checkDecodeResult(t, data, m, err)
		}
	}
}
