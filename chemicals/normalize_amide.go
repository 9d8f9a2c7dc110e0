package chemicals

// The amide half of the amine rewrite (normalize_amine.go): two N-
// substituents of one nitrogen, written in either order, are put in one.

// orderNGroups puts two N- substituents in front of their parent in
// descending order of their canonical text.
func orderNGroups(a []amineTok) ([]amineTok, bool) {
	changed := false
	for i := 0; i < len(a); i++ {
		if !a[i].nsub {
			continue
		}
		j := groupEnd(a, i)
		if j < 0 || j >= len(a) || !a[j].nsub || !joined(a[j].sep) {
			continue
		}
		k := groupEnd(a, j)
		if k < 0 || k >= len(a) || !joined(a[k].sep) {
			continue
		}
		if k == j || !substituent(a[k-1]) { // "N-phenylpropanamide": split off "fenil"
			var ok bool
			if a, ok = splitPrefix(a, k); !ok {
				continue
			}
			k++
			changed = true
		}
		if groupLess(a[i:j], a[j:k]) {
			a = swapGroups(a, i, j, k)
			changed = true
		}
		i = k - 1
	}
	return a, changed
}

// groupEnd returns the index after the N- substituent starting at token i:
// locants and -yl words up to the last -yl word before anything else; -1
// when the group is longer than five tokens. The index returned may hold a
// word that begins with a prefix (see splitPrefix).
func groupEnd(a []amineTok, i int) int {
	k := i
	for k < len(a) && k < i+6 && (a[k].digits || substituent(a[k])) && (k == i || joined(a[k].sep) && !a[k].nsub) {
		k++
	}
	if k == i+6 {
		return -1
	}
	return k
}

// splitPrefix splits token k after its last -yl prefix that leaves a word
// of four or more letters ("fenil|propanamide"); both parts keep the
// token's span.
func splitPrefix(a []amineTok, k int) ([]amineTok, bool) {
	if k >= len(a) || a[k].digits {
		return a, false
	}
	w := a[k].text
	for p := len(w) - 6; p >= 3; p-- {
		if w[p] == 'i' && w[p+1] == 'l' {
			head, tail := a[k], a[k]
			head.text, tail.text = w[:p+2], newerName(w[p+2:])
			tail.sep, tail.nsub = sepHyphen, false
			a = append(a, amineTok{})
			copy(a[k+2:], a[k+1:])
			a[k], a[k+1] = head, tail
			return a, true
		}
	}
	return a, false
}

// groupLess reports whether the canonical text of group x sorts before y's.
func groupLess(x, y []amineTok) bool {
	var bx, by [64]byte
	return string(groupText(bx[:0], x)) < string(groupText(by[:0], y))
}

func groupText(b []byte, g []amineTok) []byte {
	for _, t := range g {
		b = append(b, t.text...)
	}
	return b
}

// swapGroups turns tokens [i,j) [j,k) into [j,k) [i,j); the first token
// keeps the run's leading separator and N- mark stays on each group.
func swapGroups(a []amineTok, i, j, k int) []amineTok {
	lead := a[i].sep
	var tmp [12]amineTok
	if k-i > len(tmp) {
		return a
	}
	n := copy(tmp[:], a[j:k])
	n += copy(tmp[n:], a[i:j])
	copy(a[i:k], tmp[:n])
	a[i].sep = lead
	a[i+k-j].sep = sepHyphen
	return a
}
