package chemicals

import "strings"

// Family-level identities: a name that several entries of one family share
// names the family, never one of its entries. Two kinds reach the matcher:
//
//   - the generated names the catalog attaches to a family
//     (Catalog.FamilyNames: PubChem synonyms two entries claim, such as the
//     red phosphorus trade names PubChem files under the element), matched
//     exactly;
//   - a key two entries of a family share once normalisation has dropped
//     what told them apart: "(1R,2S)-" and "(1S,2S)-2-(methylamino)-1-
//     phenylpropan-1-ol" are ephedrine and pseudoephedrine, the name
//     without its stereo descriptors is either. A descriptor written before
//     the name that is one entry's picks that entry.
//
// Such a match has MethodFamily; its Entry is one of the entries that share
// the name (the first the name lists, or the first in catalog order), so
// rules that ask about the family see it; the identity is the family's.

// confFamilyName is the confidence of a family-level name: the family is
// certain, which of its entries is not.
const confFamilyName = 0.7

// familyPatterns returns the exact-only keys of the catalog's family names,
// each carried by the first entry the name lists. A key that is already
// another family's is left out: a name may not cross families.
func familyPatterns(pats []pattern, c *Catalog, v *vocabulary) []pattern {
	index := make(map[string]int, len(c.Entries))
	for i, e := range c.Entries {
		index[e.ID] = i
	}
	family := map[string]string{} // key -> family of the entries that have it
	for _, p := range pats {
		family[p.key] = c.Entries[p.entry].Family
	}
	var out []pattern
	for _, f := range c.Families() {
		for _, n := range c.FamilyNames(f) {
			if len(n.Entries) == 0 {
				continue
			}
			key, _, words := keyOf(n.Text, v)
			if fam, taken := family[key]; letters(key) < 4 || taken && fam != f {
				continue
			}
			family[key] = f
			out = append(out, pattern{entry: index[n.Entries[0]], kind: kindFamily, key: key, src: n.Text, words: words, exactOnly: true})
		}
	}
	return out
}

// sharedNode reports whether the keys ending at an automaton node name the
// family rather than one entry: a family name, or keys of two entries.
func (m *Matcher) sharedNode(node int32) bool {
	outs := m.auto.outputs(node)
	first := m.auto.patterns[outs[0]].entry
	for _, id := range outs {
		if p := &m.auto.patterns[id]; p.kind == kindFamily || p.entry != first {
			return true
		}
	}
	return false
}

// sharedIdentity decides what a found key of a shared node (found.node)
// claims: keep reports whether it yields a match at all, family whether
// that match is family-level. A stereo descriptor written before the text
// that one pattern's catalog spelling starts with picks that pattern's
// entry; otherwise the node's first pattern stands for the family.
func (m *Matcher) sharedIdentity(f found, desc string, start int) (keep, family bool) {
	outs := m.auto.outputs(f.node)
	if d := stereoBefore(desc, start); d != "" {
		pick := int32(-1)
		for _, id := range outs {
			p := &m.auto.patterns[id]
			if p.kind == kindFamily || !strings.EqualFold(leadingStereo(p.src), d) {
				continue
			}
			if pick >= 0 && m.auto.patterns[pick].entry != p.entry {
				pick = -1 // two entries spell it so: no choice
				break
			}
			if pick < 0 {
				pick = id
			}
		}
		if pick >= 0 {
			return f.pat == pick, false
		}
	}
	return f.pat == outs[0], true
}

// stereoBefore returns the CIP descriptor ("(1S,2S)") written just before
// offset start of s, skipping hyphens, spaces and optical-rotation signs
// ("(1R,2S)-(−)-"), or "".
func stereoBefore(s string, start int) string {
	end := start
	for range 3 {
		for end > 0 && (s[end-1] == '-' || s[end-1] == ' ') {
			end--
		}
		if end == 0 || s[end-1] != ')' && s[end-1] != ']' {
			return ""
		}
		open := strings.LastIndexAny(s[:end-1], "([")
		if open < 0 || stereoEnd(s, open) != end {
			return ""
		}
		if d := s[open:end]; strings.ContainsAny(d, "RSrs") {
			return d
		}
		end = open
	}
	return ""
}

// leadingStereo returns the CIP descriptor a catalog spelling starts with
// ("(1R,2S)" of "(1R,2S)-2-(methylamino)-1-phenylpropan-1-ol"), or "".
func leadingStereo(src string) string {
	for i := 0; i < len(src); {
		if src[i] != '(' && src[i] != '[' {
			return ""
		}
		j := stereoEnd(src, i)
		if j == 0 {
			return ""
		}
		if d := src[i:j]; strings.ContainsAny(d, "RSrs") {
			return d
		}
		for i = j; i < len(src) && src[i] == '-'; i++ {
		}
	}
	return ""
}
