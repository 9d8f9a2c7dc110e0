// Package table computes the confusable folds of package chemicals from
// the Unicode confusables data, for the generator and for the test that
// keeps the generated table current.
package table

import (
	"strings"
	"unicode"

	"github.com/mtibben/confusables"
)

// Fold is one character and the Latin letters or digits it looks like.
type Fold struct {
	Rune  rune
	Latin string
}

// Folds returns, in rune order, every letter or digit beyond the Latin
// blocks whose UTS #39 skeleton is one to three ASCII letters or digits,
// lower-cased. Left out: Latin letters with diacritics (U+0080–U+024F) and
// full-width forms, which normalisation reads as the plain letter without
// the table. An upper-case letter shaped like "I" is an i, though the
// skeleton writes it "l" (I and l look alike).
func Folds() []Fold {
	var out []Fold
	for r := rune(0x250); r <= 0x1FFFF; r++ {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) || r >= 0xFF00 && r <= 0xFFEF {
			continue
		}
		latin, ok := asciiOf(confusables.Skeleton(string(r)))
		if !ok {
			continue
		}
		if latin == "l" && unicode.IsUpper(r) {
			latin = "i"
		}
		out = append(out, Fold{r, latin})
	}
	return out
}

// asciiOf returns s lower-cased without combining marks if what is left
// is one to three ASCII letters or digits.
func asciiOf(s string) (string, bool) {
	var b strings.Builder
	for _, c := range s {
		switch {
		case unicode.Is(unicode.Mn, c):
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
		case c >= 'A' && c <= 'Z':
			b.WriteRune(c + 'a' - 'A')
		default:
			return "", false
		}
	}
	return b.String(), b.Len() >= 1 && b.Len() <= 3
}
