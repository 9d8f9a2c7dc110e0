package manifest

import (
	"math/bits"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/precursorwatch/precursor/internal/swar"
)

// decoder is a single-pass JSON scanner over one event. It holds the event
// as a string so that strings without escapes decode as substrings, without
// allocation. The caller has already checked the size. UTF-8 can only be
// valid inside strings, where stringValue checks it; elsewhere the scanner
// accepts ASCII only. So an event that decodes is valid UTF-8, and the
// caller checks the encoding of the whole event only after an error.
type decoder struct {
	src      string
	pos      int
	buf      []byte // scratch space for unescaping strings
	copyKept bool   // copy the strings the Manifest keeps out of src
	kept     []byte // the current chunk of those copies
}

// loc names the object being decoded, for error paths, without building the
// path string unless an error needs it.
type loc struct {
	name string
	idx  int // array index, or -1
}

func (l loc) String() string {
	if l.idx < 0 {
		return l.name
	}
	return indexPath(l.name, l.idx)
}

func (l loc) field(f string) string { return fieldPath(l.String(), f) }

// Byte classes for the scanner's inner loops.
const (
	classSpace  = 1 << iota // JSON white space
	classString             // ends the plain run of a string: '"', '\\', a control character or a non-ASCII byte
)

var byteClass = func() (t [256]uint8) {
	for _, c := range []byte(" \t\n\r") {
		t[c] |= classSpace
	}
	for c := 0; c < 0x20; c++ {
		t[c] |= classString
	}
	for c := utf8.RuneSelf; c < 256; c++ {
		t[c] |= classString // validated as UTF-8
	}
	t['"'] |= classString
	t['\\'] |= classString
	return t
}()

func (d *decoder) ws() {
	i := d.pos
	if i < len(d.src) && d.src[i] > ' ' {
		return // the common case: no white space at all
	}
	for i < len(d.src) && byteClass[d.src[i]]&classSpace != 0 {
		i++
	}
	d.pos = i
}

// peek skips white space and returns the next byte, or 0 at the end.
func (d *decoder) peek() byte {
	d.ws()
	if d.pos < len(d.src) {
		return d.src[d.pos]
	}
	return 0
}

// syntax reports a syntax error at the current offset.
func (d *decoder) syntax(path, msg string) error {
	if d.pos >= len(d.src) {
		return syntaxError(path, d.pos, "unexpected end of input"+msg)
	}
	return syntaxError(path, d.pos, "invalid character "+quoteByte(d.src[d.pos])+msg)
}

func quoteByte(c byte) string {
	if c < utf8.RuneSelf {
		return strconv.QuoteRune(rune(c))
	}
	return "'\\x" + strconv.FormatUint(uint64(c), 16) + "'"
}

// stringValue decodes a string; null decodes as "". A string that starts
// right at d.pos, the usual value and every key, is scanned here at once;
// white space before the value, null and other types are left to
// stringValueSlow. The two used to be stringValue and str, called one from
// the other: the call cost about 2% of BenchmarkDecodeSynthOwned.
func (d *decoder) stringValue(path string) (string, error) {
	if d.pos >= len(d.src) || d.src[d.pos] != '"' {
		return d.stringValueSlow(path)
	}
	start := d.pos + 1
	i := start
	for {
		// Eight bytes at a time while none of them ends the plain run.
		for ; i+8 <= len(d.src); i += 8 {
			if m := swar.StringStops(swar.Load64(d.src, i)); m != 0 {
				i += bits.TrailingZeros64(m) / 8 // the first byte that stops
				if d.src[i] == '"' {
					d.pos = i + 1
					return d.src[start:i], nil // the usual end
				}
				break
			}
		}
		for i < len(d.src) && byteClass[d.src[i]]&classString == 0 {
			i++
		}
		if i == len(d.src) {
			d.pos = i
			return "", d.syntax(path, " in string literal")
		}
		switch c := d.src[i]; {
		case c == '"':
			d.pos = i + 1
			return d.src[start:i], nil
		case c == '\\':
			d.pos = i
			return d.unescape(path, start)
		case c < 0x20:
			d.pos = i
			return "", d.syntax(path, " in string literal")
		}
		n := runeLen(d.src, i)
		if n == 0 {
			d.pos = i
			return "", badUTF8()
		}
		i += n
	}
}

// badUTF8 returns the error that stops decoding at invalid UTF-8 in a
// string. The entry points never return it: after any error they check the
// whole event and report KindEncoding with the offset of the first invalid
// byte, as if they had checked before decoding.
func badUTF8() error {
	return &Error{Kind: KindEncoding, Msg: "invalid UTF-8"}
}

// runeLen returns the length of the valid UTF-8 encoding of a character at
// s[i], or 0 when there is none.
func runeLen(s string, i int) int {
	r, n := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && n <= 1 {
		return 0
	}
	return n
}

// unescape decodes the rest of a string that has an escape at d.pos.
func (d *decoder) unescape(path string, start int) (string, error) {
	b := append(d.buf[:0], d.src[start:d.pos]...)
	defer func() { d.buf = b[:0] }()
	for d.pos < len(d.src) {
		c := d.src[d.pos]
		switch {
		case c == '"':
			d.pos++
			return string(b), nil
		case c < 0x20:
			return "", d.syntax(path, " in string literal")
		case c >= utf8.RuneSelf:
			n := runeLen(d.src, d.pos)
			if n == 0 {
				return "", badUTF8()
			}
			b = append(b, d.src[d.pos:d.pos+n]...)
			d.pos += n
			continue
		case c != '\\':
			b = append(b, c)
			d.pos++
			continue
		}
		var ok bool
		if b, ok = d.escape(b); !ok {
			return "", d.syntax(path, " in string escape code")
		}
	}
	return "", d.syntax(path, " in string literal")
}

// escape appends the character of the escape sequence at d.pos (a
// backslash) to b and moves past it. Invalid or unpaired \u surrogates
// become U+FFFD, as in encoding/json.
func (d *decoder) escape(b []byte) ([]byte, bool) {
	if d.pos+1 >= len(d.src) {
		d.pos = len(d.src)
		return b, false
	}
	d.pos++
	e := d.src[d.pos]
	d.pos++
	switch e {
	case '"', '\\', '/':
		return append(b, e), true
	case 'b':
		return append(b, '\b'), true
	case 'f':
		return append(b, '\f'), true
	case 'n':
		return append(b, '\n'), true
	case 'r':
		return append(b, '\r'), true
	case 't':
		return append(b, '\t'), true
	case 'u':
		r, ok := d.u4(d.pos)
		if !ok {
			return b, false
		}
		d.pos += 4
		if utf16.IsSurrogate(r) {
			if r2, ok := d.u4(d.pos + 2); ok && d.src[d.pos] == '\\' && d.src[d.pos+1] == 'u' {
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					d.pos += 6
					return utf8.AppendRune(b, dec), true
				}
			}
			r = utf8.RuneError
		}
		return utf8.AppendRune(b, r), true
	}
	d.pos--
	return b, false
}

// u4 decodes the four hex digits at i.
func (d *decoder) u4(i int) (rune, bool) {
	if i+4 > len(d.src) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(d.src[i : i+4]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r*16 + rune(c)
	}
	return r, true
}

// scanNumber returns the end of the JSON number that starts at s[i], and
// whether one does: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func scanNumber(s string, i int) (int, bool) {
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		i = digits(s, i)
	default:
		return i, false
	}
	if i < len(s) && s[i] == '.' {
		j := digits(s, i+1)
		if j == i+1 {
			return j, false
		}
		i = j
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := digits(s, i)
		if j == i {
			return j, false
		}
		i = j
	}
	return i, true
}

func digits(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// number decodes the number token at d.pos.
func (d *decoder) number(path string) (string, error) {
	end, ok := scanNumber(d.src, d.pos)
	if !ok {
		d.pos = end
		return "", d.syntax(path, " in numeric literal")
	}
	tok := d.src[d.pos:end]
	d.pos = end
	return tok, nil
}

// literal consumes true, false or null at d.pos.
func (d *decoder) literal(path, word string) error {
	if len(d.src)-d.pos >= len(word) && d.src[d.pos:d.pos+len(word)] == word {
		d.pos += len(word)
		return nil
	}
	for i := 0; i < len(word) && d.pos < len(d.src) && d.src[d.pos] == word[i]; i++ {
		d.pos++
	}
	return d.syntax(path, " in literal "+word)
}
