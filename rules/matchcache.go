package rules

import (
	"strings"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/internal/fpcache"
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
// The cache holds at most itemCacheEntries items (internal/fpcache: a
// lock-free table keyed by a 128-bit fingerprint of the description, CAS
// number and HS code).
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
	items *fpcache.Cache[chemicals.Result]
}

func newCachingMatcher(m itemMatcher) *cachingMatcher {
	return &cachingMatcher{m: m, items: fpcache.New[chemicals.Result](itemCacheEntries)}
}

// Match returns what the matcher finds in it, from the cache when it was
// seen before. The result's slices are shared: callers must not modify them.
func (c *cachingMatcher) Match(it chemicals.Item) chemicals.Result {
	if len(it.Description) > itemCacheMaxText {
		return c.m.Match(it)
	}
	k := c.key(it)
	if res, ok := c.items.Get(k); ok {
		if res == nil {
			return chemicals.Result{} // an item with nothing found: most of them
		}
		return *res
	}
	res := c.m.Match(it)
	if len(res.Matches)+len(res.InvalidCAS)+len(res.Findings) == 0 {
		c.items.Put(k, nil)
		return res
	}
	kept := detachResult(res)
	c.items.Put(k, &kept)
	return res
}

func (c *cachingMatcher) key(it chemicals.Item) fpcache.Key {
	return c.items.Key(it.Description, it.CAS, it.HSCode)
}

// len returns the number of items stored (for tests).
func (c *cachingMatcher) len() int { return c.items.Len() }

// detachResult copies a result so that it holds no string of the event the
// item was decoded from (a substring keeps the whole event alive), and no
// slice the matcher may reuse.
func detachResult(res chemicals.Result) chemicals.Result {
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
	return out
}
