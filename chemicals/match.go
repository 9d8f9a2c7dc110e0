package chemicals

import "slices"

// scratch is the reusable per-call state of Match.
type scratch struct {
	norm       normText
	ester      normText // the description with ester alkyls as wildcards
	hits       []hit
	covered    []bool
	fuzzed     []bool  // tokens taken by fuzzy hits
	owner      []int32 // per token: the exact hit (index into found) covering it, or -1
	fuzzy      fuzzyScratch
	found      []found
	esters     []Match // esters the ester pass found, added after the names (matchEsters)
	casSeen    bool    // a CAS-shaped number (valid or not) is in the item
	foreignCAS bool    // a valid CAS number outside the catalog is in the item
}

// found is one accepted key occurrence before it becomes a Match.
type found struct {
	pat         int32
	first, last int // canonical tokens
	dist        int // edit distance; 0 for exact keys
	// node is the automaton node of an exact hit whose keys name a family
	// rather than one entry (sharedNode), else 0.
	node int32
}

func (sc *scratch) reset() {
	sc.hits, sc.found = sc.hits[:0], sc.found[:0]
	sc.casSeen, sc.foreignCAS = false, false
}

// Match returns every catalog entry found in it: at most one Match per entry
// and field (the best evidence), ordered by confidence, and every CAS-shaped
// number whose check digit is wrong.
func (m *Matcher) Match(it Item) Result {
	sc := m.scratchs.Get().(*scratch)
	sc.reset()
	var res Result
	m.matchCAS(&res, sc, it.CAS, FieldCAS, it.HSCode)
	sc.norm.normalize(it.Description)
	if sc.norm.digits { // a CAS number needs ASCII digits
		m.matchCAS(&res, sc, it.Description, FieldDescription, it.HSCode)
	}
	m.matchText(&res, sc, it)
	m.markTricks(&res, sc, 0)
	if sc.norm.leetCandidate {
		m.matchLeet(&res, sc, it)
	}
	if sc.norm.identifier {
		m.matchIdentifiers(&res, it.Description, FieldDescription, it.HSCode)
	}
	if mayHaveIdentifier(it.CAS) {
		m.matchIdentifiers(&res, it.CAS, FieldCAS, it.HSCode)
	}
	sortMatches(res.Matches)
	if cap(sc.norm.buf) <= maxPooledText {
		m.scratchs.Put(sc) // a huge description's buffers are left to the GC
	}
	return res
}

// maxPooledText bounds the canonical text a pooled scratch may keep.
const maxPooledText = 64 << 10

// matchText finds names, abbreviations and misspellings in the
// description, whose canonical form is in sc.norm.
func (m *Matcher) matchText(res *Result, sc *scratch, it Item) {
	n := &sc.norm
	sc.hits = m.auto.find(n, sc.hits)
	if cap(sc.covered) < len(n.toks) {
		sc.covered = make([]bool, len(n.toks), 2*len(n.toks))
	}
	sc.covered = sc.covered[:len(n.toks)]
	clear(sc.covered)
	m.acceptHits(sc)
	m.acceptFuzzy(sc, m.fuzzy)
	if n.reordered && len(sc.found) == 0 {
		m.matchLiteral(res, sc, it)
	}
	sc.esters = sc.esters[:0]
	if m.esterKeys && n.alkyls > 0 {
		m.matchEsters(sc, it)
	}
	if len(sc.found) > 0 {
		ctx := m.context(sc, it.HSCode)
		for _, f := range sc.found {
			if f.pat < 0 {
				continue // superseded by a fuzzy hit around it
			}
			if mt, ok := m.toMatch(sc, f, ctx, it); ok && !(mt.Method == MethodAbbreviation && insideEster(sc.esters, mt)) {
				addMatch(res, mt)
			}
		}
		m.otherFormNamed(res, sc)
	}
	for _, mt := range sc.esters {
		if !namedExactly(res, mt) {
			addMatch(res, mt) // "BMK methyl glycidate" is the entry itself, no relative of it
		}
	}
}

// toMatch turns one found key into a Match, weighing its evidence.
func (m *Matcher) toMatch(sc *scratch, f found, ctx itemContext, it Item) (Match, bool) {
	p := &m.auto.patterns[f.pat]
	if p.kind == kindName && f.first == f.last && m.partOfLongerName(sc, f.first) {
		return Match{}, false
	}
	e := m.entries[p.entry]
	mt := Match{Entry: e, Field: FieldDescription, HS: e.HSStatus(it.HSCode)}
	mt.Start, mt.End = m.span(sc, f)
	mt.Start, mt.End = balanceSpan(it.Description, mt.Start, mt.End)
	mt.Text = it.Description[mt.Start:mt.End]
	family := false
	if f.node != 0 {
		keep := false
		if keep, family = m.sharedIdentity(f, it.Description, mt.Start); !keep {
			return Match{}, false // another key of the node answers for it
		}
	}
	mt.Method, mt.Confidence = m.weigh(p, f, ctx, mt.HS)
	if p.kind == kindGeneric && m.qualifierNear(sc, f, p) {
		mt.Confidence = confShortName // "phosphorus, red"
	}
	if p.kind == kindLocantFree && f.first > 0 && sc.norm.toks[f.first-1].digits && sc.norm.toks[f.first].sep&sepHyphen != 0 {
		return Match{}, false // "1-phenylethanol": the text has a locant the key left out
	}
	if mt.Method != MethodAbbreviation &&
		(m.qualified(sc, f, p, it.HSCode) || casIndexQualified(it.Description, mt.End)) {
		mt.Confidence = min(mt.Confidence, confQualified)
	}
	switch {
	case p.kind == kindAmide:
		mt = m.relative(mt, RelationAmide, it.HSCode)
	case p.kind == kindSalt:
		mt = m.saltOrEster(sc, f, mt, it)
	}
	if rel := m.relationNear(sc, f); rel != RelationNone && mt.Method != MethodRelative && mt.Confidence >= 0.5 {
		mt = m.relative(mt, rel, it.HSCode) // "carbamate of 4-AP", "N-Boc derivative of norfentanyl"
	}
	if family && mt.Method != MethodRelative {
		mt.Method, mt.Confidence = MethodFamily, min(mt.Confidence, confFamilyName)
	}
	return mt, true
}

// qualifierNear reports whether a word that makes generic key p specific
// ("red" for phosphorus) is within two tokens of the hit.
func (m *Matcher) qualifierNear(sc *scratch, f found, p *pattern) bool {
	n := &sc.norm
	for t := max(f.first-2, 0); t <= f.last+2 && t < len(n.toks); t++ {
		if t >= f.first && t <= f.last {
			continue
		}
		w := n.buf[n.toks[t].cs:n.toks[t].ce]
		for _, q := range p.quals {
			if string(w) == q {
				return true
			}
		}
	}
	return false
}

// acceptHits keeps the longest of overlapping exact hits.
func (m *Matcher) acceptHits(sc *scratch) {
	hits, toks := sc.hits, sc.norm.toks
	// longest first: more tokens, then more characters, then leftmost
	slices.SortFunc(hits, func(a, b hit) int {
		if la, lb := a.last-a.first, b.last-b.first; la != lb {
			return lb - la
		}
		ca, cb := toks[a.last].ce-toks[a.first].cs, toks[b.last].ce-toks[b.first].cs
		if ca != cb {
			return int(cb - ca)
		}
		return a.first - b.first
	})
	for _, h := range hits {
		if anyCovered(sc.covered, h.first, h.last) || m.splitsWords(sc, h) {
			continue
		}
		for t := h.first; t <= h.last; t++ {
			sc.covered[t] = true
		}
		var shared int32
		if outs := m.auto.outputs(h.node); len(outs) > 1 || m.auto.patterns[outs[0]].kind == kindFamily {
			if m.sharedNode(h.node) {
				shared = h.node
			}
		}
		for _, id := range m.auto.outputs(h.node) {
			sc.found = append(sc.found, found{pat: id, first: h.first, last: h.last, node: shared})
		}
	}
}

// splitsWords reports whether a hit joins short words that the key spells
// as one: "any line" is not "aniline". Text may split a catalog word at a
// hyphen ("pseudo-ephedrine") or at a space between words of four or more
// letters ("phenyl acetic acid").
func (m *Matcher) splitsWords(sc *scratch, h hit) bool {
	toks := sc.norm.toks
	words := 0
	for t := h.first; t <= h.last; t++ {
		if !toks[t].digits {
			words++
		}
	}
	minWords := 0
	for _, id := range m.auto.outputs(h.node) {
		p := &m.auto.patterns[id]
		if p.kind == kindSalt && words != p.words {
			return true // "phenyl acetate" is not phenylacetate
		}
		minWords = max(minWords, p.words)
	}
	if words <= minWords {
		return false
	}
	for t := h.first + 1; t <= h.last; t++ {
		a, b := toks[t-1], toks[t]
		if b.sep&sepHyphen != 0 || b.sep == sepGlued || a.digits || b.digits {
			continue
		}
		if m.shortWord(sc.norm.buf[a.cs:a.ce]) || m.shortWord(sc.norm.buf[b.cs:b.ce]) {
			return true
		}
	}
	return false
}

// shortWord reports whether w is a short ordinary word ("any", "the") rather
// than a chemical fragment (the "t" of tert, "oxo", "boc").
func (m *Matcher) shortWord(w []byte) bool {
	if len(w) >= 4 || len(w) == 1 {
		return false
	}
	switch string(w) {
	case "oxo", "boc", "di", "tri", "iso", "sec", "nor", "bu":
		return false
	}
	return true
}

func anyCovered(c []bool, first, last int) bool {
	for t := first; t <= last; t++ {
		if c[t] {
			return true
		}
	}
	return false
}

// addMatch adds mt unless the same entry was already found in the same
// field with at least the same confidence.
func addMatch(res *Result, mt Match) {
	for i := range res.Matches {
		old := &res.Matches[i]
		if old.Entry == mt.Entry && old.Field == mt.Field {
			if mt.Confidence > old.Confidence {
				*old = mt
			}
			return
		}
	}
	if res.Matches == nil {
		res.Matches = make([]Match, 0, 4) // one allocation for the usual few
	}
	res.Matches = append(res.Matches, mt)
}

// sortMatches orders by confidence, then field (cas first), then position.
func sortMatches(ms []Match) {
	less := func(a, b *Match) bool {
		if a.Confidence != b.Confidence {
			return a.Confidence > b.Confidence
		}
		if a.Field != b.Field {
			return a.Field == FieldCAS
		}
		return a.Start < b.Start
	}
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && less(&ms[j], &ms[j-1]); j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}
