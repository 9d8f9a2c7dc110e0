package chemicals

// Amines and amides are named around either of their parts. A secondary
// amine R–NH–Ph is "N-R-aniline" (aniline as the parent), "N-phenyl-R'-amine"
// (the amine as the parent, phenyl on its nitrogen) or "(phenylamino)R'"
// (anilino as a substituent); the substituents on the nitrogen of an amide
// R¹R²N–CO–Et are written in either order. So
//
//	N-(1-phenethylpiperidin-4-yl)aniline
//	1-phenethyl-N-phenylpiperidin-4-amine
//	N-phenyl-1-(2-phenylethyl)piperidin-4-amine
//	4-anilino-1-phenethylpiperidine
//
// are one compound (ANPP), and "N-(piperidin-4-yl)-N-phenylpropanamide" is
// "N-phenyl-N-(piperidin-4-yl)propanamide" (norfentanyl). amines rewrites
// the canonical tokens to one form for each, after the rest of
// normalisation:
//
//   - N-R-aniline, R being "<substituents><locant>-<X>yl" with X a ring or
//     chain named "-ine" (piperidin-4-yl, pyridin-2-yl …), becomes
//     "<substituents><locant>-(phenylamino)X-ine": aniline is the
//     phenylamino group on R's parent. Only an N- substituent counts:
//     4-(piperidin-4-yl)aniline puts the ring on a carbon of the benzene;
//   - "N-R-<substituents><locant>-aminoX" (N-phenylpiperidin-4-amine, after
//     the usual "X-4-amine" = "4-aminoX") becomes
//     "<substituents><locant>-(R-amino)X", so R moves across the ring
//     substituents to the nitrogen it is on: the position of N-phenyl
//     among 1-phenethyl, 1-Boc … no longer matters;
//   - two N- substituents in front of their parent ("N-phenyl-N-
//     (piperidin-4-yl)propanamide") are put in one order (descending
//     canonical text, which is the order catalog names mostly use).
//
// The N- is known because normalisation marks the token an "N-" locant was
// dropped from (ctok.nsub). Nothing here runs on text without such a token
// or the word aniline, so ordinary descriptions pay one scan of their tokens.

// amineTok is a canonical token while the amine rewrite reorders them.
type amineTok struct {
	text         []byte
	os, oe       int32
	sep          byte
	digits, nsub bool
}

// amines applies the rewrites above to n's canonical tokens.
func (n *normText) amines() {
	if !n.mayHaveAmine() {
		return
	}
	a := n.amine[:0]
	for _, t := range n.toks {
		a = append(a, amineTok{text: n.buf[t.cs:t.ce], os: t.os, oe: t.oe, sep: t.sep, digits: t.digits, nsub: t.nsub})
	}
	a, c0 := nAnilide(a)
	a, c1 := anilineParent(a)
	a, c2 := nSubstituentToAmine(a)
	a, c3 := orderNGroups(a)
	if c0 || c1 || c2 || c3 {
		n.reordered = true
		n.rebuild(a)
	}
	n.amine = a[:0]
}

// mayHaveAmine reports whether any token was written after "N-" or ends in
// "aniline": the only texts the rewrite can change.
func (n *normText) mayHaveAmine() bool {
	for i := range n.toks {
		t := &n.toks[i]
		if t.nsub || t.ce-t.cs >= 7 && n.buf[t.ce-1] == 'e' && string(n.buf[t.ce-7:t.ce]) == "aniline" {
			return true
		}
	}
	return false
}

// rebuild replaces n's canonical text and tokens by a.
func (n *normText) rebuild(a []amineTok) {
	buf := make([]byte, 0, len(n.buf)+16)
	toks := n.toks[:0]
	for _, t := range a {
		cs := len(buf)
		buf = append(buf, t.text...)
		toks = append(toks, ctok{cs: int32(cs), ce: int32(len(buf)), os: t.os, oe: t.oe, sep: t.sep, digits: t.digits, nsub: t.nsub})
	}
	n.buf, n.toks = buf, toks
}

// joined reports whether separator bits sep join two tokens of one name: no
// space, or a space next to a bracket.
func joined(sep byte) bool { return sep&sepSpace == 0 || sep&sepBracket != 0 }

func hasSuffix(w []byte, s string) bool { return len(w) >= len(s) && string(w[len(w)-len(s):]) == s }

func hasPrefix(w []byte, s string) bool { return len(w) >= len(s) && string(w[:len(s)]) == s }

// substituent reports whether token t is a substituent prefix: a word
// ending in -yl ("il" after folding).
func substituent(t amineTok) bool { return !t.digits && hasSuffix(t.text, "il") }

// newerName rewrites an older word start of prefixMap ("propionamide")
// that normalisation left inside a longer word.
func newerName(w []byte) []byte {
	for i := range prefixMap {
		p := &prefixMap[i]
		if hasPrefix(w, p.from) {
			return append([]byte(p.to), w[len(p.from):]...)
		}
	}
	return w
}

// nAnilide rewrites "N-R-<acyl>anilide" as "N-R-N-phenyl<acyl>amide": an
// anilide is the amide of aniline ("N-(4-piperidyl)propionanilide" is
// norfentanyl). An anilide without an N- substituent before it is left
// alone: "acetoacetanilide" stays one word.
func nAnilide(a []amineTok) ([]amineTok, bool) {
	changed := false
	for i := 1; i < len(a); i++ {
		w := a[i].text
		if len(w) < len("anilide")+4 || !hasSuffix(w, "anilide") || !joined(a[i].sep) || !substituent(a[i-1]) || nGroupStart(a, i-1) < 0 {
			continue
		}
		ph, acyl := a[i], a[i]
		ph.text, ph.nsub = []byte("fenil"), true
		acyl.text, acyl.sep = newerName(append(w[:len(w)-len("anilide"):len(w)-len("anilide")], "amide"...)), sepHyphen
		a = append(a, amineTok{})
		copy(a[i+2:], a[i+1:])
		a[i], a[i+1] = ph, acyl
		changed = true
	}
	return a, changed
}

// anilineParent rewrites N-R-aniline as R's parent with a phenylamino
// group, and N-R-benzylamine and the like with theirs.
func anilineParent(a []amineTok) ([]amineTok, bool) {
	changed := false
	for i := 0; i < len(a); i++ {
		w := a[i].text
		yl, stem, amino := -1, []byte(nil), aminoGroup(w)
		switch {
		case amino != nil && i > 0 && joined(a[i].sep) && substituent(a[i-1]):
			yl, stem = i-1, a[i-1].text[:len(a[i-1].text)-2]
		case len(w) > len("ilaniline")+3 && hasSuffix(w, "ilaniline"): // "piperidinylaniline"
			yl, stem, amino = i, w[:len(w)-len("ilaniline")], []byte("fenilamino")
		default:
			continue
		}
		if len(stem) < 4 || !hasSuffix(stem, "in") {
			continue // the parent of R is not an "-ine" ("N-methylaniline")
		}
		g := nGroupStart(a, yl)
		if g < 0 {
			continue // not on the nitrogen: 4-(piperidin-4-yl)aniline
		}
		t := a[yl]
		t.text = append(append(amino, stem...), 'e')
		t.os, t.oe = min(t.os, a[i].os), max(t.oe, a[i].oe)
		a[g].nsub = false // R's substituents now sit on its parent
		if g == yl {
			t.nsub = false
		}
		a[yl] = t
		if yl != i {
			a = append(a[:i], a[i+1:]...)
		}
		changed = true
	}
	return a, changed
}

// aminoGroup returns the substituent name of a primary amine parent word:
// aniline is phenylamino, an "-ylamine" (benzylamine) is "-ylamino"; nil
// for other words.
func aminoGroup(w []byte) []byte {
	switch {
	case string(w) == "aniline":
		return []byte("fenilamino")
	case len(w) > len("ilamine")+3 && hasSuffix(w, "ilamine"):
		return append(w[:len(w)-1:len(w)-1], 'o')
	}
	return nil
}

// nGroupStart returns the first token of the N- substituent that ends at
// token end: the nearest token at or before it that was written after
// "N-", reached over at most four tokens of one name; -1 if there is none.
func nGroupStart(a []amineTok, end int) int {
	for k := end; k >= 0 && k >= end-4; k-- {
		if a[k].nsub {
			return k
		}
		if !joined(a[k].sep) {
			return -1
		}
	}
	return -1
}

// nSubstituentToAmine moves an N- substituent (N-phenyl) onto the amino
// group it is on: "N-phenyl-1-boc-piperidin-4-amine" = "1-boc-4-(phenylamino)piperidine".
func nSubstituentToAmine(a []amineTok) ([]amineTok, bool) {
	changed := false
	for i := 0; i < len(a); i++ {
		if !a[i].nsub || !substituent(a[i]) {
			continue
		}
		for j := i + 1; j < len(a) && j <= i+5; j++ {
			if a[j].nsub || !joined(a[j].sep) {
				break
			}
			if a[j].digits || !hasPrefix(a[j].text, "amino") || len(a[j].text) <= len("amino") || !a[j-1].digits || j-1 == i {
				continue
			}
			t := a[j]
			t.text = append(append([]byte(nil), a[i].text...), t.text...)
			t.os, t.oe = min(t.os, a[i].os), max(t.oe, a[i].oe)
			a[j] = t
			a[i+1].sep = a[i].sep
			a = append(a[:i], a[i+1:]...)
			changed = true
			break
		}
	}
	return a, changed
}
