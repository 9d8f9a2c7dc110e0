package chemicals

import "unicode/utf8"

// Letter-spacing, separator substitution and digits for letters
// (see normalize_script.go for homoglyphs and invisible characters).

// spacingSeparators are the characters that, between two words of one
// name, substitute for a space or a hyphen: "phenyl_acetone", "nitro/ethane".
const spacingSeparators = "_/.*|~+\\"

var spacingSeparator = func() (t [256]bool) {
	for i := 0; i < len(spacingSeparators); i++ {
		t[spacingSeparators[i]] = true
	}
	return t
}()

// joinSpaced merges letter-spaced runs of raw tokens ("p h e n y l",
// "e.p.h.e.d.r.i.n.e"): three or more one-letter tokens, each one byte of
// separator from the next, become one word. A double space ends a word.
// Separator substitutions between words are recorded as spacing too.
func (n *normText) joinSpaced(s string) {
	r := n.raws
	spacedRuns, foreign := 0, false
	for i := range r {
		t := &r[i]
		// nomenclature_latin.go, in the same pass, its quick tests inline
		if !foreign && !t.digits {
			if w := n.raw[t.bs:t.be]; foreignGate.mayHave(w) || mayBeGerman(w) {
				foreign = n.foreignWord(i)
			}
		}
		if i == 0 {
			continue
		}
		// the word shapes as bits, not branches: ordinary words give
		// each test a different answer
		p := &r[i-1]
		near := b2i(t.os-p.oe == 1) & b2i(!t.digits) // one byte apart, a word after it
		if i >= 2 {
			q := &r[i-2]
			spacedRuns |= near & oneLetterBit(t) & oneLetterBit(p) & oneLetterBit(q) & b2i(p.os-q.oe == 1)
		}
		if near&b2i(t.sep&sepSpace != 0) != 0 && spacingSeparator[s[p.oe]] && (s[p.oe] == '_' || !p.digits) {
			n.trick(int(p.oe), ObfSpacing)
		}
	}
	spaced := spacedRuns != 0
	n.foreignHint = foreign
	if spaced {
		n.joinLetters()
	}
}

// joinLetters merges the letter-spaced runs of raw tokens.
func (n *normText) joinLetters() {
	r := n.raws
	w := 0
	for i := 0; i < len(r); {
		k := i + 1
		for k < len(r) && oneLetter(r[k-1]) && oneLetter(r[k]) && r[k].os-r[k-1].oe == 1 && r[k].sep != sepGlued {
			k++
		}
		if k-i >= 3 && oneLetter(r[i]) {
			n.trick(int(r[i].os), ObfSpacing)
			t := r[i]
			t.be, t.oe = r[k-1].be, r[k-1].oe // raw bytes of consecutive tokens are contiguous
			r[w] = t
			w, i = w+1, k
			continue
		}
		r[w] = r[i]
		w, i = w+1, i+1
	}
	n.raws = r[:w]
}

// wordByte reports whether s[k] belongs to a word a leet digit may sit
// in: an ASCII letter, a byte of a non-ASCII character (a homoglyph, an
// invisible character), or another lone leet digit.
func wordByte(s string, k int) bool {
	return lower(s[k]) >= 'a' || s[k] >= utf8.RuneSelf || isLeetDigit(s, k)
}

// isLeetDigit reports whether s[k] is a lone digit that may stand for a
// letter.
func isLeetDigit(s string, k int) bool {
	switch s[k] {
	case '0', '1', '3', '4', '5', '7':
		return (k == 0 || !isDigit(s[k-1])) && (k+1 == len(s) || !isDigit(s[k+1]))
	}
	return false
}

func oneLetter(t rawTok) bool { return !t.digits && t.be-t.bs == 1 }

// oneLetterBit is oneLetter as 1 or 0, without a branch.
func oneLetterBit(t *rawTok) int { return b2i(!t.digits) & b2i(t.be-t.bs == 1) }

// mayBeLeet is leetLetter's quick test, cheap enough for every digit: a
// digit that stands for a letter is one of 0 1 3 4 5 7 with a letter (or a
// non-ASCII character) beside it.
func mayBeLeet(s string, i int) bool {
	switch s[i] {
	case '0', '1', '3', '4', '5', '7':
	default:
		return false
	}
	return i > 0 && (lower(s[i-1]) >= 'a' || s[i-1] >= utf8.RuneSelf) ||
		i+1 < len(s) && (lower(s[i+1]) >= 'a' || s[i+1] >= utf8.RuneSelf)
}

// leetLetter returns the letter a single digit s[i] stands for inside a
// chemical word ("ph3nyl", "n0rfentanyl", "3phedrine"), or 0: a digit
// glued to letters, three or more of them on one side, never part of a
// longer number. 1 is i between consonants ("p1peridine") and l elsewhere
// ("pheny1", "an1line" has it between vowels' neighbours: see below).
func leetLetter(s string, i int) byte {
	if i > 0 && isDigit(s[i-1]) || i+1 < len(s) && isDigit(s[i+1]) {
		return 0
	}
	before, after := 0, 0 // letters (and other such digits) on each side
	for k := i - 1; k >= 0 && wordByte(s, k); k-- {
		before++
	}
	for k := i + 1; k < len(s) && wordByte(s, k); k++ {
		after++
	}
	if before < 3 && after < 3 || before+after < 5 {
		return 0 // "5pcs", "3ply", "4pack": codes and quantities, not chemical words
	}
	switch s[i] {
	case '0':
		return 'o'
	case '3':
		return 'e'
	case '4':
		return 'a'
	case '5':
		return 's'
	case '7':
		return 't'
	case '1':
		prev, next := byte('a'), byte('a')
		if before > 0 {
			prev = lower(s[i-1])
		}
		if after > 0 {
			next = lower(s[i+1])
		}
		if !isVowel(prev) && !isVowel(next) {
			return 'i'
		}
		return 'l'
	}
	return 0
}
