package rules

import (
	"hash/maphash"
	"strings"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/internal/shardcache"
)

// The item cache. Line items repeat from filing to filing (the same
// products of the same shippers: "Cosmetic materials", "Laptop
// computers", a regular chemical under its usual name), and matching one
// costs about a microsecond. What the matcher finds in an item depends only
// on the catalog and on the item's description, CAS number and HS code (the
// controls in force on the event date are judged later, from the entries),
// so an engine's matcher remembers, per item, what it found. A reload builds
// a new matcher and so starts with an empty cache.
//
// The cache holds at most itemCacheEntries items (internal/shardcache).
// Items whose description is longer than itemCacheMaxText are not kept:
// they are rarely repeated exactly, and would make the bound a bound in
// items only.
const (
	itemCacheEntries = 1 << 16
	itemCacheMaxText = 512
)

// cachingMatcher is an itemMatcher that remembers its results.
type cachingMatcher struct {
	m     itemMatcher
	seed  maphash.Seed
	items shardcache.Cache[*cachedItem]
}

// cachedItem is one item as matched. The item is kept to tell a hash
// collision from a hit; res is shared by every caller and never modified.
type cachedItem struct {
	item chemicals.Item
	res  chemicals.Result
}

func newCachingMatcher(m itemMatcher) *cachingMatcher {
	c := &cachingMatcher{m: m, seed: maphash.MakeSeed()}
	c.items.Init(itemCacheEntries)
	return c
}

// Match returns what the matcher finds in it, from the cache when it was
// seen before. The result's slices are shared: callers must not modify them.
func (c *cachingMatcher) Match(it chemicals.Item) chemicals.Result {
	if len(it.Description) > itemCacheMaxText {
		return c.m.Match(it)
	}
	k := c.key(it)
	if e, ok := c.items.Get(k); ok && e.item == it {
		return e.res
	}
	res := c.m.Match(it)
	c.items.Put(k, detachItem(it, res))
	return res
}

func (c *cachingMatcher) key(it chemicals.Item) uint64 {
	var h maphash.Hash
	h.SetSeed(c.seed)
	h.WriteString(it.Description)
	h.WriteByte(0)
	h.WriteString(it.CAS)
	h.WriteByte(0)
	h.WriteString(it.HSCode)
	return h.Sum64()
}

// len returns the number of items stored (for tests).
func (c *cachingMatcher) len() int { return c.items.Len() }

// detachItem copies an item and its result so that they hold no string of
// the event the item was decoded from (a substring keeps the whole event
// alive), and no slice the matcher may reuse.
func detachItem(it chemicals.Item, res chemicals.Result) *cachedItem {
	it = chemicals.Item{Description: strings.Clone(it.Description), CAS: strings.Clone(it.CAS), HSCode: strings.Clone(it.HSCode)}
	out := chemicals.Result{
		Matches:    append([]chemicals.Match(nil), res.Matches...),
		InvalidCAS: append([]chemicals.CASFinding(nil), res.InvalidCAS...),
		Findings:   append([]chemicals.Finding(nil), res.Findings...),
	}
	for i := range out.Matches {
		out.Matches[i].Text = strings.Clone(out.Matches[i].Text)
	}
	for i := range out.InvalidCAS {
		out.InvalidCAS[i].Text = strings.Clone(out.InvalidCAS[i].Text)
	}
	for i := range out.Findings {
		out.Findings[i].Text = strings.Clone(out.Findings[i].Text)
		out.Findings[i].Candidates = append([]*chemicals.Entry(nil), out.Findings[i].Candidates...)
	}
	return &cachedItem{item: it, res: out}
}
