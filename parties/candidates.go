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
	for _, t := range toks {
		c, w := s.wordWeight(t)
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
// when they hold it, else the curated lists'.
func (s *Snapshot) wordWeight(t string) (wordClass, float32) {
	if id, ok := s.ix.vocab[t]; ok && !s.ix.toks[id].joined {
		ti := s.ix.toks[id]
		return ti.class, ti.weight
	}
	c := s.words.staticClass(t)
	return c, classWeight(c, len(t))
}

// candidates collects the names that share a distinctive word with the
// party, exactly or one edit away, rarest words first, at most
// MaxCandidates of them.
func (s *Snapshot) candidates(sc *scratch) {
	sc.found, sc.cands = sc.found[:0], sc.cands[:0]
	for _, it := range sc.items {
		if it.hi-it.lo == 1 && sc.qclass[it.lo] <= classPlace {
			continue // a common party word finds nothing worth scoring
		}
		if id, ok := s.ix.vocab[it.text]; ok {
			s.consider(sc, id, it.text)
		}
		if len(it.text) < s.cfg.MinTypoLength {
			continue
		}
		for _, id := range s.ix.deleted(unsafe.Slice(unsafe.StringData(it.text), len(it.text))) {
			s.consider(sc, id, it.text)
		}
		for k := 0; k < len(it.text); k++ {
			sc.delBuf = append(append(sc.delBuf[:0], it.text[:k]...), it.text[k+1:]...)
			if id, ok := s.ix.vocab[string(sc.delBuf)]; ok {
				s.consider(sc, id, it.text)
			}
			for _, id := range s.ix.deleted(sc.delBuf) {
				s.consider(sc, id, it.text)
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

// consider adds listed token id when it is distinctive and really equal
// to, or one edit from, the party's text (hashes may collide).
func (s *Snapshot) consider(sc *scratch, id uint32, text string) {
	t := &s.ix.toks[id]
	if t.class != className {
		return
	}
	if t.text != text && (len(t.text) < s.cfg.MinTypoLength || len(text) < s.cfg.MinTypoLength || !oneEdit(t.text, text)) {
		return
	}
	for _, f := range sc.found {
		if f.id == id {
			return
		}
	}
	sc.found = append(sc.found, foundTok{id: id, df: t.df})
}
