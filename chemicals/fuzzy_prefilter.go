package chemicals

import "math/bits"

// The prefilter before the fuzzy comparison.
//
// A candidate list holds every key whose first letters a window start may
// be a misspelling of: tens of keys for a chemical-looking word, of which
// a window is almost never within the edit limit. Comparing each with the
// windows letter by letter (tryKey) cost more than the rest of matching,
// so a test on letter sets picks the few worth comparing, and rejects only
// keys that every comparison would reject:
//
//   - a window is compared with a key only if its length is within the
//     key's (minLen..maxLen): windows lo..hi;
//   - an edit brings in at most one letter and takes out at most one, so a
//     window within k edits lacks at most k of the key's letters and holds
//     at most k letters the key lacks (letter kinds, without h, which the
//     comparison may ignore), and tryKey rejects the windows that do not;
//   - windows only gain letters as they grow: the longest, hi, lacks the
//     fewest and the shortest, lo, holds the fewest extra, so a key that
//     fails against those two fails against every window.
//
// TestFuzzyPrefilterExact checks that the prefiltered search finds exactly
// what comparing every key with every window finds.

// probe compares the windows prepared in fs, starting at token t, with the
// keys of a candidate list that pass the prefilter, ranking them from rank0
// on; with skipMarked, not the marked ones. The list is ordered by minLen:
// lo only moves forward, and the first key longer than the longest window
// ends it.
//
// Half the keys fail against every window (they lack too many of the
// letters of the longest, or the shortest holds too many they lack), and
// which half depends on the text: a branch on it is mispredicted about as
// often as not. So a first pass without branches (keepCands) keeps the
// others, a block at a time, and only they look for their windows.
func (f *fuzzyIndex) probe(n *normText, t int, cands []fuzzyCand, rank0 int32, skipMarked bool, fs *fuzzyScratch, best *fuzzyHit) {
	last := fs.nwin - 1
	lo, hi := 0, 0
	var kept [probeBlock]uint8
	for len(cands) > 0 {
		block := cands[:min(len(cands), probeBlock)]
		cands = cands[len(block):]
		nk, more := f.keepCands(block, fs, &kept)
		for _, x := range kept[:nk] {
			c := block[x]
			minLen, maxLen := int32(c.minLen), int32(c.maxLen)
			for fs.ends[lo]-fs.start < minLen {
				lo++
			}
			for hi < last && fs.ends[hi+1]-fs.start <= maxLen {
				hi++
			}
			for hi > 0 && fs.ends[hi]-fs.start > maxLen {
				hi--
			}
			km, k := f.masks[c.id], int(maxLen-minLen)>>1 // maxLen-minLen = 2k+1
			if lo > hi || bits.OnesCount64(km&^fs.masks[hi]) > k || bits.OnesCount64(fs.masks[lo]&^km) > k ||
				skipMarked && fs.marked(c.id) {
				continue
			}
			f.tryKey(n, t, c.id, rank0+int32(c.rank), lo, hi, fs, best)
		}
		if !more {
			return
		}
	}
}

// probeBlock is the number of candidates keepCands judges at a time.
const probeBlock = 64

// keepCands writes to kept the positions in block (at most probeBlock
// candidates) of the keys that may be within their edit limit of some
// window prepared in fs, judged by length and letter set against the
// longest and shortest windows, and returns how many. more is false when a
// key needs a longer window than the longest: the rest of the list does
// too.
func (f *fuzzyIndex) keepCands(block []fuzzyCand, fs *fuzzyScratch, kept *[probeBlock]uint8) (nk int, more bool) {
	last := fs.nwin - 1
	longest, shortest := fs.ends[last]-fs.start, fs.ends[0]-fs.start
	widest, narrowest := fs.masks[last], fs.masks[0]
	for x, c := range block {
		minLen, maxLen := int32(c.minLen), int32(c.maxLen)
		if longest < minLen {
			return nk, false
		}
		km, k := f.masks[c.id], int(maxLen-minLen)>>1 // maxLen-minLen = 2k+1
		kept[nk&(probeBlock-1)] = uint8(x)
		nk += b2i(shortest <= maxLen) & b2i(bits.OnesCount64(km&^widest) <= k) & b2i(bits.OnesCount64(narrowest&^km) <= k)
	}
	return nk, true
}

// b2i is 1 for true and 0 for false, without a branch.
func b2i(b bool) int {
	var i int
	if b {
		i = 1
	}
	return i
}
