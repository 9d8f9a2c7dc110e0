package chemicals

// Forms of one substance. Some catalog entries are one form of a substance
// whose CAS number every form shares: red phosphorus and white (yellow)
// phosphorus are allotropes of the element, all 7723-14-0. The catalog names
// the form it lists by a qualifier on a head word ("red" of "red
// phosphorus"; see markGeneric). When the description puts another form word
// on that head word ("Yellow phosphorus", "white phosphorus"), the CAS number
// names the element, and the text says which form: the wrong one. The CAS
// match then drops to confQualified, like a name the text qualifies into
// something else, and stays in the result for the record.

// formWords name forms of a substance: the colours by which allotropes
// and modifications are told apart.
var formWords = []string{
	"white", "yellow", "black", "violet", "scarlet", "red", "purple",
	"blanco", "amarillo", "negro", "violeta", "rojo", "blanc", "jaune", "noir", "rouge",
}

// otherFormNamed lowers the CAS matches of every entry that the description
// names as another form: a generic head word of the entry with a form word
// next to it that is none of the entry's qualifiers. It looks at every exact
// hit, also those a longer name overlapped: "yellow phosphorus" is a name of
// the white phosphorus entry and still names another form than red.
func (m *Matcher) otherFormNamed(res *Result, sc *scratch) {
	for _, h := range sc.hits {
		for _, id := range m.auto.outputs(h.node) {
			p := &m.auto.patterns[id]
			f := found{pat: id, first: h.first, last: h.last}
			if p.kind != kindGeneric || m.qualifierNear(sc, f, p) || !m.formWordNear(sc, f) {
				continue
			}
			e := m.entries[p.entry]
			for i := range res.Matches {
				if mt := &res.Matches[i]; mt.Entry == e && mt.Method == MethodCAS {
					mt.Confidence = min(mt.Confidence, confQualified)
				}
			}
		}
	}
}

// formWordNear reports whether a form word is within two tokens of the hit.
func (m *Matcher) formWordNear(sc *scratch, f found) bool {
	n := &sc.norm
	for t := max(f.first-2, 0); t <= f.last+2 && t < len(n.toks); t++ {
		if (t < f.first || t > f.last) && m.vocab.forms[string(n.buf[n.toks[t].cs:n.toks[t].ce])] {
			return true
		}
	}
	return false
}
