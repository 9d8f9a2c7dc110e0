package chemicals

import (
	"math"
	"strings"
)

// fuzzyIndex finds the keys a text window may be a misspelling of. Each
// key is filed under two-symbol signatures of its first three symbols
// k0k1k2; a window t0t1t2 is looked up under the signatures one edit in the
// first letters would leave:
//
//	t0t1 = k0k1 (no edit there), k1k2 (k0 dropped), k0k2 (k1 dropped or
//	       k1k2 swapped), k1k0 (k0k1 swapped);
//	t1t2 = k0k1 (a letter added in front), k1k2 (k0 replaced);
//	t0t2 = k0k1 (a letter added after k0), k0k2 (k1 replaced).
//
// So a typo in the first two letters is found as well as one further on.
// The lookups are done once, when the index is built: every window start
// t0t1t2 has its candidate list, the keys of those eight signatures, each
// once, ranked in that order (which decides between equally good hits) and
// listed by the shortest window they need, so that a lookup stops at the
// first key longer than the text can reach.
type fuzzyIndex struct {
	// cands[candStart[x]:candStart[x+1]] are the candidates of the window
	// start whose triple index (see candidates) is x.
	candStart []int32
	cands     []fuzzyCand
	// keys are the keys compared fuzzily, densely numbered (fuzzyCand.id):
	// everything a comparison reads of a key sits in its record, and the
	// records and key texts are contiguous, so the few keys an item is
	// compared with cost a cache line or two each, not a walk over the
	// patterns.
	keys []fuzzyKey
	// masks[id] is keys[id].mask, apart: the prefilter reads it for every
	// candidate, and this is a few kilobytes where the records are tens.
	masks []uint64
	// spread is the widest span of window lengths one key is compared with
	// (fuzzyKey.maxLen-minLen).
	spread int32
	pat    []int32 // key number -> pattern id
	// shortStarts holds the first one to three symbols of every key (see
	// shortIndex): a window may start at a short token ("the", "25", "NPP")
	// only if a key starts with it, as a typo in a code or locant is
	// another compound.
	shortStarts [(shortIndexes + 63) / 64]uint64
}

// fuzzyKey is what a comparison needs of one key.
type fuzzyKey struct {
	mask           uint64 // the set of symbols in the key, without h
	minLen, maxLen int32  // window lengths that may be within k edits: len-k .. len+k+1
	k              int32  // maxEdits(len)
	symbols        int32  // the key's symbols other than h
	words          int32  // the pattern's canonical tokens of letters (sameWordCount)
	key, keyNoH    string // the key, and the key without 'h' (substrings of one text)
	counts         symbolCounts
}

// fuzzyCand is a key in a candidate list, with the window lengths the key
// needs (fuzzyKey.minLen, maxLen) copied in: most candidates fail on length,
// and the list is read in order where the keys are not.
type fuzzyCand struct {
	id             int32 // key number (fuzzyIndex.keys)
	rank           int16 // position in the lookup order (a list holds each key once; a catalog of 32k keys ties the rest)
	minLen, maxLen uint8 // at most maxOSA+3
}

// Signature kinds of the build-time tables.
const (
	sigK0K1 = iota
	sigK1K2
	sigK0K2
	sigK1K0
)

// fuzzyKind says which kinds of keys take misspellings: not abbreviations
// and generic head words (too short to tell a typo from another word), not
// the ester wildcard keys (the wildcard never meets text), and not amide
// keys (an amide is reported below 0.5 for the record; a misspelt one must
// not score above the exact one).
var fuzzyKind = map[patternKind]bool{kindName: true, kindLocantFree: true, kindSalt: true}

func buildFuzzy(patterns []pattern, ids []int32) *fuzzyIndex {
	f := &fuzzyIndex{}
	var text strings.Builder // every key and key without h, one after the other
	for _, id := range ids {
		p := &patterns[id]
		if !fuzzyKind[p.kind] || p.exactOnly || len(p.key) < minFuzzyLen || len(p.key) >= maxOSA {
			continue
		}
		f.pat = append(f.pat, id)
		text.WriteString(p.key)
		text.WriteString(strings.ReplaceAll(p.key, "h", ""))
	}
	all, at := text.String(), 0
	var sig [4][alphabetSize * alphabetSize][]int32
	f.keys = make([]fuzzyKey, len(f.pat))
	for x, id := range f.pat {
		p := &patterns[id]
		k, e := p.key, maxEdits(len(p.key))
		noH := len(k) - strings.Count(k, "h")
		fk := &f.keys[x]
		*fk = fuzzyKey{mask: symbolSet([]byte(k)) &^ symbolBit('h'),
			minLen: int32(len(k) - e), maxLen: int32(len(k) + e + 1), k: int32(e), symbols: int32(noH),
			words: int32(p.words), key: all[at : at+len(k)], keyNoH: all[at+len(k) : at+len(k)+noH]}
		at += len(k) + noH
		f.masks = append(f.masks, fk.mask)
		f.spread = max(f.spread, fk.maxLen-fk.minLen)
		fk.counts.add([]byte(k), 1)
		for l := 1; l <= 3; l++ {
			if x, ok := shortIndex([]byte(k[:l])); ok {
				f.shortStarts[x/64] |= 1 << (x % 64)
			}
		}
		for kind, b := range [4]int{pairBucket(k[0], k[1]), pairBucket(k[1], k[2]), pairBucket(k[0], k[2]), pairBucket(k[1], k[0])} {
			sig[kind][b] = append(sig[kind][b], int32(x))
		}
	}
	f.buildCandidates(&sig, len(f.keys))
	return f
}

// buildCandidates fills the candidate list of every window start.
func (f *fuzzyIndex) buildCandidates(sig *[4][alphabetSize * alphabetSize][]int32, keys int) {
	const pairs = alphabetSize * alphabetSize
	seen := make([]int32, keys) // per key: 1 + the last triple it was listed under
	f.candStart = make([]int32, pairs*alphabetSize+1)
	// at most the sum of the eight signature lists of each triple:
	// sum over pairs of len(lists of b01) * 36 + len(lists of b12, b02) * 36
	total := 0
	for b := range pairs {
		total += alphabetSize * (2*len(sig[sigK0K1][b]) + len(sig[sigK1K2][b]) + 2*len(sig[sigK0K2][b]) +
			len(sig[sigK1K0][b]) + len(sig[sigK0K1][b]) + len(sig[sigK1K2][b]))
	}
	cands := make([]fuzzyCand, 0, total)
	for b01 := range pairs {
		s0, s1 := b01/alphabetSize, b01%alphabetSize
		for s2 := range alphabetSize {
			x := b01*alphabetSize + s2
			start := len(cands)
			f.candStart[x] = int32(start)
			b12, b02 := s1*alphabetSize+s2, s0*alphabetSize+s2
			for _, l := range [...][]int32{
				sig[sigK0K1][b01], sig[sigK1K2][b01], sig[sigK0K2][b01], sig[sigK1K0][b01],
				sig[sigK0K1][b12], sig[sigK1K2][b12],
				sig[sigK0K1][b02], sig[sigK0K2][b02],
			} {
				for _, id := range l {
					if seen[id] != int32(x)+1 {
						seen[id] = int32(x) + 1
						k := &f.keys[id]
						cands = append(cands, fuzzyCand{id: id, rank: int16(min(len(cands)-start, math.MaxInt16)), minLen: uint8(k.minLen), maxLen: uint8(k.maxLen)})
					}
				}
			}
			f.sortByMinLen(cands[start:])
		}
	}
	f.candStart[len(f.candStart)-1] = int32(len(cands))
	f.cands = append([]fuzzyCand(nil), cands...) // no room to spare
}

// sortByMinLen orders a candidate list by the shortest window its keys
// need, stably (an insertion sort: lists are short).
func (f *fuzzyIndex) sortByMinLen(l []fuzzyCand) {
	for i := 1; i < len(l); i++ {
		c, ml := l[i], f.keys[l[i].id].minLen
		j := i
		for ; j > 0 && f.keys[l[j-1].id].minLen > ml; j-- {
			l[j] = l[j-1]
		}
		l[j] = c
	}
}

// candidates returns the keys a window starting t0t1t2 may be a
// misspelling of.
func (f *fuzzyIndex) candidates(t0, t1, t2 byte) []fuzzyCand {
	x := (symbolOrA(t0)*alphabetSize+symbolOrA(t1))*alphabetSize + symbolOrA(t2)
	return f.cands[f.candStart[x]:f.candStart[x+1]]
}

// mayReach reports whether a window of at most rest bytes may reach one of
// cands, by length.
func mayReach(cands []fuzzyCand, rest int) bool {
	return len(cands) > 0 && int(cands[0].minLen) <= rest
}

// reach returns the longest window any of cands may be compared with.
func (f *fuzzyIndex) reach(cands []fuzzyCand) int32 {
	if len(cands) == 0 {
		return 0
	}
	return int32(cands[len(cands)-1].minLen) + f.spread // ordered by minLen
}

// symbolOrA is the symbol of c, with 'a' standing for anything else.
func symbolOrA(c byte) int { return max(symbol(c), 0) }

func pairBucket(a, b byte) int { return symbolOrA(a)*alphabetSize + symbolOrA(b) }

// shortIndexes is the number of strings of one to three symbols.
const shortIndexes = alphabetSize + alphabetSize*alphabetSize + alphabetSize*alphabetSize*alphabetSize

// shortIndex numbers the strings of one to three symbols; ok is false for
// any other w.
func shortIndex(w []byte) (x int, ok bool) {
	if len(w) == 0 || len(w) > 3 {
		return 0, false
	}
	base := 0
	for i := 1; i < len(w); i++ {
		base = (base + 1) * alphabetSize
	}
	for _, c := range w {
		s := symbol(c)
		if s < 0 {
			return 0, false
		}
		x = x*alphabetSize + s
	}
	return base + x, true
}

// shortStart reports whether some key starts with the short token w.
func (f *fuzzyIndex) shortStart(w []byte) bool {
	x, ok := shortIndex(w)
	return ok && f.shortStarts[x/64]&(1<<(x%64)) != 0
}

// symbolBits maps a byte to its canonical symbol as a bit (symbolSet), 0
// for bytes that are no symbol.
var symbolBits = func() (t [256]uint64) {
	for c := range 256 {
		if s := symbol(byte(c)); s >= 0 {
			t[c] = 1 << s
		}
	}
	return t
}()

func symbolBit(c byte) uint64 { return symbolBits[c] }

// symbolSet returns the set of canonical symbols in w as a bit mask.
func symbolSet(w []byte) uint64 {
	var m uint64
	for _, c := range w {
		m |= symbolBits[c]
	}
	return m
}

// symbolCounts counts the symbols of a string other than h; the last slot
// takes h and bytes that are no symbol.
type symbolCounts [alphabetSize + 1]int8

// countSlot maps a byte to its slot in symbolCounts.
var countSlot = func() (t [256]uint8) {
	for c := range 256 {
		t[c] = alphabetSize
		if s := symbol(byte(c)); s >= 0 && c != 'h' {
			t[c] = uint8(s)
		}
	}
	return t
}()

// add adds d times each symbol of w (at most 127 bytes).
func (sc *symbolCounts) add(w []byte, d int8) {
	for _, c := range w {
		sc[countSlot[c]] += d
	}
}

// countGap follows the symbol counts (without h) of a growing text window
// against a key's: lack is the number of the key's symbols the window
// lacks, extra the number of the window's the key lacks. An edit adds at
// most one symbol and removes at most one, so a window with more than k
// either way is further than k edits from the key, with or without h's.
type countGap struct {
	c           symbolCounts // the key's counts less the window's
	lack, extra int
	end         int32 // the window's end in the canonical text
}

// newCountGap starts an empty window at canonical offset start.
func (f *fuzzyIndex) newCountGap(id, start int32) countGap {
	return countGap{c: f.keys[id].counts, lack: int(f.keys[id].symbols), end: start}
}

// extend grows the window to end at offset end of buf.
func (g *countGap) extend(buf []byte, end int32) {
	for _, c := range buf[g.end:end] {
		s := countSlot[c]
		if s == alphabetSize {
			continue
		}
		// without a branch the text decides: the key still lacks this
		// symbol (count > 0: one lacking less) or it is one too many
		// (counts stay within ±127: windows are shorter than maxOSA+4)
		more := int(uint8(-g.c[s]) >> 7)
		g.lack -= more
		g.extra += 1 - more
		g.c[s]--
	}
	g.end = end
}
