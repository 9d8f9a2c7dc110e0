package parties

import (
	"strings"

	"github.com/precursorwatch/precursor/internal/fpcache"
	"github.com/precursorwatch/precursor/manifest"
)

// The screening cache. Shippers, consignees and notify parties repeat from
// one filing to the next (the same forwarders, the same importers), and
// screening a name costs microseconds: normalising it, looking up its
// words, aligning the candidates. What Screen finds for a party depends
// only on the snapshot and on the party's role, name and country (the
// address is not screened); only the exceptions depend on the time. So a
// snapshot remembers, per (role, name, country), the hits before
// exceptions, and applies the exceptions to a copy at each call. A reload
// builds a new snapshot and so starts with an empty cache.
//
// The cache holds at most cacheEntries parties (internal/fpcache: a
// lock-free table keyed by a 128-bit fingerprint of the role, name and
// country), a few MiB; the table is twice the size of a busy day's distinct
// parties, so that its sets rarely overflow.
const cacheEntries = 1 << 17

// screenCache maps a party to the hits Screen found for it. The hits it
// returns are never modified.
type screenCache struct {
	parties *fpcache.Cache[[]Hit]
}

func newScreenCache() *screenCache {
	return &screenCache{parties: fpcache.New[[]Hit](cacheEntries)}
}

// key fingerprints what the result of Screen depends on.
func (c *screenCache) key(p manifest.Party, role Role) fpcache.Key {
	return c.parties.Key(string(role), p.Name, p.Country)
}

// get returns the stored hits of the party and whether it was stored. A
// party without hits (most of them) is stored as nil and costs no read
// beyond the cache's table.
func (c *screenCache) get(k fpcache.Key) ([]Hit, bool) {
	hits, ok := c.parties.Get(k)
	if !ok || hits == nil {
		return nil, ok
	}
	return *hits, true
}

// put stores the hits of the party. What is kept holds no string of the
// event: a party's name is a substring of the whole event, which it would
// keep alive.
func (c *screenCache) put(k fpcache.Key, hits []Hit) {
	if len(hits) == 0 {
		c.parties.Put(k, nil)
		return
	}
	kept := detach(hits)
	c.parties.Put(k, &kept)
}

// detach returns a copy of hits whose strings taken from the party (its
// name, country, words and legal forms) are copies too.
func detach(hits []Hit) []Hit {
	if len(hits) == 0 {
		return nil
	}
	out := make([]Hit, len(hits))
	for i, h := range hits {
		h.Party = strings.Clone(h.Party)
		h.Explain.Country.Party = strings.Clone(h.Explain.Country.Party)
		h.Explain.Words = append([]WordMatch(nil), h.Explain.Words...)
		for j := range h.Explain.Words {
			h.Explain.Words[j].Party = strings.Clone(h.Explain.Words[j].Party)
		}
		h.Explain.LegalForms = append([]string(nil), h.Explain.LegalForms...)
		for j := range h.Explain.LegalForms {
			h.Explain.LegalForms[j] = strings.Clone(h.Explain.LegalForms[j])
		}
		out[i] = h
	}
	return out
}

// len returns the number of parties stored (for tests).
func (c *screenCache) len() int { return c.parties.Len() }
