package manifest

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The functions in this file validate and normalise one field value each.
// They return errors without a path; the decoder adds it. Both the fast
// decoder and the encoding/json reference decoder in the tests use them, so
// the two cannot drift apart.

func normShipmentID(s string) (string, error) {
	s = trimSpace(s)
	if s == "" {
		return "", invalid("", "required, must not be empty")
	}
	n := 0
	for i := 0; i < len(s); n++ {
		if c := s[i]; c >= ' ' && c < 0x7f {
			i++ // printable ASCII, the usual case
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsPrint(r) {
			return "", invalid("", "non-printable character "+strconv.QuoteRune(r))
		}
		i += size
	}
	if n > MaxShipmentIDLen {
		return "", invalid("", "longer than "+strconv.Itoa(MaxShipmentIDLen)+" characters")
	}
	return s, nil
}

// eventTypeOf returns the event type of a lower-cased name. A switch
// compiles to length and byte comparisons, cheaper than a map lookup.
func eventTypeOf(b []byte) (EventType, bool) {
	switch string(b) {
	case "filed":
		return EventFiled, true
	case "amended":
		return EventAmended, true
	case "cancelled":
		return EventCancelled, true
	}
	return "", false
}

func normEventType(s string) (EventType, error) {
	var buf [16]byte
	// Without white space first: the usual value, and TrimSpace costs a call.
	if t, ok := eventTypeOf(lowerASCII(buf[:0], s)); ok {
		return t, nil
	}
	if t, ok := eventTypeOf(lowerASCII(buf[:0], strings.TrimSpace(s))); ok {
		return t, nil
	}
	return "", invalid("", "unknown event type "+strconv.Quote(s)+" (want filed, amended or cancelled)")
}

// modeOf returns the mode of a lower-cased name.
func modeOf(b []byte) (Mode, bool) {
	switch string(b) {
	case "ocean":
		return ModeOcean, true
	case "air":
		return ModeAir, true
	case "express":
		return ModeExpress, true
	case "postal":
		return ModePostal, true
	case "truck":
		return ModeTruck, true
	case "rail":
		return ModeRail, true
	}
	return "", false
}

func normMode(s string) (Mode, error) {
	var buf [16]byte
	if m, ok := modeOf(lowerASCII(buf[:0], s)); ok {
		return m, nil // as in normEventType
	}
	if m, ok := modeOf(lowerASCII(buf[:0], strings.TrimSpace(s))); ok {
		return m, nil
	}
	return "", invalid("", "unknown mode "+strconv.Quote(s)+" (want ocean, air, express, postal, truck or rail)")
}

// Event times must fall in these years, counted in UTC.
const (
	minEventYear = 1900
	maxEventYear = 9999
)

func normEventTime(s string) (time.Time, error) {
	t, ok := eventTimeUTC(s)
	if !ok {
		var err error
		if t, err = time.Parse(time.RFC3339, s); err != nil {
			return time.Time{}, invalid("", "not an RFC 3339 time: "+strconv.Quote(s))
		}
		t = t.UTC()
	}
	// An offset can move a time across a year boundary; years outside this
	// window are typing errors, and JSON cannot carry them back out anyway.
	if y := t.Year(); y < minEventYear || y > maxEventYear {
		return time.Time{}, invalid("", "year "+strconv.Itoa(y)+" (UTC) is outside "+
			strconv.Itoa(minEventYear)+"-"+strconv.Itoa(maxEventYear)+": "+strconv.Quote(s))
	}
	return t, nil
}

func normCountry(s string) (string, error) {
	c, ok := countries.lookup(s) // as in normEventType
	if !ok {
		c, ok = countries.lookup(strings.TrimSpace(s))
	}
	if !ok {
		return "", invalid("", "unknown ISO 3166-1 code "+strconv.Quote(s))
	}
	return c, nil
}

// normLocode accepts "CNSHA", "cnsha" or "CN SHA": two letters that form an
// assigned country code, then three letters or digits 2-9.
func normLocode(s string) (string, error) {
	t := trimSpace(s)
	if len(t) == 6 && t[2] == ' ' {
		t = t[:2] + t[3:]
	}
	if len(t) != 5 {
		return "", badLocode(s)
	}
	cc, ok := countries.lookup(t[:2])
	if !ok {
		return "", invalid("", "UN/LOCODE "+strconv.Quote(s)+" does not start with an ISO 3166-1 code")
	}
	upper := true
	for i := 2; i < 5; i++ {
		c := t[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= '2' && c <= '9':
		case c >= 'a' && c <= 'z':
			upper = false
		default:
			return "", badLocode(s)
		}
	}
	if upper && t[:2] == cc {
		return t, nil
	}
	return cc + strings.ToUpper(t[2:]), nil
}

func badLocode(s string) error {
	return invalid("", "not a UN/LOCODE (want 5 characters like \"CNSHA\"): "+strconv.Quote(s))
}

func normCurrency(s string) (string, error) {
	c, ok := currencies.lookup(s) // as in normEventType
	if !ok {
		c, ok = currencies.lookup(strings.TrimSpace(s))
	}
	if !ok {
		return "", invalid("", "unknown ISO 4217 currency code "+strconv.Quote(s))
	}
	return c, nil
}

// normHSCode removes dots and spaces and requires 4 to 10 digits.
func normHSCode(s string) (string, error) {
	var buf [hsCodeBuf]byte
	out, err := hsDigits(&buf, s)
	if err != nil {
		return "", err
	}
	if len(out) == len(s) {
		return s, nil // already canonical: no allocation
	}
	return string(out), nil
}

// hsCodeBuf bounds the digits hsDigits collects before it gives up.
const hsCodeBuf = 32

// hsDigits returns the digits of HS code s, in buf, checking that s holds
// only digits, dots and spaces, and 4 to 10 digits.
func hsDigits(buf *[hsCodeBuf]byte, s string) ([]byte, error) {
	out := buf[:0]
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if len(out) == len(buf) {
				return nil, invalid("", "HS code has more than 10 digits: "+strconv.Quote(s))
			}
			out = append(out, c)
		case c == '.' || c == ' ':
		default:
			return nil, invalid("", "HS code must be digits, dots and spaces: "+strconv.Quote(s))
		}
	}
	if len(out) < 4 || len(out) > 10 {
		return nil, invalid("", "HS code must have 4 to 10 digits: "+strconv.Quote(s))
	}
	return out, nil
}

func normDescription(s string) (string, error) {
	s = trimSpace(s)
	if s == "" {
		return "", invalid("", "required, must not be empty")
	}
	if len(s) > MaxDescriptionLen && utf8.RuneCountInString(s) > MaxDescriptionLen {
		return "", invalid("", "longer than "+strconv.Itoa(MaxDescriptionLen)+" characters")
	}
	return s, nil
}

// nonNegative checks a decoded quantity, weight or amount and returns it
// with negative zero made positive.
func nonNegative(f float64) (float64, error) {
	if f < 0 {
		return 0, invalid("", "must not be negative: "+strconv.FormatFloat(f, 'g', -1, 64))
	}
	if f == 0 {
		return 0, nil // -0 becomes 0
	}
	return f, nil
}

// numericString parses a number sent as a JSON string, such as "25". The
// string, spaces trimmed, must follow the JSON number grammar.
func numericString(s string) (float64, error) {
	t := trimSpace(s)
	if n, ok := scanNumber(t, 0); !ok || n != len(t) {
		return 0, invalid("", "not a number: "+strconv.Quote(s))
	}
	return parseFloat(t)
}

// parseFloat converts a JSON number token, rejecting values out of range.
func parseFloat(tok string) (float64, error) {
	if f, ok := exactDecimal(tok); ok {
		return f, nil // exact, as strconv.ParseFloat would return
	}
	f, err := strconv.ParseFloat(tok, 64)
	if err != nil {
		return 0, invalid("", "number out of range: "+tok)
	}
	return f, nil
}

// parseLine converts a JSON number token to a line number: a positive
// integer without fraction or exponent.
func parseLine(tok string) (int, error) {
	n, err := strconv.Atoi(tok)
	if err != nil || n < 1 {
		return 0, invalid("", "line must be a positive integer, got "+tok)
	}
	return n, nil
}

// checkSchemaVersion accepts a JSON number token equal to 1.
func checkSchemaVersion(tok string) error {
	f, err := parseFloat(tok)
	if err != nil || f != SchemaVersion {
		return &Error{Kind: KindVersion, Msg: "unsupported schema version " + tok + " (want " + strconv.Itoa(SchemaVersion) + ")"}
	}
	return nil
}

// trimSpace is strings.TrimSpace with the usual case inline: a value that
// begins and ends with an ASCII byte other than a control character or a
// space has nothing to trim (TrimSpace removes only Unicode white space,
// whose ASCII members are all at most ' '), so it is returned without the
// call, which cost 3% of BenchmarkDecodeSynthOwned on names, addresses and
// descriptions. Everything else goes to strings.TrimSpace. TestTrimSpace
// and FuzzTrimSpace compare the two.
func trimSpace(s string) string {
	if len(s) > 0 && s[0]-'!' < utf8.RuneSelf-'!' && s[len(s)-1]-'!' < utf8.RuneSelf-'!' {
		return s
	}
	return strings.TrimSpace(s)
}

// lowerASCII appends s to dst with ASCII letters lower-cased. It returns nil
// when s does not fit dst's capacity, which no known keyword exceeds.
func lowerASCII(dst []byte, s string) []byte {
	if len(s) > cap(dst) {
		return nil
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}
