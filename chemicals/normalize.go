package chemicals

import "unicode/utf8"

// Normalisation turns free text into a canonical token stream that catalog
// names and item descriptions share, so that spelling variants meet:
//
//   - letters are lower-cased, accents and compatibility forms removed (NFKD),
//     Greek α/β/γ/δ spelt out; every other character separates tokens;
//   - tokens split where letters meet digits ("4AP" = "4-AP");
//   - stereo descriptors ((1R,2S)-, (+)-, (−)-, (±)-, d-, l-, dl-, rac-) and
//     the prefix locants "N-" and "1-" are dropped;
//   - "stem-4-one" becomes "4-stemone" (piperidin-4-one = 4-piperidinone), and
//     a small table unifies words chemists use interchangeably (tert/t, tBu,
//     Boc, anilino/phenylamino, piperidinone/piperidone, propionyl/propanoyl);
//   - spelling is folded (ph→f, th→t, y→i) so "sulphate" meets "sulfate" and
//     "fenil" meets "phenyl".
//
// The canonical text is the concatenation of the tokens without separators;
// each token remembers its byte span in the original string, so a match on
// canonical text maps back to original offsets.

// ctok is one canonical token.
type ctok struct {
	cs, ce int32 // range in normText.buf
	os, oe int32 // byte range in the original string
	sep    byte  // separator bits before it (sep*); sepGlued: letters meet digits
	digits bool  // all digits
	// nsub: the token was written after an "N-" locant (dropped), so it
	// starts a substituent on a nitrogen ("N-phenyl", "N-(piperidin-4-yl)").
	nsub bool
}

func (t *ctok) glued() bool { return t.sep == sepGlued }

// rawTok is one alphanumeric run of the original text before rewriting.
type rawTok struct {
	bs, be int32 // range in normText.raw (lower-case ASCII)
	os, oe int32
	sep    byte // separators before it: sep* bits, 0 at the start
	digits bool
}

// Separator bits of rawTok.sep.
const (
	sepHyphen  = 1 << iota // '-' or a typographic dash
	sepBracket             // ( ) [ ]
	sepSpace               // anything else
	sepGlued               // no separator: letters meet digits
	sepComma               // a comma (with sepSpace): CAS index names
)

// normText is the reusable scratch state of one normalisation.
type normText struct {
	raw     []byte
	raws    []rawTok
	buf     []byte
	toks    []ctok
	percent bool   // the text had a '%' (purity)
	digits  bool   // the text may have an ASCII digit (false: it has none)
	nfkd    []byte // scratch for Unicode decompositions
	pending int32  // start of dropped prefix tokens, joined to the next token's span; -1 if none
	// phenethyl: the next word starts "phenylethyl" after a dropped "2-"
	// locant and is spelt "phenethyl".
	phenethyl bool
	// esterWild is a mode: spell every ester alkyl (methyl, ethyl, tert-butyl
	// …) as the wildcard esterAlkyl, to find other esters of a listed acid.
	esterWild bool
	// literal is a mode: keep word order ("piperidin-4-amine" stays as
	// written), for misspellings that defeat the reordering rules.
	literal bool
	// reordered: a word was reordered or split ("phenylpiperidin-4-amine").
	reordered bool
	alkyls    int  // alkyl words seen
	tailSep   byte // separators after the last raw token
	// pendingN: the dropped prefix tokens include an "N-"; nsub: the token
	// being emitted takes it (ctok.nsub).
	pendingN, nsub bool
	amine          []amineTok // scratch of the amine rewrite (normalize_amine.go)
	foreign        []rawTok   // scratch of foreignNames (nomenclature_latin.go)
	foreignAcid    []rawTok   // scratch of romanceEster
	// foreignHint: a raw word may start a foreign-name rewrite (set by
	// joinSpaced, used by foreignNames).
	foreignHint bool
	// identifier: the text may hold a machine identifier (identifiers.go).
	identifier bool
	// leet is a mode: read digits inside chemical words as letters
	// (leetLetter); leetCandidate: the text has such a digit.
	leet, leetCandidate bool
	// tricks are the obfuscations seen, at their original offsets
	// (normalize_script.go); nil for plain text.
	tricks []trickEvent
	// wild records the alkyl each ester wildcard stood for (esterWild).
	wild []wildAlkyl
}

func (n *normText) reset() {
	n.raw, n.raws, n.buf, n.toks = n.raw[:0], n.raws[:0], n.buf[:0], n.toks[:0]
	n.percent, n.pending, n.phenethyl, n.alkyls, n.tailSep, n.reordered = false, -1, false, 0, 0, false
	n.digits = false
	n.pendingN, n.nsub = false, false
	n.tricks, n.wild = n.tricks[:0], n.wild[:0]
	n.leetCandidate, n.identifier = false, false
}

// normalize fills n with the canonical form of s.
func (n *normText) normalize(s string) {
	n.reset()
	n.scan(s)
	n.joinSpaced(s)
	n.foreignNames()
	n.fuseRings()
	n.uninvert()
	n.rewrite()
	if !n.literal {
		n.amines()
	}
}

// canonicalKey returns the canonical concatenation of s (used for catalog
// names and word tables) and the number of tokens in it.
func canonicalKey(s string) (string, int) {
	var n normText
	n.normalize(s)
	return string(n.buf), len(n.toks)
}

// scan splits s into raw tokens.
func (n *normText) scan(s string) {
	var sep byte
	cur := -1 // index of open raw token
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if isDigit(c) { // one branch for the two digit tests
				if i > 0 && formulaLetter(s[i-1]) {
					n.identifier = true // "C13H17NO", "c1ccccc1"
				}
				if (n.leet || !n.leetCandidate) && mayBeLeet(s, i) {
					if l := leetLetter(s, i); l != 0 && n.leet {
						n.trick(i, ObfLeet)
						cur, sep = n.addByte(l, i, i+1, cur, sep)
						i++
						continue
					} else if l != 0 {
						n.leetCandidate = true
					}
				}
			}
			if l := lower(c); l != 0 {
				start := i
				cur, i = n.addRun(s, i, cur, sep)
				if i-start >= 14 && upper(s[start]) && upper(s[start+13]) {
					n.identifier = true // an InChIKey's first block
				}
				sep = 0
				continue
			}
			cur = -1
			if c == '(' || c == '[' {
				if j := stereoEnd(s, i); j > 0 {
					n.digits = true // it may hold some: "(1R,2S)"
					i, sep = j, sep|sepSpace
					continue
				}
			}
			sep = mergeSep(sep, c)
			if c == '%' {
				n.percent = true
			} else if c == '=' || c == '#' || c == '[' || c == '(' && i > 0 && upper(s[i-1]) {
				n.identifier = true // InChI=, SMILES bonds, brackets and branches
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if end, ok := n.addScriptRun(s, i, r, &cur, &sep); ok {
			i = end
			continue
		}
		cur, sep = n.addRune(r, s, i, i+size, cur, sep)
		i += size
	}
	n.tailSep = sep
}

// addRun appends the run of ASCII letters, or of digits, that starts at
// s[i], as addByte would one byte at a time, and returns the open raw token
// and the end of the run.
func (n *normText) addRun(s string, i, cur int, sep byte) (int, int) {
	isDigit := s[i] <= '9'
	n.digits = n.digits || isDigit
	if cur >= 0 && n.raws[cur].digits != isDigit {
		cur, sep = -1, sepGlued
	}
	if cur < 0 {
		if len(n.raws) < cap(n.raws) {
			n.raws = n.raws[:len(n.raws)+1] // see setRaw; every field is set
		} else {
			n.raws = append(n.raws, rawTok{}) // filled in place, see addTok
		}
		cur = len(n.raws) - 1
		t := &n.raws[cur]
		t.bs, t.os, t.sep, t.digits = int32(len(n.raw)), int32(i), sep, isDigit
	}
	raw, j := n.raw, i // a local slice: appending to n.raw would store it each time
	for ; j < len(s); j++ {
		c := s[j]
		if isDigit {
			if c < '0' || c > '9' {
				break
			}
		} else if c |= 0x20; c < 'a' || c > 'z' { // lower case
			break
		}
		raw = append(raw, c)
	}
	n.setRaw(raw)
	t := &n.raws[cur]
	t.be, t.oe = int32(len(raw)), int32(j)
	return cur, j
}

// setRaw sets n.raw to raw, an extension of it. Unless append moved it,
// only the length changes, which spares a write barrier.
func (n *normText) setRaw(raw []byte) {
	if cap(raw) == cap(n.raw) {
		n.raw = n.raw[:len(raw)]
	} else {
		n.raw = raw
	}
}

// addByte appends a lower-case ASCII letter or digit that spans s[os:oe].
func (n *normText) addByte(l byte, os, oe, cur int, sep byte) (int, byte) {
	isDigit := l <= '9'
	if cur >= 0 && n.raws[cur].digits != isDigit {
		cur, sep = -1, sepGlued
	}
	if cur < 0 {
		n.raws = append(n.raws, rawTok{
			bs: int32(len(n.raw)), os: int32(os), sep: sep, digits: isDigit,
		})
		cur = len(n.raws) - 1
	}
	n.raw = append(n.raw, l)
	t := &n.raws[cur]
	t.be, t.oe = int32(len(n.raw)), int32(oe)
	return cur, 0
}

// lower returns c lower-cased if it is an ASCII letter or digit, else 0:
// a table, not a switch on the byte's class, which the text decides.
func lower(c byte) byte { return lowerTable[c] }

var lowerTable = func() (t [256]byte) {
	for c := range t {
		t[c] = lowerByte(byte(c))
	}
	return t
}()

// lowerByte is lower, computed.
func lowerByte(c byte) byte {
	switch {
	case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		return c
	case c >= 'A' && c <= 'Z':
		return c + 'a' - 'A'
	}
	return 0
}

// formulaLetter reports whether a digit after c may be a formula count or
// a SMILES ring closure.
func formulaLetter(c byte) bool {
	return c == 'C' || c == 'c' || c == 'H' || c == 'N' || c == 'O' || c == 'n' || c == 'o' || c == 'I' || c == 'P' || c == 'S'
}

// mergeSep adds separator character c to the separator bits seen so far.
func mergeSep(sep byte, c byte) byte {
	switch c {
	case '-':
		return sep | sepHyphen
	case '(', ')', '[', ']':
		return sep | sepBracket
	case ',':
		return sep | sepSpace | sepComma
	}
	return sep | sepSpace
}

// stereoEnd reports whether s[i] opens a stereo descriptor such as (1R,2S),
// (+), (−), (±) or (S); if so it returns the index after the closing bracket.
func stereoEnd(s string, i int) int {
	closer := byte(')')
	if s[i] == '[' {
		closer = ']'
	}
	sign := false
	for j := i + 1; j < len(s) && j < i+20; j++ {
		c := s[j]
		switch {
		case c == closer:
			if sign {
				return j + 1
			}
			return 0
		case c == 'R' || c == 'S' || c == 'r' || c == 's' || c == '+' || c == '-':
			sign = true
		case c >= '0' && c <= '9', c == ',', c == ' ', c == '/', c == '*':
		case c == 0xE2 && j+2 < len(s) && s[j+1] == 0x88 && s[j+2] == 0x92: // − minus
			sign, j = true, j+2
		case c == 0xC2 && j+1 < len(s) && s[j+1] == 0xB1: // ±
			sign, j = true, j+1
		default:
			return 0
		}
	}
	return 0
}
