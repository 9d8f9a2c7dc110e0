package rules

import (
	"bytes"
	"fmt"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/precursorwatch/precursor/chemicals"
)

// The helper implementations. Each reads the facts Env.reset precomputed;
// none allocates on the common path.

func (e *Env) hasChemical(ids []any) bool {
	for _, id := range ids {
		if slices.Contains(e.Chemicals, id.(string)) {
			return true
		}
	}
	return false
}

func (e *Env) hasFamily(fams []any) bool {
	for _, f := range fams {
		if slices.Contains(e.Families, f.(string)) {
			return true
		}
	}
	return false
}

func (e *Env) hasRole(roles []any) bool {
	for _, r := range roles {
		if slices.Contains(e.facts.roles, r.(string)) {
			return true
		}
	}
	return false
}

func (e *Env) controlledIn(j string) bool {
	bit := jurisdictionBit(j)
	if bit == 0 {
		return false
	}
	for _, c := range e.facts.controlled {
		if c&bit != 0 {
			return true
		}
	}
	return false
}

func (e *Env) anyControlled() bool {
	for _, c := range e.facts.controlled {
		if c != 0 {
			return true
		}
	}
	return false
}

// route accepts []any (array literals) and []string (lists) for both sides.
func (e *Env) route(from, to any) (bool, error) {
	inFrom, err := memberOf(e.Origin, from)
	if err != nil || !inFrom {
		return false, err
	}
	return memberOf(e.Destination, to)
}

func memberOf(s string, list any) (bool, error) {
	switch l := list.(type) {
	case []string:
		return len(l) == 0 || slices.Contains(l, s), nil
	case []any:
		if len(l) == 0 {
			return true, nil
		}
		for _, v := range l {
			if v == s {
				return true, nil
			}
		}
		return false, nil
	case nil:
		return true, nil
	}
	return false, fmt.Errorf("route: want a list of country codes, got %T", list)
}

func (e *Env) transits(countries []any) bool {
	for _, c := range countries {
		if slices.Contains(e.Route, c.(string)) {
			return true
		}
	}
	return false
}

func (e *Env) hsDeclared(prefixes []any) bool {
	for i := range e.Items {
		for _, p := range prefixes {
			if hsHasPrefix(e.Items[i].HSCode, p.(string)) {
				return true
			}
		}
	}
	return false
}

// hsHasPrefix compares digits only, so "2933.39" matches "293339".
func hsHasPrefix(code, prefix string) bool {
	j, n := 0, 0
	for i := 0; i < len(prefix); i++ {
		c := prefix[i]
		if c < '0' || c > '9' {
			continue
		}
		if j >= len(code) || code[j] != c {
			return false
		}
		j++
		n++
	}
	return n > 0
}

func (e *Env) totalKg(x string) float64 {
	var sum float64
	for i := range e.Items {
		for _, m := range e.Items[i].Matches {
			if m.Confidence >= MinConfidence && (m.Chemical == x || m.Family == x) {
				sum += e.Items[i].Kg
				break
			}
		}
	}
	return sum
}

func (e *Env) maxConfidence(x string) float64 {
	var best float64
	for i := range e.Items {
		for _, m := range e.Items[i].Matches {
			if (m.Chemical == x || m.Family == x) && m.Confidence > best {
				best = m.Confidence
			}
		}
	}
	return best
}

func (e *Env) hasMethod(method string) bool {
	for i := range e.Items {
		for _, m := range e.Items[i].Matches {
			if m.Confidence >= MinConfidence && m.Method == method {
				return true
			}
		}
	}
	return false
}

func (e *Env) descriptionHas(phrases []any) bool {
	f := &e.facts
	if !f.normReady {
		f.norm, f.normEnd = f.norm[:0], f.normEnd[:0]
		for _, it := range e.Items {
			f.norm = normalizeText(f.norm, it.Description)
			f.normEnd = append(f.normEnd, len(f.norm))
		}
		f.normReady = true
	}
	for _, p := range phrases {
		s, _ := p.(string)
		if isNormalized(s) {
			f.buf = append(f.buf[:0], s...)
		} else {
			f.buf = normalizeText(f.buf[:0], s)
		}
		phrase := f.buf
		if len(phrase) == 0 {
			continue
		}
		start := 0
		for _, end := range f.normEnd {
			if bytes.Contains(f.norm[start:end], phrase) {
				return true
			}
			start = end
		}
	}
	return false
}

// isNormalized reports whether s is already what normalizeText makes of
// it: lower-case ASCII, single inner spaces, no outer space.
func isNormalized(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf || (c >= 'A' && c <= 'Z') || c < ' ' || c == 0x7f:
			return false
		case c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' '):
			return false
		}
	}
	return true
}

// normalizeText appends s lower-cased with every run of white space
// collapsed to one space and leading/trailing space removed.
func normalizeText(dst []byte, s string) []byte {
	space, start := false, len(dst)
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		if unicode.IsSpace(r) {
			space = len(dst) > start
			continue
		}
		if space {
			dst = append(dst, ' ')
			space = false
		}
		switch {
		case r >= 'A' && r <= 'Z':
			dst = append(dst, byte(r)+'a'-'A')
		case r < utf8.RuneSelf:
			dst = append(dst, byte(r))
		default:
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
	}
	return dst
}

// jurisdictionBit returns the bit of j in a controlled set, 0 if unknown.
func jurisdictionBit(j string) uint16 {
	for i, k := range chemicals.Jurisdictions {
		if k == j {
			return 1 << i
		}
	}
	return 0
}
