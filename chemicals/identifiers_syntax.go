package chemicals

// The shapes of SMILES strings and Hill formulas.

// hillFormula reports whether f is a molecular formula in Hill order:
// element symbols with counts, carbon first and hydrogen next when there
// is carbon, the others in alphabetical order; at least two elements or a
// count ("HI" alone is a word, "P" a letter).
func hillFormula(f string) bool {
	var syms []string
	counts := false
	for i := 0; i < len(f); {
		if !upper(f[i]) {
			return false
		}
		j := i + 1
		if j < len(f) && f[j] >= 'a' && f[j] <= 'z' {
			j++
		}
		syms = append(syms, f[i:j])
		for j < len(f) && isDigit(f[j]) {
			j, counts = j+1, true
		}
		i = j
	}
	if len(syms) < 2 && !counts {
		return false
	}
	k := 0
	if syms[0] == "C" {
		k = 1
		if len(syms) > 1 && syms[1] == "H" {
			k = 2
		}
	}
	for i := k + 1; i < len(syms); i++ {
		if syms[i] <= syms[i-1] {
			return false
		}
	}
	return true
}

// smilesLike reports whether tok reads as a SMILES string: atoms of the
// organic subset or in brackets, bonds, branches and ring closures, with
// balanced branches, paired ring closures, at least three atoms and at
// least one branch, bond, bracket or ring: "CC(=O)Cc1ccccc1" is one,
// "NO-CC1-OCC" (a part number with an unpaired ring) and "CCO" (a word as
// much as a structure) are not.
func smilesLike(tok string) bool {
	if len(tok) < 5 || len(tok) > 400 {
		return false
	}
	atoms, depth, structural := 0, 0, false
	var rings [10]int
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		switch {
		case c == 'C' && i+1 < len(tok) && tok[i+1] == 'l', c == 'B' && i+1 < len(tok) && tok[i+1] == 'r':
			atoms++
			i++
		case c == 'B' || c == 'C' || c == 'N' || c == 'O' || c == 'P' || c == 'S' || c == 'F' || c == 'I',
			c == 'b' || c == 'c' || c == 'n' || c == 'o' || c == 'p' || c == 's':
			atoms++
		case c == '[':
			j := i + 1
			for j < len(tok) && tok[j] != ']' && tok[j] != '[' {
				j++
			}
			if j == len(tok) || tok[j] != ']' || j == i+1 {
				return false
			}
			atoms, structural, i = atoms+1, true, j
		case c == '(':
			depth, structural = depth+1, true
		case c == ')':
			if depth--; depth < 0 {
				return false
			}
		case c >= '0' && c <= '9':
			if atoms == 0 {
				return false
			}
			rings[c-'0']++
			structural = true
		case c == '=' || c == '#' || c == '/' || c == '\\' || c == '@' || c == '+' || c == '.':
			structural = true
		case c == '-':
		default:
			return false
		}
	}
	if depth != 0 || atoms < 3 || !structural {
		return false
	}
	for _, r := range rings {
		if r%2 != 0 {
			return false
		}
	}
	return true
}
