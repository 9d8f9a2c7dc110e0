package parties

// oneEdit reports whether a and b differ by exactly one edit of the
// optimal-string-alignment distance: one insertion, deletion,
// substitution, or swap of two neighbouring letters. It runs in one pass
// without allocating; FuzzOneEdit checks it against go-edlib's
// OSADamerauLevenshteinDistance and BenchmarkOneEdit measures both.
func oneEdit(a, b string) bool {
	la, lb := len(a), len(b)
	if la < lb {
		a, b, la, lb = b, a, lb, la
	}
	if la-lb > 1 {
		return false
	}
	i := 0
	for i < lb && a[i] == b[i] {
		i++
	}
	if la != lb { // one deletion from a at i
		return i == lb || a[i+1:] == b[i:]
	}
	if i == la {
		return false // equal: no edit
	}
	if a[i+1:] == b[i+1:] {
		return true // substitution
	}
	return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] // swap
}
