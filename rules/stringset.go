package rules

// The batch programs' fast paths test `x in lists.NAME` (a set built by
// the patcher, map[string]struct{}) once per item for some rules. Most
// pack lists are a few short codes (countries, HS headings), for which
// hashing the string costs more than comparing it with every member:
// setLookup packs each member of up to 7 bytes, with its length, into one
// word, and the test is a scan of those words.

// packedMax bounds the members of a set scanned rather than hashed.
const packedMax = 16

// setLookup returns the membership test of set: a scan of packed words
// when set has at most packedMax members, each at most 7 bytes long,
// else the map lookup.
func setLookup(set map[string]struct{}) func(string) bool {
	if len(set) > packedMax {
		return mapLookup(set)
	}
	keys := make([]uint64, 0, len(set))
	for s := range set {
		k, ok := packString(s)
		if !ok {
			return mapLookup(set)
		}
		keys = append(keys, k)
	}
	return func(s string) bool {
		k, ok := packString(s)
		if !ok {
			return false // longer than every member
		}
		for _, x := range keys {
			if x == k {
				return true
			}
		}
		return false
	}
}

func mapLookup(set map[string]struct{}) func(string) bool {
	return func(s string) bool {
		_, found := set[s]
		return found
	}
}

// packString packs a string of at most 7 bytes into a word, its length
// in the top byte: two such strings are equal exactly when their words
// are.
func packString(s string) (uint64, bool) {
	if len(s) > 7 {
		return 0, false
	}
	k := uint64(len(s)) << 56
	for i := 0; i < len(s); i++ {
		k |= uint64(s[i]) << (8 * i)
	}
	return k, true
}
