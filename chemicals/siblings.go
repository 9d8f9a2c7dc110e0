package chemicals

import "strings"

// Ester siblings: when a family lists several esters of one acid as entries
// of their own (BMK methyl, ethyl, propyl, isopropyl ... glycidate), an
// ester the ester pass finds by its acid ("isobutyl
// 2-methyl-3-phenyloxirane-2-carboxylate", a spelling no entry lists) is
// the entry with that alkyl, not a relative of the acid. The ester pass
// (matchEsters) and the "-ate" of an acid after an alkyl word ("propyl
// phenylacetate") ask the sibling index before they fall back to a
// relative at the family level.

// confSibling is the confidence of an ester entry found through its acid's
// name and its alkyl: a name of the entry the catalog does not spell out.
const confSibling = 0.85

// alkylNames are the alkyl groups an ester alkyl word names; an alkyl code
// is an index into it (0: not one of them).
var alkylNames = [...]string{"", "methyl", "ethyl", "propyl", "isopropyl", "butyl", "isobutyl",
	"sec-butyl", "tert-butyl", "pentyl", "isopentyl", "hexyl", "benzyl"}

// alkylCodes maps an alkyl word, raw (alkylWords) or canonical (th→t,
// y→i), to its code.
var alkylCodes = func() map[string]uint8 {
	m := map[string]uint8{"tbutyl": 8, "tbutil": 8}
	fold := strings.NewReplacer("th", "t", "y", "i")
	for code, name := range alkylNames[1:] {
		if !strings.Contains(name, "-") {
			m[name] = uint8(code + 1)
			m[fold.Replace(name)] = uint8(code + 1)
		}
	}
	return m
}()

// isoOf, secOf and tertOf give the code of "iso-", "sec-" and "tert-"
// before an alkyl code, 0 where that group has no name here.
var (
	isoOf  = map[uint8]uint8{3: 4, 5: 6, 9: 10}
	secOf  = map[uint8]uint8{5: 7}
	tertOf = map[uint8]uint8{5: 8}
)

// alkylCode returns the code of alkyl word w after the prefix token
// ("t", "sec", "iso", "n" or anything else), or 0.
func alkylCode(prefix, w []byte) uint8 {
	code := alkylCodes[string(w)]
	switch string(prefix) {
	case "iso":
		return isoOf[code]
	case "sec":
		return secOf[code]
	case "t":
		return tertOf[code]
	}
	return code
}

// wildAlkyl records which alkyl an ester wildcard token stood for.
type wildAlkyl struct {
	tok  int32 // index into normText.toks
	code uint8
}

// wildAlkylAt returns the alkyl code of the first wildcard token in
// first..last of n, or 0.
func (n *normText) wildAlkylAt(first, last int) uint8 {
	for _, w := range n.wild {
		if int(w.tok) >= first && int(w.tok) <= last && int(w.tok) < len(n.toks) {
			if t := n.toks[w.tok]; string(n.buf[t.cs:t.ce]) == esterAlkyl {
				return w.code
			}
		}
	}
	return 0
}

// siblingKey identifies an ester entry by family and alkyl.
type siblingKey struct {
	family string
	alkyl  uint8
}

// siblingIndex maps family and alkyl to the ester entry with that alkyl.
// A family with two entries for one alkyl (esters of two different acids)
// has no sibling for it: the ester pass then reports the family.
type siblingIndex map[siblingKey]*Entry

// newSiblingIndex indexes the ester names among pats: those whose alkyl
// the ester pass would read as a wildcard (esterFamilyKey).
func newSiblingIndex(pats []pattern, entries []*Entry) siblingIndex {
	idx := siblingIndex{}
	ambiguous := map[siblingKey]bool{}
	for _, p := range pats {
		e := entries[p.entry]
		if e.Role == RoleReagent || e.Role == RoleDrug {
			continue // addVariants gives them no ester keys
		}
		if _, ok := esterFamilyKey(p); !ok {
			continue
		}
		n := normText{esterWild: true}
		n.normalize(p.src)
		code := n.wildAlkylAt(0, len(n.toks)-1)
		if code == 0 {
			continue
		}
		k := siblingKey{e.Family, code}
		if old, ok := idx[k]; ok && old != e {
			ambiguous[k] = true
		}
		idx[k] = e
	}
	for k := range ambiguous {
		delete(idx, k)
	}
	return idx
}

// sibling returns the entry of family that is the ester with alkyl code,
// or nil.
func (m *Matcher) sibling(family string, code uint8) *Entry {
	if code == 0 {
		return nil
	}
	return m.siblings[siblingKey{family, code}]
}

// plainAlkylBefore returns the alkyl code of the word before token t of
// the plain canonical text ("propyl phenylacetate", "tert-butyl …"), or 0.
func plainAlkylBefore(n *normText, t int) uint8 {
	if t == 0 {
		return 0
	}
	w := n.toks[t-1]
	var prefix []byte
	if t >= 2 {
		p := n.toks[t-2]
		prefix = n.buf[p.cs:p.ce]
	}
	return alkylCode(prefix, n.buf[w.cs:w.ce])
}
