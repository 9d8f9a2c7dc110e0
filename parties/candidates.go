package parties

import "unsafe"

// partyWords reads the party's name into sc: canonical tokens with weights,
// and items (tokens and joins of two or three neighbours).
func (s *Snapshot) partyWords(sc *scratch, name string) bool {
	toks := sc.norm.normalize(name)
	if len(toks) == 0 {
		return false
	}
	sc.qtoks, sc.qw, sc.qclass = toks, sc.qw[:0], sc.qclass[:0]
	for i, t := range toks {
		c, w := s.wordWeight(t, sc.norm.class[i])
		sc.qclass, sc.qw = append(sc.qclass, c), append(sc.qw, w)
	}
	sc.items, sc.joinBuf = sc.items[:0], sc.joinBuf[:0]
	for i, t := range toks {
		sc.items = append(sc.items, item{text: t, lo: i, hi: i + 1, w: sc.qw[i]})
	}
	for n := 2; n <= 3; n++ {
		for i := 0; i+n <= len(toks); i++ {
			if n == 3 && !sc.norm.han && !shortRun(toks[i:i+n]) {
				continue
			}
			start := len(sc.joinBuf)
			var w float32
			for k := i; k < i+n; k++ {
				sc.joinBuf = append(sc.joinBuf, toks[k]...)
				w += sc.qw[k]
			}
			// A view of joinBuf: joinBuf only grows during one call, and
			// an old backing array keeps its bytes when it grows.
			text := unsafe.String(&sc.joinBuf[start], len(sc.joinBuf)-start)
			sc.items = append(sc.items, item{text: text, lo: i, hi: i + n, w: w})
		}
	}
	return true
}

// shortRun reports whether every token is a syllable-sized piece (at most
// four letters), which may be one word written apart ("ge su ke").
func shortRun(toks []string) bool {
	for _, t := range toks {
		if len(t) > 4 {
			return false
		}
	}
	return true
}

// wordWeight is the class and weight of a party word: the loaded lists'
// when they hold it, else its curated class c.
func (s *Snapshot) wordWeight(t string, c wordClass) (wordClass, float32) {
	if c == className {
		if id, ok := s.ix.lookup(fnv64(t), t); ok && !s.ix.toks[id].joined {
			ti := &s.ix.toks[id]
			return ti.class, ti.weight
		}
	}
	return c, classWeight(c, len(t))
}

// candidates finds the listed tokens each party item equals (any class)
// or is one edit from (distinctive tokens), and collects the names that
// hold a distinctive one, rarest first, at most MaxCandidates of them.
func (s *Snapshot) candidates(sc *scratch) {
	sc.found, sc.cands, sc.matches = sc.found[:0], sc.cands[:0], sc.matches[:0]
	for qi, it := range sc.items {
		single := it.hi-it.lo == 1
		if !single && !s.joinable(sc, it) {
			continue
		}
		h := fnv64(it.text)
		if id, ok := s.ix.lookup(h, it.text); ok {
			if !single && s.ix.toks[id].joined {
				continue // a listed pair against a party pair: the single words align
			}
			s.match(sc, id, qi, 1, howExact)
			continue // the word is listed as written: no need to guess a typo
		}
		if !single || len(it.text) < s.cfg.MinTypoLength || sc.qclass[it.lo] < classPlace {
			continue // typos are looked for in single words that are not common
		}
		for _, id := range s.ix.deleted(h) {
			s.typo(sc, id, qi)
		}
		for k := 0; k < len(it.text); k++ {
			hk := fnvDeleted(it.text, k)
			if id, ok := s.ix.exact.get(hk); ok {
				s.typo(sc, id, qi)
			}
			for _, id := range s.ix.deleted(hk) {
				s.typo(sc, id, qi)
			}
		}
	}
	// Rarest first: insertion sort, the list is short.
	for i := 1; i < len(sc.found); i++ {
		for j := i; j > 0 && sc.found[j].df < sc.found[j-1].df; j-- {
			sc.found[j], sc.found[j-1] = sc.found[j-1], sc.found[j]
		}
	}
	sc.nextEpoch()
	for _, f := range sc.found {
		for _, n := range s.ix.postings(f.id) {
			if sc.seen[n] == sc.epoch {
				continue
			}
			sc.seen[n] = sc.epoch
			sc.cands = append(sc.cands, n)
			if len(sc.cands) >= s.cfg.MaxCandidates {
				return
			}
		}
	}
}

// typo records listed token id when it really is one edit from party item
// qi (hashes may collide) and long enough for a typo.
func (s *Snapshot) typo(sc *scratch, id uint32, qi int) {
	t, text := &s.ix.toks[id], sc.items[qi].text
	if t.class < classPlace || len(t.text) < s.cfg.MinTypoLength || !oneEdit(t.text, text) {
		return
	}
	s.match(sc, id, qi, 1-1/float32(max(len(t.text), len(text))), howTypo)
}

// match records that party item qi matches listed token id, and makes the
// token a candidate source when it is distinctive.
func (s *Snapshot) match(sc *scratch, id uint32, qi int, sim float32, how matchHow) {
	for _, m := range sc.matches {
		if m.tok == id && m.item == qi {
			return
		}
	}
	sc.matches = append(sc.matches, tokMatch{tok: id, item: qi, sim: sim, how: how})
	t := &s.ix.toks[id]
	if t.class != className {
		return
	}
	for _, f := range sc.found {
		if f.id == id {
			return
		}
	}
	sc.found = append(sc.found, foundTok{id: id, df: t.df})
}

// joinable reports whether a join of party words may spell a distinctive
// listed word: one of its parts must be a name word. Joining pieces that
// are all common ("Li He", two surnames) finds more split names but, on
// the benchmark stream, half again as many false hits at two thirds of the
// speed (docs/parties.md).
func (s *Snapshot) joinable(sc *scratch, it item) bool {
	for i := it.lo; i < it.hi; i++ {
		if sc.qclass[i] == className {
			return true
		}
	}
	return false
}
