package chemicals

import (
	"math/bits"
	"strings"
)

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
// and whose letter set differs from the key's by at most that many
// letters. Spelling folds turn ph into f and th into t, so a typo that
// swaps the h away ("ehpedrine", "phenehtyl") leaves a stray h: a second
// comparison ignores h's.
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

// fuzzyIndex finds the keys a text window may be a misspelling of. Each
// key is filed under two-symbol signatures of its first three symbols
// k0k1k2, one table per kind of signature; a window t0t1t2 is looked up
// under the signatures one edit in the first letters would leave:
//
//	t0t1 = k0k1 (no edit there), k1k2 (k0 dropped), k0k2 (k1 dropped or
//	       k1k2 swapped), k1k0 (k0k1 swapped);
//	t1t2 = k0k1 (a letter added in front), k1k2 (k0 replaced);
//	t0t2 = k0k1 (a letter added after k0), k0k2 (k1 replaced).
//
// So a typo in the first two letters is found as well as one further on.
type fuzzyIndex struct {
	sig    [4][alphabetSize * alphabetSize][]int32 // sigK0K1, sigK1K2, sigK0K2, sigK1K0
	mask   []uint64                                // per pattern: the set of symbols in its key
	keyNoH []string                                // per pattern: its key without 'h'
	// shortStarts holds the first one to three symbols of every key: a
	// window may start at a short token ("the", "25", "NPP") only if a key
	// starts with it, as a typo in a code or locant is another compound.
	shortStarts map[string]bool
}

// Signature kinds of fuzzyIndex.sig.
const (
	sigK0K1 = iota
	sigK1K2
	sigK0K2
	sigK1K0
)

func buildFuzzy(patterns []pattern, ids []int32) *fuzzyIndex {
	f := &fuzzyIndex{mask: make([]uint64, len(patterns)), keyNoH: make([]string, len(patterns)), shortStarts: map[string]bool{}}
	for _, id := range ids {
		p := &patterns[id]
		if p.kind == kindAbbreviation || p.kind == kindGeneric || len(p.key) < minFuzzyLen || len(p.key) >= maxOSA {
			continue
		}
		f.mask[id] = symbolSet([]byte(p.key))
		f.keyNoH[id] = strings.ReplaceAll(p.key, "h", "")
		k := p.key
		for l := 1; l <= 3; l++ {
			f.shortStarts[k[:l]] = true
		}
		for kind, b := range [4]int{pairBucket(k[0], k[1]), pairBucket(k[1], k[2]), pairBucket(k[0], k[2]), pairBucket(k[1], k[0])} {
			f.sig[kind][b] = append(f.sig[kind][b], id)
		}
	}
	return f
}

func pairBucket(a, b byte) int { return max(symbol(a), 0)*alphabetSize + max(symbol(b), 0) }

// symbolSet returns the set of canonical symbols in w as a bit mask.
func symbolSet(w []byte) uint64 {
	var m uint64
	for _, c := range w {
		if s := symbol(c); s >= 0 {
			m |= 1 << s
		}
	}
	return m
}

// fuzzyHit is the best fuzzy candidate starting at one token.
type fuzzyHit struct {
	pat         int32
	first, last int
	dist        int
}

// maxWindow bounds the tokens of one fuzzy window.
const maxWindow = 16

// fuzzyScratch is the reusable state of fuzzy lookups in one item.
type fuzzyScratch struct {
	stamp []uint32 // per pattern: the token start it was last tried from
	gen   uint32
	// windows starting at the current token: end offset and symbol set
	// (without h) of windows ending at each following token
	ends  [maxWindow]int32
	masks [maxWindow]uint64
	nwin  int
	start int32 // canonical offset of the windows' start
}

// begin prepares fs for the windows starting at token t.
func (fs *fuzzyScratch) begin(n *normText, t int, stop []bool, patterns int) {
	if len(fs.stamp) != patterns {
		fs.stamp, fs.gen = make([]uint32, patterns), 0
	}
	fs.gen++
	if fs.gen == 0 {
		clear(fs.stamp)
		fs.gen = 1
	}
	var m uint64
	fs.nwin, fs.start = 0, n.toks[t].cs
	for j := t; j < len(n.toks) && fs.nwin < maxWindow && (j == t || !stop[j]); j++ {
		tk := n.toks[j]
		m |= symbolSet(n.buf[tk.cs:tk.ce])
		fs.ends[fs.nwin], fs.masks[fs.nwin] = tk.ce, m&^(1<<('h'-'a'))
		fs.nwin++
	}
}

// best returns the closest acceptable key over whole-token windows starting
// at token t. A window may run over tokens an exact key covered (the
// caller checks that it then contains that whole hit), but not over stop
// tokens.
func (f *fuzzyIndex) best(n *normText, t int, stop []bool, patterns []pattern, fs *fuzzyScratch) (fuzzyHit, bool) {
	buf := n.buf
	cs := n.toks[t].cs
	if int(cs)+minFuzzyLen-1 > len(buf) {
		return fuzzyHit{}, false
	}
	if tk := n.toks[t]; tk.ce-tk.cs <= 3 && !f.shortStarts[string(buf[tk.cs:tk.ce])] {
		return fuzzyHit{}, false // "the", "of", "25": no key starts so
	}
	fs.begin(n, t, stop, len(patterns))
	best := fuzzyHit{dist: 99}
	b := buf[cs : cs+3]
	f.probe(n, t, b[0], b[1], b[2], patterns, fs, &best)
	if h := withoutH(buf[cs:min(int(cs)+6, len(buf))], 3); len(h) == 3 && string(h) != string(b) {
		f.probe(n, t, h[0], h[1], h[2], patterns, fs, &best) // "ehpedrine", "pehnylacetone": a swapped ph
	}
	return best, best.dist <= 2
}

// probe tries the keys filed under the signatures of window start t0t1t2.
func (f *fuzzyIndex) probe(n *normText, t int, t0, t1, t2 byte, patterns []pattern, fs *fuzzyScratch, best *fuzzyHit) {
	b01, b12, b02 := pairBucket(t0, t1), pairBucket(t1, t2), pairBucket(t0, t2)
	for _, l := range [8][]int32{
		f.sig[sigK0K1][b01], f.sig[sigK1K2][b01], f.sig[sigK0K2][b01], f.sig[sigK1K0][b01],
		f.sig[sigK0K1][b12], f.sig[sigK1K2][b12],
		f.sig[sigK0K1][b02], f.sig[sigK0K2][b02],
	} {
		for _, id := range l {
			if fs.stamp[id] == fs.gen {
				continue
			}
			fs.stamp[id] = fs.gen
			if f.reachable(id, len(patterns[id].key), fs) {
				f.tryKey(n, t, id, patterns, fs, best)
			}
		}
	}
}

// reachable is a quick test before tryKey: some window is long enough
// for the key, the shortest is not too long, and the longest window holds
// all but at most k of the key's letters (windows only gain letters).
func (f *fuzzyIndex) reachable(id int32, keyLen int, fs *fuzzyScratch) bool {
	k := maxEdits(keyLen)
	longest, shortest := fs.ends[fs.nwin-1]-fs.start, fs.ends[0]-fs.start
	if int(longest) < keyLen-k || int(shortest) > keyLen+k+1 {
		return false
	}
	return bits.OnesCount64(f.mask[id]&^(1<<('h'-'a'))&^fs.masks[fs.nwin-1]) <= k
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

// tryKey compares the windows starting at token t with pattern id and
// keeps the best acceptable one in best.
func (f *fuzzyIndex) tryKey(n *normText, t int, id int32, patterns []pattern, fs *fuzzyScratch, best *fuzzyHit) {
	cs := n.toks[t].cs
	key := patterns[id].key
	k := maxEdits(len(key))
	km := f.mask[id] &^ (1 << ('h' - 'a'))
	for w := 0; w < fs.nwin; w++ {
		l := int(fs.ends[w] - cs)
		if l < len(key)-k {
			continue
		}
		if l > len(key)+k+1 {
			return
		}
		wm := fs.masks[w]
		if bits.OnesCount64(km&^wm) > k || bits.OnesCount64(wm&^km) > k {
			continue
		}
		j := t + w
		d, text, kk := fuzzyDistance(n.buf[cs:fs.ends[w]], key, f.keyNoH[id], k)
		if d == 0 || d > k || d > best.dist || !fuzzyCompatible(text, kk) ||
			d == 2 && twoLetterGap(text, kk) ||
			!sameWordCount(n, t, j, patterns[id].words, d) || !shortWordsKept(n, t, j, key) {
			continue
		}
		if d < best.dist || j > best.last {
			*best = fuzzyHit{pat: id, first: t, last: j, dist: d}
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
