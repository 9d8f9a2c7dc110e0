package parties

import (
	"hash/maphash"
	"strings"

	"github.com/precursorwatch/precursor/internal/shardcache"
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
// The cache holds at most cacheEntries parties (internal/shardcache): a
// few MiB.
const cacheEntries = 1 << 16

// screenCache maps a party to the hits Screen found for it.
type screenCache struct {
	seed    maphash.Seed
	parties shardcache.Cache[*cachedParty]
}

// cachedParty is one party as screened. The key fields are kept to tell a
// hash collision from a hit; hits is never modified once stored.
type cachedParty struct {
	role          Role
	name, country string
	hits          []Hit
}

func newScreenCache() *screenCache {
	c := &screenCache{seed: maphash.MakeSeed()}
	c.parties.Init(cacheEntries)
	return c
}

// key hashes what the result of Screen depends on.
func (c *screenCache) key(p manifest.Party, role Role) uint64 {
	var h maphash.Hash
	h.SetSeed(c.seed)
	h.WriteString(string(role))
	h.WriteByte(0)
	h.WriteString(p.Name)
	h.WriteByte(0)
	h.WriteString(p.Country)
	return h.Sum64()
}

// get returns the stored hits of the party and whether it was stored.
func (c *screenCache) get(k uint64, p manifest.Party, role Role) ([]Hit, bool) {
	e, ok := c.parties.Get(k)
	if !ok || e.role != role || e.name != p.Name || e.country != p.Country {
		return nil, false
	}
	return e.hits, true
}

// put stores the hits of the party. What is kept holds no string of the
// event: a party's name is a substring of the whole event, which it would
// keep alive.
func (c *screenCache) put(k uint64, p manifest.Party, role Role, hits []Hit) {
	c.parties.Put(k, &cachedParty{role: role, name: strings.Clone(p.Name), country: strings.Clone(p.Country), hits: detach(hits)})
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
