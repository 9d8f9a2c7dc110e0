package chemicals

// Accepting fuzzy hits among the exact ones.

// acceptFuzzy looks for misspelt long names in the text exact keys left.
// A misspelt name may contain a correct shorter one ("N-phenehtyl-4-piperidone"
// holds 4-piperidone): the fuzzy window may then swallow that exact hit.
// Hostile text full of near misses stops after maxFuzzyHits.
func (m *Matcher) acceptFuzzy(sc *scratch, fz *fuzzyIndex) {
	n := &sc.norm
	sc.fuzzed = resetBools(sc.fuzzed, len(n.toks))
	if cap(sc.owner) < len(n.toks) {
		sc.owner = make([]int32, len(n.toks), 2*len(n.toks))
	}
	sc.owner = sc.owner[:len(n.toks)]
	for i := range sc.owner {
		sc.owner[i] = -1
	}
	for i, f := range sc.found {
		for t := f.first; t <= f.last; t++ {
			sc.owner[t] = int32(i)
		}
	}
	sc.fuzzy.prepare()
	hits := 0
	for t := 0; t < len(n.toks) && hits < maxFuzzyHits; t++ {
		if sc.covered[t] || sc.fuzzed[t] || n.toks[t].glued() {
			continue
		}
		h, ok := fz.best(n, t, sc.fuzzed, &sc.fuzzy)
		if ok && !m.swallowsHits(sc, h.first, h.last) {
			h, ok = fz.best(n, t, sc.covered, &sc.fuzzy)
		}
		if !ok {
			continue
		}
		hits++
		for k := h.first; k <= h.last; k++ {
			for o := sc.owner[k]; o >= 0 && sc.found[o].first == sc.found[sc.owner[k]].first &&
				sc.found[o].last == sc.found[sc.owner[k]].last; o-- {
				sc.found[o].pat = -1 // the exact hits inside are superseded
			}
			sc.covered[k], sc.fuzzed[k] = true, true
		}
		sc.found = append(sc.found, found{pat: h.pat, first: h.first, last: h.last, dist: h.dist})
		t = h.last
	}
}

// maxFuzzyHits bounds the fuzzy hits accepted in one description.
const maxFuzzyHits = 64

// resetBools returns b resized to n and cleared.
func resetBools(b []bool, n int) []bool {
	if cap(b) < n {
		b = make([]bool, n, 2*n)
	}
	b = b[:n]
	clear(b)
	return b
}

// swallowsHits reports whether every exact hit that overlaps tokens
// first..last lies inside them.
func (m *Matcher) swallowsHits(sc *scratch, first, last int) bool {
	for t := first; t <= last; t++ {
		if o := sc.owner[t]; o >= 0 && (sc.found[o].first < first || sc.found[o].last > last) {
			return false
		}
	}
	return true
}
