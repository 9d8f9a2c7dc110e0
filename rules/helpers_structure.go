package rules

// structureFunctions ask what the structure resolver found in names the
// catalog does not know (structure.go). Without the resolver they are
// false.
var structureFunctions = []function{
	{Name: "structureFamily", Signature: "structureFamily(families ...string) bool", Catalog: "family",
		Doc: "Some item names, in words the catalog did not resolve, a chemical whose structure (read by the structure resolver) " +
			"belongs to one of the families: a catalogued chemical of the family (same InChIKey) or a structure one of the " +
			"family's substructure patterns matches. False when the resolver is off.",
		Example: `structureFamily("4-ap", "norfentanyl")`,
		needs:   needMatch,
		cost:    helperCost{sizeMatches, false},
		impl:    variadic((*Env).structureFamily)},
	{Name: "derivativeOf", Signature: "derivativeOf(families ...string) bool", Catalog: "family",
		Doc: "Some item names an uncatalogued derivative of one of the families: its structure matches one of the family's " +
			"substructure patterns and is no catalog entry (another carbamate of 4-AP, another glycidic ester).",
		Example: `derivativeOf("4-ap", "4-piperidone")`,
		needs:   needMatch,
		cost:    helperCost{sizeMatches, false},
		impl:    variadic((*Env).derivativeOf)},
	{Name: "controlledDerivative", Signature: "controlledDerivative() bool",
		Doc: "Some item names an uncatalogued derivative of a controlled family: its structure matches a substructure pattern " +
			"of a family with a chemical controlled in some jurisdiction as of the event date, and is no catalog entry.",
		Example: `controlledDerivative() and destination == "MX"`,
		needs:   needMatch,
		cost:    helperCost{sizeMatches, false},
		impl:    nullary((*Env).controlledDerivative)},
}

// structureMatch calls ok on every structure match with confidence >=
// minConfidence until it returns true.
func (e *Env) structureMatch(ok func(m *Match) bool) bool {
	for _, it := range e.Items {
		for _, m := range it.Matches {
			if m.Method == MethodStructure && m.Confidence >= minConfidence && ok(m) {
				return true
			}
		}
	}
	return false
}

func (e *Env) structureFamily(fams []any) bool {
	return e.structureMatch(func(m *Match) bool { return anyIs(fams, m.Family) })
}

func (e *Env) derivativeOf(fams []any) bool {
	return e.structureMatch(func(m *Match) bool { return m.derivative && anyIs(fams, m.Family) })
}

func (e *Env) controlledDerivative() bool {
	return e.structureMatch(func(m *Match) bool { return m.derivative && m.familyControlled })
}

// anyIs reports whether one of list (strings in []any) is s.
func anyIs(list []any, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
