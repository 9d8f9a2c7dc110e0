package rules

import (
	"hash/maphash"
	"sync"

	"github.com/precursorwatch/precursor/chemicals"
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
// The cache is bounded: itemCacheShards shards of at most
// itemCacheShardEntries items each; a full shard forgets an eighth of its
// items (whichever the map yields first) before it learns a new one. Items
// whose description is longer than itemCacheMaxText are not kept: they are
// rarely repeated exactly, and would make the bound a bound in items only.
const (
	itemCacheShards       = 16
	itemCacheShardEntries = 4096 // 65,536 items in all
	itemCacheMaxText      = 512
)

// cachingMatcher is an itemMatcher that remembers its results.
type cachingMatcher struct {
	m      itemMatcher
	seed   maphash.Seed
	shards [itemCacheShards]itemCacheShard
}

type itemCacheShard struct {
	mu sync.RWMutex
	m  map[uint64]cachedItem
}

// cachedItem is one item as matched. The item is kept to tell a hash
// collision from a hit; res is shared by every caller and never modified.
type cachedItem struct {
	item chemicals.Item
	res  chemicals.Result
}

func newCachingMatcher(m itemMatcher) *cachingMatcher {
	c := &cachingMatcher{m: m, seed: maphash.MakeSeed()}
	for i := range c.shards {
		c.shards[i].m = make(map[uint64]cachedItem)
	}
	return c
}

// Match returns what the matcher finds in it, from the cache when it was
// seen before. The result's slices are shared: callers must not modify them.
func (c *cachingMatcher) Match(it chemicals.Item) chemicals.Result {
	if len(it.Description) > itemCacheMaxText {
		return c.m.Match(it)
	}
	k := c.key(it)
	sh := &c.shards[k%itemCacheShards]
	sh.mu.RLock()
	e, ok := sh.m[k]
	sh.mu.RUnlock()
	if ok && e.item == it {
		return e.res
	}
	res := c.m.Match(it)
	c.put(sh, k, it, res)
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

func (c *cachingMatcher) put(sh *itemCacheShard, k uint64, it chemicals.Item, res chemicals.Result) {
	e := detachItem(it, res)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if len(sh.m) >= itemCacheShardEntries {
		drop := itemCacheShardEntries / 8
		for old := range sh.m {
			delete(sh.m, old)
			if drop--; drop == 0 {
				break
			}
		}
	}
	sh.m[k] = e
}

// len returns the number of items stored (for tests).
func (c *cachingMatcher) len() int {
	n := 0
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.RLock()
		n += len(sh.m)
		sh.mu.RUnlock()
	}
	return n
}

// detachItem copies an item and its result so that they hold no string of
// the event the item was decoded from (a substring keeps the whole event
// alive), and no slice the matcher may reuse.
func detachItem(it chemicals.Item, res chemicals.Result) cachedItem {
	it = chemicals.Item{Description: clone(it.Description), CAS: clone(it.CAS), HSCode: clone(it.HSCode)}
	out := chemicals.Result{
		Matches:    append([]chemicals.Match(nil), res.Matches...),
		InvalidCAS: append([]chemicals.CASFinding(nil), res.InvalidCAS...),
		Findings:   append([]chemicals.Finding(nil), res.Findings...),
	}
	for i := range out.Matches {
		out.Matches[i].Text = clone(out.Matches[i].Text)
	}
	for i := range out.InvalidCAS {
		out.InvalidCAS[i].Text = clone(out.InvalidCAS[i].Text)
	}
	for i := range out.Findings {
		out.Findings[i].Text = clone(out.Findings[i].Text)
		out.Findings[i].Candidates = append([]*chemicals.Entry(nil), out.Findings[i].Candidates...)
	}
	return cachedItem{item: it, res: out}
}

func clone(s string) string { return string(append([]byte(nil), s...)) }
