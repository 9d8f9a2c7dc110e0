package manifest

import "github.com/precursorwatch/precursor/internal/swar"

// Structural helpers of the decoder: objects, arrays, typed values and
// skipping of unknown values.

// kindAt names the JSON value that starts with c, for type errors.
func kindAt(c byte) string {
	switch {
	case c == '"':
		return "string"
	case c == '{':
		return "object"
	case c == '[':
		return "array"
	case c == 't' || c == 'f':
		return "boolean"
	case c == 'n':
		return "null"
	case c == '-' || (c >= '0' && c <= '9'):
		return "number"
	}
	return ""
}

// mismatch reports a value of the wrong type at d.pos: a syntax error if
// the value is not even well-formed, otherwise an invalid-type error.
func (d *decoder) mismatch(path, want string) error {
	c := d.peek()
	k := kindAt(c)
	if k == "" {
		return d.syntax(path, " looking for beginning of value")
	}
	if err := d.skip(path, 0); err != nil {
		return err
	}
	return invalid(path, "must be "+want+", got "+k)
}

// openObject consumes '{'. A null is an error: objects are never optional
// by being null, only by being absent.
func (d *decoder) openObject(path string) error {
	if d.peek() == '{' {
		d.pos++
		return nil
	}
	return d.mismatch(path, "an object")
}

// nextKey consumes the separator before the next member and its key and
// colon. more is false after the closing brace. f is the field number of
// the key in ks, or -1 when ks is nil or lacks the key; guess is the field
// expected next (see keySet.match).
//
// The compact forms are recognised here and everything else is left to
// nextKeySlow: a member start ,"key": (without the comma for the first
// member) whose key is a name of ks, field guess tried first with the
// words inline (a call per member cost 4% of BenchmarkDecodeSynthOwned)
// and the other names by keySet.match (an optional field left out, such as
// an item's cas); and the closing brace after a member. Each is the result
// nextKeySlow gives when there is no white space to skip and the key has
// no escape. TestNextKeyFastPath and FuzzNextKey hold nextKey to
// nextKeySlow on any input.
func (d *decoder) nextKey(first bool, path string, ks *keySet, guess int) (key string, f int, more bool, err error) {
	s, i := d.src, d.pos
	if !first {
		if i >= len(s) || s[i] != ',' {
			if i < len(s) && s[i] == '}' {
				d.pos = i + 1
				return "", -1, false, nil
			}
			return d.nextKeySlow(first, path, ks, guess)
		}
		i++
	}
	if ks != nil && i+2+maxFastKey <= len(s) && s[i] == '"' {
		if guess < len(ks.keys) {
			k := &ks.keys[guess]
			if swar.Load64(s, i+1)&k.mask0 == k.word0 && swar.Load64(s, i+9)&k.mask1 == k.word1 {
				if end := i + len(k.name) + 2; s[end] == ':' {
					d.pos = end + 1
					return k.name, guess, true, nil
				}
			}
		}
		if f = ks.match(s, i+1, guess); f >= 0 {
			k := &ks.keys[f]
			if end := i + len(k.name) + 2; s[end] == ':' {
				d.pos = end + 1
				return k.name, f, true, nil
			}
		}
	}
	return d.nextKeySlow(first, path, ks, guess)
}

// nextKeySlow is nextKey for any member start: white space, a key out of
// order, escaped or unknown, the closing brace and every error.
func (d *decoder) nextKeySlow(first bool, path string, ks *keySet, guess int) (key string, f int, more bool, err error) {
	c := d.peek()
	switch {
	case c == '}':
		d.pos++
		return "", -1, false, nil
	case !first && c == ',':
		d.pos++
		c = d.peek()
	case !first:
		return "", -1, false, d.syntax(path, " after object key:value pair")
	}
	if c != '"' {
		return "", -1, false, d.syntax(path, " looking for beginning of object key string")
	}
	if f = ks.match(d.src, d.pos+1, guess); f >= 0 {
		key = ks.name(f)
		d.pos += len(key) + 2 // the quotes
	} else {
		if key, err = d.stringValue(path); err != nil {
			return "", -1, false, err
		}
		f = ks.lookup(key)
	}
	if d.peek() != ':' {
		return "", -1, false, d.syntax(path, " after object key")
	}
	d.pos++
	return key, f, true, nil
}

// openArray consumes '['; null reports isNull.
func (d *decoder) openArray(path string) (isNull bool, err error) {
	switch d.peek() {
	case '[':
		d.pos++
		return false, nil
	case 'n':
		return true, d.literal(path, "null")
	}
	return false, d.mismatch(path, "an array")
}

// nextElem consumes the separator before the next element. more is false
// after the closing bracket.
func (d *decoder) nextElem(first bool, path string) (more bool, err error) {
	c := d.peek()
	switch {
	case c == ']':
		d.pos++
		return false, nil
	case first:
		return true, nil
	case c == ',':
		d.pos++
		return true, nil
	}
	return false, d.syntax(path, " after array element")
}

// stringValueSlow is stringValue after white space, or at null or a value
// of another type.
func (d *decoder) stringValueSlow(path string) (string, error) {
	switch d.peek() {
	case '"':
		return d.stringValue(path)
	case 'n':
		return "", d.literal(path, "null")
	}
	return "", d.mismatch(path, "a string")
}

// numberValue returns the token of a JSON number; ok is false for null.
func (d *decoder) numberValue(path string) (tok string, ok bool, err error) {
	c := d.peek()
	switch {
	case c == '-' || (c >= '0' && c <= '9'):
		tok, err = d.number(path)
		return tok, err == nil, err
	case c == 'n':
		return "", false, d.literal(path, "null")
	}
	return "", false, d.mismatch(path, "a number")
}

// amountValue decodes a non-negative number, also accepted as a numeric
// string such as "25". Null and "" decode as 0.
//
// The usual value, a short decimal without sign right at d.pos, is decoded
// here: it is never negative, so it needs neither the check of the type nor
// nonNegative. Everything else goes to amountValueSlow, which
// TestAmountValue and FuzzAmountValue compare amountValue with.
func (d *decoder) amountValue(path string) (float64, error) {
	if d.pos < len(d.src) && d.src[d.pos]-'0' < 10 {
		if f, ok := d.shortDecimal(); ok {
			return f, nil
		}
	}
	return d.amountValueSlow(path)
}

// amountValueSlow is amountValue for any value.
func (d *decoder) amountValueSlow(path string) (float64, error) {
	var f float64
	var err error
	switch c := d.peek(); {
	case c == '"':
		var s string
		if s, err = d.stringValue(path); err != nil || isBlank(s) {
			return 0, err
		}
		f, err = numericString(s)
	case c == 'n':
		return 0, d.literal(path, "null")
	case c == '-' || (c >= '0' && c <= '9'):
		var ok bool
		if f, ok = d.shortDecimal(); !ok {
			var tok string
			if tok, err = d.number(path); err != nil {
				return 0, err
			}
			f, err = parseFloat(tok)
		}
	default:
		return 0, d.mismatch(path, "a number")
	}
	if err == nil {
		f, err = nonNegative(f)
	}
	if err != nil {
		return 0, withPath(err, path)
	}
	return f, nil
}

// skip consumes one well-formed value of any type.
func (d *decoder) skip(path string, depth int) error {
	if depth > maxDepth {
		return syntaxError(path, d.pos, "exceeded max nesting depth")
	}
	switch c := d.peek(); c {
	case '"':
		_, err := d.stringValue(path)
		return err
	case '{':
		d.pos++
		for first := true; ; first = false {
			_, _, more, err := d.nextKey(first, path, nil, 0)
			if err != nil || !more {
				return err
			}
			if err := d.skip(path, depth+1); err != nil {
				return err
			}
		}
	case '[':
		d.pos++
		for first := true; ; first = false {
			more, err := d.nextElem(first, path)
			if err != nil || !more {
				return err
			}
			if err := d.skip(path, depth+1); err != nil {
				return err
			}
		}
	case 't':
		return d.literal(path, "true")
	case 'f':
		return d.literal(path, "false")
	case 'n':
		return d.literal(path, "null")
	default:
		if c == '-' || (c >= '0' && c <= '9') {
			_, err := d.number(path)
			return err
		}
		return d.syntax(path, " looking for beginning of value")
	}
}

// isBlank reports whether s is empty or only white space.
func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r':
		default:
			return false
		}
	}
	return true
}
