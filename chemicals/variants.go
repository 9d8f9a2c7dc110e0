package chemicals

import "strings"

// addVariants adds the keys of spellings a name implies but the catalog
// does not list, unless a key is ambiguous between entries:
//
//   - without locants, for names with single-digit locants and at least two
//     words ("phenethylpiperidone"). Text with locants never matches these
//     keys: "3-oxo-4-phenyl..." keeps its 4 and cannot meet "3-oxo-2-phenyl...";
//   - with the substituents of a piperidine in another order
//     ("4-anilino-1-boc-piperidine" for "1-boc-4-anilinopiperidine"): vendors
//     list substituents in any order, and the parent ring stays last;
//   - esters written the other way round: "methyl 3-oxo-2-phenylbutanoate" is
//     also "3-oxo-2-phenylbutanoic acid methyl ester";
//   - for precursors (not reagents or drugs), the ester with any other alkyl:
//     "BMK isopropyl glycidate", "propyl 3-oxo-2-phenylbutanoate". Regulators
//     schedule whole ester families (UN 2024: BMK and PMK glycidic esters;
//     China: "3-oxo-2-phenylbutanoic acid and its esters").
func addVariants(pats []pattern, entries []*Entry) []pattern {
	owner := map[string]int{}
	for _, p := range pats {
		owner[p.key] = p.entry
	}
	extra := map[string]pattern{}
	ambiguous := map[string]bool{}
	exact := map[string]bool{} // keys that take no fuzzy matching
	add := func(p pattern, key string, kind patternKind) {
		if _, taken := owner[key]; taken {
			return
		}
		if q, seen := extra[key]; seen && q.entry != p.entry {
			if kind == kindEster && entries[q.entry].Family == entries[p.entry].Family {
				return // methyl and ethyl ester give one family key: keep the first
			}
			ambiguous[key] = true
		}
		words := p.words
		switch {
		case kind == kindSalt:
			words-- // "phenylacetic acid" → "phenylacetate"
		case strings.HasSuffix(p.key, "ate") && strings.Contains(key, "icacid"):
			words += 2 // "methyl glycidate" → "glycidic acid methyl ester"
		}
		extra[key] = pattern{entry: p.entry, kind: kind, key: key, src: p.src, words: words, exactOnly: exact[key] || p.exactOnly}
	}
	for _, p := range pats {
		if key, ok := locantFreeKey(p); ok {
			add(p, key, kindLocantFree)
		}
		for _, key := range substituentOrders(p) {
			add(p, key, kindName)
		}
		if key, ok := esterInverted(p); ok {
			add(p, key, kindName)
		}
		for _, key := range prefixedEsterInverted(p) {
			add(p, key, kindName)
		}
		if key, ok := withoutLeadingOne(p); ok {
			add(p, key, kindName)
		}
		for _, key := range languageKeys(p) {
			exact[key] = true
			add(p, key, kindName)
		}
		if r := entries[p.entry].Role; r != RoleReagent && r != RoleDrug {
			if key, ok := esterFamilyKey(p); ok {
				add(p, key, kindEster)
			}
			if key, ok := saltKey(p); ok {
				add(p, key, kindSalt)
			}
			if key, ok := amideKey(p); ok {
				add(p, key, kindAmide)
			}
		}
	}
	for key, p := range extra {
		if _, taken := owner[key]; !taken && !ambiguous[key] {
			pats = append(pats, p)
		}
	}
	markGeneric(pats, entries)
	for _, p := range elementKeys(pats, entries) {
		if _, taken := owner[p.key]; !taken {
			pats = append(pats, p)
		}
	}
	sortPatterns(pats)
	return pats
}

// locantFreeKey returns p's key without its single-digit locants, if p is a
// name of at least two words and ten letters that has locants.
func locantFreeKey(p pattern) (string, bool) {
	if p.kind != kindName {
		return "", false
	}
	var n normText
	n.normalize(p.src)
	if positionalIsomers(&n) {
		return "", false
	}
	key := make([]byte, 0, len(p.key))
	words, locants := 0, 0
	for _, t := range n.toks {
		switch {
		case t.cs >= int32(len(p.key)): // trailing salt words left out of the key
		case t.digits && t.ce-t.cs == 1:
			locants++
		case t.digits:
			return "", false // numbers that are not locants stay as written
		default:
			words++
			key = append(key, n.buf[t.cs:t.ce]...)
		}
	}
	return string(key), locants > 0 && words >= 2 && len(key) >= 10
}

// substituentOrders returns p's key with the substituent groups in front of
// its parent in every other order, for two or three groups that all read
// as substituent prefixes. A group is a word with the locants before it
// ("4-anilino", "2-methyl"); the parent is the part of the last word from
// "piperid" on, or after its last "-yl" prefix (glycidate of
// "3-phenylglycidate"), with the locants just before it. Words before the
// last space stay first: the ester alkyl of "methyl 2-methyl-3-phenylglycidate".
func substituentOrders(p pattern) []string {
	if p.kind != kindName || strings.Contains(strings.ToLower(p.src), "amin") {
		return nil // an N- of an amine names the amine's nitrogen, not the ring's
	}
	var n normText
	n.normalize(p.src)
	toks := n.toks
	for len(toks) > 0 && toks[len(toks)-1].cs >= int32(len(p.key)) {
		toks = toks[:len(toks)-1] // salt words left out of the key
	}
	if len(toks) < 2 {
		return nil
	}
	head := ""
	for i := len(toks) - 1; i > 0; i-- {
		if toks[i].sep&sepSpace != 0 { // "methyl 2-methyl-3-phenylglycidate": the ester alkyl stays first
			head = string(n.buf[toks[0].cs:toks[i].cs])
			toks = toks[i:]
			break
		}
	}
	lastTok := toks[len(toks)-1]
	last := string(n.buf[lastTok.cs:lastTok.ce])
	at := parentAt(last)
	if at < 0 {
		return nil
	}
	var groups []string
	cur := ""
	for _, t := range toks[:len(toks)-1] {
		cur += string(n.buf[t.cs:t.ce])
		if !t.digits {
			groups, cur = append(groups, cur), ""
		}
	}
	if at > 0 {
		groups, cur = append(groups, cur+last[:at]), ""
	}
	if len(groups) < 2 || len(groups) > 3 {
		return nil
	}
	for _, g := range groups {
		if !strings.HasSuffix(g, "il") && !strings.HasSuffix(g, "o") && g != "boc" && g != "cbz" {
			return nil // not a substituent prefix ("phenyl", "anilino", "oxo", "Boc")
		}
	}
	parent := cur + last[at:]
	var keys []string
	for _, perm := range permutations(len(groups)) {
		key := ""
		for _, g := range perm {
			key += groups[g]
		}
		if key = head + key + parent; key != p.key {
			keys = append(keys, key)
		}
	}
	return keys
}

// permutations lists the orders of 2 or 3 items.
func permutations(n int) [][]int {
	if n == 2 {
		return [][]int{{0, 1}, {1, 0}}
	}
	return [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}
}

// esterInverted returns the key of "<alkyl> <acid>ate" written as "<acid>ic
// acid <alkyl> ester".
func esterInverted(p pattern) (string, bool) {
	if p.kind != kindName || p.words < 2 {
		return "", false
	}
	var n normText
	n.normalize(p.src)
	first := n.toks[0]
	if first.ce-first.cs < 3 && len(n.toks) > 2 { // "t" "butyl", "n" "propyl"
		first.ce = n.toks[1].ce
	}
	if int(first.ce) >= len(p.key) {
		return "", false
	}
	alkyl := string(n.buf[first.cs:first.ce])
	key := p.key[first.ce:]
	if first.digits || !strings.HasSuffix(alkyl, "il") || !strings.HasSuffix(key, "ate") {
		return "", false
	}
	k, _ := canonicalKey("acid " + alkyl + " ester")
	return key[:len(key)-3] + "ic" + k, true
}

// esterFamilyKey returns p's key with its ester alkyl as the wildcard, for
// names "<alkyl> <acid>ate" and "<…> <alkyl> <acid>ate".
func esterFamilyKey(p pattern) (string, bool) {
	if p.kind != kindName {
		return "", false
	}
	n := normText{esterWild: true}
	n.normalize(p.src)
	toks := n.toks
	for len(toks) > 0 && toks[len(toks)-1].cs >= int32(len(p.key)) {
		toks = toks[:len(toks)-1] // salt words left out of the key
	}
	for i, t := range toks {
		if string(n.buf[t.cs:t.ce]) != esterAlkyl || i+1 == len(toks) {
			continue
		}
		next, last := toks[i+1], toks[len(toks)-1]
		if strings.HasSuffix(string(n.buf[next.cs:next.ce]), "ate") ||
			i == 0 && strings.HasSuffix(string(n.buf[last.cs:last.ce]), "ate") {
			return string(n.buf[:last.ce]), true
		}
	}
	return "", false
}
