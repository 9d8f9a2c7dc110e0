package parties

import (
	"sort"
	"strings"
	"time"

	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/parties/listfmt"
)

// Screen matches one party against every loaded list and returns its hits,
// best first (nil when there are none). It is pure and safe for concurrent
// use: the same snapshot and party always give the same hits. at is the
// time exceptions are judged at (an exception expired at at clears
// nothing).
func (s *Snapshot) Screen(p manifest.Party, role Role, at time.Time) []Hit {
	if p.Name == "" {
		return nil
	}
	k := s.cache.key(p, role)
	hits, ok := s.cache.get(k)
	if !ok {
		hits = s.screen(p, role)
		s.cache.put(k, hits)
	} else if len(hits) > 0 {
		hits = append([]Hit(nil), hits...) // the exceptions mark the caller's copy
	}
	s.exceptions.apply(hits, p, at)
	return hits
}

// screen finds the hits of one party before exceptions: what Screen
// caches (screen_cache.go).
func (s *Snapshot) screen(p manifest.Party, role Role) []Hit {
	sc := s.pool.Get().(*scratch)
	defer s.pool.Put(sc)
	if !s.partyWords(sc, p.Name) {
		return nil
	}
	s.candidates(sc)
	if len(sc.cands) == 0 {
		return nil
	}
	sc.best = sc.best[:0]
	for _, ni := range sc.cands {
		n := &s.ix.names[ni]
		score, _, _, ok := s.align(sc, n)
		if !ok {
			continue
		}
		if n.kind == listfmt.NameWeakAlias {
			score -= float32(s.cfg.WeakAliasPenalty)
		}
		if float64(score) < s.cfg.MinNameScore {
			continue
		}
		sc.best = keepBest(sc.best, scored{entry: n.entry, name: ni, score: score})
	}
	var hits []Hit
	for _, b := range sc.best {
		h := s.hit(sc, b, p, role)
		if h.Score >= s.cfg.Threshold {
			hits = append(hits, h)
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		if hits[i].List != hits[j].List {
			return hits[i].List < hits[j].List
		}
		return hits[i].EntryID < hits[j].EntryID
	})
	if len(hits) > s.cfg.MaxHits {
		hits = hits[:s.cfg.MaxHits]
	}
	return hits
}

// ScreenManifest screens the shipper, consignee and notify party of m.
func (s *Snapshot) ScreenManifest(m *manifest.Manifest, at time.Time) []Hit {
	var hits []Hit
	hits = append(hits, s.Screen(m.Shipper, RoleShipper, at)...)
	hits = append(hits, s.Screen(m.Consignee, RoleConsignee, at)...)
	return append(hits, s.Screen(m.NotifyParty, RoleNotify, at)...)
}

// keepBest records b unless its entry already has a better name.
func keepBest(best []scored, b scored) []scored {
	for i := range best {
		if best[i].entry == b.entry {
			if b.score > best[i].score {
				best[i] = b
			}
			return best
		}
	}
	return append(best, b)
}

// hit builds the hit and its explanation for the best name of an entry,
// aligning that name once more to read the word matches.
func (s *Snapshot) hit(sc *scratch, b scored, p manifest.Party, role Role) Hit {
	n := &s.ix.names[b.name]
	ref := s.ix.entries[n.entry]
	e, info := ref.entry, &s.lists[ref.list]
	nameScore, nameCov, partyCov, _ := s.align(sc, n)
	h := Hit{
		Role: role, Party: p.Name, List: info.ID, ListTitle: info.Title, EntryID: e.ID, Kind: e.Kind, EntryType: e.Type,
		Programmes: e.Programmes, Name: e.Names[0].Text, Matched: n.text, MatchedAs: n.kind.String(),
		Countries: e.Countries, Action: e.Action, Sources: e.Sources,
	}
	x := &h.Explain
	x.NameCoverage, x.PartyCoverage, x.NameScore = round(nameCov), round(partyCov), round(nameScore)
	score := float64(nameScore)
	if n.kind == listfmt.NameWeakAlias {
		x.WeakAlias = s.cfg.WeakAliasPenalty
		score -= s.cfg.WeakAliasPenalty
	}
	x.Country = s.country(p.Country, e.Countries)
	score += x.Country.Adjust
	h.Score = round(min(1, max(0, score)))
	x.Words = s.wordMatches(sc, n)
	for _, l := range sc.norm.legal {
		x.LegalForms = append(x.LegalForms, strings.Clone(l))
	}
	return h
}

// country corroborates a name match: a boost when the party's country is
// one of the entry's, a penalty when the entry has countries and the
// party's is not among them, nothing when either side has none.
func (s *Snapshot) country(party string, listed []string) CountryCheck {
	c := CountryCheck{Party: party, Listed: listed, Effect: "unknown"}
	if party == "" || len(listed) == 0 {
		return c
	}
	for _, l := range listed {
		if strings.EqualFold(l, party) {
			c.Effect, c.Adjust = "match", s.cfg.CountryBoost
			return c
		}
	}
	c.Effect, c.Adjust = "mismatch", -s.cfg.CountryPenalty
	return c
}

// wordMatches reads the last alignment into explanation rows.
func (s *Snapshot) wordMatches(sc *scratch, n *nameRec) []WordMatch {
	rows := make([]WordMatch, 0, len(n.toks)+len(sc.qtoks))
	for i, id := range n.toks {
		t := &s.ix.toks[id]
		r := WordMatch{Listed: t.text, How: sc.howL[i].String(), Class: t.class.String(), Weight: round(t.weight), Similarity: round(sc.simL[i])}
		if q := sc.withL[i]; q >= 0 {
			it := sc.items[q]
			r.Party = strings.Clone(strings.Join(sc.qtoks[it.lo:it.hi], " ")) // Join returns a lone view as is
		}
		rows = append(rows, r)
	}
	for i, t := range sc.qtoks {
		if !sc.usedQ[i] {
			rows = append(rows, WordMatch{Party: strings.Clone(t), How: "extra", Class: sc.qclass[i].String(), Weight: round(sc.qw[i])})
		}
	}
	return rows
}

// round keeps three decimals, enough to read and stable to compare.
func round[F float32 | float64](f F) float64 {
	v := float64(f)
	if v < 0 {
		return -float64(int64(-v*1000+0.5)) / 1000
	}
	return float64(int64(v*1000+0.5)) / 1000
}
