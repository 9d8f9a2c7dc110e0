// Package fpcache is a bounded cache from 128-bit fingerprints to
// immutable values, for the caches of the hot path (the engine's item
// matches, the party screener's hits).
//
// It is built for lookups that almost always hit, from several cores at
// once, on tables too large for the CPU's own caches:
//
//   - A lookup takes no lock and writes nothing, so cores reading the cache
//     do not take its cache lines from one another.
//   - A key's fingerprint picks one set of 8 ways; the set's tags (8 bits of
//     the fingerprint per way) and its first 7 pointers share a cache line,
//     so a lookup mostly reads that line and the one entry whose tag
//     matches.
//   - The entry holds the whole fingerprint; a value is returned only when
//     all 128 bits agree. Tags and pointers are hints that a concurrent Put
//     may leave out of step: that costs a miss, never a wrong value.
//
// The fingerprint is two 64-bit maphash sums with seeds of the cache's own,
// over a length-prefixed encoding of the key's parts, so two different keys
// share a fingerprint with probability about 2^-128, and nobody outside the
// process can choose keys that collide. Callers therefore keep no copy of
// the key to compare.
//
// A full set replaces a way at random: the cache never holds more than its
// bound, and needs no eviction bookkeeping.
package fpcache

import (
	"encoding/binary"
	"hash/maphash"
	"math/bits"
	"math/rand/v2"
	"sync/atomic"
)

// ways is the associativity: a set's tags word and its first seven pointers
// fill one 64-byte cache line.
const ways = 8

// Key is the fingerprint of a cache key.
type Key struct{ hi, lo uint64 }

// Cache maps fingerprints to values, holding at most Cap of them. The zero
// Cache is not usable: make one with New.
type Cache[V any] struct {
	seedHi, seedLo maphash.Seed
	sets           []set[V]
	mask           uint64
}

// set is one set of ways. tags holds one byte of each way's fingerprint
// (0 for an empty way).
type set[V any] struct {
	tags atomic.Uint64
	ptrs [ways]atomic.Pointer[entry[V]]
	_    [128 - 8 - ways*8]byte // a set is two whole cache lines
}

type entry[V any] struct {
	key Key
	val V
}

// New returns an empty cache of at most entries values (rounded up to a
// power of two, at least one set).
func New[V any](entries int) *Cache[V] {
	n := 1
	for n*ways < entries {
		n <<= 1
	}
	return &Cache[V]{
		seedHi: maphash.MakeSeed(),
		seedLo: maphash.MakeSeed(),
		sets:   make([]set[V], n),
		mask:   uint64(n - 1),
	}
}

// Cap returns the most values the cache holds.
func (c *Cache[V]) Cap() int { return len(c.sets) * ways }

// Key fingerprints a key made of parts, in order. Each part is written
// after its length, so ("ab", "c") and ("a", "bc") differ.
func (c *Cache[V]) Key(parts ...string) Key {
	var buf [256]byte
	b := buf[:0]
	for _, p := range parts {
		b = binary.AppendUvarint(b, uint64(len(p)))
		b = append(b, p...)
	}
	// A key longer than buf was copied to the heap by append; such keys
	// are rare (the callers' parts are names and short codes).
	return Key{hi: maphash.Bytes(c.seedHi, b), lo: maphash.Bytes(c.seedLo, b)}
}

// tag is the byte of k kept in its set's tags word: never 0, which marks
// an empty way.
func tag(k Key) uint64 { return k.hi>>56 | 1 }

// set returns k's set. The set index and the tag come from different bits.
func (c *Cache[V]) set(k Key) *set[V] { return &c.sets[k.hi&c.mask] }

// Get returns the value stored under k and whether there was one. The
// value is shared by every caller and must not be modified.
func (c *Cache[V]) Get(k Key) (*V, bool) {
	s := c.set(k)
	// The zero bytes of x are the ways whose tag is k's. The lowest flag
	// of the zero-byte test is exact; a higher one can be a false alarm
	// (a borrow), which the entry's key check then turns away.
	x := s.tags.Load() ^ tag(k)*lows
	for m := (x - lows) &^ x & highs; m != 0; m &= m - 1 {
		w := bits.TrailingZeros64(m) / 8
		if e := s.ptrs[w].Load(); e != nil && e.key == k {
			return &e.val, true
		}
	}
	return nil, false
}

const (
	lows  = 0x0101010101010101
	highs = 0x8080808080808080
)

// Put stores v under k: in the way that holds k, else in an empty way,
// else in a way chosen at random.
func (c *Cache[V]) Put(k Key, v V) {
	s := c.set(k)
	w := c.way(s, k)
	s.ptrs[w].Store(&entry[V]{key: k, val: v})
	shift := uint(8 * w)
	for {
		old := s.tags.Load()
		if s.tags.CompareAndSwap(old, old&^(0xff<<shift)|tag(k)<<shift) {
			return
		}
	}
}

// way picks the way of s that Put stores k in.
func (c *Cache[V]) way(s *set[V], k Key) int {
	empty := -1
	for w := range ways {
		e := s.ptrs[w].Load()
		if e != nil && e.key == k {
			return w
		}
		if e == nil && empty < 0 {
			empty = w
		}
	}
	if empty >= 0 {
		return empty
	}
	return rand.IntN(ways)
}

// Len returns the number of values stored (for tests and metrics; it reads
// the whole table).
func (c *Cache[V]) Len() int {
	n := 0
	for i := range c.sets {
		for w := range ways {
			if c.sets[i].ptrs[w].Load() != nil {
				n++
			}
		}
	}
	return n
}
