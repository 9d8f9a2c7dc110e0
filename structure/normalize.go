package structure

import (
	"strings"
	"unicode/utf8"
)

// Normalize returns the form of a query text that the resolver is sent and
// the cache is keyed by: spaces collapsed, typographic dashes, primes and
// Greek letters spelled in ASCII, letters lower-cased except locants (an
// upper-case letter that follows a digit or stands alone between
// non-letters, as in "N-", "N,N-", "1H-", "(2R,3S)"), and edge punctuation
// and unbalanced edge brackets removed. OPSIN reads names case-insensitively
// apart from such locants, so the normal form loses nothing it needs.
func Normalize(text string) string {
	if normal(text) {
		return text // Candidates' queries are normal already: no allocation
	}
	return normalize(text)
}

// normalize is Normalize without the fast path.
func normalize(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	space := false
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if s, ok := asciiSpelling[r]; ok {
			b.WriteString(s)
			continue
		}
		b.WriteRune(r)
	}
	out := []byte(trimEdges(b.String()))
	lowerExceptLocants(out)
	return string(out)
}

// normal reports, cheaply and conservatively, whether Normalize would
// return text unchanged: ASCII without control characters or runs of
// spaces, only locant capitals, and edges trimEdges would keep.
func normal(text string) bool {
	if text == "" || trimEdges(text) != text {
		return false
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c >= 0x80 || c < ' ':
			return false
		case c == ' ' && i > 0 && text[i-1] == ' ':
			return false
		case c >= 'A' && c <= 'Z':
			prevLetter := i > 0 && isLetter(text[i-1])
			prevDigit := i > 0 && text[i-1] >= '0' && text[i-1] <= '9'
			nextLetter := i+1 < len(text) && isLetter(text[i+1])
			if !prevDigit && (prevLetter || nextLetter) {
				return false
			}
		}
	}
	return true
}

// asciiSpelling maps typographic characters met in names to ASCII.
var asciiSpelling = map[rune]string{
	'\u2010': "-", '\u2011': "-", '\u2012': "-", '\u2013': "-", '\u2014': "-", '\u2212': "-",
	'\u2032': "'", '\u2019': "'", '\u2033': "''",
	'α': "alpha", 'β': "beta", 'γ': "gamma", 'δ': "delta", 'ω': "omega",
}

// trimEdges removes edge punctuation and edge brackets that do not balance.
func trimEdges(s string) string {
	for {
		n := len(s)
		s = strings.Trim(s, " ,;:.")
		if s != "" && s[0] == '(' && strings.Count(s, "(") > strings.Count(s, ")") {
			s = s[1:]
		}
		if s != "" && s[len(s)-1] == ')' && strings.Count(s, ")") > strings.Count(s, "(") {
			s = s[:len(s)-1]
		}
		if len(s) == n {
			return s
		}
	}
}

// lowerExceptLocants lower-cases ASCII letters in place, keeping upper-case
// locant letters.
func lowerExceptLocants(b []byte) {
	for i, c := range b {
		if c < 'A' || c > 'Z' {
			continue
		}
		prevLetter := i > 0 && isLetter(b[i-1])
		prevDigit := i > 0 && b[i-1] >= '0' && b[i-1] <= '9'
		nextLetter := i+1 < len(b) && isLetter(b[i+1])
		if prevDigit || (!prevLetter && !nextLetter) {
			continue
		}
		b[i] = c + 'a' - 'A'
	}
}

func isLetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
