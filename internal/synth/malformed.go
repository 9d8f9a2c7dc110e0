package synth

import (
	"bytes"
	"strconv"
)

// defect turns a well-formed manifest into bad input of one kind. It returns
// the changed bytes (reusing b) and whether it applied.
type defect struct {
	name  string
	apply func(g *Generator, b []byte) ([]byte, bool)
}

// defects are the kinds of bad input a consumer must dead-letter rather than
// crash on or skip silently.
var defects = []defect{
	{"invalid-json", (*Generator).truncate},
	{"missing-shipment-id", removeField("shipment_id")},
	{"missing-event-time", removeField("event_time")},
	{"bad-hs-code", badHS},
	{"invalid-utf8", invalidUTF8},
	{"unsupported-version", wrongVersion},
}

// Defects lists the names of the malformed scenarios.
func Defects() []string {
	out := make([]string, len(defects))
	for i, d := range defects {
		out[i] = d.name
	}
	return out
}

// malform applies a random defect to b; it falls back to truncation, which
// always applies.
func (g *Generator) malform(b []byte) ([]byte, string) {
	d := defects[g.rng.IntN(len(defects))]
	if out, ok := d.apply(g, b); ok {
		return out, d.name
	}
	out, _ := g.truncate(b)
	return out, defects[0].name
}

// truncate cuts the JSON short, as a broken producer or a torn write would.
func (g *Generator) truncate(b []byte) ([]byte, bool) {
	return b[:1+g.rng.IntN(len(b)-2)], true
}

// removeField deletes the top-level string field key and its value.
func removeField(key string) func(*Generator, []byte) ([]byte, bool) {
	needle := []byte(`,"` + key + `":"`)
	return func(_ *Generator, b []byte) ([]byte, bool) {
		i := bytes.Index(b, needle)
		if i < 0 {
			return b, false
		}
		j := bytes.IndexByte(b[i+len(needle):], '"')
		if j < 0 {
			return b, false
		}
		end := i + len(needle) + j + 1
		return append(b[:i], b[end:]...), true
	}
}

// badHS replaces the first HS code with one that has letters in it.
func badHS(g *Generator, b []byte) ([]byte, bool) {
	needle := []byte(`"hs_code":"`)
	i := bytes.Index(b, needle)
	if i < 0 {
		return b, false
	}
	start := i + len(needle)
	j := bytes.IndexByte(b[start:], '"')
	bad := pick(g.rng, []string{"29AB.39", "HS-CODE", "2933.3X", "n/a"})
	return spliceBytes(b, start, start+j, bad), true
}

// invalidUTF8 puts bytes that are not UTF-8 (a Latin-1 "é" and a stray
// continuation byte) into the first item description.
func invalidUTF8(_ *Generator, b []byte) ([]byte, bool) {
	needle := []byte(`"description":"`)
	i := bytes.Index(b, needle)
	if i < 0 {
		return b, false
	}
	at := i + len(needle)
	return spliceBytes(b, at, at, "caf\xe9 \x80"), true
}

// wrongVersion declares a schema version this decoder does not know.
func wrongVersion(_ *Generator, b []byte) ([]byte, bool) {
	prefix := []byte(`{"schema_version":`)
	if !bytes.HasPrefix(b, prefix) {
		return b, false
	}
	end := len(prefix)
	for end < len(b) && b[end] >= '0' && b[end] <= '9' {
		end++
	}
	return spliceBytes(b, len(prefix), end, strconv.Itoa(99)), true
}

// spliceBytes replaces b[i:j] with s.
func spliceBytes(b []byte, i, j int, s string) []byte {
	out := make([]byte, 0, len(b)-(j-i)+len(s))
	out = append(out, b[:i]...)
	out = append(out, s...)
	return append(out, b[j:]...)
}
