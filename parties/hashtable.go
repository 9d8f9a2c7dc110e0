package parties

// hashTable maps 64-bit hashes to uint32 values with open addressing and
// linear probing: the index's lookups (a party word and each of its
// one-letter deletions) are the hot loop of screening, and this table
// answers one in a few nanoseconds where a Go map takes several times
// longer (BenchmarkHashTable). Keys are hashes: callers check what they
// find (a token's text, an edit distance).
type hashTable struct {
	keys []uint64 // 0 = empty slot; a zero hash is stored as 1
	vals []uint32
	mask uint64
	// filter is a Bloom filter (two bits a key, sixteen bits a key): most
	// lookups are of words no list holds, and the filter answers those
	// from a few hundred kilobytes instead of a miss in megabytes.
	filter []uint64
	fmask  uint64
}

func newHashTable(n int) *hashTable {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	return &hashTable{keys: make([]uint64, size), vals: make([]uint32, size), mask: uint64(size - 1),
		filter: make([]uint64, size/8), fmask: uint64(size*8 - 1)}
}

// bits are the two filter bits of h, from hash bits the slot index does
// not use.
func (t *hashTable) bits(h uint64) (uint64, uint64) {
	return (h >> 20) & t.fmask, (h >> 42) & t.fmask
}

func nonZero(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

// put sets the value of h, which must not be in the table yet.
func (t *hashTable) put(h uint64, v uint32) {
	h = nonZero(h)
	a, b := t.bits(h)
	t.filter[a>>6] |= 1 << (a & 63)
	t.filter[b>>6] |= 1 << (b & 63)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		if t.keys[i] == 0 {
			t.keys[i], t.vals[i] = h, v
			return
		}
	}
}

// get returns the value of h.
func (t *hashTable) get(h uint64) (uint32, bool) {
	h = nonZero(h)
	a, b := t.bits(h)
	if t.filter[a>>6]&(1<<(a&63)) == 0 || t.filter[b>>6]&(1<<(b&63)) == 0 {
		return 0, false
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		switch t.keys[i] {
		case h:
			return t.vals[i], true
		case 0:
			return 0, false
		}
	}
}

// fnv64 is 64-bit FNV-1a of s.
func fnv64(s string) uint64 { return fnvAdd(fnvOffset, s) }

const fnvOffset = uint64(14695981039346656037)

// fnvAdd continues an FNV-1a hash over s.
func fnvAdd(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// fnvDeleted is fnv64 of s without its k-th byte.
func fnvDeleted(s string, k int) uint64 { return fnvAdd(fnvAdd(fnvOffset, s[:k]), s[k+1:]) }
