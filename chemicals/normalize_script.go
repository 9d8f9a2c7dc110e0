package chemicals

import "unicode/utf8"

// Scripts other than Latin, and the tricks of deliberately disguised names.
//
// A word of Latin letters with letters of another script inside it
// ("4-аnilinopiperidine" with a Cyrillic а) is a homoglyph trick: each
// letter is read as the Latin letter it looks like (confusables.go), so is a
// word written wholly in capitals that all look like Latin ones ("ВМК" in
// Cyrillic). A Cyrillic word otherwise is Russian and is transliterated
// into the English chemical spelling (nomenclature_ru.go); a run of
// Chinese or Japanese characters is translated morpheme by morpheme
// (nomenclature_cjk.go). Invisible and formatting characters are dropped
// without separating the word they are in.
//
// Each trick is recorded with its offset in the original text; a match
// reports the tricks inside its span (Match.Obfuscation). Plain text
// records none and pays nothing for this.

// trickEvent is one trick seen at an original byte offset.
type trickEvent struct {
	pos  int32
	kind Obfuscation
}

// trick records a trick at original offset pos.
func (n *normText) trick(pos int, kind Obfuscation) {
	n.tricks = append(n.tricks, trickEvent{int32(pos), kind})
}

// tricksIn returns the tricks recorded inside original span [start,end),
// and the invisible characters just around it (a bidi override before a
// name, a zero-width space after it): up to maxInvisibleEdge bytes away.
func (n *normText) tricksIn(start, end int) Obfuscation {
	var o Obfuscation
	for _, t := range n.tricks {
		p := int(t.pos)
		if p >= start && p < end || t.kind == ObfInvisible && p >= start-maxInvisibleEdge && p <= end+maxInvisibleEdge-4 {
			o |= t.kind
		}
	}
	return o
}

// maxInvisibleEdge is how far outside a span invisible characters count:
// two of them of up to four bytes each.
const maxInvisibleEdge = 8

// invisible reports whether r is a zero-width or formatting character that
// renders as nothing: zero-width space, non-joiner and joiner, soft hyphen,
// word joiner and invisible operators, bidi marks, embeddings, overrides
// and isolates, the byte order mark, the Mongolian vowel separator, and
// variation selectors.
func invisible(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x034F, r == 0x061C, r == 0x180E, r == 0xFEFF:
		return true
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2069:
		return true
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF, r >= 0xE0000 && r <= 0xE007F:
		return true
	}
	return false
}

// inLatinWord reports whether the character s[os:oe] sits inside a word of
// Latin letters: a letter run is open before it or an ASCII letter follows.
func (n *normText) inLatinWord(s string, os, oe, cur int) bool {
	if cur >= 0 && !n.raws[cur].digits {
		return true
	}
	return oe < len(s) && lower(s[oe]) >= 'a'
}

// script of a rune, for runs of one script.
type script uint8

const (
	scriptOther script = iota
	scriptCyrillic
	scriptGreek
	scriptCJK // Han ideographs and Japanese kana
)

func scriptOf(r rune) script {
	switch {
	case r >= 0x400 && r <= 0x52F:
		return scriptCyrillic
	case r >= 0x370 && r <= 0x3FF:
		return scriptGreek
	case isHan(r), r >= 0x3040 && r <= 0x30FF, r >= 0x31F0 && r <= 0x31FF:
		return scriptCJK
	}
	return scriptOther
}

// addScriptRun reads the run of Cyrillic, Greek or CJK characters that
// starts at s[i] (see the top of this file) and returns where it ends; ok
// is false when r starts no such run or the run is left to addRune.
func (n *normText) addScriptRun(s string, i int, r rune, cur *int, sep *byte) (end int, ok bool) {
	sc := scriptOf(r)
	if sc == scriptOther {
		return i, false
	}
	j, upper, confusable, runes := i, true, true, 0
	for j < len(s) {
		q, size := utf8.DecodeRuneInString(s[j:])
		if sc == scriptCJK && q == ' ' && n.letterSpacedCJK(s, i, j) {
			n.trick(j, ObfSpacing) // "苯 乙 酸": one character at a time
			j++
			continue
		}
		if scriptOf(q) != sc || sc != scriptCJK && !isLetterRune(q) {
			break
		}
		if sc != scriptCJK {
			_, c := confusableLatin(q)
			confusable = confusable && c
			upper = upper && isUpperRune(q)
		}
		runes++
		j += size
	}
	if j == i {
		return i, false // a mark or sign of the script, not a letter
	}
	if sc == scriptCJK {
		*cur, *sep = n.addCJK(s, i, j, *sep)
		return j, true
	}
	mixed := n.inLatinWord(s, i, j, *cur) || upper && confusable && gluedToDigit(s, i, j)
	if sc == scriptGreek && runes == 1 && !mixed && greek(r) != "" {
		return i, false // α-, β-: spelt out by addRune
	}
	switch {
	case mixed || upper && confusable && runes >= 2:
		for k := i; k < j; {
			q, size := utf8.DecodeRuneInString(s[k:])
			*cur, *sep = n.addHomoglyph(q, s, k, k+size, *cur, *sep)
			k += size
		}
	case sc == scriptCyrillic:
		*cur, *sep = n.addText(russianWord(s[i:j], n.nfkd[:0]), i, j, *cur, *sep)
	default: // a Greek word
		*cur, *sep = -1, *sep|sepSpace
	}
	return j, true
}

// letterSpacedCJK reports whether the space at s[j] separates single CJK
// characters of one name: the character before it stands alone since
// s[i] (the run's start) or since an earlier such space, and one single
// character follows.
func (n *normText) letterSpacedCJK(s string, i, j int) bool {
	_, before := utf8.DecodeLastRuneInString(s[i:j])
	if j-before != i && s[j-before-1] != ' ' {
		return false
	}
	q, size := utf8.DecodeRuneInString(s[j+1:])
	if scriptOf(q) != scriptCJK {
		return false
	}
	after, _ := utf8.DecodeRuneInString(s[j+1+size:])
	return j+1+size == len(s) || after == ' ' || scriptOf(after) != scriptCJK
}

// gluedToDigit reports whether the run s[i:j] touches a digit ("Р2Р").
func gluedToDigit(s string, i, j int) bool {
	return i > 0 && isDigit(s[i-1]) || j < len(s) && isDigit(s[j])
}

// addHomoglyph adds a letter of another script read as the Latin letter
// it looks like (a Cyrillic letter without one is transliterated).
func (n *normText) addHomoglyph(r rune, s string, os, oe, cur int, sep byte) (int, byte) {
	n.trick(os, ObfHomoglyph)
	latin, ok := confusableLatin(r)
	if !ok && scriptOf(r) == scriptCyrillic {
		latin = cyrillicLatin(r)
	}
	for k := 0; k < len(latin); k++ {
		cur, sep = n.addByte(latin[k], os, oe, cur, sep)
	}
	return cur, sep
}

// addText adds ASCII text produced by a translation, every byte spanning
// the original s[os:oe]: letters and digits as usual, a space or a hyphen
// as a separator.
func (n *normText) addText(text string, os, oe, cur int, sep byte) (int, byte) {
	for k := 0; k < len(text); k++ {
		if l := lower(text[k]); l != 0 {
			cur, sep = n.addByte(l, os, oe, cur, sep)
			continue
		}
		cur, sep = -1, mergeSep(sep, text[k])
	}
	return cur, sep
}

func isLetterRune(r rune) bool {
	return r >= 0x400 && r <= 0x52F && r != 0x482 && (r < 0x483 || r > 0x489) || r >= 0x370 && r <= 0x3FF && r != 0x37E && r != 0x387
}

// isUpperRune reports whether a Cyrillic or Greek letter is a capital.
func isUpperRune(r rune) bool {
	switch {
	case r >= 0x410 && r <= 0x42F, r >= 0x400 && r <= 0x40F, r >= 0x391 && r <= 0x3AB:
		return true
	case r >= 0x460 && r <= 0x52F:
		return r%2 == 0
	}
	return false
}
