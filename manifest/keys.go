package manifest

import "github.com/precursorwatch/precursor/internal/swar"

// keySet holds the field names of one object type, laid out so that the
// decoder recognises a plain key by comparing two machine words with each
// name in turn, instead of scanning the key as a string and then comparing
// strings. A name's index is its field number.
type keySet struct {
	keys []fastKey
}

// fastKey is one name followed by its closing quote, as two little-endian
// words zero-padded to maxFastKey bytes, with masks of the bytes in use.
type fastKey struct {
	name         string
	word0, word1 uint64
	mask0, mask1 uint64
}

// maxFastKey is the longest name plus closing quote that a keySet holds.
const maxFastKey = 16

// newKeySet returns the keySet of names, in field-number order. It panics
// on a name longer than maxFastKey-1 bytes: the sets are fixed at compile
// time and a test builds them all.
func newKeySet(names ...string) *keySet {
	ks := &keySet{keys: make([]fastKey, len(names))}
	for j, name := range names {
		if len(name) >= maxFastKey {
			panic("manifest: key " + name + " too long for a keySet")
		}
		var b, m [maxFastKey]byte
		copy(b[:], name)
		b[len(name)] = '"'
		for i := 0; i <= len(name); i++ {
			m[i] = 0xff
		}
		s, ms := string(b[:]), string(m[:])
		ks.keys[j] = fastKey{name: name,
			word0: swar.Load64(s, 0), word1: swar.Load64(s, 8),
			mask0: swar.Load64(ms, 0), mask1: swar.Load64(ms, 8)}
	}
	return ks
}

// match returns the field number of the name that, followed by '"',
// starts at s[i] (just after the opening quote of a key), or -1. It tries
// guess first: producers write fields in a fixed order, so the field after
// the previous one is the usual answer. match returns -1 when fewer than
// maxFastKey bytes remain; the caller then scans the key as a string.
func (ks *keySet) match(s string, i, guess int) int {
	if ks == nil || i+maxFastKey > len(s) {
		return -1
	}
	w0, w1 := swar.Load64(s, i), swar.Load64(s, i+8)
	keys := ks.keys
	for n, j := 0, guess; n < len(keys); n, j = n+1, j+1 {
		if j >= len(keys) {
			j = 0
		}
		k := &keys[j]
		if w0&k.mask0 == k.word0 && w1&k.mask1 == k.word1 {
			return j
		}
	}
	return -1
}

// lookup returns the field number of a decoded key, or -1.
func (ks *keySet) lookup(key string) int {
	if ks == nil {
		return -1
	}
	for j := range ks.keys {
		if ks.keys[j].name == key {
			return j
		}
	}
	return -1
}

// name returns the name of field f.
func (ks *keySet) name(f int) string { return ks.keys[f].name }
