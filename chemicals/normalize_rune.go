package chemicals

import (
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Characters beyond ASCII in the scan of normalisation (normalize.go).

// addRune handles a non-ASCII rune s[os:oe]: Greek letters are spelt out
// (inside a Latin word they are homoglyphs), invisible characters are
// dropped, letters with accents or compatibility forms lose them, letters
// that look like Latin ones are read as those, dashes and everything else
// separate tokens.
func (n *normText) addRune(r rune, s string, os, oe, cur int, sep byte) (int, byte) {
	if g := greek(r); g != "" && !n.inLatinWord(s, os, oe, cur) {
		for k := 0; k < len(g); k++ {
			cur, sep = n.addByte(g[k], os, oe, cur, sep)
		}
		return cur, sep
	}
	switch {
	case r >= '\u2010' && r <= '\u2015', r == '\u2212', r == '\uFE63', r == '\uFF0D':
		return -1, sep | sepHyphen
	case r == '\uFF05':
		n.percent = true
	case invisible(r):
		n.trick(os, ObfInvisible)
		return cur, sep
	}
	if r >= 0xC0 && r < 0x180 {
		if l := latinFold[r-0xC0]; l != ' ' {
			return n.addByte(l, os, oe, cur, sep)
		}
	}
	if latin, ok := confusableLatin(r); ok {
		n.trick(os, ObfHomoglyph)
		for k := 0; k < len(latin); k++ {
			cur, sep = n.addByte(latin[k], os, oe, cur, sep)
		}
		return cur, sep
	}
	n.nfkd = norm.NFKD.AppendString(n.nfkd[:0], s[os:oe])
	added := false
	for _, c := range n.nfkd {
		if l := lower(c); l != 0 {
			cur, sep = n.addByte(l, os, oe, cur, sep)
			added = true
		}
	}
	switch {
	case added:
		return cur, sep
	case n.inLatinWord(s, os, oe, cur) && unicode.IsLetter(r):
		// a letter of another script inside a Latin word: left out, the
		// word stays one ("nοrfentanyl" is not "n" and "rfentanyl")
		n.trick(os, ObfHomoglyph)
		return cur, sep
	}
	return -1, sep | sepSpace
}

// latinFold maps U+00C0–U+017F (Latin-1 letters and Latin Extended-A) to
// their base letters without the cost of a Unicode decomposition; ' ' marks
// characters that are not letters.
const latinFold = "aaaaaaaceeeeiiiidnooooo ouuuuytsaaaaaaaceeeeiiiidnooooo ouuuuyty" +
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll" +
	"lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs"

// isHan reports whether r is a CJK ideograph.
func isHan(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF
}

// addHan adds a CJK character that is no known morpheme (nomenclature_cjk.go)
// as a token of its own, spelt 'z' and four letters a–p for the hex digits
// of its code point, so that a catalog name holding it still meets itself.
func (n *normText) addHan(r rune, os, oe int, sep byte) (int, byte) {
	n.raws = append(n.raws, rawTok{bs: int32(len(n.raw)), os: int32(os), oe: int32(oe), sep: sep})
	n.raw = append(n.raw, 'z', byte('a'+r>>12&15), byte('a'+r>>8&15), byte('a'+r>>4&15), byte('a'+r&15))
	n.raws[len(n.raws)-1].be = int32(len(n.raw))
	return -1, sepSpace
}

func greek(r rune) string {
	switch r {
	case 'α', 'Α':
		return "alpha"
	case 'β', 'Β':
		return "beta"
	case 'γ', 'Γ':
		return "gamma"
	case 'δ', 'Δ':
		return "delta"
	case 'ω', 'Ω':
		return "omega"
	}
	return ""
}
