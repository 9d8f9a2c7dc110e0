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
func (f *fuzzyIndex) probe(n *normText, t int, cands []fuzzyCand, rank0 int32, skipMarked bool, fs *fuzzyScratch, best *fuzzyHit) {
	last := fs.nwin - 1
	longest, shortest := fs.ends[last]-fs.start, fs.ends[0]-fs.start
	lo, hi := 0, 0
	for _, c := range cands {
		minLen, maxLen := int32(c.minLen), int32(c.maxLen)
		if longest < minLen {
			return
		}
		if shortest > maxLen {
			continue
		}
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
}
