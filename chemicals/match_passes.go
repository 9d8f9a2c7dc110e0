package chemicals

// The further passes of Match over a description: other esters of listed
// acids, digits read as letters, and the tricks each match was seen
// through.

// markTricks records on the description matches from index from on the
// tricks their spans were seen through.
func (m *Matcher) markTricks(res *Result, sc *scratch, from int) {
	if len(sc.norm.tricks) == 0 {
		return
	}
	for i := from; i < len(res.Matches); i++ {
		if mt := &res.Matches[i]; mt.Field == FieldDescription {
			mt.Obfuscation = sc.norm.tricksIn(mt.Start, mt.End)
		}
	}
}

// matchLeet reads digits inside chemical words as letters ("ph3nylacetone")
// and keeps the names found so whose span holds such a digit and that no
// plain reading of the text already explains.
func (m *Matcher) matchLeet(res *Result, sc *scratch, it Item) {
	plain := len(res.Matches)
	var leet Result
	sc.reset()
	sc.norm.leet = true
	sc.norm.normalize(it.Description)
	sc.norm.leet = false
	m.matchText(&leet, sc, it)
	m.markTricks(&leet, sc, 0)
	for _, mt := range leet.Matches {
		if !mt.Obfuscation.Has(ObfLeet) {
			continue
		}
		switch i := overlapsConfident(res.Matches[:plain], mt); {
		case i < 0:
			addMatch(res, mt)
		case res.Matches[i].Entry == mt.Entry && mt.Confidence >= res.Matches[i].Confidence:
			res.Matches[i] = mt // the digit is read as the letter the plain reading guessed
		}
	}
}

// overlapsConfident returns the index of a description match of 0.5 or
// more in ms whose span overlaps mt's, or -1.
func overlapsConfident(ms []Match, mt Match) int {
	for i, o := range ms {
		if o.Field == mt.Field && o.Confidence >= 0.5 && o.Start < mt.End && mt.Start < o.End {
			return i
		}
	}
	return -1
}

// namedExactly reports whether a name match of mt's family with higher
// confidence covers mt's span: the ester found is a catalog entry.
func namedExactly(res *Result, mt Match) bool {
	for _, o := range res.Matches {
		if o.Field == mt.Field && o.Entry.Family == mt.Entry.Family && o.Confidence > confEster &&
			o.Method != MethodRelative && o.Start <= mt.Start && mt.End <= o.End {
			return true
		}
	}
	return false
}

// insideEster reports whether an abbreviation lies inside an ester found
// by the ester pass ("BMK" of "BMK isopropyl glycidate"), where it is part
// of the name.
func insideEster(esters []Match, mt Match) bool {
	for i := range esters {
		e := &esters[i]
		if e.Field == mt.Field && e.Start <= mt.Start && mt.End <= e.End {
			return true
		}
	}
	return false
}

// matchEsters finds other esters of listed acids ("BMK isopropyl
// glycidate"): a second pass over the description with every ester alkyl
// spelt as a wildcard, keeping only the wildcard keys. An ester whose
// family lists the ester with that alkyl is that entry (siblings.go);
// any other is a relative. They go to sc.esters; matchText adds those
// that no name match of the entry itself explains.
func (m *Matcher) matchEsters(sc *scratch, it Item) {
	n := &sc.ester
	n.esterWild = true
	n.normalize(it.Description)
	sc.hits = m.auto.find(n, sc.hits[:0])
	for _, h := range sc.hits {
		for _, id := range m.auto.outputs(h.node) {
			p := &m.auto.patterns[id]
			if p.kind != kindEster {
				continue
			}
			e := m.entries[p.entry]
			start, end := n.toks[h.first].os, n.toks[h.first].oe
			for t := h.first; t <= h.last; t++ {
				start, end = min(start, n.toks[t].os), max(end, n.toks[t].oe)
			}
			start, end = balanceSpan32(it.Description, start, end)
			mt := Match{
				Entry: e, Method: MethodName, Confidence: confEster, Field: FieldDescription,
				Start: int(start), End: int(end), Text: it.Description[start:end], HS: e.HSStatus(it.HSCode),
			}
			rel := RelationEster
			if carbamateKey(p) {
				rel = RelationCarbamate
			}
			if s := m.sibling(e.Family, n.wildAlkylAt(h.first, h.last)); s != nil && rel == RelationEster {
				mt.Entry, mt.HS, mt.Confidence = s, s.HSStatus(it.HSCode), confSibling
				sc.esters = append(sc.esters, mt) // "isobutyl 2-methyl-3-phenyloxirane-2-carboxylate"
				continue
			}
			sc.esters = append(sc.esters, m.relative(mt, rel, it.HSCode))
		}
	}
}
