package chemicals

import "strings"

// Chemistry guards: a near miss within the edit budget is still rejected
// when the difference changes the compound (see fuzzy.go).

// chemicalSuffixes, longest first, in canonical spelling.
// A final "o" marks a prefix form (amino, chloro, oxo) that is never the
// compound the "-e" form names.
var chemicalSuffixes = []string{"amine", "amide", "one", "ine", "ide", "ate", "ite", "ane", "ene", "ol", "al", "o"}

// fuzzyMorphemes name chains, rings, halogens and nitrogen groups. A
// misspelling may not bring in one the key lacks (nitromethane is not
// nitroethane, norephedrine is not ephedrine, benzyl is not phenyl, the
// acyl benzoyl, "oil" once folded, is not the alkyl benzyl); it may
// garble one of the key's ("1-phenyl-2-prpoanone") unless that is a short
// morpheme whose loss leaves another compound (methylamine → ethylamine,
// isobutyl → butyl).
var fuzzyMorphemes = []string{"met", "et", "prop", "but", "clor", "brom", "iod", "fluor", "nitr", "amin", "amid", "nor", "iso", "oxo", "cian", "fen", "benz", "oil"}

// fuzzyCompatible applies the chemistry guards to a near miss.
func fuzzyCompatible(win, key string) bool {
	if !sameDigits(win, key) {
		return false
	}
	if sw, sk := suffixOf(win), suffixOf(key); sw != "" && sk != "" && sw != sk {
		return false
	}
	if substituentName(win) && !substituentName(key) {
		return false // "1-phenylpropan-2-yl" is a group of a larger molecule, not phenylacetone
	}
	for _, m := range fuzzyMorphemes {
		cw, ck := strings.Count(win, m), strings.Count(key, m)
		if cw > ck || cw < ck && !garbled(win, key, m) {
			return false
		}
	}
	return true
}

// garbled reports whether the text may have lost key morpheme m to a typo
// rather than to a different compound: m is long ("prop", "fluor"), or the
// phenyl morpheme, whose loss would show as another ring ("benz") that the
// text does not bring in. A missing "met", "et", "nor", "iso" or "oxo" is
// a different compound.
func garbled(win, key, m string) bool {
	if len(m) >= 4 || m == "fen" {
		return true
	}
	// a morpheme with two adjacent letters swapped is a typo: "nroephedrine"
	var sw [4]byte
	for i := 0; i+1 < len(m); i++ {
		copy(sw[:], m)
		sw[i], sw[i+1] = sw[i+1], sw[i]
		if strings.Contains(win, string(sw[:len(m)])) {
			return true
		}
	}
	return false
}

// substituentName reports whether a canonical name ends as a substituent group
// does ("-yl", canonical "il": "propan-2-yl", "phenethyl"), not as a
// nitrile written the German way ("-nitril").
func substituentName(s string) bool {
	return strings.HasSuffix(s, "il") && !strings.HasSuffix(s, "tril")
}

func suffixOf(s string) string {
	for _, x := range chemicalSuffixes {
		if strings.HasSuffix(s, x) {
			return x
		}
	}
	return ""
}

// sameDigits reports whether a and b hold the same digits in the same order.
func sameDigits(a, b string) bool {
	i, j := 0, 0
	for {
		for i < len(a) && !isDigit(a[i]) {
			i++
		}
		for j < len(b) && !isDigit(b[j]) {
			j++
		}
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		if a[i] != b[j] {
			return false
		}
		i++
		j++
	}
}

// twoLetterGap reports whether a and b differ only by two adjacent letters
// present in one and missing in the other. Typists rarely drop two letters
// in a row, but chemistry does: "1-phenylethyl" is not "phenethyl",
// "methacrylate" not "methyl acrylate".
func twoLetterGap(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(a) != len(b)+2 {
		return false
	}
	p := 0
	for p < len(b) && a[p] == b[p] {
		p++
	}
	return a[p+2:] == b[p:]
}

// shortWordsKept reports whether every code of tokens t..j (a short word
// without vowels: BMK, PMK, NPP) occurs in the key as written: an edit
// inside a code is another compound, not a typo ("acd" may be "acid").
func shortWordsKept(n *normText, t, j int, key string) bool {
	for k := t; k <= j; k++ {
		tk := n.toks[k]
		if tk.digits || tk.ce-tk.cs > 3 || strings.ContainsAny(string(n.buf[tk.cs:tk.ce]), "aeiou") {
			continue
		}
		if !strings.Contains(key, string(n.buf[tk.cs:tk.ce])) {
			return false
		}
	}
	return true
}

// alkylsKept reports whether every ester alkyl word among tokens t..j
// ("hexyl") occurs in the key: another alkyl is another ester, not a typo
// ("hexyl phenylacetate" is not ethyl phenylacetate).
func alkylsKept(n *normText, t, j int, key string) bool {
	for k := t; k <= j; k++ {
		tk := n.toks[k]
		if w := n.buf[tk.cs:tk.ce]; canonicalAlkyls[string(w)] && !strings.Contains(key, string(w)) {
			return false
		}
	}
	return true
}

// sameWordCount reports whether tokens t..j hold as many words as the key:
// exactly as many at distance 2 ("methyl methacrylate" is not "methyl
// acrylate" misspelt), one more or fewer at distance 1.
func sameWordCount(n *normText, t, j, words, dist int) bool {
	w := 0
	for k := t; k <= j; k++ {
		if !n.toks[k].digits {
			w++
		}
	}
	if dist >= 2 {
		return w == words
	}
	return w >= words-1 && w <= words+1
}
