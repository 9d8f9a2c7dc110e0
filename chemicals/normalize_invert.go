package chemicals

// CAS index names put the parent compound first and its substituents after
// a comma, each group ending in a hyphen, and the ester or salt last:
//
//	Butanoic acid, 3-oxo-2-phenyl-, methyl ester
//	4-Piperidinamine, N-phenyl-
//	1-Piperidinecarboxylic acid, 4-(phenylamino)-, 1,1-dimethylethyl ester
//
// uninvert swaps the parent and the substituent groups back into the order
// of an ordinary name ("3-oxo-2-phenyl-butanoic acid methyl ester"), so the
// usual keys meet them. Raw tokens keep their original spans, so a match
// still quotes the text as written.

// parentTail are last words of a parent that belong with the word before
// them ("Benzeneacetic acid", "Propanoic anhydride").
var parentTail = map[string]bool{"acid": true, "anhydride": true, "ester": true, "chloride": true}

// uninvert reorders every "Parent, substituents-," group of the raw tokens.
func (n *normText) uninvert() {
	for i := 1; i < len(n.raws); i++ {
		if !n.commaBefore(i) {
			continue
		}
		end := n.substituentsEnd(i)
		if end < 0 {
			continue
		}
		start := n.parentStart(i)
		if start < 0 {
			continue
		}
		n.swapRuns(start, i, end)
		i = end - 1
	}
}

// substituentsEnd returns the index after the substituent groups that start
// at raw token i, if they end in a hyphen followed by a comma, a space or
// the end of the text ("3-oxo-2-phenyl-,"), else -1. Groups are short: at
// most eight tokens, no other comma or space inside.
func (n *normText) substituentsEnd(i int) int {
	for j := i + 1; j <= len(n.raws) && j <= i+8; j++ {
		sep := n.tailSep
		if j < len(n.raws) {
			sep = n.raws[j].sep
		}
		if j == len(n.raws) || sep&sepSpace != 0 && !n.locantList(j) {
			if sep&sepHyphen != 0 && !n.raws[j-1].digits {
				return j
			}
			return -1
		}
	}
	return -1
}

// commaBefore reports whether a comma separates raw token i from the one
// before, other than inside a locant list ("2,2,6,6-").
func (n *normText) commaBefore(i int) bool {
	return n.raws[i].sep&sepComma != 0 && !n.locantList(i)
}

// locantList reports whether raw tokens i-1 and i are locants separated by
// a bare comma ("2,2").
func (n *normText) locantList(i int) bool {
	return i > 0 && n.raws[i-1].digits && n.raws[i].digits && n.raws[i].sep == sepSpace|sepComma
}

// parentStart returns the first raw token of the parent that ends just
// before the comma at raw token i: one word, with the word before it if it
// is "acid" or the like, and a locant hyphenated in front ("2-Propanone",
// "1-Piperidinecarboxylic acid"); -1 if there is none.
func (n *normText) parentStart(i int) int {
	p := i - 1
	if n.raws[p].digits {
		return -1
	}
	if parentTail[n.word(p)] && p > 0 && !n.raws[p-1].digits && !n.commaBefore(p) {
		p--
	}
	if p > 0 && n.raws[p-1].digits && n.raws[p].sep == sepHyphen && n.raws[p-1].be-n.raws[p-1].bs == 1 {
		p--
	}
	return p
}

// swapRuns turns raw tokens [a,b) [b,c) into [b,c) [a,b), moving the
// separators so that the substituents lead and hyphenate onto the parent.
func (n *normText) swapRuns(a, b, c int) {
	lead := n.raws[a].sep
	var tmp [16]rawTok
	if c-a > len(tmp) {
		return
	}
	k := copy(tmp[:], n.raws[b:c])
	k += copy(tmp[k:], n.raws[a:b])
	copy(n.raws[a:c], tmp[:k])
	n.raws[a].sep = lead
	n.raws[a+c-b].sep = sepHyphen
	if c < len(n.raws) {
		n.raws[c].sep = sepSpace
	}
}

// fuseRings rewrites fusion nomenclature into the older locant form:
// "benzo[d][1,3]dioxol" becomes "1,3-benzodioxol", so that
// "methyl 3-(benzo[d][1,3]dioxol-5-yl)…" meets "3-(1,3-benzodioxol-5-yl)…".
// The fusion letter is dropped and the ring word joins "benzo". One pass,
// compacting the raw tokens in place.
func (n *normText) fuseRings() {
	r := n.raws
	w := 0
	for w < len(r) && (r[w].be-r[w].bs != 5 || n.fusionEnd(w) < 0) {
		w++ // nothing to do before the first fusion name (usually none)
	}
	for i := w; i < len(r); {
		j := n.fusionEnd(i)
		if j < 0 {
			r[w] = r[i]
			w, i = w+1, i+1
			continue
		}
		bs := int32(len(n.raw))
		n.raw = append(n.raw, "benzo"...)
		n.raw = append(n.raw, n.raw[r[j].bs:r[j].be]...)
		fused := rawTok{bs: bs, be: int32(len(n.raw)), os: r[i].os, oe: r[j].oe, sep: sepHyphen}
		lead := r[i].sep
		for l := i + 2; l < j; l++ { // the locants move in front
			t := r[l]
			t.sep = sepSpace
			if l == i+2 {
				t.sep = lead
			}
			r[w] = t
			w++
		}
		if j == i+2 {
			fused.sep = lead
		}
		r[w] = fused
		w, i = w+1, j+1
	}
	n.raws = r[:w]
}

// fusionEnd returns the index of the ring word if raw tokens from i read
// "benzo [letter] [locants] word", else -1.
func (n *normText) fusionEnd(i int) int {
	r := n.raws
	if i+2 >= len(r) || r[i].be-r[i].bs != 5 || n.word(i) != "benzo" || r[i+1].digits || r[i+1].be-r[i+1].bs != 1 || r[i+1].sep&sepBracket == 0 {
		return -1
	}
	j := i + 2
	for j < len(r) && r[j].digits && j < i+5 {
		j++
	}
	if j >= len(r) || r[j].digits || r[j].sep&sepGlued != 0 {
		return -1
	}
	return j
}
