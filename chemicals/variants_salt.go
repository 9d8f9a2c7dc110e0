package chemicals

import "strings"

// More spellings a catalog name implies (see addVariants):
//
//   - the "-ate" of an "-ic acid": "phenylacetate" names the acid's anion,
//     so "sodium phenylacetate", "phenylacetate de sodium" and "ethyl
//     phenylacetate" are its salts and esters, which regulators list with
//     the acid (US List I: "phenylacetic acid, its esters and salts");
//   - an ester name with a trade prefix written the other way round:
//     "BMK methyl glycidate" is also "BMK glycidic acid methyl ester" and
//     "glycidic acid methyl ester BMK";
//   - a chain name without its leading 1- locant when another locant
//     follows: "1-phenyl-2-propanone" is written "phenyl-2-propanone";
//   - a one-word name that is only the head of the entry's own longer
//     names ("phosphorus" of "red phosphorus") is generic: it names the
//     entry only next to a qualifier ("phosphorus, red").

// saltKey returns the "-ate" key of a name ending in "-ic acid".
func saltKey(p pattern) (string, bool) {
	const acid = "icacid"
	if p.kind != kindName || p.words < 2 || !strings.HasSuffix(p.key, acid) || letters(p.key) < len(acid)+6 {
		return "", false
	}
	return p.key[:len(p.key)-len(acid)] + "ate", true
}

// canonicalAlkyls are the alkyl words in canonical spelling.
var canonicalAlkyls = func() map[string]bool {
	m := map[string]bool{}
	for w := range alkylWords {
		k, _ := canonicalKey(w)
		m[k] = true
	}
	return m
}()

// prefixedEsterInverted returns, for "<prefix> <alkyl> <acid>ate", the keys
// of "<prefix> <acid>ic acid <alkyl> ester" and "<acid>ic acid <alkyl>
// ester <prefix>".
func prefixedEsterInverted(p pattern) []string {
	if p.kind != kindName || p.words < 3 {
		return nil
	}
	var n normText
	n.normalize(p.src)
	toks := n.toks
	for i := 1; i+1 < len(toks); i++ {
		alkyl := string(n.buf[toks[i].cs:toks[i].ce])
		if !canonicalAlkyls[alkyl] || toks[i].sep&sepSpace == 0 {
			continue
		}
		last := toks[len(toks)-1]
		acid := string(n.buf[toks[i+1].cs:last.ce])
		prefix := string(n.buf[:toks[i].cs])
		if !strings.HasSuffix(acid, "ate") || letters(prefix) < 2 || int(last.ce) != len(p.key) {
			return nil
		}
		rest := acid[:len(acid)-3] + "icacid" + alkyl + "ester"
		return []string{prefix + rest, rest + prefix}
	}
	return nil
}

// withoutLeadingOne returns p's key without a leading "1" locant when
// another locant follows ("1-phenyl-2-propanone" → "phenyl-2-propanone").
// A lone 1- stays: 1-phenylethanol is not phenylethanol.
func withoutLeadingOne(p pattern) (string, bool) {
	if p.kind != kindName {
		return "", false
	}
	var n normText
	n.normalize(p.src)
	toks := n.toks
	if len(toks) < 3 || string(n.buf[toks[0].cs:toks[0].ce]) != "1" || toks[1].digits || toks[1].sep&sepHyphen == 0 {
		return "", false
	}
	for _, t := range toks[2:] {
		if t.digits && t.cs < int32(len(p.key)) {
			return p.key[toks[1].cs:], true
		}
	}
	return "", false
}

// substituentMorphemes start substituent prefixes whose position tells
// isomers apart (canonical spelling).
var substituentMorphemes = []string{"metil", "etil", "fenil", "oxo", "amino", "clor", "brom", "fluor", "iod",
	"nitro", "hidroxi", "metoxi", "propil", "butil", "benzil", "acetil"}

// positionalIsomers reports whether a name places two or more substituents
// by locant ("2-methyl-3-phenyl…", "3-oxo-2-phenyl…"): without its locants
// it would also name the isomers (ethyl methylphenylglycidate, the
// strawberry flavour, is ethyl 3-methyl-3-phenylglycidate).
func positionalIsomers(n *normText) bool {
	placed := 0
	for i := 0; i+1 < len(n.toks); i++ {
		if !n.toks[i].digits || n.toks[i+1].digits {
			continue
		}
		w := string(n.buf[n.toks[i+1].cs:n.toks[i+1].ce])
		for _, m := range substituentMorphemes {
			if strings.HasPrefix(w, m) {
				placed++
				break
			}
		}
	}
	return placed >= 2
}

// parentAt returns where the parent begins in the last word of a name: at
// "piperid", else after its last substituent prefix ending in -yl
// ("fenil|glicidate", "fenil|butanoate"), else 0.
func parentAt(last string) int {
	if at := strings.Index(last, "piperid"); at >= 0 {
		return at
	}
	best := 0
	for _, m := range substituentMorphemes {
		if !strings.HasSuffix(m, "il") {
			continue
		}
		if at := strings.LastIndex(last, m); at >= 0 && len(last)-(at+len(m)) >= 4 {
			best = max(best, at+len(m))
		}
	}
	return best
}

// markGeneric marks one-word keys that are the head of longer names of the
// same entry and not the entry's own name ("phosphorus" of "red
// phosphorus"), recording the qualifiers that make them specific. A first
// word that is itself a name of the entry is no qualifier: "Фенилпропаноламин
// (норэфедрин)" joins two names, it does not make "norephedrin" generic.
func markGeneric(pats []pattern, entries []*Entry) {
	own := map[int]map[string]bool{} // entry -> its one-word keys
	for _, p := range pats {
		if p.words == 1 && p.kind == kindName {
			if own[p.entry] == nil {
				own[p.entry] = map[string]bool{}
			}
			own[p.entry][p.key] = true
		}
	}
	for i := range pats {
		p := &pats[i]
		if p.kind != kindName || p.words != 1 {
			continue
		}
		if k, _ := canonicalKey(entries[p.entry].Name); k == p.key {
			continue
		}
		var quals []string
		for _, q := range pats {
			if q.entry == p.entry && q.kind == kindName && q.words == 2 && len(q.key) > len(p.key) && strings.HasSuffix(q.key, p.key) &&
				!own[p.entry][q.key[:len(q.key)-len(p.key)]] {
				quals = append(quals, q.key[:len(q.key)-len(p.key)])
			}
		}
		if len(quals) > 0 {
			p.kind, p.quals = kindGeneric, quals
		}
	}
}

// elementKeys returns, for an entry that is a form of an element (formula
// one element symbol: red phosphorus, P), the keys of the symbol written
// with the qualifiers of its generic head word: "red P".
func elementKeys(pats []pattern, entries []*Entry) []pattern {
	var out []pattern
	for _, p := range pats {
		f := entries[p.entry].Formula
		if p.kind != kindGeneric || len(f) == 0 || len(f) > 2 || !upper(f[0]) || len(f) == 2 && (f[1] < 'a' || f[1] > 'z') {
			continue
		}
		for _, q := range p.quals {
			out = append(out, pattern{entry: p.entry, kind: kindName, key: q + strings.ToLower(f), src: q + " " + f, words: 2})
		}
	}
	return out
}
