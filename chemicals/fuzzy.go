package chemicals

import "strings"

// Misspelt long names ("4-anilinopiperdine", "pseudoephedrin", "efedrina")
// are found by comparing canonical text against catalog keys with the
// optimal-string-alignment form of Damerau–Levenshtein distance (edits and
// adjacent transpositions), bounded and banded so a comparison stops as soon
// as the distance limit is exceeded.
//
// Fuzzy work is confined to candidates: a comparison starts only at a token
// start whose first two canonical characters begin some key of at least
// eight characters, and only over whole-token windows whose length is within
// the edit limit of the key's. Ordinary words rarely pass the first filter
// and almost never the second.
//
// A small distance is not enough: one letter separates many different
// chemicals. A fuzzy match is rejected when the text and the key
//   - differ in any digit (locants: 3-oxo-4-phenyl… is not 3-oxo-2-phenyl…),
//   - end in different chemical suffixes (piperidine/piperidone,
//     methylamine/methylamide), or
//   - differ in chain, ring, halogen or nitrogen morphemes (nitromethane is
//     not nitroethane, benzyl is not phenyl, norephedrine is not ephedrine).

// minFuzzyLen is the shortest key compared fuzzily.
const minFuzzyLen = 8

// maxEdits returns the edit distance tolerated for a key of n characters.
func maxEdits(n int) int {
	switch {
	case n >= 12:
		return 2
	case n >= minFuzzyLen:
		return 1
	}
	return 0
}

// fuzzyIndex lists the fuzzy-eligible patterns by their first two symbols.
type fuzzyIndex struct {
	byPrefix [alphabetSize * alphabetSize][]int32
}

func buildFuzzy(patterns []pattern) *fuzzyIndex {
	f := &fuzzyIndex{}
	for id, p := range patterns {
		if p.kind == kindAbbreviation || len(p.key) < minFuzzyLen || len(p.key) >= maxOSA {
			continue
		}
		b := prefixBucket(p.key[0], p.key[1])
		f.byPrefix[b] = append(f.byPrefix[b], int32(id))
	}
	return f
}

func prefixBucket(a, b byte) int { return symbol(a)*alphabetSize + symbol(b) }

// fuzzyHit is the best fuzzy candidate starting at one token.
type fuzzyHit struct {
	pat         int32
	first, last int
	dist        int
}

// best returns the closest acceptable key over whole-token windows starting
// at token t, stopping at covered tokens.
func (f *fuzzyIndex) best(n *normText, t int, covered []bool, patterns []pattern) (fuzzyHit, bool) {
	toks, buf := n.toks, n.buf
	cs := toks[t].cs
	if int(cs)+minFuzzyLen-1 > len(buf) {
		return fuzzyHit{}, false
	}
	best := fuzzyHit{dist: 99}
	for _, id := range f.byPrefix[prefixBucket(buf[cs], buf[cs+1])] {
		key := patterns[id].key
		if !thirdLetterNear(buf[cs:], key) {
			continue
		}
		k := maxEdits(len(key))
		for j := t; j < len(toks) && !covered[j]; j++ {
			w := int(toks[j].ce - cs)
			if w < len(key)-k {
				continue
			}
			if w > len(key)+k {
				break
			}
			win := buf[cs:toks[j].ce]
			d := osaDistance(win, key, k)
			if d == 0 || d > k || d > best.dist || !fuzzyCompatible(string(win), key) ||
				d == 2 && twoLetterGap(string(win), key) ||
				!sameWordCount(n, t, j, patterns[id].words, d) {
				continue
			}
			if d < best.dist || j > best.last {
				best = fuzzyHit{pat: id, first: t, last: j, dist: d}
			}
		}
	}
	return best, best.dist <= 2
}

// thirdLetterNear is a cheap filter before the distance: the text and key
// agree in their first two characters (the index bucket) and one of their
// third and fourth characters lines up, as it does after any single edit
// at or after the third character.
func thirdLetterNear(w []byte, key string) bool {
	if len(w) < 4 {
		return false
	}
	return w[2] == key[2] || w[2] == key[3] || w[3] == key[2] || w[3] == key[3]
}

// maxOSA bounds the strings osaDistance compares.
const maxOSA = 64

// osaDistance returns the optimal-string-alignment distance of a and b, or
// k+1 as soon as it must exceed k. It does not allocate.
func osaDistance(a []byte, b string, k int) int {
	n, m := len(a), len(b)
	if n-m > k || m-n > k || n >= maxOSA || m >= maxOSA || k >= maxOSA {
		return k + 1
	}
	big := uint8(k + 1)
	var rows [3][maxOSA + 1]uint8 // distances stay below maxOSA
	pp, p, c := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= m; j++ {
		p[j] = uint8(j)
	}
	for i := 1; i <= n; i++ {
		lo, hi := max(1, i-k), min(m, i+k)
		c[0] = min(uint8(i), big)
		if lo > 1 {
			c[lo-1] = big
		}
		rowMin := c[lo-1]
		for j := lo; j <= hi; j++ {
			v := p[j-1]
			if a[i-1] != b[j-1] {
				v++
			}
			v = min(v, p[j]+1, c[j-1]+1)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, pp[j-2]+1)
			}
			c[j] = v
			rowMin = min(rowMin, v)
		}
		if hi < m {
			c[hi+1] = big
		}
		if rowMin >= big {
			return k + 1
		}
		pp, p, c = p, c, pp
	}
	return int(min(p[m], big))
}

// chemicalSuffixes, longest first, in canonical spelling.
// A final "o" marks a prefix form (amino, chloro, oxo) that is never the
// compound the "-e" form names.
var chemicalSuffixes = []string{"amine", "amide", "one", "ine", "ide", "ate", "ite", "ane", "ene", "ol", "al", "o"}

// fuzzyMorphemes must occur equally often in text and key.
var fuzzyMorphemes = []string{"met", "et", "prop", "but", "clor", "brom", "iod", "fluor", "nitr", "amin", "amid", "nor", "iso", "oxo", "cian", "fen", "benz"}

// fuzzyCompatible applies the chemistry guards to a near miss.
func fuzzyCompatible(win, key string) bool {
	if !sameDigits(win, key) {
		return false
	}
	if sw, sk := suffixOf(win), suffixOf(key); sw != "" && sk != "" && sw != sk {
		return false
	}
	for _, m := range fuzzyMorphemes {
		if strings.Count(win, m) != strings.Count(key, m) {
			return false
		}
	}
	return true
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
