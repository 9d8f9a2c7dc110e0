package chemicals

import "strings"

// The drop rules of the rewrite: stereo descriptors ("d-", "rac-") and
// prefix locants ("N-", "1-" on a ring nitrogen, the "2H-" of indicated
// hydrogen) carry no identity, and their bytes join the next token's span.

// dropped reports whether raw token i is a stereo descriptor or a prefix
// locant that carries no identity. Ordinary words are turned away by
// their first letter and length alone (droppable), without the branches
// of droppedWord.
func (n *normText) dropped(i int) bool {
	return n.droppable(i) && n.droppedWord(i)
}

// droppableLengths[c] has bit l set if a raw token of l bytes starting
// with c may be dropped: one of the words droppedWord names, a one-digit
// locant ("2" of "2H-"), or the "h" after it.
var droppableLengths = func() (t [256]uint8) {
	for _, w := range [...]string{"n", "1", "d", "l", "dl", "rac", "2", "beta", "t", "tert", "h"} {
		t[w[0]] |= 1 << len(w)
	}
	for c := '0'; c <= '9'; c++ {
		t[c] |= 1 << 1
	}
	return t
}()

// droppable reports whether raw token i may be dropped (droppedWord), by
// its first byte and length; TestDroppable checks that it lets every
// dropped token through.
func (n *normText) droppable(i int) bool {
	t := &n.raws[i]
	l := t.be - t.bs
	return l > 0 && l <= 4 && droppableLengths[n.raw[t.bs]]>>l&1 != 0
}

// droppedWord is dropped without the quick test of droppable.
func (n *normText) droppedWord(i int) bool {
	if n.raws[i].be-n.raws[i].bs > 4 {
		return false // longer than any word below, and than "2" or "h" of "2H-"
	}
	if n.indicatedHydrogen(i) || i > 0 && n.indicatedHydrogen(i-1) {
		return true // "2H-1,3-benzodioxol" is 1,3-benzodioxol
	}
	after := n.sepAfter(i)
	if after == 0 || after&sepGlued != 0 {
		return false
	}
	t, next := n.raws[i], n.raws[i+1]
	hyphen := after&sepHyphen != 0
	// a locant may be followed by a bracketed group starting with a digit
	nextOK := !next.digits || after&sepBracket != 0
	atStart := t.sep&(sepHyphen|sepGlued) == 0
	switch string(n.raw[t.bs:t.be]) {
	case "n":
		return nextOK && atStart && (hyphen || next.be-next.bs >= 4) || hyphen && nextOK || hyphen && n.locantOfWord(i+1)
	case "1":
		// 1- is N- on a ring whose nitrogen is position 1; on a chain it
		// counts (1-phenylethanol is not 2-phenylethanol)
		return hyphen && nextOK && n.nearRingN(i)
	case "d", "l", "dl", "rac":
		return hyphen && nextOK && atStart
	case "2", "beta":
		// 2-phenylethyl is phenethyl; 1-phenylethyl is another group
		if i+1 < len(n.raws) && phenylethylPrefixBytes(n.raw[n.raws[i+1].bs:n.raws[i+1].be]) > 0 {
			n.phenethyl = true
			return true
		}
		return false
	case "t", "tert":
		w := n.word(i + 1)
		return w == "boc" || w == "butoxycarbonyl" || w == "butyloxycarbonyl"
	}
	return false
}

// locantOfWord reports whether raw token i is a one-digit locant
// hyphenated onto a word: the "4-" of "N-4-piperidinyl".
func (n *normText) locantOfWord(i int) bool {
	return i+1 < len(n.raws) && n.raws[i].digits && n.raws[i].be-n.raws[i].bs == 1 &&
		n.raws[i+1].sep == sepHyphen && !n.raws[i+1].digits
}

// indicatedHydrogen reports whether raw tokens i, i+1 are an indicated
// hydrogen ("2H-", "1H-"), which names commonly leave out.
func (n *normText) indicatedHydrogen(i int) bool {
	r := n.raws
	return i+2 < len(r) && r[i].digits && r[i].be-r[i].bs == 1 && r[i+1].sep == sepGlued &&
		n.word(i+1) == "h" && r[i+2].sep&sepHyphen != 0
}

// nearRingN reports whether a word just before raw token i, or one of the
// three after it, names a ring with nitrogen at position 1 (piperidine,
// pyrrolidine, piperazine).
func (n *normText) nearRingN(i int) bool {
	for k := max(i-1, 0); k <= i+5 && k < len(n.raws); k++ {
		if k > i+1 && n.raws[k].sep&sepSpace != 0 {
			return false // the next word is another name
		}
		if ringN(n.raw[n.raws[k].bs:n.raws[k].be]) {
			return true
		}
	}
	return false
}

// ringN reports whether raw word w names a ring with nitrogen at position 1.
func ringN(w []byte) bool {
	s := string(w) // not retained: does not allocate
	// "piperi"/"piperd" also cover misspellings ("oxopiperdine"), not piperonyl
	return strings.Contains(s, "piperi") || strings.Contains(s, "piperd") || strings.Contains(s, "pyrrolid") ||
		strings.Contains(s, "piperaz")
}
