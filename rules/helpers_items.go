package rules

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// itemFunctions ask about the declared line items.
var itemFunctions = []function{
	{Name: "hsDeclared", Signature: "hsDeclared(prefixes ...string) bool",
		Doc:     "Some item's declared HS code starts with one of the prefixes (dots are ignored).",
		Example: `hsDeclared("2933.39", "2921")`,
		needs:   needHS,
		reads:   []string{"hs_code"},
		arg:     &hsPrefixKind,
		cost:    helperCost{sizeItems, true},
		impl:    withBind(variadic((*Env).hsDeclared), bindHSDeclared)},
	{Name: "descriptionHas", Signature: "descriptionHas(phrases ...string) bool",
		Doc:     "Some item description contains one of the phrases, ignoring case and runs of whitespace.",
		Example: `descriptionHas("research chemical", "not for human")`,
		reads:   []string{"description"},
		cost:    helperCost{sizeText, true},
		impl:    variadic((*Env).descriptionHas)},
	{Name: "itemsCount", Signature: "itemsCount() int",
		Doc:     "The number of line items.",
		Example: `itemsCount() == 1`,
		impl:    nullary(func(e *Env) int { return len(e.Items) })},
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

// bindHSDeclared is hsDeclared's fast path for the batch programs: the
// prefixes' digits are taken once, when the program is built, instead of
// on every comparison, and the four-digit ones (headings, the common case)
// go into a bit set looked up by the item's first four digits.
func bindHSDeclared(args []any) any {
	prefixes := make([]string, len(args))
	for i, a := range args {
		p, ok := a.(string)
		if !ok {
			return nil
		}
		prefixes[i] = p
	}
	set := newHSPrefixes(prefixes)
	return func(e any) bool { return env(e).hsDeclaredSet(set) }
}

// newHSPrefixes is the set of prefixes: hsDeclaredSet(it) is
// hsDeclared(prefixes).
func newHSPrefixes(prefixes []string) *hsPrefixes {
	set := new(hsPrefixes)
	for _, p := range prefixes {
		if d := hsDigits(p); len(d) == 4 {
			n := hsHeading(d)
			set.headings[n/64] |= 1 << (n % 64)
		} else if d != "" { // no digits: hsHasPrefix is false
			set.other = append(set.other, d)
		}
	}
	return set
}

// hsPrefixes is a set of HS prefixes given by their digits: headings has
// bit n set for the four-digit prefix n, other holds the rest.
type hsPrefixes struct {
	headings [10000/64 + 1]uint64
	other    []string
}

// hsHeading is the number of the first four bytes of code when they are
// all digits, else -1: no four-digit prefix (all digits) can match it.
func hsHeading(code string) int {
	if len(code) < 4 {
		return -1
	}
	n := 0
	for i := range 4 {
		c := code[i]
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// hsDeclaredSet is hsDeclared of the prefixes in set.
func (e *Env) hsDeclaredSet(set *hsPrefixes) bool {
	for _, it := range e.Items {
		if set.has(it.HSCode) {
			return true
		}
	}
	return false
}

// has reports whether code starts with one of the prefixes.
func (set *hsPrefixes) has(code string) bool {
	if n := hsHeading(code); n >= 0 && set.headings[n/64]&(1<<(n%64)) != 0 {
		return true
	}
	for _, d := range set.other {
		if len(code) >= len(d) && code[:len(d)] == d {
			return true
		}
	}
	return false
}

// hsDigits is the digits of an HS prefix ("2933.39": "293339").
func hsDigits(prefix string) string {
	b := make([]byte, 0, len(prefix))
	for i := 0; i < len(prefix); i++ {
		if c := prefix[i]; c >= '0' && c <= '9' {
			b = append(b, c)
		}
	}
	return string(b)
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
