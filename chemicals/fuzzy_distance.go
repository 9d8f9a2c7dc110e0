package chemicals

// The bounded edit distance behind fuzzy matching.

// maxOSA bounds the strings osaDistance compares.
const maxOSA = 64

// osaDistance returns the optimal-string-alignment distance of a and b
// (edits and transpositions of neighbours, no substring edited twice), or
// k+1 if it exceeds k. It does not allocate.
//
// It is the bit-parallel algorithm of Hyyrö ("A bit-vector algorithm for
// computing Levenshtein and Damerau edit distances", 2003): one column of
// the distance matrix is a machine word of vertical differences, b's
// letters its bits, and each letter of a updates it in a dozen word
// operations; the transposition term adds a match that the letter before
// made possible. A banded table walk cost ten times as much on a typical
// key. TestOSADistance and FuzzOSADistance compare it with the table.
func osaDistance(a []byte, b string, k int) int {
	n, m := len(a), len(b)
	if n-m > k || m-n > k || n >= maxOSA || m >= maxOSA || k >= maxOSA {
		return k + 1
	}
	if m == 0 {
		return min(n, k+1)
	}
	// eq[slot[c]] has bit i set where b[i] is c; slot 0 is for bytes b lacks
	var slot [256]uint8
	var eq [maxOSA]uint64
	used := uint8(0)
	for i := 0; i < m; i++ {
		c := b[i]
		if slot[c] == 0 {
			used++
			slot[c] = used
		}
		eq[slot[c]] |= 1 << i
	}
	last := uint64(1) << (m - 1)
	vp, vn := ^uint64(0), uint64(0) // vertical differences +1 / -1 of the current column
	d0, eqPrev := uint64(0), uint64(0)
	d := m // the distance of b to a[:j]
	for j := 0; j < n; j++ {
		e := eq[slot[a[j]]]
		tr := ((^d0 & e) << 1) & eqPrev // a transposition: ab against ba
		d0 = (((e & vp) + vp) ^ vp) | e | vn | tr
		hp := vn | ^(d0 | vp)
		hn := vp & d0
		if hp&last != 0 {
			d++
		} else if hn&last != 0 {
			d--
		}
		hp = hp<<1 | 1 // the top row counts up: a[:j] against nothing
		hn <<= 1
		vp = hn | ^(d0 | hp)
		vn = d0 & hp
		eqPrev = e
		if d-(n-1-j) > k {
			return k + 1 // each letter left lowers it by one at most
		}
	}
	return min(d, k+1)
}
