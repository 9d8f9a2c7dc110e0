package chemicals

// The rewrite phase of normalisation: raw alphanumeric runs become canonical
// tokens. Prefix locants and stereo prefixes are dropped (their bytes join
// the next token's span), "stem-4-suffix" is reordered, interchangeable
// words are unified and every token is spelling-folded.

// rewrite turns the raw tokens into canonical tokens.
func (n *normText) rewrite() {
	for i := 0; i < len(n.raws); i++ {
		if n.dropped(i) {
			if n.pending < 0 {
				n.pending = n.raws[i].os
			}
			n.pendingN = n.pendingN || n.word(i) == "n"
			continue
		}
		if !n.literal && n.movesSuffix(i) {
			n.reordered = true
			d, stem, suf := n.raws[i+1], n.raws[i], n.raws[i+2]
			if k := splitSubstituent(n.raw[stem.bs:stem.be]); k > 0 {
				// both parts keep the whole word's span: raw and original
				// offsets differ once accents or Greek letters occur
				n.emitWord(n.raw[stem.bs:stem.bs+int32(k)], stem.os, stem.oe, stem.sep)
				stem.sep = sepHyphen
				stem.bs += int32(k)
			}
			if string(n.raw[d.bs:d.be]) != "1" || !ringN(n.raw[stem.bs:stem.be]) {
				n.emit(n.raw[d.bs:d.be], d.os, d.oe, stem.sep, true)
			} else if n.pending < 0 || d.os < n.pending {
				n.pending = d.os // piperidine-1-carboxylate = 1-piperidinecarboxylate, 1 being N
			}
			bs := len(n.raw)
			n.raw = append(n.raw, n.raw[stem.bs:stem.be]...)
			romanceStem(n.raw[bs:]) // "piperidina-1-carboxilato": piperidine
			n.raw = append(n.raw, n.raw[suf.bs:suf.be]...)
			// The span covers both words whatever their order in the text:
			// uninvert may have put "phenyl" of "amine, phenyl-" first.
			n.emitWord(n.raw[bs:], min(stem.os, suf.os), max(stem.oe, suf.oe), sepHyphen)
			i += 2
			continue
		}
		t := &n.raws[i]
		w := n.raw[t.bs:t.be]
		if string(w) == "dimethylethyl" && n.popOneOne() {
			// 1,1-dimethylethyl (CAS index names) is tert-butyl
			n.emit([]byte("t"), t.os, t.oe, t.sep, false)
			n.emitWord([]byte("butyl"), t.os, t.oe, sepHyphen)
			continue
		}
		if len(w) == 1 && w[0] == 'a' && n.sepAfter(i)&sepHyphen != 0 && !n.raws[i+1].digits {
			w = alpha // "a-phenylacetoacetamide" is how α is often typed
		}
		n.emitWord(w, t.os, t.oe, t.sep)
	}
}

// word returns the text of raw token i, or "" past the end.
func (n *normText) word(i int) string {
	if i >= len(n.raws) {
		return ""
	}
	return string(n.raw[n.raws[i].bs:n.raws[i].be]) // inlined: comparing it does not allocate
}

// sepAfter returns the separator between raw token i and the next one.
func (n *normText) sepAfter(i int) byte {
	if i+1 >= len(n.raws) {
		return 0
	}
	return n.raws[i+1].sep
}

// popOneOne removes two canonical tokens "1" "1" just emitted (the locants
// of "1,1-dimethylethyl"), keeping their span for the next token.
func (n *normText) popOneOne() bool {
	k := len(n.toks)
	if k < 2 || string(n.buf[n.toks[k-1].cs:n.toks[k-1].ce]) != "1" || string(n.buf[n.toks[k-2].cs:n.toks[k-2].ce]) != "1" {
		return false
	}
	n.pending = n.toks[k-2].os
	n.buf, n.toks = n.buf[:n.toks[k-2].cs], n.toks[:k-2]
	return true
}

// movesSuffix reports whether raw tokens i..i+2 read "stem-4-one".
func (n *normText) movesSuffix(i int) bool {
	if i+2 >= len(n.raws) {
		return false
	}
	stem, d, suf := &n.raws[i], &n.raws[i+1], &n.raws[i+2]
	// the shapes at once: on ordinary words a branch on each was mispredicted
	shape := b2i(!stem.digits) & b2i(d.digits) & b2i(d.be-d.bs == 1) & b2i(d.sep == sepHyphen) &
		b2i(!suf.digits) & b2i(suf.sep&sepHyphen != 0)
	return shape != 0 && movableSuffix[n.word(i+2)]
}

// emitWord maps a word through the word tables and emits it.
func (n *normText) emitWord(w []byte, os, oe int32, sep byte) {
	if n.phenethyl {
		n.phenethyl = false
		if k := phenylethylPrefix(string(w)); len(w) > k {
			n.emitParts(os, oe, sep, "phenethyl", w[k:])
			return
		}
		w = phenethylWord
	} else if k := phenylethylPrefixBytes(w); k > 0 && (len(n.toks) == 0 || !n.toks[len(n.toks)-1].digits) {
		// "phenylethylamine" without a locant is 2-phenylethyl: 1-phenylethyl
		// is written with its 1 (or as alpha-methylbenzyl)
		n.emitParts(os, oe, sep, "phenethyl", w[k:])
		return
	}
	if alkylGate.mayHave(w) && alkylWords[string(w)] && n.esterPosition(sep) {
		n.alkyls++
		if n.esterWild {
			n.emitEsterAlkyl(w, os, oe, sep)
			return
		}
	}
	// "piperidinamine" (piperidin-4-amine) is "aminopiperidine"
	if k := inamine(w); k >= 4 && !n.literal {
		n.reordered = true
		n.emitParts(os, oe, sep, "amino", w[:k], "ine")
		return
	}
	if m, ok := mapWord(w); ok {
		if k := len(n.toks) - 1; m == "boc" && k >= 0 && string(n.buf[n.toks[k].cs:n.toks[k].ce]) == "t" {
			// "tert-butoxycarbonylpiperidin" split off its "butoxycarbonyl"
			os, sep, n.pendingN = min(os, n.toks[k].os), n.toks[k].sep, n.pendingN || n.toks[k].nsub
			n.buf, n.toks = n.buf[:n.toks[k].cs], n.toks[:k]
		}
		n.emit([]byte(m), os, oe, sep, false)
		return
	}
	if len(w) >= shortestPrefix && prefixStarts[w[0]]>>(w[1]&31)&1 != 0 && n.emitPrefixed(w, os, oe, sep) {
		return
	}
	n.emit(w, os, oe, sep, w[0] <= '9')
}

// emitPrefixed emits w with its start rewritten by prefixMap, if one
// applies.
func (n *normText) emitPrefixed(w []byte, os, oe int32, sep byte) bool {
	for i := range prefixMap {
		p := &prefixMap[i]
		if len(w) < len(p.from) || w[0] != p.from[0] || w[1] != p.from[1] {
			continue
		}
		if string(w[:len(p.from)]) == p.from {
			os = n.takePending(os)
			cs := len(n.buf)
			n.fold([]byte(p.to))
			n.fold(w[len(p.from):])
			n.addTok(cs, os, oe, sep, false)
			return true
		}
	}
	return false
}

// mapWord looks w up in wordMap.
func mapWord(w []byte) (string, bool) {
	if !wordMapGate.mayHave(w) {
		return "", false
	}
	m, ok := wordMap[string(w)]
	return m, ok
}

// alkylWords are the alcohol parts of esters (raw spelling).
var alkylWords = map[string]bool{
	"methyl": true, "ethyl": true, "propyl": true, "isopropyl": true, "butyl": true,
	"isobutyl": true, "tbutyl": true, "pentyl": true, "isopentyl": true, "hexyl": true, "benzyl": true,
}

// esterPosition reports whether an alkyl word with separator sep before it
// can be the alcohol part of an ester: a word of its own ("methyl
// glycidate") or after tert/sec/iso/n ("tert-butyl"), not a hyphenated
// substituent ("2-methyl-3-phenyl…").
func (n *normText) esterPosition(sep byte) bool {
	if sep&sepHyphen == 0 || len(n.toks) == 0 {
		return true
	}
	switch string(n.buf[n.toks[len(n.toks)-1].cs:n.toks[len(n.toks)-1].ce]) {
	case "t", "sec", "iso", "n":
		return true
	}
	return false
}

// esterAlkyl is the canonical wildcard for any ester alkyl; no word is
// spelt like it.
const esterAlkyl = "qqr"

// emitEsterAlkyl emits the wildcard, absorbing a "t", "sec", "iso" or "n"
// token just before it ("tert-butyl", "sec-butyl").
func (n *normText) emitEsterAlkyl(w []byte, os, oe int32, sep byte) {
	var prefix []byte
	k := len(n.toks) - 1
	if k >= 0 {
		switch string(n.buf[n.toks[k].cs:n.toks[k].ce]) {
		case "t", "sec", "iso", "n":
			prefix = n.buf[n.toks[k].cs:n.toks[k].ce]
			os, sep, n.pendingN = min(os, n.toks[k].os), n.toks[k].sep, n.pendingN || n.toks[k].nsub
		}
	}
	code := alkylCode(prefix, w)
	if prefix != nil { // absorbed into the wildcard
		n.buf, n.toks = n.buf[:n.toks[k].cs], n.toks[:k]
	}
	os = n.takePending(os)
	cs := len(n.buf)
	n.buf = append(n.buf, esterAlkyl...)
	n.addTok(cs, os, oe, sep, false)
	n.wild = append(n.wild, wildAlkyl{tok: int32(len(n.toks) - 1), code: code})
}

// emitParts emits one canonical token spelt as the concatenation of parts,
// each a string or []byte.
func (n *normText) emitParts(os, oe int32, sep byte, parts ...any) {
	os = n.takePending(os)
	cs := len(n.buf)
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			n.fold([]byte(p))
		case []byte:
			n.fold(p)
		}
	}
	n.addTok(cs, os, oe, sep, false)
}

// emit appends one canonical token, folding its spelling.
func (n *normText) emit(w []byte, os, oe int32, sep byte, digits bool) {
	os = n.takePending(os)
	cs := len(n.buf)
	n.fold(w)
	n.addTok(cs, os, oe, sep, digits)
}

// addTok appends the canonical token that starts at cs and ends at the end
// of buf. The fields are written in place: appending a composite literal
// builds it on the stack first, which stalls the copy.
func (n *normText) addTok(cs int, os, oe int32, sep byte, digits bool) {
	if len(n.toks) < cap(n.toks) {
		n.toks = n.toks[:len(n.toks)+1] // see setRaw; every field is set below
	} else {
		n.toks = append(n.toks, ctok{})
	}
	t := &n.toks[len(n.toks)-1]
	t.cs, t.ce, t.os, t.oe = int32(cs), int32(len(n.buf)), os, oe
	t.sep, t.digits, t.nsub = sep, digits, n.nsub
}

// fold appends w to buf with ph→f, th→t and y→i. An h is dropped when it
// follows a p or t of w (which is never itself dropped), and that p turns
// into f: the same as replacing the pairs left to right, with a branch on
// the rarer h rather than on every p and t (FuzzFold compares the two).
func (n *normText) fold(w []byte) {
	buf := n.buf // a local slice: appending to n.buf would store it each time
	for k, c := range w {
		if c == 'h' && k > 0 && (w[k-1] == 'p' || w[k-1] == 't') {
			if w[k-1] == 'p' {
				buf[len(buf)-1] = 'f'
			}
			continue
		}
		buf = append(buf, foldY[c])
	}
	if cap(buf) == cap(n.buf) { // see setRaw
		n.buf = n.buf[:len(buf)]
	} else {
		n.buf = buf
	}
}

// foldY maps y to i and every other byte to itself.
var foldY = func() (t [256]byte) {
	for c := range t {
		t[c] = byte(c)
	}
	t['y'] = 'i'
	return t
}()

// takePending returns the span start of the next token: the start of any
// prefix dropped just before it ("N-" of "N-phenethyl"), else os.
func (n *normText) takePending(os int32) int32 {
	if n.pending >= 0 && n.pending < os {
		os = n.pending
	}
	n.pending = -1
	n.nsub, n.pendingN = n.pendingN, false
	return os
}
