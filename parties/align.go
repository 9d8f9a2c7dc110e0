package parties

import "unsafe"

// align matches the party's items against one listed name and scores the
// match. Each listed word and each party word is used at most once; pairs
// are taken best first (similarity times the listed weight they cover), a
// greedy assignment that is exact for the short names screened.
func (s *Snapshot) align(sc *scratch, n *nameRec) (nameScore, nameCov, partyCov float32, ok bool) {
	ix := s.ix
	sc.litems, sc.pairs = sc.litems[:0], sc.pairs[:0]
	for i, id := range n.toks {
		t := &ix.toks[id]
		sc.litems = append(sc.litems, item{text: t.text, lo: i, hi: i + 1, w: t.weight})
	}
	nl := len(sc.litems)
	for li, id := range n.toks {
		for _, m := range sc.matches {
			if m.tok != id {
				continue
			}
			how := m.how
			if q := &sc.items[m.item]; q.hi-q.lo > 1 {
				how = howJoined
			}
			sc.pairs = append(sc.pairs, pair{l: li, q: m.item, sim: m.sim, gain: m.sim * sc.litems[li].w, how: how})
		}
		if n.person {
			s.initials(sc, li)
		}
	}
	// Listed neighbours written as one party word ("shuo kang" against
	// "shuokang"): built only where the lengths allow a match.
	lbuf := sc.delBuf[:0]
	for i := 0; i+1 < nl; i++ {
		a, b := sc.litems[i].text, sc.litems[i+1].text
		for qi := 0; qi < len(sc.qtoks); qi++ {
			q := &sc.items[qi] // the first len(qtoks) items are the single words
			if d := len(a) + len(b) - len(q.text); d > 1 || d < -1 {
				continue
			}
			start := len(lbuf)
			lbuf = append(append(lbuf, a...), b...)
			text := unsafe.String(&lbuf[start], len(a)+len(b))
			sim, _ := s.similar(text, q.text)
			if sim == 0 {
				continue
			}
			how := howSplit
			w := sc.litems[i].w + sc.litems[i+1].w
			sc.litems = append(sc.litems, item{text: text, lo: i, hi: i + 2, w: w})
			sc.pairs = append(sc.pairs, pair{l: len(sc.litems) - 1, q: qi, sim: sim, gain: sim * w, how: how})
		}
	}
	sc.delBuf = lbuf
	sortPairs(sc.pairs)
	return s.assign(sc, n)
}

// similar scores a listed pair of words written as one party word: 1
// when equal, 1-1/len for one edit between words long enough.
func (s *Snapshot) similar(a, b string) (float32, matchHow) {
	if a == b {
		return 1, howExact
	}
	la, lb := len(a), len(b)
	if la >= s.cfg.MinTypoLength && lb >= s.cfg.MinTypoLength && oneEdit(a, b) {
		return 1 - 1/float32(max(la, lb)), howTypo
	}
	return 0, howMissing
}

// initials pairs listed word li of a person's name with party initials
// ("G." for Gabriela) and a listed initial with party words.
func (s *Snapshot) initials(sc *scratch, li int) {
	l := &sc.litems[li]
	for qi := 0; qi < len(sc.qtoks); qi++ {
		q := &sc.items[qi]
		if (len(l.text) == 1) != (len(q.text) == 1) && l.text[0] == q.text[0] {
			sc.pairs = append(sc.pairs, pair{l: li, q: qi, sim: 0.6, gain: 0.6 * l.w, how: howInitial})
		}
	}
}

// sortPairs orders pairs by gain, highest first (insertion sort: few).
func sortPairs(p []pair) {
	for i := 1; i < len(p); i++ {
		for j := i; j > 0 && p[j].gain > p[j-1].gain; j-- {
			p[j], p[j-1] = p[j-1], p[j]
		}
	}
}

// assign takes pairs best first and computes the coverages.
func (s *Snapshot) assign(sc *scratch, n *nameRec) (nameScore, nameCov, partyCov float32, ok bool) {
	nl, nq := len(n.toks), len(sc.qtoks)
	sc.usedL, sc.usedQ = resetBools(sc.usedL, nl), resetBools(sc.usedQ, nq)
	sc.simL, sc.simQ = resetF32(sc.simL, nl), resetF32(sc.simQ, nq)
	sc.howL, sc.withL = sc.howL[:0], sc.withL[:0]
	for i := 0; i < nl; i++ {
		sc.howL, sc.withL = append(sc.howL, howMissing), append(sc.withL, -1)
	}
	for _, p := range sc.pairs {
		l, q := &sc.litems[p.l], &sc.items[p.q]
		if anyUsed(sc.usedL[l.lo:l.hi]) || anyUsed(sc.usedQ[q.lo:q.hi]) {
			continue
		}
		for i := l.lo; i < l.hi; i++ {
			sc.usedL[i], sc.simL[i], sc.howL[i], sc.withL[i] = true, p.sim, p.how, int16(p.q)
		}
		for i := q.lo; i < q.hi; i++ {
			sc.usedQ[i], sc.simQ[i] = true, p.sim
		}
	}
	var lw, lm, distinct, qw, qm float32
	for i, id := range n.toks {
		t := &s.ix.toks[id]
		lw += t.weight
		lm += t.weight * sc.simL[i]
		if t.class == className {
			distinct += t.weight * sc.simL[i]
		}
	}
	for i, w := range sc.qw {
		qw += w
		qm += w * sc.simQ[i]
	}
	if lw == 0 || qw == 0 || distinct < float32(s.cfg.MinDistinctive) {
		return 0, 0, 0, false
	}
	nameCov, partyCov = lm/lw, qm/qw
	nw := float32(s.cfg.NameWeight)
	return nw*nameCov + (1-nw)*partyCov, nameCov, partyCov, true
}

func resetBools(b []bool, n int) []bool {
	b = b[:0]
	for i := 0; i < n; i++ {
		b = append(b, false)
	}
	return b
}

func resetF32(f []float32, n int) []float32 {
	f = f[:0]
	for i := 0; i < n; i++ {
		f = append(f, 0)
	}
	return f
}

func anyUsed(b []bool) bool {
	for _, u := range b {
		if u {
			return true
		}
	}
	return false
}
