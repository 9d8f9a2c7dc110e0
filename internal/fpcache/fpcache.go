// Package fpcache is a bounded cache from 128-bit fingerprints to
// immutable values, for the caches of the hot path (the engine's item
// matches, the party screener's hits).
//
// It is built for lookups that almost always hit, from several cores at
// once, on tables larger than the CPU's own caches:
//
//   - A lookup takes no lock and writes nothing, so cores reading the cache
//     do not take its cache lines from one another.
//   - A key's fingerprint picks one set of 4 ways; a set is two adjacent
//     cache lines holding the ways' fingerprints, their value pointers and
//     the set's sequence number. A lookup reads the two lines (independent
//     loads the CPU overlaps), and the value itself only when it is not nil:
//     a result with nothing in it costs no further read.
//   - A Put makes the set's sequence number odd while it writes and even
//     again after; a lookup that sees it odd or changed reports a miss
//     (a seqlock). A reader therefore never pairs one key with another's
//     value.
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
	"math/rand/v2"
	"sync/atomic"
)

// ways is the associativity: four fingerprints fill a set's first cache
// line, their values and the sequence number most of the second.
const ways = 4

// Key is the fingerprint of a cache key. The zero Key marks an empty way;
// Key never returns it.
type Key struct{ hi, lo uint64 }

// Cache maps fingerprints to values, holding at most Cap of them. The zero
// Cache is not usable: make one with New.
type Cache[V any] struct {
	seedHi, seedLo maphash.Seed
	sets           []set[V]
	mask           uint64
}

// set is one set of ways: 128 bytes, two cache lines when the table is
// aligned (a large allocation is page-aligned).
type set[V any] struct {
	keys [ways][2]atomic.Uint64
	vals [ways]atomic.Pointer[V]
	seq  atomic.Uint64 // odd while a Put writes the set
	_    [128 - ways*16 - ways*8 - 8]byte
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
	return Key{hi: maphash.Bytes(c.seedHi, b), lo: maphash.Bytes(c.seedLo, b) | 1}
}

// set returns k's set.
func (c *Cache[V]) set(k Key) *set[V] { return &c.sets[k.hi&c.mask] }

// Get returns the value stored under k and whether there was one. A nil
// value is a stored nil (see Put). The value is shared by every caller and
// must not be modified.
func (c *Cache[V]) Get(k Key) (*V, bool) {
	s := c.set(k)
	seq := s.seq.Load()
	if seq&1 != 0 {
		return nil, false // a Put is writing the set
	}
	for w := range ways {
		if s.keys[w][0].Load() == k.hi && s.keys[w][1].Load() == k.lo {
			v := s.vals[w].Load()
			if s.seq.Load() != seq {
				return nil, false // the set changed while it was read
			}
			return v, true
		}
	}
	return nil, false
}

// Put stores v under k: in the way that holds k, else in an empty way,
// else in a way chosen at random. v may be nil (a result with nothing in
// it), which Get then returns without a further read. When another Put is
// writing the same set at that moment, v is not stored: this is a cache.
func (c *Cache[V]) Put(k Key, v *V) {
	s := c.set(k)
	seq := s.seq.Load()
	if seq&1 != 0 || !s.seq.CompareAndSwap(seq, seq+1) {
		return
	}
	w := s.way(k)
	s.vals[w].Store(v)
	s.keys[w][0].Store(k.hi)
	s.keys[w][1].Store(k.lo)
	s.seq.Store(seq + 2)
}

// way picks the way Put stores k in.
func (s *set[V]) way(k Key) int {
	empty := -1
	for w := range ways {
		hi, lo := s.keys[w][0].Load(), s.keys[w][1].Load()
		if hi == k.hi && lo == k.lo {
			return w
		}
		if lo == 0 && empty < 0 {
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
			if c.sets[i].keys[w][1].Load() != 0 {
				n++
			}
		}
	}
	return n
}
