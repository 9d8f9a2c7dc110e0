package chemicals

import "math/bits"

// Misspelt long names ("4-anilinopiperdine", "pseudoephedrin", "efedrina")
// are found by comparing canonical text against catalog keys with the
// optimal-string-alignment form of Damerau–Levenshtein distance (edits and
// adjacent transpositions), bounded and banded so a comparison stops as soon
// as the distance limit is exceeded.
//
// Fuzzy work is confined to candidates: a comparison starts only at a token
// start (not a short word no key begins with), only against keys of at
// least eight characters filed under a signature of the window's first
// three characters that survives one edit there (see fuzzyIndex), only over
// whole-token windows whose length is within the edit limit of the key's
// and whose letter set, and letter counts, differ from the key's by at
// most that many letters either way. Spelling folds turn ph into f and th
// into t, so a typo that swaps the h away ("ehpedrine", "phenehtyl")
// leaves a stray h: a second comparison ignores h's.
//
// A small distance is not enough: one letter separates many different
// chemicals. A fuzzy match is rejected when the text and the key
//   - differ in any digit (locants: 3-oxo-4-phenyl… is not 3-oxo-2-phenyl…),
//   - end in different chemical suffixes (piperidine/piperidone,
//     methylamine/methylamide),
//   - differ in chain, ring, halogen or nitrogen morphemes: the text brings
//     one in (nitromethane is not nitroethane, benzyl is not phenyl,
//     norephedrine is not ephedrine) or loses a short one without a
//     transposition to show for it (ethylamine is not methylamine, but
//     "nroephedrine" is norephedrine),
//   - differ in a code (BMK is not PMK), or
//   - differ by two adjacent letters, or in word count (see below).

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

// fuzzyHit is the best fuzzy candidate starting at one token.
type fuzzyHit struct {
	pat         int32
	first, last int
	dist        int
}

// maxWindow bounds the tokens of one fuzzy window.
const maxWindow = 16

// best returns the closest acceptable key over whole-token windows starting
// at token t. A window may run over tokens an exact key covered (the
// caller checks that it then contains that whole hit), but not over stop
// tokens. fs must have been prepared for n.
func (f *fuzzyIndex) best(n *normText, t int, stop []bool, fs *fuzzyScratch) (fuzzyHit, bool) {
	buf := n.buf
	cs := n.toks[t].cs
	if int(cs)+minFuzzyLen-1 > len(buf) {
		return fuzzyHit{}, false
	}
	if tk := &n.toks[t]; tk.ce-tk.cs <= 3 && !f.shortStart(buf[tk.cs:tk.ce]) {
		return fuzzyHit{}, false // "the", "of", "25": no key starts so
	}
	b := buf[cs : cs+3]
	first := f.candidates(b[0], b[1], b[2])
	var second []fuzzyCand
	if b[0] == 'h' || b[1] == 'h' || b[2] == 'h' {
		// "ehpedrine", "pehnylacetone": a swapped ph
		if h := withoutH(buf[cs:min(int(cs)+6, len(buf))], 3); len(h) == 3 {
			second = f.candidates(h[0], h[1], h[2])
		}
	}
	if !mayReach(first, len(buf)-int(cs)) && !mayReach(second, len(buf)-int(cs)) {
		return fuzzyHit{}, false // no candidate, or every one longer than the rest of the text
	}
	fs.begin(n, t, stop, len(f.keys), max(f.reach(first), f.reach(second)))
	best := fuzzyHit{dist: 99}
	f.probe(n, t, first, 0, false, fs, &best)
	if len(second) > 0 {
		fs.mark(first) // keys of both lists are tried once, as the first's
		f.probe(n, t, second, int32(len(first)), true, fs, &best)
	}
	return best, best.dist <= 2
}

// withoutH returns the first n letters of w that are not 'h', in a slice
// of a small array. Spelling folds turn ph into f and th into t, so a typo
// that swaps the h away ("ehpedrine", "phenehtyl") leaves a stray h:
// comparisons ignore it.
func withoutH(w []byte, n int) []byte {
	var out [maxOSA]byte
	k := 0
	for _, c := range w {
		if c != 'h' && k < n && k < maxOSA {
			out[k] = c
			k++
		}
	}
	return out[:k:k]
}

// tryKey compares windows lo..hi starting at token t (those whose length
// is within the key's, see probe) with key id, of the given rank, and
// keeps the best acceptable one in best: the closest, then the longest,
// then the first in rank.
func (f *fuzzyIndex) tryKey(n *normText, t int, id, rank int32, lo, hi int, fs *fuzzyScratch, best *fuzzyHit) {
	cs := n.toks[t].cs
	fk := &f.keys[id]
	key := fk.key
	k := int(fk.k)
	km := fk.mask
	var gap countGap // started at the first window that gets this far
	started := false
	for w := lo; w <= hi; w++ {
		wm := fs.masks[w]
		if bits.OnesCount64(km&^wm) > k || bits.OnesCount64(wm&^km) > k {
			continue
		}
		j := t + w
		if !started {
			gap, started = f.newCountGap(id, cs), true
		}
		if gap.extend(n.buf, fs.ends[w]); gap.extra > k {
			return // and so for every longer window
		}
		if gap.lack > k {
			continue
		}
		d, text, kk := fuzzyDistance(n.buf[cs:fs.ends[w]], key, fk.keyNoH, k)
		if d == 0 || d > k || d > best.dist || !fuzzyCompatible(text, kk) ||
			d == 2 && twoLetterGap(text, kk) ||
			!sameWordCount(n, t, j, int(fk.words), d) || !shortWordsKept(n, t, j, key) || !alkylsKept(n, t, j, key) {
			continue
		}
		if d < best.dist || j > best.last || j == best.last && rank < fs.bestRank {
			*best = fuzzyHit{pat: f.pat[id], first: t, last: j, dist: d}
			fs.bestRank = rank
		}
	}
}

// fuzzyDistance compares a text window with a key, then, if that fails and
// an h is involved, both without their h's (counting at least one edit).
// It returns the distance and the strings the guards should judge: without
// h's, so that a stray h does not hide a morpheme ("phenehtyl").
func fuzzyDistance(win []byte, key, keyNoH string, k int) (int, string, string) {
	d := osaDistance(win, key, k)
	stripped := withoutH(win, len(win))
	if len(stripped) == len(win) && len(keyNoH) == len(key) {
		return d, string(win), key
	}
	if d > k {
		d = max(osaDistance(stripped, keyNoH, k), 1)
	}
	return d, string(stripped), keyNoH
}
