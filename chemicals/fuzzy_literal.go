package chemicals

// A misspelling can defeat the reordering rules of normalisation:
// "N-phenypliperidin-4-amine" has no "-yl" to split at, so its canonical
// form is not "phenyl 4-aminopiperidine" misspelt but something else. For
// items whose text was reordered and where nothing else was found, a
// second fuzzy pass compares the text as written (literal mode) against
// the catalog names as written.

// literalPatterns returns the literal-mode keys of the name patterns whose
// literal key differs from their canonical one.
func literalPatterns(pats []pattern, v *vocabulary) []pattern {
	var out []pattern
	seen := map[string]bool{}
	for _, p := range pats {
		if p.kind != kindName || p.exactOnly {
			continue
		}
		for _, src := range append([]string{p.src}, p.alts...) {
			key, ok := literalKey(src, v)
			if !ok || key == p.key || seen[key] || len(key) < minFuzzyLen {
				continue
			}
			seen[key] = true
			out = append(out, pattern{entry: p.entry, kind: kindName, key: key, src: src, words: p.words})
		}
	}
	return out
}

// literalKey returns the literal-mode key of a catalog spelling, without
// trailing salt words.
func literalKey(src string, v *vocabulary) (string, bool) {
	n := normText{literal: true}
	n.normalize(src)
	toks := n.toks
	for len(toks) > 1 && v.isSalt(n.buf[toks[len(toks)-1].cs:toks[len(toks)-1].ce]) {
		toks = toks[:len(toks)-1]
	}
	if len(toks) == 0 {
		return "", false
	}
	return string(n.buf[:toks[len(toks)-1].ce]), true
}

// matchLiteral runs the literal fuzzy pass over the description.
func (m *Matcher) matchLiteral(res *Result, sc *scratch, it Item) {
	n := &sc.ester
	n.esterWild, n.literal = false, true
	n.normalize(it.Description)
	n.literal = false
	sc.fuzzed = resetBools(sc.fuzzed, len(n.toks))
	stop := sc.fuzzed
	ctx := m.context(sc, it.HSCode)
	sc.fuzzy.prepare()
	hits := 0
	for t := 0; t < len(n.toks) && hits < maxFuzzyHits; t++ {
		if stop[t] || n.toks[t].glued() {
			continue
		}
		h, ok := m.fuzzyLit.best(n, t, stop, &sc.fuzzy)
		if !ok {
			continue
		}
		hits++
		p := &m.auto.patterns[h.pat]
		e := m.entries[p.entry]
		start, end := n.toks[h.first].os, n.toks[h.first].oe
		for k := h.first; k <= h.last; k++ {
			stop[k] = true
			start, end = min(start, n.toks[k].os), max(end, n.toks[k].oe)
		}
		start, end = balanceSpan32(it.Description, start, end)
		mt := Match{Entry: e, Field: FieldDescription, Start: int(start), End: int(end),
			Text: it.Description[start:end], HS: e.HSStatus(it.HSCode)}
		mt.Method, mt.Confidence = m.weigh(p, found{pat: h.pat, first: h.first, last: h.last, dist: h.dist}, ctx, mt.HS)
		addMatch(res, mt)
		t = h.last
	}
}
