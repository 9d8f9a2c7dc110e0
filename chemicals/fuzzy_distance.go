package chemicals

// The bounded edit distance behind fuzzy matching.

// maxOSA bounds the strings osaDistance compares.
const maxOSA = 64

// osaDistance returns the optimal-string-alignment distance of a and b, or
// k+1 as soon as it must exceed k. It does not allocate.
func osaDistance(a []byte, b string, k int) int {
	n, m := len(a), len(b)
	if n-m > k || m-n > k || n >= maxOSA || m >= maxOSA || k >= maxOSA {
		return k + 1
	}
	big := uint8(k + 1)
	var rows [3][maxOSA + 1]uint8 // distances stay below maxOSA
	pp, p, c := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= m; j++ {
		p[j] = uint8(j)
	}
	for i := 1; i <= n; i++ {
		lo, hi := max(1, i-k), min(m, i+k)
		c[0] = min(uint8(i), big)
		if lo > 1 {
			c[lo-1] = big
		}
		rowMin := c[lo-1]
		for j := lo; j <= hi; j++ {
			v := p[j-1]
			if a[i-1] != b[j-1] {
				v++
			}
			v = min(v, p[j]+1, c[j-1]+1)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, pp[j-2]+1)
			}
			c[j] = v
			rowMin = min(rowMin, v)
		}
		if hi < m {
			c[hi+1] = big
		}
		if rowMin >= big {
			return k + 1
		}
		pp, p, c = p, c, pp
	}
	return int(min(p[m], big))
}
