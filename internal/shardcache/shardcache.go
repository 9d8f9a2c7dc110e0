// Package shardcache is a bounded map from 64-bit hashes to values, safe
// for concurrent use, for the caches of the hot path (the engine's item
// matches, the party screener's hits). Readers of different shards never
// contend, and readers of one shard share a read lock.
//
// A hash is not the key: the caller hashes what its result depends on,
// keeps those fields in the value, and compares them on Get to tell a hash
// collision from a hit. A full shard forgets an eighth of its entries
// (whichever the map yields first) before it stores a new one, so the
// cache never holds more than its bound.
package shardcache

import "sync"

const shards = 16

// Cache maps hashes to values, holding at most its bound of them. It must
// be initialised with Init before use and not copied after.
type Cache[V any] struct {
	perShard int
	shards   [shards]shard[V]
}

type shard[V any] struct {
	mu sync.RWMutex
	m  map[uint64]V
}

// Init makes c an empty cache of at most entries values (at least one per
// shard). A Cache is meant to be embedded in the structure it serves, and
// its values to be pointers: Get then copies a word, not a record.
func (c *Cache[V]) Init(entries int) {
	c.perShard = max(entries/shards, 1)
	for i := range c.shards {
		c.shards[i].m = make(map[uint64]V)
	}
}

// Get returns the value stored under k and whether there was one.
func (c *Cache[V]) Get(k uint64) (V, bool) {
	sh := &c.shards[k%shards]
	sh.mu.RLock()
	v, ok := sh.m[k]
	sh.mu.RUnlock()
	return v, ok
}

// Put stores v under k, making room in k's shard when it is full.
func (c *Cache[V]) Put(k uint64, v V) {
	sh := &c.shards[k%shards]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if _, ok := sh.m[k]; !ok && len(sh.m) >= c.perShard {
		drop := max(c.perShard/8, 1)
		for old := range sh.m {
			delete(sh.m, old)
			if drop--; drop == 0 {
				break
			}
		}
	}
	sh.m[k] = v
}

// Len returns the number of values stored.
func (c *Cache[V]) Len() int {
	n := 0
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.RLock()
		n += len(sh.m)
		sh.mu.RUnlock()
	}
	return n
}
